"""Reliability of multi-item scales and of coding.

* ``cronbach_alpha``: a respondents × items frame, listwise deletion (pingouin's
  ``nan_policy="listwise"``);
* ``scale_alpha``: α on the population of a score — every person with ≥ 2 answered items,
  pairwise-complete covariances (R ``psych::alpha(use="pairwise")``, pingouin's default);
* ``alpha_pair_sums`` / ``alpha_from_pair_sums``: the same α from additive sums over persons,
  so that every cell of a cube (and its margins) is computed at once with ``bincount``;
* ``alpha_warning`` (« α faible » under 0.6, « α négatif »), ``agreement_flag`` (Krippendorff's
  reading of a coder agreement).

>>> round(scale_alpha(pd.DataFrame({"person_id": [1, 1, 2, 2, 3, 3], "item_id": list("ababab"),
...                                 "value": [1, 1, 2, 3, 3, 2]}), items=["a", "b"]).alpha, 4)
0.6667
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

ALPHA_LOW = 0.6
SCALE_ALPHA_METHOD = "cronbach_alpha_pairwise_persons_2plus_items"


def cronbach_alpha(items: pd.DataFrame) -> tuple[float, int]:
    """Cronbach's α of a respondents × items frame, listwise deletion; returns ``(alpha, n)``.

    Same as ``pingouin.cronbach_alpha(items, nan_policy="listwise")``.
    """
    complete = items.astype(float).dropna()
    n, k = complete.shape
    if n < 2 or k < 2:
        return float("nan"), n
    item_var = complete.var(axis=0, ddof=1).sum()
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan"), n
    return float(k / (k - 1) * (1 - item_var / total_var)), n


@dataclass(frozen=True)
class ScaleAlpha:
    """Cronbach's α on the persons with ≥ 2 answered items (``n``); ``warning`` is a key."""

    alpha: float
    n: int
    n_complete: int
    k: int
    method: str
    warning: str | None


def alpha_warning(alpha: float) -> str | None:
    """``"alpha_negative"`` (α < 0), ``"alpha_low"`` (α < 0.6) or None."""
    if np.isnan(alpha):
        return None
    return "alpha_negative" if alpha < 0 else "alpha_low" if alpha < ALPHA_LOW else None


def scale_alpha(
    answers: pd.DataFrame, *, person: str | Sequence[str] = "person_id", items: Sequence[str],
    item: str = "item_id", value: str = "value", by: Sequence[str] = (),
) -> ScaleAlpha | pd.DataFrame:
    """Cronbach's α of ``items`` on the population of the score: every person (× wave if
    ``person`` lists ``["wave", "person_id"]``) with ≥ 2 answered items, with a pairwise-complete
    covariance matrix: α = k/(k−1)·(1 − Σ var_j / Σ_jl cov_jl) (R ``psych::alpha(use=
    "pairwise")``, pingouin's default). ``n`` = those persons, ``n_complete`` = persons with
    every item. NSP (NaN) is not an answer. With ``by``, one row per group.

    >>> a = pd.DataFrame({"person_id": [1, 1, 2, 2, 3, 3], "item_id": list("ababab"),
    ...                   "value": [1, 1, 2, 3, 3, 2]})
    >>> round(scale_alpha(a, items=["a", "b"]).alpha, 4)
    0.6667
    """
    people = [person] if isinstance(person, str) else list(person)
    rows = answers[answers[item].isin(list(items)) & answers[value].notna()]
    keys = [*by, *(p for p in people if p not in by)]
    if rows.duplicated([*keys, item]).any():
        raise ValueError("one answer per person and item expected")
    wide = rows.pivot(index=keys, columns=item, values=value).reindex(columns=list(items))
    wide = wide.astype(float)[wide.notna().sum(axis=1) >= 2]
    k = len(items)
    method = SCALE_ALPHA_METHOD

    def one(block: pd.DataFrame) -> tuple[float, int, int]:
        if len(block) < 2:
            return float("nan"), len(block), int(block.notna().all(axis=1).sum())
        cov = block.cov().to_numpy()
        total = cov.sum()
        ok = k >= 2 and len(block) >= 2 and not np.isnan(cov).any() and total > 0
        alpha = k / (k - 1) * (1 - np.trace(cov) / total) if ok else float("nan")
        return float(alpha), len(block), int(block.notna().all(axis=1).sum())

    if not by:
        alpha, n, n_complete = one(wide)
        return ScaleAlpha(alpha, n, n_complete, k, method, alpha_warning(alpha))
    records = [(*(g if isinstance(g, tuple) else (g,)), *one(block))
               for g, block in wide.groupby(level=list(by), dropna=False, sort=True)]
    out = pd.DataFrame(records, columns=[*by, "alpha", "n", "n_complete"])
    out["k"], out["method"] = k, method
    out["warning"] = [alpha_warning(a) for a in out["alpha"]]
    return out


def agreement_flag(alpha: float | np.ndarray) -> str | np.ndarray:
    """Krippendorff's reading of a coder agreement α: ``"reliable"`` (α ≥ 0.800),
    ``"tentative"`` (0.667 ≤ α < 0.800: tentative conclusions only), ``"low"`` (α < 0.667:
    not to be relied on), ``"undefined"`` (NaN). Vectorised.

    >>> agreement_flag(0.7), agreement_flag(0.5)
    ('tentative', 'low')
    """
    a = np.asarray(alpha, dtype=float)
    flag = np.select([np.isnan(a), a >= 0.8, a >= 0.667], ["undefined", "reliable", "tentative"],
                     default="low")
    return str(flag) if flag.ndim == 0 else flag.astype(object)


def alpha_pair_sums(wide: np.ndarray) -> dict[str, np.ndarray]:
    """Per person (rows of a persons × items array, NaN = not answered): the additive sums
    ``alpha_from_pair_sums`` needs, zero for persons with fewer than 2 answered items. Keys:
    ``n`` (persons with ≥ 2 items), ``n_complete`` and, for each pair j ≤ l of items, ``c_j_l``
    (both answered), ``x_j_l`` / ``y_j_l`` (x_j / x_l where both), ``xy_j_l`` (x_j·x_l)."""
    x = np.asarray(wide, dtype=float)
    present = ~np.isnan(x)
    counted = present.sum(axis=1) >= 2
    values = np.where(present, x, 0.0)
    out = {"n": counted.astype(float),
           "n_complete": (counted & present.all(axis=1)).astype(float)}
    k = x.shape[1]
    for j in range(k):
        for m in range(j, k):
            both = (present[:, j] & present[:, m] & counted).astype(float)
            out[f"c_{j}_{m}"] = both
            out[f"x_{j}_{m}"] = values[:, j] * both
            out[f"y_{j}_{m}"] = values[:, m] * both
            out[f"xy_{j}_{m}"] = values[:, j] * values[:, m] * both
    return out


def alpha_from_pair_sums(sums: Mapping[str, np.ndarray | pd.Series], k: int) -> np.ndarray:
    """Cronbach's α per row of summed ``alpha_pair_sums`` (cells): pairwise covariances
    cov_jl = (Σxy − Σx·Σy / c) / (c − 1), α = k/(k−1)·(1 − Σ_j cov_jj / Σ_jl cov_jl); NaN when
    a pair has fewer than 2 persons, fewer than 2 persons in all or the total variance is ≤ 0
    (as :func:`scale_alpha`)."""
    n = np.asarray(sums["n"], dtype=float)
    if k < 2:
        return np.full(n.shape, np.nan)
    diagonal = np.zeros(n.shape)
    total = np.zeros(n.shape)
    bad = n < 2
    with np.errstate(invalid="ignore", divide="ignore"):
        for j in range(k):
            for m in range(j, k):
                c = np.asarray(sums[f"c_{j}_{m}"], dtype=float)
                cov = (np.asarray(sums[f"xy_{j}_{m}"], dtype=float)
                       - np.asarray(sums[f"x_{j}_{m}"], dtype=float)
                       * np.asarray(sums[f"y_{j}_{m}"], dtype=float) / c) / (c - 1)
                bad |= c < 2
                if j == m:
                    diagonal += cov
                    total += cov
                else:
                    total += 2 * cov
        alpha = k / (k - 1) * (1 - diagonal / total)
    return np.where(bad | ~(total > 0), np.nan, alpha)


__all__ = ["ALPHA_LOW", "SCALE_ALPHA_METHOD", "ScaleAlpha", "agreement_flag",
           "alpha_from_pair_sums", "alpha_pair_sums", "alpha_warning", "cronbach_alpha",
           "scale_alpha"]
