"""The published tables that are not indicator cubes: facilitation per step, the relational
survey's waves and what its maps draw, the pathway views, the quotes and the readings.

Tables of people (facilitation, respondents of the relational survey) carry cells the
publication masks with the others; what rests on organisations or on ratings of progress markers
carries cells of no population (``""``: listed in ``publication.csv``, outside the rule on
people). The maps are built after the masks are known (``network_frames``): a masked wave draws
nothing.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from workbench.framework import Framework
from workbench.indicators.funnel import facilitation
from workbench.indicators.network_graph import TIE_MIN_LEVEL, WaveNetwork, networks_by_wave
from workbench.indicators.network_views import (
    CHANGE_COLUMNS,
    EDGE_COLUMNS,
    LEVEL_COLUMNS,
    NODE_COLUMNS,
    SUMMARY_COLUMNS,
    change_frame,
    level_shares,
    pairs_to_discuss,
    stable_layout,
    wave_edges,
    wave_nodes,
)
from workbench.indicators.registry import ALL, rollup
from workbench.publication.populations import NON_PEOPLE
from workbench.publication.tables import Table, make_cells, round_frame
from workbench.store import Dataset


# --- facilitation per step ------------------------------------------------------------------------
def facilitators_table(data: Dataset, fw: Framework) -> Table | None:
    """Per step × group (whole territory, every wave): the people present (``n``), the share of
    them who facilitated a session themselves (``value``)."""
    fac = facilitation(data, fw)
    if fac.empty:
        return None

    def aggregate(sub: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        if not by:
            person = sub.groupby("person_id")["facilitated"].any()
            return pd.DataFrame({"count": [float(person.sum())], "n": [float(len(person))]})
        person = sub.groupby([*by, "person_id"], sort=False)["facilitated"].any()
        out = person.groupby(level=by).agg(["sum", "size"]).astype(float)
        return out.rename(columns={"sum": "count", "size": "n"})

    cube = rollup(fac, ["group", "step"], aggregate).drop(columns=["index"], errors="ignore")
    with np.errstate(invalid="ignore", divide="ignore"):
        cube["value"] = np.where(cube["n"] > 0, cube["count"] / cube["n"], np.nan)
    cube = cube.assign(wave=ALL, qpv=ALL, did=cube["count"],
                       did_not=cube["n"] - cube["count"]).reset_index(drop=True)
    cells = make_cells("facilitators", cube, population="present:all", statistic="share",
                       numerator="facilitated")
    frame = round_frame(cube[["step", "group", "n", "value"]], "share")
    return Table("facilitators", frame, cells)


# --- the relational survey ------------------------------------------------------------------------
def network_waves_table(data: Dataset, fw: Framework) -> Table | None:
    """Per wave: respondents (people: the threshold applies) and organisations that answered."""
    networks = networks_by_wave(data["ties"], fw)
    if not networks:
        return None
    frame = pd.DataFrame([{"wave": w, "respondents": float(net.respondents),
                           "organisations": float(len(net.responded)),
                           "roster": float(len(fw.organisations))}
                          for w, net in networks.items()])
    people = make_cells("network_waves", frame, population="relational", statistic="count",
                        n="respondents", value="respondents", subject="respondents")
    things = make_cells("network_waves", frame, population=NON_PEOPLE, statistic="count",
                        n="organisations", value="organisations", subject="organisations")
    things["primary"] = False  # organisations, not people: the threshold on people is not theirs
    return Table("network_waves", frame, pd.concat([people, things], ignore_index=True))


def _mutual(net: WaveNetwork) -> WaveNetwork:
    """The wave's network keeping only the pairs both organisations rated (levels then never
    repeat one organisation's own rating)."""
    pairs = {k: v for k, v in net.pairs.items() if not (np.isnan(v[1]) or np.isnan(v[2]))}
    return dataclasses.replace(net, pairs=pairs)


def network_frames(data: Dataset, fw: Framework, masked: dict[str, bool], *,
                   min_level: int = TIE_MIN_LEVEL) -> dict[str, pd.DataFrame | dict]:
    """What the maps draw for the waves not masked: ``summary`` (every wave), ``nodes``,
    ``edges``, ``changes``, ``levels``, ``pairs`` and ``positions``.

    ``privacy.relational.ratings``: ``symmetrised`` (default) draws the pairs both organisations
    rated, at the lower of the two ratings, and lists the pairs to discuss without who rated
    what; ``per_pair`` draws every observed pair and adds each side's rating to the pairs.
    """
    networks = networks_by_wave(data["ties"], fw)
    per_pair = fw.privacy.relational.ratings == "per_pair"
    shown = {w: (net if per_pair else _mutual(net)) for w, net in networks.items()
             if not masked.get(w, True)}
    summary = pd.DataFrame([{
        "wave": w, "masked": masked.get(w, True),
        "respondents": np.nan if masked.get(w, True) else float(net.respondents),
        "organisations": np.nan if masked.get(w, True) else float(len(net.responded)),
        "roster": float(len(fw.organisations)),
    } for w, net in networks.items()], columns=SUMMARY_COLUMNS)

    def frame(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
        parts = [p for p in parts if len(p)]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)

    pairs = []
    for w in shown:
        part = pairs_to_discuss(networks[w])
        if per_pair and len(part):
            ratings = networks[w].pairs
            part = part.assign(rating_a=[ratings[(a, b)][1] for a, b in
                                         zip(part["org_a"], part["org_b"], strict=True)],
                               rating_b=[ratings[(a, b)][2] for a, b in
                                         zip(part["org_a"], part["org_b"], strict=True)])
        pairs.append(part)
    nodes = frame([wave_nodes(net, fw, min_level) for net in shown.values()], NODE_COLUMNS)
    return {
        "summary": summary,
        "nodes": round_frame(nodes, "number", ("betweenness",)),
        "edges": frame([wave_edges(net, min_level) for net in shown.values()], EDGE_COLUMNS),
        "changes": frame([change_frame(a, b, min_level) for a in shown.values()
                          for b in shown.values()], CHANGE_COLUMNS),
        "levels": round_frame(frame([level_shares(net) for net in shown.values()],
                                    LEVEL_COLUMNS), "share", ("share",)),
        "pairs": frame(pairs, ["wave", "org_a", "org_b", "gap"]),
        # every wave's ties place the organisations, so that positions never move between waves
        "positions": stable_layout(fw, networks, min_level=min_level) if networks else {},
    }


def network_cells(frames: dict[str, pd.DataFrame | dict]) -> pd.DataFrame:
    """The maps' figures as cells of no population (organisations, pairs): ties and their
    level, the share of pairs at each level, degrees, the pairs to discuss and their gap."""
    parts = []
    edges = frames["edges"]
    if len(edges):
        parts.append(make_cells("network_ties", edges, statistic="level", value="level",
                                n="_none", subject=edges["org_a"] + " ↔ " + edges["org_b"]))
    levels = frames["levels"]
    if len(levels):
        parts.append(make_cells("network_levels", levels, statistic="share", value="share",
                                n="_none", subject="level " + levels["level"].astype(str)))
    nodes = frames["nodes"]
    if len(nodes):
        parts.append(make_cells("network_degrees", nodes, statistic="degree", value="degree",
                                n="_none", subject=nodes["organisation"]))
    pairs = frames["pairs"]
    if len(pairs):
        parts.append(make_cells("network_pairs", pairs, statistic="gap", value="gap", n="_none",
                                subject=pairs["org_a"] + " ↔ " + pairs["org_b"]))
        for side in ("rating_a", "rating_b"):
            if side in pairs.columns:
                parts.append(make_cells("network_pairs", pairs, statistic="level", value=side,
                                        n="_none",
                                        subject=pairs["org_a"] + " ↔ " + pairs["org_b"]
                                        + f" ({side})"))
    if not parts:
        return pd.DataFrame()
    cells = pd.concat(parts, ignore_index=True)
    cells["population"] = NON_PEOPLE
    cells["primary"] = False
    return cells


# --- change pathways ------------------------------------------------------------------------------
def pathway_tables(data: Dataset, fw: Framework) -> dict[str, pd.DataFrame]:
    """Every rated period's diagram boxes and links, and the marker ratings (no people: the
    evaluation team's ratings of actor groups)."""
    from workbench.indicators.pathway_views import diagram_view, marker_grid, rating_periods

    periods = rating_periods(data, fw)
    boxes, links = [], None
    for period in periods or [None]:
        view = diagram_view(data, fw, period=period)
        boxes.append(view.boxes.assign(period=view.period))
        links = view.links
    return {"boxes": round_frame(pd.concat(boxes, ignore_index=True), "attainment"),
            "links": links if links is not None else pd.DataFrame(),
            "markers": round_frame(marker_grid(data), "attainment", ("score",)),
            "periods": pd.DataFrame({"period": periods})}


def pathway_cells(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    boxes = tables["boxes"]
    rated = boxes[boxes["rated"].astype(bool)] if len(boxes) else boxes
    if rated.empty:
        return pd.DataFrame()
    cells = make_cells("pathway_changes", rated.assign(wave=rated["period"].astype(str)),
                       statistic="attainment", value="value", n="_none",
                       subject=rated["change_id"].astype(str))
    cells["population"] = NON_PEOPLE
    cells["primary"] = False
    return cells


__all__ = ["facilitators_table", "network_cells", "network_frames", "network_waves_table",
           "pathway_cells", "pathway_tables"]
