"""Any supported raw file into a grid (chosen by content as much as by name), and a grid's rows
under a header into a ``RawTable``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.errors import ProblemList
from workbench.sources import fast_csv
from workbench.sources.excel import read_excel_grid
from workbench.sources.grid import EXCEL_SUFFIXES, SPSS_SUFFIXES, TEXT_SUFFIXES, Grid, RawTable
from workbench.sources.problems import add_problem, fail
from workbench.sources.spss import read_sav_grid
from workbench.sources.text import complete_grid, read_text_grid


def read_grid(path: str | Path) -> Grid:
    """Read any supported file into a grid, choosing by content as much as by name."""
    path = Path(path)
    if not path.is_file():
        raise fail("file_not_found", path.name, found=str(path))
    data = path.read_bytes()
    if not data.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise fail("file_empty", path.name)
    suffix = path.suffix.lower()
    if suffix in SPSS_SUFFIXES or data.startswith(b"$FL2") or data.startswith(b"$FL3"):
        return read_sav_grid(path)
    if data.startswith(b"PK\x03\x04") or suffix in EXCEL_SUFFIXES:
        return read_excel_grid(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # legacy binary .xls
        raise fail("format_unsupported", path.name, expected=".xlsx, .csv", found=".xls (Excel 97)")
    if suffix in TEXT_SUFFIXES or suffix == ".xls":  # Framaforms writes text named .xls
        return read_text_grid(path, data=data)
    raise fail("format_unsupported", path.name, expected=".csv, .tsv, .txt, .xlsx, .sav",
               found=suffix)


def table_from_grid(
    grid: Grid,
    header_index: int,
    *,
    format: str,
    title_rows: int = 0,
    names: list[str] | None = None,
) -> RawTable:
    """The rows after ``header_index`` as a frame of str columns named by the header row
    (or by ``names``, one per header cell).

    Blank rows are skipped, short rows padded; a duplicate column name or a row longer than the
    header (with text in the extra cells) is a problem. A large text file is read by pyarrow when
    it is regular, else by the csv module (same cells, same lines).
    """
    file = grid.path.name
    problems = ProblemList(file)
    if names is None:
        header = list(grid.rows[header_index])
        while header and not header[-1].strip():
            header.pop()
        names = [name or f"colonne_{position}" for position, name in enumerate(header, 1)]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            add_problem(problems, "duplicate_column", row=grid.lines[header_index], column=name,
                        found=name)
        seen.add(name)
    width = len(names)
    header_line = grid.lines[header_index]
    fast = None if grid.complete or problems.problems else fast_csv.fast_table_body(
        grid, header_index, width)
    if fast is not None:
        frame, lines = fast
        frame.columns = names
    else:
        grid = complete_grid(grid)
        frame, lines = _slow_body(grid, header_index, names, problems)
    problems.raise_if_any()
    return RawTable(
        path=grid.path,
        frame=frame,
        format=format,
        encoding=grid.encoding,
        delimiter=grid.delimiter,
        header_rows=title_rows + 1,
        first_data_line=lines[0] if lines else header_line + 1,
        lines=lines,
        header_line=header_line,
    )


def _slow_body(grid: Grid, header_index: int, names: list[str],
               problems: ProblemList) -> tuple[pd.DataFrame, list[int]]:
    width = len(names)
    data: list[list[str]] = []
    lines: list[int] = []
    for row, line in zip(grid.rows[header_index + 1:], grid.lines[header_index + 1:], strict=True):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > width:
            extra = row[width:]
            if any(cell.strip() for cell in extra):
                add_problem(problems, "row_too_many_fields", row=line,
                            expected=str(width), found=str(len(row)))
                continue
            row = row[:width]
        data.append(row + [""] * (width - len(row)))
        lines.append(line)
    frame = pd.DataFrame(data, columns=names, dtype="str") if data else pd.DataFrame(
        {name: pd.Series([], dtype="str") for name in names}
    )
    return frame, lines
