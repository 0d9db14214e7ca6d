"""The cooperation section's frames (``indicators.network_views``): what the maps draw, computed
once — nodes, symmetrised ties, masked waves emptied, stable positions, changes, levels, pairs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from workbench.framework import load_framework
from workbench.indicators.network_graph import networks_by_wave, node_table
from workbench.indicators.network_views import (
    SECTION_KINDS,
    network_section,
    section_cubes,
    stable_layout,
    wave_is_masked,
)
from workbench.store import Dataset

FW = load_framework()
ORGS = [o.id for o in FW.organisations]
TIE_COLUMNS = ["wave", "respondent_id", "from_org", "to_org", "level"]
SCORES = ["openness", "reliability", "mission", "influence", "resources", "involvement"]
LOWERED = FW.model_copy(update={"privacy": FW.privacy.model_copy(
    update={"min_cell": 5, "reason": "test"})})


def rising_ties(responding: dict[str, int], seed: int = 3) -> pd.DataFrame:
    """Two people per responding organisation; levels drift up one step per wave."""
    rng = np.random.default_rng(seed)
    rows = []
    for step, (wave, k) in enumerate(responding.items()):
        for a in ORGS[:k]:
            for person in range(2):
                for b in ORGS:
                    if a != b:
                        level = int(np.clip(rng.integers(0, 3) + step, 0, 5))
                        scores = list(rng.integers(1, 5, 6)) if level else [np.nan] * 6
                        rows.append([wave, f"p_{a}_{person}", a, b, level, *scores])
    return pd.DataFrame(rows, columns=TIE_COLUMNS + SCORES)


def five_each(rows: list[list]) -> pd.DataFrame:
    """Each rating given by five respondents of the rating organisation (threshold 5 met)."""
    ties = pd.DataFrame(rows, columns=TIE_COLUMNS).assign(**dict.fromkeys(SCORES, 3.0))
    return pd.concat([ties.assign(respondent_id=ties["respondent_id"] + f"_{i}")
                      for i in range(5)], ignore_index=True)


def test_summary_nodes_and_edges_per_wave() -> None:
    ties = rising_ties({"T0": 14, "T1": 16, "T2": 18})
    section = network_section(Dataset({"ties": ties}), FW)
    assert section.waves == ("T0", "T1", "T2")
    summary = section.summary.set_index("wave")
    assert summary["respondents"].tolist() == [28, 32, 36]
    assert summary["organisations"].tolist() == [14, 16, 18]
    assert set(summary["roster"]) == {len(ORGS)} and not summary["masked"].any()
    networks = networks_by_wave(ties, FW)
    for wave, net in networks.items():
        nodes = section.nodes[section.nodes["wave"] == wave].set_index("organisation")
        expected = node_table(net, FW).set_index("organisation")
        assert nodes.loc[expected.index, "degree"].tolist() == expected["degree"].tolist()
        assert set(nodes.index[nodes["responded"]]) == set(net.responded)
        edges = section.edges[section.edges["wave"] == wave]
        assert list(zip(edges["org_a"], edges["org_b"], edges["level"], strict=True)) \
            == net.edges()


def test_absent_roster_organisations_are_isolated_nodes_and_ties_symmetrised() -> None:
    a, b, c = ORGS[:3]
    ties = five_each([["T0", "p1", a, b, 4], ["T0", "p2", b, a, 2], ["T0", "p1", a, c, 0]])
    section = network_section(Dataset({"ties": ties}), LOWERED)
    nodes = section.nodes.set_index("organisation")
    assert set(nodes.index) == set(ORGS)                       # the whole roster is drawn
    assert nodes.loc[ORGS[5], ["degree", "responded", "observed"]].tolist() == [0, False, False]
    assert nodes.loc[c, ["degree", "responded", "observed"]].tolist() == [0, False, True]
    assert nodes.loc[a, "degree"] == 1 and nodes.loc[a, "name"] == FW.organisations[0].name
    # a–b rated 4 by a and 2 by b: the minimum; a–c at level 0 is observed, not a tie
    assert section.edges[["org_a", "org_b", "level"]].values.tolist() == [[a, b, 2.0]]
    assert section.pairs[["org_a", "org_b", "gap"]].values.tolist() == [[a, b, 2]]


def test_small_wave_is_masked_and_emptied() -> None:
    ties = rising_ties({"T0": 5, "T1": 16})                      # T0: 10 people < 11
    networks = networks_by_wave(ties, FW)
    assert wave_is_masked(networks["T0"], FW) and not wave_is_masked(networks["T1"], FW)
    section = network_section(Dataset({"ties": ties}), FW)
    assert section.is_masked("T0") and not section.is_masked("T1")
    t0 = section.summary.set_index("wave").loc["T0"]
    assert math.isnan(t0["respondents"]) and math.isnan(t0["organisations"])  # no count shown
    for frame in (section.nodes, section.edges, section.levels, section.pairs):
        assert set(frame["wave"]) == {"T1"}
    assert set(section.changes["before"]) | set(section.changes["after"]) == {"T1"}
    # the layout still places every organisation once, for every wave
    assert section.positions == stable_layout(FW, networks)


def test_positions_are_seeded_plain_floats_for_every_organisation() -> None:
    ties = rising_ties({"T0": 14, "T1": 16, "T2": 18})
    networks = networks_by_wave(ties, FW)
    positions = stable_layout(FW, networks)
    assert set(positions) == set(ORGS)
    assert all(type(v) is float for xy in positions.values() for v in xy)
    assert stable_layout(FW, networks) == positions               # seeded: the same again
    assert network_section(Dataset({"ties": ties}), FW).positions == positions
    assert stable_layout(FW, networks, seed=7) != positions


def test_changes_levels_by_hand() -> None:
    ccas, caf, regie, bailleur = "ccas", "caf", "regie", "bailleur"
    assert {ccas, caf, regie, bailleur} <= set(ORGS)
    ties = five_each([["T0", "p1", ccas, caf, 1], ["T0", "p1", ccas, regie, 0],
                      ["T0", "p1", ccas, bailleur, 2],
                      ["T1", "p1", ccas, caf, 3], ["T1", "p1", ccas, regie, 2],
                      ["T1", "p1", ccas, bailleur, 2]])
    section = network_section(Dataset({"ties": ties}), LOWERED)
    changes = section.changes[(section.changes["before"] == "T0")
                              & (section.changes["after"] == "T1")]
    change = {frozenset((a, b)): c for a, b, c in
              zip(changes["org_a"], changes["org_b"], changes["change"], strict=True)}
    assert change == {frozenset((ccas, caf)): "stronger", frozenset((ccas, regie)): "new",
                      frozenset((ccas, bailleur)): "same"}
    same = section.changes[section.changes["before"] == section.changes["after"]]
    assert set(same["change"]) == {"same"}
    levels = section.levels.set_index(["wave", "level"])["share"]
    # T0: levels 1, 0, 2 over three observed pairs; T1: 3, 2, 2
    assert levels[("T0", 0)] == levels[("T0", 1)] == levels[("T0", 2)] == pytest.approx(1 / 3)
    assert levels[("T1", 2)] == pytest.approx(2 / 3) and levels[("T1", 3)] == pytest.approx(1 / 3)
    assert levels.groupby(level="wave").sum().tolist() == pytest.approx([1.0, 1.0])


def test_measures_cubes_prefer_the_frameworks_own() -> None:
    data = Dataset({"ties": rising_ties({"T0": 14, "T1": 16})})
    spec = next(s for s in FW.indicators if s.kind == "network_density")
    own = pd.DataFrame({"wave": ["T0", "T0"], "qpv": ["*", "x"], "group": ["*", "*"],
                        "value": [0.5, 0.9], "n": [28.0, 28.0], "masked": [False, False]})
    cubes = section_cubes(data, FW, {spec.id: own})
    assert list(cubes) == list(SECTION_KINDS)
    assert cubes["network_density"]["value"].tolist() == [0.5]    # territory-wide rows only
    assert set(cubes["network_ei_index"]["wave"]) == {"T0", "T1"}  # the default, computed


def test_section_without_ties_is_empty() -> None:
    section = network_section(Dataset({}), FW)
    assert section.waves == () and section.positions == {} and section.cubes == {}
    assert section.summary.empty and section.nodes.empty and section.edges.empty
    assert "org_a" in section.pairs.columns and "change" in section.changes.columns
