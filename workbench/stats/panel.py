"""The same people over several waves: means of person × wave observations with persons as
clusters, and wave-to-wave changes on an (unbalanced) panel.

Cluster-robust variance: CR1, the sandwich with persons as clusters and statsmodels' default
small-sample factor G/(G − 1) · (N − 1)/(N − K) (K = 1 for a mean, 2 for a change), t with
G − 1 df (``OLS(...).fit(cov_type="cluster", cov_kwds={"groups": ...}, use_t=True)``).
``n`` is always the number of distinct persons G; ``n_obs`` the observations.

Never a zero-width interval: for a mean, the rule of
:func:`workbench.stats.persons.bounded_interval` with G persons (binomial fallback on
x = mean × G when G < ``min_n``, the observations do not vary or the t interval leaves
``bounds``); for a change, Newcombe's hybrid interval built from each wave's interval under
the same rule (which treats the two waves as independent: conservative for a panel, where a
person's scores at two waves are positively correlated).

>>> r = clustered_mean([1.0, 0.0, 0.5, 0.5], ["a", "a", "b", "c"], bounds=None)
>>> int(r["n"].iloc[0]), int(r["n_obs"].iloc[0]), float(r["value"].iloc[0])
(3, 4, 0.5)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from workbench.stats.persons import MIN_N_T, bounded_interval, check_bounds

CLUSTER_T = "cluster_robust_t_persons"
CHANGE_T = "cluster_robust_t_change"
CHANGE_FALLBACK = "newcombe_from_wave_intervals"


def _by_frame(by: pd.Series | pd.DataFrame | np.ndarray | None, size: int) -> pd.DataFrame:
    if by is None:
        return pd.DataFrame(index=range(size))
    if isinstance(by, pd.DataFrame):
        return by.reset_index(drop=True)
    if isinstance(by, pd.Series):
        return by.rename(by.name if by.name is not None else "group").reset_index(drop=True) \
            .to_frame()
    return pd.DataFrame({"group": np.asarray(by)})


def clustered_mean(
    values: np.ndarray | pd.Series, clusters: np.ndarray | pd.Series, *,
    by: pd.Series | pd.DataFrame | np.ndarray | None = None,
    bounds: tuple[float, float] | None = (0.0, 1.0), min_n: int = MIN_N_T,
    fallback: str = "clopper_pearson", confidence: float = 0.95,
) -> pd.DataFrame:
    """Mean of person × wave observations per ``by`` group with a cluster-robust (CR1, persons
    as clusters) standard error and a t interval with G − 1 df (rule and fallback: module
    docstring). Columns: ``by``, ``value``, ``se``, ``df``, ``lower``, ``upper``, ``n``
    (distinct persons), ``n_obs``, ``method``. Missing values are dropped.

    >>> r = clustered_mean([0.0, 0.0, 0.0], ["a", "a", "b"])
    >>> float(r["lower"].iloc[0]), round(float(r["upper"].iloc[0]), 3), r["method"].iloc[0]
    (0.0, 0.842, 'clopper_pearson_persons')
    """
    y = np.asarray(values, dtype=float)
    check_bounds(y, bounds)
    frame = _by_frame(by, len(y))
    keys = list(frame.columns) or ["_all"]
    frame = frame.assign(_y=y, _c=np.asarray(clusters), _all=0)
    frame = frame[~np.isnan(y)]
    grouped = frame.groupby(keys, dropna=False, sort=True)
    frame["_e"] = frame["_y"] - grouped["_y"].transform("mean")
    per_person = frame.groupby([*keys, "_c"], dropna=False, sort=True)["_e"].sum()
    meat = (per_person**2).groupby(level=keys, dropna=False, sort=True).agg(["sum", "size"])
    out = grouped["_y"].agg(value="mean", n_obs="size").reset_index()
    n_obs = out["n_obs"].to_numpy(dtype=float)
    g = meat["size"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(g >= 2, g / (g - 1) * meat["sum"].to_numpy() / n_obs**2, np.nan)
    out["se"], out["df"], out["n"] = np.sqrt(var), g - 1, g.astype(np.int64)
    lower, upper, used_t = bounded_interval(out["value"], out["se"], out["df"], g,
                                            bounds=bounds, min_n=min_n, fallback=fallback,
                                            confidence=confidence)
    out["lower"], out["upper"] = lower, upper
    out["method"] = np.where(used_t, CLUSTER_T,
                             "not_estimable" if bounds is None else f"{fallback}_persons")
    out = out.drop(columns=[c for c in ("_all",) if c in out.columns])
    return out[[*[k for k in keys if k != "_all"], "value", "se", "df", "lower", "upper", "n",
                "n_obs", "method"]]


def clustered_mean_from_sums(
    clusters: np.ndarray | pd.Series, n_obs: np.ndarray | pd.Series,
    sum_y: np.ndarray | pd.Series, sum_y2: np.ndarray | pd.Series,
    sum_cluster_sq: np.ndarray | pd.Series, sum_cluster_cross: np.ndarray | pd.Series,
    sum_cluster_m2: np.ndarray | pd.Series, *, bounds: tuple[float, float] | None = (0.0, 1.0),
    min_n: int = MIN_N_T, fallback: str = "clopper_pearson", confidence: float = 0.95,
) -> pd.DataFrame:
    """:func:`clustered_mean` from additive sums per cell, for cubes: ``clusters`` G (persons),
    ``n_obs`` N, Σy, Σy², and over persons p (S_p = Σ of p's y, m_p = p's observations)
    ``sum_cluster_sq`` = Σ S_p², ``sum_cluster_cross`` = Σ S_p·m_p, ``sum_cluster_m2`` = Σ m_p².
    CR1: var = G/(G − 1) · (Σ S_p² − 2ȳ Σ S_p m_p + ȳ² Σ m_p²) / N². Columns: value, sd (of
    the observations), se, lower, upper, method.

    >>> r = clustered_mean_from_sums([3], [4], [2.0], [1.5], [1.5], [3.0], [6])
    >>> float(r["value"].iloc[0]), r["method"].iloc[0]
    (0.5, 'clopper_pearson_persons')
    """
    g, n = np.asarray(clusters, dtype=float), np.asarray(n_obs, dtype=float)
    y, y2 = np.asarray(sum_y, dtype=float), np.asarray(sum_y2, dtype=float)
    a, b = np.asarray(sum_cluster_sq, dtype=float), np.asarray(sum_cluster_cross, dtype=float)
    c = np.asarray(sum_cluster_m2, dtype=float)
    scale = 1.0 if bounds is None else float(bounds[1] - bounds[0]) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, y / n, np.nan)
        meat = a - 2 * mean * b + mean**2 * c
        meat = np.where(meat < 1e-12 * scale * np.maximum(n, 1), 0.0, meat)
        var = np.where(g >= 2, g / (g - 1) * meat / n**2, np.nan)
        obs_var = np.where(n >= 2, (y2 - y * y / n) / (n - 1), np.nan)
        sd = np.sqrt(np.where(obs_var < 1e-12 * scale, 0.0, obs_var))
    se = np.sqrt(var)
    lower, upper, used_t = bounded_interval(mean, se, g - 1, g, bounds=bounds, min_n=min_n,
                                            fallback=fallback, confidence=confidence)
    method = np.where(used_t, CLUSTER_T, "not_estimable" if bounds is None
                      else f"{fallback}_persons")
    method = np.where(g > 0, method, "not_estimable")
    return pd.DataFrame({"value": mean, "sd": sd, "se": se, "lower": lower, "upper": upper,
                         "method": method})


def wave_change(
    scores: pd.DataFrame, *, person: str = "person_id", wave: str = "wave", a: str, b: str,
    by: Sequence[str] | None = None, value: str = "share",
    bounds: tuple[float, float] | None = (0.0, 1.0), min_n: int = MIN_N_T,
    fallback: str = "clopper_pearson", confidence: float = 0.95,
) -> pd.DataFrame:
    """Change mean(b) − mean(a) of person scores (one row per person × wave), per ``by``.

    Headline (``value``, ``se``, ``df``, ``lower``, ``upper``, ``method``): everyone at a or b
    (unbalanced panel), OLS of the score on a wave-b dummy with CR1 persons-as-clusters SE and
    t with G − 1 df; when G < ``min_n``, no variation or an interval beyond ±range, Newcombe's
    hybrid from the two waves' intervals (``newcombe_from_wave_intervals``). Also
    ``paired_value``/``paired_lower``/``paired_upper``: mean of b − a over the ``n_both``
    people present at both (paired t; NaN when < 2 or no variation). ``mode``: ``"panel"``
    (same people at both), ``"cross_section"`` (nobody shared), ``"mixed"``, ``"no_data"``.
    Counts: ``n_a``, ``n_b``, ``n_both``, ``n`` (distinct persons), ``n_obs``. A person is
    placed in a ``by`` group by each wave's own row.

    >>> s = pd.DataFrame({"person_id": ["x", "y", "x", "y"], "wave": ["T0", "T0", "T2", "T2"],
    ...                   "share": [0.0, 0.5, 0.5, 1.0]})
    >>> r = wave_change(s, a="T0", b="T2", bounds=None)
    >>> float(r["value"].iloc[0]), r["mode"].iloc[0], int(r["n_both"].iloc[0])
    (0.5, 'panel', 2)
    """
    keys = list(by or []) or ["_all"]
    rows = scores[scores[wave].isin([a, b])].assign(_all=0)
    rows = rows[rows[value].notna()]
    if rows.duplicated([*keys, person, wave]).any():
        raise ValueError("one score per person and wave expected")
    y = rows[value].to_numpy(dtype=float)
    check_bounds(y, bounds)
    is_b = (rows[wave] == b).to_numpy()
    frame = rows[[*keys, person]].assign(_y=y, _b=is_b)
    side = frame.groupby([*keys, "_b"], dropna=False, sort=True)["_y"]
    frame["_n"] = side.transform("size").to_numpy(dtype=float)
    frame["_e"] = y - side.transform("mean").to_numpy()
    frame["_we"] = np.where(is_b, 1.0, -1.0) / frame["_n"] * frame["_e"]
    per_person = frame.groupby([*keys, person], dropna=False, sort=True)
    score = per_person["_we"].sum()
    meat = (score**2).groupby(level=keys, dropna=False, sort=True).agg(["sum", "size"])
    both = per_person["_b"].agg(["min", "max", "size"])
    shared = ((both["size"] == 2) & both["min"].eq(False) & both["max"].eq(True))
    n_both = shared.groupby(level=keys, dropna=False, sort=True).sum()

    stats = frame.groupby([*keys, "_b"], dropna=False, sort=True)["_y"].agg(["mean", "std",
                                                                            "size"])
    wide = stats.unstack("_b").reindex(
        columns=pd.MultiIndex.from_product([["mean", "std", "size"], [False, True]]))
    out = pd.DataFrame(index=meat.index)
    for label, flag in (("a", False), ("b", True)):
        out[f"value_{label}"] = wide[("mean", flag)].reindex(out.index)
        out[f"sd_{label}"] = wide[("std", flag)].reindex(out.index)
        out[f"n_{label}"] = wide[("size", flag)].reindex(out.index).fillna(0).astype(np.int64)
    out["n_both"] = n_both.reindex(out.index).fillna(0).astype(np.int64)
    n_a, n_b = out["n_a"].to_numpy(dtype=float), out["n_b"].to_numpy(dtype=float)
    g = meat["size"].to_numpy(dtype=float)
    n_obs = n_a + n_b
    k_params = 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = g / (g - 1) * (n_obs - 1) / (n_obs - k_params)
        ok = (g >= 2) & (n_obs > k_params) & (n_a > 0) & (n_b > 0)
        var = np.where(ok, corr * meat["sum"].to_numpy(), np.nan)
    out["value"] = out["value_b"] - out["value_a"]
    out["se"], out["df"] = np.sqrt(var), g - 1
    out["n"], out["n_obs"] = g.astype(np.int64), n_obs.astype(np.int64)

    _change_interval(out, g, bounds, min_n, fallback, confidence)
    paired = _paired(frame, keys, person, confidence)
    out = out.join(paired)
    out["mode"] = np.select(
        [(out["n_a"] == 0) | (out["n_b"] == 0), out["n_both"] == 0,
         (out["n_both"] == out["n_a"]) & (out["n_both"] == out["n_b"])],
        ["no_data", "cross_section", "panel"], default="mixed")
    out = out.reset_index().assign(wave_a=a, wave_b=b)
    keep = [k for k in keys if k != "_all"]
    return out[[*keep, "wave_a", "wave_b", "value_a", "value_b", "value", "se", "df", "lower",
                "upper", "method", "paired_value", "paired_lower", "paired_upper", "mode", "n_a",
                "n_b", "n_both", "n", "n_obs"]]


def _change_interval(out: pd.DataFrame, g: np.ndarray, bounds: tuple[float, float] | None,
                     min_n: int, fallback: str, confidence: float) -> None:
    """``lower``, ``upper`` and ``method`` of each change in ``out`` (``value``, ``se``,
    ``df``; ``g`` people): the cluster-robust t interval where there are ``min_n`` people and
    it stays within the possible range of a change, else Newcombe's hybrid interval from the
    two waves' ``fallback`` intervals (bounded scores only)."""
    lower, upper, used_t = bounded_interval(out["value"], out["se"], out["df"], g,
                                            bounds=None, confidence=confidence)
    if bounds is not None:
        width = float(bounds[1] - bounds[0])
        tol = 1e-12 * width
        used_t = used_t & (g >= min_n) & (lower >= -width - tol) & (upper <= width + tol)
        fb_lo, fb_hi = _newcombe(out, bounds, min_n, fallback, confidence)
        lower, upper = np.where(used_t, lower, fb_lo), np.where(used_t, upper, fb_hi)
    out["lower"], out["upper"] = lower, upper
    out["method"] = np.where(used_t, CHANGE_T,
                             "not_estimable" if bounds is None else CHANGE_FALLBACK)


CHANGE_SUMS = ("n_a", "y_a", "yy_a", "n_b", "y_b", "yy_b", "n_both", "both_a", "both_b",
               "both_aa", "both_bb", "both_ab")


def wave_change_from_sums(
    sums: Mapping[str, np.ndarray | pd.Series], *,
    bounds: tuple[float, float] | None = (0.0, 1.0), min_n: int = MIN_N_T,
    fallback: str = "clopper_pearson", confidence: float = 0.95,
) -> pd.DataFrame:
    """:func:`wave_change` from additive sums per cell (so that every cell of a cube and its
    margins come from one ``bincount``). ``sums`` (``CHANGE_SUMS``): per wave side ``n_a``,
    ``y_a`` (Σ scores), ``yy_a`` (Σ scores²), the same for b, and over the people present at
    both waves in the cell ``n_both``, ``both_a`` / ``both_b`` (Σ of their a / b scores),
    ``both_aa``, ``both_bb``, ``both_ab`` (Σ a², b², a·b).

    With persons p and w_i = +1/n_b (b) or −1/n_a (a), the CR1 meat Σ_p (Σ_i w_i e_i)² is
    SS_b / n_b² + SS_a / n_a² − 2 Σ_both (b − ȳ_b)(a − ȳ_a) / (n_a n_b). Same columns as
    ``wave_change`` (no ``wave_a``/``wave_b``/``by``).
    """
    get = {k: np.asarray(sums[k], dtype=float) for k in CHANGE_SUMS}
    n_a, n_b, n_both = get["n_a"], get["n_b"], get["n_both"]
    scale = 1.0 if bounds is None else float(bounds[1] - bounds[0]) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_a = np.where(n_a > 0, get["y_a"] / n_a, np.nan)
        mean_b = np.where(n_b > 0, get["y_b"] / n_b, np.nan)
        ss_a = np.where(n_a > 0, get["yy_a"] - n_a * np.nan_to_num(mean_a) ** 2, 0.0)
        ss_b = np.where(n_b > 0, get["yy_b"] - n_b * np.nan_to_num(mean_b) ** 2, 0.0)
        cross = (get["both_ab"] - np.nan_to_num(mean_a) * get["both_b"]
                 - np.nan_to_num(mean_b) * get["both_a"]
                 + n_both * np.nan_to_num(mean_a) * np.nan_to_num(mean_b))
        meat = ss_b / n_b**2 + ss_a / n_a**2 - 2 * cross / (n_a * n_b)
        meat = np.where(meat < 1e-12 * scale / np.maximum(np.minimum(n_a, n_b), 1), 0.0, meat)
        g = n_a + n_b - n_both
        n_obs = n_a + n_b
        ok = (g >= 2) & (n_obs > 2) & (n_a > 0) & (n_b > 0)
        var = np.where(ok, g / (g - 1) * (n_obs - 1) / (n_obs - 2) * meat, np.nan)
        sd_a = np.sqrt(np.clip(np.where(n_a >= 2, ss_a / (n_a - 1), np.nan), 0, None))
        sd_b = np.sqrt(np.clip(np.where(n_b >= 2, ss_b / (n_b - 1), np.nan), 0, None))
    out = pd.DataFrame({"value_a": mean_a, "sd_a": sd_a, "n_a": n_a.astype(np.int64),
                        "value_b": mean_b, "sd_b": sd_b, "n_b": n_b.astype(np.int64),
                        "n_both": n_both.astype(np.int64)})
    out["value"] = mean_b - mean_a
    out["se"], out["df"] = np.sqrt(var), g - 1
    out["n"], out["n_obs"] = g.astype(np.int64), n_obs.astype(np.int64)
    _change_interval(out, g, bounds, min_n, fallback, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        d_mean = np.where(n_both > 0, (get["both_b"] - get["both_a"]) / n_both, np.nan)
        d_ss = get["both_bb"] + get["both_aa"] - 2 * get["both_ab"] - n_both * np.nan_to_num(
            d_mean) ** 2
        d_var = np.where(n_both >= 2, d_ss / (n_both - 1), np.nan)
        d_var = np.where(d_var < 1e-12 * scale, 0.0, d_var)
        d_se = np.sqrt(d_var) / np.sqrt(n_both)
    p_lo, p_hi, _ = bounded_interval(d_mean, d_se, n_both - 1, n_both, bounds=None,
                                     confidence=confidence)
    out["paired_value"], out["paired_lower"], out["paired_upper"] = d_mean, p_lo, p_hi
    out["mode"] = np.select([(n_a == 0) | (n_b == 0), n_both == 0,
                             (n_both == n_a) & (n_both == n_b)],
                            ["no_data", "cross_section", "panel"], default="mixed")
    return out[["value_a", "value_b", "value", "se", "df", "lower", "upper", "method",
                "paired_value", "paired_lower", "paired_upper", "mode", "n_a", "n_b", "n_both",
                "n", "n_obs"]]


def _newcombe(out: pd.DataFrame, bounds: tuple[float, float], min_n: int, fallback: str,
              confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe's hybrid interval for b − a from each wave's interval (persons once a wave)."""
    levels = {}
    for side in ("a", "b"):
        m = out[f"value_{side}"].to_numpy()
        n = out[f"n_{side}"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            se = out[f"sd_{side}"].to_numpy() / np.sqrt(n)
        lo, hi, _ = bounded_interval(m, se, n - 1, n, bounds=bounds, min_n=min_n,
                                     fallback=fallback, confidence=confidence)
        levels[side] = (m, lo, hi)
    (pa, la, ua), (pb, lb, ub) = levels["a"], levels["b"]
    d = pb - pa
    lower = d - np.sqrt((pb - lb) ** 2 + (ua - pa) ** 2)
    return lower, d + np.sqrt((ub - pb) ** 2 + (pa - la) ** 2)


def _paired(frame: pd.DataFrame, keys: list[str], person: str,
            confidence: float) -> pd.DataFrame:
    """Paired t on b − a for the people present at both waves (within their ``by`` group)."""
    wide = frame.pivot_table(index=[*keys, person], columns="_b", values="_y", aggfunc="first",
                             dropna=False)
    wide = wide.reindex(columns=[False, True])
    diff = (wide[True] - wide[False]).dropna()
    stats = diff.groupby(level=keys, dropna=False, sort=True).agg(["mean", "std", "size"])
    n = stats["size"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = stats["std"].to_numpy() / np.sqrt(n)
    lo, hi, _ = bounded_interval(stats["mean"], se, n - 1, n, bounds=None,
                                 confidence=confidence)
    return pd.DataFrame({"paired_value": stats["mean"].to_numpy(), "paired_lower": lo,
                         "paired_upper": hi}, index=stats.index)


__all__ = ["CHANGE_FALLBACK", "CHANGE_SUMS", "CHANGE_T", "CLUSTER_T", "clustered_mean",
           "clustered_mean_from_sums", "wave_change", "wave_change_from_sums"]
