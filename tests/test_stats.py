"""workbench.stats against statsmodels, scipy and pingouin (independent implementations)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from workbench import stats


@pytest.mark.parametrize(("x", "n"), [(0, 12), (1, 11), (7, 13), (12, 20), (40, 40), (133, 250)])
def test_wilson_matches_statsmodels(x: int, n: int) -> None:
    lo, hi = stats.wilson_interval(x, n)
    ref_lo, ref_hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    assert float(lo) == pytest.approx(ref_lo, abs=1e-12)
    assert float(hi) == pytest.approx(ref_hi, abs=1e-12)


def test_wilson_vectorised_and_empty() -> None:
    lo, hi = stats.wilson_interval(np.array([3, 0, 5]), np.array([10, 0, 5]))
    ref = proportion_confint(np.array([3, 5]), np.array([10, 5]), method="wilson")
    assert lo[[0, 2]] == pytest.approx(ref[0])
    assert hi[[0, 2]] == pytest.approx(ref[1])
    assert np.isnan(lo[1]) and np.isnan(hi[1])


def test_wilson_hand_case() -> None:
    # 12/20, z=1.959964: centre=(0.6+z²/40)/(1+z²/20)=0.58417, half=0.19729 → (0.3866, 0.7812)
    lo, hi = stats.wilson_interval(12, 20)
    assert (round(float(lo), 4), round(float(hi), 4)) == (0.3866, 0.7812)


def test_t_interval_matches_scipy() -> None:
    values = np.array([2.0, 3.5, 4.0, 1.0, 5.0, 3.0, 4.5])
    est = stats.mean_interval(values)
    ref = st.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=st.sem(values))
    assert est.value == pytest.approx(values.mean())
    assert (est.lower, est.upper) == pytest.approx(ref)
    assert est.n == 7 and "t" in est.method


def test_t_interval_needs_two_values() -> None:
    est = stats.mean_interval([3.0])
    assert np.isnan(est.lower) and est.n == 1


def test_cronbach_alpha_matches_pingouin() -> None:
    rng = np.random.default_rng(4)
    latent = rng.normal(size=60)
    items = pd.DataFrame({f"q{i}": np.clip(np.round(3 + latent + rng.normal(size=60)), 1, 5)
                          for i in range(4)})
    items.iloc[[3, 17, 40], [1, 2, 0]] = np.nan
    alpha, n = stats.cronbach_alpha(items)
    ref_alpha, _ = pg.cronbach_alpha(items, nan_policy="listwise")
    assert n == 57
    assert alpha == pytest.approx(ref_alpha, abs=1e-3)  # pingouin rounds to 6 decimals


def test_cronbach_alpha_hand_case() -> None:
    # items (1,2,3) and (1,3,2): var each = 1, totals (2,5,5) var = 3 → α = 2·(1 − 2/3) = 0.6667
    alpha, n = stats.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3], "b": [1, 3, 2]}))
    assert alpha == pytest.approx(2 / 3) and n == 3


def test_diff_proportions_matches_statsmodels_newcombe() -> None:
    est = stats.diff_proportions(18, 40, 30, 45)
    lo, hi = confint_proportions_2indep(30, 45, 18, 40, method="newcomb", compare="diff")
    assert est.value == pytest.approx(30 / 45 - 18 / 40)
    assert (est.lower, est.upper) == pytest.approx((lo, hi), abs=1e-10)


def test_diff_means_welch_matches_scipy() -> None:
    rng = np.random.default_rng(7)
    a, b = rng.normal(3.0, 1.0, 25), rng.normal(3.4, 1.5, 31)
    est = stats.diff_means_independent(a, b)
    ref = st.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert est.value == pytest.approx(b.mean() - a.mean())
    assert (est.lower, est.upper) == pytest.approx((ref.low, ref.high))


def test_diff_means_paired_matches_scipy() -> None:
    rng = np.random.default_rng(8)
    a = rng.normal(3.0, 1.0, 20)
    b = a + rng.normal(0.3, 0.4, 20)
    est = stats.diff_means_paired(a, b)
    ref = st.ttest_rel(b, a).confidence_interval(0.95)
    assert (est.lower, est.upper) == pytest.approx((ref.low, ref.high))
    assert "paired" in est.method


def test_bootstrap_is_seeded_and_close_to_t() -> None:
    rng = np.random.default_rng(9)
    values = rng.normal(10, 2, 200)
    one = stats.bootstrap_interval(values, seed=1)
    two = stats.bootstrap_interval(values, seed=1)
    assert one == two
    t_est = stats.mean_interval(values)
    assert one.lower == pytest.approx(t_est.lower, abs=0.1)
    assert one.upper == pytest.approx(t_est.upper, abs=0.1)
