"""The COPIL dashboard: the seven-lessons barometer, a lesson drill-down and participation.

The data and every indicator are computed once (``from_store``); a filter change is a look-up in
the precomputed cubes → a chart → an output. Nothing here shows code or a traceback.

>>> from workbench.apps import CopilDashboard
>>> CopilDashboard.from_store()          # the notebook's last expression shows it
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from .. import charts
from ..charts.breakdown import narrow
from ..charts.style import KIND_UNITS, format_interval, format_n, format_value
from ..framework import Framework, Indicator, load_framework
from ..indicators import ALL, compute_all
from ..indicators.lessons import barometer_overview
from ..labels import name_of, t
from ..store import Dataset, Store
from .display import TABLE_STYLE, escape, guarded, html_table, message_html, show_figure

MODE_KEYS = {"cross_section": "common.mode_cross_section", "panel": "common.mode_panel"}


class CopilDashboard(widgets.VBox):
    """French dashboard for the steering committee (served by Voilà from ``copil.ipynb``)."""

    def __init__(self, data: Dataset, framework: Framework,
                 cubes: dict[str, pd.DataFrame]) -> None:
        self._fw, self._data, self._cubes = framework, data, cubes
        self.errors: list[str] = []
        self.update_ms: float = 0.0
        self._batch = False
        self._likert = self._likert_distribution()
        self._status = widgets.HTML()
        self._qpv = _dropdown(t("common.qpv"), [(t("common.all_qpv"), ALL)]
                              + [(q.name, q.id) for q in framework.territory.qpvs])
        self._group = _dropdown(t("common.group"), [(t("common.all_groups"), ALL)]
                                + [(name_of(g), g.id) for g in framework.groups])
        self._wave = _dropdown(t("common.wave"), [(name_of(w), w.id) for w in
                                                  sorted(framework.waves, key=lambda w: w.date)])
        self._wave.value = framework.wave_ids[-1]
        self._lesson = _dropdown(t("common.lesson"), [(f"{le.id} · {name_of(le)}", le.id)
                                                      for le in framework.lessons])
        self._lesson.layout = widgets.Layout(width="640px", max_width="100%")
        self._heatmap_out = widgets.Output()
        self._trend_out = widgets.Output()
        self._likert_out = widgets.Output()
        self._participation_out = widgets.Output()
        self._lesson_text = widgets.HTML()
        self._lesson_table = widgets.HTML()
        self._guard = guarded(self._status, self.errors)
        self._sections = {
            "barometer": self._guard(self._show_barometer),
            "lesson": self._guard(self._show_lesson),
            "likert": self._guard(self._show_likert),
            "participation": self._guard(self._show_participation),
        }
        depends = {self._qpv: list(self._sections), self._group: list(self._sections),
                   self._wave: ["lesson", "likert"], self._lesson: ["lesson", "likert"]}
        for control, names in depends.items():
            control.observe(lambda _change, names=names: self._on_change(names), names="value")
        super().__init__(children=self._layout())
        self.add_class("wb-copil")
        self._refresh(list(self._sections))

    # --- construction ----------------------------------------------------------------------------
    @classmethod
    def from_store(
        cls, store: Store | str | Path | None = None,
        framework: Framework | str | Path | None = None,
    ) -> CopilDashboard | widgets.HTML:
        """Load the store once, compute every indicator once, build the dashboard.

        With no data yet, returns a French message instead of an empty dashboard.
        """
        fw = framework if isinstance(framework, Framework) else load_framework(framework)
        db = store if isinstance(store, Store) else Store(store)
        if not db.path.exists():
            return widgets.HTML(message_html(t("dashboard.no_store")))
        data = db.load_dataset()
        return cls(data, fw, compute_all(data, fw))

    def _layout(self) -> list[widgets.Widget]:
        fw = self._fw
        header = [f"<h2 style='margin:0.2em 0'>{escape(t('dashboard.title'))}</h2>",
                  f"<p style='font-size:15px;margin:0'>{escape(name_of(fw.territory))}</p>"]
        if fw.territory.fictional:
            header.append(f"<p class='wb-note'><b>{escape(t('common.fictional'))}</b></p>")
        header.append(f"<p class='wb-note'>{escape(t('common.masked_note', k=fw.min_cell))} "
                      f"{escape(t('dashboard.filters_note'))}</p>")
        filters = widgets.HBox([self._qpv, self._group, self._wave],
                               layout=widgets.Layout(flex_flow="row wrap"))
        return [
            widgets.HTML(TABLE_STYLE + "".join(header)),
            filters,
            self._status,
            _heading(t("dashboard.section.barometer"), t("dashboard.barometer_lead")),
            self._heatmap_out,
            _heading(t("dashboard.section.lesson"), t("dashboard.lesson_lead")),
            self._lesson,
            self._lesson_text,
            self._trend_out,
            self._lesson_table,
            self._likert_out,
            _heading(t("dashboard.section.participation"), t("dashboard.participation_lead")),
            self._participation_out,
        ]

    def _likert_distribution(self) -> pd.DataFrame | None:
        from .explorer import _distribution

        return _distribution(self._data, self._fw)

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
        self._refresh(list(self._sections))
        return self.update_ms

    def _on_change(self, names: list[str]) -> None:
        if not self._batch:
            self._refresh(names)

    def _refresh(self, names: list[str]) -> None:
        start = time.perf_counter()
        self._status.value = ""
        for name in names:
            self._sections[name]()
        self.update_ms = (time.perf_counter() - start) * 1000.0

    # --- sections (each: look-up → chart → output) -----------------------------------------------
    def _show_barometer(self) -> None:
        overview = barometer_overview(self._cubes, self._fw, qpv=self._qpv.value,
                                      group=self._group.value)
        show_figure(self._heatmap_out, charts.lesson_heatmap(
            overview, framework=self._fw,
            title=t("dashboard.barometer_title", scope=self._scope_title())))

    def _show_lesson(self) -> None:
        lesson = self._fw.lesson(self._lesson.value)
        specs = [s for s in self._fw.indicators if s.lesson == lesson.id and s.id in self._cubes]
        self._lesson_text.value = f"<p class='wb-note'>{escape(_lesson_text(lesson))}</p>"
        trend = self._trend_specs(specs)
        rows = [narrow(self._cubes[s.id], keep=("wave",), qpv=self._qpv.value,
                       group=self._group.value) for s in trend]
        rows = [r[r["wave"] != ALL] for r in rows]
        rows = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
        show_figure(self._trend_out, charts.lesson_trend(
            rows, framework=self._fw, labels={s.id: name_of(s) for s in trend},
            targets={s.id: s.target for s in trend if s.target is not None},
            unit=_unit(trend[0]) if trend else None,
            title=t("dashboard.trend_title", lesson=lesson.id, scope=self._scope_title())))
        self._lesson_table.value = html_table(
            self.indicator_table(specs), masked_column=None,
            caption=t("dashboard.table_caption", wave=self._wave.value))

    def _show_likert(self) -> None:
        lesson = self._lesson.value
        items = [i.id for i in self._fw.items if lesson in i.lessons]
        dist = None if self._likert is None else narrow(
            self._likert, wave=self._wave.value, qpv=self._qpv.value, group=self._group.value)
        if dist is not None:
            dist = dist[dist["item"].isin(items)]
        show_figure(self._likert_out, charts.likert_bars(
            dist, framework=self._fw,
            title=t("dashboard.likert_title", wave=self._wave.value)))

    def _show_participation(self) -> None:
        cube = self._cubes.get("participation-step")
        if cube is None:
            cube = next((c for i, c in self._cubes.items()
                         if self._fw.indicator(i).kind == "participation_by_step"), None)
        show_figure(self._participation_out, charts.participation_by_step(
            cube, framework=self._fw, qpv=self._qpv.value, group=self._group.value,
            title=t("dashboard.participation_title", scope=self._scope_title())))

    # --- helpers ---------------------------------------------------------------------------------
    def indicator_table(self, specs: list[Indicator]) -> pd.DataFrame:
        """The lesson's indicators for the chosen wave, QPV and group: value, interval, n, mode."""
        records = []
        for spec in specs:
            unit = _unit(spec)
            row = narrow(self._cubes[spec.id], wave=self._wave.value, qpv=self._qpv.value,
                         group=self._group.value)
            record = {t("common.indicator"): name_of(spec),
                      t("dashboard.evidence"): t(f"common.evidence.{spec.evidence}")}
            if row.empty or (pd.isna(row["value"].iloc[0]) and not bool(row["masked"].iloc[0])):
                value, interval, n = t("dashboard.no_value"), "", ""
            elif bool(row["masked"].iloc[0]):
                value, interval, n = t("common.masked"), "", ""
            else:
                r = row.iloc[0]
                value = format_value(r["value"], unit)
                interval, n = format_interval(r["lower"], r["upper"], unit), format_n(r["n"])
            mode = "" if row.empty else str(row["mode"].iloc[0])
            record.update({
                t("common.value"): value, t("common.interval"): interval, t("common.n"): n,
                t("dashboard.target"): format_value(spec.target, unit) if spec.target else "",
                t("dashboard.mode"): t(MODE_KEYS[mode]) if mode in MODE_KEYS else "",
            })
            records.append(record)
        return pd.DataFrame(records)

    def _trend_specs(self, specs: list[Indicator]) -> list[Indicator]:
        shares = [s for s in specs if _unit(s) == "share"]
        return shares or [s for s in specs if _unit(s) == "score"]

    def _scope_title(self) -> str:
        qpv, group = self._qpv, self._group
        return f"{_label_of(qpv)} · {_label_of(group)}"

    @property
    def outputs(self) -> dict[str, widgets.Output]:
        """The chart outputs by section (tests read the figure JSON from them)."""
        return {"barometer": self._heatmap_out, "trend": self._trend_out,
                "likert": self._likert_out, "participation": self._participation_out}

    @property
    def lesson_table_html(self) -> str:
        return self._lesson_table.value


def _dropdown(description: str, choices: list[tuple[str, str]]) -> widgets.Dropdown:
    return widgets.Dropdown(options=choices, description=description,
                            style={"description_width": "initial"},
                            layout=widgets.Layout(width="auto", min_width="240px"))


def _heading(title: str, lead: str) -> widgets.HTML:
    return widgets.HTML(f"<h3 style='margin:1.2em 0 0.2em 0'>{escape(title)}</h3>"
                        f"<p class='wb-note' style='margin:0'>{escape(lead)}</p>")


def _label_of(dropdown: widgets.Dropdown) -> str:
    return str(dropdown.label)


def _unit(spec: Indicator) -> str:
    return KIND_UNITS.get(spec.kind, "number")


def _lesson_text(lesson: Any) -> str:
    from ..labels import current_language

    return getattr(lesson, f"text_{current_language()}", "") or ""
