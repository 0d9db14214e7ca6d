"""The COPIL dashboard: one French page, the seven-lessons barometer first, then one lesson in
detail, participation in the nine steps, the cooperation network, voices and change pathways.

Everything shown comes from the store's publication, read or built once (``from_store``: every
table masked together and audited); each section's frames and fixed figures are prepared once,
the first time one of its parts is shown (``copil.lessons``, ``copil.sections``): with
``fold_sections`` (the page ``from_store`` serves, and a meeting's phones) the sections after the
lesson wait behind one button and cost nothing until it is pressed — the page a committee member
opens is interactive sooner (``bench/dashboard_start.py``). A filter change
renders again only the parts that depend on the filters that changed, and keeps what it rendered
(a second visit to a choice is a dictionary look-up). Nothing here shows code or a traceback.

>>> from workbench.apps import CopilDashboard
>>> CopilDashboard.from_store()          # the notebook's last expression shows it
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench.apps.copil.lessons import LessonPanel, lesson_choices
from workbench.apps.copil.sections import (
    QUOTE_STYLE,
    NetworkPanel,
    Part,
    ParticipationPanel,
    PathwayPanel,
    VoicesPanel,
    scope_note,
)
from workbench.apps.display import (
    TABLE_STYLE,
    dropdown,
    escape,
    figure_bundle,
    guarded,
    in_language,
    message_html,
    speaks,
)
from workbench.apps.readings import ReadingPanel
from workbench.charts.style import empty_figure
from workbench.framework import Framework, Indicator, load_framework
from workbench.i18n import name_of, resolve_language, t
from workbench.indicators import ALL
from workbench.publication import Publication, publication_for
from workbench.store import Store

__all__ = ["CopilDashboard"]
CACHE_SIZE = 400  # rendered parts kept (a figure is a few tens of kB)
SECTIONS = {"participation": ParticipationPanel, "network": NetworkPanel,
            "voices": VoicesPanel, "pathways": PathwayPanel}
PAGE_STYLE = """<style>
.wb-filters{background:#ffffff;padding:6px 0;border-bottom:1px solid #d9d9d9}
.wb-copil h3{color:#003D66}
</style>"""


class CopilDashboard(widgets.VBox):
    """French dashboard for the steering committee (served by Voilà from ``copil.ipynb``)."""

    @speaks
    def __init__(self, pub: Publication, *, store: Store | None = None,
                 fold_sections: bool = False) -> None:
        framework = pub.fw
        self._fw, self._pub, self._cubes = framework, pub, pub.cubes
        self.errors: list[str] = []
        self.update_ms: float = 0.0
        self._batch = False
        self._status = widgets.HTML()
        self._guard = guarded(self._status, self.errors)
        self._qpv = dropdown(t("common.qpv"), [(t("common.all_qpv"), ALL)]
                              + [(q.name, q.id) for q in framework.territory.qpvs])
        self._group = dropdown(t("common.group"), [(t("common.all_groups"), ALL)]
                                + [(name_of(g), g.id) for g in framework.groups])
        self._wave = dropdown(t("common.wave"), [(name_of(w), w.id) for w in
                                                  sorted(framework.waves, key=lambda w: w.date)])
        self._wave.value = framework.wave_ids[-1]
        self._lesson = dropdown(t("common.lesson"), lesson_choices(framework))
        self._lesson.layout = widgets.Layout(width="640px", max_width="100%")
        self._lessons = self._panel(LessonPanel, pub)
        self._sections: dict[str, Any] = {}  # built when first shown (``_section``)
        self._parts = {p.name: p for p in self._define_parts()}
        # the committee's reading of the chosen lesson, saved at once (only with a real store)
        self._reading = (ReadingPanel(store, framework, wave=self._wave.value, lang=self._lang,
                                      subject=self._lesson.value) if store is not None else None)
        self._attached = widgets.VBox([])  # panels beside the lesson added by ``attach``
        self._cache: OrderedDict[tuple[str, tuple[str, ...]], Any] = OrderedDict()
        self._shown: dict[str, tuple[str, ...] | None] = {}
        for control in (self._qpv, self._group, self._wave, self._lesson):
            control.observe(in_language(self._lang, self._on_change), names="value")
        if self._reading is not None:
            self._lesson.observe(in_language(
                self._lang, lambda c: self._reading.set_subject(c["new"])), names="value")
            self._wave.observe(in_language(
                self._lang, lambda c: self._reading.set_wave(c["new"])), names="value")
        children = self._layout()
        self._later: tuple[widgets.Widget, ...] = ()  # folded after the lesson
        self._folded: set[str] = set()  # their parts, not rendered until shown
        self._more: widgets.Button | None = None
        if fold_sections:
            self._more = widgets.Button(description=t("dashboard.more_sections"),
                                        icon="chevron-down",
                                        layout=widgets.Layout(width="auto", max_width="100%"))
            self._more.add_class("wb-more-sections")
            self._more.on_click(in_language(self._lang, lambda _b: self.show_later_sections()))
            cut = children.index(self._attached) + 1
            children, self._later = [*children[:cut], self._more], tuple(children[cut:])
            self._folded = {name for name, p in self._parts.items()
                            if any(p.widget is w for w in self._later)}
        super().__init__(children=children)
        self.add_class("wb-copil")
        self._refresh()

    # --- construction ----------------------------------------------------------------------------
    @classmethod
    def from_store(
        cls, store: Store | str | Path | None = None,
        framework: Framework | str | Path | None = None, *, lang: str | None = None,
    ) -> CopilDashboard | NothingImported:
        """Read (or build once) the store's publication, build the dashboard in ``lang``
        (default: ``WORKBENCH_LANG``, else the framework's language).

        With no data yet, returns a message instead of an empty dashboard.
        """
        fw = framework if isinstance(framework, Framework) else load_framework(framework)
        lang = resolve_language(lang, fw.language)
        db = store if isinstance(store, Store) else Store(store)
        if not db.exists():
            return NothingImported(message_html(t("dashboard.no_store", lang=lang)))
        return cls(publication_for(db, fw), store=db, lang=lang, fold_sections=True)

    def _panel(self, factory: Callable[..., Any], *args: Any) -> Any:
        """A section's precomputed state, or None (its parts then say so) when it fails."""
        return self._guard(factory)(*args)

    def _section(self, name: str) -> Any:
        """The section ``name``'s state (``SECTIONS``), prepared the first time one of its parts
        is rendered; ``_Unavailable`` (its parts say so) when that fails."""
        if name not in self._sections:
            self._sections[name] = self._panel(SECTIONS[name], self._pub) or _Unavailable()
        return self._sections[name]

    def _define_parts(self) -> list[Part]:
        html = widgets.HTML
        lessons, sec = self._lessons or _Unavailable(), self._section
        scope = self._scope_title
        return [
            Part("barometer", ("qpv", "group"), lambda f: lessons.barometer(f, scope(f))),
            Part("composition", ("qpv", "group"), lambda f: lessons.composition_html(f), html()),
            Part("lesson_text", ("lesson",), lambda f: lessons.lesson_html(f), html()),
            Part("trend", ("lesson", "qpv", "group"), lambda f: lessons.trend(f, scope(f))),
            Part("lesson_table", ("lesson", "wave", "qpv", "group"),
                 lambda f: lessons.table_html(f), html()),
            Part("likert", ("lesson", "wave", "qpv", "group"), lambda f: lessons.likert(f)),
            Part("participation", ("qpv", "group"),
                 lambda f: sec("participation").funnel(f, scope(f))),
            Part("continuity", ("qpv", "group"),
                 lambda f: sec("participation").continuity(f, scope(f))),
            Part("network_map", ("wave",), lambda f: sec("network").map(f)),
            Part("network_changes", ("wave",), lambda f: sec("network").change_map(f)),
            Part("network_table", (), lambda f: sec("network").table_html(), html()),
            Part("network_pairs", ("wave",), lambda f: sec("network").pairs_html(f), html()),
            Part("salience", ("wave", "qpv", "group"),
                 lambda f: sec("voices").salience(f, scope(f, wave=True))),
            Part("voices", ("wave", "qpv", "group"), lambda f: sec("voices").quotes_html(f),
                 html()),
            Part("pathway_note", ("wave",), lambda f: sec("pathways").note_html(f), html()),
            Part("pathway", ("wave",), lambda f: sec("pathways").diagram(f)),
            Part("pathway_trend", (), lambda f: sec("pathways").trend()),
        ]

    def _layout(self) -> list[widgets.Widget]:
        fw, w = self._fw, self._parts
        header = [f"<h2 style='margin:0.2em 0'>{escape(t('dashboard.title'))}</h2>",
                  f"<p style='font-size:15px;margin:0'>{escape(name_of(fw.territory))}</p>"]
        if fw.territory.fictional:
            header.append(f"<p class='wb-note'><b>{escape(t('common.fictional'))}</b></p>")
        header.append(f"<p class='wb-note'>{escape(t('common.masked_note', k=fw.min_cell))}</p>")
        mode = self._lessons.mode_label() if self._lessons is not None else ""
        if mode:
            header.append(f"<p class='wb-note'>{escape(mode)}</p>")
        filters = widgets.VBox([
            widgets.HBox([self._qpv, self._group, self._wave],
                         layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HTML(f"<p class='wb-note' style='margin:0'>"
                         f"{escape(t('dashboard.filters_note'))}</p>"),
        ])
        filters.add_class("wb-filters")
        return [
            widgets.HTML(TABLE_STYLE + QUOTE_STYLE + PAGE_STYLE + "".join(header)),
            filters,
            self._status,
            _heading("dashboard.section.barometer", "dashboard.barometer_lead"),
            scope_note("dashboard.scope.barometer"),
            w["barometer"].widget, w["composition"].widget,
            _heading("dashboard.section.lesson", "dashboard.lesson_lead"),
            self._lesson,
            w["lesson_text"].widget, w["trend"].widget, w["lesson_table"].widget,
            w["likert"].widget,
            *([self._reading] if self._reading is not None else []),
            self._attached,
            _heading("dashboard.section.participation", "dashboard.participation_lead"),
            scope_note("dashboard.scope.participation"),
            w["participation"].widget, w["continuity"].widget,
            _heading("dashboard.section.network", "network.method_note"),
            scope_note("dashboard.scope.network"),
            w["network_map"].widget, w["network_changes"].widget, w["network_table"].widget,
            w["network_pairs"].widget,
            _heading("dashboard.section.voices", "dashboard.voices_lead"),
            scope_note("dashboard.scope.voices"),
            w["salience"].widget, w["voices"].widget,
            _heading("dashboard.section.pathways", "dashboard.pathways_lead"),
            scope_note("dashboard.scope.pathways"),
            w["pathway_note"].widget, w["pathway"].widget, w["pathway_trend"].widget,
        ]

    # --- filters ---------------------------------------------------------------------------------
    @property
    def filters(self) -> dict[str, str]:
        """Current choice: ``{"qpv", "group", "wave", "lesson"}`` (``"*"`` = all)."""
        return {"qpv": self._qpv.value, "group": self._group.value, "wave": self._wave.value,
                "lesson": self._lesson.value}

    def set_filters(self, *, qpv: str | None = None, group: str | None = None,
                    wave: str | None = None, lesson: str | None = None) -> float:
        """Change filters programmatically (tests, benchmarks): one refresh; returns its ms."""
        self._batch = True
        try:
            for control, value in ((self._qpv, qpv), (self._group, group), (self._wave, wave),
                                   (self._lesson, lesson)):
                if value is not None:
                    control.value = value
        finally:
            self._batch = False
        self._refresh()
        return self.update_ms

    def _on_change(self, _change: dict) -> None:
        if not self._batch:
            self._refresh()

    def _refresh(self) -> None:
        """Render the parts whose filters changed (kept renders first), then show them."""
        start = time.perf_counter()
        self._status.value = ""
        filters = self.filters
        for part in self._parts.values():
            if part.name in self._folded:
                continue  # rendered when shown (``show_later_sections``)
            key = part.key(filters)
            if self._shown.get(part.name) == key:
                continue
            payload = self._cache.get((part.name, key))
            if payload is None:
                payload = self._guard(self._render)(part, filters)
                if payload is None:
                    self._shown[part.name] = None
                    continue
                self._cache[(part.name, key)] = payload
                if len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end((part.name, key))
            if isinstance(part.widget, widgets.Output):
                part.widget.outputs = payload
            else:
                part.widget.value = payload
            self._shown[part.name] = key
        self.update_ms = (time.perf_counter() - start) * 1000.0

    @staticmethod
    def _render(part: Part, filters: dict[str, str]) -> Any:
        content = part.render(filters)
        if isinstance(part.widget, widgets.Output):
            return ({"output_type": "display_data", "data": figure_bundle(content),
                     "metadata": {}},)
        return str(content)

    def show_later_sections(self) -> None:
        """Show the sections folded after the lesson (``fold_sections``; the button's action),
        preparing and drawing them now."""
        if self._later:
            shown = tuple(c for c in self.children if c is not self._more)
            self._later, later, self._folded = (), self._later, set()
            self._refresh()
            self.children = (*shown, *later)

    def refresh_live(self) -> None:
        """Read again what changes while the dashboard is open (the committee's readings): a
        preheated page is built before its visitor arrives (``copil.ipynb`` calls this once the
        request has come)."""
        if self._reading is not None:
            self._reading.reload()
        for panel in self._attached.children:
            if hasattr(panel, "reload"):
                panel.reload()

    def attach(self, panel: widgets.Widget) -> None:
        """Show ``panel`` under the lesson's detail (the meeting's reading panels): it follows
        the lesson and wave filters (its ``set_subject``/``set_wave``) and its ``reload`` runs
        on ``refresh_live``."""
        panel.set_subject(self._lesson.value, wave=self._wave.value)
        self._lesson.observe(in_language(self._lang, lambda c: panel.set_subject(c["new"])),
                             names="value")
        self._wave.observe(in_language(self._lang, lambda c: panel.set_wave(c["new"])),
                           names="value")
        self._attached.children = (*self._attached.children, panel)

    # --- helpers ---------------------------------------------------------------------------------
    def indicator_table(self, specs: list[Indicator]) -> pd.DataFrame:
        """The lesson's indicators for the chosen wave, QPV and group: value, interval, n, mode."""
        return self._lessons.indicator_table(specs, self.filters)

    def _scope_title(self, f: dict[str, str], *, wave: bool = False) -> str:
        qpv = dict((v, k) for k, v in self._qpv.options)[f["qpv"]]
        group = dict((v, k) for k, v in self._group.options)[f["group"]]
        return " · ".join([*([f["wave"]] if wave else []), str(qpv), str(group)])

    @property
    def outputs(self) -> dict[str, widgets.Output]:
        """The chart outputs by part (tests read the figure JSON from them)."""
        return {name: p.widget for name, p in self._parts.items()
                if isinstance(p.widget, widgets.Output)}

    @property
    def html(self) -> dict[str, str]:
        """The HTML parts by name (lesson table, network tables, verbatims…)."""
        return {name: p.widget.value for name, p in self._parts.items()
                if isinstance(p.widget, widgets.HTML)}

    @property
    def lesson_table_html(self) -> str:
        return self._parts["lesson_table"].widget.value


class NothingImported(widgets.HTML):
    """The page before anything is imported: a message (nothing to refresh)."""

    def refresh_live(self) -> None:
        """Nothing changes until the data is imported."""


class _Unavailable:
    """Stands for a section whose preparation failed: every part says so in French."""

    def __getattr__(self, name: str) -> Any:
        def unavailable(*_args: Any, **_kwargs: Any) -> Any:
            if name.endswith("html"):
                return message_html(t("dashboard.error"), kind="error")
            return empty_figure(t("dashboard.error"))
        return unavailable


def _heading(title_key: str, lead_key: str) -> widgets.HTML:
    return widgets.HTML(f"<h3 style='margin:1.4em 0 0.2em 0'>{escape(t(title_key))}</h3>"
                        f"<p class='wb-note' style='margin:0'>{escape(t(lead_key))}</p>")

