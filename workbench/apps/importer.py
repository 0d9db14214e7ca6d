"""Import one export from the browser (01-import), with no terminal and no YAML to type:

1. upload a file (it is saved in ``data/raw/``, never modified) or choose one already there;
2. see what was recognised (tool, encoding, separator, header, repeated names, personal data…);
3. for a questionnaire without mapping, review the proposed mapping in a form (column → item or
   new item, person key, group/QPV columns; uncertain matches to confirm) and save it: the app
   writes the mapping file for you;
4. answer what the file cannot tell (``questions_for``: a sign-in sheet's step…), add names to
   screen out of free text if any;
5. check (a dry run: problems in row order, grouped when repeated; a new export of a survey
   already imported is recognised and explained), then import in one transaction.

>>> from workbench.apps.importer import ImportApp
>>> ImportApp()        # doctest: +SKIP
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbench.apps.display import TABLE_STYLE, escape, in_language, message_html, speaks
from workbench.apps.import_panels import (
    Inspection,
    detected_html,
    inspect_import,
    mapping_html,
    problems_html,
    problems_table,
    raw_files,
)
from workbench.apps.mapping_form import MappingForm
from workbench.config import Paths
from workbench.errors import ImportProblem
from workbench.framework import Framework, add_items, load_framework
from workbench.i18n import t
from workbench.ingest import ImportReport, import_file
from workbench.ingest.dispatch import TABLE_SUFFIXES, outcome, questions_for
from workbench.ingest.mapping import load_mapping, mapping_candidates
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.store import Store

__all__ = ["ImportApp", "Inspection", "inspect_import", "problems_table", "raw_files"]
_UNSAFE_NAME = re.compile(r"[^\w.\- ()]+")


def save_upload(folder: Path, name: str, content: bytes) -> Path:
    """Write an uploaded file into ``folder`` (created if needed) under its own name, made
    safe; the same bytes already there are reused, a different file of that name is kept and
    the new one numbered (``export (2).csv``). Raw files are never overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    clean = _UNSAFE_NAME.sub("_", Path(name).name).strip(" .") or "export"
    target = folder / clean
    number = 2
    while target.exists() and target.read_bytes() != content:
        target = folder / f"{Path(clean).stem} ({number}){Path(clean).suffix}"
        number += 1
    if not target.exists():
        target.write_bytes(content)
    return target


class ImportApp(widgets.VBox):
    """Upload or choose, review the mapping, check, then import one raw export.

    ``controls`` holds the app's controls for notebooks and tests: ``upload``
    (``FileUpload``), ``file`` (the file list), ``wave``, ``extra_names`` (names to screen,
    one per line), ``check``, ``save_mapping``, ``add_items`` (the mapping's new items into
    the framework), ``confirm`` (import), ``progress``; the
    questions of the chosen file are in ``question_controls`` (key → widget) and the mapping
    form, when shown, in ``form`` (a ``MappingForm``).
    """

    @speaks
    def __init__(self, files: list[Path] | None = None, *, paths: Paths | None = None,
                 store: Store | None = None, framework: Framework | None = None,
                 pseudonymiser: Pseudonymiser | None = None) -> None:
        self.paths = paths or Paths.default()
        self.store = store or Store(self.paths.store)
        self.framework = framework or load_framework()
        self.pseudonymiser = pseudonymiser or Pseudonymiser()
        self.folders = [self.paths.raw, self.paths.demo_raw]
        self.files = raw_files(self.folders) if files is None else list(files)
        self.inspection: Inspection | None = None
        self.last_report: ImportReport | None = None
        self.form: MappingForm | None = None
        self.question_controls: dict[str, widgets.Widget] = {}
        waves = [(t("import.app.wave_from_file"), None), *[(w, w) for w in
                                                             self.framework.wave_ids]]
        accept = ",".join(sorted(TABLE_SUFFIXES | {".yml", ".yaml", ".json"}))
        self.controls: dict[str, Any] = {
            "upload": widgets.FileUpload(accept=accept, multiple=False,
                                         description=t("import.app.upload")),
            "file": widgets.Dropdown(options=self._choices(), value=None,
                                     description=t("import.app.file"),
                                     layout=widgets.Layout(width="520px", max_width="100%")),
            "wave": widgets.Dropdown(options=waves, value=None, description=t("import.app.wave")),
            "extra_names": widgets.Textarea(placeholder=t("import.app.extra_names_hint"),
                                            description=t("import.app.extra_names"),
                                            layout=widgets.Layout(width="520px", max_width="100%")),
            "check": widgets.Button(description=t("import.app.check"), icon="refresh"),
            "save_mapping": widgets.Button(description=t("import.app.save_mapping"),
                                           icon="save", disabled=True),
            "add_items": widgets.Button(description=t("import.app.add_items"), icon="plus",
                                        disabled=True),
            "confirm": widgets.Button(description=t("import.app.confirm"), icon="upload",
                                      button_style="primary", disabled=True),
            "progress": widgets.IntProgress(value=0, min=0, max=100,
                                            layout=widgets.Layout(width="520px", max_width="100%")),
        }
        self._detected = widgets.HTML()
        self._mapping = widgets.HTML()
        self._form_box = widgets.VBox()
        self._questions = widgets.VBox()
        self._problems = widgets.HTML()
        self._status = widgets.HTML()
        if not self.files:
            shown = ", ".join(str(f) for f in self.folders)
            self._status.value = message_html(t("import.app.no_files", folders=shown))
        c = self.controls
        c["upload"].observe(in_language(self._lang, lambda change: self._uploaded()),
                            names="value")
        c["file"].observe(in_language(self._lang, lambda change: self.check()), names="value")
        c["wave"].observe(in_language(self._lang, lambda change: self.check()), names="value")
        c["check"].on_click(in_language(self._lang, lambda _: self.check()))
        c["save_mapping"].on_click(in_language(self._lang, lambda _: self.save_mapping()))
        c["add_items"].on_click(in_language(self._lang, lambda _: self.add_new_items()))
        c["confirm"].on_click(in_language(self._lang, lambda _: self.confirm()))
        super().__init__(children=[
            widgets.HTML(f"{TABLE_STYLE}<h2>{escape(t('import.app.title'))}</h2>"
                         f"<p class='wb-note'>{escape(t('import.app.intro'))}</p>"),
            widgets.HBox([c["upload"], c["file"]]), widgets.HBox([c["wave"], c["check"]]),
            self._detected, self._mapping, self._form_box,
            widgets.HBox([c["save_mapping"], c["add_items"]]), self._questions,
            c["extra_names"], self._problems, widgets.HBox([c["confirm"], c["progress"]]),
            self._status,
        ])
        self.add_class("wb-app")   # buttons as wide as their text, rows wrap on a phone

    # -- files ----------------------------------------------------------------------------------
    def _label(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.paths.data))
        except ValueError:
            return path.name

    def _choices(self) -> list[tuple[str, Path | None]]:
        return [(t("import.app.choose"), None), *[(self._label(p), p) for p in self.files]]

    def _uploaded(self) -> None:
        for item in self.controls["upload"].value:
            self.upload(item["name"], bytes(item["content"]))

    def upload(self, name: str, content: bytes) -> Path:
        """Save an uploaded file into ``data/raw/`` and choose it (it is checked at once)."""
        path = save_upload(self.paths.raw, name, content)
        self.files = raw_files(self.folders)
        self.controls["file"].options = self._choices()
        self.select(path)
        return path

    def select(self, path: Path | str) -> None:
        """Choose ``path`` (as a person would in the list); the file is checked at once."""
        path = Path(path)
        if path not in self.files:
            self.files.append(path)
            self.controls["file"].options = self._choices()
        if self.controls["file"].value == path:
            self.check()
        else:
            self.controls["file"].value = path

    # -- actions --------------------------------------------------------------------------------
    def answers(self) -> dict[str, str]:
        """The answers given to the file's questions (empty ones left out)."""
        return {k: str(w.value) for k, w in self.question_controls.items()
                if w.value not in (None, "")}

    def extra_names(self) -> list[str]:
        text = self.controls["extra_names"].value
        return [n.strip() for n in re.split(r"[\n;,]+", text) if n.strip()]

    def check(self) -> Inspection | None:
        """Inspect and validate the chosen file (a dry run); fill the panels; enable what can
        be done next."""
        c = self.controls
        c["progress"].value = 0
        self._status.value = ""
        path = c["file"].value
        if path is None:
            self.inspection = self.form = None
            self._detected.value = self._mapping.value = self._problems.value = ""
            self._form_box.children, self._questions.children = (), ()
            c["confirm"].disabled = c["save_mapping"].disabled = True
            return None
        self._ask_questions(path)
        self.inspection = inspect_import(
            path, store=self.store, framework=self.framework, pseudonymiser=self.pseudonymiser,
            wave=c["wave"].value, answers=self.answers(), extra_names=self.extra_names())
        found = self.inspection
        self._detected.value = detected_html(found)
        self._mapping.value = mapping_html(found)
        self.form = MappingForm(found.draft, self.framework) if found.draft else None
        self._form_box.children = (self.form,) if self.form else ()
        c["save_mapping"].disabled = self.form is None
        self._problems.value = problems_html(found)
        pending = self._pending_items()
        c["add_items"].disabled = not pending
        if pending:
            self._mapping.value += message_html(t("import.app.items_pending",
                                                  count=len(pending)))
        c["confirm"].disabled = not found.ready
        return found

    def _pending_items(self) -> list[dict[str, Any]]:
        """The new items of the file's mapping that the framework does not hold yet."""
        found = self.inspection
        if found is None or found.mapping_path is None:
            return []
        try:
            mapping = load_mapping(found.mapping_path)
        except ImportProblem:
            return []
        known = {i.id for i in self.framework.items}
        return [{"id": n.id, "instrument": [mapping.instrument], "scale": n.scale,
                 "lessons": n.lessons, "text_fr": n.text_fr, "text_en": n.text_en or n.text_fr}
                for n in mapping.new_items.values() if n.id not in known]

    def add_new_items(self) -> list[str]:
        """Add the mapping's new items (with their lessons and scales) to the project's
        framework file, then check the file again."""
        pending = self._pending_items()
        if not pending or self.inspection is None or self.inspection.mapping_path is None:
            return []
        mapping = load_mapping(self.inspection.mapping_path)
        needed = {item["scale"] for item in pending}
        scales = {k: v.model_dump() for k, v in mapping.new_scales.items() if k in needed}
        added = add_items(pending, scales, self.paths)
        self.framework = load_framework(self.paths.framework)
        self.check()
        self._status.value = message_html(t("import.app.items_added", items=", ".join(added)))
        return added

    def _ask_questions(self, path: Path) -> None:
        previous = self.answers()
        try:
            questions = questions_for(path, framework=self.framework, store=self.store)
        except ImportProblem:
            questions = []
        self.question_controls = {}
        rows = []
        for question in questions:
            if question.choices:
                control: widgets.Widget = widgets.Dropdown(
                    options=[(t("import.app.choose"), None), *question.choices],
                    value=previous.get(question.key), description=question.label,
                    style={"description_width": "initial"})
            else:
                control = widgets.Text(value=previous.get(question.key, ""),
                                       description=question.label,
                                       style={"description_width": "initial"})
            control.observe(in_language(self._lang, lambda change: self.check()), names="value")
            self.question_controls[question.key] = control
            rows += [control] + ([widgets.HTML(f"<small>{escape(question.reason)}</small>")]
                                 if question.reason else [])
        self._questions.children = tuple(rows)

    def save_mapping(self) -> Path | None:
        """Write the form's mapping as the file's mapping (``<prefix>.mapping.yml`` beside
        it), then check the file again with it."""
        if self.form is None or self.inspection is None:
            return None
        target = mapping_candidates(self.inspection.path)[-1]
        target.write_text(self.form.yaml, encoding="utf-8")
        self.check()
        self._status.value = message_html(t("import.app.mapping_saved", file=target.name))
        return target

    def confirm(self) -> ImportReport | None:
        """Import the checked file for real (one transaction); the bar follows the rows."""
        if self.inspection is None or not self.inspection.ready:
            return None
        bar = self.controls["progress"]
        self.controls["confirm"].disabled = True

        def progress(done: int, total: int) -> None:
            bar.value = int(100 * done / total) if total else 100

        try:
            report = import_file(self.inspection.path, store=self.store,
                                 framework=self.framework, pseudonymiser=self.pseudonymiser,
                                 progress=progress, wave=self.controls["wave"].value,
                                 answers=self.answers(), extra_names=self.extra_names())
        except ImportProblem as exc:
            self._status.value = message_html(t("import.app.failed", message=exc.message),
                                              kind="error")
            self.inspection.problems = list(exc.problems)
            self._problems.value = problems_html(self.inspection)
            return None
        bar.value = 100
        self.last_report = report
        result = outcome(report)
        key = {"no_answers": "import.app.done_no_answers",
               "nothing_new": "import.app.done_nothing_new"}.get(result, "import.app.done")
        self._status.value = message_html(
            t(key, rows=report.rows_imported, file=report.file,
              answers=report.table_rows.get("responses", 0)),
            kind="error" if result == "no_answers" else "note")
        summary = (report.detected or {}).get("summary") or []
        if summary:   # what a sign-in sheet gave: presences, registrations, remembered answers
            self._status.value += "<ul class='wb-note'>" + "".join(
                f"<li>{escape(line)}</li>" for line in summary) + "</ul>"
        return report

    # -- for tests and notebooks ----------------------------------------------------------------
    @property
    def status(self) -> str:
        """The last message (HTML)."""
        return self._status.value

    @property
    def html(self) -> str:
        """Everything the panels show, as one HTML string."""
        return "".join(w.value for w in (self._detected, self._mapping, self._problems,
                                         self._status))
