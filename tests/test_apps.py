"""The widget apps: filters change the figures in the outputs, masked cells are labelled, free
text is escaped, callback errors become a French sentence, bundles carry the plotly mimetype."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest_publication import hand_publication

from workbench.apps import CopilDashboard, ExplorerApp, ImportOverview, figure_bundle, figure_of
from workbench.apps.display import PLOTLY_MIME, html_table
from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import load_framework, parse_framework
from workbench.store import Store

MASKED = "effectif trop faible"
WAVES, QPVS, GROUPS = ["T0", "T1", "T2"], ["*", "tilleuls", "moulin"], ["*", "elus", "habitants"]


@pytest.fixture(scope="module")
def fw():
    return load_framework(DEFAULT_FRAMEWORK)


def value_of(indicator: str, wave: str, qpv: str, group: str) -> float:
    """A distinct, hand-checkable share per cell."""
    return round(0.1 * WAVES.index(wave) + 0.05 * QPVS.index(qpv) + 0.02 * GROUPS.index(group)
                 + 0.01 * int(indicator[1]), 4)


def hand_cubes() -> dict[str, pd.DataFrame]:
    """Agreement cubes for L1–L7 and a participation cube; moulin × T1 × * is masked."""
    cubes = {}
    for lesson in range(1, 8):
        ind = f"L{lesson}-agree"
        rows = []
        for wave, qpv, group in itertools.product(["*", *WAVES], QPVS, GROUPS):
            masked = (qpv, wave, group) == ("moulin", "T1", "*")
            value = np.nan if masked or wave == "*" else value_of(ind, wave, qpv, group)
            rows.append({"indicator": ind, "wave": wave, "qpv": qpv, "group": group,
                         "value": value, "n": np.nan if masked else 20 + lesson,
                         "lower": value - 0.1, "upper": value + 0.1, "masked": masked,
                         "reason": MASKED if masked else None, "mode": "cross_section",
                         "method": "wilson"})
        cubes[ind] = pd.DataFrame(rows)
    rows = []
    for step, qpv, group in itertools.product(["S2", "S3", "*"], QPVS, GROUPS):
        count = 12 + 3 * QPVS.index(qpv) + GROUPS.index(group)
        masked = qpv == "moulin" and group == "elus"
        rows.append({"indicator": "participation-step", "wave": "*", "qpv": qpv, "group": group,
                     "step": step, "value": np.nan if masked else count,
                     "n": np.nan if masked else count, "lower": np.nan, "upper": np.nan,
                     "masked": masked, "reason": None, "mode": "per_step", "method": "count"})
    cubes["participation-step"] = pd.DataFrame(rows)
    return cubes


@pytest.fixture
def dashboard(fw) -> CopilDashboard:
    return CopilDashboard(hand_publication(fw, hand_cubes()))


def heat_values(dash: CopilDashboard) -> list[list]:
    return figure_of(dash.outputs["barometer"])["data"][0]["z"]


def test_initial_render_fills_every_section(dashboard) -> None:
    for name, out in dashboard.outputs.items():
        if name == "likert":
            continue  # no questionnaire answers in this hand-built dataset
        assert figure_of(out) is not None, name
    assert dashboard.errors == []
    assert heat_values(dashboard)[0] == pytest.approx([value_of("L1-agree", w, "*", "*")
                                                       for w in WAVES])


def test_each_filter_changes_the_figures(dashboard) -> None:
    before = heat_values(dashboard)
    dashboard.set_filters(qpv="tilleuls")
    assert heat_values(dashboard)[2] == pytest.approx(
        [value_of("L3-agree", w, "tilleuls", "*") for w in WAVES])
    assert heat_values(dashboard) != before

    dashboard.set_filters(group="elus")
    assert heat_values(dashboard)[0] == pytest.approx(
        [value_of("L1-agree", w, "tilleuls", "elus") for w in WAVES])

    table_t2 = dashboard.lesson_table_html
    dashboard.set_filters(wave="T0")
    expected = round(100 * value_of("L1-agree", "T0", "tilleuls", "elus"))
    assert f"{expected}\u202f%" in dashboard.lesson_table_html
    assert dashboard.lesson_table_html != table_t2

    dashboard.set_filters(lesson="L5")
    trend = figure_of(dashboard.outputs["trend"])
    assert trend["data"][0]["name"] == "Accord : évolution des pratiques"
    assert trend["data"][0]["y"] == pytest.approx(
        [value_of("L5-agree", w, "tilleuls", "elus") for w in WAVES])
    assert dashboard.filters == {"qpv": "tilleuls", "group": "elus", "wave": "T0",
                                 "lesson": "L5"}
    assert dashboard.update_ms > 0 and dashboard.errors == []


def test_dropdown_change_triggers_refresh(dashboard) -> None:
    dashboard._qpv.value = "moulin"  # what a click does: the observer refreshes
    assert heat_values(dashboard)[0][0] == pytest.approx(value_of("L1-agree", "T0", "moulin", "*"))


def test_masked_cells_are_labelled_not_dropped(dashboard) -> None:
    dashboard.set_filters(qpv="moulin", wave="T1")
    heat = figure_of(dashboard.outputs["barometer"])
    assert heat["data"][0]["z"][0][1] is None  # T1 has no colour …
    assert heat["data"][1]["text"][0][1].replace("<br>", " ") == MASKED  # … but says why
    assert MASKED in dashboard.lesson_table_html
    trend = figure_of(dashboard.outputs["trend"])
    assert any(tr["name"] == MASKED and tr["x"] == ["T1"] for tr in trend["data"])


def test_free_text_is_escaped_in_html_widgets(fw) -> None:
    data = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    data["lessons"][0]["text_fr"] = "<script>alert('x')</script> et <img src=x onerror=alert(1)>"
    data["territory"]["name_fr"] = "Val <b>gras</b>"
    hostile = parse_framework(data)
    dash = CopilDashboard(hand_publication(hostile, hand_cubes()))
    html = "".join(w.value for w in _html_widgets(dash))
    assert "<script>" not in html and "<img" not in html and "<b>gras" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html
    table = html_table(pd.DataFrame({"Verbatim": ["<script>alert(1)</script>"]}))
    assert "<script>alert" not in table and "&lt;script&gt;" in table


def test_callback_error_becomes_a_french_sentence(fw) -> None:
    cubes = hand_cubes()
    cubes["L3-agree"] = cubes["L3-agree"].drop(columns=["masked"])
    dash = CopilDashboard(hand_publication(fw, cubes))
    assert dash.errors  # kept for the evaluator, not shown
    shown = "".join(w.value for w in _html_widgets(dash))
    assert "pas pu être mise à jour" in shown
    assert "Traceback" not in shown and "KeyError" not in shown
    assert figure_of(dash.outputs["trend"]) is not None  # the other sections still work
    assert figure_of(dash.outputs["pathway_trend"]) is not None


def test_bundle_is_plotly_mimetype_without_cdn(dashboard) -> None:
    out = dashboard.outputs["barometer"]
    (item,) = out.outputs
    assert item["output_type"] == "display_data"
    assert set(item["data"]) == {PLOTLY_MIME, "text/plain"}
    text = json.dumps(item["data"])  # plain JSON (no numpy, no base64 arrays)
    assert "http" not in text and "bdata" not in text
    assert figure_bundle(_fig())[PLOTLY_MIME]["data"][0]["y"] == [1.5, None]


def test_explorer_breakdowns_and_xlsx_export(fw, tmp_path) -> None:
    import io

    from openpyxl import load_workbook

    app = ExplorerApp(hand_publication(fw, hand_cubes()))
    app.set_filters(indicator="L2-agree", by="wave", qpv="moulin", group="*")
    fig = figure_of(app.chart_output)
    assert fig["data"][0]["y"] == ["T0", "T2"]
    assert fig["data"][1]["y"] == ["T1"] and fig["data"][1]["text"] == [MASKED]
    table = app.table()
    assert list(table.columns) == ["Vague", "Valeur", "Intervalle à 95 %", "Effectif (n)"]
    assert table.iloc[1].tolist() == ["T1", MASKED, "", ""]  # no bound, no n when masked
    assert table.iloc[0].tolist()[:2] == ["T0", "12\u202f%"]  # 0.12 for L2 × T0 × moulin
    assert MASKED in app.table_html and "<td>T1</td>" in app.table_html
    assert app.controls["qpv"].disabled is False and app.controls["wave"].disabled is True
    # the XLSX: a header block (indicator, breakdown, filters, date), then numbers as numbers
    name, content = app.xlsx()
    assert name == "L2-agree-wave-moulin.xlsx"
    rows = [r for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]
    header = {r[0]: r[1] for r in rows[:10] if r[0]}
    assert header["Indicateur"] == "Accord : mobilisation du droit commun"
    assert header["Quartier (QPV)"] == "Le Moulin" and "Exporté le" in header
    start = next(i for i, r in enumerate(rows) if r[0] == "Vague")
    assert rows[start + 1][:5] == ("T0", value_of("L2-agree", "T0", "moulin", "*"),
                                   pytest.approx(value_of("L2-agree", "T0", "moulin", "*") - 0.1),
                                   pytest.approx(value_of("L2-agree", "T0", "moulin", "*") + 0.1),
                                   22)
    assert rows[start + 2] == ("T1", None, None, None, None, MASKED)
    written = app.export_xlsx(tmp_path / "export.xlsx")
    assert written.read_bytes()[:2] == b"PK"
    app.set_filters(by="group", wave="T2")
    assert figure_of(app.chart_output)["data"][0]["y"] == ["Élus", "Habitants", "Ensemble"]
    assert "coupes transversales répétées" in app.mode_text
    assert app.errors == []


def test_explorer_offers_only_the_breakdowns_an_indicator_has(fw) -> None:
    cubes = hand_cubes()
    network = pd.DataFrame([{"indicator": "coop-density", "wave": w, "qpv": "*", "group": "*",
                             "value": 0.4 + 0.1 * i, "n": 14, "lower": np.nan,
                             "upper": np.nan, "masked": False, "reason": None,
                             "mode": "cross_section", "method": "count"}
                            for i, w in enumerate(WAVES)])
    cubes["coop-density"] = network
    app = ExplorerApp(hand_publication(fw, cubes))
    app.set_filters(indicator="L1-agree", by="qpv", qpv="tilleuls")
    app.set_filters(indicator="coop-density")
    assert app.breakdowns == ["wave"]
    assert [v for _, v in app.controls["by"].options] == ["wave"]
    assert app.controls["qpv"].disabled and app.controls["qpv"].value == "*"
    assert app.controls["group"].disabled
    assert "réseau des organisations" in app.scope_text and "quartier" in app.scope_text
    assert "Aucune donnée" not in app.table_html and "No data" not in app.table_html
    assert figure_of(app.chart_output)["data"][0]["y"] == WAVES
    with pytest.raises(ValueError, match="pas ventilé par"):
        app.set_filters(by="qpv")
    # back to a questionnaire indicator: the QPV chosen before is chosen again
    app.set_filters(indicator="L1-agree")
    assert app.controls["qpv"].value == "tilleuls" and not app.controls["qpv"].disabled
    assert app.errors == []


def test_import_overview_escapes_and_counts(tmp_path) -> None:
    store = Store(tmp_path / "wb.sqlite").initialise()
    with store.transaction() as con:
        store.add_source(con, path="/raw/<img src=x onerror=alert(1)>_T1.csv", sha256="abc",
                         format="limesurvey", instrument="barometre", rows=12, wave="T1",
                         rejected=2)
    view = ImportOverview.from_store(store)
    assert view.sources.iloc[0].tolist()[:6] == ["<img src=x onerror=alert(1)>_T1.csv",
                                                 "limesurvey",
                                                 "barometre", "T1", 12, 2]
    assert "<img" not in view.html and "&lt;img src=x onerror=alert(1)&gt;" in view.html
    assert "1 fichier(s) importé(s) ; 2 ligne(s) rejetée(s)" in view.html
    empty = ImportOverview.from_store(Store(tmp_path / "none.sqlite"))
    assert "Aucun fichier importé" in empty.html


def test_sections_without_data_say_so(dashboard) -> None:
    """A store with indicators but no workshop data: the sections show French messages."""
    assert dashboard.errors == []
    assert "Aucune enquête relationnelle" in dashboard.html["network_table"]
    assert "Aucun verbatim citable" in dashboard.html["voices"]
    for name in ("network_map", "pathway", "participation"):
        assert figure_of(dashboard.outputs[name]) is not None, name


def _html_widgets(widget):
    import ipywidgets as widgets

    if isinstance(widget, widgets.HTML):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from _html_widgets(child)


def _fig():
    import plotly.graph_objects as go

    return go.Figure(go.Bar(x=["a", "b"], y=np.array([1.5, np.nan])))
