"""Figure builders: trace data against hand-computed values, French labels, n shown, masked
cells labelled « effectif trop faible », no widget import, no web font or CDN."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from workbench import charts
from workbench.charts import style
from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import load_framework

MASKED = "effectif trop faible"


@pytest.fixture(scope="module")
def fw():
    return load_framework(DEFAULT_FRAMEWORK)


def _row(**kw):
    base = {"indicator": "L1-agree", "wave": "T0", "qpv": "*", "group": "*", "value": np.nan,
            "n": np.nan, "lower": np.nan, "upper": np.nan, "masked": False, "reason": None,
            "mode": "cross_section", "method": "wilson"}
    base.update(kw)
    return base


def _all_text(fig) -> str:
    return json.dumps(fig.to_plotly_json(), default=str, ensure_ascii=False)


def test_charts_never_import_widgets() -> None:
    code = ("import sys, workbench.charts; "
            "bad = [m for m in ('ipywidgets', 'IPython', 'voila') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_charts_never_load_store_indicators_or_privacy() -> None:
    """Charts draw computed frames: importing them (every module) loads no layer that reads,
    computes or masks."""
    code = ("import importlib, pkgutil, sys, workbench.charts as c\n"
            "for m in pkgutil.iter_modules(c.__path__, 'workbench.charts.'):\n"
            "    importlib.import_module(m.name)\n"
            "banned = ('workbench.store', 'workbench.indicators', 'workbench.privacy',\n"
            "          'workbench.ingest', 'workbench.sources')\n"
            "print(','.join(sorted(m for m in sys.modules if m.startswith(banned))))\n"
            "print(','.join(sorted(m for m in sys.modules if m.startswith('workbench.charts.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, charts_loaded = out.stdout.splitlines()
    assert loaded == ""
    assert {"workbench.charts.network", "workbench.charts.pathways"} <= set(
        charts_loaded.split(","))


def test_french_number_formats() -> None:
    assert style.format_value(0.625, "share") == "62\u202f%"  # 62.5 rounds half to even
    assert style.format_value(3.46, "score") == "3,5"
    assert style.format_value(1234, "count") == "1\u202f234"
    assert style.format_interval(0.48, 0.71, "share") == "[48\u202f% ; 71\u202f%]"
    assert style.format_n(45.0) == "n = 45"
    assert style.format_value(float("nan"), "share") == ""


def test_heatmap_cells_hold_value_and_n_and_masked_text(fw) -> None:
    overview = pd.DataFrame([
        {"lesson": "L1", "wave": "T0", "indicator": "L1-agree", "value": 0.25, "n": 40,
         "lower": 0.14, "upper": 0.40, "masked": False},
        {"lesson": "L1", "wave": "T1", "indicator": "L1-agree", "value": np.nan, "n": np.nan,
         "lower": np.nan, "upper": np.nan, "masked": True},
        {"lesson": "L2", "wave": "T0", "indicator": "L2-agree", "value": 0.75, "n": 12,
         "lower": 0.47, "upper": 0.91, "masked": False},
        {"lesson": "L2", "wave": "T1", "indicator": None, "value": np.nan, "n": np.nan,
         "lower": np.nan, "upper": np.nan, "masked": False},
    ])
    fig = charts.lesson_heatmap(overview, framework=fw)
    values, masked = fig.data
    assert list(values.x) == ["T0", "T1"]
    assert values.y[0].replace("<br>", " ").startswith("L1 · Travailler avec les élus")
    assert "…" not in "".join(values.y)  # full lesson names, wrapped, never cut
    # colour = position on the share scale, NaN where masked or missing
    assert values.z[0][0] == pytest.approx(0.25) and values.z[1][0] == pytest.approx(0.75)
    assert math.isnan(values.z[0][1]) and math.isnan(values.z[1][1])
    assert values.text[0][0] == "<b>25\u202f%</b><br>n = 40"
    assert values.text[1][0] == "<b>75\u202f%</b><br>n = 12"
    assert values.text[1][1] == "–"  # no data is not « masked »
    # masked cell: grey trace labelled, no count leaked anywhere in that cell
    assert masked.text[0][1].replace("<br>", " ") == MASKED
    assert masked.z[0][1] == 0 and math.isnan(masked.z[0][0])
    assert "n =" not in values.customdata[0][1]
    assert "[14\u202f% ; 40\u202f%]" in values.customdata[0][0]


def test_trend_error_bars_target_and_masked_wave(fw) -> None:
    rows = pd.DataFrame([
        _row(wave="T0", value=0.40, n=40, lower=0.26, upper=0.56),
        _row(wave="T1", masked=True),
        _row(wave="T2", value=0.60, n=50, lower=0.46, upper=0.72),
    ])
    fig = charts.lesson_trend(rows, framework=fw, labels={"L1-agree": "Accord"},
                              targets={"L1-agree": 0.6}, unit="share")
    line = fig.data[0]
    assert line.name == "Accord"
    assert list(line.x) == ["T0", "T1", "T2"]
    assert line.y[0] == pytest.approx(0.40)
    assert line.y[1] is None or math.isnan(line.y[1])
    assert line.error_y.array[0] == pytest.approx(0.16)
    assert list(line.error_y.arrayminus)[2] == pytest.approx(0.14)
    assert line.text[0] == "40\u202f% (n = 40)" and line.text[1] == ""
    target = fig.data[1]
    assert set(target.y) == {0.6} and "cible" in target.name
    masked = [tr for tr in fig.data if tr.name == MASKED]
    assert len(masked) == 1 and list(masked[0].x) == ["T1"] and masked[0].text == (MASKED,)
    assert fig.layout.xaxis.title.text == "Vague"


def test_indicator_bars_breakdown_in_framework_order(fw) -> None:
    cube = pd.DataFrame([
        _row(wave="T2", qpv="moulin", masked=True),
        _row(wave="T2", qpv="tilleuls", value=0.5, n=30, lower=0.33, upper=0.67),
        _row(wave="T2", qpv="*", value=0.55, n=80, lower=0.44, upper=0.65),
        _row(wave="T1", qpv="tilleuls", value=0.1, n=30, lower=0.03, upper=0.26),
    ])
    fig = charts.indicator_bars(cube, by="qpv", wave="T2", framework=fw, unit="share",
                                target=0.6)
    bars, masked = fig.data
    assert list(bars.y) == ["Les Tilleuls", "Ensemble"] and bars.orientation == "h"
    assert [b + x for b, x in zip([bars.base] * 2, bars.x, strict=True)] == pytest.approx(
        [0.5, 0.55])
    assert bars.text[0] == "50\u202f%<br>n = 30"
    assert list(masked.y) == ["Le Moulin"] and masked.text == (MASKED,)
    assert list(fig.layout.yaxis.categoryarray) == ["Les Tilleuls", "Le Moulin", "Ensemble"]
    # each key's name, value and n written above its bar (a phone keeps the whole width)
    heads = [a.text.replace("<br>", " ") for a in fig.layout.annotations if a.xref == "paper"]
    assert heads[:3] == ["<b>Les Tilleuls</b> : 50\u202f% (n = 30)",
                         f"<b>Le Moulin</b> : {MASKED}", "<b>Ensemble</b> : 55\u202f% (n = 80)"]
    assert fig.layout.meta["breakdown"] == "Quartier (QPV)"
    assert any(sh.x0 == 0.6 for sh in fig.layout.shapes)


def test_participation_heatmap_groups_by_steps(fw) -> None:
    rows = []
    for group, counts in {"elus": [15, 4], "services": [20, 25], "*": [35, 29]}.items():
        for step, count in zip(["S2", "S3"], counts, strict=True):
            masked = count < 11
            rows.append(_row(indicator="participation-step", wave="*", group=group, step=step,
                             value=np.nan if masked else count, n=np.nan if masked else count,
                             masked=masked))
    cube = pd.DataFrame(rows)
    fig = charts.participation_by_step(cube, framework=fw)
    values, masked, swatch = fig.data
    assert list(values.x) == ["É2", "É3"]
    assert [y.replace("<br>", " ") for y in values.y] == ["Élus", "Services de droit commun",
                                                          "Ensemble"]
    assert values.text[0][0] == "<b>15</b>" and values.text[2][1] == "<b>29</b>"
    # a masked cell: grey, no number; « effectif trop faible » on hover and in the legend
    assert masked.z[0][1] == 0 and values.text[0][1] == "" and MASKED in values.customdata[0][1]
    assert swatch.name == MASKED and swatch.showlegend
    assert "Deux séminaires avec les élus" in values.customdata[0][0]
    only = charts.participation_by_step(cube, framework=fw, group="services")
    assert [y.replace("<br>", " ") for y in only.data[0].y] == ["Services de droit commun",
                                                                "Ensemble"]


def test_likert_bars_diverge_with_nsp_apart(fw) -> None:
    counts = {"1": 2, "2": 5, "3": 6, "4": 10, "5": 8, "nsp": 3}
    dist = pd.DataFrame(
        [{"item": "Q01", "level": k, "count": v, "masked": False} for k, v in counts.items()]
        + [{"item": "Q02", "level": k, "count": np.nan, "masked": True} for k in counts])
    fig = charts.likert_bars(dist, framework=fw)
    by_name: dict[str, list] = {}
    for trace in fig.data:
        by_name.setdefault(trace.name, []).append(trace)
    valid = 31
    assert by_name["Plutôt d'accord"][0].x[0] == pytest.approx(10 / valid)
    assert by_name["Pas du tout d'accord"][0].x[0] == pytest.approx(-2 / valid)
    halves = sorted(tr.x[0] for tr in by_name["Ni d'accord ni pas d'accord"])
    assert halves == pytest.approx([-3 / valid, 3 / valid])
    nsp = by_name["Ne se prononce pas"][0]
    assert nsp.xaxis == "x2" and nsp.x[0] == pytest.approx(3 / 34)
    assert fig.data[0].y[0].startswith("Q01 · Les élus") and "(n = 34)" in fig.data[0].y[0]
    masked = by_name[MASKED][0]
    assert len(masked.y) == 1 and masked.y[0].startswith("Q02") and "n =" not in masked.y[0]


@pytest.mark.parametrize("builder", ["heat", "trend", "bars", "likert", "participation"])
def test_system_fonts_fixed_height_no_external_url(fw, builder) -> None:
    cube = pd.DataFrame([_row(wave="T0", value=0.4, n=20, lower=0.2, upper=0.6, step="S2")])
    fig = {
        "heat": lambda: charts.lesson_heatmap(cube.assign(lesson="L1"), framework=fw),
        "trend": lambda: charts.lesson_trend(cube, framework=fw),
        "bars": lambda: charts.indicator_bars(cube, by="wave", framework=fw),
        "likert": lambda: charts.likert_bars(pd.DataFrame(
            [{"item": "Q01", "level": "4", "count": 12}]), framework=fw),
        "participation": lambda: charts.participation_by_step(cube, framework=fw, wave="T0"),
    }[builder]()
    assert fig.layout.font.family == style.FONT_FAMILY
    assert "sans-serif" in fig.layout.font.family
    assert fig.layout.height is not None and fig.layout.height <= 600
    assert "http" not in _all_text(fig)


def test_empty_input_says_so() -> None:
    fig = charts.indicator_bars(pd.DataFrame(columns=["wave", "qpv", "group", "value", "n",
                                                      "lower", "upper", "masked"]), by="qpv")
    assert fig.layout.annotations[0].text == "Aucune donnée pour cette sélection."


def test_adjusted_table_says_which_adjusted_shares_are_withheld(fw) -> None:
    from workbench.charts.figure_notes import adjusted_table, adjusted_withheld

    def rows(hidden: list[bool]) -> pd.DataFrame:
        return pd.DataFrame([
            {"lesson": "L1", "indicator": "x", "wave": w, "value": v, "adjusted": a,
             "lower": a - 0.05, "upper": a + 0.05, "masked": False, "adjusted_masked": h}
            for w, v, a, h in zip(("T0", "T1", "T2"), (0.40, 0.50, 0.60), (0.40, 0.47, 0.55),
                                  hidden, strict=True)])

    partly = rows([False, True, False])
    assert not adjusted_withheld(partly, fw)
    cells = adjusted_table(partly, fw).iloc[0]
    assert cells["T0"] == "publiée 40\u202f%"
    assert cells["T1"] == "publiée 50\u202f% · ajustée à T0 non publiée (secret statistique)"
    assert "47" not in cells["T1"] and "ajustée à T0 55\u202f%" in cells["T2"]
    whole = rows([False, True, True])  # nothing adjusted to show: no table at all
    assert adjusted_withheld(whole, fw) and adjusted_table(whole, fw).empty
