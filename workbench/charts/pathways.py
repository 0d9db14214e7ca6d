"""Figures of the workshop evidence: participation funnel, voices, change pathways (plotly).

Every function takes already-computed (already suppressed) frames — the cubes and tables of
``workbench.indicators`` and the views of ``workbench.indicators.pathway_views`` — and returns a
``go.Figure``; none computes, masks or displays anything. Look and feel from
``workbench.charts.style``.
"""

from __future__ import annotations

import textwrap

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
    ordered_keys,
)
from workbench.framework import Framework
from workbench.i18n import name_of, t

UNKNOWN_RANK = 9  # ``tier_rank`` of a tier outside expect / like / love


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
def pathway_diagram(boxes: pd.DataFrame, links: pd.DataFrame, fw: Framework, *,
                    period: str | None = None, title: str | None = None) -> go.Figure:
    """The change pathway left to right (intermediate changes left, the vision right): one box
    per change, arrows « contribue à », each box filled by the attainment of its own markers at
    ``period``; grey dashed box: no rated marker. Hover: details.

    ``boxes``: change_id, label, level, actor_group, column, row, rated, value, markers (one row
    per change, laid out); ``links``: from_change, to_change."""
    heading = title or t("voices.pathway_title")
    if boxes.empty:
        return empty_figure(t("voices.no_pathway"), title=heading)
    box = boxes.set_index("change_id", drop=False)
    nodes = list(box.index)
    column = {n: int(c) for n, c in zip(nodes, box["column"], strict=True)}
    row = {n: float(r) for n, r in zip(nodes, box["row"], strict=True)}
    n_cols = max(column.values()) + 1
    tallest = int(pd.Series(column).value_counts().max())
    half_w, half_h = 0.4, 0.42 / (tallest + 1)
    heading = f"{heading} · {t('voices.period', period=period)}" if period else heading
    fig = go.Figure(layout=base_layout(heading, height=max(440, 100 * tallest + 160)))
    for source, target in zip(links["from_change"], links["to_change"], strict=True):
        fig.add_annotation(x=column[target] - half_w, y=row[target],
                           ax=column[source] + half_w, ay=row[source], xref="x", yref="y",
                           axref="x", ayref="y", text="", showarrow=True, arrowhead=3,
                           arrowsize=1.1, arrowwidth=1.4, arrowcolor="#7A7A7A")
    names = _group_names(fw)
    rated = [n for n in nodes if bool(box.loc[n, "rated"])]
    bare = [n for n in nodes if not bool(box.loc[n, "rated"])]
    colours = dict(zip(rated, sample_colorscale(
        HEAT_SCALE, [float(np.clip(box.loc[n, "value"], 0, 1)) for n in rated]), strict=True))
    for node in nodes:
        x, y = column[node], row[node]
        fig.add_shape(type="rect", x0=x - half_w, x1=x + half_w, y0=y - half_h, y1=y + half_h,
                      xref="x", yref="y", fillcolor=colours.get(node, MASKED_FILL),
                      line={"color": "#444444" if node in colours else "#9E9E9E", "width": 1,
                            "dash": "solid" if node in colours else "dot"}, layer="below")
        fig.add_annotation(x=x, y=y, text=_wrap(box.loc[node, "label"], 26), showarrow=False,
                           xref="x", yref="y", font={"size": 12, "color": "#222222"})

    def hover(n: str) -> str:
        attrs = box.loc[n]
        lines = [f"<b>{_wrap(attrs['label'], 40)}</b>", t(f"voices.level.{attrs['level']}")]
        if attrs.get("actor_group") and not pd.isna(attrs["actor_group"]):
            carriers = [g.strip() for g in str(attrs["actor_group"]).split(",") if g.strip()]
            lines.append(", ".join(names.get(g, g) for g in carriers))
        if bool(attrs["rated"]):
            lines.append(t("voices.attainment_value",
                           value=format_value(attrs["value"], "share"),
                           markers=int(attrs["markers"])))
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
                         color=[float(box.loc[n, "value"]) for n in rated],
                         colorscale=HEAT_SCALE, cmin=0, cmax=1, showscale=True,
                         colorbar={"title": {"text": t("voices.attainment")},
                                   "tickformat": ".0%"}).update(showlegend=False))
    if bare:  # a legend swatch for the grey boxes
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t("voices.no_marker"),
                                 marker={"size": 14, "symbol": "square", "color": MASKED_FILL,
                                         "line": {"color": "#9E9E9E", "width": 1}}))
    bands: dict[str, list[int]] = {}
    for node in nodes:
        bands.setdefault(str(box.loc[node, "level"]), []).append(column[node])
    for level, cols in sorted(bands.items(), key=lambda item: min(item[1])):  # left to right
        fig.add_annotation(x=float(np.mean(sorted(set(cols)))), y=1.05, showarrow=False,
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
    order = ordered_keys("wave", rows["wave"], fw)
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


def marker_ratings_chart(rated: pd.DataFrame, fw: Framework, *, actor_group: str | None = None,
                         title: str | None = None) -> go.Figure:
    """Markers (rows, grouped by tier) × periods: each rating in words, coloured by level.

    ``rated``: one row per rating — marker_id, actor_group, tier, tier_rank (the order of the
    tiers, 9 when unknown), label, period, rating (canonical, missing when unknown), score."""
    if actor_group is not None:
        rated = rated[rated["actor_group"] == actor_group]
    if rated.empty:
        return empty_figure(title=title or t("voices.ratings_title"))
    periods = ordered_keys("wave", rated["period"], fw)
    markers = rated.drop_duplicates("marker_id")
    markers = markers.sort_values(["actor_group", "tier_rank", "marker_id"])
    names = _group_names(fw)
    labels = [("" if actor_group else f"{names.get(m.actor_group, m.actor_group)} · ")
              + f"{t(f'voices.tier.{m.tier}') if m.tier_rank < UNKNOWN_RANK else '?'} · "
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
                if isinstance(hit["rating"], str):
                    text[i][j] = t(f"voices.rating.{hit['rating']}")
    fig = go.Figure(layout=base_layout(title or t("voices.ratings_title"),
                                       height=140 + 40 * len(markers)))
    fig.add_trace(go.Heatmap(z=z, x=periods, y=labels, text=text, texttemplate="%{text}",
                             colorscale=HEAT_SCALE, zmin=0, zmax=1, showscale=False, xgap=2,
                             ygap=2, hovertemplate="%{y}<br>%{x} : %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", type="category")
    return fig
