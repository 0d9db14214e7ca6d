"""What every importer shares: the context of one import (file hashed once, store, framework,
pseudonymiser, options), its report, and the one transaction that writes it.

>>> ctx = ImportContext.open("data/raw/emargement_S2.xlsx")        # doctest: +SKIP
>>> report = ctx.begin("attendance")        # already_imported when the store holds the file
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.config import user_name
from workbench.errors import Problem, StoreError
from workbench.framework import Framework, load_framework
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.store import Store

Progress = Callable[[int, int], Any]


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


@dataclass(frozen=True)
class ImportQuestion:
    """What a file cannot tell and the user must answer once (the step of a sign-in sheet, the
    QPV of a resident workshop…): asked as a choice in the import app, given on the command line
    as ``--<option>``, passed to the importer as ``answers[key]``."""

    key: str  # the answer's key, e.g. "step"
    label: str  # the question, in the UI language
    choices: tuple[tuple[str, str], ...] = ()  # (label, value); empty: free text
    option: str = ""  # the command-line option that answers it, e.g. "--step"
    reason: str = ""  # why it is asked (what the file lacks)


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class ImportContext:
    """One import of one file: everything an importer reads besides the file's content.

    ``options`` carries what only some importers take (``extra_names`` for the ones that screen
    names); ``answers`` the user's answers to the file's ``ImportQuestion``s. The file is hashed
    once, when the context is opened.
    """

    path: Path
    store: Store
    framework: Framework
    pseudonymiser: Pseudonymiser
    sha256: str
    wave: str | None = None
    mapping: Any = None
    dry_run: bool = False
    progress: Progress | None = None
    options: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        store: Store | None = None,
        framework: Framework | None = None,
        pseudonymiser: Pseudonymiser | None = None,
        wave: str | None = None,
        mapping: Any = None,
        dry_run: bool = False,
        progress: Progress | None = None,
        sha256: str | None = None,
        answers: dict[str, str] | None = None,
        **options: Any,
    ) -> ImportContext:
        """The context with the defaults filled in: the project's store, its framework, the
        pseudonymiser with its secret."""
        path = Path(path)
        return cls(
            path=path,
            store=store if store is not None else Store(),
            framework=framework if framework is not None else load_framework(),
            pseudonymiser=pseudonymiser if pseudonymiser is not None else Pseudonymiser(),
            sha256=sha256 or file_sha256(path),
            wave=wave, mapping=mapping, dry_run=dry_run, progress=progress,
            options={k: v for k, v in options.items() if v is not None},
            answers=dict(answers or {}),
        )

    def begin(self, kind: str, *, format: str | None = None,
              instrument: str | None = None) -> ImportReport:
        """The report of this import; ``already_imported`` when the store holds the file."""
        report = ImportReport(file=self.path.name, sha256=self.sha256, kind=kind,
                              dry_run=self.dry_run, instrument=instrument)
        if format:
            report.format = format
        existing = self.store.source_by_sha256(self.sha256)
        if existing:
            report.already_imported = True
            report.source_id = existing["source_id"]
            report.format = existing["format"]
            report.wave = existing["wave"]
            report.instrument = existing["instrument"]
        return report

    def instrument_of_kind(self, kind: str) -> str:
        """The framework's instrument of ``kind`` (the kind itself when none is declared)."""
        return next((i.id for i in self.framework.instruments if i.kind == kind), kind)

    def tell(self, done: int, total: int) -> None:
        """Report progress as ``progress(done, total)``."""
        if self.progress is not None:
            self.progress(done, total)

    def merge_people(self, people: pd.DataFrame) -> pd.DataFrame:
        """Rows for the ``people`` upsert: the new values, falling back to the stored ones where
        the new file says nothing (a questionnaire without organisation keeps the sign-in
        sheet's)."""
        if people.empty:
            return people
        people = people.drop_duplicates("person_id", keep="last").reset_index(drop=True)
        stored = self.store.read("people")
        if stored.empty:
            return people
        stored = stored.set_index("person_id")
        merged = people.copy()
        for column in ("group_id", "organisation", "qpv"):
            if column in merged.columns and column in stored.columns:
                previous = merged["person_id"].map(stored[column])
                merged[column] = merged[column].where(merged[column].notna(), previous)
        return merged

    def write(
        self,
        report: ImportReport,
        tables: dict[str, pd.DataFrame],
        *,
        mapping_sha256: str | None = None,
        replace_keys: dict[str, list[str]] | None = None,
    ) -> ImportReport:
        """Write ``tables`` (store table → rows without ``source_id``) and the source row in ONE
        transaction. Nothing is written for a dry run or a file already imported."""
        return write_import(self.store, report, tables, mapping_sha256=mapping_sha256,
                            replace_keys=replace_keys, imported_by=self.importer_id())

    def importer_id(self) -> str:
        """The pseudonymous id of who imports (``WORKBENCH_USER`` or the login name): a team's
        store keeps the author of each import, never the name."""
        return self.pseudonymiser.person_id(user_name())


def write_import(
    store: Store,
    report: ImportReport,
    tables: dict[str, pd.DataFrame],
    *,
    mapping_sha256: str | None = None,
    replace_keys: dict[str, list[str]] | None = None,
    imported_by: str | None = None,
) -> ImportReport:
    """Write a report's tables and source row in ONE store transaction (see
    ``ImportContext.write``); nothing is written for a dry run or a file already imported —
    also when another evaluator imported the same file meanwhile (``already_imported``)."""
    report.table_rows = {t: len(f) for t, f in tables.items()}
    if report.dry_run or report.already_imported:
        return report
    source = {"path": report.file, "sha256": report.sha256, "format": report.format,
              "instrument": report.instrument or report.kind, "wave": report.wave,
              "rows": report.rows_imported, "rejected": report.rows_rejected,
              "mapping_sha256": mapping_sha256, "imported_by": imported_by}
    try:
        report.source_id = store.write_import(source, tables, replace_keys=replace_keys)
    except StoreError as exc:
        if exc.key != "store_source_exists":
            raise
        existing = store.source_by_sha256(report.sha256) or {}
        report.already_imported = True
        report.source_id = existing.get("source_id")
    return report
