"""Shared pieces of every importer: the report, the registry, hashing, the one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.errors import Problem
from workbench.store import Store


@dataclass
class ImportReport:
    """What an import did (or would do, with ``dry_run``): shown by the CLI and the notebook."""

    file: str
    sha256: str
    kind: str
    format: str = "unknown"
    instrument: str | None = None
    wave: str | None = None
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    rejected_reasons: dict[str, int] = field(default_factory=dict)
    unmapped_columns: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    detected: dict[str, Any] = field(default_factory=dict)
    already_imported: bool = False
    dry_run: bool = False
    source_id: int | None = None
    table_rows: dict[str, int] = field(default_factory=dict)


# kind -> importer(path, *, store, framework, pseudonymiser, wave, mapping, dry_run, progress)
Importer = Callable[..., ImportReport]
IMPORTERS: dict[str, Importer] = {}


def register_importer(kind: str) -> Callable[[Importer], Importer]:
    """Decorator: make ``fn`` the importer for ``kind``."""

    def decorate(fn: Importer) -> Importer:
        IMPORTERS[kind] = fn
        return fn

    return decorate


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_import(
    store: Store,
    report: ImportReport,
    tables: dict[str, pd.DataFrame],
    *,
    mapping_sha256: str | None = None,
    replace_keys: dict[str, list[str]] | None = None,
) -> ImportReport:
    """Write ``tables`` (store table → rows without ``source_id``) and the source row in ONE
    transaction. Nothing is written when ``report.dry_run`` or the file was already imported.

    ``replace_keys`` (table → key columns) lets an importer upsert rows it owns (e.g. ``people``).
    """
    if report.dry_run or report.already_imported:
        report.table_rows = {t: len(f) for t, f in tables.items()}
        return report
    store.initialise()
    with store.transaction() as con:
        source_id = store.add_source(
            con,
            path=report.file,
            sha256=report.sha256,
            format=report.format,
            instrument=report.instrument or report.kind,
            wave=report.wave,
            rows=report.rows_imported,
            rejected=report.rows_rejected,
            mapping_sha256=mapping_sha256,
        )
        for table, frame in tables.items():
            frame = frame.assign(source_id=source_id)
            keys = (replace_keys or {}).get(table)
            if keys:
                placeholders = " AND ".join(f"{k} = ?" for k in keys)
                con.executemany(
                    f"DELETE FROM {table} WHERE {placeholders}",
                    frame[keys].astype(object).itertuples(index=False, name=None),
                )
            store.insert_frame(con, table, frame)
        report.source_id = source_id
    report.table_rows = {t: len(f) for t, f in tables.items()}
    return report
