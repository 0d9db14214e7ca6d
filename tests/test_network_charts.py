"""Network maps: the chart functions on hand-made frames (traces, texts, masking label), then the
section drawn from computed views — one stable layout, sector colours, degree sizes; the app."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest_publication import hand_publication

from workbench.charts.network import (
    discussion_table,
    levels_over_waves,
    network_map,
    network_table,
    network_waves_map,
    node_numbers,
    tie_change_map,
)
from workbench.exports.section_figures import change_map, network_section_figures, wave_map
from workbench.framework import load_framework
from workbench.indicators.network_graph import networks_by_wave, node_table
from workbench.indicators.network_views import network_section
from workbench.publication import build_publication
from workbench.store import Dataset

FW = load_framework()
ORGS = [o.id for o in FW.organisations]
NAMES = {o.id: o.name for o in FW.organisations}
TIE_COLUMNS = ["wave", "respondent_id", "from_org", "to_org", "level", "openness", "reliability",
               "mission", "influence", "resources", "involvement", "frequency"]
MASKED = "effectif trop faible"


# --- hand-made frames ----------------------------------------------------------------------------
A, B, C = "ville-cabinet", "agglo-pv", "ccas"                 # municipal, intercommunal, municipal
POSITIONS = {A: (0.0, 0.0), B: (1.0, 0.0), C: (0.0, 1.0)}
SUMMARY = pd.DataFrame({"wave": ["T0", "T1"], "masked": [True, False],
                        "respondents": [np.nan, 12], "organisations": [np.nan, 2],
                        "roster": [3, 3]})
NODES = pd.DataFrame({"wave": "T1", "organisation": [A, B, C], "name": [NAMES[A], NAMES[B],
                      NAMES[C]], "sector": ["municipal", "intercommunal", "municipal"],
                      "degree": [2, 1, 1], "responded": [True, True, False]})
EDGES = pd.DataFrame({"wave": "T1", "org_a": [A, A], "org_b": [B, C], "level": [1.0, 3.0]})


def lines(fig) -> dict[str, int]:
    """Segments drawn per line trace (one ``None`` closes each segment)."""
    return {tr.name: sum(x is None for x in tr.x) for tr in fig.data if tr.mode == "lines"}


def test_map_draws_ties_by_level_and_nodes_by_sector() -> None:
    fig = network_map(SUMMARY, NODES, EDGES, POSITIONS, FW, wave="T1")
    assert lines(fig) == {"Niveau 1 : réseautage": 1, "Niveau 2 : coopération": 0,
                          "Niveau 3 : coordination": 1, "Niveau 4 : coalition": 0,
                          "Niveau 5 : collaboration": 0}
    nodes = {tr.name: tr for tr in fig.data if tr.customdata is not None}
    assert sorted(nodes) == ["Intercommunalité", "Ville"]
    municipal = nodes["Ville"]
    assert list(municipal.customdata) == [A, C]
    assert list(municipal.marker.symbol) == ["circle", "circle-open"]   # C did not answer
    assert municipal.marker.size[0] > municipal.marker.size[1]           # degree 2 > 1
    assert (municipal.x[1], municipal.y[1]) == POSITIONS[C]
    assert "n'a pas répondu" in municipal.hovertext[1] and "CCAS" in municipal.hovertext[1]
    assert "T1" in fig.layout.title.text
    assert fig.layout.annotations[0].text.replace("<br>", " ").startswith(
        "12 répondants pour 2 organisations sur 3")
    # each circle carries the organisation's number (roster order), its name is on hover
    assert list(municipal.text) == ["1", "3"] and "1 · " in municipal.hovertext[0]


def test_masked_wave_is_labelled_not_drawn() -> None:
    fig = network_map(SUMMARY, NODES, EDGES, POSITIONS, FW, wave="T0")
    assert MASKED in fig.layout.annotations[0].text
    assert not fig.data
    change = tie_change_map(SUMMARY, NODES, EDGES, pd.DataFrame(columns=[
        "before", "after", "org_a", "org_b", "change"]), POSITIONS, FW, before="T0", after="T1")
    assert MASKED in change.layout.annotations[0].text and not change.data
    slider = network_waves_map(SUMMARY, NODES, EDGES, POSITIONS, FW, active="T0")
    assert MASKED in slider.layout.annotations[0].text
    assert not any(tr.visible for tr in slider.data)
    assert [s.label for s in slider.layout.sliders[0].steps] == ["T0", "T1"]


def test_change_map_highlights_new_and_stronger() -> None:
    summary = SUMMARY.assign(masked=False, respondents=12, organisations=2)
    changes = pd.DataFrame({"before": "T0", "after": "T1", "org_a": [A, A],
                            "org_b": [B, C], "change": ["new", "same"]})
    fig = tie_change_map(summary, NODES, EDGES, changes, POSITIONS, FW, before="T0", after="T1")
    assert lines(fig) == {"Autres liens": 1, "Lien renforcé": 0, "Nouveau lien": 1}
    assert fig.layout.annotations[0].text == "1 lien(s) nouveau(x), 0 lien(s) renforcé(s)"


def test_levels_chart_stacks_shares_of_unmasked_waves() -> None:
    levels = pd.DataFrame({"wave": "T1", "level": range(6),
                           "share": [0.5, 0.25, 0.0, 0.25, 0.0, 0.0]})
    fig = levels_over_waves(levels, SUMMARY, FW)
    assert [list(tr.y) for tr in fig.data] == [[0.5], [0.25], [0.0], [0.25], [0.0], [0.0]]
    assert fig.data[0].x[0].endswith("n = 12")                     # T0 (masked) left out
    assert MASKED not in str(fig.to_json())


def test_measures_table_and_pairs_are_french_text() -> None:
    cube = pd.DataFrame({"wave": ["T0", "T1"], "value": [0.25, -0.5], "n": [9.0, 12.0],
                         "masked": [True, False]})
    table = network_table({"network_density": cube, "network_ei_index": cube,
                           "collaboration_mean": cube.assign(value=[1.0, 2.25])}, FW)
    assert list(table.columns) == ["Mesure", "T0", "T1"]
    assert table.iloc[0].tolist() == ["Répondants (n)", MASKED, "12"]
    assert table.iloc[1, 1:].tolist() == [MASKED, "-50\u202f%"]
    assert table.iloc[2, 1:].tolist() == [MASKED, "-0,50"]
    assert table.iloc[3, 1:].tolist() == [MASKED, "2,2"]
    pairs = discussion_table(pd.DataFrame({"org_a": [A], "org_b": [B], "gap": [3]}), FW)
    assert pairs.values.tolist() == [[f"{NAMES[A]} ↔ {NAMES[B]}", 3]]
    assert list(discussion_table(pd.DataFrame(columns=["org_a", "org_b", "gap"]), FW).columns) \
        == ["Paire d'organisations", "Écart entre les deux notes (niveaux)"]


# --- the section drawn from computed views -------------------------------------------------------
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
def rising():
    data = Dataset({"ties": rising_ties({"T0": 14, "T1": 16, "T2": 18})})
    return data, network_section(data, FW)


def test_same_node_same_position_across_waves(rising) -> None:
    data, section = rising
    maps = {w: node_positions(wave_map(section, FW, w)) for w in section.waves}
    assert set(maps["T0"]) == set(ORGS)              # non-respondents drawn too (hollow)
    for org in ORGS:
        assert maps["T0"][org] == maps["T1"][org] == maps["T2"][org] == section.positions[org]
    # the layout is seeded: a second computation gives the same positions
    assert network_section(data, FW).positions == section.positions


def test_nodes_coloured_by_sector_sized_by_degree(rising) -> None:
    data, section = rising
    fig = wave_map(section, FW, "T1")
    node_traces = [tr for tr in fig.data if tr.customdata is not None]
    sector_of = {o.id: o.sector for o in FW.organisations}
    assert len({tr.marker.color for tr in node_traces}) == len(set(sector_of.values()))
    for trace in node_traces:
        assert len({sector_of[o] for o in trace.customdata}) == 1
    net = networks_by_wave(data["ties"], FW)["T1"]
    degree = node_table(net, FW).set_index("organisation")["degree"]
    size = {o: s for tr in node_traces for o, s in zip(tr.customdata, tr.marker.size, strict=True)}
    ranked = sorted(degree.index, key=lambda o: degree[o])
    assert [size[o] for o in ranked] == sorted(size[o] for o in ranked)
    assert size[ranked[-1]] > size[ranked[0]] or degree[ranked[-1]] == degree[ranked[0]]
    hidden = [tr for tr in node_traces if "circle-open" in tr.marker.symbol]
    assert {o for tr in hidden for o, s in zip(tr.customdata, tr.marker.symbol, strict=True)
            if s == "circle-open"} == set(ORGS[16:])


def test_edges_drawn_by_level_never_person_ratings(rising) -> None:
    data, section = rising
    fig = wave_map(section, FW, "T2")
    assert sum(lines(fig).values()) == len(networks_by_wave(data["ties"], FW)["T2"].edges())
    text = fig.to_json()
    assert "p_ville" not in text and "respondent" not in text


def test_slider_has_one_step_per_wave_and_keeps_positions(rising) -> None:
    _data, section = rising
    fig = network_waves_map(section.summary, section.nodes, section.edges, section.positions, FW,
                            active="T0")
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == ["T0", "T1", "T2"]
    for step in steps:
        visible = step.args[0]["visible"]
        shown = [tr for tr, v in zip(fig.data, visible, strict=True) if v]
        for trace in shown:
            if trace.customdata is not None:
                for org, x, y in zip(trace.customdata, trace.x, trace.y, strict=True):
                    assert (x, y) == section.positions[org]


def test_small_wave_is_masked_on_the_map() -> None:
    section = network_section(Dataset({"ties": rising_ties({"T0": 5, "T1": 16})}), FW)
    fig = wave_map(section, FW, "T0")                 # T0: 10 people < 11
    assert MASKED in fig.layout.annotations[0].text
    assert not [tr for tr in fig.data if tr.customdata is not None]
    assert MASKED in change_map(section, FW, "T0", "T1").layout.annotations[0].text


def test_change_view_highlights_new_and_stronger_ties() -> None:
    rows = [["T0", "p1", "ccas", "caf", 1], ["T0", "p1", "ccas", "regie", 0],
            ["T0", "p1", "ccas", "bailleur", 2],
            ["T1", "p1", "ccas", "caf", 3], ["T1", "p1", "ccas", "regie", 2],
            ["T1", "p1", "ccas", "bailleur", 2]]
    ties = pd.DataFrame(rows, columns=TIE_COLUMNS[:5]).assign(
        **dict.fromkeys(TIE_COLUMNS[5:], np.nan))
    lowered = FW.model_copy(update={"privacy": FW.privacy.model_copy(
        update={"min_cell": 1 + 4, "reason": "test"})})
    ties = pd.concat([ties.assign(respondent_id=ties["respondent_id"] + f"_{i}")
                      for i in range(5)], ignore_index=True)
    section = network_section(Dataset({"ties": ties}), lowered)
    by_name = lines(change_map(section, lowered, "T0", "T1"))
    assert by_name["Nouveau lien"] == 1       # ccas–regie
    assert by_name["Lien renforcé"] == 1      # ccas–caf
    assert by_name["Autres liens"] == 1       # ccas–bailleur


def test_section_figures_and_table(rising) -> None:
    data, _section = rising
    pub = build_publication(data, FW)
    figures = network_section_figures(pub, "T2")
    assert {"map", "changes", "levels", "table", "pairs", "note"} <= set(figures)
    table = figures["table"]
    assert list(table.columns) == ["Mesure", "T0", "T1", "T2"]
    assert table.iloc[0].tolist() == ["Répondants (n)", "28", "32", "36"]
    assert "PARTNER-style" in " ".join(table["Mesure"])
    assert figures["map"].layout.sliders[0].active == 2
    # read again from the publication: the same figures
    assert network_section_figures(pub, "T2")["map"].to_json() == figures["map"].to_json()


def test_section_without_ties_says_so() -> None:
    section = network_section_figures(hand_publication(FW))
    assert section["table"].empty
    assert section["map"].layout.annotations[0].text == "Aucune donnée pour cette sélection."


def test_cooperation_app_updates_on_wave_change() -> None:
    from workbench.apps.cooperation import CooperationSection
    from workbench.apps.display import figure_of

    data = Dataset({"ties": rising_ties({"T0": 14, "T1": 16, "T2": 18})})
    app = CooperationSection(build_publication(data, FW))
    assert app.errors == []
    assert repr(app).startswith("CooperationSection(")   # no clash with ipywidgets' own names
    title = figure_of(app.outputs["map"])["layout"]["title"]["text"]
    assert "T2" in title
    app.set_waves("T1", "T0")
    assert app.errors == []
    assert "T1" in figure_of(app.outputs["map"])["layout"]["title"]["text"]
    assert "de T0 à T1" in figure_of(app.outputs["changes"])["layout"]["title"]["text"]


def test_cooperation_compares_a_wave_with_earlier_waves_only() -> None:
    from workbench.apps.cooperation import CooperationSection
    from workbench.apps.display import figure_of

    data = Dataset({"ties": rising_ties({"T0": 14, "T1": 16, "T2": 18})})
    app = CooperationSection(build_publication(data, FW))
    c = app.controls
    assert [v for _, v in c["compare_from"].options] == ["T0", "T1"]   # T2 shown
    c["wave"].value = "T1"
    assert [v for _, v in c["compare_from"].options] == ["T0"]
    c["wave"].value = "T0"                                             # the first wave
    assert c["compare_from"].options == () and c["compare_from"].disabled
    assert figure_of(app.outputs["changes"]) is None
    assert "première vague" in app.compare_note
    with pytest.raises(ValueError, match="antérieure"):
        app.set_waves("T1", "T2")
    # organisations are numbered in the roster's order, the same on every map
    numbers = node_numbers(ORGS[::-1], FW)
    assert [numbers[o.id] for o in FW.organisations if o.id in numbers] == list(
        range(1, len(numbers) + 1))
    name, content = c["kumu"].prepare()
    assert name == "reseau_kumu.xlsx" and content[:2] == b"PK"
    assert app.errors == []
