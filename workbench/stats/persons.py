"""Estimators where each person counts once: person scores, their mean with a never-collapsing
interval, exact intervals for proportions, full counts, composition and direct standardisation
(the reliability of a scale on the people who answered it: :mod:`workbench.stats.reliability`).

The unit of every ``n`` here is the *person* (or, for repeated waves, the person × wave with
persons as clusters: see :mod:`workbench.stats.panel`).

Interval rule for a mean of bounded person scores (``bounded_interval``), with ``bounds`` the
range of a score (``(0, 1)`` for a share of agreeing answers):

* Student t on the person scores (``sd / sqrt(n)``, ``n − 1`` df) when ``n ≥ min_n`` (10),
  the scores vary (``sd > 0``) and the t interval lies inside ``bounds``;
* otherwise a binomial interval on the persons — Clopper–Pearson (default) or Wilson — with
  ``x = Σ scores`` (rescaled to [0, 1], possibly fractional) successes out of ``n`` persons.
  A score in [0, 1] with mean p has variance ≤ p(1 − p), equality when every score is 0 or 1,
  so the binomial interval is the worst case: conservative, and never of zero width (at 0 % it
  reads [0 ; 1 − 0.025^(1/n)]). It is exactly the usual interval when scores are all 0/1.

>>> answers = pd.DataFrame({"person_id": ["p1", "p1", "p2", "p2", "r1"],
...                         "value": [5, 4, 4, 2, 1], "nsp": False})
>>> scores = person_scores(answers, by=(), agree=4)
>>> scores["share"].tolist()
[1.0, 0.5, 0.0]
>>> float(mean_of_persons(scores, by=())["value"].iloc[0])
0.5
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.stats.intervals import Estimate, scipy_special, wilson_interval

MIN_N_T = 10
FALLBACKS = ("clopper_pearson", "wilson")
FULL_COUNT = "full count, no sampling"


# --- proportions at the edges -------------------------------------------------------------------
def clopper_pearson_interval(
    successes: float | np.ndarray, n: float | np.ndarray, *, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Clopper–Pearson ("exact", beta quantiles) interval; vectorised, NaN where n = 0.

    Lower bound 0 at x = 0, upper bound 1 at x = n, so it never collapses. ``successes`` may be
    fractional (the beta quantiles are continuous in x). Same as statsmodels
    ``proportion_confint(x, n, method="beta")``.

    >>> lo, hi = clopper_pearson_interval(0, 12)
    >>> float(lo), round(float(hi), 4)
    (0.0, 0.2646)
    """
    x = np.asarray(successes, dtype=float)
    nn = np.asarray(n, dtype=float)
    x = np.where(np.abs(x - np.round(x)) < 1e-9, np.round(x), x)
    tail = (1 - confidence) / 2
    sp = scipy_special()
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = np.where(x > 0, sp.betaincinv(np.where(x > 0, x, 1.0), nn - x + 1, tail), 0.0)
        upper = np.where(x < nn, sp.betaincinv(x + 1, np.where(x < nn, nn - x, 1.0), 1 - tail),
                         1.0)
    bad = ~(nn > 0) | (x < 0) | (x > nn)
    return np.where(bad, np.nan, lower), np.where(bad, np.nan, upper)


def bounded_interval(
    mean: float | np.ndarray, se: float | np.ndarray, df: float | np.ndarray,
    n: float | np.ndarray, *, bounds: tuple[float, float] | None = (0.0, 1.0),
    min_n: int = MIN_N_T, fallback: str = "clopper_pearson", confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(lower, upper, used_t)`` for a mean of bounded person scores (the rule in the module
    docstring). ``n`` is the number of persons. With ``bounds=None`` there is no fallback: the
    t interval where ``se > 0``, else NaN (never a zero-width interval).

    >>> lo, hi, used_t = bounded_interval(0.0, 0.0, 19, 20)
    >>> float(lo), round(float(hi), 4), bool(used_t)
    (0.0, 0.1684, False)
    """
    if fallback not in FALLBACKS:
        raise ValueError(f"fallback must be one of {FALLBACKS}, got {fallback!r}")
    m, s = np.asarray(mean, dtype=float), np.asarray(se, dtype=float)
    nn, d = np.asarray(n, dtype=float), np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        q = scipy_special().stdtrit(np.where(d > 0, d, np.nan), 0.5 + confidence / 2)
    t_lo, t_hi = m - q * s, m + q * s
    if bounds is None:
        ok = s > 0
        return np.where(ok, t_lo, np.nan), np.where(ok, t_hi, np.nan), ok
    lo_b, hi_b = (float(v) for v in bounds)
    width = hi_b - lo_b
    tol = 1e-12 * width
    used_t = (nn >= min_n) & (s > 0) & (t_lo >= lo_b - tol) & (t_hi <= hi_b + tol)
    x = (m - lo_b) / width * nn
    interval = clopper_pearson_interval if fallback == "clopper_pearson" else wilson_interval
    f_lo, f_hi = interval(np.clip(x, 0, nn), nn, confidence=confidence)
    lower = np.where(used_t, np.clip(t_lo, lo_b, hi_b), lo_b + width * f_lo)
    upper = np.where(used_t, np.clip(t_hi, lo_b, hi_b), lo_b + width * f_hi)
    empty = ~(nn > 0)
    return np.where(empty, np.nan, lower), np.where(empty, np.nan, upper), used_t & ~empty


def check_bounds(values: np.ndarray, bounds: tuple[float, float] | None) -> None:
    """Raise when a score lies outside ``bounds`` (a 1–5 mean needs ``bounds=(1, 5)``)."""
    if bounds is None:
        return
    v = values[~np.isnan(values)]
    if len(v) and (v.min() < bounds[0] - 1e-12 or v.max() > bounds[1] + 1e-12):
        raise ValueError(f"scores outside bounds {bounds}: pass the score's range "
                         "(e.g. bounds=(1, 5) for a mean score) or bounds=None")


# --- each person counts once --------------------------------------------------------------------
def person_scores(
    answers: pd.DataFrame, *, person: str = "person_id", by: Sequence[str] = ("wave",),
    agree: float = 4.0, value: str = "value", nsp: str | None = "nsp",
    nsp_in_denominator: bool = False,
) -> pd.DataFrame:
    """One row per person × ``by`` from long answers (one row per person × item).

    Columns: ``by``, ``person``, ``n_answered``, ``n_agree`` (answers ≥ ``agree``), ``n_nsp``,
    ``share`` = n_agree / n_answered (/ (n_answered + n_nsp) with ``nsp_in_denominator``; NaN
    when the denominator is 0, e.g. only « ne se prononce pas »), ``nsp_share`` = n_nsp /
    (n_answered + n_nsp) and ``mean`` (mean of the answered values). A row with no value and no
    NSP flag (item not asked) is ignored.

    >>> a = pd.DataFrame({"person_id": ["x", "x", "y"], "wave": "T0",
    ...                   "value": [5.0, None, 2.0], "nsp": [False, True, False]})
    >>> person_scores(a)[["person_id", "share", "nsp_share"]].to_numpy().tolist()
    [['x', 1.0, 0.5], ['y', 0.0, 0.0]]
    """
    keys = [*by, person]
    v = pd.to_numeric(answers[value], errors="coerce").to_numpy(dtype=float)
    answered = ~np.isnan(v)
    said_nsp = np.zeros(len(v), dtype=bool) if nsp is None else \
        answers[nsp].fillna(False).to_numpy(dtype=bool) & ~answered
    keep = answered | said_nsp
    frame = answers.loc[keep, keys].reset_index(drop=True)
    frame["n_answered"] = answered[keep].astype(np.int64)
    frame["n_agree"] = (answered & (np.nan_to_num(v) >= agree))[keep].astype(np.int64)
    frame["n_nsp"] = said_nsp[keep].astype(np.int64)
    frame["_total"] = np.nan_to_num(v)[keep]
    out = frame.groupby(keys, dropna=False, sort=True).sum().reset_index()
    answered_n = out["n_answered"].to_numpy(dtype=float)
    nsp_n = out["n_nsp"].to_numpy(dtype=float)
    denominator = answered_n + (nsp_n if nsp_in_denominator else 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share"] = np.where(denominator > 0, out["n_agree"] / denominator, np.nan)
        out["nsp_share"] = nsp_n / (answered_n + nsp_n)
        out["mean"] = np.where(answered_n > 0, out["_total"] / answered_n, np.nan)
    return out.drop(columns="_total")


def _groups(frame: pd.DataFrame, by: Sequence[str]) -> tuple[list[str], pd.DataFrame]:
    """Group keys, adding a constant key when ``by`` is empty (the overall row)."""
    if by:
        return list(by), frame
    return ["_all"], frame.assign(_all=0)


def mean_of_persons(
    scores: pd.DataFrame, *, by: Sequence[str] = ("wave",), value: str = "share",
    person: str = "person_id", bounds: tuple[float, float] | None = (0.0, 1.0),
    interval: str = "rule", min_n: int = MIN_N_T, fallback: str = "clopper_pearson",
    n_boot: int = 2000, seed: int = 2023, confidence: float = 0.95,
) -> pd.DataFrame:
    """Mean of the person scores per ``by`` group, each person once.

    Columns: ``by``, ``value`` (mean), ``sd``, ``n`` (persons with a score), ``n_missing``
    (persons without one, e.g. only NSP), ``nsp_share`` (mean of the persons' NSP shares, when
    the column exists), ``lower``, ``upper``, ``method``. ``interval="rule"``: t interval or the
    binomial fallback (module docstring). ``interval="bootstrap"``: a percentile bootstrap over
    persons (``n_boot`` draws, each group re-seeded with ``seed``) where the rule would use t,
    the same fallback elsewhere. Raises if a person appears twice in a group (several waves:
    use :func:`workbench.stats.panel.clustered_mean`).

    >>> s = pd.DataFrame({"person_id": list("abc"), "share": [0.0, 0.0, 0.0]})
    >>> r = mean_of_persons(s, by=())
    >>> float(r["lower"].iloc[0]), round(float(r["upper"].iloc[0]), 3), r["method"].iloc[0]
    (0.0, 0.708, 'clopper_pearson_persons')
    """
    if interval not in ("rule", "bootstrap"):
        raise ValueError(f"interval must be 'rule' or 'bootstrap', got {interval!r}")
    keys, frame = _groups(scores, by)
    if person in frame.columns and frame.duplicated([*keys, person]).any():
        raise ValueError("a person appears more than once in a group: the observations are not "
                         "independent (use workbench.stats.panel.clustered_mean)")
    v = frame[value].to_numpy(dtype=float)
    check_bounds(v, bounds)
    work = frame[keys].assign(_v=v)
    if "nsp_share" in frame.columns and value != "nsp_share":
        work["_nsp"] = frame["nsp_share"].to_numpy(dtype=float)
    grouped = work.groupby(keys, dropna=False, sort=True)
    out = grouped["_v"].agg(value="mean", sd="std", n="count", size="size").reset_index()
    out["n_missing"] = out.pop("size") - out["n"]
    if "_nsp" in work.columns:
        out["nsp_share"] = grouped["_nsp"].mean().to_numpy()
    n = out["n"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = out["sd"].to_numpy() / np.sqrt(n)
    lower, upper, used_t = bounded_interval(out["value"], se, n - 1, n, bounds=bounds,
                                            min_n=min_n, fallback=fallback,
                                            confidence=confidence)
    t_name = "t_mean_of_persons"
    if interval == "bootstrap" and used_t.any():
        b_lo, b_hi = _bootstrap(work, keys, out, used_t, n_boot, seed, confidence)
        lower, upper = np.where(used_t, b_lo, lower), np.where(used_t, b_hi, upper)
        t_name = f"bootstrap_percentile_persons ({n_boot} draws, seed {seed})"
    out["lower"], out["upper"] = lower, upper
    out["method"] = np.where(n == 0, "not_estimable",
                             np.where(used_t, t_name, f"{fallback}_persons"))
    if not by:
        out = out.drop(columns="_all")
    return out


def mean_from_sums(
    n: np.ndarray | pd.Series, total: np.ndarray | pd.Series, total_sq: np.ndarray | pd.Series,
    *, bounds: tuple[float, float] | None = (0.0, 1.0), min_n: int = MIN_N_T,
    fallback: str = "clopper_pearson", confidence: float = 0.95,
) -> pd.DataFrame:
    """:func:`mean_of_persons` (``interval="rule"``) from additive sums per cell: ``n`` persons
    with a score, ``total`` = Σ score, ``total_sq`` = Σ score² (so that every cell of a cube and
    its margins come from one ``bincount``). Columns: value, sd, lower, upper, method. A
    variance below 1e-12 of the squared range counts as none (rounding of the sums).

    >>> r = mean_from_sums(np.array([3.0]), np.array([1.5]), np.array([1.25]))
    >>> float(r["value"].iloc[0]), float(r["sd"].iloc[0]), r["method"].iloc[0]
    (0.5, 0.5, 'clopper_pearson_persons')
    """
    nn = np.asarray(n, dtype=float)
    s1, s2 = np.asarray(total, dtype=float), np.asarray(total_sq, dtype=float)
    scale = 1.0 if bounds is None else float(bounds[1] - bounds[0]) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(nn > 0, s1 / nn, np.nan)
        var = np.where(nn >= 2, (s2 - s1 * s1 / nn) / (nn - 1), np.nan)
        var = np.where(var < 1e-12 * scale, 0.0, var)
        sd = np.sqrt(var)
        se = sd / np.sqrt(nn)
    lower, upper, used_t = bounded_interval(mean, se, nn - 1, nn, bounds=bounds, min_n=min_n,
                                            fallback=fallback, confidence=confidence)
    method = np.where(~(nn > 0), "not_estimable",
                      np.where(used_t, "t_mean_of_persons", f"{fallback}_persons"))
    return pd.DataFrame({"value": mean, "sd": sd, "lower": lower, "upper": upper,
                         "method": method})


def _bootstrap(work: pd.DataFrame, keys: list[str], out: pd.DataFrame, use: np.ndarray,
               n_boot: int, seed: int, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap of the mean per group (a loop over groups, not over persons)."""
    lower, upper = np.full(len(out), np.nan), np.full(len(out), np.nan)
    work = work[work["_v"].notna()]
    code = work.groupby(keys, dropna=False, sort=True).ngroup().to_numpy()
    values = work["_v"].to_numpy()
    order = np.argsort(code, kind="stable")
    starts = np.searchsorted(code[order], np.arange(len(out) + 1))
    tail = (1 - confidence) / 2
    for g in np.flatnonzero(use):
        v = values[order[starts[g]:starts[g + 1]]]
        rng = np.random.default_rng(seed)
        means = v[rng.integers(0, len(v), size=(n_boot, len(v)))].mean(axis=1)
        lower[g], upper[g] = np.quantile(means, [tail, 1 - tail])
    return lower, upper


# --- full counts --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FullCount:
    """x of the y listed people: a full count, with no sampling and so no interval."""

    value: float
    x: int
    y: int
    method: str = FULL_COUNT

    @property
    def label_fr(self) -> str:
        return f"{self.x} sur {self.y}"


def count_of_list(
    present: int | np.ndarray | set | frozenset, listed: int | np.ndarray | set | frozenset,
) -> FullCount | pd.DataFrame:
    """A full count against a list ("14 sur 24"): value x / y, no interval.

    Counts (ints or arrays → a DataFrame with ``value``, ``x``, ``y``, ``method``) or sets of
    ids (x = listed ids present: someone present but not listed is not counted).

    >>> count_of_list({"a", "b", "z"}, {"a", "b", "c", "d"}).label_fr
    '2 sur 4'
    """
    if isinstance(present, set | frozenset) or isinstance(listed, set | frozenset):
        targets = set(listed)
        x, y = len(set(present) & targets), len(targets)
        return FullCount(x / y if y else float("nan"), x, y)
    xs, ys = np.asarray(present), np.asarray(listed)
    if np.any(xs < 0) or np.any(xs > ys):
        raise ValueError("a full count needs 0 ≤ present ≤ listed")
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(ys > 0, xs / np.where(ys > 0, ys, 1), np.nan)
    if xs.ndim == 0 and ys.ndim == 0:
        return FullCount(float(share), int(xs), int(ys))
    xs, ys = np.broadcast_arrays(xs, ys)
    return pd.DataFrame({"value": share, "x": xs, "y": ys, "method": FULL_COUNT})


# --- composition and direct standardisation -----------------------------------------------------
def composition(
    scores: pd.DataFrame, *, wave: str = "wave", group: str = "group",
    person: str = "person_id", value: str | None = None,
) -> pd.DataFrame:
    """Each wave's group mix: distinct persons per wave × group (``n``) and their ``share`` of
    the wave's persons. With ``value``, only persons with a non-missing score count.

    >>> s = pd.DataFrame({"wave": ["T0"] * 3, "group": ["hab", "hab", "elu"],
    ...                   "person_id": ["a", "b", "c"]})
    >>> composition(s)["share"].round(3).tolist()
    [0.333, 0.667]
    """
    rows = scores if value is None else scores[scores[value].notna()]
    people = rows[[wave, group, person]].drop_duplicates()
    out = people.groupby([wave, group], dropna=False, sort=True).size().rename("n").reset_index()
    out["share"] = out["n"] / out.groupby(wave, dropna=False)["n"].transform("sum")
    return out


def standardised_mean(
    group_means: np.ndarray | pd.Series | pd.DataFrame,
    group_sds: np.ndarray | pd.Series | pd.DataFrame,
    group_ns: np.ndarray | pd.Series | pd.DataFrame,
    reference_weights: np.ndarray | pd.Series, *, confidence: float = 0.95,
) -> Estimate | pd.DataFrame:
    """Direct standardisation: Σ w_g m_g with the reference mix w (normalised to sum 1; e.g. the
    first wave's group shares), variance Σ w_g² s_g² / n_g, t interval with Welch–Satterthwaite
    df. Groups are the last axis (pandas: aligned on the weights' index); a 2-D input (waves ×
    groups) gives a DataFrame. NaN when a weighted group has n < 2; no interval (NaN, not a
    zero-width one) when the variance is 0.

    >>> e = standardised_mean([0.2, 0.6], [0.4, 0.5], [40, 60], [0.5, 0.5])
    >>> round(e.value, 3), round(e.upper - e.lower, 3)
    (0.4, 0.179)
    """
    w = pd.Series(reference_weights, dtype=float) if isinstance(reference_weights, pd.Series) \
        else np.asarray(reference_weights, dtype=float)
    index = None

    def _aligned(x: np.ndarray | pd.Series | pd.DataFrame) -> np.ndarray:
        nonlocal index
        if isinstance(x, pd.DataFrame):
            index = x.index
            x = x.reindex(columns=w.index) if isinstance(w, pd.Series) else x
        elif isinstance(x, pd.Series) and isinstance(w, pd.Series):
            x = x.reindex(w.index)
        return np.asarray(x, dtype=float)

    m, s, n = _aligned(group_means), _aligned(group_sds), _aligned(group_ns)
    weights = np.asarray(w, dtype=float)
    weights = weights / weights.sum()
    used = weights > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        part = np.where(used, weights**2 * s**2 / n, 0.0)
        bad = np.any(used & ~(n >= 2), axis=-1)
        value = np.where(bad, np.nan, np.sum(np.where(used, weights * m, 0.0), axis=-1))
        var = np.where(bad, np.nan, part.sum(axis=-1))
        df = var**2 / np.sum(np.where(used, part**2 / (n - 1), 0.0), axis=-1)
        q = scipy_special().stdtrit(np.where(var > 0, df, np.nan), 0.5 + confidence / 2)
    se = np.sqrt(var)
    lower, upper = value - q * se, value + q * se
    total = np.sum(np.where(used, np.nan_to_num(n), 0.0), axis=-1)
    method = "direct standardisation, t (Welch–Satterthwaite df)"
    if np.ndim(value) == 0:
        return Estimate(float(value), float(lower), float(upper), int(total), method)
    return pd.DataFrame({"value": value, "se": se, "df": df, "lower": lower, "upper": upper,
                         "n": total, "method": method}, index=index)


__all__ = ["FULL_COUNT", "MIN_N_T", "FullCount", "bounded_interval", "check_bounds",
           "clopper_pearson_interval", "composition", "count_of_list", "mean_from_sums",
           "mean_of_persons", "person_scores", "standardised_mean"]
