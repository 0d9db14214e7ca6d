"""The COPIL dashboard's lesson sections: the seven-lessons barometer and one lesson in detail.

Look-ups only, in the publication: its cubes are cut once per (QPV, group) on first use and its
Likert distributions once per (wave, QPV, group) at construction, so a filter change reads small
frames instead of scanning every cube.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from workbench import charts
from workbench.apps.display import MODE_KEYS, escape, html_table
from workbench.charts.breakdown import narrow
from workbench.charts.style import KIND_UNITS, format_interval, format_n, format_value
from workbench.framework import Framework, Indicator
from workbench.i18n import mask_reason, name_of, t, text_of
from workbench.indicators import ALL
from workbench.indicators.lessons import HEADLINE_KIND, barometer_overview
from workbench.publication import Publication

Filters = Mapping[str, str]


class LessonPanel:
    """Barometer heat-map (QPV, group), the lesson's trend (lesson, QPV, group), its indicator
    table and detailed answers (lesson, wave, QPV, group)."""

    def __init__(self, pub: Publication) -> None:
        fw = pub.fw
        self._fw, self._cubes = fw, dict(pub.cubes)
        self._positions: dict[str, dict[tuple[str, str], Any]] = {}
        self._cuts: dict[tuple[str, str, str], pd.DataFrame] = {}
        self._perception = [s.id for s in fw.indicators
                            if s.evidence == "perception" and s.id in self._cubes]
        likert = pub.likert
        self._likert: dict[tuple[str, str, str], pd.DataFrame] = {} if likert.empty else {
            (str(w), str(q), str(g)): part
            for (w, q, g), part in likert.groupby(["wave", "qpv", "group"], sort=False)}
        self.has_likert = not likert.empty
        self._likert_empty = likert.iloc[0:0]

    # --- look-ups --------------------------------------------------------------------------------
    def cut(self, indicator: str, qpv: str, group: str) -> pd.DataFrame:
        """One cube's rows for one QPV × group (row positions indexed once per cube)."""
        key = (indicator, qpv, group)
        cached = self._cuts.get(key)
        if cached is None:
            cube = self._cubes[indicator]
            if indicator not in self._positions:
                if {"qpv", "group"} <= set(cube.columns):
                    pairs = pd.Series(list(zip(cube["qpv"].astype(str), cube["group"].astype(str),
                                               strict=True)))
                    self._positions[indicator] = pairs.groupby(pairs).indices
                else:
                    self._positions[indicator] = {}
            rows = self._positions[indicator].get((qpv, group))
            cached = cube.iloc[rows] if rows is not None else cube.iloc[0:0]
            self._cuts[key] = cached
        return cached

    def sliced(self, qpv: str, group: str, ids: list[str] | None = None
               ) -> dict[str, pd.DataFrame]:
        """The cubes ``ids`` (default: all) cut to one QPV × group."""
        return {i: self.cut(i, qpv, group) for i in (ids if ids is not None else self._cubes)}

    def specs(self, lesson: str) -> list[Indicator]:
        return [s for s in self._fw.indicators if s.lesson == lesson and s.id in self._cubes]

    def mode_label(self) -> str:
        """How the perception indicators read over time (header): « coupes transversales
        répétées » or « panel (mêmes personnes) », from the cubes' ``mode``."""
        modes: list[str] = []
        for spec in self._fw.indicators:
            if spec.evidence == "perception" and spec.kind == HEADLINE_KIND \
                    and spec.id in self._cubes and "mode" in self._cubes[spec.id].columns:
                modes += [m for m in self._cubes[spec.id]["mode"].dropna().astype(str).unique()
                          if m in MODE_KEYS and m not in modes]
        if not modes:
            return ""
        names = ", ".join(t(MODE_KEYS[m]) for m in modes)
        explain = " ".join(t(f"dashboard.mode_explain.{m}") for m in modes)
        return t("dashboard.mode_header", mode=names, explain=explain)

    # --- parts -----------------------------------------------------------------------------------
    def barometer(self, f: Filters, scope: str) -> go.Figure:
        overview = barometer_overview(self.sliced(f["qpv"], f["group"], self._perception),
                                      self._fw,
                                      qpv=f["qpv"], group=f["group"])
        return charts.lesson_heatmap(overview, framework=self._fw,
                                     title=t("dashboard.barometer_title", scope=scope))

    def lesson_html(self, f: Filters) -> str:
        lesson = self._fw.lesson(f["lesson"])
        text = text_of(lesson)
        return f"<p class='wb-note'>{escape(text)}</p>"

    def trend(self, f: Filters, scope: str) -> go.Figure:
        lesson = f["lesson"]
        trend = trend_specs(self.specs(lesson))
        rows = [narrow(self.cut(s.id, f["qpv"], f["group"]), keep=("wave",), qpv=f["qpv"],
                       group=f["group"]) for s in trend]
        rows = [r[r["wave"] != ALL] for r in rows]
        frame = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
        return charts.lesson_trend(
            frame, framework=self._fw, labels={s.id: name_of(s) for s in trend},
            targets={s.id: s.target for s in trend if s.target is not None},
            unit=unit_of(trend[0]) if trend else None,
            title=t("dashboard.trend_title", lesson=lesson, scope=scope))

    def table_html(self, f: Filters) -> str:
        return html_table(self.indicator_table(self.specs(f["lesson"]), f), masked_column=None,
                          caption=t("dashboard.table_caption", wave=f["wave"]))

    def likert(self, f: Filters) -> go.Figure:
        items = [i.id for i in self._fw.items if f["lesson"] in i.lessons]
        dist = None
        if self.has_likert:
            part = self._likert.get((f["wave"], f["qpv"], f["group"]), self._likert_empty)
            dist = part[part["item"].isin(items).to_numpy()]
        crossed = f["qpv"] != ALL and f["group"] != ALL
        return charts.likert_category_bars(
            dist, framework=self._fw, title=t("dashboard.likert_title", wave=f["wave"]),
            empty_message=t("dashboard.likert_not_crossed") if crossed else None)

    def indicator_table(self, specs: list[Indicator], f: Filters) -> pd.DataFrame:
        """The lesson's indicators for the chosen wave, QPV and group: value, interval, n, mode."""
        records = []
        for spec in specs:
            unit = unit_of(spec)
            cut = self.cut(spec.id, f["qpv"], f["group"])
            row = narrow(cut, wave=f["wave"], qpv=f["qpv"], group=f["group"])
            covers = f["wave"]
            if row.empty:  # a figure not split by wave: shown as such, never under the wave
                row = narrow(cut, wave=ALL, qpv=f["qpv"], group=f["group"])
                covers = t("common.all_waves_short")
            record = {t("common.indicator"): name_of(spec),
                      t("dashboard.evidence"): t(f"common.evidence.{spec.evidence}"),
                      t("common.wave"): "" if row.empty else covers}
            if row.empty or (pd.isna(row["value"].iloc[0]) and not bool(row["masked"].iloc[0])):
                value, interval, n = t("dashboard.no_value"), "", ""
            elif bool(row["masked"].iloc[0]):
                reason = row["reason"].iloc[0]
                value = mask_reason(reason if isinstance(reason, str) else None)
                interval, n = "", ""
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


def trend_specs(specs: list[Indicator]) -> list[Indicator]:
    """The indicators drawn in the trend: the shares, else the mean scores."""
    shares = [s for s in specs if unit_of(s) == "share"]
    return shares or [s for s in specs if unit_of(s) == "score"]


def unit_of(spec: Indicator) -> str:
    return KIND_UNITS.get(spec.kind, "number")


def lesson_choices(fw: Framework) -> list[tuple[str, Any]]:
    return [(f"{le.id} · {name_of(le)}", le.id) for le in fw.lessons]
