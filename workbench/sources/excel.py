"""Excel workbooks (``.xlsx``): every sheet as text cells."""

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
    main = next((g for g in grids if g.first_nonempty() is not None), grids[0])
    main.other_sheets = {g.sheet or "": g for g in grids if g is not main}
    return main
