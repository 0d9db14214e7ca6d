"""Delimited text files (CSV, TSV, Framaforms' text ``.xls``): encoding and delimiter sniffing,
records with the file line where each starts, cut downloads detected."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from workbench.i18n import t
from workbench.sources.grid import Grid
from workbench.sources.problems import fail

DELIMITERS = (";", ",", "\t")
_SNIFF_RECORDS = 30
# Text files larger than this are read by pyarrow's CSV parser with file lines computed from a
# byte scan; smaller ones by the csv module. Both give the same cells and lines (tested).
FAST_PATH_BYTES = 2_000_000
_HEAD_RECORDS = 60
_HEAD_CHARS = 1_000_000
_ASCII_COMPATIBLE = {"utf-8", "utf-8-sig", "cp1252", "latin-1"}


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
