"""A published table: the frame its consumers read, and one cell per figure it shows.

Every table of the publication is a ``Table``: ``frame`` (what the dashboard, reports and
exports read, in the shape they expect: an indicator cube, the answer categories of the Likert
items, the facilitators per step…) and ``cells`` (one row per published figure, in the columns of
``publication.csv``, with ``row`` = the frame row it belongs to). The publication decides each
cell's status; a frame row is masked when one of its cells is.

Values are rounded to what the outputs display (whole percents, one decimal for a mean), so
that every figure shown is, to the digit, a figure of ``publication.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

ALL = "*"
CELL_COLUMNS: list[str] = [
    "table", "indicator", "population", "wave", "qpv", "group", "step", "subject", "statistic",
    "value", "lower", "upper", "n", "numerator", "status", "reason",
]
# helper columns of a cell, used by the rule and dropped before anything is written
HELPERS: list[str] = ["row", "did", "did_not", "uniform", "primary"]
DECIMALS: dict[str, int] = {
    "share": 2, "share_of_answers": 2, "share_of_things": 2, "mean": 1, "rate": 1,
    "months": 1, "number": 2, "count": 0, "alpha": 2, "level": 0, "gap": 0, "degree": 0,
    "attainment": 2,
}


@dataclass
class Table:
    """One published table: ``frame`` for its readers, ``cells`` for the publication."""

    name: str
    frame: pd.DataFrame
    cells: pd.DataFrame
    meta: dict = field(default_factory=dict)


def rounded(values: pd.Series | np.ndarray, statistic: str) -> np.ndarray:
    """Values as published: rounded to the decimals the outputs show for ``statistic``."""
    out = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    return np.round(out, DECIMALS.get(statistic, 2))


def make_cells(table: str, frame: pd.DataFrame, *, indicator: str = "",
               population: str | pd.Series = "", statistic: str | pd.Series = "count",
               numerator: str | pd.Series = "", subject: str | pd.Series = "",
               value: str = "value", n: str = "n", keys: dict[str, str] | None = None,
               group: pd.Series | None = None) -> pd.DataFrame:
    """Cells of ``frame`` (one per row): coordinates from its key columns (``keys`` renames,
    missing ones are ``"*"``), value/lower/upper/n as published, the helpers when present."""
    keys = keys or {}
    size = len(frame)
    out = pd.DataFrame({"table": table, "indicator": indicator}, index=range(size))
    out["population"] = _column(population, size)
    for key in ("wave", "qpv", "group", "step"):
        source = keys.get(key, key)
        out[key] = (frame[source].astype(str).to_numpy() if source in frame.columns
                    else np.full(size, ALL, dtype=object))
    if group is not None:
        out["group"] = np.asarray(group, dtype=object)
    out["subject"] = _column(subject, size)
    out["statistic"] = _column(statistic, size)
    stats = out["statistic"].to_numpy()
    for col, source in (("value", value), ("lower", "lower"), ("upper", "upper")):
        raw = (pd.to_numeric(frame[source], errors="coerce").to_numpy(dtype=float)
               if source in frame.columns else np.full(size, np.nan))
        out[col] = _round_by(raw, stats)
    out["n"] = (np.round(pd.to_numeric(frame[n], errors="coerce").to_numpy(dtype=float))
                if n in frame.columns else np.nan)
    out["numerator"] = _column(numerator, size)
    out["status"] = "shown"
    out["reason"] = None
    out["row"] = np.arange(size)
    for helper in ("did", "did_not"):
        out[helper] = (pd.to_numeric(frame[helper], errors="coerce").to_numpy(dtype=float)
                       if helper in frame.columns else np.nan)
    out["uniform"] = (frame["uniform"].fillna(False).astype(bool).to_numpy()
                      if "uniform" in frame.columns else False)
    out["primary"] = True  # the rule applies (False: a figure fixed by the framework)
    return out


def _column(value: str | pd.Series | np.ndarray, size: int) -> np.ndarray:
    if isinstance(value, str):
        return np.full(size, value, dtype=object)
    return np.asarray(value, dtype=object)


def _round_by(values: np.ndarray, statistics: np.ndarray) -> np.ndarray:
    out = values.copy()
    for stat in set(statistics):
        hit = statistics == stat
        out[hit] = np.round(values[hit], DECIMALS.get(stat, 2))
    return out


def round_frame(frame: pd.DataFrame, statistic: str | pd.Series,
                columns: tuple[str, ...] = ("value", "lower", "upper")) -> pd.DataFrame:
    """The frame with its figures rounded as published (``statistic`` per row or for all)."""
    out = frame.copy()
    stats = _column(statistic, len(out)) if not isinstance(statistic, str) else \
        np.full(len(out), statistic, dtype=object)
    for col in columns:
        if col in out.columns:
            raw = pd.to_numeric(out[col], errors="coerce").to_numpy(dtype=float)
            out[col] = _round_by(raw, stats)
    return out


__all__ = ["ALL", "CELL_COLUMNS", "DECIMALS", "HELPERS", "Table", "make_cells", "round_frame",
           "rounded"]
