"""The small-cell rule on one cube: primary and secondary suppression (see ``suppress``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

SUPPRESS_KEYS = ("wave", "qpv", "group")
MASK_REASON_KEY = "small_cell"
_ALL = "*"


def suppress(
    cube: pd.DataFrame,
    *,
    threshold: int,
    keys: Sequence[str] = SUPPRESS_KEYS,
    additive: Sequence[str] | None = None,
    cumulative: bool = False,
    wave_order: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Apply the one small-cell rule to a cube with margins (``"*"`` = all) and return a copy.

    1. primary: a cell resting on 1 to ``threshold − 1`` people (column ``n``) is masked, and so
       is a cell whose complement in a visible-or-not total (total n − cell n) is 1 to
       ``threshold − 1`` (along every ``additive`` key);
    2. secondary, to a fixed point over every additive key: in each line (the cells that differ
       only by that key, with its ``"*"`` total visible), a lone masked cell, or a hidden
       remainder (total − visible cells) of 1 to ``threshold − 1`` people, makes the next
       smallest visible cell masked too (the total itself when no cell is left);
    3. across waves (``cumulative=True``, order ``wave_order`` then ``"*"``): when two visible
       waves of the same cell differ by 1 to ``threshold − 1`` people, the later one is masked.

    Masked rows: every numeric column (value, lower, upper, n, …) NaN, ``masked`` True, ``reason``
    the key ``"small_cell"`` (rendered « effectif trop faible » where it is shown).
    ``additive`` defaults to ``keys``: list only the keys whose cells sum to their total (people
    counted once per cell).
    """
    keys = [k for k in keys if k in cube.columns]
    additive = [k for k in (keys if additive is None else additive) if k in keys]
    df = cube.reset_index(drop=True).copy()
    n = pd.to_numeric(df["n"], errors="coerce").fillna(0).to_numpy(dtype=float)
    masked = np.zeros(len(df), dtype=bool)
    if "masked" in df:
        masked |= df["masked"].fillna(False).to_numpy(dtype=bool)
    masked |= (n > 0) & (n < threshold)

    lines = {d: _lines(df, keys, d) for d in additive}
    for gid, parent_of_line, is_parent in lines.values():  # complement rule
        has_parent = ~is_parent & (parent_of_line[gid] >= 0)
        complement = np.where(has_parent, n[np.maximum(parent_of_line[gid], 0)] - n, 0)
        masked |= has_parent & (complement > 0) & (complement < threshold)

    order = _wave_rank(df, wave_order) if cumulative and "wave" in keys else None
    changed = True
    while changed:
        changed = False
        if order is not None:
            changed |= _mask_newcomers(df, keys, n, masked, order, threshold)
        for gid, parent_of_line, is_parent in lines.values():
            changed |= _secondary_pass(gid, parent_of_line, is_parent, n, masked, threshold)

    numeric = [c for c in df.columns if c != "masked" and pd.api.types.is_numeric_dtype(df[c])
               and not pd.api.types.is_bool_dtype(df[c])]
    for col in numeric:
        df[col] = df[col].astype(float).where(~masked, np.nan)
    df["n"] = df["n"].round().astype("Int64")
    df["masked"] = masked
    df["reason"] = pd.Series(np.where(masked, MASK_REASON_KEY, None), dtype="str")
    return df


def _lines(
    df: pd.DataFrame, keys: list[str], dim: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For key ``dim``: line id of every row, the parent ("*") row of each line (−1 if none)."""
    others = [k for k in keys if k != dim]
    if others:
        gid = df.groupby(others, sort=False, dropna=False).ngroup().to_numpy()
    else:
        gid = np.zeros(len(df), dtype=int)
    is_parent = (df[dim].astype("str") == _ALL).to_numpy()
    parent_of_line = np.full(int(gid.max()) + 1 if len(gid) else 0, -1, dtype=int)
    parent_of_line[gid[is_parent]] = np.flatnonzero(is_parent)
    return gid, parent_of_line, is_parent


def _secondary_pass(gid: np.ndarray, parent_of_line: np.ndarray, is_parent: np.ndarray,
                    n: np.ndarray, masked: np.ndarray, threshold: int) -> bool:
    """One pass of secondary suppression along one key; True when something was masked."""
    n_lines = len(parent_of_line)
    if n_lines == 0:
        return False
    child = ~is_parent
    visible_sum = np.bincount(gid[child & ~masked], weights=n[child & ~masked], minlength=n_lines)
    masked_count = np.bincount(gid[child & masked], minlength=n_lines)
    has_parent = parent_of_line >= 0
    p = np.maximum(parent_of_line, 0)
    parent_visible = has_parent & ~masked[p]
    hidden = np.where(parent_visible, n[p] - visible_sum, 0)
    bad = parent_visible & ((masked_count == 1) | ((hidden > 0) & (hidden < threshold)))
    if not bad.any():
        return False
    candidates = np.flatnonzero(child & ~masked & (n > 0) & bad[gid])
    if len(candidates):
        order = np.lexsort((n[candidates], gid[candidates]))
        ranked = candidates[order]
        first = np.r_[True, gid[ranked][1:] != gid[ranked][:-1]]
        chosen = ranked[first]
        masked[chosen] = True
        served = np.zeros(n_lines, dtype=bool)
        served[gid[chosen]] = True
    else:
        served = np.zeros(n_lines, dtype=bool)
    masked[parent_of_line[bad & ~served]] = True
    return True


def _wave_rank(df: pd.DataFrame, wave_order: Sequence[str] | None) -> np.ndarray:
    known = list(wave_order or [])
    extra = [w for w in pd.unique(df["wave"].astype("str")) if w not in known and w != _ALL]
    ranks = {w: i for i, w in enumerate([*known, *sorted(extra), _ALL])}
    return df["wave"].astype("str").map(ranks).to_numpy(dtype=int)


def _mask_newcomers(df: pd.DataFrame, keys: list[str], n: np.ndarray, masked: np.ndarray,
                    rank: np.ndarray, threshold: int) -> bool:
    """Mask the later of two visible waves of one cell whose n differ by 1..threshold−1."""
    others = [k for k in keys if k != "wave"]
    cell = (df.groupby(others, sort=False, dropna=False).ngroup().to_numpy() if others
            else np.zeros(len(df), dtype=int))
    n_cells = int(cell.max()) + 1 if len(cell) else 0
    n_waves = int(rank.max()) + 1 if len(rank) else 0
    grid_n = np.full((n_cells, n_waves), np.nan)
    row_of = np.full((n_cells, n_waves), -1, dtype=int)
    grid_n[cell, rank] = n
    row_of[cell, rank] = np.arange(len(df))
    changed = False
    for later in range(1, n_waves):
        rows = row_of[:, later]
        present = rows >= 0
        for earlier in range(later):
            e_rows = row_of[:, earlier]
            ok = present & (e_rows >= 0)
            ok[ok] = ~masked[rows[ok]] & ~masked[e_rows[ok]]
            diff = np.abs(grid_n[:, later] - grid_n[:, earlier])
            hit = ok & (diff > 0) & (diff < threshold)
            if hit.any():
                masked[rows[hit]] = True
                changed = True
    return changed
