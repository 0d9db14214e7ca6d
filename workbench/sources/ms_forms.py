"""Microsoft Forms response workbooks (XLSX only), English or French interface.

Metadata first (``ID``, ``Start time``/``Heure de début``, ``Completion time``/``Heure de fin``,
``Email``/``Adresse de messagerie``, ``Name``/``Nom``, ``Last modified time``), then one column per
question. Dates are real Excel datetimes; multiple-choice answers look like ``A;B;``; an anonymous
response has ``anonymous`` as e-mail.
"""

from __future__ import annotations

from workbench.normalise import normalise_label
from workbench.sources.grid import Grid, RawTable
from workbench.sources.header import header_index
from workbench.sources.read import read_table

NAME = "ms_forms"
ID_COLUMN = "ID"
START_COLUMNS = ("Start time", "Heure de début")
END_COLUMNS = ("Completion time", "Heure de fin")
EMAIL_COLUMNS = ("Email", "Adresse de messagerie", "Adresse e-mail")
NAME_COLUMNS = ("Name", "Nom")
MODIFIED_COLUMNS = ("Last modified time", "Heure de la dernière modification")
METADATA_COLUMNS = (ID_COLUMN, *START_COLUMNS, *END_COLUMNS, *EMAIL_COLUMNS, *NAME_COLUMNS,
                    *MODIFIED_COLUMNS, "Total points", "Quiz feedback", "Points totaux",
                    "Commentaires sur le questionnaire")
ANONYMOUS = {"anonymous", "anonyme"}
_STARTS = {normalise_label(c) for c in START_COLUMNS}
_ENDS = {normalise_label(c) for c in END_COLUMNS}


def matches(grid: Grid) -> bool:
    """True when the header starts with ``ID`` and holds a start and a completion time."""
    start = header_index(grid)
    if start is None:
        return False
    header = [normalise_label(c) for c in grid.rows[start]]
    return bool(header) and header[0] == "id" and bool(set(header) & _STARTS) and bool(
        set(header) & _ENDS)


def build(grid: Grid) -> RawTable:
    table = read_table(grid, format=NAME)
    columns = table.columns
    table.id_column = ID_COLUMN if ID_COLUMN in columns else None
    table.submit_column = next((c for c in END_COLUMNS if c in columns), None)
    table.metadata_columns = [c for c in columns if c in METADATA_COLUMNS]
    table.multi_separator = ";"
    return table
