"""The COPIL dashboard on the demo store: every section, each filter changes the figures of the
sections that depend on it (and only those), masked cells labelled, verbatims escaped, no
exception text on the page. Expected values come from the publication's tables read directly."""

from __future__ import annotations

import dataclasses
import json
import re

import ipywidgets as widgets
import pandas as pd
import pytest

from workbench.apps import CopilDashboard, figure_of
from workbench.indicators import select
from workbench.publication import views

MASKED = "effectif trop faible"
SECTIONS = ["1. Le baromètre", "2. Un enseignement", "3. La participation",
            "4. Le réseau de coopération", "5. Les paroles", "6. Le chemin de changement"]
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)> & « nous »"


@pytest.fixture(scope="module")
def demo(demo_publication):
    return demo_publication.fw, demo_publication


@pytest.fixture(scope="module")
def dash(demo):
    return CopilDashboard(demo[1])


def quotes_of(pub, **where: str) -> pd.DataFrame:
    quotes = pub.quotes
    for column, wanted in where.items():
        quotes = quotes[quotes[column] == wanted]
    return quotes


@pytest.fixture(autouse=True)
def _reset(dash):
    dash.set_filters(qpv="*", group="*", wave="T2", lesson="L1")


def figures(d: CopilDashboard) -> dict[str, str]:
    return {name: json.dumps(figure_of(out)) for name, out in d.outputs.items()}


def page_text(widget) -> str:
    parts = []
    if isinstance(widget, widgets.HTML):
        parts.append(widget.value)
    for child in getattr(widget, "children", ()):
        parts.append(page_text(child))
    return "".join(parts)


def changed_after(d: CopilDashboard, **choice: str) -> set[str]:
    before = figures(d)
    d.set_filters(**choice)
    after = figures(d)
    return {name for name in before if before[name] != after[name]}


def test_every_section_in_order_with_header(dash) -> None:
    text = page_text(dash)
    positions = [text.index(title) for title in SECTIONS]
    assert positions == sorted(positions)
    assert "Territoire fictif" in text and "moins de 11 personnes" in text
    assert "coupes transversales répétées" in text
    assert "le réseau porte sur les organisations" in text.lower()
    for name, out in dash.outputs.items():
        assert figure_of(out) is not None, name
    for name in ("lesson_table", "network_table", "network_pairs", "voices"):
        assert dash.html[name], name
    assert dash.errors == []


def test_qpv_filter_changes_dependent_sections_only(dash, demo) -> None:
    _fw, pub = demo
    changed = changed_after(dash, qpv="tilleuls")
    assert {"barometer", "trend", "likert", "participation", "continuity",
            "salience"} <= changed
    assert not changed & {"network_map", "network_changes", "pathway", "pathway_trend"}
    funnel = views.funnel(pub, "tilleuls")
    heat = figure_of(dash.outputs["participation"])["data"][1]
    everyone = heat["y"].index("Ensemble")
    shown = [None if v is None else int(v) for v in heat["z"][everyone]]
    total = funnel[funnel["group"] == "*"].sort_values("step_number")
    assert shown == [None if m else int(n) for n, m in zip(total["n"], total["masked"],
                                                           strict=True)]
    salience = views.salience_table(pub, wave="T2", qpv="tilleuls")
    bars = figure_of(dash.outputs["salience"])["data"][0]
    visible = salience[~salience["masked"].astype(bool)]
    assert bars.get("x", []) == pytest.approx(visible["value"].tolist())
    quotes = quotes_of(pub, qpv="tilleuls", wave="T2")
    assert f"{len(quotes)} verbatim(s) citable(s)" in dash.html["voices"]
    assert "Le Moulin" not in dash.html["voices"]


def test_group_filter_changes_dependent_sections_only(dash, demo) -> None:
    _fw, pub = demo
    changed = changed_after(dash, group="habitants")
    assert {"barometer", "trend", "participation", "continuity", "salience"} <= changed
    assert not changed & {"network_map", "network_changes", "pathway"}
    # the group the title names, and no « Ensemble » row that would ignore the filter
    assert figure_of(dash.outputs["participation"])["data"][1]["y"] == ["Habitants"]
    cube = dash._cubes["L6-agree"]
    heat = figure_of(dash.outputs["barometer"])["data"][0]
    expected = select(cube, wave="T2", qpv="*", group="habitants")["value"].iloc[0]
    assert heat["z"][5][2] == pytest.approx(expected)
    quotes = quotes_of(pub, group="habitants", wave="T2")
    assert f"{len(quotes)} verbatim(s) citable(s)" in dash.html["voices"]
    assert "World café" not in dash.html["voices"]  # world café notes have no group


def test_wave_filter_changes_dependent_sections_only(dash, demo) -> None:
    _fw, pub = demo
    table_t2 = dash.lesson_table_html
    changed = changed_after(dash, wave="T1")
    assert {"likert", "network_map", "network_changes", "pathway", "salience"} <= changed
    assert not changed & {"barometer", "trend", "participation", "continuity", "pathway_trend"}
    assert dash.lesson_table_html != table_t2
    assert "T1" in figure_of(dash.outputs["network_map"])["layout"]["title"]["text"]
    assert "de T0 à T1" in figure_of(dash.outputs["network_changes"])["layout"]["title"]["text"]
    assert "période T1" in figure_of(dash.outputs["pathway"])["layout"]["title"]["text"]
    quotes = quotes_of(pub, wave="T1")
    assert f"{len(quotes)} verbatim(s) citable(s)" in dash.html["voices"]
    dash.set_filters(wave="T0")
    notes = json.dumps(figure_of(dash.outputs["network_changes"]), ensure_ascii=False)
    assert "première vague" in notes
    assert "Aucun marqueur de progrès" in json.dumps(figure_of(dash.outputs["pathway"]),
                                                    ensure_ascii=False)


def test_lesson_filter_changes_the_drill_down(dash) -> None:
    changed = changed_after(dash, lesson="L4")
    assert {"trend", "likert"} <= changed
    assert not changed & {"barometer", "participation", "network_map", "salience"}
    assert figure_of(dash.outputs["trend"])["layout"]["title"]["text"].startswith("L4")


def test_masked_figures_are_labelled(dash) -> None:
    dash.set_filters(qpv="moulin", group="elus")
    barometer = json.dumps(figure_of(dash.outputs["barometer"]), ensure_ascii=False)
    funnel = json.dumps(figure_of(dash.outputs["participation"]), ensure_ascii=False)
    assert MASKED in barometer.replace("<br>", " ")
    assert MASKED in funnel.replace("<br>", " ")
    assert MASKED in dash.lesson_table_html


def test_verbatim_markup_is_inert(demo) -> None:
    _fw, pub = demo
    quotes = pub.quotes.copy()
    hit = (quotes["verbatim_id"] == quotes_of(pub, wave="T2")["verbatim_id"].iloc[0]).to_numpy()
    quotes.loc[hit, "text"] = HOSTILE
    quotes.loc[hit, "title"] = "<b onmouseover=alert(3)>titre</b>"
    hostile = dataclasses.replace(pub, tables={**pub.tables, "quotes": quotes})
    board = CopilDashboard(hostile)
    html = board.html["voices"]
    assert "<script" not in html and "<img" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert board.errors == []


def test_no_code_or_exception_text_on_the_page(dash, demo) -> None:
    fw, _pub = demo
    seen = []
    for wave in fw.wave_ids:
        for qpv in ["*", *fw.qpv_ids]:
            dash.set_filters(wave=wave, qpv=qpv, group="acteurs")
            seen.append(page_text(dash))
    text = re.sub(r"<style>.*?</style>", "", "".join(seen), flags=re.S)
    for marker in ("Traceback", "Error", "Exception", "File \"", "NaN", "None", "nan %"):
        assert marker not in text, marker
    assert dash.errors == []


def test_kept_renders_are_reused(dash, monkeypatch) -> None:
    """Only the parts whose filters changed are rendered; a return visit renders nothing."""
    rendered: list[str] = []
    real = CopilDashboard._render

    def spy(part, filters):
        rendered.append(part.name)
        return real(part, filters)

    monkeypatch.setattr(dash, "_render", spy)
    dash.set_filters(qpv="bel-air")
    assert rendered and not set(rendered) & {"network_map", "network_changes", "pathway",
                                             "network_table", "pathway_trend", "lesson_text"}
    dash.set_filters(qpv="la-source")
    rendered.clear()
    dash.set_filters(qpv="bel-air")
    assert rendered == []
    assert "Bel-Air" in figure_of(dash.outputs["barometer"])["layout"]["title"]["text"]


def test_empty_quotes_and_no_ties_do_not_break(demo) -> None:
    _fw, pub = demo
    kept = {k: v for k, v in pub.tables.items()
            if k != "quotes" and not k.startswith("network:")
            and not k.startswith(("indicator:coop-", "indicator:_network", "indicator:L2-ei",
                                  "indicator:L2-cent", "indicator:L2-value"))}
    board = CopilDashboard(dataclasses.replace(pub, tables=kept))
    assert board.errors == []
    assert "Aucune enquête relationnelle" in board.html["network_table"]
    assert "Aucun verbatim citable" in board.html["voices"]
    assert isinstance(board.indicator_table([]), pd.DataFrame)


def test_lesson_table_says_how_far_each_figure_can_be_trusted(dash, demo) -> None:
    """Beside the agreement figure: « ne se prononce pas », α with its warning, the change
    since the previous wave and whether it follows the same people; voices carry the coders'
    agreement (« fiabilité faible » under 0.667); full counts read « x sur y » without an
    interval, and a wave before any step says so."""
    fw, _ = demo
    table = dash.indicator_table([s for s in fw.indicators if s.lesson == "L1"])
    agree = table.set_index("Indicateur").loc["Accord : implication des élus"]
    cube = dash._cubes["L1-agree"]
    cell = select(cube, wave="T2", qpv="*", group="*").iloc[0]
    assert agree["Ne se prononce pas"] == f"{round(100 * cell['nsp_share'])}\u202f%"
    assert agree["Effectif (n)"] == f"{int(cell['n'])} personnes"
    assert agree["Fiabilité"].startswith("α = ") and "α faible" in agree["Fiabilité"]
    assert "en partie les mêmes personnes" in agree["Évolution depuis T1"]
    assert "suivies aux deux vagues" in agree["Évolution depuis T1"]
    reach = table.set_index("Indicateur").loc["Élus ciblés présents à au moins une étape"]
    # every one of the 24 targeted élus came by T2: « 24 sur 24 » would say what each of
    # them did (group disclosure), so the figure is masked and says why
    assert reach["Valeur"] == "masqué : révélerait la réponse d'un petit groupe"
    assert reach["Intervalle à 95 %"] == "" and reach["Effectif (n)"] == ""
    voices = table.set_index("Indicateur").loc[
        "Paroles : verbatims codés évoquant le travail avec les élus"]
    assert voices["Fiabilité"].startswith(("fiabilité faible", "fiabilité provisoire",
                                           "fiable"))
    assert "verbatims (" in voices["Effectif (n)"]
    dash.set_filters(wave="T0")
    early = dash.indicator_table([s for s in fw.indicators if s.lesson == "L1"])
    assert early.set_index("Indicateur").loc[
        "Élus ciblés présents à au moins une étape", "Valeur"] == \
        "aucune étape tenue avant cette vague"
    assert "Évolution depuis" not in " ".join(early.columns)  # nothing before the first wave


def test_composition_beside_the_barometer(dash) -> None:
    html = dash.html["composition"]
    assert "Qui a répondu à chaque vague" in html and "Habitants" in html
    # the demo's residents fell from 45 % to 35 %, but no adjusted value is published: the
    # élus, their own stratum, are masked at T1 and T2 (the adjusted value and the other groups
    # would give the élus' figure back). A table of published shares only would read as
    # adjusted: the page says why there is none instead.
    assert "ajustée à T0" not in html and "Part d'accord ajustée" not in html
    assert "ajustées à la composition de T0 ne sont pas publiées" in html
    dash.set_filters(group="elus")
    assert dash.html["composition"] == ""  # one group: nothing to adjust
    header = page_text(dash)
    assert "ont répondu à au moins deux vagues" in header


def test_heatmap_cells_show_the_nsp_share(dash) -> None:
    heat = figure_of(dash.outputs["barometer"])
    assert any("NSP" in str(text) for row in heat["data"][0]["text"] for text in row)
