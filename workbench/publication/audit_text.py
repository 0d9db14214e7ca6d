"""What ``workbench audit`` prints: the published and masked cells, then the attacker's range
of each masked cell (every one with ``details``, else only those that fail)."""

from __future__ import annotations

from typing import Any

from workbench.i18n import mask_reason
from workbench.publication.publication import Publication


def audit_lines(pub: Publication, result: Any, *, details: bool = False) -> list[str]:
    """The audit's report as French lines (``result``: ``pub.check()``'s ``AuditResult``)."""
    cells = pub.cells
    masked = cells[cells["status"] == "masked"]
    people = masked[masked["population"].astype(str) != ""]
    lines = [f"Publication : {len(cells)} cellules publiées, {len(masked)} masquées "
             f"({len(people)} sur des personnes)."]
    lines += [f"  {mask_reason(reason)} [{reason}] : {count}"
              for reason, count in masked["reason"].value_counts().items()]
    lines.append(f"Audit : {result.summary}")
    if details or not result.passed:
        shown = result.cells if details else result.cells[~result.cells["ok"]]
        for row in shown.itertuples():
            verdict = "ok" if row.ok else f"ÉCHEC [{row.why}]"
            lines.append(f"  {row.table} · {row.population} · {row.wave}/{row.qpv}/{row.group}/"
                         f"{row.step} {row.statistic} : n ∈ [{_bound(row.lo)} ; "
                         f"{_bound(row.hi)}]{_numerator(row)} — {verdict}")
    return lines


def _bound(value: float) -> str:
    return "?" if value != value else ("∞" if value == float("inf") else str(int(value)))


def _numerator(row: Any) -> str:
    if row.numerator and row.num_lo == row.num_lo:
        return f", {row.numerator} ∈ [{_bound(row.num_lo)} ; {_bound(row.num_hi)}]"
    return ""
