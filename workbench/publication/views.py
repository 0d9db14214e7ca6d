"""The sections' frames, read from a publication in the shapes the charts draw.

>>> funnel(pub, qpv="tilleuls")          # people present per step × group, labelled
>>> network_section(pub)                 # the maps' frames (masked waves draw nothing)
>>> salience_table(pub, wave="T1")       # one row per lesson

Nothing here computes a statistic: look-ups in published tables, labels from the framework.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.i18n import name_of, t
from workbench.indicators.network_views import SECTION_KINDS, NetworkSection
from workbench.indicators.pathway_views import BOX_COLUMNS, LINK_COLUMNS, PathwayDiagram
from workbench.indicators.registry import ALL, select
from workbench.publication.publication import Publication

NETWORK_FRAMES = ("summary", "nodes", "edges", "changes", "levels", "pairs")
FUNNEL_COLUMNS = ["step", "step_number", "step_label", "group", "group_label", "n", "value",
                  "masked", "reason", "target", "share_of_target"]


def _steps(pub: Publication) -> pd.DataFrame:
    return pd.DataFrame([{"step": s.id, "step_number": s.number, "step_label": name_of(s)}
                         for s in pub.fw.steps])


def share_of_target(n: pd.Series, target: pd.Series) -> np.ndarray:
    """People present ÷ the group's framework target, as published (whole percents)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.round(n.astype(float).to_numpy() / target.astype(float).to_numpy(), 2)


def funnel(pub: Publication, qpv: str = ALL) -> pd.DataFrame:
    """People present per step × group (``group == "*"``: everyone) for a QPV, steps in order:
    step, step_number, step_label, group, group_label, n, value, masked, reason, target,
    share_of_target (the columns of ``indicators.funnel.participation_funnel``)."""
    cube = pub.section_cube("participation")
    if cube.empty:
        return pd.DataFrame(columns=FUNNEL_COLUMNS)
    rows = select(cube, wave=ALL, qpv=qpv, group=None, step=None)
    rows = rows[rows["step"] != ALL].merge(_steps(pub), on="step", how="inner")
    fw = pub.fw
    targets = {g.id: g.target for g in fw.groups}
    labels = {g.id: name_of(g) for g in fw.groups}
    rows = rows.assign(
        group_label=rows["group"].map(labels).fillna(rows["group"]).where(
            rows["group"] != ALL, t("common.all")),
        target=rows["group"].map(targets).astype(float))
    rows["share_of_target"] = share_of_target(rows["n"], rows["target"])
    return rows[FUNNEL_COLUMNS].sort_values(["step_number", "group"]).reset_index(drop=True)


def continuity(pub: Publication, qpv: str = ALL) -> pd.DataFrame:
    """Per step × group: people present (n), the share who came back at a later step; step
    ``"*"``: present at two steps or more (``indicators.funnel.continuity_by_step``)."""
    cube = pub.section_cube("continuity")
    if cube.empty:
        return cube
    rows = select(cube, wave=ALL, qpv=qpv, group=None, step=None)
    rows = rows.merge(_steps(pub), on="step", how="left")
    rows["step_number"] = rows["step_number"].fillna(len(pub.fw.steps) + 1)
    return rows.sort_values(["step_number", "group"]).reset_index(drop=True)


def salience_table(pub: Publication, *, wave: str = ALL, qpv: str = ALL,
                   group: str = ALL) -> pd.DataFrame:
    """One row per lesson: the share of coded verbatims carrying it for the filter (lesson,
    value, n, lower, upper, masked, reason), as ``qualitative.salience_by_lesson``."""
    columns = ["lesson", "value", "n", "lower", "upper", "masked", "reason"]
    rows = []
    for lesson in pub.fw.lessons:
        cube = pub.section_cube(f"salience:{lesson.id}")
        if cube.empty:
            continue
        cell = select(cube, wave=wave, qpv=qpv, group=group)
        if len(cell):
            rows.append(cell.iloc[[0]].assign(lesson=lesson.id))
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.concat(rows, ignore_index=True)[columns]


def network_section(pub: Publication) -> NetworkSection:
    """The cooperation section as published: every wave's frames (masked waves empty), the
    layout, the measures (kind → cube, territory-wide)."""
    frames = {name: pub.table(f"network:{name}") for name in NETWORK_FRAMES}
    summary = frames["summary"]
    cubes = {}
    for kind in SECTION_KINDS:
        cube = pub.section_cube(f"network:{kind}")
        if len(cube):
            cubes[kind] = cube[(cube["qpv"] == ALL).to_numpy() & (cube["group"] == ALL).to_numpy()]
    waves = tuple(str(w) for w in summary["wave"]) if len(summary) else ()
    positions = {k: (float(v[0]), float(v[1]))
                 for k, v in pub.extras.get("positions", {}).items()}
    return NetworkSection(waves=waves, summary=summary, nodes=frames["nodes"],
                          edges=frames["edges"], changes=frames["changes"],
                          levels=frames["levels"], pairs=frames["pairs"], positions=positions,
                          cubes=cubes if waves else {})


def rating_periods(pub: Publication) -> list[str]:
    periods = pub.table("pathway:periods")
    return [str(p) for p in periods["period"]] if len(periods) else []


def pathway_diagram(pub: Publication, period: str | None = None) -> PathwayDiagram:
    """The pathway laid out with the attainment of each change at ``period`` (the latest rated
    period when None)."""
    boxes = pub.table("pathway:boxes")
    links = pub.table("pathway:links")
    periods = rating_periods(pub)
    if period is None:
        period = periods[-1] if periods else None
    if boxes.empty:
        return PathwayDiagram(pd.DataFrame(columns=BOX_COLUMNS),
                              pd.DataFrame(columns=LINK_COLUMNS), period)
    wanted = boxes["period"].astype(str) == str(period) if period is not None else \
        boxes["period"].isna()
    part = boxes[wanted.to_numpy()]
    if part.empty:  # a period nothing was rated at: the boxes without attainment
        first = boxes.drop_duplicates("change_id")
        part = first.assign(rated=False, value=np.nan, markers=np.nan)
    return PathwayDiagram(part[BOX_COLUMNS].reset_index(drop=True),
                          links.reindex(columns=LINK_COLUMNS), period)


def likert_rows(pub: Publication, *, wave: str, qpv: str = ALL, group: str = ALL,
                items: list[str] | None = None) -> pd.DataFrame:
    """The published distribution of the items for one filter (masked bars one row each)."""
    dist = pub.likert
    if dist.empty:
        return dist
    keep = ((dist["wave"] == wave) & (dist["qpv"] == qpv) & (dist["group"] == group)).to_numpy()
    if items is not None:
        keep = keep & dist["item"].isin(items).to_numpy()
    return dist[keep].reset_index(drop=True)


__all__ = ["FUNNEL_COLUMNS", "NETWORK_FRAMES", "continuity", "funnel", "likert_rows",
           "network_section", "pathway_diagram", "rating_periods", "salience_table",
           "share_of_target"]
