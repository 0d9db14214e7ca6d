"""Delimited text files (CSV, TSV, Framaforms' text ``.xls``): encoding and delimiter sniffing,
records with the file line where each starts, cut downloads detected."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from pathlib import Path

from workbench.i18n import t
from workbench.sources.grid import Body, FileBytes, Grid, blocks_of
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


def sniff_encoding(data: Body) -> str:
    """BOM first (UTF-8, UTF-16), then UTF-16 without BOM, then UTF-8, else cp1252 (or
    MacRoman when the text reads as French only that way)."""
    data_head = data.head(200000) if isinstance(data, FileBytes) else bytes(data[:200000])
    return _sniffed(data_head, data)


def _sniffed(data_head: bytes, data: Body) -> str:
    if data_head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data_head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data_head[:200]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0] != 0:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and sample[1] != 0:
        return "utf-16-be"
    if decodes(data, "utf-8"):
        return "utf-8"
    if _mac_roman_reads_better(data_head):
        return "mac_roman"
    return "cp1252" if decodes(data, "cp1252") else "latin-1"


def decodes(data: Body, encoding: str) -> bool:
    """True when the whole of ``data`` decodes in ``encoding`` (checked block by block: a
    large file's decoded text, two to four times its size, is never held whole)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for block in blocks_of(data):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


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
    if data is None and path.stat().st_size > FAST_PATH_BYTES:
        large = _read_large_file(path)
        if large is not None:
            return large
    data = path.read_bytes() if data is None else data
    encoding = sniff_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if encoding == "utf-8-sig" else 0)  # counted after the BOM
        line = data[:start].count(b"\n" if encoding in _ASCII_COMPATIBLE else b"\n\x00") + 1
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
    if encoding in _ASCII_COMPATIBLE:
        body: Body = memoryview(data)[3:] if encoding == "utf-8-sig" else data
        body_encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    else:  # UTF-16: scanned and parsed in its UTF-8 form
        body, body_encoding = text.encode("utf-8"), "utf-8"
    return _large_grid(path, head, len(head) < len(text), body, encoding, body_encoding,
                       delimiter)


def _read_large_file(path: Path) -> Grid | None:
    """A large file in an encoding where ``\n``, ``\r``, ``"`` and NUL are single bytes, read
    from disk block by block, never decoded whole: checks on the bytes, the first records
    decoded, the rest left to the fast reader. ``None`` when the file needs the whole text
    (UTF-16, NUL bytes, bare-CR records, a quote left open, an invalid byte after a UTF-8 BOM):
    the caller reads it the general way, with its located messages."""
    whole = FileBytes(path)
    encoding = sniff_encoding(whole)
    if encoding not in _ASCII_COMPATIBLE or (
            encoding == "utf-8-sig" and not decodes(whole, encoding)):
        return None
    counts = _byte_counts(whole)
    if counts["nul"] or counts['"'] % 2 or _bare_cr_counts(counts):
        return None
    body = whole.after(3) if encoding == "utf-8-sig" else whole
    body_encoding = "utf-8" if encoding == "utf-8-sig" else encoding  # BOM left out of body
    sample = body.head(_HEAD_CHARS)  # a character cut at its end waits for the next bytes
    head = codecs.getincrementaldecoder(body_encoding)().decode(sample, final=False)
    delimiter = sniff_delimiter(head)
    if not counts["ends_with_lf"]:  # no line end after the last record: is it complete?
        tail = whole.after(max(0, len(whole) - _HEAD_CHARS)).read()
        tail_start = tail.rfind(b"\n", 0, len(tail.rstrip(b"\r\n"))) + 1
        if tail_start == 0:
            return None
        _check_last_record(path, tail[tail_start:].decode(body_encoding, errors="replace"),
                           counts["\n"] - tail[tail_start:].count(b"\n") + 1,
                           usual_record_width(head, delimiter), delimiter)
    return _large_grid(path, head, len(sample) < len(body), body, encoding, body_encoding,
                       delimiter)


def _byte_counts(body: Body) -> dict[str, int]:
    """Quotes, CR, LF, CRLF and NUL bytes of ``body``, and whether it ends with a LF."""
    counts = dict.fromkeys(['"', "\r", "\n", "\r\n", "nul", "ends_with_lf"], 0)
    last = b""
    for block in blocks_of(body):
        block = bytes(block)
        for needle in ('"', "\r", "\n", "\r\n"):
            counts[needle] += block.count(needle.encode())
        counts["\r\n"] += last == b"\r" and block[:1] == b"\n"
        counts["nul"] += b"\x00" in block
        last = block[-1:]
    counts["ends_with_lf"] = last == b"\n"
    return counts


def _large_grid(path: Path, head: str, head_is_cut: bool, body: Body,
                encoding: str, body_encoding: str, delimiter: str) -> Grid:
    """The grid of a large text file: its first records parsed, the whole ``body`` kept for the
    fast reader (``complete=False``)."""
    rows, lines = _records(head, delimiter, limit=_HEAD_RECORDS)
    if len(rows) > 1 and head_is_cut:  # the last record may be cut by the sample
        rows, lines = rows[:-1], lines[:-1]
    return Grid(path=path, rows=rows, lines=lines, format="csv", encoding=encoding,
                delimiter=delimiter, complete=False, body=body, body_encoding=body_encoding)


_INNER_LF = "\x1e"  # stands for a line break inside an unquoted cell while records are split


def _records_end_with_bare_cr(text: str) -> bool:
    """True for an old-Mac file (Sphinx): records end with a bare CR, and the LF found inside
    are line breaks typed in cells, often unquoted."""
    return _bare_cr_counts({key: text.count(key) for key in ("\r", "\n", "\r\n")})


def _bare_cr_counts(counts: dict[str, int]) -> bool:
    crlf = counts["\r\n"]
    bare_cr = counts["\r"] - crlf
    return bare_cr > 0 and bare_cr > crlf and bare_cr >= counts["\n"] - crlf


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
    _check_last_record(path, text[tail_start:], text[:tail_start].count("\n") + 1,
                       usual_record_width(text, delimiter), delimiter)


def _check_last_record(path: Path, tail: str, row: int, usual: int, delimiter: str) -> None:
    """A last record (``tail``, starting at file line ``row``) without its line end and with
    fewer cells than the ``usual`` record is a cut download."""
    rows, _ = _records(tail, delimiter)
    if rows and usual and len(rows[-1]) < usual:
        raise fail("file_truncated", path.name, row=row,
                   found=t("import.truncated_row", found=len(rows[-1]), expected=usual))


def complete_grid(grid: Grid) -> Grid:
    """The grid with every record parsed (the csv module's reading, exact in every case)."""
    if grid.complete or grid.body is None:
        return grid
    body = grid.body.read() if isinstance(grid.body, FileBytes) else grid.body
    text = str(body, grid.body_encoding or "utf-8")
    rows, lines = _records(text, grid.delimiter or ";")
    return Grid(path=grid.path, rows=rows, lines=lines, format=grid.format,
                encoding=grid.encoding, delimiter=grid.delimiter)
