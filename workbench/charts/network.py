"""Plotly maps of the cooperation network: one stable layout, a wave slider, the ties that changed.

The maps show organisations and their (symmetrised) ties, never a person's rating. A wave whose
network rests on fewer respondents than the framework's threshold is not drawn (« effectif trop
faible »): the decision goes through ``privacy.suppress``, the one small-cell rule.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from workbench.charts.style import (
    MASKED_TEXT,
    SERIES_COLOURS,
    base_layout,
    empty_figure,
    format_value,
)
from workbench.framework import Framework, Indicator
from workbench.i18n import known, name_of, t, texts_of
from workbench.indicators import compute
from workbench.indicators.network import NETWORK_KINDS
from workbench.indicators.network_graph import (
    TIE_MIN_LEVEL,
    WaveNetwork,
    discordant_pairs,
    networks_by_wave,
    node_table,
    tie_changes,
)
from workbench.privacy.suppression import suppress
from workbench.store import Dataset

Positions = dict[str, tuple[float, float]]
MAP_HEIGHT = 600
# level → (colour, width): light grey (networking) to dark blue (collaboration)
LEVEL_STYLE: dict[int, tuple[str, float]] = {
    1: ("#C8C8C8", 1.0), 2: ("#9E9E9E", 1.6), 3: ("#56B4E9", 2.4), 4: ("#0072B2", 3.4),
    5: ("#003D66", 4.6),
}
NEW_COLOUR, STRONGER_COLOUR, FAINT_COLOUR = "#0072B2", "#E69F00", "#E3E3E3"


# --- layout and look -----------------------------------------------------------------------------
def stable_layout(fw: Framework, networks: dict[str, WaveNetwork], *,
                  seed: int = 2023) -> Positions:
    """One position per organisation for every wave: a seeded spring layout of the union graph
    (roster + every organisation seen), edges weighted by their highest level over the waves."""
    union = nx.Graph()
    nodes = [o.id for o in fw.organisations]
    for net in networks.values():
        nodes += [n for n in net.nodes if n not in nodes]
    union.add_nodes_from(nodes)
    for net in networks.values():
        for a, b, level in net.edges(TIE_MIN_LEVEL):
            previous = union.edges[a, b]["weight"] if union.has_edge(a, b) else 0.0
            union.add_edge(a, b, weight=max(previous, float(level)))
    if not nodes:
        return {}
    k = 1.8 / math.sqrt(len(nodes))
    raw = nx.spring_layout(union, seed=seed, weight="weight", k=k, iterations=300)
    return {node: (round(float(xy[0]), 4), round(float(xy[1]), 4)) for node, xy in raw.items()}


def sector_colours(fw: Framework, extra: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
    """Okabe & Ito colours by sector, in the roster's order of first appearance."""
    order = list(dict.fromkeys([o.sector for o in fw.organisations] + list(extra)))
    return {s: SERIES_COLOURS[i % len(SERIES_COLOURS)] for i, s in enumerate(order)}


def sector_label(sector: str) -> str:
    key = f"network.sector.{sector}"
    return t(key) if known(key) else sector


def level_label(level: int) -> str:
    return t(f"network.level.{int(level)}")


def wave_is_masked(net: WaveNetwork, fw: Framework) -> bool:
    """True when the wave rests on fewer respondents than the threshold (the common rule)."""
    cell = pd.DataFrame({"wave": [net.wave], "qpv": ["*"], "group": ["*"],
                         "value": [0.0], "n": [float(net.respondents)]})
    return bool(suppress(cell, threshold=fw.min_cell, additive=())["masked"].iloc[0])


def wave_name(fw: Framework, wave: str) -> str:
    for entry in fw.waves:
        if entry.id == wave:
            return name_of(entry)
    return wave


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


def _node_traces(net: WaveNetwork, fw: Framework, positions: Positions,
                 min_level: int = TIE_MIN_LEVEL) -> list[go.Scatter]:
    nodes = node_table(net, fw, min_level)
    missing = [o.id for o in fw.organisations if o.id not in set(nodes["organisation"])]
    if missing:  # roster organisations absent this wave: drawn as isolated, not responding
        extra = pd.DataFrame({"organisation": missing, "degree": 0, "responded": False,
                              "name": [o.name for o in fw.organisations if o.id in missing],
                              "sector": [o.sector for o in fw.organisations if o.id in missing]})
        nodes = pd.concat([nodes, extra], ignore_index=True)
    colours = sector_colours(fw, list(nodes["sector"]))
    traces = []
    for sector, part in nodes.groupby("sector", sort=False):
        part = part[part["organisation"].isin(positions.keys())]
        part = part.sort_values("responded", ascending=False, kind="stable")  # legend: filled
        hover = [
            t("network.hover_node", name=row.name, sector=sector_label(str(sector)),
              degree=int(row.degree))
            + ("" if row.responded else "<br>" + t("network.not_responded"))
            for row in part.itertuples(index=False)
        ]
        traces.append(go.Scatter(
            x=[positions[o][0] for o in part["organisation"]],
            y=[positions[o][1] for o in part["organisation"]],
            mode="markers+text", name=sector_label(str(sector)), legendgroup="sectors",
            text=[str(n) if len(str(n)) <= 28 else str(n)[:26] + "…" for n in part["name"]],
            textposition="top center", textfont={"size": 11, "color": "#333333"},
            customdata=list(part["organisation"]), hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            marker={"size": [node_size(d, len(positions)) for d in part["degree"]],
                    "color": colours[sector],
                    "symbol": ["circle" if r else "circle-open" for r in part["responded"]],
                    "line": {"color": "#222222", "width": 1.2}, "opacity": 0.95},
        ))
    return traces


def node_size(degree: int, n_nodes: int) -> float:
    """Marker diameter (px) growing with the square root of the share of possible partners."""
    share = degree / (n_nodes - 1) if n_nodes > 1 else 0.0
    return round(10.0 + 22.0 * math.sqrt(max(0.0, min(1.0, share))), 1)


def wave_traces(net: WaveNetwork, fw: Framework, positions: Positions,
                min_level: int = TIE_MIN_LEVEL) -> list[go.Scatter]:
    """Edges by level (one trace each, weakest first), then nodes by sector."""
    traces = []
    for level, (colour, width) in LEVEL_STYLE.items():
        if level < min_level:
            continue
        edges = [(a, b) for a, b, lv in net.edges(min_level) if int(lv) == level]
        traces.append(_edge_trace(edges, positions, colour=colour, width=width,
                                  name=t("network.legend_level", level=level,
                                         label=level_label(level))))
    return traces + _node_traces(net, fw, positions, min_level)


def _map_layout(title: str | None, subtitle: str, positions: Positions) -> dict[str, Any]:
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    pad = 0.15
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    return base_layout(
        title, height=MAP_HEIGHT,
        xaxis={**axis, "range": [min(xs) - pad, max(xs) + pad]},
        yaxis={**axis, "range": [min(ys) - pad, max(ys) + pad], "scaleanchor": "x"},
        annotations=[_note(subtitle)],
        legend={"orientation": "v", "x": 1.01, "y": 1.0, "xanchor": "left", "yanchor": "top",
                "font": {"size": 12}},
        margin={"l": 10, "r": 10, "t": 80 if title else 40, "b": 10},
    )


def _note(text: str, *, y: float = 1.0) -> dict[str, Any]:
    return {"text": text, "x": 0, "y": y, "xref": "paper", "yref": "paper", "showarrow": False,
            "xanchor": "left", "yanchor": "bottom", "font": {"size": 12, "color": MASKED_TEXT}}


def _subtitle(net: WaveNetwork, fw: Framework) -> str:
    return t("network.map_subtitle", n=net.respondents, organisations=len(net.responded),
             roster=len(fw.organisations))


def _masked_figure(fw: Framework, wave: str, title: str | None) -> go.Figure:
    return empty_figure(t("network.masked_wave", wave=wave_name(fw, wave), k=fw.min_cell),
                        title=title)


# --- figures -------------------------------------------------------------------------------------
def network_map(net: WaveNetwork, fw: Framework, positions: Positions, *,
                min_level: int = TIE_MIN_LEVEL, title: str | None = None) -> go.Figure:
    """One wave's map: nodes coloured by sector, sized by degree; ties by level."""
    title = title or t("network.map_title", wave=wave_name(fw, net.wave))
    if wave_is_masked(net, fw):
        return _masked_figure(fw, net.wave, title)
    fig = go.Figure(wave_traces(net, fw, positions, min_level))
    fig.update_layout(_map_layout(title, _subtitle(net, fw), positions))
    return fig


def network_waves_map(networks: dict[str, WaveNetwork], fw: Framework, positions: Positions, *,
                      min_level: int = TIE_MIN_LEVEL, active: str | None = None) -> go.Figure:
    """Every wave in one figure with a slider (positions identical from wave to wave)."""
    if not networks:
        return empty_figure(title=t("network.title"))
    waves = list(networks)
    active = active if active in networks else waves[-1]
    fig = go.Figure()
    spans, notes = [], []
    for wave in waves:
        net = networks[wave]
        start = len(fig.data)
        if wave_is_masked(net, fw):
            notes.append(_note(t("network.masked_wave", wave=wave_name(fw, wave), k=fw.min_cell)))
        else:
            fig.add_traces(wave_traces(net, fw, positions, min_level))
            notes.append(_note(_subtitle(net, fw)))
        spans.append((start, len(fig.data)))
    steps = []
    for i, wave in enumerate(waves):
        visible = [spans[i][0] <= j < spans[i][1] for j in range(len(fig.data))]
        title = t("network.map_title", wave=wave_name(fw, wave))
        steps.append({"method": "update", "label": wave,
                      "args": [{"visible": visible}, {"title.text": title,
                                                      "annotations": [notes[i]]}]})
    current = waves.index(active)
    for j, trace in enumerate(fig.data):
        trace.visible = spans[current][0] <= j < spans[current][1]
    layout = _map_layout(t("network.map_title", wave=wave_name(fw, active)), "", positions)
    layout["annotations"] = [notes[current]]
    layout["sliders"] = [{"active": current, "steps": steps, "pad": {"t": 30},
                          "currentvalue": {"prefix": t("network.slider_prefix")}}]
    layout["height"] = MAP_HEIGHT + 60
    fig.update_layout(layout)
    return fig


def tie_change_map(before: WaveNetwork, after: WaveNetwork, fw: Framework, positions: Positions,
                   *, min_level: int = TIE_MIN_LEVEL) -> go.Figure:
    """Ties that appeared or strengthened from ``before`` to ``after``; other ties in pale grey."""
    title = t("network.changes_title", before=before.wave, after=after.wave)
    for net in (before, after):
        if wave_is_masked(net, fw):
            return _masked_figure(fw, net.wave, title)
    changes = tie_changes(before, after, min_level)
    pairs = {c: list(zip(part["org_a"], part["org_b"], strict=True))
             for c, part in changes.groupby("change")}
    highlighted = set(pairs.get("new", [])) | set(pairs.get("stronger", []))
    faint = [(a, b) for a, b, _ in after.edges(min_level) if (a, b) not in highlighted]
    traces = [
        _edge_trace(faint, positions, colour=FAINT_COLOUR, width=1.0,
                    name=t("network.change.other")),
        _edge_trace(pairs.get("stronger", []), positions, colour=STRONGER_COLOUR, width=3.2,
                    name=t("network.change.stronger"), group="changes"),
        _edge_trace(pairs.get("new", []), positions, colour=NEW_COLOUR, width=3.2,
                    name=t("network.change.new"), group="changes"),
    ]
    fig = go.Figure(traces + _node_traces(after, fw, positions, min_level))
    counts = t("network.changes_counts", new=len(pairs.get("new", [])),
               stronger=len(pairs.get("stronger", [])))
    fig.update_layout(_map_layout(title, counts, positions))
    return fig


def levels_over_waves(networks: dict[str, WaveNetwork], fw: Framework) -> go.Figure:
    """Share of observed pairs at each collaboration level, wave by wave (stacked bars)."""
    waves = [w for w, net in networks.items() if not wave_is_masked(net, fw)]
    if not waves:
        return empty_figure(title=t("network.levels_title"))
    fig = go.Figure()
    palette = {0: "#EEEEEE", **{lv: style[0] for lv, style in LEVEL_STYLE.items()}}
    for level in range(0, 6):
        shares = []
        for wave in waves:
            levels = np.array([v[0] for v in networks[wave].pairs.values()])
            shares.append(float(np.mean(levels == level)) if len(levels) else np.nan)
        ticks = [f"{wave_name(fw, w)}<br>n = {networks[w].respondents}" for w in waves]
        fig.add_trace(go.Bar(x=ticks, y=shares,
                             name=t("network.legend_level", level=level, label=level_label(level)),
                             marker={"color": palette[level], "line": {"color": "#777777",
                                                                       "width": 0.5}},
                             hovertemplate="%{y:.0%}<extra>%{fullData.name}</extra>"))
    fig.update_layout(base_layout(t("network.levels_title"), barmode="stack",
                                  yaxis={"tickformat": ".0%", "range": [0, 1]}))
    return fig


# --- the cooperation section (dashboard and report) ----------------------------------------------
# kind → unit of its value in the summary table, in reading order
SECTION_KINDS: dict[str, str] = {
    "network_response_rate": "share", "network_density": "share",
    "collaboration_mean": "level", "collaboration_share_coordination": "share",
    "network_ei_index": "signed", "network_centralisation": "share",
    "network_reciprocity": "share", "collaboration_discordant": "share",
    "partner_trust": "share", "partner_value": "share",
}


def network_cubes(data: Dataset, fw: Framework) -> dict[str, pd.DataFrame]:
    """Every network kind computed once through the registry (the small-cell rule applied)."""
    lesson = "L4" if any(le.id == "L4" for le in fw.lessons) else fw.lessons[0].id
    cubes = {}
    for kind in SECTION_KINDS:
        assert kind in NETWORK_KINDS, kind  # importing .indicators.network registered them
        spec = Indicator(id=kind, lesson=lesson, kind=kind, evidence="relations",
                         label_fr=texts_of(f"network.kind.{kind}")[0],
                         label_en=texts_of(f"network.kind.{kind}")[1])
        cubes[kind] = compute(data, fw, spec)
    return cubes


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


def network_table(cubes: dict[str, pd.DataFrame], fw: Framework) -> pd.DataFrame:
    """Measures (rows) × waves (columns), French text cells, masked cells labelled."""
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
    for kind, unit in SECTION_KINDS.items():
        cube = cubes.get(kind, pd.DataFrame())
        row = {t("network.col.measure"): t(f"network.kind.{kind}")}
        for wave in waves:
            hit = cube[cube["wave"] == wave] if not cube.empty else cube
            row[wave] = _cell(hit.iloc[0], unit) if len(hit) else "–"
        rows.append(row)
    return pd.DataFrame(rows)


def discussion_pairs(net: WaveNetwork, fw: Framework) -> pd.DataFrame:
    """Pairs whose two ratings differ by 2 levels or more: names and gap only (for discussion)."""
    if wave_is_masked(net, fw):
        return pd.DataFrame(columns=[t("network.col.pair"), t("network.col.gap")])
    names = {o.id: o.name for o in fw.organisations}
    pairs = discordant_pairs(net).sort_values("gap", ascending=False)
    return pd.DataFrame({
        t("network.col.pair"): [f"{names.get(a, a)} ↔ {names.get(b, b)}"
                                for a, b in zip(pairs["org_a"], pairs["org_b"], strict=True)],
        t("network.col.gap"): pairs["gap"].astype(int).tolist(),
    })


def network_section_figures(data: Dataset, fw: Framework, wave: str | None = None, *,
                            compare_from: str | None = None) -> dict[str, Any]:
    """What the COPIL dashboard and the report show of the network, for one wave.

    Returns ``{"map", "changes", "levels"}`` figures, ``"table"`` (measures × waves, masked cells
    labelled), ``"pairs"`` (pairs to discuss), ``"note"`` (the method, in words) and ``"waves"``.
    """
    networks = networks_by_wave(data["ties"], fw)
    note = t("network.method_note")
    if not networks:
        empty = empty_figure(title=t("network.title"))
        return {"map": empty, "changes": empty, "levels": empty, "table": pd.DataFrame(),
                "pairs": pd.DataFrame(), "note": note, "waves": []}
    waves = list(networks)
    wave = wave if wave in networks else waves[-1]
    compare_from = compare_from if compare_from in networks else waves[0]
    positions = stable_layout(fw, networks)
    return {
        "map": network_waves_map(networks, fw, positions, active=wave),
        "changes": tie_change_map(networks[compare_from], networks[wave], fw, positions),
        "levels": levels_over_waves(networks, fw),
        "table": network_table(network_cubes(data, fw), fw),
        "pairs": discussion_pairs(networks[wave], fw),
        "note": note,
        "waves": waves,
    }


__all__ = [
    "discussion_pairs", "levels_over_waves", "network_cubes", "network_map",
    "network_section_figures", "network_table", "network_waves_map",
    "stable_layout", "tie_change_map",
]
