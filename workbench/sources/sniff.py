"""Choose the reader of a raw file: LimeSurvey, KoboToolbox, sign-in sheet, else a plain table.

Each export format is a module with ``matches(grid) -> bool`` and ``build(grid) -> RawTable``,
listed in ``READERS`` below (order matters: the most specific signature first). SPSS ``.sav``
files become a grid in ``spss`` and are then sniffed like any other (LimeSurvey's has ``id``,
``submitdate``…).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.i18n import t
from workbench.sources import framaforms, google_forms, kobo, limesurvey, ms_forms, spreadsheet
from workbench.sources.grid import Grid, RawTable
from workbench.sources.personal import personal_columns
from workbench.sources.problems import fail
from workbench.sources.read import read_grid


@dataclass(frozen=True)
class Reader:
    name: str
    matches: Callable[[Grid], bool]
    build: Callable[[Grid], RawTable]


READERS: list[Reader] = [
    Reader(limesurvey.NAME, limesurvey.matches, limesurvey.build),
    Reader(kobo.NAME, kobo.matches, kobo.build),
    Reader(framaforms.NAME, framaforms.matches, framaforms.build),
    Reader(ms_forms.NAME, ms_forms.matches, ms_forms.build),
    Reader(google_forms.NAME, google_forms.matches, google_forms.build),
    Reader(spreadsheet.SIGNIN, spreadsheet.matches_signin, spreadsheet.build_signin),
    Reader(spreadsheet.GENERIC, lambda grid: True, spreadsheet.build_generic),
]


def reader_named(name: str) -> Reader:
    for reader in READERS:
        if reader.name == name:
            return reader
    raise fail("format_unknown", "", expected=", ".join(r.name for r in READERS), found=name)


def detect(path: str | Path, *, format: str | None = None) -> RawTable:
    """Read ``path`` with the reader its content calls for (or the one named by ``format``)."""
    grid = read_grid(path)
    if grid.first_nonempty() is None:
        raise fail("file_empty", Path(path).name)
    if format:
        return _with_personal_columns(reader_named(format).build(grid))
    for reader in READERS:
        if reader.matches(grid):
            return _with_personal_columns(reader.build(grid))
    raise AssertionError("the generic reader matches every grid")  # pragma: no cover


_DISTINCT_SAMPLE = 200
_ROWS_SAMPLE = 5000  # personal data shows in the first rows; large files are not scanned whole


def _with_personal_columns(table: RawTable) -> RawTable:
    """The table with its personal-data columns recognised (heading or content)."""
    distinct = {}
    for column in table.columns:
        values = table.frame[column].head(_ROWS_SAMPLE).drop_duplicates().head(_DISTINCT_SAMPLE)
        distinct[column] = [str(v) for v in values.tolist()]
    table.personal_columns = personal_columns(table.columns, distinct,
                                              set(table.metadata_columns))
    return table


def describe(path: str | Path) -> dict[str, Any]:
    """What ``workbench inspect`` shows: format, encoding, delimiter, header rows, columns."""
    raw = detect(path)
    return {
        "file": raw.name,
        "format": raw.format,
        "encoding": raw.encoding,
        "delimiter": raw.delimiter,
        "header_rows": raw.header_rows,
        "id_column": raw.id_column,
        "submit_column": raw.submit_column,
        "first_data_line": raw.first_data_line,
        "n_responses": len(raw.frame),
        "n_unfinished": raw.n_unfinished,
        "columns": raw.columns,
        "sheets": sorted(raw.sheets),
        "title": raw.title,
        "skipped_lines": raw.skipped_lines,
        "joined_header_line": raw.joined_header_line,
        "renamed_columns": raw.renamed_columns,
        "personal_columns": raw.personal_columns,
        "missing_codes": raw.missing_codes,
        "text_repairs": len(raw.text_repairs),
        "repair_examples": dict(list(raw.text_repairs.items())[:3]),
        "mangled_cells": [{"row": line, "column": column, "text": text}
                          for line, column, text in raw.mangled_cells[:20]],
        "fingerprint": raw.fingerprint,
    }


def reading_notes(info: dict[str, Any]) -> list[str]:
    """What ``describe`` found beyond format and counts, in the UI language: unfinished
    responses, lines above the header, a two-row header, repeated names numbered, personal
    columns, declared missing values, repaired or mangled text."""
    notes = []
    if info.get("n_unfinished"):
        notes.append(t("import.notes.unfinished", count=info["n_unfinished"]))
    if info.get("skipped_lines"):
        notes.append(t("import.notes.skipped",
                       lines=", ".join(str(n) for n in info["skipped_lines"])))
    if info.get("joined_header_line"):
        notes.append(t("import.notes.joined", line=info["joined_header_line"]))
    renamed = info.get("renamed_columns") or {}
    if renamed:
        shown = " ; ".join(f"« {new} »" for new in list(renamed)[:8])
        notes.append(t("import.notes.renamed", count=len(renamed),
                       columns=shown + (" …" if len(renamed) > 8 else "")))
    personal = info.get("personal_columns") or {}
    if personal:
        shown = ", ".join(f"« {c} » ({t('import.personal.' + k)})" for c, k in personal.items())
        notes.append(t("import.notes.personal", columns=shown))
    missing = info.get("missing_codes") or {}
    if missing:
        shown = "; ".join(f"{c} : {', '.join(v)}" for c, v in list(missing.items())[:6])
        notes.append(t("import.notes.missing_codes", columns=shown))
    if info.get("text_repairs"):
        before, after = next(iter((info.get("repair_examples") or {"": ""}).items()))
        notes.append(t("import.notes.repaired", count=info["text_repairs"], found=before,
                       expected=after))
    for cell in info.get("mangled_cells") or []:
        notes.append(t("import.notes.mangled", row=cell["row"], column=cell["column"],
                       found=cell["text"]))
    return notes
