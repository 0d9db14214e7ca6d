"""Generic CSV/XLSX tables, and sign-in sheets (émargement) with their title block.

Sign-in sheets (and presence matrices, registration lists) are recognised by ``sources.signin``;
``RawTable.title`` holds their title block by normalised label.
"""

from __future__ import annotations

from workbench.normalise import normalise_label
from workbench.sources import signin
from workbench.sources.grid import Grid, RawTable
from workbench.sources.read import read_table, table_from_grid

GENERIC = "generic"
SIGNIN = "signin"
# names of a plain table's "when answered" column (normalised)
_DATE_COLUMNS = {"date", "horodatage", "horodateur", "timestamp", "date de reponse",
                 "date de saisie", "date de la reponse", "submitted", "date submitted"}


def matches_signin(grid: Grid) -> bool:
    """A sign-in sheet, presence matrix or registration list on some sheet of ``grid``
    (``sources.signin`` reads their shapes)."""
    return signin.matches(grid)


def build_signin(grid: Grid) -> RawTable:
    """The first list of people of the workbook as a table (what ``workbench inspect`` shows);
    ``title`` holds the title block by normalised label (free lines as ``titre``, ``titre_2``…).
    The attendance importer reads every sheet itself (``signin.read_shape``)."""
    shape = next((s for s in map(signin.read_shape, (grid, *grid.other_sheets.values()))
                  if s is not None), None)
    if shape is None:  # pragma: no cover - sniff only calls this after matches_signin
        raise ValueError("not a sign-in sheet")
    table = table_from_grid(shape.grid, shape.header_index, format=SIGNIN,
                            title_rows=shape.header_index,
                            names=signin.unique_names(shape.header))
    for key, (value, line) in shape.fields.items():
        table.title[key], table.title_lines[key] = value, line
    for number, (line, text) in enumerate(shape.title_lines, 1):
        key = "titre" if number == 1 else f"titre_{number}"
        table.title[key], table.title_lines[key] = text, line
    return table


def build_generic(grid: Grid) -> RawTable:
    """The header row (found under stray lines, two-row headers joined); every later non-blank
    row is data."""
    table = read_table(grid, format=GENERIC)
    table.submit_column = next(
        (c for c in table.columns if normalise_label(c) in _DATE_COLUMNS), None)
    table.multi_separator = ";"
    sheets = {}
    for name, other in grid.other_sheets.items():
        if other.first_nonempty() is not None:
            sheets[name] = read_table(other, format=GENERIC).frame
    table.sheets = sheets
    return table
