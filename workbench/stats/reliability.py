"""Reliability of multi-item scales."""

from __future__ import annotations

import pandas as pd


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
