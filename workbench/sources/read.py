"""Any supported raw file into a grid (chosen by content as much as by name), and a grid's rows
under a header into a ``RawTable``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.errors import ProblemList
from workbench.sources import fast_csv
from workbench.sources import header as headers
from workbench.sources import text as text_files
from workbench.sources.excel import read_excel_grid
from workbench.sources.grid import (
    EXCEL_SUFFIXES,
    SPSS_SUFFIXES,
    TEXT_SUFFIXES,
    FileBytes,
    Grid,
    RawTable,
)
from workbench.sources.problems import add_problem, fail
from workbench.sources.repair import repair_frame
from workbench.sources.spss import read_sav_grid
from workbench.sources.text import complete_grid, read_text_grid


def read_grid(path: str | Path) -> Grid:
    """Read any supported file into a grid, choosing by content as much as by name."""
    path = Path(path)
    if not path.is_file():
        raise fail("file_not_found", path.name, found=str(path))
    head_size = text_files.FAST_PATH_BYTES
    large = path.stat().st_size > head_size  # a large text file is read from disk later
    data = FileBytes(path).head(head_size) if large else path.read_bytes()
    if not data.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe") and not (
            large and path.read_bytes().strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe")):
        raise fail("file_empty", path.name)
    suffix = path.suffix.lower()
    if suffix in SPSS_SUFFIXES or data.startswith(b"$FL2") or data.startswith(b"$FL3"):
        return read_sav_grid(path)
    if data.startswith(b"PK\x03\x04") or suffix in EXCEL_SUFFIXES:
        return read_excel_grid(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # legacy binary .xls
        raise fail("format_unsupported", path.name, expected=".xlsx, .csv", found=".xls (Excel 97)")
    if suffix in TEXT_SUFFIXES or suffix == ".xls":  # Framaforms writes text named .xls
        return read_text_grid(path, data=None if large else data)
    raise fail("format_unsupported", path.name, expected=".csv, .tsv, .txt, .xlsx, .sav",
               found=suffix)


def read_table(grid: Grid, *, format: str) -> RawTable:
    """The table of ``grid`` under its header row, found even below stray lines, with a
    second header row (question, then sub-question) joined to the first."""
    index = headers.header_index(grid)
    if index is None:
        index = 0
    if headers.second_header_row(grid, index):
        names = headers.joined_names(list(grid.rows[index]), list(grid.rows[index + 1]))
        table = table_from_grid(grid, index + 1, format=format, names=names,
                                title_rows=1)
        table.joined_header_line = grid.lines[index + 1]
    else:
        table = table_from_grid(grid, index, format=format)
    table.skipped_lines = [line for row, line in zip(grid.rows[:index], grid.lines[:index],
                                                      strict=True) if any(c.strip() for c in row)]
    return table


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

    Blank rows are skipped, short rows padded; blank header cells are named by position and
    repeated names numbered (``RawTable.renamed_columns`` says which); a row longer than the
    header (with text in the extra cells) is a problem. Mangled accents are repaired (or listed
    in ``mangled_cells``). A large text file is read by pyarrow when it is regular, else by the
    csv module (same cells, same lines).
    """
    file = grid.path.name
    problems = ProblemList(file)
    names, renamed = headers.unique_names(list(grid.rows[header_index]) if names is None else names)
    if grid.complete:
        names = headers.widen(names, grid, header_index)
    width = len(names)
    header_line = grid.lines[header_index]
    fast = None if grid.complete else fast_csv.fast_table_body(grid, header_index, width)
    if fast is not None:
        frame, lines = fast
        frame.columns = names
    else:
        grid = complete_grid(grid)
        frame, lines = _slow_body(grid, header_index, names, problems)
    problems.raise_if_any()
    frame, repaired_names, repairs, mangled = repair_frame(frame, names, lines, header_line)
    renamed = {dict(zip(names, repaired_names, strict=True)).get(k, k): v
               for k, v in renamed.items()}
    missing_codes = {name: grid.missing_codes[name] for name in repaired_names
                     if name in grid.missing_codes}
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
        renamed_columns=renamed,
        text_repairs=repairs,
        mangled_cells=mangled,
        missing_codes=missing_codes,
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
