"""Figures of the workshop evidence: participation funnel, voices, change pathways (plotly).

Every function takes already-computed (already suppressed) frames or the dataset and returns a
``go.Figure``; none displays anything. Look and feel from ``workbench.charts.style``.
"""

from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from workbench.charts.style import (
    ALL,
    HEAT_SCALE,
    MASKED_FILL,
    MASKED_TEXT,
    SERIES_COLOURS,
    base_layout,
    empty_figure,
    format_n,
    format_value,
    masked_bar,
    masked_text,
)
from workbench.framework import Framework
from workbench.i18n import name_of, t
from workbench.indicators.pathways import (
    LEVEL_ORDER,
    RATING_ORDER,
    TIER_ORDER,
    change_attainment,
    pathway_graph,
    period_order,
    rated_markers,
)
from workbench.store import Dataset


def _wrap(text: object, width: int = 24) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def _group_names(fw: Framework) -> dict[str, str]:
    return {**{g.id: name_of(g) for g in fw.groups}, ALL: t("common.all")}


# --- participation --------------------------------------------------------------------------------
def funnel_chart(funnel: pd.DataFrame, fw: Framework, *, title: str | None = None) -> go.Figure:
    """Steps (columns, in order) × groups (rows): people present; masked cells in grey with
    « effectif trop faible »; « – » where nobody came. Input: ``participation_funnel``."""
    if funnel.empty:
        return empty_figure(title=title or t("voices.funnel_title"))
    steps = sorted(funnel["step"].unique(), key=lambda s: fw.step(s).number)
    groups = [g for g in [*fw.group_ids, ALL] if g in set(funnel["group"])]
    names = _group_names(fw)
    cols = [t("voices.step_column", number=fw.step(s).number) for s in steps]
    rows = [names.get(g, g) for g in groups]
    grid = funnel.set_index(["group", "step"])
    z = np.full((len(groups), len(steps)), np.nan)
    mask = np.full(z.shape, np.nan)
    text = [["–"] * len(steps) for _ in groups]
    hover = [[""] * len(steps) for _ in groups]
    for i, g in enumerate(groups):
        for j, s in enumerate(steps):
            label = f"{name_of(fw.step(s))}<br>{names.get(g, g)}"
            if (g, s) not in grid.index:
                hover[i][j] = f"{label}<br>{t('voices.nobody')}"
                continue
            row = grid.loc[(g, s)]
            if bool(row["masked"]):
                mask[i, j], text[i][j] = 1.0, _wrap(masked_text(), 11)
                hover[i][j] = f"{label}<br>{masked_text()}"
                continue
            z[i, j] = float(row["n"])
            text[i][j] = format_value(row["n"], "count")
            share = row.get("share_of_target", np.nan)
            extra = ("<br>" + t("voices.share_of_target", value=format_value(share, "share"))
                     if pd.notna(share) else "")
            hover[i][j] = f"{label}<br>{format_n(row['n'])}{extra}"
    fig = go.Figure(layout=base_layout(title or t("voices.funnel_title"),
                                       height=120 + 48 * len(groups)))
    fig.add_trace(go.Heatmap(z=mask, x=cols, y=rows, colorscale=[[0, MASKED_FILL],
                             [1, MASKED_FILL]], showscale=False, hoverinfo="skip", xgap=2,
                             ygap=2))
    fig.add_trace(go.Heatmap(
        z=z, x=cols, y=rows, text=text, texttemplate="%{text}", hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>", colorscale=[[0, "#F2F2F2"], [1, "#0072B2"]],
        zmin=0, colorbar={"title": {"text": t("chart.participants")}},
        textfont={"size": 12}, xgap=2, ygap=2,
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    return fig


def continuity_chart(continuity: pd.DataFrame, fw: Framework, *, group: str = ALL,
                     title: str | None = None) -> go.Figure:
    """Per step: share of the people present who came back at a later step (n in each bar)."""
    rows = continuity[(continuity["group"] == group) & (continuity["step"] != ALL)]
    rows = rows[rows["step"].isin(fw.step_ids[:-1])]
    if rows.empty:
        return empty_figure(title=title or t("voices.continuity_title"))
    cols = [t("voices.step_column", number=fw.step(s).number) for s in rows["step"]]
    visible = ~rows["masked"].astype(bool).to_numpy()
    fig = go.Figure(layout=base_layout(title or t("voices.continuity_title")))
    fig.add_trace(go.Bar(
        x=[c for c, v in zip(cols, visible, strict=True) if v], y=rows["value"][visible],
        marker_color=SERIES_COLOURS[0], name=t("voices.came_back"),
        text=[f"{format_value(v, 'share')}<br>{format_n(n)}"
              for v, n in zip(rows["value"][visible], rows["n"][visible], strict=True)],
        textposition="outside", cliponaxis=False,
    ))
    if (~visible).any():
        fig.add_trace(masked_bar([c for c, v in zip(cols, visible, strict=True) if not v], 1.0))
    fig.update_yaxes(range=[0, 1.15], tickformat=".0%", title=t("voices.came_back"))
    return fig


# --- voices ---------------------------------------------------------------------------------------
def salience_chart(salience: pd.DataFrame, fw: Framework, *,
                   title: str | None = None) -> go.Figure:
    """Horizontal bars: share of coded verbatims carrying each lesson (masked cells labelled).
    Input: ``salience_by_lesson`` (one row per lesson)."""
    if salience.empty or (salience["n"].isna().all() and not salience["masked"].any()):
        return empty_figure(title=title or t("voices.salience_title"))
    rows = salience.iloc[::-1]
    labels = [f"{le} · {_wrap(name_of(fw.lesson(le)), 40)}" for le in rows["lesson"]]
    visible = ~rows["masked"].astype(bool).to_numpy()
    fig = go.Figure(layout=base_layout(title or t("voices.salience_title"),
                                       height=140 + 46 * len(rows)))
    fig.add_trace(go.Bar(
        y=[lab for lab, v in zip(labels, visible, strict=True) if v], x=rows["value"][visible],
        orientation="h", marker_color=SERIES_COLOURS[2], name=t("voices.salience_axis"),
        text=[f"{format_value(v, 'share')} ({format_n(n)})"
              for v, n in zip(rows["value"][visible], rows["n"][visible], strict=True)],
        textposition="outside", cliponaxis=False,
    ))
    if (~visible).any():
        fig.add_trace(masked_bar([lab for lab, v in zip(labels, visible, strict=True) if not v],
                                 1.0, orientation="h"))
    fig.update_xaxes(range=[0, 1.2], tickformat=".0%", title=t("voices.salience_axis"))
    return fig


# --- pathways -------------------------------------------------------------------------------------
def _columns(graph: nx.DiGraph) -> dict[str, int]:
    """Column of each change: levels in bands left to right (intermediate, long-term, vision);
    inside a band, the longest chain of predecessors of the same level."""
    column: dict[str, int] = {}
    offset = 0
    for level in LEVEL_ORDER:
        band = graph.subgraph(n for n in graph if graph.nodes[n]["level"] == level)
        if band.number_of_nodes() == 0:
            continue
        order = list(nx.topological_sort(band)) if nx.is_directed_acyclic_graph(band) \
            else sorted(band)
        depth: dict[str, int] = {}
        for node in order:
            depth[node] = max((depth[p] + 1 for p in band.predecessors(node) if p in depth),
                              default=0)
        column.update({n: offset + d for n, d in depth.items()})
        offset += max(depth.values()) + 1
    return column


def _rows(graph: nx.DiGraph, column: dict[str, int]) -> dict[str, float]:
    """Vertical position in [0, 1]: nodes ordered by the mean position of their predecessors."""
    position: dict[str, float] = {}
    for col in sorted(set(column.values())):
        nodes = sorted((n for n in graph if column[n] == col),
                       key=lambda n: (str(graph.nodes[n]["actor_group"]), n))
        def centre(n: str) -> float:
            preds = [position[p] for p in graph.predecessors(n) if p in position]
            return float(np.mean(preds)) if preds else 0.5
        nodes.sort(key=centre)
        for i, node in enumerate(nodes):
            position[node] = (i + 1) / (len(nodes) + 1)
    return position


def pathway_diagram(data: Dataset, fw: Framework, *, period: str | None = None,
                    pathway: str | None = None, title: str | None = None) -> go.Figure:
    """The change pathway left to right (intermediate changes left, the vision right): one box
    per change, arrows « contribue à », each box filled by the attainment of its own markers at
    ``period`` (latest when None); grey dashed box: no rated marker. Hover: details."""
    graph = pathway_graph(data, pathway=pathway)
    heading = title or t("voices.pathway_title")
    if graph.number_of_nodes() == 0:
        return empty_figure(t("voices.no_pathway"), title=heading)
    if period is None:
        periods = period_order(data["marker_ratings"]["period"].astype("str"), fw)
        period = periods[-1] if periods else None
    scores = change_attainment(data, period, pathway=pathway).set_index("change_id")
    column = _columns(graph)
    row = _rows(graph, column)
    n_cols = max(column.values()) + 1
    tallest = int(pd.Series(column).value_counts().max())
    half_w, half_h = 0.4, 0.42 / (tallest + 1)
    heading = f"{heading} · {t('voices.period', period=period)}" if period else heading
    fig = go.Figure(layout=base_layout(heading, height=max(440, 100 * tallest + 160)))
    for source, target in graph.edges:
        fig.add_annotation(x=column[target] - half_w, y=row[target],
                           ax=column[source] + half_w, ay=row[source], xref="x", yref="y",
                           axref="x", ayref="y", text="", showarrow=True, arrowhead=3,
                           arrowsize=1.1, arrowwidth=1.4, arrowcolor="#7A7A7A")
    names = _group_names(fw)
    rated = [n for n in graph if n in scores.index]
    bare = [n for n in graph if n not in scores.index]
    colours = dict(zip(rated, sample_colorscale(
        HEAT_SCALE, [float(np.clip(scores.loc[n, "value"], 0, 1)) for n in rated]), strict=True))
    for node in graph:
        x, y = column[node], row[node]
        fig.add_shape(type="rect", x0=x - half_w, x1=x + half_w, y0=y - half_h, y1=y + half_h,
                      xref="x", yref="y", fillcolor=colours.get(node, MASKED_FILL),
                      line={"color": "#444444" if node in colours else "#9E9E9E", "width": 1,
                            "dash": "solid" if node in colours else "dot"}, layer="below")
        fig.add_annotation(x=x, y=y, text=_wrap(graph.nodes[node]["label"], 26), showarrow=False,
                           xref="x", yref="y", font={"size": 12, "color": "#222222"})

    def hover(n: str) -> str:
        attrs = graph.nodes[n]
        lines = [f"<b>{_wrap(attrs['label'], 40)}</b>", t(f"voices.level.{attrs['level']}")]
        if attrs.get("actor_group") and not pd.isna(attrs["actor_group"]):
            carriers = [g.strip() for g in str(attrs["actor_group"]).split(",") if g.strip()]
            lines.append(", ".join(names.get(g, g) for g in carriers))
        if n in scores.index:
            lines.append(t("voices.attainment_value",
                           value=format_value(scores.loc[n, "value"], "share"),
                           markers=int(scores.loc[n, "markers"])))
        return "<br>".join(lines)

    def points(members: list[str], name: str, **marker: object) -> go.Scatter:
        return go.Scatter(
            x=[column[n] for n in members], y=[row[n] for n in members], mode="markers",
            customdata=members, hovertext=[hover(n) for n in members], name=name,
            hovertemplate="%{hovertext}<extra></extra>",
            marker={"size": 40, "symbol": "square", **marker},
        )

    fig.add_trace(points(bare, t("voices.no_marker"), color=MASKED_FILL, opacity=0.0)
                  .update(showlegend=False))
    fig.add_trace(points(rated, t("voices.attainment"), opacity=0.0,
                         color=[float(scores.loc[n, "value"]) for n in rated],
                         colorscale=HEAT_SCALE, cmin=0, cmax=1, showscale=True,
                         colorbar={"title": {"text": t("voices.attainment")},
                                   "tickformat": ".0%"}).update(showlegend=False))
    if bare:  # a legend swatch for the grey boxes
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t("voices.no_marker"),
                                 marker={"size": 14, "symbol": "square", "color": MASKED_FILL,
                                         "line": {"color": "#9E9E9E", "width": 1}}))
    for level in LEVEL_ORDER:
        cols = sorted({column[n] for n in graph if graph.nodes[n]["level"] == level})
        if cols:
            fig.add_annotation(x=float(np.mean(cols)), y=1.05, showarrow=False,
                               text=f"<b>{_wrap(t(f'voices.level.{level}'), 16)}</b>",
                               xref="x", yref="y",
                               font={"color": MASKED_TEXT})
    fig.update_xaxes(visible=False, range=[-0.5, n_cols - 0.5])
    fig.update_yaxes(visible=False, range=[-0.02, 1.1])
    return fig


def attainment_trend_chart(cube: pd.DataFrame, fw: Framework, *,
                           title: str | None = None) -> go.Figure:
    """Attainment of progress markers over periods, one line per actor group (« Ensemble »
    thicker). Input: the ``marker_attainment`` cube (qpv ``"*"``)."""
    rows = cube[(cube["qpv"] == ALL) & (cube["wave"] != ALL)]
    if rows.empty or rows["value"].isna().all():
        return empty_figure(title=title or t("voices.trend_title"))
    order = period_order(rows["wave"], fw)
    names = _group_names(fw)
    fig = go.Figure(layout=base_layout(title or t("voices.trend_title")))
    groups = [g for g in [*fw.group_ids, *sorted(set(rows["group"]) - set(fw.group_ids) - {ALL}),
                          ALL] if g in set(rows["group"])]
    for i, group in enumerate(groups):
        line = rows[rows["group"] == group].set_index("wave").reindex(order)
        total = group == ALL
        fig.add_trace(go.Scatter(
            x=order, y=line["value"], mode="lines+markers", name=names.get(group, group),
            line={"width": 4 if total else 2,
                  "color": "#000000" if total else SERIES_COLOURS[i % len(SERIES_COLOURS)]},
            customdata=line["markers"].fillna(0).astype(int) if "markers" in line else None,
            hovertemplate="%{x} : %{y:.0%}<br>" + t("voices.markers_rated") + "<extra></extra>",
        ))
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title=t("voices.attainment"))
    fig.update_xaxes(type="category")
    return fig


def marker_ratings_chart(data: Dataset, fw: Framework, *, actor_group: str | None = None,
                         title: str | None = None) -> go.Figure:
    """Markers (rows, grouped by tier) × periods: each rating in words, coloured by level."""
    rated = rated_markers(data)
    if actor_group is not None:
        rated = rated[rated["actor_group"] == actor_group]
    if rated.empty:
        return empty_figure(title=title or t("voices.ratings_title"))
    periods = period_order(rated["period"], fw)
    markers = rated.drop_duplicates("marker_id").assign(
        _tier=lambda f: f["tier"].map({k: i for i, k in enumerate(TIER_ORDER)}).fillna(9))
    markers = markers.sort_values(["actor_group", "_tier", "marker_id"])
    names = _group_names(fw)
    labels = [("" if actor_group else f"{names.get(m.actor_group, m.actor_group)} · ")
              + f"{t(f'voices.tier.{m.tier}') if m.tier in TIER_ORDER else '?'} · "
              f"{_wrap(m.label, 50)}" for m in markers.itertuples()]
    grid = rated.set_index(["marker_id", "period"])
    z = np.full((len(markers), len(periods)), np.nan)
    text = [[""] * len(periods) for _ in range(len(markers))]
    for i, marker in enumerate(markers["marker_id"]):
        for j, period in enumerate(periods):
            if (marker, period) in grid.index:
                hit = grid.loc[(marker, period)]
                hit = hit.iloc[0] if isinstance(hit, pd.DataFrame) else hit
                z[i, j] = hit["score"]
                if hit["rating"] in RATING_ORDER:
                    text[i][j] = t(f"voices.rating.{hit['rating']}")
    fig = go.Figure(layout=base_layout(title or t("voices.ratings_title"),
                                       height=140 + 40 * len(markers)))
    fig.add_trace(go.Heatmap(z=z, x=periods, y=labels, text=text, texttemplate="%{text}",
                             colorscale=HEAT_SCALE, zmin=0, zmax=1, showscale=False, xgap=2,
                             ygap=2, hovertemplate="%{y}<br>%{x} : %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", type="category")
    return fig


# --- sections for the dashboard and the report ----------------------------------------------
def participation_figures(data: Dataset, fw: Framework, *, qpv: str = ALL) -> dict[str, go.Figure]:
    """``{"funnel": …, "continuity": …}`` for a QPV (``"*"``: the whole territory)."""
    from workbench.indicators.funnel import continuity_by_step, participation_funnel

    return {"funnel": funnel_chart(participation_funnel(data, fw, qpv=qpv), fw),
            "continuity": continuity_chart(continuity_by_step(data, fw, qpv=qpv), fw)}


def voices_figures(data: Dataset, fw: Framework, *, wave: str = ALL, qpv: str = ALL,
                   group: str = ALL) -> dict[str, go.Figure]:
    """``{"salience": …}``: share of coded verbatims carrying each lesson for the filter."""
    from workbench.indicators.qualitative import salience_by_lesson

    table = salience_by_lesson(data, fw, wave=wave, qpv=qpv, group=group)
    return {"salience": salience_chart(table, fw)}


def pathway_figures(data: Dataset, fw: Framework, *, period: str | None = None,
                    pathway: str | None = None) -> dict[str, go.Figure]:
    """``{"diagram": …, "trend": …, "ratings": …}`` (latest period when None)."""
    from workbench.indicators.pathways import marker_attainment_cube

    return {"diagram": pathway_diagram(data, fw, period=period, pathway=pathway),
            "trend": attainment_trend_chart(marker_attainment_cube(data, fw), fw),
            "ratings": marker_ratings_chart(data, fw)}
