"""The evaluator's explorer (02-explore): any indicator, any breakdown, chart + table + XLSX.

>>> from workbench.apps import ExplorerApp
>>> ExplorerApp.from_store()            # doctest: +SKIP
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from itables.widget import ITable

from workbench import charts
from workbench.apps.display import (
    MODE_KEYS,
    TABLE_STYLE,
    dropdown,
    escape,
    guarded,
    html_table,
    in_language,
    message_html,
    show_figure,
    speaks,
)
from workbench.charts.breakdown import narrow
from workbench.charts.style import KIND_UNITS, format_interval, format_n, format_value, key_name
from workbench.config import Paths
from workbench.framework import Framework, Indicator, load_framework
from workbench.i18n import name_of, resolve_language, t
from workbench.indicators import ALL
from workbench.publication import Publication, publication_for
from workbench.store import Store

BREAKDOWNS = ("wave", "qpv", "group")


class ExplorerApp(widgets.VBox):
    """Pick an indicator and a breakdown (wave, QPV or group), filter the other keys."""

    @speaks
    def __init__(self, pub: Publication) -> None:
        framework, cubes = pub.fw, pub.cubes
        self._fw, self._cubes = framework, cubes
        self.errors: list[str] = []
        self.update_ms = 0.0
        self._batch = False
        self._status = widgets.HTML()
        specs = [s for s in framework.indicators if s.id in cubes]
        self._indicator = dropdown(t("common.indicator"),
                                    [(f"{s.lesson} · {name_of(s)}", s.id) for s in specs])
        self._indicator.layout = widgets.Layout(width="auto", min_width="420px")
        self._by = widgets.ToggleButtons(
            options=[(t("common.wave"), "wave"), (t("common.qpv"), "qpv"),
                     (t("common.group"), "group")],
            value="qpv", description=t("explorer.breakdown"),
            style={"description_width": "initial", "button_width": "auto"})
        self._wave = dropdown(t("common.wave"), [(t("common.all_waves"), ALL)]
                               + [(w, w) for w in framework.wave_ids])
        self._wave.value = framework.wave_ids[-1]
        self._qpv = dropdown(t("common.qpv"), [(t("common.all_qpv"), ALL)]
                              + [(q.name, q.id) for q in framework.territory.qpvs])
        self._group = dropdown(t("common.group"), [(t("common.all_groups"), ALL)]
                                + [(name_of(g), g.id) for g in framework.groups])
        self._export = widgets.Button(description=t("explorer.export"), icon="")
        self._mode = widgets.HTML()
        self._chart = widgets.Output()
        self._likert = widgets.Output()
        self._distribution = pub.likert if not pub.likert.empty else None
        # interactive table (sort, search), text escaped by itables, script bundled (offline)
        self._grid = ITable(caption=t("explorer.table_caption"), allow_html=False,
                            paging=False)
        self._export_note = widgets.HTML()
        self._refresh_safe = guarded(self._status, self.errors)(self._refresh)
        for control in (self._indicator, self._by, self._wave, self._qpv, self._group):
            control.observe(in_language(self._lang, self._on_change), names="value")
        self._export.on_click(in_language(
            self._lang, guarded(self._status, self.errors)(self._on_export)))
        note = escape(t("common.masked_note", k=framework.min_cell))
        super().__init__(children=[
            widgets.HTML(f"{TABLE_STYLE}<h2>{escape(t('explorer.title'))}</h2>"
                         f"<p class='wb-note'>{note}</p>"),
            self._indicator, self._by,
            widgets.HBox([self._wave, self._qpv, self._group],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self._status, self._mode, self._chart, self._grid, self._likert,
            widgets.HBox([self._export, self._export_note]),
        ])
        self._refresh_safe()

    @classmethod
    def from_store(cls, store: Store | str | Path | None = None,
                   framework: Framework | str | Path | None = None, *,
                   lang: str | None = None) -> ExplorerApp | widgets.HTML:
        """Load the store and compute every indicator once."""
        fw = framework if isinstance(framework, Framework) else load_framework(framework)
        lang = resolve_language(lang, fw.language)
        db = store if isinstance(store, Store) else Store(store)
        if not db.path.exists():
            return widgets.HTML(message_html(t("dashboard.no_store", lang=lang)))
        return cls(publication_for(db, fw), lang=lang)

    # --- filters ---------------------------------------------------------------------------------
    def set_filters(self, *, indicator: str | None = None, by: str | None = None,
                    wave: str | None = None, qpv: str | None = None,
                    group: str | None = None) -> float:
        """Change the choice programmatically (tests, benchmarks); one refresh; returns ms."""
        self._batch = True
        try:
            for control, value in ((self._indicator, indicator), (self._by, by),
                                   (self._wave, wave), (self._qpv, qpv), (self._group, group)):
                if value is not None:
                    control.value = value
        finally:
            self._batch = False
        self._refresh_safe()
        return self.update_ms

    def _on_change(self, _change: dict) -> None:
        if not self._batch:
            self._refresh_safe()

    def _refresh(self) -> None:
        start = time.perf_counter()
        self._status.value = ""
        by = self._by.value
        for dim, control in zip(BREAKDOWNS, (self._wave, self._qpv, self._group), strict=True):
            control.disabled = dim == by
        spec = self._fw.indicator(self._indicator.value)
        unit = KIND_UNITS.get(spec.kind)
        filters = {"wave": self._wave.value, "qpv": self._qpv.value, "group": self._group.value}
        show_figure(self._chart, charts.indicator_bars(
            self._cubes[spec.id], by=by, framework=self._fw, unit=unit, target=spec.target,
            title=name_of(spec), **filters))
        self._grid.update(self.table(), caption=t("explorer.table_caption"))
        modes = sorted({str(m) for m in self._cubes[spec.id]["mode"].dropna().unique()})
        labels = [t(MODE_KEYS[m]) for m in modes if m in MODE_KEYS]
        self._mode.value = (f"<p class='wb-note'>{escape(t('explorer.mode'))} : "
                            f"<b>{escape(', '.join(labels) or t('explorer.mode_none'))}</b></p>")
        self._show_likert(spec)
        self.update_ms = (time.perf_counter() - start) * 1000.0

    def _show_likert(self, spec: Indicator) -> None:
        """Detailed answers (diverging bars) when the indicator rests on Likert items."""
        items = [str(i) for i in spec.params.get("items", [])]
        if self._distribution is None or not items or not spec.kind.startswith("likert"):
            self._likert.outputs = ()
            return
        wave = self._wave.value if self._wave.value != ALL else self._fw.wave_ids[-1]
        dist = narrow(self._distribution, wave=wave, qpv=self._qpv.value,
                      group=self._group.value)
        show_figure(self._likert, charts.likert_category_bars(
            dist[dist["item"].isin(items)], framework=self._fw,
            title=t("dashboard.likert_title", wave=wave)))

    # --- table and export ------------------------------------------------------------------------
    def table(self) -> pd.DataFrame:
        """The shown breakdown as a table: masked cells say « effectif trop faible », no n."""
        spec = self._fw.indicator(self._indicator.value)
        unit = KIND_UNITS.get(spec.kind, "number")
        by = self._by.value
        rows = narrow(self._cubes[spec.id], keep=(by,), wave=self._wave.value,
                      qpv=self._qpv.value, group=self._group.value)
        keys = charts.style.ordered_keys(by, rows[by], self._fw)
        rows = rows.drop_duplicates(subset=[by])
        rows = rows.set_axis(rows[by].astype(str).tolist()).reindex(keys)
        records = []
        for key, row in rows.iterrows():
            masked = bool(row["masked"]) if pd.notna(row["masked"]) else False
            records.append({
                charts.style.dimension_label(by): key_name(by, key, self._fw),
                t("common.value"): t("common.masked") if masked
                else format_value(row["value"], unit),
                t("common.interval"): "" if masked
                else format_interval(row["lower"], row["upper"], unit),
                t("common.n"): "" if masked else format_n(row["n"]),
            })
        return pd.DataFrame(records)

    def export_xlsx(self, path: str | Path | None = None) -> Path:
        """Write the shown table to XLSX (masked cells stay masked); returns the file path."""
        if path is None:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{self._indicator.value}-{self._by.value}")
            path = Paths.default().reports / "exports" / f"{name}.xlsx"
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        spec = self._fw.indicator(self._indicator.value)
        self.table().to_excel(path, index=False, sheet_name=spec.id[:31])
        return path

    def _on_export(self, _button: widgets.Button) -> None:
        written = self.export_xlsx()
        self._export_note.value = (f"<span class='wb-note'>"
                                   f"{escape(t('explorer.exported', path=written))}</span>")

    @property
    def chart_output(self) -> widgets.Output:
        return self._chart

    @property
    def grid(self) -> ITable:
        return self._grid

    @property
    def table_html(self) -> str:
        """The shown table as escaped HTML (what the interactive grid displays)."""
        return html_table(self.table(), caption=t("explorer.table_caption"), masked_column=None)

