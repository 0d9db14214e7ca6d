"""The import dispatcher: one file (``import_file``) or a folder (``import_folder``).

The kind of a file (questionnaire, attendance, relational, verbatims, pathway) comes from
``kind=``, else from its mapping's instrument, else from the file name's prefix when it is a
framework instrument id (``emargement_S2_2023-03-09.xlsx`` → ``emargement`` → attendance), else from
its content. Each file is hashed once (its ``ImportContext``) and handed to its kind's importer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from workbench.errors import ImportProblem
from workbench.framework import Framework, load_framework
from workbench.ingest import attendance, pathways, questionnaire, relational, verbatims
from workbench.ingest._workshop_common import refuse_scan
from workbench.ingest.context import (
    ImportContext,
    ImportQuestion,
    ImportReport,
    Progress,
    file_sha256,
)
from workbench.ingest.mapping import Mapping, resolve_mapping
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.sources import detect, read_grid
from workbench.sources.grid import EXCEL_SUFFIXES, SPSS_SUFFIXES, TEXT_SUFFIXES
from workbench.sources.problems import fail
from workbench.sources.spreadsheet import matches_signin
from workbench.store import Store

KINDS = ("attendance", "questionnaire", "relational", "verbatims", "pathway")
# kind → the importer that takes an ImportContext
IMPORTERS: dict[str, Callable[[ImportContext], ImportReport]] = {
    "questionnaire": questionnaire.run,
    "attendance": attendance.run,
    "relational": relational.run,
    "verbatims": verbatims.run,
    "pathway": pathways.run,
}
# content tests of the workshop kinds, in the order they are tried
MATCHERS: dict[str, Callable[[Path], bool]] = {
    "attendance": attendance.matches,  # a list of people on any sheet, or in a Word table
    "relational": relational.matches,
    "verbatims": verbatims.matches,
    "pathway": pathways.matches,
}
# questions of the kinds that may need answers the file cannot give (step, QPV…)
QUESTIONS: dict[str, Callable[[ImportContext], list[ImportQuestion]]] = {
    "attendance": attendance.questions_of,
    "verbatims": verbatims.questions_of,
}
TABLE_SUFFIXES = TEXT_SUFFIXES | EXCEL_SUFFIXES | SPSS_SUFFIXES | {".xls"}
OTHER_SUFFIXES = {".json", ".yml", ".yaml", ".md", ".docx"}
# formats that are questionnaire exports whatever their columns
QUESTIONNAIRE_FORMATS = ("limesurvey", "kobo", "google_forms", "ms_forms", "framaforms")


def detect_kind(path: Path, framework: Framework, mapping: Mapping | None = None) -> str | None:
    """The kind of ``path`` (see the module docstring), ``None`` when nothing tells."""
    kinds = {i.id: i.kind for i in framework.instruments}
    if mapping is not None:
        return kinds.get(mapping.instrument, "questionnaire")
    prefix = path.stem.split("_", 1)[0]
    if prefix in kinds:
        return kinds[prefix]
    if path.suffix.lower() in TABLE_SUFFIXES:
        grid = read_grid(path)
        if matches_signin(grid):
            return "attendance"
    for kind, matches in MATCHERS.items():
        if matches(path):
            return kind
    if path.suffix.lower() in TABLE_SUFFIXES and detect(path).format in QUESTIONNAIRE_FORMATS:
        return "questionnaire"
    return None


def classify(
    path: Path,
    framework: Framework,
    *,
    kind: str | None = None,
    mapping: str | Path | Mapping | None = None,
) -> tuple[str | None, Mapping | None]:
    """The file's kind and, for a questionnaire, its loaded mapping.

    Order: ``kind``, an explicit mapping, a non-questionnaire instrument prefix in the name, a
    mapping found next to the file, the content.
    """
    if kind is None and mapping is None:
        prefix_kind = _kind_of_instrument(framework, path.stem.split("_", 1)[0])
        if prefix_kind and prefix_kind != "questionnaire":
            return prefix_kind, None
    resolved = resolve_mapping(path, mapping) if kind in (None, "questionnaire") else None
    return kind or detect_kind(path, framework, resolved), resolved


def questions_for(
    path: str | Path,
    *,
    kind: str | None = None,
    framework: Framework | None = None,
    store: Store | None = None,
    answers: dict[str, str] | None = None,
) -> list[ImportQuestion]:
    """What the user must still answer before ``path`` can be imported (nothing for most files):
    the import app asks these as choices, the command line takes them as options."""
    path = Path(path)
    unused_key = Pseudonymiser(secret=b"questions pseudonymise nobody: no key read" * 2)
    ctx = ImportContext.open(path, store=store, framework=framework, answers=answers,
                             pseudonymiser=unused_key)
    kind, _ = classify(path, ctx.framework, kind=kind)
    asker = QUESTIONS.get(kind or "")
    if asker is None:
        return []
    return [q for q in asker(ctx) if q.key not in ctx.answers]


def import_file(
    path: str | Path,
    *,
    wave: str | None = None,
    mapping: str | Path | Mapping | None = None,
    kind: str | None = None,
    store: Store | None = None,
    framework: Framework | None = None,
    pseudonymiser: Pseudonymiser | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    extra_names: list[str] | None = None,
    answers: dict[str, str] | None = None,
    names_file: str | Path | None = None,
    skip_unreadable_names: bool = False,
) -> ImportReport:
    """Validate then import one raw file in one transaction (nothing written on any problem).

    Importing a file already in the store (same sha256) returns ``already_imported=True``.
    ``extra_names``: names to screen out of free text besides those of the sign-in sheets
    (``names_file``: a list of them, one per line); ``skip_unreadable_names``: import verbatims
    even when a sign-in sheet beside them cannot be read (by default nothing is imported);
    ``answers``: the user's answers to the file's ``questions_for``.
    """
    path = Path(path)
    if not path.is_file():
        raise fail("file_not_found", path.name, found=str(path))
    refuse_scan(path)  # a PDF or a photo of a sheet must be typed first
    ctx = ImportContext.open(path, store=store, framework=framework, pseudonymiser=pseudonymiser,
                             wave=wave, dry_run=dry_run, progress=progress,
                             extra_names=extra_names, answers=answers, names_file=names_file,
                             skip_unreadable_names=skip_unreadable_names or None)
    report = ctx.begin(kind or "unknown")
    if report.already_imported:
        report.kind = kind or _kind_of_instrument(ctx.framework, report.instrument) or report.kind
        return report
    kind, resolved = classify(path, ctx.framework, kind=kind, mapping=mapping)
    if kind is None:
        raise fail("kind_unknown", path.name, expected=", ".join(KINDS))
    importer = IMPORTERS.get(kind)
    if importer is None:
        raise fail("importer_missing", path.name, found=kind, expected=", ".join(sorted(IMPORTERS)))
    ctx.mapping = resolved if kind == "questionnaire" else mapping
    try:
        return importer(ctx)
    except ImportProblem:
        # on a shared store, another evaluator may have imported this very file meanwhile:
        # its rows then clash with the file's own; say "already imported", not "duplicates"
        report = ctx.begin(kind)
        if report.already_imported:
            return report
        raise


def _kind_of_instrument(framework: Framework, instrument: str | None) -> str | None:
    return next((i.kind for i in framework.instruments if i.id == instrument), None)


def folder_files(folder: Path) -> list[Path]:
    """Files of ``folder`` an import may concern (no mapping files, no hidden or lock files)."""
    files = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        name = path.name.lower()
        if not path.is_file() or name.startswith((".", "~$")):
            continue
        if name.endswith((".mapping.yml", ".mapping.yaml")):
            continue
        if path.suffix.lower() in TABLE_SUFFIXES | OTHER_SUFFIXES:
            files.append(path)
    return files


def import_folder(
    folder: str | Path,
    *,
    wave: str | None = None,
    store: Store | None = None,
    framework: Framework | None = None,
    pseudonymiser: Pseudonymiser | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    on_error: Literal["raise", "collect"] = "raise",
) -> list[ImportReport]:
    """Import every supported file of ``folder``: sign-in sheets first, then questionnaires,
    then the other kinds, each group in file-name order. Each file is its own transaction.

    With ``on_error="collect"`` a failing file gives a report whose ``warnings`` hold its
    problems (``detected["failed"] = True``) and the next files are still imported.
    """
    folder = Path(folder)
    store = store if store is not None else Store()
    framework = framework if framework is not None else load_framework()
    pseudonymiser = pseudonymiser if pseudonymiser is not None else Pseudonymiser()
    planned: list[tuple[int, str, Path, str]] = []
    reports: list[ImportReport] = []
    for path in folder_files(folder):
        try:
            kind, _ = classify(path, framework)
        except ImportProblem as exc:
            if on_error == "raise":
                raise
            reports.append(_failed_report(path, "unknown", exc))
            continue
        if kind is None:
            if path.suffix.lower() in OTHER_SUFFIXES:
                continue  # notes and settings, not data
            problem = fail("kind_unknown", path.name, expected=", ".join(KINDS))
            if on_error == "raise":
                raise problem
            reports.append(_failed_report(path, "unknown", problem))
            continue
        order = KINDS.index(kind) if kind in KINDS else len(KINDS)
        planned.append((order, path.name, path, kind))
    for _, _, path, kind in sorted(planned, key=lambda p: (p[0], p[1])):
        try:
            reports.append(import_file(
                path, wave=wave, kind=kind, store=store, framework=framework,
                pseudonymiser=pseudonymiser, dry_run=dry_run, progress=progress,
            ))
        except ImportProblem as exc:
            if on_error == "raise":
                raise
            reports.append(_failed_report(path, kind, exc))
    return reports


def outcome(report: ImportReport) -> str:
    """What an import amounts to, for its message: ``failed``, ``already`` (the file is in the
    store), ``nothing_new`` (every row was already there or set aside), ``no_answers``
    (respondents stored but not one answer: the mapping sends no column to an item),
    ``checked`` (a dry run without problem) or ``imported``."""
    if report.detected.get("failed"):
        return "failed"
    if report.already_imported:
        return "already"
    if report.rows_imported == 0 and report.rows_read:
        return "nothing_new"
    if (report.kind == "questionnaire" and report.rows_imported
            and not report.table_rows.get("responses")):
        return "no_answers"
    return "checked" if report.dry_run else "imported"


def _failed_report(path: Path, kind: str, exc: ImportProblem) -> ImportReport:
    report = ImportReport(file=path.name, sha256=file_sha256(path), kind=kind)
    report.warnings = list(exc.problems)
    report.detected["failed"] = True
    return report
