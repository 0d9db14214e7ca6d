"""What the cooperation maps draw, computed once per section: plain frames and floats.

``network_section(data, fw)`` builds every wave's network once and returns a ``NetworkSection``:
nodes and symmetrised edges per wave, whether each wave is masked (``privacy.suppress``, the one
small-cell rule), the stable positions of the organisations, the tie changes between any two
waves, the distribution of collaboration levels, the pairs to discuss and the measures' cubes.
``workbench.charts.network`` draws these frames and never computes or masks.

A masked wave keeps its row in ``summary`` (``masked`` true, no count) and nothing else: no node,
tie, level share, change or pair of it reaches a chart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import lazy_loader as _lazy
import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.i18n import texts_of
from workbench.indicators.network import NETWORK_KINDS
from workbench.indicators.network_graph import (
    TIE_MIN_LEVEL,
    WaveNetwork,
    discordant_pairs,
    networks_by_wave,
    node_table,
    tie_changes,
)
from workbench.indicators.registry import ALL, compute
from workbench.privacy.suppression import suppress
from workbench.store import Dataset

nx = _lazy.load("networkx")  # imported on first use (a COPIL kernel never uses it)

Positions = dict[str, tuple[float, float]]
LAYOUT_SEED = 2023
LEVELS = range(0, 6)  # 0 (no relation) … 5 (collaboration)
# the measures of the cooperation section, in reading order
SECTION_KINDS: tuple[str, ...] = (
    "network_response_rate", "network_density", "collaboration_mean",
    "collaboration_share_coordination", "network_ei_index", "network_centralisation",
    "network_reciprocity", "collaboration_discordant", "partner_trust", "partner_value",
)
SUMMARY_COLUMNS = ["wave", "masked", "respondents", "organisations", "roster"]
NODE_COLUMNS = ["wave", "organisation", "name", "sector", "degree", "betweenness", "responded",
                "observed"]
EDGE_COLUMNS = ["wave", "org_a", "org_b", "level"]
CHANGE_COLUMNS = ["before", "after", "org_a", "org_b", "level_before", "level_after", "change"]
LEVEL_COLUMNS = ["wave", "level", "share"]
PAIR_COLUMNS = ["wave", "org_a", "org_b", "gap"]


@dataclass(frozen=True, eq=False)
class NetworkSection:
    """Everything the cooperation section draws, for every wave (computed once, drawn often).

    * ``summary``: wave, masked, respondents, organisations (that answered), roster — counts
      empty when the wave is masked;
    * ``nodes``: wave, organisation, name, sector, degree, betweenness, responded, observed —
      the wave's organisations then the roster's absent ones (``observed`` false, degree 0);
    * ``edges``: wave, org_a, org_b, level — symmetrised ties at ``min_level`` or above;
    * ``changes``: before, after, org_a, org_b, level_before, level_after, change — for every
      ordered pair of unmasked waves (``network_graph.tie_changes``);
    * ``levels``: wave, level (0–5), share of observed pairs at that level;
    * ``pairs``: wave, org_a, org_b, gap — pairs rated two levels apart or more, largest first;
    * ``positions``: organisation → (x, y), the same in every wave;
    * ``cubes``: kind → published cube of each ``SECTION_KINDS`` measure (territory-wide).
    """

    waves: tuple[str, ...]
    summary: pd.DataFrame
    nodes: pd.DataFrame
    edges: pd.DataFrame
    changes: pd.DataFrame
    levels: pd.DataFrame
    pairs: pd.DataFrame
    positions: Positions
    cubes: dict[str, pd.DataFrame]
    min_level: int = TIE_MIN_LEVEL

    def is_masked(self, wave: str) -> bool:
        hit = self.summary[self.summary["wave"] == wave]
        return bool(hit["masked"].iloc[0]) if len(hit) else False


# --- the small-cell rule and the layout ----------------------------------------------------------
def wave_is_masked(net: WaveNetwork, fw: Framework) -> bool:
    """True when the wave rests on fewer respondents than the threshold (the common rule)."""
    cell = pd.DataFrame({"wave": [net.wave], "qpv": [ALL], "group": [ALL],
                         "value": [0.0], "n": [float(net.respondents)]})
    return bool(suppress(cell, threshold=fw.min_cell, additive=())["masked"].iloc[0])


def stable_layout(fw: Framework, networks: Mapping[str, WaveNetwork], *,
                  seed: int = LAYOUT_SEED, min_level: int = TIE_MIN_LEVEL) -> Positions:
    """One position per organisation for every wave: a seeded spring layout of the union graph
    (roster + every organisation seen), edges weighted by their highest level over the waves."""
    union = nx.Graph()
    nodes = [o.id for o in fw.organisations]
    for net in networks.values():
        nodes += [n for n in net.nodes if n not in nodes]
    union.add_nodes_from(nodes)
    for net in networks.values():
        for a, b, level in net.edges(min_level):
            previous = union.edges[a, b]["weight"] if union.has_edge(a, b) else 0.0
            union.add_edge(a, b, weight=max(previous, float(level)))
    if not nodes:
        return {}
    k = 1.8 / math.sqrt(len(nodes))
    raw = nx.spring_layout(union, seed=seed, weight="weight", k=k, iterations=300)
    return {node: (round(float(xy[0]), 4), round(float(xy[1]), 4)) for node, xy in raw.items()}


# --- per wave ------------------------------------------------------------------------------------
def wave_nodes(net: WaveNetwork, fw: Framework, min_level: int = TIE_MIN_LEVEL) -> pd.DataFrame:
    """The wave's organisations (``node_table``) then the roster's absent ones, isolated."""
    present = node_table(net, fw, min_level)
    rows = [{"organisation": r["organisation"], "name": r["name"], "sector": r["sector"],
             "degree": int(r["degree"]), "betweenness": float(r["betweenness"]),
             "responded": bool(r["responded"]), "observed": True}
            for r in present.to_dict("records")]
    seen = {r["organisation"] for r in rows}
    rows += [{"organisation": o.id, "name": o.name, "sector": o.sector, "degree": 0,
              "betweenness": 0.0, "responded": False, "observed": False}
             for o in fw.organisations if o.id not in seen]
    return pd.DataFrame(rows, columns=NODE_COLUMNS[1:]).assign(wave=net.wave)[NODE_COLUMNS]


def wave_edges(net: WaveNetwork, min_level: int = TIE_MIN_LEVEL) -> pd.DataFrame:
    """Symmetrised ties ``wave, org_a, org_b, level`` (level ≥ ``min_level``)."""
    return pd.DataFrame([(net.wave, a, b, float(level)) for a, b, level in net.edges(min_level)],
                        columns=EDGE_COLUMNS)


def level_shares(net: WaveNetwork) -> pd.DataFrame:
    """Share of observed pairs at each level 0–5 (NaN when no pair was observed)."""
    levels = np.array([v[0] for v in net.pairs.values()])
    shares = [float(np.mean(levels == level)) if len(levels) else np.nan for level in LEVELS]
    return pd.DataFrame({"wave": net.wave, "level": list(LEVELS), "share": shares},
                        columns=LEVEL_COLUMNS)


def pairs_to_discuss(net: WaveNetwork) -> pd.DataFrame:
    """Pairs whose two ratings differ by 2 levels or more: ``wave, org_a, org_b, gap``."""
    pairs = discordant_pairs(net).sort_values("gap", ascending=False)
    return pd.DataFrame({"wave": net.wave, "org_a": pairs["org_a"].tolist(),
                         "org_b": pairs["org_b"].tolist(),
                         "gap": pairs["gap"].astype(int).tolist()}, columns=PAIR_COLUMNS)


def change_frame(before: WaveNetwork, after: WaveNetwork,
                 min_level: int = TIE_MIN_LEVEL) -> pd.DataFrame:
    """``tie_changes`` from ``before`` to ``after`` with the two waves as columns."""
    changes = tie_changes(before, after, min_level)
    return changes.assign(before=before.wave, after=after.wave)[CHANGE_COLUMNS]


# --- the measures --------------------------------------------------------------------------------
def network_cubes(data: Dataset, fw: Framework) -> dict[str, pd.DataFrame]:
    """Every network kind computed once through the registry (the small-cell rule applied)."""
    lesson = "L4" if any(le.id == "L4" for le in fw.lessons) else fw.lessons[0].id
    cubes = {}
    for kind in SECTION_KINDS:
        assert kind in NETWORK_KINDS, kind  # importing .indicators.network registered them
        label_fr, label_en = texts_of(f"network.kind.{kind}")
        spec = Indicator(id=kind, lesson=lesson, kind=kind, evidence="relations",
                         label_fr=label_fr, label_en=label_en)
        cubes[kind] = compute(data, fw, spec)
    return cubes


def section_cubes(data: Dataset, fw: Framework,
                  cubes: Mapping[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The section's measures in ``SECTION_KINDS`` order: the framework's own cube of a kind
    (territory-wide rows of ``cubes``, keyed by indicator id) when it declares one, else the
    default computed by ``network_cubes``."""
    by_kind: dict[str, pd.DataFrame] = {}
    for spec in fw.indicators if cubes is not None else ():
        if spec.kind in SECTION_KINDS and spec.kind not in by_kind and spec.id in cubes:
            cube = cubes[spec.id]
            by_kind[spec.kind] = cube[(cube["qpv"] == ALL).to_numpy()
                                      & (cube["group"] == ALL).to_numpy()]
    if any(kind not in by_kind for kind in SECTION_KINDS):
        defaults = network_cubes(data, fw)
        by_kind = {kind: by_kind.get(kind, defaults[kind]) for kind in SECTION_KINDS}
    return {kind: by_kind[kind] for kind in SECTION_KINDS}


# --- the section ---------------------------------------------------------------------------------
def _frame(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def network_section(data: Dataset, fw: Framework, *,
                    cubes: Mapping[str, pd.DataFrame] | None = None,
                    min_level: int = TIE_MIN_LEVEL, seed: int = LAYOUT_SEED) -> NetworkSection:
    """Every wave's network built once, masked waves emptied, positions laid out once.

    ``cubes``: the already computed indicator cubes (by indicator id) whose network kinds the
    measures table reuses; the section's defaults are computed for the kinds not declared.
    """
    networks = networks_by_wave(data["ties"], fw)
    masked = {w: wave_is_masked(net, fw) for w, net in networks.items()}
    shown = {w: net for w, net in networks.items() if not masked[w]}
    roster = len(fw.organisations)
    summary = pd.DataFrame([{
        "wave": w, "masked": masked[w],
        "respondents": np.nan if masked[w] else net.respondents,
        "organisations": np.nan if masked[w] else len(net.responded), "roster": roster,
    } for w, net in networks.items()], columns=SUMMARY_COLUMNS)
    return NetworkSection(
        waves=tuple(networks),
        summary=summary,
        nodes=_frame([wave_nodes(net, fw, min_level) for net in shown.values()], NODE_COLUMNS),
        edges=_frame([wave_edges(net, min_level) for net in shown.values()], EDGE_COLUMNS),
        changes=_frame([change_frame(before, after, min_level) for before in shown.values()
                        for after in shown.values()], CHANGE_COLUMNS),
        levels=_frame([level_shares(net) for net in shown.values()], LEVEL_COLUMNS),
        pairs=_frame([pairs_to_discuss(net) for net in shown.values()], PAIR_COLUMNS),
        # every wave's ties place the organisations, so that positions never move between waves
        positions=stable_layout(fw, networks, seed=seed, min_level=min_level) if networks else {},
        cubes=section_cubes(data, fw, cubes) if networks else {},
        min_level=min_level,
    )


__all__ = [
    "SECTION_KINDS", "NetworkSection", "Positions", "change_frame", "level_shares",
    "network_cubes", "network_section", "pairs_to_discuss", "section_cubes", "stable_layout",
    "wave_edges", "wave_is_masked", "wave_nodes",
]
