"""The COPIL dashboard's evidence sections, precomputed once: participation, cooperation network,
voices and change pathways.

Each panel loads what it needs at construction (from the dataset and the ``compute_all`` cubes)
and answers a filter choice with a look-up and one chart. The panels reuse the building blocks of
``workbench.indicators`` (funnel, qualitative, and the network and pathway views) drawn by
``workbench.charts``; nothing here computes a statistic of its own.

A ``Part`` is one widget of the page, the filters it depends on and how to render it; the
dashboard renders a part again only when one of *its* filters changed, and keeps what it rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from workbench.apps.display import escape, html_table, message_html
from workbench.charts.style import empty_figure
from workbench.framework import Framework
from workbench.i18n import known, name_of, t
from workbench.indicators import ALL, EXTRA_KEYS
from workbench.publication import Publication, views

Content = go.Figure | str  # a figure for an ``Output``, escaped HTML for an ``HTML`` widget
Filters = Mapping[str, str]
QUOTE_STYLE = """<style>
.wb-quotes{max-height:560px;overflow-y:auto;border:1px solid #e3e3e3;padding:4px 10px;
 max-width:980px}
.wb-quote{border-left:4px solid #009E73;background:#f7faf8;margin:8px 0;padding:6px 12px;
 font-size:15px;line-height:1.45}
.wb-quote-title{font-weight:600;margin-bottom:2px}
.wb-quote-text{white-space:normal}
.wb-quote-meta{color:#444;font-size:13px;margin-top:4px}
.wb-lesson-tag{display:inline-block;background:#e8f1f8;color:#003D66;border-radius:3px;
 padding:0 6px;margin:2px 4px 0 0;font-size:12.5px}
.wb-scope{color:#555;font-size:13px;font-style:italic;margin:2px 0 6px 0}
</style>"""


@dataclass
class Part:
    """One widget of the page: ``render(filters)`` gives its content for the filters it
    ``depends`` on (``wave``, ``qpv``, ``group``, ``lesson``)."""

    name: str
    depends: tuple[str, ...]
    render: Callable[[Filters], Content]
    widget: widgets.Widget = field(default_factory=widgets.Output)

    def key(self, filters: Filters) -> tuple[str, ...]:
        return tuple(str(filters[d]) for d in self.depends)


def scope_note(text_key: str) -> widgets.HTML:
    """A small French sentence saying which filters a section does not follow."""
    return widgets.HTML(f"{QUOTE_STYLE}<p class='wb-scope'>{escape(t(text_key))}</p>")


def wave_label(fw: Framework, wave: str) -> str:
    return next((name_of(w) for w in fw.waves if w.id == wave), wave)


def filters_it_has(cube: pd.DataFrame, f: Filters) -> dict[str, str]:
    """The filters with « * » for the neighbourhood and group when the cube has no breakdown
    by them (a network measure exists for the whole territory only): such a row is shown for
    the whole territory, and said so, instead of « pas de donnée »."""
    fixed = dict(f)
    for dim in ("qpv", "group"):
        if dim in cube.columns and fixed.get(dim, ALL) != ALL \
                and not (cube[dim].dropna().astype(str) != ALL).any():
            fixed[dim] = ALL
    return fixed


# --- participation -------------------------------------------------------------------------------
class ParticipationPanel:
    """Funnel of the people present at the nine steps (by group) and who came back, per QPV.

    The funnel and continuity frames are computed once per QPV at construction."""

    def __init__(self, pub: Publication) -> None:
        fw = pub.fw
        self._fw = fw
        qpvs = [ALL, *fw.qpv_ids]
        self._funnel = {q: views.funnel(pub, q) for q in qpvs}
        self._continuity = {q: views.continuity(pub, q) for q in qpvs}

    def funnel(self, f: Filters, scope: str) -> go.Figure:
        from workbench.charts.pathways import funnel_chart

        frame = self._funnel.get(f["qpv"], pd.DataFrame())
        if f["group"] != ALL and not frame.empty:  # the group the title names, no other row
            frame = frame[(frame["group"] == f["group"]).to_numpy()]
        return funnel_chart(frame, self._fw,
                            title=t("dashboard.funnel_title", scope=scope))

    def continuity(self, f: Filters, scope: str) -> go.Figure:
        from workbench.charts.pathways import continuity_chart

        frame = self._continuity.get(f["qpv"])
        if frame is None or frame.empty:
            return empty_figure(t("common.no_data"), title=t("dashboard.continuity_title",
                                                            scope=scope))
        return continuity_chart(frame, self._fw, group=f["group"],
                                title=t("dashboard.continuity_title", scope=scope))


# --- cooperation network -------------------------------------------------------------------------
class NetworkPanel:
    """Per wave: the map (one stable layout), the ties new or stronger since the previous wave,
    the pairs to discuss; the measures table (every wave). All figures built at construction."""

    def __init__(self, pub: Publication) -> None:
        from workbench.charts.network import network_table
        from workbench.exports.section_figures import change_map, pairs_table, wave_map

        fw = pub.fw
        self._fw = fw
        # once: the same place in every wave; the framework's own network cubes when declared
        section = views.network_section(pub)
        self.waves = list(section.waves)
        self.maps = {w: wave_map(section, fw, w) for w in self.waves}
        self.changes: dict[str, go.Figure] = {}
        for i, wave in enumerate(self.waves):
            if i == 0:
                self.changes[wave] = empty_figure(
                    t("dashboard.network_first_wave", wave=wave_label(fw, wave)),
                    title=t("dashboard.network_changes_title", wave=wave_label(fw, wave)))
            else:
                self.changes[wave] = change_map(section, fw, self.waves[i - 1], wave)
        self.pairs = {w: pairs_table(section, fw, w) for w in self.waves}
        self.table = network_table(section.cubes, fw) if self.waves else pd.DataFrame()

    def _absent(self, wave: str, title: str) -> go.Figure:
        text = (t("dashboard.network_none") if not self.waves
                else t("dashboard.network_no_wave", wave=wave_label(self._fw, wave)))
        return empty_figure(text, title=title)

    def map(self, f: Filters) -> go.Figure:
        wave = f["wave"]
        if wave in self.maps:
            return self.maps[wave]
        return self._absent(wave, t("network.map_title", wave=wave_label(self._fw, wave)))

    def change_map(self, f: Filters) -> go.Figure:
        wave = f["wave"]
        if wave in self.changes:
            return self.changes[wave]
        return self._absent(wave, t("dashboard.network_changes_title",
                                    wave=wave_label(self._fw, wave)))

    def table_html(self) -> str:
        if self.table.empty:
            return message_html(t("dashboard.network_none"))
        return html_table(self.table, caption=t("dashboard.network_table_caption"))

    def pairs_html(self, f: Filters) -> str:
        title = f"<h4>{escape(t('network.app.pairs_title'))}</h4>"
        pairs = self.pairs.get(f["wave"])
        if pairs is None:
            return ""
        return title + (html_table(pairs) if len(pairs) else message_html(
            t("network.app.no_pairs")))


# --- voices --------------------------------------------------------------------------------------
class VoicesPanel:
    """Quotable coded verbatims with their lessons, and the salience of each lesson."""

    def __init__(self, pub: Publication) -> None:
        fw = pub.fw
        self._fw = fw
        # every filter at "*": filtered per choice below
        self.quotes = pub.quotes
        self._salience = {le.id: cube for le in fw.lessons
                          if not (cube := pub.section_cube(f"salience:{le.id}")).empty}
        self._salience_rows = {lesson: _row_positions(cube)
                               for lesson, cube in self._salience.items()}
        self._events = {}

    def salience_table(self, f: Filters) -> pd.DataFrame:
        """Same rows as ``salience_by_lesson`` for the filter (look-ups in the cubes)."""
        rows = []
        key = (str(f["wave"]), str(f["qpv"]), str(f["group"]))
        for lesson, cube in self._salience.items():
            position = self._salience_rows[lesson].get(key)
            if position is not None:
                rows.append(cube.iloc[[position]].assign(lesson=lesson))
        columns = ["lesson", "value", "n", "lower", "upper", "masked", "reason"]
        if not rows:
            return pd.DataFrame(columns=columns)
        return pd.concat(rows, ignore_index=True)[columns]

    def salience(self, f: Filters, scope: str) -> go.Figure:
        from workbench.charts.pathways import salience_chart

        return salience_chart(self.salience_table(f), self._fw,
                              title=t("dashboard.salience_title", scope=scope))

    def selected(self, f: Filters) -> pd.DataFrame:
        quotes = self.quotes
        for column, wanted in (("wave", f["wave"]), ("qpv", f["qpv"]), ("group", f["group"])):
            if wanted != ALL and not quotes.empty:
                quotes = quotes[(quotes[column] == wanted).to_numpy()]
        return quotes

    def quotes_html(self, f: Filters) -> str:
        """Every quotable coded verbatim of the choice, text escaped, with its lessons."""
        quotes = self.selected(f)
        if quotes.empty:
            return message_html(t("dashboard.quotes_none"))
        head = (f"<p class='wb-note' style='margin:4px 0'>"
                f"{escape(t('dashboard.quotes_count', n=len(quotes)))}</p>")
        cards = [self._card(row) for row in quotes.itertuples(index=False)]
        return f"{QUOTE_STYLE}{head}<div class='wb-quotes'>{''.join(cards)}</div>"

    def _card(self, row: Any) -> str:
        fw = self._fw
        title = _text(row.title)
        text = escape(_text(row.text)).replace("\n", "<br>")
        meta = [_kind_label(row.kind), _text(row.event_label), _text(row.prompt),
                _qpv_name(fw, row.qpv), _group_name(fw, row.group)]
        meta_html = " · ".join(escape(m) for m in meta if m)
        tags = "".join(f"<span class='wb-lesson-tag'>{escape(_lesson_tag(fw, code))}</span>"
                       for code in str(row.lessons).split(", ") if code)
        title_html = f"<div class='wb-quote-title'>{escape(title)}</div>" if title else ""
        return (f"<div class='wb-quote'>{title_html}<div class='wb-quote-text'>« {text} »</div>"
                f"<div class='wb-quote-meta'>{meta_html}</div><div>{tags}</div></div>")


def _row_positions(cube: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    """Position of the first row of each wave × QPV × group (extra keys at « * »)."""
    keep = pd.Series(True, index=cube.index)
    for extra in EXTRA_KEYS:
        if extra in cube.columns:
            keep &= cube[extra].astype(str) == ALL
    positions: dict[tuple[str, str, str], int] = {}
    for i, (w, q, g, ok) in enumerate(zip(cube["wave"].astype(str), cube["qpv"].astype(str),
                                          cube["group"].astype(str), keep, strict=True)):
        if ok:
            positions.setdefault((w, q, g), i)
    return positions


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def _kind_label(kind: Any) -> str:
    key = f"voices.kind.{kind}"
    return t(key) if known(key) else _text(kind)


def _qpv_name(fw: Framework, qpv: Any) -> str:
    qpv = _text(qpv)
    return next((q.name for q in fw.territory.qpvs if q.id == qpv), qpv)


def _group_name(fw: Framework, group: Any) -> str:
    group = _text(group)
    return next((name_of(g) for g in fw.groups if g.id == group), group)


def _lesson_tag(fw: Framework, code: str) -> str:
    lesson = next((le for le in fw.lessons if le.id == code), None)
    return f"{code} · {name_of(lesson)}" if lesson is not None else code


# --- change pathways -----------------------------------------------------------------------------
class PathwayPanel:
    """The pathway diagram coloured by attainment at the period matching the chosen wave (built
    on first use, then kept), and the attainment trend (built once)."""

    def __init__(self, pub: Publication) -> None:
        from workbench.charts.pathways import attainment_trend_chart

        fw = pub.fw
        self._pub, self._fw = pub, fw
        self.periods = views.rating_periods(pub)
        cube = pub.section_cube("markers")
        self._trend = attainment_trend_chart(cube, fw, title=t("dashboard.pathway_trend_title"))
        self._diagrams: dict[str | None, go.Figure] = {}
        self.diagram({"wave": fw.wave_ids[-1]})

    def trend(self) -> go.Figure:
        return self._trend

    def period_for(self, wave: str) -> str | None:
        """The wave itself when rated; else the latest rated period before it (periods named
        after waves); else, for periods not named after waves, the latest period."""
        if wave in self.periods:
            return wave
        order = self._fw.wave_ids
        if self.periods and all(p in order for p in self.periods):
            earlier = [p for p in self.periods if order.index(p) <= order.index(wave)] \
                if wave in order else []
            return earlier[-1] if earlier else None
        return self.periods[-1] if self.periods else None

    def diagram(self, f: Filters) -> go.Figure:
        from workbench.exports.section_figures import pathway_diagram_figure

        period = self.period_for(f["wave"])
        if period is None and self.periods:
            return empty_figure(t("dashboard.pathway_not_yet", wave=wave_label(self._fw, f["wave"]),
                                  first=self.periods[0]), title=t("voices.pathway_title"))
        if period not in self._diagrams:
            self._diagrams[period] = pathway_diagram_figure(self._pub, period=period)
        return self._diagrams[period]

    def note_html(self, f: Filters) -> str:
        period = self.period_for(f["wave"])
        if period is None or period == f["wave"]:
            return ""
        return (f"{QUOTE_STYLE}<p class='wb-scope'>"
                f"{escape(t('dashboard.pathway_period', period=period))}</p>")
