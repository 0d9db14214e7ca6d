"""Progress-marker attainment by hand, the pathway graph, its layout (views) and its diagram
(charts on hand-made frames)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest_publication import hand_publication

from workbench.charts.pathways import attainment_trend_chart, marker_ratings_chart, pathway_diagram
from workbench.config import DEFAULT_FRAMEWORK
from workbench.exports.section_figures import pathway_diagram_figure, pathway_figures
from workbench.framework import Indicator, load_framework
from workbench.indicators.pathway_views import (
    diagram_view,
    marker_grid,
    pathway_columns,
    pathway_rows,
    rating_periods,
)
from workbench.indicators.pathways import (
    canonical_rating,
    canonical_tier,
    change_attainment,
    marker_attainment,
    marker_attainment_cube,
    pathway_graph,
)
from workbench.indicators.registry import select
from workbench.publication import build_publication
from workbench.store import Dataset

FW = load_framework(DEFAULT_FRAMEWORK)
SPEC = Indicator(id="L7-markers", lesson="L7", kind="marker_attainment", evidence="change",
                 label_fr="x", label_en="x")


def crafted() -> Dataset:
    changes = pd.DataFrame([
        {"change_id": "i1", "level": "intermediate", "label": "Les élus co-animent",
         "actor_group": "elus", "pathway": "p"},
        {"change_id": "i2", "level": "intermediate", "label": "Les services partagent",
         "actor_group": "services, acteurs", "pathway": "p"},
        {"change_id": "l1", "level": "long_term", "label": "Pilotage partagé",
         "actor_group": None, "pathway": "p"},
        {"change_id": "v", "level": "vision", "label": "Des quartiers où il fait bon vivre",
         "actor_group": None, "pathway": "p"},
    ]).assign(source_id=1, register=None)
    links = pd.DataFrame({"from_change": ["i1", "i2", "l1"], "to_change": ["l1", "l1", "v"],
                          "source_id": 1})
    markers = pd.DataFrame([
        {"marker_id": "m1", "change_id": "i1", "actor_group": "elus", "tier": "expect",
         "label": "Viennent aux séminaires"},
        {"marker_id": "m2", "change_id": "i1", "actor_group": "elus", "tier": "like",
         "label": "Prennent la parole"},
        {"marker_id": "m3", "change_id": "i1", "actor_group": "elus", "tier": "love",
         "label": "Animent eux-mêmes"},
        {"marker_id": "m4", "change_id": "i2", "actor_group": "services", "tier": "attendu",
         "label": "Répondent aux invitations"},
    ]).assign(source_id=1)
    ratings = pd.DataFrame([
        ("m1", "T1", "high"), ("m2", "T1", "medium"), ("m3", "T1", "none"), ("m4", "T1", "low"),
        ("m1", "T2", "high"), ("m2", "T2", "high"), ("m3", "T2", "élevé"), ("m4", "T2", "moyen"),
    ], columns=["marker_id", "period", "rating"]).assign(evidence=None, source_id=1)
    return Dataset({"changes": changes, "change_links": links, "progress_markers": markers,
                    "marker_ratings": ratings})


def test_synonyms() -> None:
    assert canonical_tier("Souhaité") == "like" and canonical_tier("idéal") == "love"
    assert canonical_rating("Élevé") == "high" and canonical_rating("???") is None


def test_attainment_by_hand() -> None:
    cube = marker_attainment(crafted(), SPEC, FW)
    # T1 elus: (1·1 + 2·2/3 + 3·0) / (1 + 2 + 3) = (7/3) / 6
    assert select(cube, wave="T1", group="elus").iloc[0]["value"] == pytest.approx(7 / 18)
    assert select(cube, wave="T1", group="services").iloc[0]["value"] == pytest.approx(1 / 3)
    # T1 all: (7/3 + 1/3) / 7
    everyone = select(cube, wave="T1").iloc[0]
    assert everyone["value"] == pytest.approx((8 / 3) / 7) and everyone["markers"] == 4
    assert select(cube, wave="T2", group="elus").iloc[0]["value"] == pytest.approx(1.0)
    assert select(cube, wave="T2").iloc[0]["value"] == pytest.approx((6 + 2 / 3) / 7)
    assert np.isnan(everyone["lower"]) and pd.isna(everyone["n"])
    weighted_equal = marker_attainment(crafted(), SPEC.model_copy(update={
        "params": {"tier_weights": {"expect": 1, "like": 1, "love": 1}}}), FW)
    assert select(weighted_equal, wave="T1", group="elus").iloc[0]["value"] == pytest.approx(
        (1 + 2 / 3) / 3)


def test_compute_keeps_attainment_visible() -> None:
    cube = marker_attainment_cube(crafted(), FW)  # n is not people: nothing to mask
    assert not cube["masked"].any()
    assert set(cube["wave"]) == {"T1", "T2"}


def test_graph_and_change_attainment() -> None:
    graph = pathway_graph(crafted())
    assert set(graph.edges) == {("i1", "l1"), ("i2", "l1"), ("l1", "v")}
    per_change = change_attainment(crafted(), "T1").set_index("change_id")
    assert per_change.loc["i1", "value"] == pytest.approx(7 / 18)
    assert "l1" not in per_change.index
    latest = change_attainment(crafted(), None).set_index("change_id")
    assert latest.loc["i2", "value"] == pytest.approx(2 / 3)


def test_layout_columns_and_rows() -> None:
    graph = pathway_graph(crafted())
    column = pathway_columns(graph)
    assert column == {"i1": 0, "i2": 0, "l1": 1, "v": 2}  # the vision is rightmost
    row = pathway_rows(graph, column)
    assert row["l1"] == row["v"] == pytest.approx(0.5)
    assert sorted([row["i1"], row["i2"]]) == pytest.approx([1 / 3, 2 / 3])


def test_diagram_view_boxes_links_and_period() -> None:
    view = diagram_view(crafted(), FW)
    assert view.period == "T2"                              # the latest rated period
    assert rating_periods(crafted(), FW) == ["T1", "T2"]
    at_t1 = diagram_view(crafted(), FW, period="T1")
    boxes = at_t1.boxes.set_index("change_id")
    assert boxes["column"].to_dict() == {"i1": 0, "i2": 0, "l1": 1, "v": 2}
    assert boxes.loc["i1", "value"] == pytest.approx(7 / 18) and boxes.loc["i1", "markers"] == 3
    assert not boxes.loc["l1", "rated"] and np.isnan(boxes.loc["l1", "value"])
    assert at_t1.links.values.tolist() == [["i1", "l1"], ["i2", "l1"], ["l1", "v"]]
    assert diagram_view(Dataset({}), FW).boxes.empty


def test_diagram_chart_draws_hand_made_boxes() -> None:
    boxes = pd.DataFrame({
        "change_id": ["a", "b"], "label": ["Les élus co-animent", "Des quartiers apaisés"],
        "level": ["intermediate", "vision"], "actor_group": ["elus", None], "column": [0, 1],
        "row": [0.5, 0.5], "rated": [True, False], "value": [0.25, np.nan],
        "markers": [2.0, np.nan]})
    links = pd.DataFrame({"from_change": ["a"], "to_change": ["b"]})
    fig = pathway_diagram(boxes, links, FW, period="T1")
    assert fig.layout.title.text.endswith("T1")
    assert len(fig.layout.shapes) == 2 and fig.layout.shapes[1].fillcolor == "#E6E6E6"
    assert fig.layout.shapes[1].line.dash == "dot"          # no rated marker: grey, dotted
    assert len([a for a in fig.layout.annotations if a.showarrow]) == 1
    rated = next(tr for tr in fig.data if tr.customdata is not None and list(tr.customdata)
                 == ["a"])
    assert list(rated.marker.color) == [0.25]
    assert "Atteinte : 25\u202f% (2 marqueur(s)" in rated.hovertext[0]
    assert "Élus" in rated.hovertext[0]
    bands = [a.text for a in fig.layout.annotations if not a.showarrow and a.y == 1.12]
    assert [b.replace("<br>", " ") for b in bands] == [
        "<b>Changements intermédiaires</b>", "<b>Vision</b>"]
    assert "Aucun" in pathway_diagram(boxes.iloc[0:0], links, FW).layout.annotations[0].text


def test_diagram_left_to_right_and_coloured() -> None:
    fig = pathway_diagram_figure(build_publication(crafted(), FW), period="T1")
    position, colour = {}, {}
    for trace in fig.data:
        if trace.customdata is None:
            continue
        values = trace.marker.color
        for i, node in enumerate(trace.customdata):
            position[node] = trace.x[i]
            colour[node] = None if isinstance(values, str) else values[i]
    assert position == {"i1": 0, "i2": 0, "l1": 1, "v": 2}  # the vision is rightmost
    # as published (rounded to whole percents)
    assert colour["i1"] == pytest.approx(round(7 / 18, 2)) and colour["i2"] == pytest.approx(0.33)
    assert colour["l1"] is None  # no marker: grey box
    boxes = {round(shape.x0 + 0.4): shape.fillcolor for shape in fig.layout.shapes}
    assert len(fig.layout.shapes) == 4 and boxes[1] == "#E6E6E6"
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 3
    texts = [(a.text or "").replace("<br>", " ") for a in fig.layout.annotations]
    assert "Des quartiers où il fait bon vivre" in texts


def test_ratings_chart_on_a_hand_made_frame() -> None:
    rated = pd.DataFrame({
        "marker_id": ["m2", "m1", "m1"], "actor_group": ["elus", "elus", "elus"],
        "tier": ["like", "expect", "expect"], "tier_rank": [1, 0, 0],
        "label": ["Prennent la parole", "Viennent", "Viennent"], "period": ["T2", "T1", "T2"],
        "rating": ["high", "low", None], "score": [1.0, 1 / 3, np.nan]})
    fig = marker_ratings_chart(rated, FW)
    heat = fig.data[0]
    assert list(heat.x) == ["T1", "T2"]                      # the framework's wave order
    assert [y.split(" · ")[1] for y in heat.y] == ["Attendu", "Souhaité"]  # tiers in order
    assert [list(r) for r in heat.text] == [["faible", ""], ["", "élevé"]]
    assert np.isnan(heat.z[0][1]) and heat.z[1][1] == 1.0
    assert not marker_ratings_chart(rated, FW, actor_group="services").data


def test_trend_and_ratings_figures() -> None:
    cube = marker_attainment_cube(crafted(), FW)
    trend = attainment_trend_chart(cube, FW)
    names = [tr.name for tr in trend.data]
    assert names == ["Ensemble", "Élus", "Services de droit commun"]  # the total drawn first
    assert len({tr.marker.symbol for tr in trend.data}) == 3       # and no line hides another
    assert len({tr.x[0] for tr in trend.data}) == 3
    ratings = marker_ratings_chart(marker_grid(crafted()), FW, actor_group="elus")
    assert list(ratings.data[0].text[2]) == ["aucun", "élevé"]  # m3 (idéal): none → high
    empty = pathway_figures(hand_publication(FW))
    assert set(empty) == {"diagram", "trend", "ratings"}


def test_pathways_app_redraws_on_period_change() -> None:
    from workbench.apps.display import figure_of
    from workbench.apps.pathways import PathwaysApp

    app = PathwaysApp(crafted(), FW)
    c, out = app.controls, app.outputs
    assert c["period"].value == "T2"  # latest period first
    title = figure_of(out["diagram"])["layout"]["title"]["text"]
    assert title.endswith("T2")
    c["period"].value = "T1"
    assert figure_of(out["diagram"])["layout"]["title"]["text"].endswith("T1")
    c["group"].value = "services"
    ratings = figure_of(out["ratings"])["data"][0]
    assert len(ratings["y"]) == 1  # the services' one marker
    assert figure_of(out["trend"])["data"]


def test_a_pathway_is_named_by_its_vision_never_by_its_identifier() -> None:
    from workbench.apps.pathways import PathwaysApp, pathway_names

    changes = pd.DataFrame({"pathway": ["chemin-changement", "chemin-changement", "autre_chemin"],
                            "level": ["vision", "intermediate", "intermediate"],
                            "label": ["Des quartiers apaisés", "Les élus co-animent", "x"]})
    assert pathway_names(changes) == {"autre_chemin": "Autre chemin",
                                      "chemin-changement":
                                      "Chemin vers : « Des quartiers apaisés »"}
    app = PathwaysApp(crafted(), FW)
    assert all("-" not in label for label, _ in app.controls["pathway"].options)
