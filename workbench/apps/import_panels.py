"""What the import app shows about one file: the inspection (a dry run of the real importer,
nothing written) and its panels — what was recognised, the mapping, the problems in row order
(grouped when the same problem repeats), a re-export explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.apps.display import escape, html_table, message_html
from workbench.errors import ImportProblem, Problem
from workbench.framework import Framework
from workbench.i18n import t
from workbench.ingest import ImportReport, import_file
from workbench.ingest.dispatch import TABLE_SUFFIXES, classify, folder_files, outcome
from workbench.ingest.mapping_draft import MappingDraft, build_draft
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.sources import describe, read_raw
from workbench.sources.sniff import reading_notes
from workbench.store import Store

DELIMITER_KEYS = {";": "import.app.delimiter_semicolon", ",": "import.app.delimiter_comma",
                  "\t": "import.app.delimiter_tab"}


@dataclass
class Inspection:
    """What the app shows about one file before importing it."""

    path: Path
    detected: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None
    mapping_path: Path | None = None
    mapping_text: str | None = None
    draft: MappingDraft | None = None
    unmapped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    report: ImportReport | None = None

    @property
    def ready(self) -> bool:
        """True when the file can be imported (checked, no problem, not already imported)."""
        return (self.report is not None and not self.problems
                and not self.report.already_imported)


def raw_files(folders: list[Path]) -> list[Path]:
    """Files an import may concern in ``folders`` (no mapping, hidden or lock files)."""
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            found += [p for p in folder_files(folder) if p.suffix.lower() != ".md"]
    return found


def inspect_import(path: Path, *, store: Store, framework: Framework,
                   pseudonymiser: Pseudonymiser, wave: str | None = None,
                   answers: dict[str, str] | None = None,
                   extra_names: list[str] | None = None) -> Inspection:
    """Describe ``path``, find its kind and mapping (or draft one), and validate it with a dry
    run of the importer (nothing is written). Problems are collected, never raised."""
    found = Inspection(path=path)
    if path.suffix.lower() in TABLE_SUFFIXES:
        try:
            found.detected = describe(path)
        except ImportProblem as exc:
            found.problems += exc.problems
    if not found.problems:
        try:
            found.kind, mapping = classify(path, framework)
            if mapping is not None and mapping.path is not None:
                found.mapping_path = mapping.path
                found.mapping_text = mapping.path.read_text(encoding="utf-8-sig")
        except ImportProblem as exc:
            found.problems += exc.problems
    if found.kind in ("questionnaire", None) and found.mapping_path is None and found.detected:
        # a questionnaire without mapping, or a plain table nothing else recognises
        found.draft = build_draft(read_raw(path), framework)
    if not found.problems:
        try:
            found.report = import_file(path, wave=wave, store=store, framework=framework,
                                       pseudonymiser=pseudonymiser, dry_run=True,
                                       answers=answers, extra_names=extra_names)
            found.unmapped = list(found.report.unmapped_columns)
        except ImportProblem as exc:
            found.problems += exc.problems
    return found


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """One row per problem, in row order, with French headings (the widget escapes cells)."""
    columns = ["file", "row", "column", "expected", "found", "message"]
    ordered = sorted(problems, key=lambda p: (p.row is not None, p.row or 0))
    return pd.DataFrame(
        [[getattr(p, c) if getattr(p, c) is not None else "" for c in columns] for p in ordered],
        columns=[t(f"import.app.col.{c}") for c in columns],
    )


def _rows_text(rows: list[int]) -> str:
    """``[3, 4, 5, 9]`` → ``"3–5, 9"``."""
    parts, start, last = [], None, None
    for row in sorted(set(rows)):
        if start is None:
            start = last = row
        elif row == last + 1:
            last = row
        else:
            parts.append(f"{start}–{last}" if last != start else str(start))
            start = last = row
    if start is not None:
        parts.append(f"{start}–{last}" if last != start else str(start))
    return ", ".join(parts)


def grouped_problems(problems: list[Problem]) -> pd.DataFrame:
    """The problems in row order, one line per kind of problem (same key, column, expected and
    found) with the rows where it occurs and how many times."""
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.key, problem.column, problem.expected, problem.found),
                          []).append(problem)
    ordered = sorted(groups.values(), key=lambda g: min(
        (p.row for p in g if p.row is not None), default=0))
    records = []
    for group in ordered:
        first = group[0]
        rows = [p.row for p in group if p.row is not None]
        records.append([_rows_text(rows), first.column or "", first.expected or "",
                        first.found or "", len(group), first.message])
    headings = ["rows", "column", "expected", "found", "count", "message"]
    return pd.DataFrame(records, columns=[t(f"import.app.col.{c}") for c in headings])


def detected_html(found: Inspection) -> str:
    info, report = found.detected, found.report
    rows: list[tuple[str, Any]] = [(t("import.app.kind"), found.kind or "?")]
    if info:
        delimiter = DELIMITER_KEYS.get(info.get("delimiter") or "")
        rows += [
            (t("import.app.format"), info.get("format")),
            (t("import.app.encoding"), info.get("encoding") or "–"),
            (t("import.app.delimiter"), t(delimiter) if delimiter else "–"),
            (t("import.app.header_rows"), info.get("header_rows")),
            (t("import.app.responses"), info.get("n_responses")),
        ]
    if report is not None and report.wave:
        rows.append((t("import.app.wave"), report.wave))
    if report is not None and report.detected.get("identity"):
        rows.append((t("import.app.identity"), report.detected["identity"]))
    notes = reading_notes(info) if info else []
    frame = pd.DataFrame(rows, columns=["", " "])
    listed = "".join(f"<li>{escape(n)}</li>" for n in notes)
    return html_table(frame, caption=t("import.app.detected")) + (
        f"<ul class='wb-note'>{listed}</ul>" if listed else "")


def mapping_html(found: Inspection) -> str:
    parts = [f"<h3>{escape(t('import.app.mapping'))}</h3>"]
    if found.mapping_text is not None and found.mapping_path is not None:
        parts.append(f"<p><code>{escape(found.mapping_path.name)}</code></p>"
                     f"<pre>{escape(found.mapping_text)}</pre>")
        text = (t("import.app.unmapped", columns=", ".join(found.unmapped))
                if found.unmapped else t("import.app.all_mapped"))
        parts.append(f"<p class='wb-note'>{escape(text)}</p>")
    elif found.draft is not None:
        draft = found.draft
        parts.append(message_html(t("import.app.no_mapping_form", file=found.path.name,
                                    matched=len(draft.matched), uncertain=len(draft.uncertain),
                                    new=len(draft.new_items))))
    else:
        parts.append(message_html(t("import.app.no_mapping_needed")))
    return "".join(parts)


def problems_html(found: Inspection) -> str:
    title = f"<h3>{escape(t('import.app.problems'))}</h3>"
    if found.problems:
        note = message_html(t("import.app.problem_count", count=len(found.problems)),
                            kind="error")
        return title + note + html_table(grouped_problems(found.problems))
    report = found.report
    if report is not None and report.already_imported:
        return title + message_html(t("import.app.already"))
    if report is None:
        return title
    parts = [title]
    for warning in report.warnings:
        parts.append(message_html(warning.message))
    if report.detected.get("reexport_of"):
        known = report.rows_rejected - sum(
            v for k, v in report.rejected_reasons.items() if k == t("import.unfinished"))
        parts.append(message_html(t("import.app.reexport",
                                    files=", ".join(report.detected["reexport_of"]),
                                    known=known, new=report.rows_imported)))
    if outcome(report) == "no_answers":
        parts.append(message_html(t("import.outcome.no_answers_check"), kind="error"))
    parts.append(message_html(t("import.app.no_problem", rows=report.rows_imported,
                                answers=report.table_rows.get("responses", 0))))
    return "".join(parts)
