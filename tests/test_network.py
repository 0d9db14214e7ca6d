"""Cooperation-network measures against networkx and hand-computed graphs."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from workbench.errors import FrameworkError
from workbench.framework import Organisation, load_framework
from workbench.indicators import network_graph as ng
from workbench.indicators.network import network_summary

TIE_COLUMNS = ["wave", "respondent_id", "from_org", "to_org", "level", "openness", "reliability",
               "mission", "influence", "resources", "involvement", "frequency"]


def small_framework(orgs: dict[str, str]):
    """The default framework with a roster ``{id: sector}`` (group services, not mainstream)."""
    roster = [Organisation(id=o, name=f"Org {o}", sector=s, group="services")
              for o, s in orgs.items()]
    return load_framework().model_copy(update={"organisations": roster})


def ties_frame(rows: list[tuple], wave: str = "T0") -> pd.DataFrame:
    """Rows ``(respondent, from, to, level[, openness, reliability, mission, influence, resources,
    involvement])`` into a ``ties`` frame."""
    records = []
    for row in rows:
        person, a, b, level, *scores = row
        scores = list(scores) + [np.nan] * (6 - len(scores))
        records.append([wave, person, a, b, level, *scores, None])
    return pd.DataFrame(records, columns=TIE_COLUMNS)


def full_response(levels: dict[tuple[str, str], int], wave: str = "T0") -> pd.DataFrame:
    """One respondent per organisation (``p_<org>``), rating every listed partner."""
    return ties_frame([(f"p_{a}", a, b, lv) for (a, b), lv in levels.items()], wave)


def random_levels(nodes: list[str], seed: int, zero_share: float = 0.5) -> dict:
    rng = np.random.default_rng(seed)
    out = {}
    for a, b in itertools.permutations(nodes, 2):
        out[(a, b)] = 0 if rng.random() < zero_share else int(rng.integers(1, 6))
    return out


def nx_symmetrised(levels: dict[tuple[str, str], int], nodes: list[str]) -> nx.Graph:
    """The reference graph, built independently: tie when min(both ratings) ≥ 1."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for a, b in itertools.combinations(nodes, 2):
        if min(levels[(a, b)], levels[(b, a)]) >= 1:
            graph.add_edge(a, b)
    return graph


NODES = [f"o{i}" for i in range(9)]
FW9 = small_framework({o: ("municipal" if i < 4 else "association") for i, o in enumerate(NODES)})


# --- symmetrisation and organisation ratings ---------------------------------------------------
def test_symmetrisation_rule_minimum_of_two_single_when_one() -> None:
    fw = small_framework({"a": "s", "b": "s", "c": "s", "d": "s"})
    ties = ties_frame([
        ("p1", "a", "b", 3), ("p2", "b", "a", 1),   # both rated: min → 1
        ("p1", "a", "c", 2),                         # c did not answer: single → 2
        ("p2", "b", "c", 4), ("p1", "a", "d", 0),
        ("p2", "b", "d", np.nan),                    # blank: a's 0 stands alone
    ])
    net = ng.wave_network(ties, fw, "T0")
    assert net.level("a", "b") == 1 and net.level("b", "a") == 1
    assert net.level("a", "c") == 2
    assert net.level("b", "c") == 4
    assert net.level("a", "d") == 0
    assert np.isnan(net.level("c", "d"))            # nobody rated c–d: unobserved
    assert net.pairs[("a", "b")] == (1.0, 3.0, 1.0)
    assert net.responded == {"a", "b"} and net.respondents == 2


def test_organisation_rating_is_lower_median_of_its_respondents() -> None:
    ties = ties_frame([
        ("p1", "a", "b", 4), ("p2", "a", "b", 2),                         # two → lower: 2
        ("p1", "a", "c", 1), ("p2", "a", "c", 4), ("p3", "a", "c", 5),    # three → median: 4
        ("p1", "a", "a", 5),                                               # self-rating ignored
    ])
    ratings = ng.organisation_ratings(ties).set_index(["from_org", "to_org"])
    assert ratings.loc[("a", "b"), "level"] == 2
    assert ratings.loc[("a", "c"), "level"] == 4
    assert ratings.loc[("a", "c"), "n_respondents"] == 3
    assert ("a", "a") not in ratings.index


# --- whole-network measures vs networkx --------------------------------------------------------
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_density_degree_betweenness_match_networkx(seed: int) -> None:
    levels = random_levels(NODES, seed)
    net = ng.wave_network(full_response(levels), FW9, "T0")
    graph = nx_symmetrised(levels, NODES)
    assert ng.density(net) == pytest.approx(nx.density(graph))
    adj = net.adjacency()
    assert {v: len(adj[v]) for v in NODES} == dict(graph.degree())
    ours = ng.betweenness(adj)
    reference = nx.betweenness_centrality(graph, normalized=True)
    assert ours == pytest.approx(reference)
    raw = ng.betweenness(adj, normalized=False)
    assert raw == pytest.approx(nx.betweenness_centrality(graph, normalized=False))


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_reciprocity_matches_networkx(seed: int) -> None:
    levels = random_levels(NODES, seed)
    net = ng.wave_network(full_response(levels), FW9, "T0")
    digraph = nx.DiGraph()
    digraph.add_edges_from(pair for pair, lv in levels.items() if lv >= 1)
    assert ng.reciprocity(net) == pytest.approx(nx.reciprocity(digraph))


def test_reciprocity_only_between_respondents() -> None:
    fw = small_framework({"a": "s", "b": "s", "c": "s"})
    # a↔b returned; a→c and b→c cannot be returned (c did not answer)
    ties = ties_frame([("p1", "a", "b", 2), ("p2", "b", "a", 3), ("p1", "a", "c", 2),
                       ("p2", "b", "c", 0)])
    net = ng.wave_network(ties, fw, "T0")
    assert ng.reciprocity(net) == 1.0
    ties = ties_frame([("p1", "a", "b", 2), ("p2", "b", "a", 0), ("p1", "a", "c", 2)])
    assert ng.reciprocity(ng.wave_network(ties, fw, "T0")) == 0.0


def test_density_over_observed_pairs_by_hand() -> None:
    fw = small_framework({"a": "s", "b": "s", "c": "s", "d": "s"})
    # only a answers: observed pairs a–b, a–c, a–d; two ties → 2/3 (c–d, b–c, b–d unobserved)
    ties = ties_frame([("p1", "a", "b", 1), ("p1", "a", "c", 0), ("p1", "a", "d", 5)])
    net = ng.wave_network(ties, fw, "T0")
    assert ng.density(net) == pytest.approx(2 / 3)
    assert ng.density(net, min_level=3) == pytest.approx(1 / 3)


def test_freeman_centralisation_by_hand() -> None:
    star = {"c": {"1", "2", "3", "4"}, "1": {"c"}, "2": {"c"}, "3": {"c"}, "4": {"c"}}
    assert ng.degree_centralisation(star) == pytest.approx(1.0)
    complete = {v: {"a", "b", "c", "d"} - {v} for v in "abcd"}
    assert ng.degree_centralisation(complete) == pytest.approx(0.0)
    # path a–b–c–d: degrees 1,2,2,1 → (1+0+0+1) / (3·2) = 1/3
    path = {"a": {"b"}, "b": {"a", "c"}, "c": {"b", "d"}, "d": {"c"}}
    assert ng.degree_centralisation(path) == pytest.approx(1 / 3)
    # star with one extra leaf–leaf tie, 5 nodes: degrees 4,2,2,1,1 → (0+2+2+3+3) / 12 = 10/12
    star["1"].add("2")
    star["2"].add("1")
    assert ng.degree_centralisation(star) == pytest.approx(10 / 12)
    assert np.isnan(ng.degree_centralisation({"a": {"b"}, "b": {"a"}}))


def test_ei_index_by_hand() -> None:
    sector = {"a": "mun", "b": "mun", "c": "asso", "d": "asso", "e": "state"}
    # internal: a–b; external: a–c, b–d, c–e → (3 − 1) / 4 = 0.5
    edges = [("a", "b", 2), ("a", "c", 1), ("b", "d", 3), ("c", "e", 1)]
    assert ng.ei_index(edges, sector) == pytest.approx(0.5)
    assert ng.ei_index([("a", "b", 1), ("c", "d", 1)], sector) == -1.0
    assert ng.ei_index([("a", "c", 1)], sector) == 1.0
    assert np.isnan(ng.ei_index([], sector))


def test_ei_index_from_wave_network_by_sector() -> None:
    fw = small_framework({"a": "mun", "b": "mun", "c": "asso"})
    ties = ties_frame([("p1", "a", "b", 2), ("p1", "a", "c", 3), ("p2", "c", "b", 1),
                       ("p2", "c", "a", 3)])
    net = ng.wave_network(ties, fw, "T0")
    # ties: a–b (internal), a–c, b–c (external) → (2 − 1) / 3
    assert ng.ei_index(net.edges(), ng.organisation_attribute(fw)) == pytest.approx(1 / 3)
    with pytest.raises(FrameworkError) as err:
        ng.organisation_attribute(fw, "colour")
    assert err.value.key == "network_unknown_attribute"


def test_collaboration_levels_and_discordance_by_hand() -> None:
    fw = small_framework({"a": "s", "b": "s", "c": "s", "d": "s"})
    ties = ties_frame([
        ("p1", "a", "b", 5), ("p2", "b", "a", 2),   # min 2, gap 3: discordant
        ("p1", "a", "c", 3), ("p3", "c", "a", 4),   # min 3, gap 1
        ("p2", "b", "c", 0), ("p3", "c", "b", 2),   # min 0, gap 2: discordant
        ("p1", "a", "d", 4),                        # single 4
    ])
    net = ng.wave_network(ties, fw, "T0")
    assert ng.mean_level(net) == pytest.approx((2 + 3 + 0 + 4) / 4)
    assert ng.share_at_least(net, 3) == pytest.approx(2 / 4)
    disc = ng.discordant_pairs(net)
    assert set(zip(disc["org_a"], disc["org_b"], strict=True)) == {("a", "b"), ("b", "c")}
    share, mutual = ng.discordant_share(net)
    assert (share, mutual) == (pytest.approx(2 / 3), 3)


def test_partner_trust_and_value_by_hand() -> None:
    ties = ties_frame([
        # person, from, to, level, openness, reliability, mission, influence, resources, involvement
        ("p1", "a", "b", 3, 4, 4, 4, 2, 2, 2),       # trust 4, value 2
        ("p1", "a", "c", 1, 2, 3, np.nan, 1, 1, 1),  # trust 2.5 (two items), value 1
        ("p2", "b", "a", 0, 1, 1, 1, 1, 1, 1),       # no relationship: not counted
        ("p3", "c", "a", 2),                         # no trust items: not counted
    ])
    trust, n_trust = ng.partner_score(ties, ng.TRUST_ITEMS)
    value, _ = ng.partner_score(ties, ng.VALUE_ITEMS)
    assert trust == pytest.approx((4 + 2.5) / 2 / 4)
    assert value == pytest.approx((2 + 1) / 2 / 4)
    assert n_trust == 1


def test_response_rate_and_node_table() -> None:
    fw = small_framework({"a": "s", "b": "s", "c": "t", "d": "t"})
    ties = ties_frame([("p1", "a", "b", 2), ("p2", "b", "c", 3), ("p9", "b", "a", 1)])
    net = ng.wave_network(ties, fw, "T0")
    assert ng.response_rate(net, fw) == 0.5
    table = ng.node_table(net, fw).set_index("organisation")
    assert table.loc["b", "degree"] == 2 and table.loc["c", "degree"] == 1
    assert table.loc["b", "betweenness"] == pytest.approx(1.0)  # b bridges a and c
    assert bool(table.loc["a", "responded"]) and not bool(table.loc["c", "responded"])
    assert "d" not in table.index                                  # never rated, never answered
    assert table.loc["b", "mean_level"] == pytest.approx((1 + 3) / 2)


def test_tie_changes_between_waves() -> None:
    fw = small_framework({"a": "s", "b": "s", "c": "s", "d": "s"})
    before = ng.wave_network(ties_frame([("p1", "a", "b", 1), ("p1", "a", "c", 0),
                                         ("p1", "a", "d", 3)], "T0"), fw, "T0")
    after = ng.wave_network(ties_frame([("p1", "a", "b", 3), ("p1", "a", "c", 2),
                                        ("p1", "a", "d", 0), ("p2", "b", "c", 2)], "T1"), fw, "T1")
    changes = ng.tie_changes(before, after).set_index(["org_a", "org_b"])["change"].to_dict()
    assert changes == {("a", "b"): "stronger", ("a", "c"): "new", ("a", "d"): "lost"}


def test_network_summary_one_row_per_wave_in_framework_order() -> None:
    levels = random_levels(NODES, 11)
    ties = pd.concat([full_response(levels, "T2"), full_response(levels, "T0")])
    summary = network_summary(ties, FW9)
    assert summary["wave"].tolist() == ["T0", "T2"]
    graph = nx_symmetrised(levels, NODES)
    assert summary["density"].tolist() == pytest.approx([nx.density(graph)] * 2)
    assert summary["respondents"].tolist() == [9, 9]
    assert summary["response_rate"].tolist() == [1.0, 1.0]
