"""Progress-marker attainment by hand, the pathway graph and its diagram."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.charts.pathways import (
    attainment_trend_chart,
    marker_ratings_chart,
    pathway_diagram,
    pathway_figures,
)
from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import Indicator, load_framework
from workbench.indicators.pathways import (
    canonical_rating,
    canonical_tier,
    change_attainment,
    marker_attainment,
    marker_attainment_cube,
    pathway_graph,
)
from workbench.indicators.registry import select
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


def test_diagram_left_to_right_and_coloured() -> None:
    fig = pathway_diagram(crafted(), FW, period="T1")
    position, colour = {}, {}
    for trace in fig.data:
        if trace.customdata is None:
            continue
        values = trace.marker.color
        for i, node in enumerate(trace.customdata):
            position[node] = trace.x[i]
            colour[node] = None if isinstance(values, str) else values[i]
    assert position == {"i1": 0, "i2": 0, "l1": 1, "v": 2}  # the vision is rightmost
    assert colour["i1"] == pytest.approx(7 / 18) and colour["i2"] == pytest.approx(1 / 3)
    assert colour["l1"] is None  # no marker: grey box
    boxes = {round(shape.x0 + 0.4): shape.fillcolor for shape in fig.layout.shapes}
    assert len(fig.layout.shapes) == 4 and boxes[1] == "#E6E6E6"
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 3
    texts = [(a.text or "").replace("<br>", " ") for a in fig.layout.annotations]
    assert "Des quartiers où il fait bon vivre" in texts


def test_trend_and_ratings_figures() -> None:
    cube = marker_attainment_cube(crafted(), FW)
    trend = attainment_trend_chart(cube, FW)
    names = [tr.name for tr in trend.data]
    assert names == ["Élus", "Services de droit commun", "Ensemble"]
    ratings = marker_ratings_chart(crafted(), FW, actor_group="elus")
    assert list(ratings.data[0].text[2]) == ["aucun", "élevé"]  # m3 (idéal): none → high
    empty = pathway_figures(Dataset({}), FW)
    assert set(empty) == {"diagram", "trend", "ratings"}


def test_pathways_app_redraws_on_period_change() -> None:
    from workbench.apps.display import figure_of
    from workbench.apps.pathways import PathwaysApp

    app = PathwaysApp(crafted(), FW)
    assert app._period.value == "T2"  # latest period first
    title = figure_of(app._diagram)["layout"]["title"]["text"]
    assert title.endswith("T2")
    app._period.value = "T1"
    assert figure_of(app._diagram)["layout"]["title"]["text"].endswith("T1")
    app._group.value = "services"
    ratings = figure_of(app._ratings)["data"][0]
    assert len(ratings["y"]) == 1  # the services' one marker
    assert figure_of(app._trend)["data"]
