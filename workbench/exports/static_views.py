"""The views of the static COPIL dashboard, precomputed for every filter combination.

``ViewBuilder(pub)`` fills a ``Payload``: figures (plotly JSON) and tables stored once each, and
per view a map from a filter key (``"L3|T2|tilleuls|*"``) to one of them, with what the view
shows for the filters it does not follow (``fixed``: « toutes vagues », « dernière période
notée »…), so that the page says under each view exactly what it covers. Everything comes from
the publication and the chart builders of the package, so masked stays masked. Used by
``workbench.exports.static_dashboard``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from workbench import charts
from workbench.charts import style
from workbench.charts.breakdown import narrow
from workbench.framework import Indicator
from workbench.i18n import mask_reason, name_of, t, text_of
from workbench.indicators import ALL, EXTRA_KEYS
from workbench.publication import Publication, views

QUOTES_PER_VIEW = 25


class Payload:
    """Figures and tables stored once each; views map a filter key to one of them."""

    def __init__(self) -> None:
        self.figures: list[Any] = []
        self.tables: list[dict[str, Any]] = []
        self.views: dict[str, dict[str, Any]] = {}
        self._seen: dict[str, int] = {}
        self._memo: dict[str, int] = {}

    def _store(self, bucket: list[Any], value: Any, text: str) -> int:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        index = self._seen.get(digest)
        if index is None:
            index = self._seen[digest] = len(bucket)
            bucket.append(value)
        return index

    def figure(self, fig: Any) -> int:
        text = fig.to_json()
        return self._store(self.figures, json.loads(text), text)

    def memo_figure(self, key: str, build: Callable[[], Any]) -> int:
        """Build once per ``key`` (inputs identical → the same figure)."""
        if key not in self._memo:
            self._memo[key] = self.figure(build())
        return self._memo[key]

    def table(self, frame: pd.DataFrame, *, caption: str | None = None,
              masked: Iterable[bool] | None = None) -> int:
        value = {"caption": caption, "columns": [str(c) for c in frame.columns],
                 "rows": [["" if _missing(v) else str(v) for v in row]
                          for row in frame.itertuples(index=False, name=None)],
                 "masked": [bool(m) for m in masked] if masked is not None else None}
        return self._store(self.tables, value, json.dumps(value, sort_keys=True))

    def view(self, name: str, dims: list[str], kind: str = "figure",
             fixed: dict[str, str] | None = None) -> dict[str, Any]:
        """A view following the filters ``dims``; ``fixed``: what it shows for a filter it does
        not follow (default: all of them — « tous les quartiers », « toutes vagues »…)."""
        self.views[name] = {"dims": dims, "kind": kind, "items": {}, "fixed": fixed or {}}
        return self.views[name]["items"]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def _key(*parts: str) -> str:
    return "|".join(parts)


def _frame_hash(frame: pd.DataFrame | None, drop: tuple[str, ...] = ("qpv", "group")) -> str:
    if frame is None or frame.empty:
        return "empty"
    kept = frame.drop(columns=[c for c in drop if c in frame.columns]).reset_index(drop=True)
    hashed = pd.util.hash_pandas_object(kept, index=False).to_numpy().tobytes()
    return hashlib.sha1(hashed + ",".join(kept.columns).encode()).hexdigest()


# --- the sections ---------------------------------------------------------------------------------
class ViewBuilder:
    """Precomputes every view of the page from the publication."""

    def __init__(self, pub: Publication) -> None:
        self.pub, self.fw, self.cubes = pub, pub.fw, pub.cubes
        fw = self.fw
        self.p = Payload()
        self.qpvs = [ALL, *fw.qpv_ids]
        self.groups = [ALL, *fw.group_ids]
        self.waves = [w.id for w in sorted(fw.waves, key=lambda w: w.date)]
        self.qpv_names = {ALL: t("common.all_qpv"), **{q.id: q.name for q in fw.territory.qpvs}}
        self.group_names = {ALL: t("common.all_groups"),
                            **{g.id: name_of(g) for g in fw.groups}}

    def combos(self) -> Iterable[tuple[str, str]]:
        for qpv in self.qpvs:
            for group in self.groups:
                yield qpv, group

    def scope(self, qpv: str, group: str) -> str:
        return f"{self.qpv_names[qpv]} · {self.group_names[group]}"

    def barometer(self) -> None:
        from workbench.indicators.lessons import barometer_overview

        items = self.p.view("barometer", ["qpv", "group"])
        for qpv, group in self.combos():
            overview = barometer_overview(self.cubes, self.fw, qpv=qpv, group=group)
            items[_key(qpv, group)] = self.p.figure(charts.lesson_heatmap(
                overview, framework=self.fw,
                title=t("dashboard.barometer_title", scope=self.scope(qpv, group))))

    def lessons(self) -> None:
        fw, p = self.fw, self.p
        texts = p.view("lesson_text", ["lesson"], kind="text")
        trend = p.view("trend", ["lesson", "qpv", "group"])
        table = p.view("lesson_table", ["lesson", "wave", "qpv", "group"], kind="table")
        likert = p.view("likert", ["lesson", "wave", "qpv", "group"])
        for lesson in fw.lessons:
            texts[lesson.id] = text_of(lesson) or name_of(lesson)
            specs = [s for s in fw.indicators if s.lesson == lesson.id and s.id in self.cubes]
            cells = {s.id: _cells(self.cubes[s.id]) for s in specs}
            shown = [s for s in specs if style.unit_of(s.kind) == "share"] or \
                [s for s in specs if style.unit_of(s.kind) == "score"]
            items = [i.id for i in fw.items if lesson.id in i.lessons]
            for qpv, group in self.combos():
                rows = [narrow(self.cubes[s.id], keep=("wave",), qpv=qpv, group=group)
                        for s in shown]
                rows = [r[r["wave"] != ALL] for r in rows]
                frame = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
                trend[_key(lesson.id, qpv, group)] = p.figure(charts.lesson_trend(
                    frame, framework=fw, labels={s.id: name_of(s) for s in shown},
                    targets={s.id: s.target for s in shown if s.target is not None},
                    unit=style.unit_of(shown[0].kind) if shown else None,
                    title=t("dashboard.trend_title", lesson=lesson.id,
                            scope=self.scope(qpv, group))))
                for wave in self.waves:
                    key = _key(lesson.id, wave, qpv, group)
                    table[key] = p.table(_indicator_table(specs, cells, wave, qpv, group),
                                         caption=t("dashboard.table_caption", wave=wave))
                    if self.pub.likert.empty or not items:
                        continue
                    dist = views.likert_rows(self.pub, wave=wave, qpv=qpv, group=group,
                                             items=items)
                    title = t("dashboard.likert_title", wave=wave)
                    message = (t("dashboard.likert_not_crossed")
                               if qpv != ALL and group != ALL else None)
                    likert[key] = p.memo_figure(
                        f"likert|{title}|{message}|{_frame_hash(dist)}",
                        lambda dist=dist, title=title, message=message:
                        charts.likert_category_bars(dist, framework=fw, title=title,
                                                    empty_message=message))

    def participation(self) -> None:
        cube = self.pub.section_cube("participation")
        all_waves = {"wave": t("common.all_waves")}
        items = self.p.view("participation", ["qpv", "group"], fixed=all_waves)
        for qpv, group in self.combos():
            items[_key(qpv, group)] = self.p.figure(charts.participation_by_step(
                cube, framework=self.fw, qpv=qpv, group=group,
                title=t("dashboard.participation_title", scope=self.scope(qpv, group))))
        from workbench.exports.section_figures import participation_figures

        funnel = self.p.view("funnel", ["qpv"], fixed=all_waves)
        continuity = self.p.view("continuity", ["qpv"], fixed=all_waves)
        for qpv in self.qpvs:
            figures = participation_figures(self.pub, qpv=qpv)
            funnel[qpv] = self.p.figure(figures["funnel"])
            continuity[qpv] = self.p.figure(figures["continuity"])

    def network(self) -> None:
        from workbench.charts.network import network_table
        from workbench.exports.section_figures import (
            change_map,
            levels_figure,
            pairs_table,
            wave_map,
        )
        p, fw = self.p, self.fw
        section = views.network_section(self.pub)
        territory = {"qpv": t("static.fixed.territory"), "group": t("static.fixed.organisations")}
        maps = p.view("network_map", ["wave"], fixed=territory)
        changes = p.view("network_changes", ["wave"], fixed=territory)
        pairs = p.view("network_pairs", ["wave"], kind="table", fixed=territory)
        every_wave = {**territory, "wave": t("static.fixed.each_wave")}
        levels = p.view("network_levels", [], fixed=every_wave)
        table = p.view("network_table", [], kind="table", fixed=every_wave)
        if not section.waves:
            return
        first = section.waves[0]
        for wave in section.waves:
            maps[wave] = p.figure(wave_map(section, fw, wave))
            changes[wave] = p.figure(change_map(section, fw, first, wave))
            pairs[wave] = p.table(pairs_table(section, fw, wave), caption=t("static.pairs_title"))
        levels[""] = p.figure(levels_figure(section, fw))
        table[""] = p.table(network_table(section.cubes, fw), caption=t("network.title"))

    def voices(self) -> None:
        from workbench.charts.pathways import salience_chart

        p, fw = self.p, self.fw
        salience = p.view("salience", ["wave", "qpv", "group"])
        quotes_view = p.view("quotes", ["wave", "qpv", "group"], kind="quotes")
        records = self.pub.quotes.to_dict("records")
        self.quotes = [{"text": str(r["text"]), "context": self._quote_context(r)}
                       for r in records]
        for wave in self.waves:
            for qpv, group in self.combos():
                table = views.salience_table(self.pub, wave=wave, qpv=qpv, group=group)
                key = _key(wave, qpv, group)
                salience[key] = p.figure(salience_chart(table, fw))
                quotes_view[key] = [i for i, r in enumerate(records)
                                    if r["wave"] == wave and qpv in (ALL, r["qpv"])
                                    and group in (ALL, r["group"])][:QUOTES_PER_VIEW]

    def _quote_context(self, row: dict[str, Any]) -> str:
        place = self.qpv_names.get(row.get("qpv"), "") or t("report.whole_territory")
        event = row.get("event_label")
        if isinstance(event, str) and event:
            place = f"{place} · {event}"
        return t("static.quote_context", lessons=row.get("lessons") or "",
                 wave=row.get("wave") or "–", place=place)

    def pathways(self) -> None:
        from workbench.exports.section_figures import pathway_figures

        figures = pathway_figures(self.pub)
        latest = {"qpv": t("static.fixed.territory"), "group": t("static.fixed.actor_groups"),
                  "wave": t("static.fixed.latest_period")}
        every = {**latest, "wave": t("static.fixed.each_period")}
        for name in ("diagram", "trend", "ratings"):
            self.p.view(f"pathway_{name}", [], fixed=latest if name == "diagram" else every)[
                ""] = self.p.figure(figures[name])

    def readings(self) -> None:
        from workbench.indicators.readings import readings_for

        frame = self.pub.readings
        self.readings_list = [{
            "head": t("readings.entry_head", wave=r["wave"], agreement=r["agreement_label"],
                      date=str(r["recorded_at"] or "")[:10], author=r["author_id"] or "–")
            + f" · {r['subject_label']}",
            "interpretation": r["interpretation"] if isinstance(r["interpretation"], str) else "",
            "action": r["action"] if isinstance(r["action"], str) else "",
        } for r in frame.to_dict("records")]
        ids = frame["reading_id"].tolist()
        items = self.p.view("readings", ["lesson", "wave"], kind="readings",
                            fixed={"qpv": t("static.fixed.territory"),
                                   "group": t("static.fixed.committee")})
        for lesson in self.fw.lessons:
            subjects = [lesson.id, *(s.id for s in self.fw.indicators if s.lesson == lesson.id)]
            for wave in self.waves:
                shown = readings_for(frame, subject=subjects, up_to_wave=wave, fw=self.fw)
                items[_key(lesson.id, wave)] = [ids.index(i) for i in shown["reading_id"]]


def _cells(cube: pd.DataFrame) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(wave, qpv, group) → the cube's row (extra keys such as ``step`` at their total)."""
    keep = pd.Series(True, index=cube.index)
    for extra in EXTRA_KEYS:
        if extra in cube.columns:
            keep &= cube[extra].astype(str) == ALL
    rows = cube[keep.to_numpy()]
    return {(str(r["wave"]), str(r["qpv"]), str(r["group"])): r for r in rows.to_dict("records")}


def _indicator_table(specs: list[Indicator], cells: dict[str, dict], wave: str, qpv: str,
                     group: str) -> pd.DataFrame:
    """The lesson's indicators at one wave for the filter: value, interval, n, target."""
    records = []
    for spec in specs:
        row = cells[spec.id].get((wave, qpv, group))
        covers = wave
        if row is None and (ALL, qpv, group) in cells[spec.id]:  # not split by wave: say so
            row, covers = cells[spec.id][(ALL, qpv, group)], t("common.all_waves_short")
        unit = style.unit_of(spec.kind)
        value, interval, n = t("dashboard.no_value"), "", ""
        if row is not None and bool(row.get("masked")):
            reason = row.get("reason")
            value = mask_reason(reason if isinstance(reason, str) else None)
        elif row is not None and not _missing(row.get("value")):
            value = style.format_value(row["value"], unit)
            interval = style.format_interval(row.get("lower"), row.get("upper"), unit)
            n = style.format_n(row.get("n"))
        records.append({
            t("common.indicator"): name_of(spec),
            t("dashboard.evidence"): t(f"common.evidence.{spec.evidence}"),
            t("common.wave"): covers if row is not None else "",
            t("common.value"): value, t("common.interval"): interval, t("common.n"): n,
            t("dashboard.target"): style.format_value(spec.target, unit) if spec.target else "",
        })
    return pd.DataFrame(records)
