"""Delimited text files (CSV, TSV, Framaforms' text ``.xls``): encoding and delimiter sniffing,
records with the file line where each starts, cut downloads detected."""

from __future__ import annotations

import csv
import io
from collections import Counter
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
_ASCII_COMPATIBLE = {"utf-8", "utf-8-sig", "cp1252", "latin-1", "mac_roman"}


# French letters a Mac (Sphinx, old Excel for Mac) writes in MacRoman, and what they look
# like when the same bytes are read as cp1252: the one that reads more like French wins
_FRENCH_LETTERS = set("éèàçùêâôîûëïœÉÈÀÇ°«»’")
_UNLIKELY = set("¡¬ÊËÁÍÎÏÌÓÔÒÚÛÙŽžŠšƒˆ‹›¦¤")


def _mac_roman_reads_better(data: bytes) -> bool:
    """True when ``data`` (not UTF-8) reads as French in MacRoman and not in cp1252."""
    sample = data[:200_000]
    try:
        as_windows = sample.decode("cp1252", errors="replace")
        as_mac = sample.decode("mac_roman")
    except UnicodeDecodeError:
        return False

    def score(text: str) -> int:
        return sum(ch in _FRENCH_LETTERS for ch in text) - 3 * sum(ch in _UNLIKELY for ch in text)

    return score(as_mac) > score(as_windows)


def sniff_encoding(data: bytes) -> str:
    """BOM first (UTF-8, UTF-16), then UTF-16 without BOM, then UTF-8, else cp1252 (or
    MacRoman when the text reads as French only that way)."""
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
    if _mac_roman_reads_better(data):
        return "mac_roman"
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
    """The delimiter among ``;``, ``,`` and tab that splits most records into the same number
    of columns (more than one), preferring more columns; a stray line above the header does
    not count. ``;`` wins ties (the French default)."""
    best, best_score = ";", (0, 0)
    for delimiter in DELIMITERS:
        rows, _ = _records(text, delimiter, limit=_SNIFF_RECORDS)
        widths = Counter(len(r) for r in rows if any(c.strip() for c in r))
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda wc: (wc[1], wc[0]))
        score = (count, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def usual_record_width(text: str, delimiter: str) -> int:
    """The most common number of cells of the first records (the header's, stray lines
    aside)."""
    rows, _ = _records(text, delimiter, limit=_SNIFF_RECORDS)
    widths = Counter(len(r) for r in rows if any(c.strip() for c in r))
    return max(widths, key=lambda w: (widths[w], w)) if widths else 0


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
    if _records_end_with_bare_cr(text):
        return _read_cr_records(path, text, encoding)
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


_INNER_LF = "\x1e"  # stands for a line break inside an unquoted cell while records are split


def _records_end_with_bare_cr(text: str) -> bool:
    """True for an old-Mac file (Sphinx): records end with a bare CR, and the LF found inside
    are line breaks typed in cells, often unquoted."""
    crlf = text.count("\r\n")
    bare_cr = text.count("\r") - crlf
    return bare_cr > 0 and bare_cr > crlf and bare_cr >= text.count("\n") - crlf


def _read_cr_records(path: Path, text: str, encoding: str) -> Grid:
    """Split an old-Mac file on its CRs only: a LF inside a record stays inside its cell."""
    body = text.replace("\r\n", "\r").replace("\n", _INNER_LF).replace("\r", "\n")
    delimiter = sniff_delimiter(body[:_HEAD_CHARS])
    rows, lines = _records(body, delimiter)
    rows = [[cell.replace(_INNER_LF, "\n") for cell in row] for row in rows]
    return Grid(path=path, rows=rows, lines=lines, format="csv", encoding=encoding,
                delimiter=delimiter)


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
    usual = usual_record_width(text, delimiter)
    if rows and usual and len(rows[-1]) < usual:
        row = text[:tail_start].count("\n") + 1
        raise fail("file_truncated", path.name, row=row,
                   found=t("import.truncated_row", found=len(rows[-1]), expected=usual))


def complete_grid(grid: Grid) -> Grid:
    """The grid with every record parsed (the csv module's reading, exact in every case)."""
    if grid.complete or grid.body is None:
        return grid
    text = grid.body.decode(grid.body_encoding or "utf-8")
    rows, lines = _records(text, grid.delimiter or ";")
    return Grid(path=grid.path, rows=rows, lines=lines, format=grid.format,
                encoding=grid.encoding, delimiter=grid.delimiter)
