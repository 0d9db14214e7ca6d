"""Generic CSV/XLSX tables, and sign-in sheets (émargement) with their title block.

A sign-in sheet has a few ``Label : value`` rows (Événement, Date, Étape, Quartier) above a header
row holding ``Nom`` and ``Prénom``; ``RawTable.title`` holds the title block by normalised label.
"""

from __future__ import annotations

from workbench.normalise import normalise_label
from workbench.sources.grid import Grid, RawTable
from workbench.sources.read import read_table, table_from_grid

GENERIC = "generic"
SIGNIN = "signin"
_HEADER_SCAN_ROWS = 30
_SIGNIN_HEADER = {"nom", "prenom"}
# what tells a sign-in sheet from any list of people (a relational survey, stories…): a presence
# column or an event column in the header, or an event title block above it
_SIGNIN_MARKERS = {"present", "presente", "presence", "signature", "emargement", "etape",
                   "evenement"}
_SIGNIN_TITLE = {"date", "etape", "evenement"}
# names of a plain table's "when answered" column (normalised)
_DATE_COLUMNS = {"date", "horodatage", "horodateur", "timestamp", "date de reponse",
                 "date de saisie", "date de la reponse", "submitted", "date submitted"}


def signin_header_index(grid: Grid) -> int | None:
    """Index of the first row (among the first 30) holding both ``Nom`` and ``Prénom``, when the
    table is a sign-in sheet: a presence or event column, or an event title block above."""
    for index, row in enumerate(grid.rows[:_HEADER_SCAN_ROWS]):
        header = {normalise_label(cell) for cell in row}
        if header >= _SIGNIN_HEADER:
            if header & _SIGNIN_MARKERS:
                return index
            above = {normalise_label(cell.partition(":")[0]) for r in grid.rows[:index]
                     for cell in r[:1]}
            return index if above & _SIGNIN_TITLE else None
    return None


def matches_signin(grid: Grid) -> bool:
    return signin_header_index(grid) is not None


def title_block(grid: Grid, header_index: int) -> tuple[dict[str, str], dict[str, int]]:
    """``{"evenement": "Séminaire élus", "date": "2023-03-09", …}`` from the rows above the
    header (a label cell, then the first non-empty cell after it)."""
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    for row, line in zip(grid.rows[:header_index], grid.lines[:header_index], strict=True):
        cells = [cell for cell in row]
        label_at = next((i for i, cell in enumerate(cells) if cell.strip()), None)
        if label_at is None:
            continue
        key = normalise_label(cells[label_at])
        value = next((cell.strip() for cell in cells[label_at + 1:] if cell.strip()), "")
        if ":" in cells[label_at] and not value:  # "Étape : 2" typed in one cell
            head, _, tail = cells[label_at].partition(":")
            key, value = normalise_label(head), tail.strip()
        values[key] = value
        lines[key] = line
    return values, lines


def build_signin(grid: Grid) -> RawTable:
    header_index = signin_header_index(grid)
    if header_index is None:  # pragma: no cover - sniff only calls this after matches_signin
        raise ValueError("not a sign-in sheet")
    table = table_from_grid(grid, header_index, format=SIGNIN, title_rows=header_index)
    table.title, table.title_lines = title_block(grid, header_index)
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
