"""Google Forms response downloads (CSV): ``Timestamp``/``Horodateur`` first, then the optional
``Email Address``/``Adresse e-mail``, then one column per question titled with its full text.

Grid questions give one column per row, ``Question title [Row label]``; checkbox answers are
joined by ``", "`` in one cell (see ``choices.split_choices``). Timestamps follow the form owner's
locale (``15/03/2024 10:22:33`` in French).
"""

from __future__ import annotations

import re

from workbench.normalise import normalise_label
from workbench.sources.grid import Grid, RawTable
from workbench.sources.header import header_index
from workbench.sources.read import read_table

NAME = "google_forms"
TIMESTAMP_COLUMNS = ("Horodateur", "Timestamp", "Marca temporal", "Zeitstempel")
EMAIL_COLUMNS = ("Adresse e-mail", "Email Address", "Adresse email", "Adresse courriel")
METADATA_COLUMNS = (*TIMESTAMP_COLUMNS, *EMAIL_COLUMNS, "Score", "Total score", "Note",
                    "Nombre total de points")
_GRID = re.compile(r"^(?P<question>.*\S)\s*\[(?P<row>[^\[\]]+)\]\s*$", re.DOTALL)
_TIMESTAMPS = {normalise_label(c) for c in TIMESTAMP_COLUMNS}


def matches(grid: Grid) -> bool:
    """True when the header row starts with Google's timestamp column."""
    start = header_index(grid)
    if start is None or not grid.rows[start]:
        return False
    return normalise_label(grid.rows[start][0]) in _TIMESTAMPS


def grid_row(column: str) -> tuple[str, str] | None:
    """``"Êtes-vous d'accord ? [Les élus s'impliquent]"`` → ``("Êtes-vous d'accord ?",
    "Les élus s'impliquent")``; ``None`` for a column that is not a grid row."""
    match = _GRID.match(column)
    return (match.group("question"), match.group("row").strip()) if match else None


def build(grid: Grid) -> RawTable:
    table = read_table(grid, format=NAME)
    table.submit_column = table.columns[0]
    table.metadata_columns = [c for c in table.columns if c in METADATA_COLUMNS]
    table.multi_separator = ", "
    return table
