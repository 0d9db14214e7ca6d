"""Network maps: one stable layout, sector colours, degree sizes, masking, change view; the app."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.charts.network import (
    network_map,
    network_section_figures,
    network_waves_map,
    stable_layout,
    tie_change_map,
)
from workbench.framework import load_framework
from workbench.indicators.network_graph import networks_by_wave, node_table
from workbench.store import Dataset

FW = load_framework()
ORGS = [o.id for o in FW.organisations]
TIE_COLUMNS = ["wave", "respondent_id", "from_org", "to_org", "level", "openness", "reliability",
               "mission", "influence", "resources", "involvement", "frequency"]


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
                        rows.append([wave, f"p_{a}_{person}", a, b, level, *scores, None])
    return pd.DataFrame(rows, columns=TIE_COLUMNS)


def node_positions(fig) -> dict[str, tuple[float, float]]:
    out = {}
    for trace in fig.data:
        if trace.customdata is not None and (trace.visible is None or trace.visible is True):
            out.update({org: (x, y) for org, x, y in
                        zip(trace.customdata, trace.x, trace.y, strict=True)})
    return out


@pytest.fixture(scope="module")
def networks():
    return networks_by_wave(rising_ties({"T0": 14, "T1": 16, "T2": 18}), FW)


def test_same_node_same_position_across_waves(networks) -> None:
    positions = stable_layout(FW, networks)
    maps = {w: node_positions(network_map(net, FW, positions)) for w, net in networks.items()}
    assert set(maps["T0"]) == set(ORGS)              # non-respondents drawn too (hollow)
    for org in ORGS:
        assert maps["T0"][org] == maps["T1"][org] == maps["T2"][org] == positions[org]
    # the layout is seeded: a second computation gives the same positions
    assert stable_layout(FW, networks) == positions


def test_nodes_coloured_by_sector_sized_by_degree(networks) -> None:
    net = networks["T1"]
    positions = stable_layout(FW, networks)
    fig = network_map(net, FW, positions)
    node_traces = [tr for tr in fig.data if tr.customdata is not None]
    sector_of = {o.id: o.sector for o in FW.organisations}
    assert len({tr.marker.color for tr in node_traces}) == len(set(sector_of.values()))
    for trace in node_traces:
        assert len({sector_of[o] for o in trace.customdata}) == 1
    degree = node_table(net, FW).set_index("organisation")["degree"]
    size = {o: s for tr in node_traces for o, s in zip(tr.customdata, tr.marker.size, strict=True)}
    ranked = sorted(degree.index, key=lambda o: degree[o])
    assert [size[o] for o in ranked] == sorted(size[o] for o in ranked)
    assert size[ranked[-1]] > size[ranked[0]] or degree[ranked[-1]] == degree[ranked[0]]
    hidden = [tr for tr in node_traces if "circle-open" in tr.marker.symbol]
    assert {o for tr in hidden for o, s in zip(tr.customdata, tr.marker.symbol, strict=True)
            if s == "circle-open"} == set(ORGS[16:])


def test_edges_drawn_by_level_never_person_ratings(networks) -> None:
    net = networks["T2"]
    fig = network_map(net, FW, stable_layout(FW, networks))
    edge_traces = [tr for tr in fig.data if tr.mode == "lines"]
    drawn = sum(sum(x is None for x in tr.x) for tr in edge_traces)
    assert drawn == len(net.edges())
    text = fig.to_json()
    assert "p_ville" not in text and "respondent" not in text


def test_slider_has_one_step_per_wave_and_keeps_positions(networks) -> None:
    positions = stable_layout(FW, networks)
    fig = network_waves_map(networks, FW, positions, active="T0")
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == ["T0", "T1", "T2"]
    for step in steps:
        visible = step.args[0]["visible"]
        shown = [tr for tr, v in zip(fig.data, visible, strict=True) if v]
        for trace in shown:
            if trace.customdata is not None:
                for org, x, y in zip(trace.customdata, trace.x, trace.y, strict=True):
                    assert (x, y) == positions[org]


def test_small_wave_is_masked_on_the_map() -> None:
    nets = networks_by_wave(rising_ties({"T0": 5, "T1": 16}), FW)   # T0: 10 people < 11
    positions = stable_layout(FW, nets)
    fig = network_map(nets["T0"], FW, positions)
    assert "effectif trop faible" in fig.layout.annotations[0].text
    assert not [tr for tr in fig.data if tr.customdata is not None]
    assert "effectif trop faible" in tie_change_map(nets["T0"], nets["T1"], FW,
                                                    positions).layout.annotations[0].text


def test_change_view_highlights_new_and_stronger_ties() -> None:
    rows = [["T0", "p1", "ccas", "caf", 1], ["T0", "p1", "ccas", "regie", 0],
            ["T0", "p1", "ccas", "bailleur", 2],
            ["T1", "p1", "ccas", "caf", 3], ["T1", "p1", "ccas", "regie", 2],
            ["T1", "p1", "ccas", "bailleur", 2]]
    ties = pd.DataFrame(rows, columns=TIE_COLUMNS[:5])
    lowered = FW.model_copy(update={"privacy": FW.privacy.model_copy(
        update={"min_cell": 1 + 4, "reason": "test"})})
    ties = pd.concat([ties.assign(respondent_id=ties["respondent_id"] + f"_{i}")
                      for i in range(5)], ignore_index=True)
    nets = networks_by_wave(ties, lowered)
    fig = tie_change_map(nets["T0"], nets["T1"], lowered, stable_layout(lowered, nets))
    by_name = {tr.name: tr for tr in fig.data if tr.mode == "lines"}
    assert sum(x is None for x in by_name["Nouveau lien"].x) == 1       # ccas–regie
    assert sum(x is None for x in by_name["Lien renforcé"].x) == 1      # ccas–caf
    assert sum(x is None for x in by_name["Autres liens"].x) == 1       # ccas–bailleur


def test_section_figures_and_table() -> None:
    data = Dataset({"ties": rising_ties({"T0": 14, "T1": 16, "T2": 18})})
    section = network_section_figures(data, FW, "T2")
    assert {"map", "changes", "levels", "table", "pairs", "note"} <= set(section)
    table = section["table"]
    assert list(table.columns) == ["Mesure", "T0", "T1", "T2"]
    assert table.iloc[0].tolist() == ["Répondants (n)", "28", "32", "36"]
    assert "PARTNER-style" in " ".join(table["Mesure"])
    assert section["map"].layout.sliders[0].active == 2


def test_section_without_ties_says_so() -> None:
    section = network_section_figures(Dataset({}), FW)
    assert section["table"].empty
    assert section["map"].layout.annotations[0].text == "Aucune donnée pour cette sélection."


def test_cooperation_app_updates_on_wave_change() -> None:
    from workbench.apps.cooperation import CooperationSection
    from workbench.apps.display import figure_of

    data = Dataset({"ties": rising_ties({"T0": 14, "T1": 16, "T2": 18})})
    app = CooperationSection(data, FW)
    assert app.errors == []
    assert repr(app).startswith("CooperationSection(")   # no clash with ipywidgets' own names
    title = figure_of(app.outputs["map"])["layout"]["title"]["text"]
    assert "T2" in title
    app.set_waves("T1", "T0")
    assert app.errors == []
    assert "T1" in figure_of(app.outputs["map"])["layout"]["title"]["text"]
    assert "de T0 à T1" in figure_of(app.outputs["changes"])["layout"]["title"]["text"]
