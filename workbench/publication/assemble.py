"""Put the publication together: the masked tables as their readers expect them, the maps and
the pathway views of what remains shown, the quotes and readings, the audit.

>>> pub = build_publication(store.load_dataset(), fw)
>>> pub.audit.passed, pub.audit.summary
(True, '… cellules masquées, toutes protégées ; intervalle le plus étroit : …')
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np
import pandas as pd

from workbench.framework import Framework
from workbench.publication.build import (
    build_tables,
    derived_cells,
    network_section_frames,
    run_audit,
    section_specs,
)
from workbench.publication.extras import extra_cells, extra_tables
from workbench.publication.publication import AuditSummary, Publication
from workbench.publication.rule import GROUP_DISCLOSURE, SECONDARY, SMALL_CELL
from workbench.publication.sections import pathway_tables
from workbench.publication.side import SIDE_FIGURES, publish_side
from workbench.publication.tables import CELL_COLUMNS, Table
from workbench.store import Dataset

FIGURES = ("value", "lower", "upper", "n", "share", "respondents", "organisations", "sd",
           *SIDE_FIGURES)
REASON_ORDER = {SMALL_CELL: 0, GROUP_DISCLOSURE: 1, SECONDARY: 2}


def masked_frame(table: Table, cells: pd.DataFrame) -> pd.DataFrame:
    """The table's frame with ``masked``/``reason`` from its cells; a masked row keeps no
    figure (value, bounds, n)."""
    frame = table.frame.reset_index(drop=True).copy()
    masked = np.zeros(len(frame), dtype=bool)
    reason = np.full(len(frame), None, dtype=object)
    hit = cells[(cells["status"] == "masked").to_numpy()]
    if len(hit):
        order = hit["reason"].map(REASON_ORDER).fillna(3).to_numpy()
        hit = hit.iloc[np.argsort(order, kind="stable")].drop_duplicates("row")
        rows = hit["row"].to_numpy(dtype=int)
        masked[rows] = True
        reason[rows] = hit["reason"].to_numpy(dtype=object)
    for col in FIGURES:
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float).where(~masked)
    frame["masked"] = masked
    frame["reason"] = pd.Series(reason, dtype="str")
    return frame


def _keep_side(masked: pd.DataFrame, side: pd.DataFrame) -> pd.DataFrame:
    """The masked frame with the side figures as ``publish_side`` left them."""
    for column in SIDE_FIGURES:
        if column in side.columns:
            masked[column] = side[column].to_numpy()
    return masked


def _likert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A Likert bar masked whole is one row with an empty category."""
    if frame.empty:
        return frame
    bar = ["wave", "qpv", "group", "item"]
    masked = frame[frame["masked"].to_numpy()].drop_duplicates(bar).assign(category="")
    shown = frame[~frame["masked"].to_numpy()]
    return pd.concat([shown, masked], ignore_index=True).sort_values(
        [*bar, "rung"], kind="stable").reset_index(drop=True)


def _quotes(data: Dataset, fw: Framework) -> pd.DataFrame:
    from workbench.indicators.qualitative import voices_section

    if data["verbatims"].empty or data["codings"].empty:
        return pd.DataFrame(columns=["verbatim_id", "kind", "event_id", "event_label", "wave",
                                     "qpv", "group", "title", "prompt", "text", "lessons",
                                     "valence"])
    return voices_section(data, fw)


def member_votes(data: Dataset, fw: Framework) -> pd.DataFrame:
    from workbench.indicators.readings import member_votes as votes

    return votes(data, fw)


def _readings(data: Dataset, fw: Framework) -> pd.DataFrame:
    from workbench.indicators.readings import readings_for

    return readings_for(data, fw=fw)


def _audit_summary(result: Any) -> AuditSummary:
    """The audit's verdict, its masked cells and the narrowest range it found for one of them
    (a masked count's n, or a masked share's numerator when its n is shown elsewhere)."""
    cells = result.cells
    masked = cells[(cells["status"] == "masked").to_numpy()] if len(cells) else cells
    narrowest = None
    if len(masked):
        numerator = (masked["n_public"].astype(bool)
                     | masked["why"].astype(str).str.startswith("numerator")).to_numpy()
        lo = np.where(numerator, masked["num_lo"], masked["lo"]).astype(float)
        hi = np.where(numerator, masked["num_hi"], masked["hi"]).astype(float)
        width = np.where(np.isfinite(hi) & np.isfinite(lo), hi - lo, np.inf)
        if np.isfinite(width).any():
            pick = int(np.lexsort((hi, width))[0])
            narrowest = (float(lo[pick]), float(hi[pick]))
    failing = int((~cells["ok"].astype(bool)).sum()) if len(cells) else 0
    return AuditSummary(bool(result.passed), str(result.summary), str(result.key),
                        len(masked), narrowest, failing)


def target_cells(frames: dict[str, pd.DataFrame], fw: Framework, role_table: str
                 ) -> pd.DataFrame:
    """The funnel's share of each group's target (people present ÷ the framework's target):
    cells of no population, shown where the count is."""
    from workbench.publication.tables import make_cells
    from workbench.publication.views import share_of_target

    cube = frames.get(role_table, pd.DataFrame())
    if cube.empty:
        return pd.DataFrame()
    targets = {g.id: g.target for g in fw.groups if g.target}
    rows = cube[cube["group"].isin(list(targets)).to_numpy() & ~cube["masked"].to_numpy()
                & (cube["step"] != "*").to_numpy()]
    rows = rows.assign(share=share_of_target(rows["n"], rows["group"].map(targets)))
    cells = make_cells("participation_targets", rows, indicator=str(cube["indicator"].iloc[0]),
                       statistic="share_of_target", value="share", n="_none")
    cells["population"] = ""
    cells["primary"] = False
    return cells


def build_publication(data: Dataset, fw: Framework, *, meta: dict | None = None,
                      log: list[str] | None = None) -> Publication:
    """Compute, mask together, audit and assemble every published table of ``data``."""
    start = time.perf_counter()
    tables, cells = build_tables(data, fw, log=log)
    frames: dict[str, pd.DataFrame] = {}
    side_cells: list[pd.DataFrame] = []
    for index, table in enumerate(tables):
        mine = cells[(cells["_table"] == index).to_numpy()]
        frame = masked_frame(table, mine)
        if table.name.startswith("indicator:"):
            spec = next((s for s in fw.indicators if s.id == table.meta.get("indicator")), None)
            raw = table.frame.reset_index(drop=True).assign(masked=frame["masked"],
                                                             reason=frame["reason"])
            side_frame, side = publish_side(raw, data, spec, fw)
            frame = _keep_side(frame, side_frame)
            side_cells.append(side)
        frames[table.name] = _likert_frame(frame) if table.name == "likert" else frame
    network = network_section_frames(data, fw, cells)
    pathways = pathway_tables(data, fw)
    derived = derived_cells(network, pathways)
    roles = {role: spec.id for role, spec in section_specs(fw).items()}
    targets = target_cells(frames, fw, f"indicator:{roles['participation']}")
    derived = pd.concat([p for p in (derived, targets) if len(p)], ignore_index=True) \
        if len(derived) or len(targets) else derived
    record = pd.concat([cells, derived, *[c for c in side_cells if len(c)]], ignore_index=True)
    result, audit_frame = run_audit(cells, data, fw)
    for name in ("summary", "nodes", "edges", "changes", "levels", "pairs"):
        frames[f"network:{name}"] = network[name]
    for name in ("boxes", "links", "markers", "periods"):
        frames[f"pathway:{name}"] = pathways[name]
    extras = extra_tables(data, fw, {k.split(":", 1)[1]: v for k, v in frames.items()
                                     if k.startswith("indicator:")})
    frames.update(extras)
    more = extra_cells(extras)
    if len(more):
        record = pd.concat([record, more], ignore_index=True)
    frames["quotes"] = _quotes(data, fw)
    frames["readings"] = _readings(data, fw)
    frames["member_votes"] = member_votes(data, fw)   # the members' own readings, published
    info = {"built_at": dt.datetime.now().isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - start, 1), **(meta or {})}
    return Publication(
        fw=fw, tables=frames, cells=record[CELL_COLUMNS].reset_index(drop=True),
        audit_frame=audit_frame.drop(columns=[c for c in ("row",) if c in audit_frame]),
        audit=_audit_summary(result),
        extras={"roles": roles, "positions": {k: list(v) for k, v in
                                              network["positions"].items()}},
        meta=info)


__all__ = ["build_publication", "masked_frame"]
