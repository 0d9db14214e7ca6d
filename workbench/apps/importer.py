"""Import one export from a notebook (01-import): choose a file under ``data/raw/`` (or the
demo's raw folder), see what was detected, the mapping and the unused columns, the problems found
(a table: file, row, column, expected, found, message), then confirm the import.

Checking is a dry run of the same importer (``import_file(..., dry_run=True)``); the confirm
button imports for real, with a progress bar fed by the importer's ``progress`` callback.

>>> from workbench.apps.importer import ImportApp
>>> ImportApp()        # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import (
    TABLE_STYLE,
    escape,
    html_table,
    in_language,
    message_html,
    speaks,
)
from workbench.config import Paths
from workbench.errors import ImportProblem, Problem
from workbench.framework import Framework, load_framework
from workbench.i18n import t
from workbench.ingest import ImportReport, import_file
from workbench.ingest.dispatch import TABLE_SUFFIXES, classify, folder_files
from workbench.ingest.mapping import mapping_candidates
from workbench.ingest.mapping_draft import draft_mapping
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.sources import describe, read_raw
from workbench.store import Store

DELIMITER_NAMES = {";": "point-virgule (;)", ",": "virgule (,)", "\t": "tabulation"}


@dataclass
class Inspection:
    """What the app shows about one file before importing it."""

    path: Path
    detected: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None
    mapping_path: Path | None = None
    mapping_text: str | None = None
    draft: str | None = None
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
                   pseudonymiser: Pseudonymiser, wave: str | None = None) -> Inspection:
    """Describe ``path``, find its kind and mapping, and validate it (a dry run: nothing is
    written). Problems are collected, never raised."""
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
    if found.kind == "questionnaire" and found.mapping_path is None and found.detected:
        found.draft = draft_mapping(read_raw(path), framework)
    if not found.problems:
        try:
            found.report = import_file(path, wave=wave, store=store, framework=framework,
                                       pseudonymiser=pseudonymiser, dry_run=True)
            found.unmapped = list(found.report.unmapped_columns)
        except ImportProblem as exc:
            found.problems += exc.problems
    return found


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """One row per problem with French headings (the widget escapes every cell)."""
    columns = ["file", "row", "column", "expected", "found", "message"]
    return pd.DataFrame(
        [[getattr(p, c) if getattr(p, c) is not None else "" for c in columns] for p in problems],
        columns=[t(f"import.app.col.{c}") for c in columns],
    )


class ImportApp(widgets.VBox):
    """Choose, check, then import one raw export (see the module docstring)."""

    @speaks
    def __init__(self, files: list[Path] | None = None, *, paths: Paths | None = None,
                 store: Store | None = None, framework: Framework | None = None,
                 pseudonymiser: Pseudonymiser | None = None) -> None:
        self.paths = paths or Paths.default()
        self.store = store or Store(self.paths.store)
        self.framework = framework or load_framework()
        self.pseudonymiser = pseudonymiser or Pseudonymiser()
        folders = [self.paths.raw, self.paths.demo_raw]
        self.files = raw_files(folders) if files is None else list(files)
        self.inspection: Inspection | None = None
        self.last_report: ImportReport | None = None
        choices = [(t("import.app.choose"), None), *[(self._label(p), p) for p in self.files]]
        self._file = widgets.Dropdown(options=choices, value=None,
                                      description=t("import.app.file"),
                                      layout=widgets.Layout(width="520px"))
        self._check = widgets.Button(description=t("import.app.check"), icon="refresh")
        self._confirm = widgets.Button(description=t("import.app.confirm"), icon="upload",
                                       button_style="primary", disabled=True)
        self._progress = widgets.IntProgress(value=0, min=0, max=100,
                                             layout=widgets.Layout(width="520px"))
        self._detected = widgets.HTML()
        self._mapping = widgets.HTML()
        self._problems = widgets.HTML()
        self._status = widgets.HTML()
        if not self.files:
            shown = ", ".join(str(f) for f in folders)
            self._status.value = message_html(t("import.app.no_files", folders=shown))
        self._file.observe(in_language(self._lang, lambda change: self.check()), names="value")
        self._check.on_click(in_language(self._lang, lambda _: self.check()))
        self._confirm.on_click(in_language(self._lang, lambda _: self.confirm()))
        super().__init__(children=[
            widgets.HTML(f"{TABLE_STYLE}<h2>{escape(t('import.app.title'))}</h2>"),
            widgets.HBox([self._file, self._check]), self._detected, self._mapping,
            self._problems, widgets.HBox([self._confirm, self._progress]), self._status,
        ])

    def _label(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.paths.data))
        except ValueError:
            return path.name

    # -- actions --------------------------------------------------------------------------------
    def select(self, path: Path | str) -> None:
        """Choose ``path`` (as a person would in the list); the file is checked at once."""
        self._file.value = Path(path)

    def check(self) -> Inspection | None:
        """Inspect and validate the chosen file; fill the panels; enable the import button."""
        self._progress.value = 0
        self._status.value = ""
        path = self._file.value
        if path is None:
            self.inspection = None
            self._detected.value = self._mapping.value = self._problems.value = ""
            self._confirm.disabled = True
            return None
        self.inspection = inspect_import(path, store=self.store, framework=self.framework,
                                         pseudonymiser=self.pseudonymiser)
        self._detected.value = self._detected_html(self.inspection)
        self._mapping.value = self._mapping_html(self.inspection)
        self._problems.value = self._problems_html(self.inspection)
        self._confirm.disabled = not self.inspection.ready
        return self.inspection

    def confirm(self) -> ImportReport | None:
        """Import the checked file for real (one transaction); the bar follows the rows."""
        if self.inspection is None or not self.inspection.ready:
            return None
        self._confirm.disabled = True

        def progress(done: int, total: int) -> None:
            self._progress.value = int(100 * done / total) if total else 100

        try:
            report = import_file(self.inspection.path, store=self.store,
                                 framework=self.framework, pseudonymiser=self.pseudonymiser,
                                 progress=progress)
        except ImportProblem as exc:
            self._status.value = message_html(t("import.app.failed", message=exc.message),
                                              kind="error")
            self.inspection.problems = list(exc.problems)
            self._problems.value = self._problems_html(self.inspection)
            return None
        self._progress.value = 100
        self.last_report = report
        self._status.value = message_html(t("import.app.done", rows=report.rows_imported,
                                            file=report.file))
        return report

    # -- panels ---------------------------------------------------------------------------------
    @staticmethod
    def _detected_html(found: Inspection) -> str:
        info, report = found.detected, found.report
        rows = [(t("import.app.kind"), found.kind or "?")]
        if info:
            rows += [
                (t("import.app.format"), info.get("format")),
                (t("import.app.encoding"), info.get("encoding") or "–"),
                (t("import.app.delimiter"), DELIMITER_NAMES.get(info.get("delimiter") or "",
                                                                "–")),
                (t("import.app.header_rows"), info.get("header_rows")),
                (t("import.app.responses"), info.get("n_responses")),
            ]
            if info.get("n_unfinished"):
                rows.append((t("import.app.unfinished"), info["n_unfinished"]))
        if report is not None and report.wave:
            rows.append((t("import.app.wave"), report.wave))
        frame = pd.DataFrame(rows, columns=["", " "])
        return html_table(frame, caption=t("import.app.detected"))

    @staticmethod
    def _mapping_html(found: Inspection) -> str:
        parts = [f"<h3>{escape(t('import.app.mapping'))}</h3>"]
        if found.mapping_text is not None and found.mapping_path is not None:
            parts.append(f"<p><code>{escape(found.mapping_path.name)}</code></p>"
                         f"<pre>{escape(found.mapping_text)}</pre>")
            text = (t("import.app.unmapped", columns=", ".join(found.unmapped))
                    if found.unmapped else t("import.app.all_mapped"))
            parts.append(f"<p class='wb-note'>{escape(text)}</p>")
        elif found.draft is not None:
            name = mapping_candidates(found.path)[-1].name
            parts.append(message_html(t("import.app.no_mapping", name=name,
                                        file=found.path.name)))
            parts.append(f"<pre>{escape(found.draft)}</pre>")
        else:
            parts.append(message_html(t("import.app.no_mapping_needed")))
        return "".join(parts)

    @staticmethod
    def _problems_html(found: Inspection) -> str:
        title = f"<h3>{escape(t('import.app.problems'))}</h3>"
        if found.problems:
            note = message_html(t("import.app.problem_count", count=len(found.problems)),
                                kind="error")
            return title + note + html_table(problems_table(found.problems))
        if found.report is not None and found.report.already_imported:
            return title + message_html(t("import.app.already"))
        rows = found.report.rows_imported if found.report is not None else 0
        return title + message_html(t("import.app.no_problem", rows=rows))

    # -- for tests and notebooks ----------------------------------------------------------------
    @property
    def html(self) -> str:
        """Everything the panels show, as one HTML string."""
        return "".join(w.value for w in (self._detected, self._mapping, self._problems,
                                         self._status))
