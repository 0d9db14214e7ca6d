"""Person-level estimators (workbench.stats.persons, workbench.stats.panel) against independent
implementations (statsmodels, scipy, pingouin, krippendorff) or hand-computed cases."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pingouin as pg
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as hs
from scipy import stats as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from workbench.stats.agreement import krippendorff_alpha
from workbench.stats.intervals import wilson_interval
from workbench.stats.panel import clustered_mean, wave_change
from workbench.stats.persons import (
    FULL_COUNT,
    bounded_interval,
    clopper_pearson_interval,
    composition,
    count_of_list,
    mean_of_persons,
    person_scores,
    standardised_mean,
)
from workbench.stats.reliability import agreement_flag, scale_alpha

Z = st.norm.ppf(0.975)


def _beta_cp(x: float, n: float) -> tuple[float, float]:
    """Clopper–Pearson by hand from scipy's beta quantiles (also for fractional x)."""
    lo = st.beta.ppf(0.025, x, n - x + 1) if x > 0 else 0.0
    hi = st.beta.ppf(0.975, x + 1, n - x) if x < n else 1.0
    return lo, hi


# --- point 1: each person counts once -----------------------------------------------------------
def test_issue_point1_hand_example() -> None:
    # two professionals answer 2 items (agree, agree) and (agree, disagree); one resident answers
    # 1 item (disagree). Share of answers 3/5 = 60 %; mean of persons (1 + 0.5 + 0)/3 = 50 %.
    answers = pd.DataFrame({
        "person_id": ["pro1", "pro1", "pro2", "pro2", "res1"],
        "wave": "T0", "group": ["services", "services", "acteurs", "acteurs", "habitants"],
        "item_id": ["q1", "q2", "q1", "q2", "q1"],
        "value": [5.0, 4.0, 4.0, 2.0, 1.0], "nsp": False,
    })
    share_of_answers = (answers["value"] >= 4).sum() / len(answers)
    assert share_of_answers == pytest.approx(0.6)
    scores = person_scores(answers, by=("wave",), agree=4)
    assert scores.set_index("person_id")["share"].to_dict() == {"pro1": 1.0, "pro2": 0.5,
                                                                "res1": 0.0}
    row = mean_of_persons(scores, by=("wave",)).iloc[0]
    assert row["value"] == pytest.approx(0.5)
    assert row["n"] == 3 and row["sd"] == pytest.approx(0.5)
    # n = 3 < 10: Clopper–Pearson on 1.5 "successes" out of 3 persons
    assert (row["lower"], row["upper"]) == pytest.approx(_beta_cp(1.5, 3), abs=1e-10)
    assert row["method"] == "clopper_pearson_persons"


def test_person_scores_nsp_and_unasked() -> None:
    answers = pd.DataFrame({
        "person_id": ["a", "a", "a", "b", "b", "c"], "wave": ["T0"] * 6,
        "value": [5.0, np.nan, 2.0, np.nan, np.nan, np.nan],
        "nsp": [False, True, False, True, True, False],  # c: not asked (no value, no NSP)
    })
    s = person_scores(answers).set_index("person_id")
    assert list(s.index) == ["a", "b"]
    assert s.loc["a", ["n_answered", "n_agree", "n_nsp"]].tolist() == [2, 1, 1]
    assert s.loc["a", "share"] == pytest.approx(0.5)
    assert s.loc["a", "nsp_share"] == pytest.approx(1 / 3)
    assert s.loc["a", "mean"] == pytest.approx(3.5)
    assert np.isnan(s.loc["b", "share"]) and s.loc["b", "nsp_share"] == 1.0
    counted = person_scores(answers, nsp_in_denominator=True).set_index("person_id")
    assert counted.loc["a", "share"] == pytest.approx(1 / 3) and counted.loc["b", "share"] == 0
    r = mean_of_persons(s.reset_index(), by=("wave",)).iloc[0]
    assert (r["n"], r["n_missing"]) == (1, 1)
    assert r["nsp_share"] == pytest.approx((1 / 3 + 1) / 2)


def test_mean_of_persons_t_matches_scipy() -> None:
    rng = np.random.default_rng(11)
    scores = pd.DataFrame({"person_id": np.arange(300), "wave": rng.choice(["T0", "T1"], 300),
                           "group": rng.choice(["elus", "habitants"], 300),
                           "share": rng.integers(0, 5, 300) / 4})
    out = mean_of_persons(scores, by=("wave", "group"))
    assert len(out) == 4
    for rec in out.itertuples(index=False):
        v = scores.loc[(scores["wave"] == rec.wave) & (scores["group"] == rec.group), "share"]
        lo, hi = st.t.interval(0.95, len(v) - 1, loc=v.mean(), scale=st.sem(v))
        assert (rec.value, rec.lower, rec.upper) == pytest.approx((v.mean(), lo, hi), abs=1e-12)
        assert rec.n == len(v) and rec.method == "t_mean_of_persons"


@pytest.mark.parametrize(("x", "n"), [(0, 3), (0, 25), (25, 25), (0, 1), (4, 9)])
def test_mean_of_persons_never_collapses(x: int, n: int) -> None:
    scores = pd.DataFrame({"person_id": range(n), "share": [1.0] * x + [0.0] * (n - x)})
    r = mean_of_persons(scores, by=()).iloc[0]
    ref = proportion_confint(x, n, alpha=0.05, method="beta")
    assert (r["lower"], r["upper"]) == pytest.approx(ref, abs=1e-10)
    assert r["upper"] > r["lower"]
    if x == 0:  # hand formula: [0 ; 1 − 0.025^(1/n)]
        assert r["upper"] == pytest.approx(1 - 0.025 ** (1 / n))
    assert r["method"] == "clopper_pearson_persons"


def test_mean_of_persons_falls_back_when_t_leaves_bounds() -> None:
    # 50 persons, one at 1: t interval [−0.02 ; 0.06] leaves [0, 1] → CP on 1/50
    scores = pd.DataFrame({"person_id": range(50), "share": [1.0] + [0.0] * 49})
    r = mean_of_persons(scores, by=()).iloc[0]
    assert (r["lower"], r["upper"]) == pytest.approx(proportion_confint(1, 50, method="beta"))
    wilson = mean_of_persons(scores, by=(), fallback="wilson").iloc[0]
    assert (wilson["lower"], wilson["upper"]) == pytest.approx(
        proportion_confint(1, 50, method="wilson"))
    assert wilson["method"] == "wilson_persons"


def test_mean_of_persons_scale_bounds_and_guards() -> None:
    scores = pd.DataFrame({"person_id": range(4), "wave": "T0", "mean": [5.0, 5.0, 5.0, 5.0]})
    with pytest.raises(ValueError, match="bounds"):
        mean_of_persons(scores, value="mean")
    r = mean_of_persons(scores, value="mean", bounds=(1, 5)).iloc[0]
    lo, hi = proportion_confint(4, 4, method="beta")
    assert (r["lower"], r["upper"]) == pytest.approx((1 + 4 * lo, 1 + 4 * hi))
    twice = pd.DataFrame({"person_id": ["a", "a"], "wave": ["T0", "T1"], "share": [1.0, 0.0]})
    with pytest.raises(ValueError, match="clustered_mean"):
        mean_of_persons(twice, by=())


def test_mean_of_persons_bootstrap_seeded_and_close_to_scipy() -> None:
    rng = np.random.default_rng(5)
    scores = pd.DataFrame({"person_id": range(400), "g": np.repeat(["a", "b"], 200),
                           "share": rng.integers(0, 3, 400) / 2})
    one = mean_of_persons(scores, by=("g",), interval="bootstrap", seed=3)
    two = mean_of_persons(scores, by=("g",), interval="bootstrap", seed=3)
    pd.testing.assert_frame_equal(one, two)
    assert one["method"].str.startswith("bootstrap_percentile_persons").all()
    for rec in one.itertuples(index=False):
        v = scores.loc[scores["g"] == rec.g, "share"].to_numpy()
        ref = st.bootstrap((v,), np.mean, method="percentile", n_resamples=4000,
                           random_state=np.random.default_rng(1)).confidence_interval
        assert (rec.lower, rec.upper) == pytest.approx((ref.low, ref.high), abs=0.012)


@settings(max_examples=60, deadline=None)
@given(hs.lists(hs.sampled_from([0.0, 0.25, 0.5, 1.0]), min_size=1, max_size=40))
def test_rule_interval_never_zero_width(values: list[float]) -> None:
    scores = pd.DataFrame({"person_id": range(len(values)), "share": values})
    r = mean_of_persons(scores, by=()).iloc[0]
    assert 0 <= r["lower"] <= r["value"] <= r["upper"] <= 1
    assert r["upper"] - r["lower"] > 0.01


# --- point 4: proportions at the edges ----------------------------------------------------------
def test_clopper_pearson_matches_statsmodels_vectorised() -> None:
    x = np.array([0, 1, 7, 12, 40, 133, 5])
    n = np.array([12, 11, 13, 20, 40, 250, 5])
    lo, hi = clopper_pearson_interval(x, n)
    ref_lo, ref_hi = proportion_confint(x, n, alpha=0.05, method="beta")
    np.testing.assert_allclose(lo, ref_lo, atol=1e-12)
    np.testing.assert_allclose(hi, ref_hi, atol=1e-12)
    lo90, hi90 = clopper_pearson_interval(3, 17, confidence=0.9)
    assert (float(lo90), float(hi90)) == pytest.approx(
        proportion_confint(3, 17, alpha=0.1, method="beta"), abs=1e-12)
    frac = clopper_pearson_interval(np.array([1.5, 7.25]), np.array([3, 20]))
    assert [float(v) for v in np.ravel(frac, order="F")] == pytest.approx(
        [*_beta_cp(1.5, 3), *_beta_cp(7.25, 20)], abs=1e-10)
    empty = clopper_pearson_interval(0, 0)
    assert np.isnan(empty[0]) and np.isnan(empty[1])


@pytest.mark.parametrize("n", [1, 3, 11, 40, 500])
def test_wilson_never_collapses_at_edges(n: int) -> None:
    lo0, hi0 = wilson_interval(0, n)
    lon, hin = wilson_interval(n, n)
    # by hand: [0 ; z²/(n + z²)] and [n/(n + z²) ; 1] (the lower end is 0 up to rounding)
    assert float(lo0) == pytest.approx(0, abs=1e-12)
    assert float(hi0) == pytest.approx(Z**2 / (n + Z**2))
    assert float(hin) == pytest.approx(1, abs=1e-12) and float(lon) == pytest.approx(n / (n + Z**2))
    assert float(hi0) > 0 and float(lon) < 1


def test_bounded_interval_without_bounds_gives_nan_not_zero_width() -> None:
    lo, hi, used = bounded_interval(0.3, 0.0, 10, 11, bounds=None)
    assert np.isnan(lo) and np.isnan(hi) and not used


# --- point 2: persons as clusters ---------------------------------------------------------------
def _panel_scores(seed: int, people: int = 255, waves: tuple[str, ...] = ("T0", "T1", "T2"),
                  keep: float = 0.6) -> pd.DataFrame:
    """Person × wave shares with a strong person effect; ~60 % of people at each wave."""
    rng = np.random.default_rng(seed)
    level = rng.beta(1, 2, people)
    rows = []
    for w_i, w in enumerate(waves):
        here = rng.random(people) < keep
        p = np.clip(level + 0.05 * w_i, 0, 1)
        share = rng.binomial(2, p) / 2
        group = np.where(np.arange(people) < people * 0.45, "habitants", "services")
        rows.append(pd.DataFrame({"person_id": np.arange(people)[here], "wave": w,
                                  "group": group[here], "share": share[here]}))
    return pd.concat(rows, ignore_index=True)


def _sm_cluster(y: np.ndarray, x: np.ndarray, groups: np.ndarray):
    return sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)


def test_clustered_mean_matches_statsmodels() -> None:
    scores = _panel_scores(1)
    out = clustered_mean(scores["share"], scores["person_id"], by=scores["group"])
    assert list(out["group"]) == ["habitants", "services"]
    for rec in out.itertuples(index=False):
        part = scores[scores["group"] == rec.group]
        codes = pd.factorize(part["person_id"])[0]
        fit = _sm_cluster(part["share"].to_numpy(), np.ones(len(part)), codes)
        assert rec.value == pytest.approx(fit.params[0], abs=1e-10)
        assert rec.se == pytest.approx(fit.bse[0], abs=1e-10)
        assert (rec.lower, rec.upper) == pytest.approx(tuple(fit.conf_int()[0]), abs=1e-10)
        assert rec.df == fit.df_resid_inference == part["person_id"].nunique() - 1
        assert (rec.n, rec.n_obs) == (part["person_id"].nunique(), len(part))
        assert rec.method == "cluster_robust_t_persons"


def test_clustered_mean_is_mean_of_persons_when_each_person_once() -> None:
    rng = np.random.default_rng(2)
    scores = pd.DataFrame({"person_id": range(60), "share": rng.integers(0, 4, 60) / 3})
    c = clustered_mean(scores["share"], scores["person_id"]).iloc[0]
    m = mean_of_persons(scores, by=()).iloc[0]
    assert (c["value"], c["lower"], c["upper"]) == pytest.approx(
        (m["value"], m["lower"], m["upper"]), abs=1e-12)


def test_all_waves_row_counts_persons_and_widens() -> None:
    # the "Ensemble" row: ~450 person-wave observations for 255 persons
    scores = _panel_scores(3)
    c = clustered_mean(scores["share"], scores["person_id"]).iloc[0]
    assert c["n"] == scores["person_id"].nunique() <= 255 < c["n_obs"] == len(scores)
    naive = st.t.interval(0.95, len(scores) - 1, loc=scores["share"].mean(),
                          scale=st.sem(scores["share"]))
    assert c["upper"] - c["lower"] > 1.15 * (naive[1] - naive[0])


def test_clustered_mean_fallback_at_zero() -> None:
    c = clustered_mean(np.zeros(30), np.repeat(np.arange(12), [3] * 6 + [2] * 6)).iloc[0]
    assert (c["lower"], c["upper"]) == pytest.approx(proportion_confint(0, 12, method="beta"))
    assert c["n"] == 12 and c["n_obs"] == 30


# --- wave-to-wave change ------------------------------------------------------------------------
def test_wave_change_matches_statsmodels_and_ttest_rel() -> None:
    scores = _panel_scores(4)
    out = wave_change(scores, a="T0", b="T2", by=["group"])
    for rec in out.itertuples(index=False):
        part = scores[scores["wave"].isin(["T0", "T2"]) & (scores["group"] == rec.group)]
        dummy = (part["wave"] == "T2").to_numpy(float)
        fit = _sm_cluster(part["share"].to_numpy(), sm.add_constant(dummy),
                          pd.factorize(part["person_id"])[0])
        assert rec.value == pytest.approx(fit.params[1], abs=1e-10)
        assert rec.se == pytest.approx(fit.bse[1], abs=1e-10)
        assert (rec.lower, rec.upper) == pytest.approx(tuple(fit.conf_int()[1]), abs=1e-10)
        assert rec.method == "cluster_robust_t_change" and rec.mode == "mixed"
        wide = part.pivot(index="person_id", columns="wave", values="share").dropna()
        ref = st.ttest_rel(wide["T2"], wide["T0"]).confidence_interval(0.95)
        assert rec.n_both == len(wide)
        assert rec.paired_value == pytest.approx((wide["T2"] - wide["T0"]).mean(), abs=1e-12)
        assert (rec.paired_lower, rec.paired_upper) == pytest.approx((ref.low, ref.high),
                                                                     abs=1e-10)
        assert (rec.n_a, rec.n_b) == ((part["wave"] == "T0").sum(), (part["wave"] == "T2").sum())
        assert rec.n == part["person_id"].nunique() and rec.n_obs == len(part)


def test_wave_change_modes() -> None:
    base = pd.DataFrame({"person_id": list("abcd"), "share": [0.0, 0.5, 1.0, 0.5]})
    panel = pd.concat([base.assign(wave="T0"), base.assign(wave="T1", share=[1, 1, 0, 0.5])])
    cross = pd.concat([base.assign(wave="T0"), base.assign(wave="T1", person_id=list("efgh"))])
    mixed = pd.concat([base.assign(wave="T0"), base.assign(wave="T1", person_id=list("abgh"))])
    modes = [wave_change(s, a="T0", b="T1", bounds=None)["mode"].iloc[0]
             for s in (panel, cross, mixed)]
    assert modes == ["panel", "cross_section", "mixed"]
    r = wave_change(mixed, a="T0", b="T1", bounds=None).iloc[0]
    assert (r["n_a"], r["n_b"], r["n_both"], r["n"]) == (4, 4, 2, 6)
    assert wave_change(base.assign(wave="T0"), a="T0", b="T1")["mode"].iloc[0] == "no_data"


def test_wave_change_fallback_is_newcombe() -> None:
    # binary scores, min_n above G: the fallback with Wilson levels is Newcombe's hybrid score
    # interval for two proportions (statsmodels "newcomb").
    a = pd.DataFrame({"person_id": range(40), "wave": "T0", "share": [1.0] * 18 + [0.0] * 22})
    b = pd.DataFrame({"person_id": range(20, 65), "wave": "T2",
                      "share": [1.0] * 30 + [0.0] * 15})
    r = wave_change(pd.concat([a, b]), a="T0", b="T2", min_n=1000, fallback="wilson").iloc[0]
    ref = confint_proportions_2indep(30, 45, 18, 40, method="newcomb", compare="diff")
    assert r["value"] == pytest.approx(30 / 45 - 18 / 40)
    assert (r["lower"], r["upper"]) == pytest.approx(ref, abs=1e-10)
    assert r["method"] == "newcombe_from_wave_intervals"


def test_wave_change_no_variation_does_not_collapse() -> None:
    same = pd.DataFrame({"person_id": list(range(15)) * 2, "wave": ["T0"] * 15 + ["T1"] * 15,
                         "share": 0.0})
    r = wave_change(same, a="T0", b="T1").iloc[0]
    assert r["value"] == 0 and r["lower"] < 0 < r["upper"]
    assert r["mode"] == "panel" and np.isnan(r["paired_lower"])


# --- point 3: composition and direct standardisation --------------------------------------------
def test_composition_counts_distinct_persons() -> None:
    s = pd.DataFrame({"wave": ["T0"] * 4 + ["T2"] * 3, "group": ["hab", "hab", "elu", "elu",
                                                                 "hab", "elu", "elu"],
                      "person_id": ["a", "b", "c", "c", "a", "c", "d"],
                      "share": [1, np.nan, 0, 0, 1, 1, 0.5]})
    c = composition(s).set_index(["wave", "group"])
    assert c.loc[("T0", "hab"), "n"] == 2 and c.loc[("T0", "elu"), "n"] == 1
    assert c.loc[("T2", "elu"), "share"] == pytest.approx(2 / 3)
    assert composition(s, value="share").set_index(["wave", "group"]).loc[("T0", "hab"), "n"] == 1


def test_standardised_mean_hand_case_residents() -> None:
    # T0 mix: residents 67/151, others 84/151. T2 (residents 53/155): residents 0.30 (sd 0.40),
    # others 0.45 (sd 0.35). Standardised to T0: 67/151·0.30 + 84/151·0.45
    w = pd.Series({"habitants": 67 / 151, "autres": 84 / 151})
    means = pd.Series({"autres": 0.45, "habitants": 0.30})
    sds = pd.Series({"autres": 0.35, "habitants": 0.40})
    ns = pd.Series({"autres": 102, "habitants": 53})
    e = standardised_mean(means, sds, ns, w)
    wh, wo = 67 / 151, 84 / 151
    value = wh * 0.30 + wo * 0.45
    var = wh**2 * 0.40**2 / 53 + wo**2 * 0.35**2 / 102
    df = var**2 / ((wh**2 * 0.16 / 53) ** 2 / 52 + (wo**2 * 0.1225 / 102) ** 2 / 101)
    half = st.t.ppf(0.975, df) * np.sqrt(var)
    assert (e.value, e.lower, e.upper) == pytest.approx((value, value - half, value + half))
    crude = (53 * 0.30 + 102 * 0.45) / 155
    assert e.value < crude and e.n == 155


def test_standardised_mean_against_wls_and_explicit() -> None:
    rng = np.random.default_rng(6)
    groups = np.repeat(["elus", "services", "habitants"], [20, 45, 70])
    y = rng.integers(0, 5, len(groups)) / 4 + (groups == "habitants") * 0.1
    y = np.clip(y, 0, 1)
    frame = pd.DataFrame({"g": groups, "y": y})
    w = pd.Series({"elus": 0.2, "services": 0.3, "habitants": 0.5})
    stats = frame.groupby("g")["y"].agg(["mean", "std", "size"])
    e = standardised_mean(stats["mean"], stats["std"], stats["size"], w)
    # WLS on a constant, weight w_g / n_g per observation: the standardised mean
    obs_w = w.reindex(groups).to_numpy() / stats["size"].reindex(groups).to_numpy()
    assert e.value == pytest.approx(sm.WLS(y, np.ones(len(y)), weights=obs_w).fit().params[0],
                                    abs=1e-12)
    # explicit: Σ w² sem², Welch–Satterthwaite df, from scipy's sem of each group
    parts = {g: w[g] ** 2 * st.sem(frame.loc[frame["g"] == g, "y"]) ** 2 for g in w.index}
    var = sum(parts.values())
    df = var**2 / sum(parts[g] ** 2 / (stats.loc[g, "size"] - 1) for g in w.index)
    half = st.t.ppf(0.975, df) * np.sqrt(var)
    assert (e.lower, e.upper) == pytest.approx((e.value - half, e.value + half), abs=1e-12)
    two = standardised_mean(pd.DataFrame([stats["mean"]] * 2, index=["T1", "T2"]),
                            pd.DataFrame([stats["std"]] * 2, index=["T1", "T2"]),
                            pd.DataFrame([stats["size"]] * 2, index=["T1", "T2"]), w)
    assert list(two.index) == ["T1", "T2"]
    assert two.loc["T2", "value"] == pytest.approx(e.value)
    assert two.loc["T2", "se"] ** 2 == pytest.approx(var)


def test_standardised_mean_needs_each_weighted_group() -> None:
    e = standardised_mean([0.5, 0.2], [0.3, np.nan], [10, 1], [0.5, 0.5])
    assert np.isnan(e.value)
    empty = mean_of_persons(pd.DataFrame({"person_id": ["a"], "share": [np.nan]}), by=())
    assert empty["n"].iloc[0] == 0 and empty["method"].iloc[0] == "not_estimable"
    zero = standardised_mean([0.0, 0.0], [0.0, 0.0], [10, 12], [0.5, 0.5])
    assert zero.value == 0 and np.isnan(zero.lower)  # no variance: no interval, not [0; 0]


# --- full counts --------------------------------------------------------------------------------
def test_count_of_list() -> None:
    c = count_of_list(14, 24)
    assert (c.value, c.x, c.y, c.method, c.label_fr) == (14 / 24, 14, 24, FULL_COUNT,
                                                          "14 sur 24")
    ids = count_of_list({"e1", "e2", "x9"}, {"e1", "e2", "e3"})
    assert (ids.x, ids.y) == (2, 3)  # x9 came but was not on the list
    frame = count_of_list(np.array([3, 0]), np.array([4, 0]))
    assert frame["value"].iloc[0] == 0.75 and np.isnan(frame["value"].iloc[1])
    assert not {"lower", "upper"} & set(frame.columns)
    with pytest.raises(ValueError):
        count_of_list(5, 4)


# --- scale reliability --------------------------------------------------------------------------
def _long(wide: pd.DataFrame) -> pd.DataFrame:
    return wide.rename_axis("person_id").reset_index().melt(
        id_vars="person_id", var_name="item_id", value_name="value")


def test_scale_alpha_hand_case() -> None:
    # items (1,2,3) and (1,3,2): var 1 each, cov 0.5 → α = 2·(1 − 2/3) = 2/3
    r = scale_alpha(_long(pd.DataFrame({"a": [1, 2, 3], "b": [1, 3, 2]})), items=["a", "b"])
    assert r.alpha == pytest.approx(2 / 3) and (r.n, r.n_complete, r.k) == (3, 3, 2)
    assert r.warning is None
    # (1,2,3,4) and (3,1,4,2): var 5/3 each, cov 0 → α = 2·(1 − 1) = 0: low, not negative
    low = scale_alpha(_long(pd.DataFrame({"a": [1, 2, 3, 4], "b": [3, 1, 4, 2]})),
                      items=["a", "b"])
    assert low.alpha == pytest.approx(0, abs=1e-12) and low.warning == "alpha_low"
    # (1,2,3) and (3,1,2): var 1 each, cov −0.5 → total var 1 → α = 2·(1 − 2) = −2
    neg = scale_alpha(_long(pd.DataFrame({"a": [1, 2, 3], "b": [3, 1, 2]})), items=["a", "b"])
    assert neg.alpha == pytest.approx(-2) and neg.warning == "alpha_negative"


def test_scale_alpha_matches_pingouin() -> None:
    rng = np.random.default_rng(12)
    latent = rng.normal(size=80)
    wide = pd.DataFrame({f"q{i}": np.clip(np.round(3 + latent + rng.normal(size=80)), 1, 5)
                         for i in range(4)})
    full = scale_alpha(_long(wide), items=list(wide.columns))
    assert full.alpha == pytest.approx(pg.cronbach_alpha(wide, nan_policy="listwise")[0],
                                       abs=1e-12)
    holes = wide.copy()
    holes.iloc[:12, 0] = np.nan
    holes.iloc[5:20, 2] = np.nan
    holes.iloc[30:33, [1, 2, 3]] = np.nan  # three persons with one item only: left out
    r = scale_alpha(_long(holes), items=list(holes.columns))
    two_plus = holes[holes.notna().sum(axis=1) >= 2]
    assert r.n == len(two_plus) == 77
    assert r.n_complete == len(holes.dropna())
    assert r.alpha == pytest.approx(pg.cronbach_alpha(two_plus, nan_policy="pairwise")[0],
                                    abs=1e-12)
    # complete-case subset: same as pingouin listwise
    complete = scale_alpha(_long(holes.dropna()), items=list(holes.columns))
    assert complete.alpha == pytest.approx(pg.cronbach_alpha(holes, nan_policy="listwise")[0],
                                           abs=1e-12)
    by = scale_alpha(_long(holes).assign(wave=lambda d: np.where(d["person_id"] < 40, "T0", "T1")),
                     items=list(holes.columns), by=["wave"])
    first = two_plus[two_plus.index < 40]
    assert by.loc[by["wave"] == "T0", "alpha"].iloc[0] == pytest.approx(
        pg.cronbach_alpha(first)[0], abs=1e-12)


def test_scale_alpha_low_warning() -> None:
    rng = np.random.default_rng(0)
    wide = pd.DataFrame(rng.integers(1, 6, size=(40, 3)), columns=list("abc")).astype(float)
    wide["c"] = np.clip(wide["a"] + rng.integers(-2, 3, 40), 1, 5)
    r = scale_alpha(_long(wide), items=list("abc"))
    ref = pg.cronbach_alpha(wide)[0]
    assert r.alpha == pytest.approx(ref, abs=1e-12)
    assert r.warning == ("alpha_negative" if ref < 0 else "alpha_low" if ref < 0.6 else None)


# --- coder agreement ----------------------------------------------------------------------------
def test_agreement_flag_thresholds() -> None:
    assert agreement_flag(0.8) == "reliable" and agreement_flag(0.95) == "reliable"
    assert agreement_flag(0.667) == "tentative" and agreement_flag(0.79) == "tentative"
    assert agreement_flag(0.6669) == "low" and agreement_flag(-0.2) == "low"
    assert agreement_flag(float("nan")) == "undefined"
    assert list(agreement_flag(np.array([0.9, 0.7, 0.1]))) == ["reliable", "tentative", "low"]


@pytest.mark.parametrize("seed", range(4))
def test_krippendorff_alpha_nominal_with_missing_matches_package(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    units = 50
    truth = rng.integers(0, 4, units)
    data = np.array([np.where(rng.random(units) < 0.75, truth, rng.integers(0, 4, units))
                     for _ in range(2 + seed)], dtype=float)
    data[rng.random(data.shape) < 0.25] = np.nan
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert krippendorff_alpha(data, level="nominal") == pytest.approx(expected, abs=1e-10)


# --- the same estimators from additive sums (cubes) -------------------------------------------
def test_mean_from_sums_equals_mean_of_persons_and_scipy() -> None:
    from workbench.stats.persons import mean_from_sums

    rng = np.random.default_rng(21)
    for n in (1, 3, 9, 10, 40):
        v = rng.integers(0, 5, n) / 4
        r = mean_from_sums(np.array([n]), np.array([v.sum()]), np.array([(v**2).sum()])).iloc[0]
        ref = mean_of_persons(pd.DataFrame({"person_id": range(n), "share": v}), by=()).iloc[0]
        assert r["method"] == ref["method"]
        assert (r["value"], r["lower"], r["upper"]) == pytest.approx(
            (ref["value"], ref["lower"], ref["upper"]), nan_ok=True)
    v = rng.integers(0, 5, 40) / 4
    r = mean_from_sums(np.array([40]), np.array([v.sum()]), np.array([(v**2).sum()])).iloc[0]
    lo, hi = st.t.interval(0.95, 39, loc=v.mean(), scale=st.sem(v))
    assert (r["lower"], r["upper"]) == pytest.approx((lo, hi))
    # 12 identical scores: the sums' rounding leaves no variance → Clopper–Pearson, not [p ; p]
    same = np.full(12, 0.7)
    r = mean_from_sums(np.array([12]), np.array([same.sum()]), np.array([(same**2).sum()]))
    assert r["method"].iloc[0] == "clopper_pearson_persons"
    assert r["upper"].iloc[0] - r["lower"].iloc[0] > 0.2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_clustered_mean_from_sums_matches_statsmodels(seed: int) -> None:
    from workbench.stats.panel import clustered_mean_from_sums

    scores = _panel_scores(seed, people=80)
    y = scores["share"].to_numpy()
    person = pd.factorize(scores["person_id"])[0]
    total = np.bincount(person, weights=y)
    count = np.bincount(person).astype(float)
    r = clustered_mean_from_sums([len(total)], [len(y)], [y.sum()], [(y**2).sum()],
                                 [(total**2).sum()], [(total * count).sum()],
                                 [(count**2).sum()]).iloc[0]
    fit = sm.OLS(y, np.ones(len(y))).fit(cov_type="cluster", cov_kwds={"groups": person},
                                         use_t=True)
    lo, hi = fit.conf_int(alpha=0.05)[0]
    assert r["value"] == pytest.approx(fit.params[0])
    assert r["se"] == pytest.approx(fit.bse[0])
    assert (r["lower"], r["upper"]) == pytest.approx((lo, hi))
    assert r["method"] == "cluster_robust_t_persons"
    ref = clustered_mean(y, scores["person_id"].to_numpy()).iloc[0]
    assert (r["lower"], r["upper"]) == pytest.approx((ref["lower"], ref["upper"]))


@pytest.mark.parametrize("seed", [4, 5])
def test_alpha_from_pair_sums_matches_pingouin_pairwise(seed: int) -> None:
    """Pairwise α from summed per-person contributions = pingouin's ``cronbach_alpha``
    (pairwise deletion) on the people with two answered items or more; cells add up."""
    from workbench.stats.reliability import alpha_from_pair_sums, alpha_pair_sums

    rng = np.random.default_rng(seed)
    level = rng.normal(3, 1, 150)
    wide = np.clip(np.round(level[:, None] + rng.normal(0, 0.9, (150, 4))), 1, 5)
    wide[rng.random((150, 4)) < 0.25] = np.nan
    sums = alpha_pair_sums(wide)
    cell = rng.integers(0, 2, 150)
    per_cell = {k: np.bincount(cell, weights=v, minlength=2) for k, v in sums.items()}
    alphas = alpha_from_pair_sums(per_cell, 4)
    for c in (0, 1):
        rows = pd.DataFrame(wide[cell == c])
        rows = rows[rows.notna().sum(axis=1) >= 2]
        ref, _ = pg.cronbach_alpha(rows, nan_policy="pairwise")
        assert alphas[c] == pytest.approx(ref, abs=1e-9)
        assert per_cell["n"][c] == len(rows)
    assert np.isnan(alpha_from_pair_sums({k: v[:1] * 0 for k, v in per_cell.items()}, 4)[0])


@pytest.mark.parametrize(("seed", "people"), [(6, 255), (7, 30), (8, 12)])
def test_wave_change_from_sums_equals_wave_change(seed: int, people: int) -> None:
    """The change from additive sums (cubes) equals ``wave_change`` (itself checked against
    statsmodels' cluster-robust OLS and scipy's paired t) cell by cell, including the fallback
    and the paired change."""
    from workbench.stats.panel import CHANGE_SUMS, wave_change_from_sums

    scores = _panel_scores(seed, people=people)
    ref = wave_change(scores, a="T0", b="T2", by=["group"]).set_index("group")
    a = scores[scores["wave"] == "T0"].set_index("person_id")
    b = scores[scores["wave"] == "T2"].set_index("person_id")
    both = a.merge(b, left_index=True, right_index=True, suffixes=("_a", "_b"))
    both = both[both["group_a"] == both["group_b"]]
    for group, row in ref.iterrows():
        aa, bb = a[a["group"] == group]["share"], b[b["group"] == group]["share"]
        pair = both[both["group_a"] == group]
        sums = dict(zip(CHANGE_SUMS, [[v] for v in (
            len(aa), aa.sum(), (aa**2).sum(), len(bb), bb.sum(), (bb**2).sum(), len(pair),
            pair["share_a"].sum(), pair["share_b"].sum(), (pair["share_a"]**2).sum(),
            (pair["share_b"]**2).sum(), (pair["share_a"] * pair["share_b"]).sum())],
            strict=True))
        fast = wave_change_from_sums(sums).iloc[0]
        for column in ("value", "se", "lower", "upper", "paired_value", "paired_lower",
                       "paired_upper", "n", "n_both"):
            assert fast[column] == pytest.approx(row[column], nan_ok=True, abs=1e-10), column
        assert (fast["method"], fast["mode"]) == (row["method"], row["mode"])
