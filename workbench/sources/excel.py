"""Excel workbooks (``.xlsx``): every sheet as text cells.

The size a sheet declares (``<dimension ref="A1"/>`` in Microsoft Forms downloads, ``A1:B101``
in a sheet with formatted empty rows) is not trusted: every row is read. The table is the sheet
holding most cells (a « Table Cleanup » notes sheet may come first); Kobo's repeat-group sheets
(with ``_parent_index``) stay beside it.
"""

from __future__ import annotations

from pathlib import Path

from workbench.normalise import neutralise_formula
from workbench.sources.grid import Grid
from workbench.sources.problems import fail


def read_excel_grid(path: Path) -> Grid:
    """All sheets of an XLSX workbook as text (cached values of formulas, dates in ISO 8601)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise fail("file_unreadable", path.name, found=type(exc).__name__) from None
    try:
        grids = []
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # read every row, whatever size the sheet declares
            rows, lines = [], []
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
                cells = [neutralise_formula(v) for v in values]
                while cells and not cells[-1].strip():
                    cells.pop()
                rows.append(cells)
                lines.append(number)
            grids.append(Grid(path=path, rows=rows, lines=lines, format="xlsx", sheet=sheet.title))
    finally:
        book.close()
    if not grids:
        raise fail("file_empty", path.name)
    main = max(grids, key=_table_weight)
    main.other_sheets = {g.sheet or "": g for g in grids if g is not main}
    return main


_CHILD_SHEET_COLUMNS = {"_parent_index", "_submission__uuid", "_parent_table_name"}


def _table_weight(grid: Grid) -> tuple[bool, int]:
    """A sheet's claim to be the table: not a repeat-group sheet, then its non-blank cells
    (the first sheet wins ties)."""
    first = grid.first_nonempty()
    if first is None:
        return (False, 0)
    child = bool(_CHILD_SHEET_COLUMNS & {c.strip() for c in grid.rows[first]})
    return (not child, sum(1 for row in grid.rows for cell in row if cell.strip()))
