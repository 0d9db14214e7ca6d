"""Counts published beside a cube's ``n`` go through the one small-cell rule too.

A cube row may carry other counts of people than ``n``: people followed from the previous wave
(``n_both``), people who answered several waves (``n_repeat``), people on whom Cronbach's α rests
(``alpha_n``). Each is a count of people, and so is its complement in ``n`` (``n − n_both`` are
the newcomers). ``mask_sub_counts`` runs :func:`workbench.privacy.suppression.suppress` on the
count and on its complement, over the same keys and additive keys as the cube, and hides the
count (and the columns that depend on it) wherever either is masked.

>>> cube = mask_sub_counts(cube, fw, counts={"n_both": ()}, additive=("qpv", "group"))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from workbench.framework import Framework
from workbench.indicators.registry import EXTRA_KEYS, KEYS
from workbench.privacy.suppression import suppress


def mask_sub_counts(cube: pd.DataFrame, fw: Framework, *,
                    counts: Mapping[str, Sequence[str]],
                    additive: Sequence[str]) -> pd.DataFrame:
    """Hide each count of ``counts`` where the count or ``n − count`` is a small cell by the
    small-cell rule (primary and secondary suppression along ``additive``); its dependent
    columns (``counts[column]``, e.g. α for ``alpha_n``) are hidden where the count itself is
    masked (a figure resting on too few people). Rows whose count is missing are left as
    they are."""
    keys = [k for k in (*KEYS, *EXTRA_KEYS) if k in cube.columns]
    out = cube.reset_index(drop=True).copy()
    columns = [c for c in counts if c in out.columns]
    if not columns or out.empty:
        return out
    total = pd.to_numeric(out["n"], errors="coerce").astype(float).to_numpy()
    sides, values = [], {}
    for column in columns:  # every count and its complement, as separate tables of one frame
        values[column] = pd.to_numeric(out[column], errors="coerce").astype(float).to_numpy()
        known = ~np.isnan(values[column])
        for side, numbers in (("count", values[column]), ("complement", total - values[column])):
            sides.append(out[keys].assign(_table=f"{column}:{side}",
                                          n=np.where(known, np.nan_to_num(numbers), 0.0)))
    stacked = pd.concat(sides, ignore_index=True)
    masked = suppress(stacked, threshold=fw.min_cell, keys=[*keys, "_table"],
                      additive=[k for k in additive if k in keys])["masked"].to_numpy(bool)
    masked = masked.reshape(len(columns), 2, len(out))
    for c, column in enumerate(columns):
        known = ~np.isnan(values[column])
        own, complement = masked[c, 0] & known, masked[c, 1] & known
        out[column] = np.where(own | complement, np.nan, values[column])
        for dependent in counts[column]:
            if dependent in out.columns:
                out[dependent] = out[dependent].where(~own)
    return out


__all__ = ["mask_sub_counts"]
