"""Where the evaluation stands (00-accueil): what is imported, coded and read by the committee,
wave by wave, what is missing before the next COPIL, and the notebook to open next.

``evaluation_cycle(store, fw)`` reads the store and returns a ``Cycle`` (plain frames and French
sentences, testable without a widget); ``CycleOverview`` shows it and reads the store again
after every write made in this kernel, or when « Mettre à jour » is clicked (imports made in
another notebook or on the command line).

>>> CycleOverview.from_store()        # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import (
    TABLE_STYLE,
    Debounced,
    FrenchTable,
    escape,
    guarded,
    in_language,
    speaks,
)
from workbench.framework import Framework, load_framework
from workbench.i18n import name_of, resolve_language, t
from workbench.store import Store

# the notebooks, in reading order: file, i18n key of its title
NOTEBOOKS = {
    "import": ("01-import.ipynb", "cycle.notebook.import"),
    "explore": ("02-explore.ipynb", "cycle.notebook.explore"),
    "code": ("03-code-verbatims.ipynb", "cycle.notebook.code"),
    "cooperation": ("04-cooperation.ipynb", "cycle.notebook.cooperation"),
    "pathways": ("05-pathways.ipynb", "cycle.notebook.pathways"),
}


@dataclass
class Task:
    """One thing to do before the next COPIL, and where to do it (``NOTEBOOKS`` key, or
    ``dashboard`` for the committee's reading)."""

    text: str
    where: str


@dataclass
class Cycle:
    """The state of the evaluation: ``table`` (one row per stage, one column per wave), the
    whole-process ``process`` lines, the ``wave`` the next COPIL is about, its ``tasks``."""

    table: pd.DataFrame
    process: list[str]
    wave: str | None
    tasks: list[Task] = field(default_factory=list)

    @property
    def next_notebook(self) -> str:
        """The ``NOTEBOOKS`` key of the first task (« explore » when nothing is missing)."""
        for task in self.tasks:
            if task.where in NOTEBOOKS:
                return task.where
        return "explore"


def evaluation_cycle(store: Store, fw: Framework) -> Cycle:
    """Read the store and say, wave by wave, what is done and what is missing."""
    sources = store.read("sources")
    verbatims, codings = store.read("verbatims"), store.read("codings")
    readings = store.read("readings")
    waves = [w.id for w in sorted(fw.waves, key=lambda w: w.date)]
    questionnaires = [i for i in fw.instruments if i.kind == "questionnaire"]
    relational = [i for i in fw.instruments if i.kind == "relational"]
    lessons = [le.id for le in fw.lessons]
    lesson_of = {s.id: s.lesson for s in fw.indicators} | {le: le for le in lessons}

    def imported(instrument: str, wave: str) -> bool:
        return bool(((sources["instrument"].astype(str) == instrument)
                     & (sources["wave"].astype(str) == wave)).any())

    coders = (codings.groupby("verbatim_id")["coder"].nunique() if len(codings)
              else pd.Series(dtype=int))
    rows: dict[str, dict[str, str]] = {key: {} for key in (
        "questionnaires", "relational", "verbatims", "coded", "double", "readings")}
    missing: dict[str, list[Task]] = {w: [] for w in waves}
    has_data: dict[str, bool] = {}
    for wave in waves:
        got = [i for i in questionnaires if imported(i.id, wave)]
        lacking = [i for i in questionnaires if i not in got]
        rows["questionnaires"][wave] = t("cycle.of", done=len(got), total=len(questionnaires))
        missing[wave] += [Task(t("cycle.task.import", what=name_of(i), wave=wave), "import")
                          for i in lacking]
        net = [i for i in relational if imported(i.id, wave)]
        rows["relational"][wave] = t("table.yes") if net else t("table.no")
        missing[wave] += [Task(t("cycle.task.import", what=name_of(i), wave=wave), "import")
                          for i in relational if i not in net]
        ids = verbatims.loc[(verbatims["wave"].astype(str) == wave).to_numpy(), "verbatim_id"]
        count = coders.reindex(ids).fillna(0)
        coded, double = int((count >= 1).sum()), int((count >= 2).sum())
        rows["verbatims"][wave] = str(len(ids))
        rows["coded"][wave] = t("cycle.of", done=coded, total=len(ids)) if len(ids) else "–"
        rows["double"][wave] = t("cycle.of", done=double, total=len(ids)) if len(ids) else "–"
        if len(ids) > coded:
            missing[wave].append(Task(t("cycle.task.code", n=len(ids) - coded, wave=wave), "code"))
        if coded > double:
            missing[wave].append(Task(t("cycle.task.second_coder", n=coded - double, wave=wave),
                                      "code"))
        read = {lesson_of.get(s) for s in readings.loc[(readings["wave"].astype(str) == wave)
                                                       .to_numpy(), "subject"].astype(str)}
        read_lessons = [le for le in lessons if le in read]
        rows["readings"][wave] = t("cycle.of", done=len(read_lessons), total=len(lessons))
        unread = [le for le in lessons if le not in read]
        if unread:
            missing[wave].append(Task(t("cycle.task.read", lessons=", ".join(unread), wave=wave),
                                      "dashboard"))
        has_data[wave] = bool(got or net or len(ids))
    # the next COPIL reads the latest wave with data, until its cycle is complete; then the
    # following wave (its data to import) is the next one
    with_data = [w for w in waves if has_data[w]]
    if with_data and missing[with_data[-1]]:
        target: str | None = with_data[-1]
    else:
        later = waves[waves.index(with_data[-1]) + 1:] if with_data else waves
        target = later[0] if later else None
    tasks = list(missing.get(target, [])) if target else []
    process = _process_lines(store, fw)
    table = pd.DataFrame([{"stage": t(f"cycle.stage.{key}"), **values}
                          for key, values in rows.items()])
    return Cycle(table=table, process=process, wave=target, tasks=tasks)


def _process_lines(store: Store, fw: Framework) -> list[str]:
    """What covers the whole process rather than one wave: sign-in sheets, the pathway."""
    events, attendance = store.read("events"), store.read("attendance")
    changes, ratings = store.read("changes"), store.read("marker_ratings")
    attended = set(events.loc[events["event_id"].isin(set(attendance["event_id"])), "step_id"]
                   .dropna().astype(str))
    steps = [s.id for s in fw.steps]
    lines = [t("cycle.process.attendance", done=len([s for s in steps if s in attended]),
               total=len(steps))]
    if len(changes):
        periods = ", ".join(sorted(ratings["period"].dropna().astype(str).unique())) or "–"
        lines.append(t("cycle.process.pathway", changes=len(changes), periods=periods))
    else:
        lines.append(t("cycle.process.no_pathway"))
    return lines


class CycleOverview(widgets.VBox):
    """« Où en est l'évaluation ? » with the notebook to open next; follows the store."""

    @speaks
    def __init__(self, store: Store, fw: Framework) -> None:
        self._store, self._fw = store, fw
        self.errors: list[str] = []
        self._status = widgets.HTML()
        self._body = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self._next = widgets.Output()
        self._refresh = widgets.Button(description=t("cycle.refresh"), icon="refresh")
        self._refresh.on_click(in_language(self._lang, lambda _b: self.refresh()))
        self._later = Debounced(self._refresh_safe, 0.8)
        store.watch(self._on_write)
        super().__init__([self._status, self._body, self._next, self._refresh])
        self.add_class("wb-app")
        self.refresh()

    @classmethod
    def from_store(cls, path: str | Path | None = None, *, framework: Framework | None = None,
                   lang: str | None = None) -> CycleOverview:
        fw = framework or load_framework()
        return cls(Store(path), fw, lang=resolve_language(lang, fw.language))

    @property
    def controls(self) -> dict[str, widgets.Widget]:
        return {"refresh": self._refresh}

    def _on_write(self) -> None:
        if self.comm is not None:
            self._later.schedule()

    def _refresh_safe(self) -> None:
        guarded(self._status, self.errors, lang=self._lang)(self.refresh)()

    def refresh(self) -> None:
        """Read the store again and redraw."""
        self._status.value = ""
        self.cycle = evaluation_cycle(self._store, self._fw)
        cycle = self.cycle
        waves = [w for w in cycle.table.columns if w != "stage"]
        table = FrenchTable(cycle.table, caption=t("cycle.table_caption"),
                            labels={"stage": t("cycle.stage")} | {w: w for w in waves},
                            masked_column=None, reason_column=None)
        process = "".join(f"<li>{escape(line)}</li>" for line in cycle.process)
        if cycle.wave is None:
            todo = f"<p class='wb-note'>{escape(t('cycle.all_done'))}</p>"
        elif not cycle.tasks:
            todo = f"<p class='wb-note'>{escape(t('cycle.next_wave', wave=cycle.wave))}</p>"
        else:
            items = "".join(f"<li>{escape(task.text)} <span class='wb-note'>("
                            f"{escape(self._where(task.where))})</span></li>"
                            for task in cycle.tasks)
            todo = (f"<h4>{escape(t('cycle.before_copil', wave=cycle.wave))}</h4>"
                    f"<ul>{items}</ul>")
        stamp = dt.datetime.now().strftime("%H:%M")
        self._body.value = (f"{TABLE_STYLE}<h3>{escape(t('cycle.title'))}</h3>{table.bare_html}"
                            f"<ul>{process}</ul>{todo}<p class='wb-note'>"
                            f"{escape(t('cycle.read_at', time=stamp))}</p>")
        file, key = NOTEBOOKS[cycle.next_notebook]
        markdown = t("cycle.next_notebook", title=t(key), file=file)
        self._next.outputs = ({"output_type": "display_data", "metadata": {},
                               "data": {"text/markdown": markdown, "text/plain": markdown}},)

    def _where(self, where: str) -> str:
        if where in NOTEBOOKS:
            return t(NOTEBOOKS[where][1])
        return t("cycle.where.dashboard")

    @property
    def next_markdown(self) -> str:
        """The line naming (and linking) the notebook to open next, in Markdown."""
        return self._next.outputs[0]["data"]["text/markdown"] if self._next.outputs else ""

    @property
    def text(self) -> str:
        """What the page says, as plain text (tests)."""
        import html
        import re

        body = re.sub(r"<style>.*?</style>", "", self._body.value, flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", " ", body))


__all__ = ["NOTEBOOKS", "Cycle", "CycleOverview", "Task", "evaluation_cycle"]
