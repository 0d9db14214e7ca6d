"""Reading raw exports into text cells: encoding and delimiter sniffing, CSV and XLSX grids.

A ``Grid`` is every cell of a file as text with the file line (CSV) or sheet row (XLSX) of each
row; a format module (``limesurvey``, ``kobo``, ``spreadsheet``) picks the header and turns the grid
into a ``RawTable``. Raw files are only read, never written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ImportProblem, Problem, ProblemList
from ..labels import t
from ..normalise import neutralise_formula

TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (";", ",", "\t")
_SNIFF_RECORDS = 30


def locate(
    file: str, row: int | None = None, column: str | None = None, *, at_key: bool = False
) -> str:
    """« Fichier `x.csv`, ligne 14, colonne `Q1` » (the start of every import message);
    with ``at_key`` the column is a key of a YAML file (« clé `items` »)."""
    text = t("import.at_file", file=file)
    if row is not None:
        text += t("import.at_row", row=row)
    if column is not None:
        text += t("import.at_key" if at_key else "import.at_column", column=column)
    return text


def make_problem(
    key: str,
    file: str,
    *,
    row: int | None = None,
    column: str | None = None,
    expected: str | None = None,
    found: str | None = None,
    at_key: bool = False,
    **fmt: Any,
) -> Problem:
    """A located problem whose French text comes from ``labels`` key ``import.problem.<key>``."""
    detail = t(f"import.problem.{key}", expected=expected, found=found, column=column, **fmt)
    return Problem(
        key=key,
        message=f"{locate(file, row, column, at_key=at_key)} : {detail}",
        file=file,
        row=row,
        column=column,
        expected=expected,
        found=found,
    )


def add_problem(problems: ProblemList, key: str, **kw: Any) -> None:
    """Append a located problem to ``problems`` (its file is the list's file)."""
    problems.problems.append(make_problem(key, problems.file, **kw))


def fail(key: str, file: str, **kw: Any) -> ImportProblem:
    """An ``ImportProblem`` holding one located problem (``raise fail(...)``)."""
    problem = make_problem(key, file, **kw)
    return ImportProblem(
        problem.message, key=key, problems=[problem], file=file, row=problem.row,
        column=problem.column, expected=problem.expected, found=problem.found,
    )


@dataclass
class Grid:
    """Every non-header cell of one sheet as text, with the file line of each row."""

    path: Path
    rows: list[list[str]]
    lines: list[int]
    format: str  # "csv" or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    other_sheets: dict[str, Grid] = field(default_factory=dict)

    def first_nonempty(self, start: int = 0) -> int | None:
        """Index of the first row at or after ``start`` holding a non-blank cell."""
        for index in range(start, len(self.rows)):
            if any(cell.strip() for cell in self.rows[index]):
                return index
        return None


@dataclass
class RawTable:
    """A table read from a raw file: text cells exactly as in the file, plus how it was read."""

    path: Path
    frame: pd.DataFrame
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    header_rows: int = 1
    first_data_line: int = 2
    n_unfinished: int = 0
    sheets: dict[str, pd.DataFrame] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)  # file line of each frame row
    unfinished_lines: list[int] = field(default_factory=list)
    title: dict[str, str] = field(default_factory=dict)  # title block: normalised key → value
    title_lines: dict[str, int] = field(default_factory=dict)
    header_line: int = 1

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def line_of(self, index: int) -> int:
        """File line number of the frame's row ``index`` (0-based position)."""
        return self.lines[index] if self.lines else self.first_data_line + index


# --- text files ------------------------------------------------------------------------------
def sniff_encoding(data: bytes) -> str:
    """BOM first (UTF-8, UTF-16), then UTF-16 without BOM, then UTF-8, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:200]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0] != 0:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and sample[1] != 0:
        return "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _records(text: str, delimiter: str, limit: int | None = None) -> tuple[list, list]:
    """CSV records and the file line where each starts (blank lines kept as empty records)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=False)
    rows: list[list[str]] = []
    lines: list[int] = []
    previous = 0
    for record in reader:
        rows.append([cell.replace("\r\n", "\n") for cell in record])
        lines.append(previous + 1)
        previous = reader.line_num
        if limit is not None and len(rows) >= limit:
            break
    return rows, lines


def sniff_delimiter(text: str) -> str:
    """The delimiter among ``;``, ``,`` and tab that splits the header into most columns,
    with records of consistent width; ``;`` wins ties (the French default)."""
    best, best_score = ";", (0, 0)
    for delimiter in DELIMITERS:
        rows, _ = _records(text, delimiter, limit=_SNIFF_RECORDS)
        rows = [r for r in rows if any(c.strip() for c in r)]
        if not rows:
            continue
        width = len(rows[0])
        consistent = sum(1 for r in rows[1:] if len(r) == width)
        score = (width if width > 1 else 0, consistent)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_text_grid(path: Path, *, data: bytes | None = None) -> Grid:
    """Decode and split a delimited text file (CSV, TSV, Framaforms' text ``.xls``)."""
    data = path.read_bytes() if data is None else data
    encoding = sniff_encoding(data)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = sniff_delimiter(text)
    rows, lines = _records(text, delimiter)
    return Grid(path=path, rows=rows, lines=lines, format="csv", encoding=encoding,
                delimiter=delimiter)


# --- spreadsheets ----------------------------------------------------------------------------
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


def read_grid(path: str | Path) -> Grid:
    """Read any supported file into a grid, choosing by content as much as by name."""
    path = Path(path)
    if not path.is_file():
        raise fail("file_not_found", path.name, found=str(path))
    data = path.read_bytes()
    if not data.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise fail("file_empty", path.name)
    suffix = path.suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix in EXCEL_SUFFIXES:
        return read_excel_grid(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # legacy binary .xls
        raise fail("format_unsupported", path.name, expected=".xlsx, .csv", found=".xls (Excel 97)")
    if suffix in TEXT_SUFFIXES or suffix == ".xls":  # Framaforms writes text named .xls
        return read_text_grid(path, data=data)
    raise fail("format_unsupported", path.name, expected=".csv, .tsv, .txt, .xlsx", found=suffix)


def table_from_grid(
    grid: Grid,
    header_index: int,
    *,
    format: str,
    title_rows: int = 0,
) -> RawTable:
    """The rows after ``header_index`` as a frame of str columns named by the header row.

    Blank rows are skipped, short rows padded; a duplicate column name or a row longer than the
    header (with text in the extra cells) is a problem.
    """
    file = grid.path.name
    problems = ProblemList(file)
    header = list(grid.rows[header_index])
    while header and not header[-1].strip():
        header.pop()
    names: list[str] = []
    for position, name in enumerate(header, 1):
        name = name or f"colonne_{position}"
        if name in names:
            add_problem(problems, "duplicate_column", row=grid.lines[header_index], column=name,
                        found=name)
        names.append(name)
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
    problems.raise_if_any()
    frame = pd.DataFrame(data, columns=names, dtype="str") if data else pd.DataFrame(
        {name: pd.Series([], dtype="str") for name in names}
    )
    header_line = grid.lines[header_index]
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
