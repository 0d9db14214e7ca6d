"""The evaluator's explorer (02-explore): any indicator, any breakdown it has, chart + table + XLSX.

An indicator is only offered the breakdowns its cube really has (a network measure exists per
wave, not per neighbourhood): the other choices are hidden or disabled, with one French sentence
saying why. The table is the shared French table; the XLSX downloads from the browser with
numbers as numbers and the filters and date in a header block.

>>> from workbench.apps import ExplorerApp
>>> ExplorerApp.from_store()            # doctest: +SKIP
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from workbench import charts
from workbench.apps.display import (
    MODE_KEYS,
    TABLE_STYLE,
    FrenchTable,
    dropdown,
    escape,
    guarded,
    in_language,
    message_html,
    show_figure,
    speaks,
)
from workbench.apps.download import DownloadButton, spreadsheet
from workbench.charts.breakdown import narrow
from workbench.charts.style import (
    ALL,
    dimension_label,
    format_interval,
    format_n,
    format_value,
    key_name,
    ordered_keys,
    unit_of,
)
from workbench.framework import Framework, Indicator, load_framework
from workbench.i18n import name_of, resolve_language, t
from workbench.publication import Publication, publication_for
from workbench.store import Store

FILTERS = ("wave", "qpv", "group")
BREAKDOWNS = (*FILTERS, "step")
XLSX_FORMATS = {"share": "0%", "count": "0", "score": "0.0", "rate": "0.0", "months": "0.0"}


def breakdowns_of(cube: pd.DataFrame) -> list[str]:
    """The keys an indicator's cube is broken down by (some value other than the « * » margin),
    in the explorer's order: ``wave``, ``qpv``, ``group``, ``step``."""
    return [key for key in BREAKDOWNS
            if key in cube.columns and (cube[key].dropna().astype(str) != ALL).any()]


class ExplorerApp(widgets.VBox):
    """Pick an indicator and a breakdown it has (wave, QPV, group or step), filter the others.

    ``controls`` names the widgets a user touches (for tests and scripted use)."""

    @speaks
    def __init__(self, pub: Publication) -> None:
        framework, cubes = pub.fw, pub.cubes
        self._fw, self._cubes = framework, cubes
        self.errors: list[str] = []
        self.update_ms = 0.0
        self._batch = False
        self._status = widgets.HTML()
        specs = [s for s in framework.indicators if s.id in cubes and breakdowns_of(cubes[s.id])]
        self._available = {s.id: breakdowns_of(cubes[s.id]) for s in specs}
        self._indicator = dropdown(t("common.indicator"),
                                   [(f"{s.lesson} · {name_of(s)}", s.id) for s in specs])
        self._by = widgets.ToggleButtons(
            options=self._by_options(specs[0].id) if specs else [],
            description=t("explorer.breakdown"),
            style={"description_width": "initial", "button_width": "auto"})
        self._wave = dropdown(t("common.wave"), [(t("common.all_waves"), ALL)]
                              + [(w, w) for w in framework.wave_ids])
        self._qpv = dropdown(t("common.qpv"), [(t("common.all_qpv"), ALL)]
                             + [(q.name, q.id) for q in framework.territory.qpvs])
        self._group = dropdown(t("common.group"), [(t("common.all_groups"), ALL)]
                               + [(name_of(g), g.id) for g in framework.groups])
        self._filters = {"wave": self._wave, "qpv": self._qpv, "group": self._group}
        self._chosen = {"wave": framework.wave_ids[-1], "qpv": ALL, "group": ALL}
        self._wave.value = framework.wave_ids[-1]
        self._export = DownloadButton(t("explorer.export"), self.xlsx, lang=self._lang)
        self._scope = widgets.HTML()
        self._mode = widgets.HTML()
        self._chart = widgets.Output()
        self._likert = widgets.Output()
        self._distribution = pub.likert if not pub.likert.empty else None
        self._table = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self._refresh_safe = guarded(self._status, self.errors)(self._refresh)
        self._indicator.observe(in_language(self._lang, self._on_change), names="value")
        self._by.observe(in_language(self._lang, self._on_change), names="value")
        for dim, control in self._filters.items():
            control.observe(in_language(self._lang, self._on_filter(dim)), names="value")
        note = escape(t("common.masked_note", k=framework.min_cell))
        super().__init__(children=[
            widgets.HTML(f"{TABLE_STYLE}<h2>{escape(t('explorer.title'))}</h2>"
                         f"<p class='wb-note'>{note}</p>"),
            self._indicator, self._by,
            widgets.HBox([self._wave, self._qpv, self._group],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self._scope, self._status, self._mode, self._chart, self._table, self._export,
            self._likert,
        ])
        self.add_class("wb-app")
        if specs:
            self._apply_availability()
            self._refresh_safe()
        else:
            self._status.value = message_html(t("common.no_data"))

    @classmethod
    def from_store(cls, store: Store | str | Path | None = None,
                   framework: Framework | str | Path | None = None, *,
                   lang: str | None = None) -> ExplorerApp | widgets.HTML:
        """Load the store and compute every indicator once."""
        fw = framework if isinstance(framework, Framework) else load_framework(framework)
        lang = resolve_language(lang, fw.language)
        db = store if isinstance(store, Store) else Store(store)
        if not db.exists():
            return widgets.HTML(message_html(t("dashboard.no_store", lang=lang)))
        return cls(publication_for(db, fw), lang=lang)

    @property
    def controls(self) -> dict[str, widgets.Widget]:
        """``indicator``, ``by`` (breakdown), ``wave``, ``qpv``, ``group``, ``export``."""
        return {"indicator": self._indicator, "by": self._by, **self._filters,
                "export": self._export}

    @property
    def breakdowns(self) -> list[str]:
        """The breakdowns offered for the chosen indicator."""
        return list(self._available.get(self._indicator.value, []))

    # --- filters ---------------------------------------------------------------------------------
    def set_filters(self, *, indicator: str | None = None, by: str | None = None,
                    wave: str | None = None, qpv: str | None = None,
                    group: str | None = None) -> float:
        """Change the choice programmatically (tests, benchmarks); one refresh; returns ms."""
        self._batch = True
        try:
            if indicator is not None:
                self._indicator.value = indicator
                self._apply_availability()
            if by is not None:
                if by not in self.breakdowns:
                    raise ValueError(t("explorer.by_unavailable", by=dimension_label(by),
                                       indicator=self._indicator.label))
                self._by.value = by
            for dim, value in (("wave", wave), ("qpv", qpv), ("group", group)):
                if value is not None:
                    self._filters[dim].value = value
            self._apply_availability()
        finally:
            self._batch = False
        self._refresh_safe()
        return self.update_ms

    def _by_options(self, indicator: str) -> list[tuple[str, str]]:
        return [(dimension_label(d), d) for d in self._available.get(indicator, [])]

    def _on_filter(self, dim: str):
        def callback(change: dict) -> None:
            if not self._filters[dim].disabled:
                self._chosen[dim] = change["new"]
            self._on_change(change)
        return callback

    def _on_change(self, _change: dict) -> None:
        if not self._batch:
            self._batch = True
            try:
                self._apply_availability()
            finally:
                self._batch = False
            self._refresh_safe()

    def _apply_availability(self) -> None:
        """Offer only the breakdowns the indicator has; filters it has no key for are set to
        « * » and disabled, and one sentence says why."""
        available = self.breakdowns
        options = self._by_options(self._indicator.value)
        if [v for _, v in self._by.options] != [v for _, v in options]:
            wanted = self._by.value if self._by.value in available else None
            self._by.options = options
            self._by.value = wanted or ("qpv" if "qpv" in available else available[0])
        by = self._by.value
        missing = []
        for dim, control in self._filters.items():
            has = dim in available
            if not has:
                missing.append(dim)
            choices = self._filter_options(dim) if has else [(self._all_label(dim), ALL)]
            if list(control.options) != choices:
                control.options = choices
            values = [v for _, v in choices]
            control.disabled = dim == by or not has
            wanted = self._chosen[dim] if dim != by else ALL
            if wanted not in values:
                wanted = ALL if ALL in values else values[-1 if dim == "wave" else 0]
            if control.value != wanted:
                control.value = wanted
        spec = self._fw.indicator(self._indicator.value)
        self._scope.value = "" if not missing else (
            f"<p class='wb-note'>{escape(self._scope_text(spec, missing))}</p>")

    def _all_label(self, dim: str) -> str:
        return t({"wave": "common.all_waves", "qpv": "common.all_qpv",
                  "group": "common.all_groups"}[dim])

    def _filter_options(self, dim: str) -> list[tuple[str, str]]:
        """The keys the chosen indicator has on ``dim`` (« Tous … » when its margin holds a
        value), in the framework's order."""
        cube = self._cubes[self._indicator.value]
        keys = ordered_keys(dim, cube[dim].dropna().astype(str), self._fw)
        margin = cube[(cube[dim].astype(str) == ALL).to_numpy()]
        has_margin = bool(len(margin)) and bool(
            (margin["value"].notna() | margin["masked"].fillna(False).astype(bool)).any())
        named = [(key_name(dim, k, self._fw) if dim != "wave" else k, k)
                 for k in keys if k != ALL]
        return ([(self._all_label(dim), ALL)] if has_margin or dim != "wave" else []) + named

    def _scope_text(self, spec: Indicator, missing: list[str]) -> str:
        names = t("explorer.dims_joiner").join(t(f"explorer.dim.{d}") for d in missing)
        return t(f"explorer.scope.{spec.evidence}", indicator=name_of(spec), dims=names) \
            if spec.evidence in ("relations", "change") \
            else t("explorer.scope.other", indicator=name_of(spec), dims=names)

    def _refresh(self) -> None:
        start = time.perf_counter()
        self._status.value = ""
        spec = self._fw.indicator(self._indicator.value)
        by = self._by.value
        unit = self._unit(spec)
        filters = self.filters
        rows = self._rows()
        if rows["value"].notna().any() or rows["masked"].fillna(False).astype(bool).any():
            show_figure(self._chart, charts.indicator_bars(
                self._cubes[spec.id], by=by, framework=self._fw, unit=unit, target=spec.target,
                title=name_of(spec), **filters))
            self._table.value = self.french_table().html
        else:
            self._chart.outputs = ()
            self._table.value = message_html(t("explorer.empty", choice=self._choice_text()))
        modes = sorted({str(m) for m in self._cubes[spec.id]["mode"].dropna().unique()})
        labels = [t(MODE_KEYS[m]) for m in modes if m in MODE_KEYS]
        self._mode.value = (f"<p class='wb-note'>{escape(t('explorer.mode'))} : "
                            f"<b>{escape(', '.join(labels) or t('explorer.mode_none'))}</b></p>")
        self._show_likert(spec)
        self.update_ms = (time.perf_counter() - start) * 1000.0

    def _unit(self, spec: Indicator) -> str:
        """``share``, ``score``, ``count``… from the kind, else from the values (0 to 1: share)."""
        return unit_of(spec.kind, self._cubes[spec.id]["value"].dropna())

    @property
    def filters(self) -> dict[str, str]:
        """The filters in force (a breakdown's own filter and unavailable keys at « * »)."""
        return {dim: control.value for dim, control in self._filters.items()}

    def _choice_text(self) -> str:
        parts = [f"{dimension_label(d)} : {key_name(d, v, self._fw)}"
                 for d, v in self.filters.items() if d != self._by.value and v != ALL]
        return ", ".join(parts) or t("explorer.no_filter")

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
    def _rows(self) -> pd.DataFrame:
        """The cube rows of the breakdown, one per key, in the framework's order."""
        by = self._by.value
        rows = narrow(self._cubes[self._indicator.value], keep=(by,), **self.filters)
        keys = ordered_keys(by, rows[by], self._fw)
        rows = rows.drop_duplicates(subset=[by])
        return rows.set_axis(rows[by].astype(str).tolist()).reindex(keys)

    def data(self) -> pd.DataFrame:
        """The breakdown as numbers: key name, value, bounds, n, masked, reason."""
        by = self._by.value
        rows = self._rows()
        masked = rows["masked"].fillna(False).astype(bool)
        return pd.DataFrame({
            "key": [key_name(by, k, self._fw) for k in rows.index],
            "value": rows["value"].where(~masked), "lower": rows["lower"].where(~masked),
            "upper": rows["upper"].where(~masked),
            "n": pd.to_numeric(rows["n"], errors="coerce").where(~masked),
            "masked": masked.to_numpy(),
            "reason": rows.get("reason"),
        }).reset_index(drop=True)

    def french_table(self) -> FrenchTable:
        """The shown breakdown as the shared French table (masked rows say why, no n)."""
        spec = self._fw.indicator(self._indicator.value)
        unit = self._unit(spec)
        data = self.data()
        shown = pd.DataFrame({
            "key": data["key"], "value": data["value"],
            "interval": [format_interval(lo, up, unit) for lo, up in
                         zip(data["lower"], data["upper"], strict=True)],
            "n": [format_n(n) for n in data["n"]],
            "masked": data["masked"], "reason": data["reason"]})
        return FrenchTable(
            shown, caption=t("explorer.table_caption"),
            labels={"key": dimension_label(self._by.value), "value": t("common.value"),
                    "interval": t("common.interval"), "n": t("common.n")},
            formats={"value": lambda v: format_value(v, unit)})

    def table(self) -> pd.DataFrame:
        """The shown table as French text (what the page displays)."""
        return self.french_table().frame

    def xlsx(self) -> tuple[str, bytes]:
        """The shown breakdown as an XLSX: numbers as numbers, filters and date on top."""
        spec = self._fw.indicator(self._indicator.value)
        unit = self._unit(spec)
        data = self.data()
        note = [t("common.masked") if m else "" for m in data["masked"]]
        table = pd.DataFrame({
            dimension_label(self._by.value): data["key"], t("common.value"): data["value"],
            t("explorer.xlsx.lower"): data["lower"], t("explorer.xlsx.upper"): data["upper"],
            t("common.n"): data["n"].astype("Int64"), t("explorer.xlsx.note"): note})
        number = XLSX_FORMATS.get(unit, "0.00")
        formats = {t("common.value"): number, t("explorer.xlsx.lower"): number,
                   t("explorer.xlsx.upper"): number}
        header = [(t("common.lesson"), spec.lesson), (t("common.indicator"), name_of(spec)),
                  (t("explorer.breakdown"), dimension_label(self._by.value))]
        header += [(dimension_label(d), key_name(d, v, self._fw) if v != ALL else
                    t(f"explorer.xlsx.all_{d}")) for d, v in self.filters.items()
                   if d != self._by.value]
        header.append((t("explorer.xlsx.masking"), t("common.masked_note", k=self._fw.min_cell)))
        content = spreadsheet(table, title=t("explorer.xlsx.title", indicator=name_of(spec)),
                              header=header, sheet=spec.id, number_formats=formats,
                              widths=[28, 12, 14, 14, 12, 22])
        return self.file_name(), content

    def file_name(self) -> str:
        parts = [self._indicator.value, self._by.value,
                 *[v for d, v in self.filters.items() if v != ALL and d != self._by.value]]
        return re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(parts)) + ".xlsx"

    def export_xlsx(self, path: str | Path) -> Path:
        """Write the XLSX of the shown breakdown to ``path`` (scripts; the page downloads it)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.xlsx()[1])
        return path

    @property
    def chart_output(self) -> widgets.Output:
        return self._chart

    @property
    def table_html(self) -> str:
        """The shown table as escaped HTML."""
        return self._table.value

    @property
    def scope_text(self) -> str:
        """The sentence saying which filters the indicator has no breakdown for (or "")."""
        return html.unescape(re.sub(r"<[^>]+>", "", self._scope.value))

    @property
    def mode_text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", self._mode.value))
