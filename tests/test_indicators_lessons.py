"""Change between waves (panel vs repeated cross-sections), the barometer, and the profile kinds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest_indicators import framework, questionnaire, spec
from scipy import stats as st

from workbench.errors import FrameworkError
from workbench.indicators import KINDS, compute, select
from workbench.indicators.lessons import barometer, barometer_overview
from workbench.indicators.longitudinal import change_between
from workbench.indicators.process import band_of

B, T = "barometre", "tilleuls"
PANEL_T0 = [2, 2, 2, 2, 2, 2]          # a1..a6 at T0 (both items equal)
PANEL_T1 = [3, 3, 3, 3, 4, 2]          # a1..a6 at T1 → differences 1 1 1 1 2 0, mean +1
ROWS = [
    *[("T0", f"a{i}", "elus", T, B, {"Q01": v, "Q02": v}) for i, v in enumerate(PANEL_T0)],
    *[("T0", f"c{i}", "elus", T, B, {"Q01": 5, "Q02": 5}) for i in range(6)],   # left after T0
    *[("T1", f"a{i}", "elus", T, B, {"Q01": v, "Q02": v}) for i, v in enumerate(PANEL_T1)],
    *[("T1", f"d{i}", "elus", T, B, {"Q01": 1, "Q02": 1}) for i in range(6)],   # new at T1
]
# cross-section: T0 mean (6×2 + 6×5)/12 = 3.5, T1 mean (18 + 6×1)/12 = 2.0 → change −1.5
# panel (a1..a6 only): change +1.0 — the two modes disagree even in sign


def test_panel_and_cross_section_differ_as_computed_by_hand() -> None:
    fw, data = framework(), questionnaire(ROWS)
    cross = change_between(data, fw, "L1-mean", "T0", "T1", mode="cross_section")
    panel = change_between(data, fw, "L1-mean", "T0", "T1", mode="panel")
    c, p = select(cross, qpv="*", group="*").iloc[0], select(panel, qpv="*", group="*").iloc[0]
    assert c["value"] == pytest.approx(-1.5) and c["mode"] == "cross_section"
    assert p["value"] == pytest.approx(1.0) and p["mode"] == "panel" and p["n"] == 6
    ref_p = st.ttest_rel(PANEL_T1, PANEL_T0).confidence_interval(0.95)
    assert (p["lower"], p["upper"]) == pytest.approx((ref_p.low, ref_p.high))
    t0 = np.array([*PANEL_T0, *[5] * 6], dtype=float)
    t1 = np.array([*PANEL_T1, *[1] * 6], dtype=float)
    ref_c = st.ttest_ind(t1, t0, equal_var=False).confidence_interval(0.95)
    assert (c["lower"], c["upper"]) == pytest.approx((ref_c.low, ref_c.high))


def test_change_of_agreement_share_cross_section_uses_newcombe() -> None:
    from statsmodels.stats.proportion import confint_proportions_2indep

    fw, data = framework(), questionnaire(ROWS)
    change = select(change_between(data, fw, "L1-agree", "T0", "T1", mode="cross_section"),
                    qpv=T, group="elus")
    row = change.iloc[0]
    # T0: c0..c5 agree with both items (share 1), a0..a5 with none → 6 of 12 people → 0.5
    # T1: a4 agrees with both (4, 4) → 1 of 12 people
    assert row["value"] == pytest.approx(1 / 12 - 0.5) and row["mode"] == "cross_section"
    lo, hi = confint_proportions_2indep(1, 12, 6, 12, method="newcomb")
    assert (row["lower"], row["upper"]) == pytest.approx((lo, hi))


def test_change_from_the_data_follows_the_people_it_can() -> None:
    """Default mode: everyone at either wave, people as clusters (statsmodels OLS on a wave
    dummy, cluster-robust), the paired change of the 6 followed, mode « mixed » from the data."""
    import statsmodels.api as sm

    fw, data = framework(), questionnaire(ROWS)
    row = select(change_between(data, fw, "L1-mean", "T0", "T1"), qpv="*", group="*").iloc[0]
    people = [r[1] for r in ROWS]
    means = [float(np.mean(list(r[5].values()))) for r in ROWS]
    is_t1 = np.array([r[0] == "T1" for r in ROWS], dtype=float)
    fit = sm.OLS(np.array(means), sm.add_constant(is_t1)).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(pd.Series(people))[0]},
        use_t=True)
    lo, hi = fit.conf_int(alpha=0.05)[1]
    assert row["value"] == pytest.approx(-1.5) and row["mode"] == "mixed"
    assert (row["lower"], row["upper"]) == pytest.approx((lo, hi))
    assert row["method"] == "cluster_robust_t_change"
    assert row["n"] == 18 and row["n_both"] == 6  # a0…a5 at both, c and d at one
    ref = st.ttest_rel(PANEL_T1, PANEL_T0).confidence_interval(0.95)
    assert row["paired_value"] == pytest.approx(1.0)
    assert (row["paired_lower"], row["paired_upper"]) == pytest.approx((ref.low, ref.high))


def test_change_masks_small_panels_and_refuses_unknown_mode() -> None:
    fw, data = framework(11), questionnaire(ROWS)
    panel = change_between(data, fw, "L1-mean", "T0", "T1", mode="panel")
    assert panel["masked"].all()  # 6 people in the panel < 11
    with pytest.raises(FrameworkError):
        change_between(data, fw, "L1-mean", "T0", "T1", mode="both")


def test_barometer_rows_trend_and_overview() -> None:
    fw, data = framework(), questionnaire(ROWS)
    cubes = {i: compute(data, fw, i) for i in ("L1-agree", "L1-mean")}
    table = barometer(cubes, fw)
    mean = table[table["indicator"] == "L1-mean"].set_index("wave")
    assert list(mean.index) == ["T0", "T1"]
    assert mean.loc["T1", "trend"] == pytest.approx(-1.5) and mean.loc["T1", "trend_sign"] == -1
    assert np.isnan(mean.loc["T0", "trend"])
    agree = table[table["indicator"] == "L1-agree"].set_index("wave")
    assert agree.loc["T0", "value"] == pytest.approx(0.5)
    assert agree.loc["T0", "meets_target"] is False or agree.loc["T0", "meets_target"] == 0
    assert set(table["evidence"]) == {"perception"}
    overview = barometer_overview(cubes, fw)
    assert len(overview) == len(fw.lessons) * len(fw.wave_ids)
    l1 = overview[overview["lesson"] == "L1"].set_index("wave")
    assert (l1["indicator"].dropna() == "L1-agree").all()
    assert l1.loc["T0", "value"] == pytest.approx(0.5)
    assert np.isnan(l1.loc["T2", "value"])
    masked = barometer_overview({i: compute(data, framework(13), i) for i in cubes}, fw,
                                qpv=T, group="elus")
    assert masked.loc[masked["lesson"] == "L1", "value"].isna().all()  # 12 people < 13
    assert masked.loc[masked["lesson"] == "L1", "masked"].iloc[:2].all()


def test_factor_profile_and_bands() -> None:
    fw, data = framework(), questionnaire(ROWS)
    cube = KINDS["factor_profile"].function(
        data, spec("factor_profile", factors={"vision": ["Q01", "Q02"]}), fw)
    row = select(cube, wave="T0", factor="vision").iloc[0]
    assert row["value"] == pytest.approx(3.5) and row["band"] == "discuss"
    assert [band_of(v) for v in (4.0, 3.95, 3.0, 2.99)] == ["strength", "discuss", "discuss",
                                                             "concern"]


def test_abc_profile_shares() -> None:
    rows = [("T1", f"x{i}", "acteurs", T, B, {"Q01": a, "Q02": b})
            for i, (a, b) in enumerate([(1, 1), (1, 2), (2, 3), (3, 3), (1, 3)])]
    rows.append(("T1", "x5", "acteurs", T, B, {"Q01": 2}))  # one answer: weighs as one person
    cube = KINDS["abc_profile"].function(
        questionnaire(rows), spec("abc_profile", conditions={"c1": ["Q01", "Q02"]}), framework())
    shares = select(cube, wave="T1", condition="c1", level=None).set_index("level")["value"]
    # each person's share of A: 1, ½, 0, 0, ½, 0 → 2/6; B: 0, ½, ½, 0, 0, 1 → 2/6; C: 2/6
    assert shares.to_dict() == pytest.approx({"A": 2 / 6, "B": 2 / 6, "C": 2 / 6})
    assert (select(cube, wave="T1", condition="c1", level=None)["n"] == 6).all()


def test_unknown_kind_names_the_indicator() -> None:
    with pytest.raises(FrameworkError) as err:
        compute(questionnaire(ROWS), framework(), spec("no_such_kind"))
    assert err.value.key == "indicator_unknown_kind" and "no_such_kind" in str(err.value)


def test_indicators_do_not_import_widgets() -> None:
    import subprocess
    import sys

    code = ("import sys, workbench.indicators as i, workbench.indicators.lessons, "
            "workbench.indicators.longitudinal; "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('ipywidgets', 'IPython', 'voila')]; print(bad); sys.exit(bool(bad))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_panel_requires_data() -> None:
    fw, data = framework(), questionnaire(ROWS)
    with pytest.raises(FrameworkError):
        change_between(compute(data, fw, "L1-mean"), fw, "L1-mean", "T0", "T1", mode="panel")
    assert isinstance(pd.DataFrame(), pd.DataFrame)


def test_every_mode_and_method_has_a_label() -> None:
    from workbench.i18n import TEXTS

    fw, data = framework(), questionnaire(ROWS)
    frames = [compute(data, fw, "L1-agree"), compute(data, fw, "L1-mean"),
              change_between(data, fw, "L1-mean", "T0", "T1", mode="panel"),
              change_between(data, fw, "L1-agree", "T0", "T1"),
              change_between(data, fw, "L1-agree", "T0", "T1", mode="cross_section")]
    for frame in frames:
        for mode in set(frame["mode"]):
            assert f"indicator.mode.{mode}" in TEXTS
        for method in set(frame["method"].dropna()):
            assert f"indicator.method.{method}" in TEXTS


def test_composition_and_adjusted_headline_by_hand() -> None:
    """Residents agree less and are fewer at T1: the published T1 share rises partly because
    of who answered; standardised to T0's mix (half residents) it rises less."""
    from workbench.indicators.lessons import adjusted_headline, wave_composition

    rows = [("T0", f"r{k}", "habitants", T, "habitants", {"Q01": 4 if k < 3 else 1})
            for k in range(12)]                                    # residents 3/12 agree
    rows += [("T0", f"e{k}", "elus", T, B, {"Q01": 5 if k < 6 else 2, "Q02": 5 if k < 6 else 2})
             for k in range(12)]                                   # officials 6/12
    rows += [("T1", f"s{k}", "habitants", T, "habitants", {"Q01": 4 if k < 3 else 1})
             for k in range(12)]                                   # residents 3/12
    rows += [("T1", f"f{k}", "elus", T, B, {"Q01": 5 if k < 27 else 2, "Q02": 5 if k < 27
                                             else 2}) for k in range(36)]  # officials 27/36
    fw, data = framework(11), questionnaire(rows)
    who = wave_composition(data, fw).set_index(["wave", "group"])
    assert who.loc[("T0", "habitants"), "share"] == pytest.approx(0.5)
    assert who.loc[("T1", "habitants"), "share"] == pytest.approx(0.25)
    assert bool(who.loc[("T1", "habitants"), "moved"])
    adjusted = adjusted_headline(data, fw).set_index(["lesson", "wave"])
    t1 = adjusted.loc[("L1", "T1")]
    assert t1["value"] == pytest.approx((3 + 27) / 48)
    assert t1["adjusted"] == pytest.approx(0.5 * 3 / 12 + 0.5 * 27 / 36)
    assert bool(t1["moved"]) and t1["method"] == "direct_standardisation_first_wave_groups"
    residents = np.array([1.0] * 3 + [0.0] * 9)
    officials = np.array([1.0] * 27 + [0.0] * 9)
    var = 0.25 * residents.var(ddof=1) / 12 + 0.25 * officials.var(ddof=1) / 36
    parts = np.array([0.25 * residents.var(ddof=1) / 12, 0.25 * officials.var(ddof=1) / 36])
    df = var**2 / (parts**2 / np.array([11, 35])).sum()
    half = st.t.ppf(0.975, df) * np.sqrt(var)
    assert (t1["lower"], t1["upper"]) == pytest.approx((t1["adjusted"] - half,
                                                        t1["adjusted"] + half))
    t0 = adjusted.loc[("L1", "T0")]
    assert t0["adjusted"] == pytest.approx(t0["value"])  # the first wave is the reference


def test_barometer_overview_carries_what_says_how_far_to_trust() -> None:
    fw, data = framework(), questionnaire(ROWS)
    cubes = {i: compute(data, fw, i) for i in ("L1-agree", "L1-mean")}
    overview = barometer_overview(cubes, fw).set_index(["lesson", "wave"])
    row = overview.loc[("L1", "T0")]
    assert row["mode"] == "mixed" and row["nsp_share"] == 0
    assert row["method"] in ("t_mean_of_persons", "clopper_pearson_persons")
