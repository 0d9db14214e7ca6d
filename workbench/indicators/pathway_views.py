"""What the pathway figures draw, computed from the store: plain frames.

* ``diagram_view(data, fw, period=…, pathway=…)``: the pathway laid out left to right (a column
  and a row per change, from the graph) with the attainment of each change's own markers at the
  period — a ``PathwayDiagram`` of two frames, ``boxes`` and ``links``;
* ``marker_grid(data)``: the rated markers (``rated_markers``) with the rank of their tier;
* ``rating_periods(data, fw)``: the periods rated, in order.

``workbench.charts.pathways`` draws these frames and never computes.
"""

from __future__ import annotations

from dataclasses import dataclass

import lazy_loader as _lazy
import numpy as np
import pandas as pd

from workbench.framework import Framework
from workbench.indicators.pathways import (
    LEVEL_ORDER,
    TIER_ORDER,
    change_attainment,
    pathway_graph,
    period_order,
    rated_markers,
)
from workbench.store import Dataset

nx = _lazy.load("networkx")  # imported on first use (a COPIL kernel never uses it)

BOX_COLUMNS = ["change_id", "label", "level", "actor_group", "column", "row", "rated", "value",
               "markers"]
LINK_COLUMNS = ["from_change", "to_change"]
UNKNOWN_TIER_RANK = 9


@dataclass(frozen=True, eq=False)
class PathwayDiagram:
    """The laid-out pathway at one period.

    * ``boxes``: change_id, label, level (``intermediate``/``long_term``/``vision``),
      actor_group, column (0 = leftmost), row (in ]0, 1[), rated (its own markers were rated at
      the period), value (their attainment, in [0, 1]), markers (how many were rated);
    * ``links``: from_change, to_change (« contribue à »);
    * ``period``: the period of the attainment (None when nothing was rated).
    """

    boxes: pd.DataFrame
    links: pd.DataFrame
    period: str | None


# --- layout of the graph -------------------------------------------------------------------------
def pathway_columns(graph: nx.DiGraph) -> dict[str, int]:
    """Column of each change: levels in bands left to right (intermediate, long-term, vision);
    inside a band, the longest chain of predecessors of the same level."""
    column: dict[str, int] = {}
    offset = 0
    for level in LEVEL_ORDER:
        band = graph.subgraph(n for n in graph if graph.nodes[n]["level"] == level)
        if band.number_of_nodes() == 0:
            continue
        order = list(nx.topological_sort(band)) if nx.is_directed_acyclic_graph(band) \
            else sorted(band)
        depth: dict[str, int] = {}
        for node in order:
            depth[node] = max((depth[p] + 1 for p in band.predecessors(node) if p in depth),
                              default=0)
        column.update({n: offset + d for n, d in depth.items()})
        offset += max(depth.values()) + 1
    return column


def pathway_rows(graph: nx.DiGraph, column: dict[str, int]) -> dict[str, float]:
    """Vertical position in [0, 1]: nodes ordered by the mean position of their predecessors."""
    position: dict[str, float] = {}
    for col in sorted(set(column.values())):
        nodes = sorted((n for n in graph if column[n] == col),
                       key=lambda n: (str(graph.nodes[n]["actor_group"]), n))

        def centre(n: str) -> float:
            preds = [position[p] for p in graph.predecessors(n) if p in position]
            return float(np.mean(preds)) if preds else 0.5

        nodes.sort(key=centre)
        for i, node in enumerate(nodes):
            position[node] = (i + 1) / (len(nodes) + 1)
    return position


# --- views ---------------------------------------------------------------------------------------
def rating_periods(data: Dataset, fw: Framework | None = None) -> list[str]:
    """The periods at which markers were rated: framework waves first, then the others."""
    return period_order(data["marker_ratings"]["period"].astype("str"), fw)


def diagram_view(data: Dataset, fw: Framework, *, period: str | None = None,
                 pathway: str | None = None) -> PathwayDiagram:
    """The pathway (one or all) laid out, each change with the attainment of its own markers at
    ``period`` (the latest rated period when None)."""
    graph = pathway_graph(data, pathway=pathway)
    if graph.number_of_nodes() == 0:
        return PathwayDiagram(pd.DataFrame(columns=BOX_COLUMNS),
                              pd.DataFrame(columns=LINK_COLUMNS), period)
    if period is None:
        periods = rating_periods(data, fw)
        period = periods[-1] if periods else None
    scores = change_attainment(data, period, pathway=pathway).set_index("change_id")
    column = pathway_columns(graph)
    row = pathway_rows(graph, column)
    boxes = pd.DataFrame([{
        "change_id": node, "label": graph.nodes[node]["label"],
        "level": graph.nodes[node]["level"], "actor_group": graph.nodes[node]["actor_group"],
        "column": column[node], "row": row[node], "rated": node in scores.index,
        "value": float(scores.loc[node, "value"]) if node in scores.index else np.nan,
        "markers": float(scores.loc[node, "markers"]) if node in scores.index else np.nan,
    } for node in graph], columns=BOX_COLUMNS)
    links = pd.DataFrame(list(graph.edges), columns=LINK_COLUMNS)
    return PathwayDiagram(boxes, links, period)


def marker_grid(data: Dataset) -> pd.DataFrame:
    """``rated_markers`` (tier and rating canonical, or missing when unknown) with ``tier_rank``:
    0 expect, 1 like, 2 love, 9 unknown — the order the markers are listed in."""
    rated = rated_markers(data)
    rank = {k: i for i, k in enumerate(TIER_ORDER)}
    return rated.assign(tier_rank=rated["tier"].map(rank).fillna(UNKNOWN_TIER_RANK).astype(int))


__all__ = ["PathwayDiagram", "diagram_view", "marker_grid", "pathway_columns", "pathway_rows",
           "rating_periods"]
