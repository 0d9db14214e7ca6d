"""Word documents (``.docx``) holding tables — post-its or a sign-in list typed into Word — read
with python-docx: one grid per table, the paragraphs written above a table as its title rows
(« Atelier habitants – Les Tilleuls, samedi 20 janvier 2024 »). Cells merged across columns are
read once."""

from __future__ import annotations

from pathlib import Path

from workbench.sources.grid import Grid
from workbench.sources.problems import fail


def docx_grids(path: Path) -> list[Grid]:
    """Every table of the document as a grid named « Tableau 1 », « Tableau 2 »…; its rows are
    numbered from the first paragraph after the previous table."""
    from docx import Document
    from docx.table import Table

    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises several kinds on a damaged file
        raise fail("file_unreadable", path.name, found=type(exc).__name__) from None
    grids: list[Grid] = []
    title: list[list[str]] = []
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            text = block.text.strip()
            if text:
                title.append([text])
            continue
        rows = title + [_row_cells(row) for row in block.rows]
        grids.append(Grid(path=path, rows=rows, lines=list(range(1, len(rows) + 1)),
                          format="docx", sheet=f"Tableau {len(grids) + 1}"))
        title = []
    if not grids:
        raise fail("format_unsupported", path.name, expected=".docx avec un tableau",
                   found=".docx sans tableau")
    return grids


def _row_cells(row: object) -> list[str]:
    cells, seen = [], set()
    for cell in row.cells:  # type: ignore[attr-defined]
        key = id(cell._tc)
        cells.append("" if key in seen else cell.text.strip())
        seen.add(key)
    while cells and not cells[-1]:
        cells.pop()
    return cells
