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

from workbench.errors import ImportProblem, Problem, ProblemList
from workbench.i18n import t
from workbench.normalise import neutralise_formula
from workbench.sources import fast_csv

TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
SPSS_SUFFIXES = {".sav", ".zsav"}
DELIMITERS = (";", ",", "\t")
_SNIFF_RECORDS = 30
# Text files larger than this are read by pyarrow's CSV parser with file lines computed from a
# byte scan; smaller ones by the csv module. Both give the same cells and lines (tested).
FAST_PATH_BYTES = 2_000_000
_HEAD_RECORDS = 60
_HEAD_CHARS = 1_000_000
_ASCII_COMPATIBLE = {"utf-8", "utf-8-sig", "cp1252", "latin-1"}


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
    # a large text file: ``rows`` holds only its first records, ``body`` the whole (undecoded)
    # text for the fast reader; ``complete`` is False until every record is parsed
    complete: bool = True
    body: bytes | None = None
    body_encoding: str | None = None

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
    id_column: str | None = None  # the tool's response id (LimeSurvey id, Kobo _uuid, MS ID…)
    submit_column: str | None = None  # when the response was submitted
    metadata_columns: list[str] = field(default_factory=list)  # tool columns, not questions
    multi_separator: str | None = None  # how the tool joins checkbox answers in one cell

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
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n" if encoding in _ASCII_COMPATIBLE else b"\n\x00") + 1
        raise fail("encoding_invalid", path.name, row=line, found=encoding,
                   expected="UTF-8, UTF-16 (avec BOM), cp1252") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise fail("binary_content", path.name, row=text[:text.index("\x00")].count("\n") + 1,
                   expected=".csv, .tsv, .txt")
    head = text if len(text) <= _HEAD_CHARS else text[:_HEAD_CHARS]
    delimiter = sniff_delimiter(head)
    _check_not_truncated(path, text, delimiter)
    if len(data) <= FAST_PATH_BYTES:
        rows, lines = _records(text, delimiter)
        return Grid(path=path, rows=rows, lines=lines, format="csv", encoding=encoding,
                    delimiter=delimiter)
    rows, lines = _records(head, delimiter, limit=_HEAD_RECORDS)
    if len(rows) > 1 and len(head) < len(text):  # the last record may be cut by the sample
        rows, lines = rows[:-1], lines[:-1]
    if encoding in _ASCII_COMPATIBLE:
        body, body_encoding = data[3:] if encoding == "utf-8-sig" else data, encoding
        body_encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    else:  # UTF-16: scan and parse its UTF-8 form
        body, body_encoding = text.encode("utf-8"), "utf-8"
    return Grid(path=path, rows=rows, lines=lines, format="csv", encoding=encoding,
                delimiter=delimiter, complete=False, body=body, body_encoding=body_encoding)


def _check_not_truncated(path: Path, text: str, delimiter: str) -> None:
    """A cut download: a quote left open at the end, or a last row without its line end and
    with fewer cells than the header."""
    if text.endswith("\n") and text.count('"') % 2 == 0:
        return
    tail_start = text.rfind("\n", 0, len(text.rstrip("\r\n"))) + 1
    odd_quote = text.count('"') % 2 == 1
    if odd_quote:  # find the record the open quote starts: parse, the last record holds it
        rows, lines = _records(text, delimiter)
        header = next((r for r in rows if any(c.strip() for c in r)), [])
        last = rows[-1]
        column = header[len(last) - 1] if 0 < len(last) <= len(header) else None
        raise fail("file_truncated", path.name, row=lines[-1], column=column,
                   found=t("import.truncated_quote"))
    rows, lines = _records(text[tail_start:], delimiter)
    header, _ = _records(text, delimiter, limit=1)
    if rows and header and len(rows[-1]) < len(header[0]):
        row = text[:tail_start].count("\n") + 1
        raise fail("file_truncated", path.name, row=row,
                   found=t("import.truncated_row", found=len(rows[-1]),
                           expected=len(header[0])))


def complete_grid(grid: Grid) -> Grid:
    """The grid with every record parsed (the csv module's reading, exact in every case)."""
    if grid.complete or grid.body is None:
        return grid
    text = grid.body.decode(grid.body_encoding or "utf-8")
    rows, lines = _records(text, grid.delimiter or ";")
    return Grid(path=grid.path, rows=rows, lines=lines, format=grid.format,
                encoding=grid.encoding, delimiter=grid.delimiter)


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
    if suffix in SPSS_SUFFIXES or data.startswith(b"$FL2") or data.startswith(b"$FL3"):
        from workbench.sources.spss import read_sav_grid

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
