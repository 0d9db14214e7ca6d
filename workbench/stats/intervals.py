"""Confidence intervals and differences, vectorised where it matters.

Every interval function returns ``(lower, upper)`` arrays (or an :class:`Estimate` for the
scalar helpers) and every helper names its method in a ``method`` string so that what is shown
can say how it was computed.

>>> lo, hi = wilson_interval(12, 20)
>>> round(float(lo), 4), round(float(hi), 4)
(0.3866, 0.7812)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

Z95 = NormalDist().inv_cdf(0.975)  # = scipy.special.ndtri(0.975)


def scipy_special():
    """``scipy.special``, imported on first use (never ``scipy.stats``: seconds at start-up);
    a COPIL kernel, which shows published intervals, never imports it (9 MiB)."""
    from scipy import special

    return special


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its interval, sample size and method."""

    value: float
    lower: float
    upper: float
    n: int
    method: str


def _z(confidence: float) -> float:
    return float(scipy_special().ndtri(0.5 + confidence / 2))


def wilson_interval(
    successes: float | np.ndarray, n: float | np.ndarray, *, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion (NaN where n = 0); accepts arrays.

    ``successes`` may be fractional (e.g. a pooled share times an effective size).
    """
    x = np.asarray(successes, dtype=float)
    nn = np.asarray(n, dtype=float)
    z = _z(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / nn
        denom = 1 + z**2 / nn
        centre = (p + z**2 / (2 * nn)) / denom
        half = z * np.sqrt(p * (1 - p) / nn + z**2 / (4 * nn**2)) / denom
    bad = ~(nn > 0)
    lower = np.where(bad, np.nan, np.clip(centre - half, 0.0, 1.0))
    upper = np.where(bad, np.nan, np.clip(centre + half, 0.0, 1.0))
    return lower, upper


def t_interval(
    mean: float | np.ndarray,
    sd: float | np.ndarray,
    n: float | np.ndarray,
    *,
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Student t interval for a mean from its mean, sample sd (ddof=1) and n (NaN when n < 2)."""
    m = np.asarray(mean, dtype=float)
    s = np.asarray(sd, dtype=float)
    nn = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = scipy_special().stdtrit(np.where(nn >= 2, nn - 1, np.nan), 0.5 + confidence / 2)
        half = q * s / np.sqrt(nn)
    return m - half, m + half


def mean_interval(values: pd.Series | np.ndarray, *, confidence: float = 0.95) -> Estimate:
    """Mean of the non-missing values with a t interval."""
    v = pd.Series(values, dtype=float).dropna().to_numpy()
    n = len(v)
    mean = float(v.mean()) if n else float("nan")
    sd = float(v.std(ddof=1)) if n >= 2 else float("nan")
    lo, hi = t_interval(mean, sd, n, confidence=confidence)
    return Estimate(mean, float(lo), float(hi), n, "Student t interval")


def proportion_interval(successes: int, n: int, *, confidence: float = 0.95) -> Estimate:
    lo, hi = wilson_interval(successes, n, confidence=confidence)
    value = successes / n if n else float("nan")
    return Estimate(value, float(lo), float(hi), n, "Wilson score interval")


def bootstrap_interval(
    values: pd.Series | np.ndarray,
    statistic: Callable[[np.ndarray], float] = np.mean,
    *,
    n_boot: int = 2000,
    seed: int = 2023,
    confidence: float = 0.95,
) -> Estimate:
    """Percentile bootstrap interval of ``statistic`` (seeded, reproducible)."""
    v = pd.Series(values, dtype=float).dropna().to_numpy()
    n = len(v)
    if n == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0, "percentile bootstrap")
    rng = np.random.default_rng(seed)
    draws = v[rng.integers(0, n, size=(n_boot, n))]
    stats = np.apply_along_axis(statistic, 1, draws)
    alpha = (1 - confidence) / 2
    lo, hi = np.quantile(stats, [alpha, 1 - alpha])
    return Estimate(float(statistic(v)), float(lo), float(hi), n,
                    f"percentile bootstrap ({n_boot} draws, seed {seed})")


# --- differences ---------------------------------------------------------------------------------
def diff_proportions(
    x_a: float, n_a: float, x_b: float, n_b: float, *, confidence: float = 0.95
) -> Estimate:
    """Difference p_b − p_a of two independent proportions, Newcombe's hybrid score interval.

    Same as statsmodels ``confint_proportions_2indep(x_b, n_b, x_a, n_a, method="newcomb")``.
    """
    if not (n_a > 0 and n_b > 0):
        return Estimate(float("nan"), float("nan"), float("nan"), 0, "Newcombe hybrid score")
    p_a, p_b = x_a / n_a, x_b / n_b
    l_a, u_a = (float(v) for v in wilson_interval(x_a, n_a, confidence=confidence))
    l_b, u_b = (float(v) for v in wilson_interval(x_b, n_b, confidence=confidence))
    d = p_b - p_a
    lower = d - np.sqrt((p_b - l_b) ** 2 + (u_a - p_a) ** 2)
    upper = d + np.sqrt((u_b - p_b) ** 2 + (p_a - l_a) ** 2)
    return Estimate(d, float(lower), float(upper), int(n_a + n_b),
                    "Newcombe hybrid score interval (independent samples)")


def diff_means_independent(
    a: pd.Series | np.ndarray, b: pd.Series | np.ndarray, *, confidence: float = 0.95
) -> Estimate:
    """Difference mean(b) − mean(a) of independent samples, Welch t interval."""
    va = pd.Series(a, dtype=float).dropna().to_numpy()
    vb = pd.Series(b, dtype=float).dropna().to_numpy()
    na, nb = len(va), len(vb)
    if na < 2 or nb < 2:
        return Estimate(float("nan"), float("nan"), float("nan"), na + nb, "Welch t interval")
    return diff_means_from_summary(va.mean(), va.std(ddof=1), na, vb.mean(), vb.std(ddof=1), nb,
                                   confidence=confidence)


def diff_means_from_summary(
    mean_a: float, sd_a: float, n_a: float, mean_b: float, sd_b: float, n_b: float,
    *, confidence: float = 0.95,
) -> Estimate:
    """Welch interval for mean_b − mean_a from summary statistics."""
    if not (n_a >= 2 and n_b >= 2):
        return Estimate(float("nan"), float("nan"), float("nan"), int(n_a + n_b),
                        "Welch t interval (independent samples)")
    va, vb = sd_a**2 / n_a, sd_b**2 / n_b
    se = np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (n_a - 1) + vb**2 / (n_b - 1)) if se > 0 else n_a + n_b - 2
    q = float(scipy_special().stdtrit(df, 0.5 + confidence / 2))
    d = float(mean_b - mean_a)
    return Estimate(d, float(d - q * se), float(d + q * se), int(n_a + n_b),
                    "Welch t interval (independent samples)")


def diff_means_paired(
    a: pd.Series | np.ndarray, b: pd.Series | np.ndarray, *, confidence: float = 0.95
) -> Estimate:
    """Mean of the paired differences b − a (same people), t interval on the differences."""
    frame = pd.DataFrame({"a": np.asarray(a, dtype=float), "b": np.asarray(b, dtype=float)})
    diffs = (frame["b"] - frame["a"]).dropna()
    est = mean_interval(diffs, confidence=confidence)
    return Estimate(est.value, est.lower, est.upper, est.n, "paired t interval (same people)")
