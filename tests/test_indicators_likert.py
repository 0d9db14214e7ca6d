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

B, T = "barometre", "tilleuls"
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


def _beta_cp(x: float, n: float) -> tuple[float, float]:
    """Clopper–Pearson by hand from scipy's beta quantiles (fractional x allowed)."""
    lo = st.beta.ppf(0.025, x, n - x + 1) if x > 0 else 0.0
    hi = st.beta.ppf(0.975, x + 1, n - x) if x < n else 1.0
    return lo, hi


# person shares at T1: tilleuls × elus p1 1, p2 0.5, p3 0 (3, NSP), p4 0, p5 1, p6 0.5;
# bel-air × services s0…s4 1, s5 0; p13 (no QPV) 1
ELUS_SHARES = [1, 0.5, 0, 0, 1, 0.5]
ALL_SHARES = [*ELUS_SHARES, 1, 1, 1, 1, 1, 0, 1]


def test_agree_share_each_person_counts_once() -> None:
    compute(questionnaire(ROWS), framework(), spec("likert_agree_share", items=["Q01"]))  # loads
    cube = raw("likert_agree_share")
    cell = one(cube, wave="T1", qpv="tilleuls", group="elus")
    assert cell["value"] == pytest.approx(3 / 6)  # the share of answers was 6/11
    assert cell["n"] == 6 and cell["nsp_share"] == pytest.approx((1 / 2) / 6)
    # 6 people (< 10): Clopper–Pearson on 3 of 6 (statsmodels "beta")
    assert (cell["lower"], cell["upper"]) == pytest.approx(
        proportion_confint(3, 6, method="beta"))
    assert cell["method"] == "clopper_pearson_persons"
    total = one(cube, wave="T1")
    values = np.array(ALL_SHARES)
    assert total["value"] == pytest.approx(values.mean()) and total["n"] == 13
    ref = st.t.interval(0.95, 12, loc=values.mean(), scale=st.sem(values))
    assert (total["lower"], total["upper"]) == pytest.approx(ref)
    assert total["method"] == "t_mean_of_persons"
    assert one(cube, wave="T1", group="elus")["n"] == 7  # p13 counts for the group …
    assert one(cube, wave="T1", qpv="tilleuls")["n"] == 6  # … not for any QPV
    assert one(cube, wave="*")["value"] == pytest.approx(values.mean())


def test_issue_example_professionals_do_not_weigh_double() -> None:
    """Two items for professionals, one for residents: 3 of 5 answers agree (60 %), but the
    two professionals agree with 1 and ½ of their answers and the resident with 0: 50 %."""
    rows = [("T1", "pro1", "services", T, B, {"Q01": 5, "Q02": 4}),
            ("T1", "pro2", "acteurs", T, B, {"Q01": 4, "Q02": 2}),
            ("T1", "res1", "habitants", T, "habitants", {"Q01": 1})]
    cell = one(raw("likert_agree_share", rows), wave="T1", qpv=T, group="*")
    assert cell["value"] == pytest.approx(0.5) and cell["n"] == 3


def test_agree_share_nsp_in_denominator() -> None:
    rows = [("T1", "a", "elus", T, B, {"Q01": 5, "Q02": NSP}),
            ("T1", "b", "elus", T, B, {"Q01": 5, "Q02": 5})]
    plain = one(raw("likert_agree_share", rows), wave="T1", qpv=T, group="elus")
    counted = one(raw("likert_agree_share", rows, nsp_in_denominator=True), wave="T1", qpv=T,
                  group="elus")
    assert plain["value"] == pytest.approx(1.0) and counted["value"] == pytest.approx(0.75)
    assert plain["nsp_share"] == pytest.approx(0.25)  # a: 1 of 2 answers, b: none


def test_agree_from_parameter() -> None:
    cube = raw("likert_agree_share", agree_from=5)
    # answers equal to 5 in tilleuls × elus: p1 ½, p5 1, the others 0 → 1.5 / 6
    assert one(cube, wave="T1", qpv="tilleuls", group="elus")["value"] == pytest.approx(1.5 / 6)


def test_all_waves_counts_each_person_once_with_cluster_robust_interval() -> None:
    """Wave « * »: n = distinct people, the interval that of statsmodels' OLS on a constant
    with people as clusters (CR1, t with G − 1 df)."""
    import statsmodels.api as sm

    rng = np.random.default_rng(4)
    rows = []
    for k in range(40):
        waves = ["T0", "T1", "T2"] if k < 15 else (["T0"] if k % 2 else ["T2"])
        for wave in waves:
            rows.append((wave, f"p{k}", "acteurs", T, B,
                         {"Q01": int(rng.integers(1, 6)), "Q02": int(rng.integers(1, 6))}))
    data = questionnaire(rows)
    cube = KINDS["likert_agree_share"].function(data, spec("likert_agree_share",
                                                           items=["Q01", "Q02"]), framework())
    pooled = one(cube, wave="*")
    scores = pd.DataFrame([(w, p, ((v["Q01"] >= 4) + (v["Q02"] >= 4)) / 2)
                           for w, p, *_, v in rows], columns=["wave", "person", "share"])
    fit = sm.OLS(scores["share"], np.ones(len(scores))).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(scores["person"])[0]}, use_t=True)
    lo, hi = fit.conf_int(alpha=0.05).iloc[0]
    assert pooled["n"] == 40 and pooled["n_obs"] == len(scores)
    assert pooled["value"] == pytest.approx(scores["share"].mean())
    assert (pooled["lower"], pooled["upper"]) == pytest.approx((lo, hi))
    assert pooled["method"] == "cluster_robust_t_persons"
    assert pooled["n_repeat"] == 15 and pooled["mode"] == "mixed"
    t2 = one(cube, wave="T2")
    assert t2["n_both"] == 15  # T1 → T2: the 15 followed people
    assert np.isnan(one(cube, wave="T0")["n_both"])  # nothing before the first wave


def test_modes_panel_and_cross_section_by_hand() -> None:
    panel = [(w, f"a{k}", "elus", T, B, {"Q01": 4, "Q02": 2}) for w in ("T0", "T1")
             for k in range(3)]
    fresh = [(w, f"{w}{k}", "elus", T, B, {"Q01": 4, "Q02": 2}) for w in ("T0", "T1")
             for k in range(6)]
    assert one(raw("likert_agree_share", panel), wave="*")["mode"] == "panel"
    assert one(raw("likert_agree_share", fresh), wave="T1")["mode"] == "cross_section"
    assert one(raw("likert_agree_share", fresh), wave="T1")["n_both"] == 0


def test_share_never_collapses_at_zero() -> None:
    rows = [("T1", f"x{k}", "habitants", T, "habitants", {"Q01": 1}) for k in range(25)]
    cell = one(raw("likert_agree_share", rows), wave="T1", qpv=T, group="habitants")
    assert cell["value"] == 0 and cell["lower"] == 0
    assert cell["upper"] == pytest.approx(1 - 0.025 ** (1 / 25)) and cell["upper"] > 0.1


def test_mean_of_person_means_bounded_by_the_scale() -> None:
    cube = raw("likert_mean")
    cell = one(cube, wave="T1", qpv="tilleuls", group="elus")
    values = np.array(ELUS_TILLEULS)
    assert cell["value"] == pytest.approx(20.5 / 6)
    # 6 people: Clopper–Pearson on the scale rescaled to [0, 1] (x = Σ (m − 1)/4), back on 1–5
    lo, hi = _beta_cp(((values - 1) / 4).sum(), 6)
    assert (cell["lower"], cell["upper"]) == pytest.approx((1 + 4 * lo, 1 + 4 * hi))
    assert cell["n"] == 6 and cell["nsp_share"] == pytest.approx(1 / 12)
    everyone = np.array([*ELUS_TILLEULS, *SERVICES, 5.0])
    total = one(cube, wave="T1")
    assert total["value"] == pytest.approx(everyone.mean())
    assert total["sd"] == pytest.approx(everyone.std(ddof=1))
    ref = st.t.interval(0.95, 12, loc=everyone.mean(), scale=st.sem(everyone))
    assert (total["lower"], total["upper"]) == pytest.approx(ref)


def test_cronbach_alpha_in_mean_cube_matches_pingouin() -> None:
    fw = framework()
    cube = KINDS["likert_mean"].function(questionnaire(ROWS), spec("likert_mean",
                                         items=["Q01", "Q02"]), fw)
    wide = pd.DataFrame([r[5] for r in ROWS if "Q01" in r[5]], dtype=float)
    ref, _ = pg.cronbach_alpha(wide.dropna(), nan_policy="listwise")
    total = one(cube, wave="T1")
    assert total["alpha"] == pytest.approx(ref, abs=1e-9)
    # α rests on 12 people (p3 answered NSP to Q02: one item, not in α); the count itself is
    # hidden, since 13 − 12 = 1 person would be told apart
    assert np.isnan(total["alpha_n"])
    from workbench.indicators.likert import alpha_cube

    cells = alpha_cube(questionnaire(ROWS), spec("likert_mean", items=["Q01", "Q02"]), fw)
    assert one(cells, wave="T1")["alpha_n"] == 12
    share = one(KINDS["likert_agree_share"].function(
        questionnaire(ROWS), spec("likert_agree_share", items=["Q01", "Q02"]), fw), wave="T1")
    assert share["alpha"] == pytest.approx(ref, abs=1e-9)  # beside the agreement figure too


def test_alpha_cube_matches_scale_alpha_on_every_cell() -> None:
    """The vectorised α (sums rolled up) equals ``scale_alpha`` (pairwise covariances) on
    every cell, three items with holes; ``scale_alpha`` is itself checked against pingouin."""
    from workbench.indicators.likert import alpha_cube
    from workbench.stats.reliability import scale_alpha

    rng = np.random.default_rng(8)
    rows = []
    for k in range(90):
        level = rng.normal(3, 1)
        answers = {q: int(np.clip(round(level + rng.normal(0, 0.8)), 1, 5))
                   for q in ("Q01", "Q02", "Q03") if rng.random() > 0.2}
        rows.append((("T0", "T1")[k % 2], f"p{k}", ("elus", "acteurs")[k % 3 == 0],
                     (T, "bel-air")[k % 4 == 0], B, answers))
    data = questionnaire(rows)
    items = ["Q01", "Q02", "Q03"]
    fast = alpha_cube(data, spec("likert_mean", items=items), framework())
    long = pd.DataFrame([(w, p, g, q, i, v) for w, p, g, q, _, a in rows for i, v in a.items()],
                        columns=["wave", "person_id", "group", "qpv", "item_id", "value"])
    for rec in fast.itertuples(index=False):
        sub = long
        for key in ("wave", "qpv", "group"):
            if getattr(rec, key) != "*":
                sub = sub[sub[key] == getattr(rec, key)]
        ref = scale_alpha(sub, person=["wave", "person_id"], items=items)
        assert rec.alpha_n == ref.n
        assert rec.alpha == pytest.approx(ref.alpha, nan_ok=True, abs=1e-9)


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


def test_counts_beside_n_go_through_the_small_cell_rule() -> None:
    """n_both (people followed from the previous wave) is a count of people: 3 of 30 followed
    is hidden, and so is 27 of 30 (its complement, 3 newcomers, would be told apart)."""
    fw = framework(11)

    def wave_rows(followed: int) -> list:
        rows = [("T0", f"a{k}", "acteurs", T, B, {"Q01": 4, "Q02": 2}) for k in range(30)]
        rows += [("T1", f"a{k}" if k < followed else f"b{k}", "acteurs", T, B,
                  {"Q01": 4, "Q02": 2}) for k in range(30)]
        return rows

    for followed, shown in ((3, False), (27, False), (15, True)):
        cube = compute(questionnaire(wave_rows(followed)), fw,
                       spec("likert_agree_share", items=["Q01", "Q02"]))
        cell = one(cube, wave="T1", qpv=T, group="acteurs")
        assert not cell["masked"] and cell["n"] == 30
        assert (cell["n_both"] == followed) if shown else np.isnan(cell["n_both"])


def test_a_cell_of_nsp_only_publishes_no_nsp_share() -> None:
    rows = [*ROWS, ("T1", "z1", "habitants", "moulin", "habitants", {"Q01": NSP}),
            ("T1", "z2", "habitants", "moulin", "habitants", {"Q01": NSP})]
    cell = one(raw("likert_agree_share", rows), wave="T1", qpv="moulin", group="habitants")
    assert cell["n"] == 0 and np.isnan(cell["value"]) and np.isnan(cell["nsp_share"])
