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
from workbench.apps.copil.sections import filters_it_has
from workbench.apps.display import MODE_KEYS, escape, html_table
from workbench.charts import figure_notes as notes
from workbench.charts.breakdown import narrow
from workbench.charts.style import KIND_UNITS, format_value
from workbench.framework import Framework, Indicator
from workbench.i18n import mask_reason, name_of, t, text_of
from workbench.indicators import ALL
from workbench.indicators.lessons import HEADLINE_KIND, barometer_overview
from workbench.indicators.longitudinal import PANEL_KINDS
from workbench.publication import Publication

Filters = Mapping[str, str]


class LessonPanel:
    """Barometer heat-map (QPV, group), the lesson's trend (lesson, QPV, group), its indicator
    table and detailed answers (lesson, wave, QPV, group)."""

    def __init__(self, pub: Publication) -> None:
        fw = pub.fw
        self._pub, self._fw, self._cubes = pub, fw, pub.cubes
        self._who: dict[str, str] = {}
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
        répétées », « panel (mêmes personnes) » or « en partie les mêmes personnes » with how
        many people answered several waves, from the cubes' ``mode`` and ``n_repeat``."""
        modes: list[str] = []
        repeat = None
        for spec in self._fw.indicators:
            if spec.evidence == "perception" and spec.kind == HEADLINE_KIND \
                    and spec.id in self._cubes and "mode" in self._cubes[spec.id].columns:
                cube = self._cubes[spec.id]
                total = cube[(cube["wave"] == ALL) & (cube["qpv"] == ALL)
                             & (cube["group"] == ALL)]
                modes += [m for m in (total if len(total) else cube)["mode"].dropna()
                          .astype(str).unique() if m in MODE_KEYS and m not in modes]
                if repeat is None and "n_repeat" in cube.columns and len(total) \
                        and pd.notna(total["n_repeat"].iloc[0]):
                    repeat = (int(total["n_repeat"].iloc[0]), int(total["n"].iloc[0]))
        if not modes:
            return ""
        names = ", ".join(t(MODE_KEYS[m]) for m in modes)
        explain = []
        for m in modes:
            if m != "mixed":
                explain.append(t(f"dashboard.mode_explain.{m}"))
            elif repeat is not None:
                explain.append(t("figures.mode_mixed_explain", repeat=repeat[0], n=repeat[1]))
            else:
                explain.append(t("figures.mode_mixed_short"))
        return t("dashboard.mode_header", mode=names, explain=" ".join(explain))

    # --- parts -----------------------------------------------------------------------------------
    def barometer(self, f: Filters, scope: str) -> go.Figure:
        overview = barometer_overview(self.sliced(f["qpv"], f["group"], self._perception),
                                      self._fw,
                                      qpv=f["qpv"], group=f["group"])
        return charts.lesson_heatmap(overview, framework=self._fw,
                                     title=t("dashboard.barometer_title", scope=scope))

    def composition_html(self, f: Filters) -> str:
        """Beside the barometer: who answered each wave (people per group) and, when the mix
        moved, each lesson's headline adjusted to the first wave's mix (all groups only)."""
        key = f["qpv"]
        if key not in self._who:
            self._who[key] = composition_block(self._pub, qpv=key)
        if f["group"] != ALL:
            return ""
        return self._who[key]

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
        """The lesson's indicators for the chosen wave, QPV and group: value (« x sur y » for a
        full count), interval, n with its unit, « ne se prononce pas », reliability (α, coders'
        agreement), change since the previous wave (same people or not), target, mode."""
        records = []
        previous = self._previous_wave(f["wave"])
        change_column = t("figures.change", wave=previous) if previous else None
        for spec in specs:
            unit = table_unit(spec)
            has = filters_it_has(self._cubes[spec.id], f)  # network rows: whole territory
            cut = self.cut(spec.id, has["qpv"], has["group"])
            row = narrow(cut, wave=f["wave"], qpv=has["qpv"], group=has["group"])
            covers = f["wave"]
            if row.empty:  # a figure not split by wave: shown as such, never under the wave
                row = narrow(cut, wave=ALL, qpv=has["qpv"], group=has["group"])
                covers = t("common.all_waves_short")
            record = {t("common.indicator"): name_of(spec),
                      t("dashboard.evidence"): t(f"common.evidence.{spec.evidence}"),
                      t("common.wave"): "" if row.empty else covers}
            cell = {} if row.empty else row.iloc[0].to_dict()
            if row.empty or (pd.isna(cell.get("value")) and not cell.get("masked")
                             and not notes.note_text(cell)):
                value, interval, n = t("dashboard.no_value"), "", ""
            elif cell.get("masked"):
                reason = cell.get("reason")
                value = mask_reason(reason if isinstance(reason, str) else None)
                interval, n = "", ""
            else:
                value = notes.value_text(cell, unit)
                interval, n = notes.interval_text(cell, unit), notes.n_text(cell)
                if has != dict(f) and not notes.masked(cell):
                    value = t("dashboard.whole_territory", value=value)
            mode = str(cell.get("mode") or "")
            record.update({
                t("common.value"): value, t("common.interval"): interval, t("common.n"): n,
                t("common.nsp"): notes.nsp_text(cell),
                t("figures.reliability"): notes.reliability_text(cell),
            })
            if change_column:
                record[change_column] = self._change_text(spec, previous, f)
            record.update({
                t("dashboard.target"): format_value(spec.target, unit) if spec.target else "",
                t("dashboard.mode"): t(MODE_KEYS[mode]) if mode in MODE_KEYS else "",
            })
            records.append(record)
        return pd.DataFrame(records)

    def _previous_wave(self, wave: str) -> str | None:
        order = self._fw.wave_ids
        return order[order.index(wave) - 1] if wave in order and order.index(wave) > 0 \
            else None

    def _change_text(self, spec: Indicator, previous: str, f: Filters) -> str:
        """« +26 pts [19 ; 33] · en partie les mêmes personnes (82 suivies) » for a
        questionnaire indicator (persons as clusters), else empty."""
        if spec.kind not in PANEL_KINDS:
            return ""
        return change_text(self._pub.change(spec.id, previous, f["wave"]), f["qpv"],
                           f["group"], unit_of(spec))


def change_text(changes: pd.DataFrame, qpv: str, group: str, unit: str) -> str:
    """One cell of ``change_between`` as text (masked cells read « effectif trop faible »)."""
    if changes.empty:
        return ""
    rows = changes[(changes["qpv"] == qpv) & (changes["group"] == group)]
    if rows.empty:
        return ""
    r = rows.iloc[0]
    if bool(r["masked"]):
        return t("common.masked")
    if pd.isna(r["value"]):
        return ""
    scale = 100.0 if unit == "share" else 1.0
    text = t("figures.change_cell", value=_signed(r["value"] * scale, unit),
             lower=_signed(r["lower"] * scale, unit), upper=_signed(r["upper"] * scale, unit))
    if unit != "share":
        text = text.replace(" pts", "")
    parts = [text, notes.mode_text(r["mode"])]
    if pd.notna(r.get("n_both")) and r["mode"] != "cross_section":
        parts.append(t("figures.change_followed", n=int(r["n_both"])))
    return " · ".join(p for p in parts if p)


def _signed(value: float, unit: str) -> str:
    if pd.isna(value):
        return "–"
    digits = 0 if unit == "share" else 1
    return f"{value:+.{digits}f}".replace(".", ",").replace("-", "−")


def composition_block(pub: Publication, *, qpv: str) -> str:
    """HTML: who answered each wave (people per group, masked cells labelled) and, when the
    mix moved, the headline adjusted to the first wave's mix — both escaped."""
    fw = pub.fw
    who = pub.composition(qpv)
    if who.empty:
        return ""
    moved = notes.composition_moved(who)
    html = html_table(notes.composition_table(who, fw), caption=t("figures.composition_title"))
    html += (f"<p class='wb-note'>"
             f"{escape(t('figures.composition_moved' if moved else 'figures.composition_stable'))}"
             "</p>")
    if moved:
        adjusted = pub.adjusted(qpv)
        table = notes.adjusted_table(adjusted, fw)
        if not table.empty:
            note = t("indicator.method.direct_standardisation_first_wave_groups")
            html += (html_table(table, caption=t("figures.adjusted_title", wave=fw.wave_ids[0]))
                     + f"<p class='wb-note'>{escape(note)}</p>")
        elif not adjusted.empty:
            html += (f"<p class='wb-note'>"
                     f"{escape(t('figures.adjusted_withheld', wave=fw.wave_ids[0]))}</p>")
    return html


def trend_specs(specs: list[Indicator]) -> list[Indicator]:
    """The indicators drawn in the trend: the shares, else the mean scores."""
    shares = [s for s in specs if unit_of(s) == "share"]
    return shares or [s for s in specs if unit_of(s) == "score"]


SHARE_KINDS = ("code_salience", "we_share")  # shares of verbatims or pronouns


def unit_of(spec: Indicator) -> str:
    return KIND_UNITS.get(spec.kind, "number")


def table_unit(spec: Indicator) -> str:
    """The unit a table shows a value in (voices shares as percentages)."""
    return "share" if spec.kind in SHARE_KINDS else unit_of(spec)


def lesson_choices(fw: Framework) -> list[tuple[str, Any]]:
    return [(f"{le.id} · {name_of(le)}", le.id) for le in fw.lessons]
