"""What readers produce: a ``Grid`` (every cell of a file as text, with the file line of each
row) and a ``RawTable`` (the table a format module made of it). Raw files are only read."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
SPSS_SUFFIXES = {".sav", ".zsav"}
BLOCK_BYTES = 1 << 24


@dataclass(frozen=True)
class FileBytes:
    """The bytes of a file from ``start`` on, read block by block when needed: a large export
    is scanned and parsed from disk, never held whole in memory. Raw files are only read."""

    path: Path
    start: int = 0

    def __len__(self) -> int:
        return max(0, self.path.stat().st_size - self.start)

    def blocks(self, size: int = BLOCK_BYTES) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            handle.seek(self.start)
            while block := handle.read(size):
                yield block

    def head(self, size: int) -> bytes:
        with self.path.open("rb") as handle:
            handle.seek(self.start)
            return handle.read(size)

    def read(self) -> bytes:
        return self.head(len(self))

    def after(self, offset: int) -> FileBytes:
        return FileBytes(self.path, self.start + offset)


Body = bytes | memoryview | FileBytes


def blocks_of(body: Body, size: int = BLOCK_BYTES) -> Iterator[bytes | memoryview]:
    """``body`` block by block (views of bytes in memory, reads of a file)."""
    if isinstance(body, FileBytes):
        yield from body.blocks(size)
        return
    view = memoryview(body)
    for start in range(0, len(view), size):
        yield view[start:start + size]


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
    # text for the fast reader (in memory, or read from the file); ``complete`` is False until
    # every record is parsed
    complete: bool = True
    body: Body | None = None
    body_encoding: str | None = None
    # SPSS user-missing values: column → {cell text: reason} (the codes the file declares missing)
    missing_codes: dict[str, dict[str, str]] = field(default_factory=dict)

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
    # how the header was read: repeated names renamed (new name → header as written), lines
    # skipped above it, a second header row joined to the first
    renamed_columns: dict[str, str] = field(default_factory=dict)
    skipped_lines: list[int] = field(default_factory=list)
    joined_header_line: int | None = None
    personal_columns: dict[str, str] = field(default_factory=dict)  # column → name/email/ip/phone
    missing_codes: dict[str, dict[str, str]] = field(default_factory=dict)  # SPSS user-missing
    text_repairs: dict[str, str] = field(default_factory=dict)  # mangled text → repaired text
    mangled_cells: list[tuple[int, str, str]] = field(default_factory=list)  # (line, column, text)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    @property
    def fingerprint(self) -> str:
        """What identifies the questionnaire behind this export: its format and its columns in
        order (two exports of one survey share it; two different surveys almost never do)."""
        text = "\x1f".join([self.format, *self.columns])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def line_of(self, index: int) -> int:
        """File line number of the frame's row ``index`` (0-based position)."""
        return self.lines[index] if self.lines else self.first_data_line + index
