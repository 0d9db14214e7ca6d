"""SPSS ``.sav`` files (LimeSurvey's SPSS export, or any survey saved from SPSS), read with
pyreadstat into a grid of text cells.

Variable names are already sanitised by the writer (``Q1[SQ001]`` → ``Q1_SQ001``); a value with a
value label is read as its label (``4`` → « Plutôt d'accord »), dates as ISO 8601. The grid's
line of a case is its case number + 1 (the variable names count as line 1, as in a spreadsheet
view). The format is then sniffed on the names (``id``, ``submitdate`` → LimeSurvey).

User-missing values (``-999``, ``9 = Keine Angabe``) are read as written, not dropped: the grid's
``missing_codes`` says which texts of which column are missing by declaration, so a case holding
only such codes is still a respondent, and its answers are stored as missing with a reason.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.normalise import neutralise_formula
from workbench.sources.grid import Grid
from workbench.sources.problems import fail


def _cell(value: Any, labels: dict[Any, str] | None) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if labels:
        label = labels.get(value)
        if label is None and isinstance(value, float) and value.is_integer():
            label = labels.get(int(value))
        if label is not None:
            return str(label)
    return neutralise_formula(value)


def read_sav_grid(path: Path) -> Grid:
    """Every case of the file as text, value labels applied."""
    import pyreadstat  # a declared dependency, loaded only when a .sav comes

    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False,
                                          user_missing=True)
    except Exception as exc:  # pyreadstat raises its own ReadstatError and others
        raise fail("file_unreadable", path.name, found=type(exc).__name__) from None
    names = [str(c) for c in frame.columns]
    value_labels = meta.variable_value_labels or {}
    columns = [
        [_cell(v, value_labels.get(name)) for v in frame[name].tolist()] for name in names
    ]
    rows = [names] + [list(cells) for cells in zip(*columns, strict=True)] if names else [[]]
    lines = list(range(1, len(rows) + 1))
    missing_codes = {}
    for name, cells in zip(names, columns, strict=True):
        declared = _declared_missing(name, meta)
        texts = {cell for value, cell in zip(frame[name].tolist(), cells, strict=True)
                 if cell and _in_ranges(value, declared)}
        if texts:
            missing_codes[name] = dict.fromkeys(sorted(texts), "user_missing")
    return Grid(path=path, rows=rows, lines=lines, format="sav",
                encoding=getattr(meta, "file_encoding", None) or None,
                missing_codes=missing_codes)


def _declared_missing(name: str, meta: Any) -> list[tuple[Any, Any]]:
    """The user-missing ranges and values of one variable, as ``(low, high)`` pairs."""
    ranges = [(r["lo"], r["hi"]) for r in (getattr(meta, "missing_ranges", None) or {}).get(
        name, [])]
    values = (getattr(meta, "missing_user_values", None) or {}).get(name, [])
    return ranges + [(v, v) for v in values]


def _in_ranges(value: Any, ranges: list[tuple[Any, Any]]) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    for low, high in ranges:
        try:
            if low <= value <= high:
                return True
        except TypeError:  # a string variable's range compared with a number, or the reverse
            if str(value).strip() in (str(low).strip(), str(high).strip()):
                return True
    return False
