"""What was imported, and what was rejected and why (01-import): a read-only view.

>>> from workbench.apps import ImportOverview
>>> ImportOverview.from_store()        # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import TABLE_STYLE, escape, html_table, message_html, speaks
from workbench.i18n import t
from workbench.store import Store

TABLE_KEYS = {
    "people": "importview.table.people", "respondents": "importview.table.respondents",
    "responses": "importview.table.responses", "events": "importview.table.events",
    "attendance": "importview.table.attendance", "ties": "importview.table.ties",
    "verbatims": "importview.table.verbatims", "codings": "importview.table.codings",
    "changes": "importview.table.changes", "progress_markers": "importview.table.markers",
    "marker_ratings": "importview.table.ratings",
}


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """One row per imported file, French headings, newest first."""
    if sources.empty:
        return pd.DataFrame()
    frame = sources.sort_values("imported_at", ascending=False)
    return pd.DataFrame({
        t("importview.file"): [Path(str(p)).name for p in frame["path"]],
        t("importview.format"): frame["format"].astype(str).tolist(),
        t("importview.instrument"): frame["instrument"].astype(str).tolist(),
        t("common.wave"): frame["wave"].fillna("–").astype(str).tolist(),
        t("importview.rows"): frame["rows"].astype(int).tolist(),
        t("importview.rejected"): frame["rejected"].fillna(0).astype(int).tolist(),
        t("importview.imported_at"): [str(v).replace("T", " ")[:16] for v in frame["imported_at"]],
    })


def rejections_table(reports: Iterable[object]) -> pd.DataFrame:
    """Rejected rows by file and reason, from import reports (``ImportReport``) when at hand."""
    records = []
    for report in reports:
        reasons = getattr(report, "rejected_reasons", {}) or {}
        name = Path(str(getattr(report, "file", ""))).name
        if not reasons and getattr(report, "rows_rejected", 0):
            reasons = {t("importview.reason_unknown"): report.rows_rejected}
        for reason, count in reasons.items():
            records.append({t("importview.file"): name, t("importview.reason"): reason,
                            t("importview.rows"): int(count)})
        for problem in getattr(report, "warnings", []) or []:
            records.append({t("importview.file"): name,
                            t("importview.reason"): getattr(problem, "message", str(problem)),
                            t("importview.rows"): getattr(problem, "row", None) or ""})
    return pd.DataFrame(records)


class ImportOverview(widgets.VBox):
    """Files imported into the store (format, wave, rows kept and rejected) and table counts."""

    @speaks
    def __init__(self, sources: pd.DataFrame, counts: dict[str, int],
                 reports: Iterable[object] = ()) -> None:
        self.sources = sources_table(sources)
        self.rejections = rejections_table(reports)
        self.counts = counts
        parts = [TABLE_STYLE, f"<h2>{escape(t('importview.title'))}</h2>"]
        if self.sources.empty:
            parts.append(message_html(t("importview.empty")))
        else:
            total = int(sources["rejected"].fillna(0).sum())
            summary = t("importview.summary", files=len(sources), rejected=total)
            parts.append(f"<p class='wb-note'>{escape(summary)}</p>")
            parts.append(html_table(self.sources, caption=t("importview.sources_caption")))
            parts.append(self._rejected_html(total))
            parts.append(html_table(self.counts_table(), caption=t("importview.counts_caption")))
        self._html = widgets.HTML("".join(parts))
        super().__init__(children=[self._html])

    @classmethod
    def from_store(cls, store: Store | str | Path | None = None,
                   reports: Iterable[object] = (), *, lang: str | None = None) -> ImportOverview:
        """Read the ``sources`` table and the row counts of the store (nothing is written)."""
        db = store if isinstance(store, Store) else Store(store)
        return cls(db.read("sources"), db.counts(), reports, lang=lang)

    def counts_table(self) -> pd.DataFrame:
        rows = [(t(key), self.counts.get(table, 0)) for table, key in TABLE_KEYS.items()
                if self.counts.get(table, 0)]
        return pd.DataFrame(rows, columns=[t("importview.content"), t("importview.rows")])

    def _rejected_html(self, total: int) -> str:
        if not self.rejections.empty:
            return html_table(self.rejections, caption=t("importview.rejected_caption"))
        if total:
            return f"<p class='wb-note'>{escape(t('importview.rejected_counts_only'))}</p>"
        return f"<p class='wb-note'>{escape(t('importview.none_rejected'))}</p>"

    @property
    def html(self) -> str:
        return self._html.value
