"""Plotly maps of the cooperation network: one stable layout, a wave slider, the ties that changed.

The maps draw the frames of ``workbench.indicators.network_views`` (computed once per section):
organisations and their symmetrised ties, never a person's rating. Each organisation is a circle
carrying its number (``node_numbers``: the same in every wave and every map); the names are in
the hover text and in the list of organisations shown under the map (``node_key``), so that no
name ever overlaps another, even on a phone. A wave the small-cell rule
masked (``masked`` in the summary frame) is drawn as « effectif trop faible »; nothing here
computes or masks.

Frames read (one row per wave in ``summary``; the others long, with a ``wave`` column):

* ``summary``: wave, masked, respondents, organisations, roster;
* ``nodes``: wave, organisation, name, sector, degree, responded;
* ``edges``: wave, org_a, org_b, level;
* ``changes``: before, after, org_a, org_b, change (``new``, ``stronger``…);
* ``levels``: wave, level, share;
* ``positions``: organisation → (x, y).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from workbench.charts.style import (
    MASKED_TEXT,
    SERIES_COLOURS,
    TITLE_CHARS,
    base_layout,
    empty_figure,
    format_value,
    lines_of,
    wrap,
)
from workbench.framework import Framework
from workbench.i18n import known, name_of, t

Positions = Mapping[str, tuple[float, float]]
TIE_MIN_LEVEL = 1
MAP_HEIGHT = 720  # the map, its subtitle and a legend that takes one line per entry on a phone
# sector colours on which a white number reads better than a black one
DARK_FILLS = {"#0072B2", "#D55E00", "#009E73", "#000000", "#CC79A7"}
# level → (colour, width): light grey (networking) to dark blue (collaboration)
LEVEL_STYLE: dict[int, tuple[str, float]] = {
    1: ("#C8C8C8", 1.0), 2: ("#9E9E9E", 1.6), 3: ("#56B4E9", 2.4), 4: ("#0072B2", 3.4),
    5: ("#003D66", 4.6),
}
NEW_COLOUR, STRONGER_COLOUR, FAINT_COLOUR = "#0072B2", "#E69F00", "#E3E3E3"
# measure (indicator kind) → how its value is written in the measures table
MEASURE_UNITS: dict[str, str] = {"collaboration_mean": "level", "network_ei_index": "signed"}


# --- labels and look -----------------------------------------------------------------------------
def sector_colours(fw: Framework, extra: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
    """Okabe & Ito colours by sector, in the roster's order of first appearance."""
    order = list(dict.fromkeys([o.sector for o in fw.organisations] + list(extra)))
    return {s: SERIES_COLOURS[i % len(SERIES_COLOURS)] for i, s in enumerate(order)}


def sector_label(sector: str) -> str:
    key = f"network.sector.{sector}"
    return t(key) if known(key) else sector


def level_label(level: int) -> str:
    return t(f"network.level.{int(level)}")


def wave_name(fw: Framework, wave: str) -> str:
    for entry in fw.waves:
        if entry.id == wave:
            return name_of(entry)
    return wave


def node_size(degree: int, n_nodes: int) -> float:
    """Marker diameter (px) growing with the square root of the share of possible partners
    (at least 20 px: the organisation's number is written inside)."""
    share = degree / (n_nodes - 1) if n_nodes > 1 else 0.0
    return round(20.0 + 16.0 * math.sqrt(max(0.0, min(1.0, share))), 1)


def node_numbers(organisations: Iterable[str], fw: Framework) -> dict[str, int]:
    """The number each organisation carries on every map: the roster's order, then the
    organisations seen outside the roster in alphabetical order."""
    present = list(dict.fromkeys(str(o) for o in organisations))
    roster = [o.id for o in fw.organisations if o.id in present]
    others = sorted(o for o in present if o not in roster)
    return {org: i for i, org in enumerate(roster + others, start=1)}


def node_key(nodes: pd.DataFrame, fw: Framework, positions: Positions) -> pd.DataFrame:
    """The list under a map: number, organisation, sector (French headings, the maps' order)."""
    numbers = node_numbers(positions, fw)
    first = nodes.drop_duplicates("organisation").set_index("organisation")
    names = {o.id: o.name for o in fw.organisations}
    sectors = {o.id: o.sector for o in fw.organisations}
    rows = []
    for org, number in sorted(numbers.items(), key=lambda item: item[1]):
        name = first["name"].get(org, names.get(org, org)) if len(first) else names.get(org, org)
        sector = first["sector"].get(org, sectors.get(org)) if len(first) else sectors.get(org)
        rows.append({t("network.col.number"): number, t("network.col.organisation"): name,
                     t("network.col.sector"): sector_label(str(sector))})
    return pd.DataFrame(rows)


def _of(frame: pd.DataFrame, wave: str, column: str = "wave") -> pd.DataFrame:
    return frame[(frame[column] == wave).to_numpy()] if len(frame) else frame


def _wave_row(summary: pd.DataFrame, wave: str) -> dict[str, Any]:
    hit = _of(summary, wave)
    return hit.iloc[0].to_dict() if len(hit) else {"wave": wave, "masked": False}


def _masked(summary: pd.DataFrame, wave: str) -> bool:
    return bool(_wave_row(summary, wave).get("masked", False))


# --- traces --------------------------------------------------------------------------------------
def _edge_trace(edges: list[tuple[str, str]], positions: Positions, *, colour: str, width: float,
                name: str, dash: str = "solid", group: str = "ties") -> go.Scatter:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in edges:
        xs += [positions[a][0], positions[b][0], None]
        ys += [positions[a][1], positions[b][1], None]
    return go.Scatter(x=xs, y=ys, mode="lines", name=name, legendgroup=group, hoverinfo="skip",
                      line={"color": colour, "width": width, "dash": dash})


def node_traces(nodes: pd.DataFrame, fw: Framework, positions: Positions) -> list[go.Scatter]:
    """One trace per sector: filled circles for organisations that answered, hollow otherwise;
    each circle carries the organisation's number (``node_numbers``), its name on hover."""
    colours = sector_colours(fw, list(nodes["sector"]))
    numbers = node_numbers(positions, fw)
    traces = []
    for sector, part in nodes.groupby("sector", sort=False):
        part = part[part["organisation"].isin(positions.keys())]
        part = part.sort_values("responded", ascending=False, kind="stable")  # legend: filled
        hover = [
            f"{numbers[row.organisation]} · "
            + t("network.hover_node", name=row.name, sector=sector_label(str(sector)),
                degree=int(row.degree))
            + ("" if row.responded else "<br>" + t("network.not_responded"))
            for row in part.itertuples(index=False)
        ]
        ink = ["#FFFFFF" if r and colours[sector] in DARK_FILLS else "#111111"
               for r in part["responded"]]
        traces.append(go.Scatter(
            x=[positions[o][0] for o in part["organisation"]],
            y=[positions[o][1] for o in part["organisation"]],
            mode="markers+text", name=sector_label(str(sector)), legendgroup="sectors",
            text=[str(numbers[o]) for o in part["organisation"]],
            textposition="middle center", textfont={"size": 10, "color": ink},
            customdata=list(part["organisation"]), hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            marker={"size": [node_size(d, len(positions)) for d in part["degree"]],
                    "color": colours[sector],
                    "symbol": ["circle" if r else "circle-open" for r in part["responded"]],
                    "line": {"color": "#222222", "width": 1.2}, "opacity": 0.95},
        ))
    return traces


def wave_traces(nodes: pd.DataFrame, edges: pd.DataFrame, fw: Framework, positions: Positions,
                min_level: int = TIE_MIN_LEVEL) -> list[go.Scatter]:
    """Edges by level (one trace each, weakest first), then nodes by sector (one wave's rows)."""
    pairs = list(zip(edges["org_a"], edges["org_b"], edges["level"], strict=True))
    traces = []
    for level, (colour, width) in LEVEL_STYLE.items():
        if level < min_level:
            continue
        traces.append(_edge_trace([(a, b) for a, b, lv in pairs if int(lv) == level], positions,
                                  colour=colour, width=width,
                                  name=t("network.legend_level", level=level,
                                         label=level_label(level))))
    return traces + node_traces(nodes, fw, positions)


def _map_layout(title: str | None, subtitle: str, positions: Positions) -> dict[str, Any]:
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    pad = 0.12
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    layout = base_layout(
        title, height=MAP_HEIGHT,
        xaxis={**axis, "range": [min(xs) - pad, max(xs) + pad]},
        yaxis={**axis, "range": [min(ys) - pad, max(ys) + pad], "scaleanchor": "x"},
        annotations=[_note(subtitle)],
    )
    layout["margin"]["t"] += NOTE_LINE * lines_of(_note(subtitle)["text"])
    layout["legend"]["font"] = {"size": 12}
    return layout


NOTE_CHARS, NOTE_LINE = 48, 16  # the subtitle under the title: 12 px text, a phone's width


def _note(text: str, *, y: float = 1.0) -> dict[str, Any]:
    return {"text": wrap(text, NOTE_CHARS), "x": 0, "y": y, "xref": "paper", "yref": "paper",
            "showarrow": False, "xanchor": "left", "yanchor": "bottom", "align": "left",
            "yshift": 4, "font": {"size": 12, "color": MASKED_TEXT}}


def _subtitle(row: Mapping[str, Any]) -> str:
    return t("network.map_subtitle", n=int(row["respondents"]),
             organisations=int(row["organisations"]), roster=int(row["roster"]))


def masked_wave_text(fw: Framework, wave: str) -> str:
    return t("network.masked_wave", wave=wave_name(fw, wave), k=fw.min_cell)


# --- figures -------------------------------------------------------------------------------------
def network_map(summary: pd.DataFrame, nodes: pd.DataFrame, edges: pd.DataFrame,
                positions: Positions, fw: Framework, *, wave: str,
                min_level: int = TIE_MIN_LEVEL, title: str | None = None) -> go.Figure:
    """One wave's map: nodes coloured by sector, sized by degree; ties by level."""
    title = title or t("network.map_title", wave=wave_name(fw, wave))
    if _masked(summary, wave):
        return empty_figure(masked_wave_text(fw, wave), title=title)
    fig = go.Figure(wave_traces(_of(nodes, wave), _of(edges, wave), fw, positions, min_level))
    fig.update_layout(_map_layout(title, _subtitle(_wave_row(summary, wave)), positions))
    return fig


def network_waves_map(summary: pd.DataFrame, nodes: pd.DataFrame, edges: pd.DataFrame,
                      positions: Positions, fw: Framework, *, min_level: int = TIE_MIN_LEVEL,
                      active: str | None = None) -> go.Figure:
    """Every wave in one figure with a slider (positions identical from wave to wave)."""
    waves = [str(w) for w in summary["wave"]]
    if not waves:
        return empty_figure(title=t("network.title"))
    active = active if active in waves else waves[-1]
    fig = go.Figure()
    spans, notes = [], []
    for wave in waves:
        start = len(fig.data)
        if _masked(summary, wave):
            notes.append(_note(masked_wave_text(fw, wave)))
        else:
            fig.add_traces(wave_traces(_of(nodes, wave), _of(edges, wave), fw, positions,
                                       min_level))
            notes.append(_note(_subtitle(_wave_row(summary, wave))))
        spans.append((start, len(fig.data)))
    steps = []
    for i, wave in enumerate(waves):
        visible = [spans[i][0] <= j < spans[i][1] for j in range(len(fig.data))]
        title = t("network.map_title", wave=wave_name(fw, wave))
        steps.append({"method": "update", "label": wave,
                      "args": [{"visible": visible}, {"title.text": wrap(title, TITLE_CHARS),
                                                      "annotations": [notes[i]]}]})
    current = waves.index(active)
    for j, trace in enumerate(fig.data):
        trace.visible = spans[current][0] <= j < spans[current][1]
    layout = _map_layout(t("network.map_title", wave=wave_name(fw, active)),
                         max((n["text"] for n in notes), key=lines_of), positions)
    layout["annotations"] = [notes[current]]
    layout["sliders"] = [{"active": current, "steps": steps, "pad": {"t": 10, "b": 10},
                          "y": 0, "yanchor": "top",
                          "currentvalue": {"prefix": t("network.slider_prefix")}}]
    layout["height"] = MAP_HEIGHT + 90
    fig.update_layout(layout)
    return fig


def tie_change_map(summary: pd.DataFrame, nodes: pd.DataFrame, edges: pd.DataFrame,
                   changes: pd.DataFrame, positions: Positions, fw: Framework, *, before: str,
                   after: str) -> go.Figure:
    """Ties that appeared or strengthened from ``before`` to ``after``; other ties in pale grey."""
    title = t("network.changes_title", before=before, after=after)
    for wave in (before, after):
        if _masked(summary, wave):
            return empty_figure(masked_wave_text(fw, wave), title=title)
    rows = _of(_of(changes, before, "before"), after, "after")
    pairs = {c: list(zip(part["org_a"], part["org_b"], strict=True))
             for c, part in rows.groupby("change")} if len(rows) else {}
    highlighted = set(pairs.get("new", [])) | set(pairs.get("stronger", []))
    tied = _of(edges, after)
    faint = [(a, b) for a, b in zip(tied["org_a"], tied["org_b"], strict=True)
             if (a, b) not in highlighted]
    traces = [
        _edge_trace(faint, positions, colour=FAINT_COLOUR, width=1.0,
                    name=t("network.change.other")),
        _edge_trace(pairs.get("stronger", []), positions, colour=STRONGER_COLOUR, width=3.2,
                    name=t("network.change.stronger"), group="changes"),
        _edge_trace(pairs.get("new", []), positions, colour=NEW_COLOUR, width=3.2,
                    name=t("network.change.new"), group="changes"),
    ]
    fig = go.Figure(traces + node_traces(_of(nodes, after), fw, positions))
    counts = t("network.changes_counts", new=len(pairs.get("new", [])),
               stronger=len(pairs.get("stronger", [])))
    fig.update_layout(_map_layout(title, counts, positions))
    return fig


def levels_over_waves(levels: pd.DataFrame, summary: pd.DataFrame, fw: Framework) -> go.Figure:
    """Share of observed pairs at each collaboration level, wave by wave (stacked bars)."""
    waves = [str(w) for w, m in zip(summary["wave"], summary["masked"], strict=True) if not m]
    if not waves:
        return empty_figure(title=t("network.levels_title"))
    fig = go.Figure()
    palette = {0: "#EEEEEE", **{lv: style[0] for lv, style in LEVEL_STYLE.items()}}
    share = {(str(w), int(lv)): s for w, lv, s in
             zip(levels["wave"], levels["level"], levels["share"], strict=True)}
    ticks = [f"{w}<br>n = {int(_wave_row(summary, w)['respondents'])}" for w in waves]
    for level in range(0, 6):
        fig.add_trace(go.Bar(x=ticks, y=[share.get((w, level), float("nan")) for w in waves],
                             name=t("network.legend_level", level=level, label=level_label(level)),
                             marker={"color": palette[level], "line": {"color": "#777777",
                                                                       "width": 0.5}},
                             hovertemplate="%{y:.0%}<extra>%{fullData.name}</extra>"))
    fig.update_layout(base_layout(t("network.levels_title"), barmode="stack", height=560,
                                  yaxis={"tickformat": ".0%", "range": [0, 1]}))
    return fig


# --- French text tables --------------------------------------------------------------------------
def _cell(row: pd.Series, unit: str) -> str:
    if bool(row.get("masked", False)):
        return t("common.masked")
    value = row["value"]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "signed":
        return f"{value:+.2f}".replace(".", ",")
    if unit == "level":
        return f"{value:.1f}".replace(".", ",")
    return format_value(value, "share")


def network_table(cubes: Mapping[str, pd.DataFrame], fw: Framework) -> pd.DataFrame:
    """Measures (rows, in the order of ``cubes``: kind → published cube) × waves (columns),
    French text cells, masked cells labelled; the first row: respondents of the first cube."""
    waves = [w for w in fw.wave_ids if any((c["wave"] == w).any() for c in cubes.values())]
    rows = []
    first = next(iter(cubes.values()), pd.DataFrame())
    if not first.empty:
        n_row = {t("network.col.measure"): t("network.respondents")}
        for wave in waves:
            hit = first[first["wave"] == wave]
            masked = hit.empty or bool(hit["masked"].iloc[0])
            n_row[wave] = t("common.masked") if masked else str(int(hit["n"].iloc[0]))
        rows.append(n_row)
    for kind, cube in cubes.items():
        row = {t("network.col.measure"): t(f"network.kind.{kind}")}
        for wave in waves:
            hit = cube[cube["wave"] == wave] if not cube.empty else cube
            row[wave] = _cell(hit.iloc[0], MEASURE_UNITS.get(kind, "share")) if len(hit) else "–"
        rows.append(row)
    return pd.DataFrame(rows)


def discussion_table(pairs: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Pairs to discuss (``org_a, org_b, gap``, one wave's rows) as names and gap, in order."""
    names = {o.id: o.name for o in fw.organisations}
    return pd.DataFrame({
        t("network.col.pair"): [f"{names.get(a, a)} ↔ {names.get(b, b)}"
                                for a, b in zip(pairs["org_a"], pairs["org_b"], strict=True)],
        t("network.col.gap"): [int(g) for g in pairs["gap"]],
    })


__all__ = [
    "LEVEL_STYLE", "MEASURE_UNITS", "discussion_table", "level_label", "levels_over_waves",
    "masked_wave_text", "network_map", "network_table", "network_waves_map", "node_key",
    "node_numbers", "node_size",
    "node_traces", "sector_colours", "sector_label", "tie_change_map", "wave_name", "wave_traces",
]
