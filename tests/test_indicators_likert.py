"""Likert kinds on a hand-built questionnaire; intervals checked against statsmodels, scipy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from conftest_indicators import NSP, framework, questionnaire, spec
from scipy import stats as st
from statsmodels.stats.proportion import proportion_confint

from workbench.indicators import KINDS, compute, select
from workbench.indicators.likert import likert_distribution

B = "barometre"
ROWS = [
    # tilleuls × elus: agree (≥4) answers 2+1+0+0+2+1 = 6 of 11 answered; 1 NSP
    ("T1", "p1", "elus", "tilleuls", B, {"Q01": 5, "Q02": 4}),  # mean 4.5
    ("T1", "p2", "elus", "tilleuls", B, {"Q01": 4, "Q02": 2}),  # mean 3
    ("T1", "p3", "elus", "tilleuls", B, {"Q01": 3, "Q02": NSP}),  # mean 3
    ("T1", "p4", "elus", "tilleuls", B, {"Q01": 2, "Q02": 1}),  # mean 1.5
    ("T1", "p5", "elus", "tilleuls", B, {"Q01": 5, "Q02": 5}),  # mean 5
    ("T1", "p6", "elus", "tilleuls", B, {"Q01": 4, "Q02": 3}),  # mean 3.5
    # bel-air × services: 5 × (4, 4) and (1, 2) → 10 of 12 agree; means 4,4,4,4,4,1.5
    *[("T1", f"s{i}", "services", "bel-air", B, {"Q01": 4, "Q02": 4}) for i in range(5)],
    ("T1", "s5", "services", "bel-air", B, {"Q01": 1, "Q02": 2}),
    # an elected official with no QPV: counts only where qpv = "*"
    ("T1", "p13", "elus", None, B, {"Q01": 5, "Q02": 5}),  # 2 of 2, mean 5
    # an item outside the indicator is ignored
    ("T1", "p1x", "elus", "tilleuls", B, {"Q03": 5}),
]
ELUS_TILLEULS = [4.5, 3, 3, 1.5, 5, 3.5]
SERVICES = [4, 4, 4, 4, 4, 1.5]


def raw(kind: str, rows: list = ROWS, **params: object) -> pd.DataFrame:
    fw = framework()
    return KINDS[kind].function(questionnaire(rows), spec(kind, items=["Q01", "Q02"], **params),
                                fw)


def one(cube: pd.DataFrame, **keys: str) -> pd.Series:
    rows = select(cube, **keys)
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_agree_share_hand_computed() -> None:
    compute(questionnaire(ROWS), framework(), spec("likert_agree_share", items=["Q01"]))  # loads
    cube = raw("likert_agree_share")
    cell = one(cube, wave="T1", qpv="tilleuls", group="elus")
    assert cell["value"] == pytest.approx(6 / 11)
    assert cell["n"] == 6 and cell["n_nsp"] == 1
    # all: 6 + 10 + 2 = 18 agree of 11 + 12 + 2 = 25 answers; 13 respondents
    total = one(cube, wave="T1")
    assert total["value"] == pytest.approx(18 / 25) and total["n"] == 13
    ref = proportion_confint(18 / 25 * 13, 13, method="wilson")
    assert (total["lower"], total["upper"]) == pytest.approx(ref)
    assert one(cube, wave="T1", group="elus")["n"] == 7  # p13 counts for the group …
    assert one(cube, wave="T1", qpv="tilleuls")["n"] == 6  # … not for any QPV
    assert one(cube, wave="*")["value"] == pytest.approx(18 / 25)


def test_agree_share_nsp_in_denominator() -> None:
    cube = raw("likert_agree_share", nsp_in_denominator=True)
    assert one(cube, wave="T1", qpv="tilleuls", group="elus")["value"] == pytest.approx(6 / 12)


def test_agree_from_parameter() -> None:
    cube = raw("likert_agree_share", agree_from=5)
    # answers equal to 5 in tilleuls × elus: p1 Q01, p5 Q01, p5 Q02 → 3 of 11
    assert one(cube, wave="T1", qpv="tilleuls", group="elus")["value"] == pytest.approx(3 / 11)


def test_mean_of_respondent_means_with_t_interval() -> None:
    cube = raw("likert_mean")
    cell = one(cube, wave="T1", qpv="tilleuls", group="elus")
    values = np.array(ELUS_TILLEULS)
    assert cell["value"] == pytest.approx(20.5 / 6)
    ref = st.t.interval(0.95, 5, loc=values.mean(), scale=st.sem(values))
    assert (cell["lower"], cell["upper"]) == pytest.approx(ref)
    assert cell["n"] == 6 and cell["n_nsp"] == 1
    everyone = np.array([*ELUS_TILLEULS, *SERVICES, 5.0])
    assert one(cube, wave="T1")["value"] == pytest.approx(everyone.mean())
    assert one(cube, wave="T1")["sd"] == pytest.approx(everyone.std(ddof=1))


def test_cronbach_alpha_in_mean_cube_matches_pingouin() -> None:
    fw = framework()
    cube = KINDS["likert_mean"].function(questionnaire(ROWS), spec("likert_mean",
                                         items=["Q01", "Q02"]), fw)
    wide = pd.DataFrame([r[5] for r in ROWS if "Q01" in r[5]], dtype=float)
    ref, _ = pg.cronbach_alpha(wide, nan_policy="listwise")
    total = one(cube, wave="T1")
    assert total["alpha_n"] == 12  # p3 answered NSP to Q02
    assert total["alpha"] == pytest.approx(ref, abs=1e-3)


def test_compute_masks_small_cells_and_orders_columns() -> None:
    fw = framework(min_cell=11)
    cube = compute(questionnaire(ROWS), fw, spec("likert_agree_share", items=["Q01", "Q02"]))
    assert list(cube.columns[:12]) == ["indicator", "wave", "qpv", "group", "value", "n",
                                       "lower", "upper", "masked", "reason", "mode", "method"]
    visible = cube[~cube["masked"]]
    assert (visible["n"] >= 11).all()
    assert cube.loc[cube["masked"], "value"].isna().all()
    assert set(cube.loc[cube["masked"], "reason"]) == {"small_cell"}
    assert (cube["indicator"] == "test-likert_agree_share").all()
    # every wave × qpv × group combination present for the data seen (8 margin patterns)
    patterns = {tuple(cube[k].eq("*").to_numpy()[i] for k in ("wave", "qpv", "group"))
                for i in range(len(cube))}
    assert len(patterns) == 8


def test_distribution_counts_levels_and_nsp() -> None:
    fw = framework()
    dist = likert_distribution(questionnaire(ROWS), fw, items=["Q01", "Q02"], by=["wave"])
    q02 = dist[(dist["wave"] == "T1") & (dist["item"] == "Q02")].set_index("level")
    # Q02 answers: 4,2,NSP,1,5,3 | 4×5, 2 | 5 → 1:1, 2:2, 3:1, 4:6, 5:2, nsp:1 ; n = 13
    assert q02["count"].to_dict() == {"1": 1, "2": 2, "3": 1, "4": 6, "5": 2, "nsp": 1}
    assert q02.loc["4", "share"] == pytest.approx(6 / 12)
    assert q02.loc["nsp", "share"] == pytest.approx(1 / 13)
    small = likert_distribution(questionnaire(ROWS), framework(11), items=["Q01"], by=["wave"])
    assert small["masked"].all() or (small.loc[~small["masked"], "n"] >= 11).all()


def test_alpha_count_under_the_threshold_is_not_published(demo_home) -> None:
    """α's n (people answering every item) is a count of people: under the threshold it is
    hidden like any small cell, even on a visible row."""
    from workbench.framework import load_framework
    from workbench.indicators import compute
    from workbench.store import Store

    fw = load_framework(demo_home.framework)
    cube = compute(Store(demo_home.store).load_dataset(), fw, "L1-mean")
    shown = cube["alpha_n"].dropna()
    assert ((shown == 0) | (shown >= fw.min_cell)).all()
    assert cube["alpha_n"].isna().any()  # the demo has QPV cells with few complete answers
    assert cube["alpha"].notna().any()
