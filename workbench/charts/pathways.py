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
    BAR_OFFSET,
    BAR_WIDTH,
    HEAT_SCALE,
    MASKED_FILL,
    MASKED_TEXT,
    SERIES_COLOURS,
    base_layout,
    empty_figure,
    format_n,
    format_value,
    masked_bar,
    masked_swatch,
    masked_text,
    ordered_keys,
    row_labels,
)
from workbench.framework import Framework
from workbench.i18n import name_of, t

UNKNOWN_RANK = 9  # ``tier_rank`` of a tier outside expect / like / love
RATING_CHARS = 26  # a marker's label left of its ratings, wrapped for a phone


def _wrap(text: object, width: int = 24) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def _group_names(fw: Framework) -> dict[str, str]:
    return {**{g.id: name_of(g) for g in fw.groups}, ALL: t("common.all")}


# --- participation --------------------------------------------------------------------------------
def funnel_chart(funnel: pd.DataFrame, fw: Framework, *, title: str | None = None) -> go.Figure:
    """Steps (columns É1…É9, in order) × groups (rows): people present in each cell; masked
    cells grey (« effectif trop faible » in the legend and on hover), « – » where nobody came.
    Input: ``participation_funnel``."""
    if funnel.empty:
        return empty_figure(title=title or t("voices.funnel_title"))
    steps = sorted(funnel["step"].unique(), key=lambda s: fw.step(s).number)
    groups = [g for g in [*fw.group_ids, ALL] if g in set(funnel["group"])]
    names = _group_names(fw)
    cols = [t("chart.step_short", number=fw.step(s).number) for s in steps]
    rows = [_wrap(names.get(g, g), 16) for g in groups]
    grid = funnel.set_index(["group", "step"])
    z = np.full((len(groups), len(steps)), np.nan)
    mask = np.full(z.shape, np.nan)
    text = [["–"] * len(steps) for _ in groups]
    hover = [[""] * len(steps) for _ in groups]
    for i, g in enumerate(groups):
        for j, s in enumerate(steps):
            label = f"{cols[j]} · {name_of(fw.step(s))}<br>{names.get(g, g)}"
            if (g, s) not in grid.index:
                hover[i][j] = f"{label}<br>{t('voices.nobody')}"
                continue
            row = grid.loc[(g, s)]
            if bool(row["masked"]):
                mask[i, j], text[i][j] = 1.0, ""
                hover[i][j] = f"{label}<br>{masked_text()}"
                continue
            z[i, j] = float(row["n"])
            text[i][j] = format_value(row["n"], "count")
            share = row.get("share_of_target", np.nan)
            extra = ("<br>" + t("voices.share_of_target", value=format_value(share, "share"))
                     if pd.notna(share) else "")
            hover[i][j] = f"{label}<br>{format_n(row['n'])}{extra}"
    row_px = max(40, 16 * max(r.count("<br>") + 1 for r in rows) + 8)
    fig = go.Figure(layout=base_layout(title or t("voices.funnel_title"),
                                       height=170 + row_px * len(groups)))
    fig.add_trace(go.Heatmap(z=mask, x=cols, y=rows, colorscale=[[0, MASKED_FILL],
                             [1, MASKED_FILL]], showscale=False, xgap=2, ygap=2,
                             customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    fig.add_trace(go.Heatmap(
        z=z, x=cols, y=rows, text=text, texttemplate="%{text}", hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>", colorscale=[[0, "#F2F2F2"], [1, "#56B4E9"]],
        zmin=0, showscale=False, textfont={"size": 11}, xgap=2, ygap=2,
    ))
    if np.isfinite(mask).any():
        fig.add_trace(masked_swatch())
    fig.update_yaxes(autorange="reversed", tickfont={"size": 12})
    fig.update_xaxes(side="top", type="category")
    fig.update_layout(xaxis={"showgrid": False}, yaxis={"showgrid": False})
    return fig


def continuity_chart(continuity: pd.DataFrame, fw: Framework, *, group: str = ALL,
                     title: str | None = None) -> go.Figure:
    """Per step, in the steps' order: share of the people present who came back at a later
    step (value and n over each bar; masked steps grey « effectif trop faible »)."""
    rows = continuity[(continuity["group"] == group) & (continuity["step"] != ALL)]
    rows = rows[rows["step"].isin(fw.step_ids[:-1])]
    if rows.empty:
        return empty_figure(title=title or t("voices.continuity_title"))
    rows = rows.assign(_order=[fw.step(s).number for s in rows["step"]]).sort_values("_order")
    cols = [t("chart.step_short", number=fw.step(s).number) for s in rows["step"]]
    visible = ~rows["masked"].astype(bool).to_numpy()
    fig = go.Figure(layout=base_layout(title or t("voices.continuity_title"), height=460,
                                       showlegend=bool((~visible).any())))
    fig.add_trace(go.Bar(
        x=[c for c, v in zip(cols, visible, strict=True) if v], y=rows["value"][visible],
        marker_color=SERIES_COLOURS[0], name=t("voices.came_back"), showlegend=False,
        text=[f"{format_value(v, 'share')}<br>n={int(n)}"
              for v, n in zip(rows["value"][visible], rows["n"][visible], strict=True)],
        textposition="outside", cliponaxis=False, textfont={"size": 11},
        customdata=[[name_of(fw.step(s)), format_n(n)] for s, n in
                    zip(rows["step"][visible], rows["n"][visible], strict=True)],
        hovertemplate="%{customdata[0]}<br>%{y:.0%} (%{customdata[1]})<extra></extra>",
    ))
    if (~visible).any():
        fig.add_trace(masked_bar([c for c, v in zip(cols, visible, strict=True) if not v], 1.0))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=cols,
                     title=t("common.step"))
    fig.update_yaxes(range=[0, 1.25], tickformat=".0%", tickvals=[0, 0.2, 0.4, 0.6, 0.8, 1.0],
                     title=t("voices.came_back_axis"))
    return fig


# --- voices ---------------------------------------------------------------------------------------
def salience_chart(salience: pd.DataFrame, fw: Framework, *,
                   title: str | None = None) -> go.Figure:
    """One row per lesson (its full name, the share and n written above the bar): share of
    coded verbatims carrying the lesson; masked cells labelled. Input: ``salience_by_lesson``."""
    if salience.empty or (salience["n"].isna().all() and not salience["masked"].any()):
        return empty_figure(title=title or t("voices.salience_title"))
    rows = salience.reset_index(drop=True)
    names = [f"{le} · {name_of(fw.lesson(le))}" for le in rows["lesson"]]
    visible = ~rows["masked"].astype(bool).to_numpy()
    heads = [f"<b>{name}</b> : " + (f"{format_value(v, 'share')} ({format_n(n)})" if ok
                                    else masked_text())
             for name, ok, v, n in zip(names, visible, rows["value"], rows["n"], strict=True)]
    labels, pitch = row_labels(heads)
    bar = {"width": BAR_WIDTH, "offset": BAR_OFFSET}
    fig = go.Figure(layout=base_layout(title or t("voices.salience_title"),
                                       height=140 + pitch * len(rows), annotations=labels,
                                       showlegend=bool((~visible).any())))
    fig.add_trace(go.Bar(
        y=[lab for lab, v in zip(names, visible, strict=True) if v], x=rows["value"][visible],
        orientation="h", marker_color=SERIES_COLOURS[2], name=t("voices.salience_axis"), **bar,
        text=[f"{format_value(v, 'share')} ({format_n(n)})"
              for v, n in zip(rows["value"][visible], rows["n"][visible], strict=True)],
        textposition="none", showlegend=False,
        hovertemplate="%{y}<br>%{text}<extra></extra>",
    ))
    if (~visible).any():
        fig.add_trace(masked_bar([lab for lab, v in zip(names, visible, strict=True) if not v],
                                 1.0, orientation="h", **bar))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=names,
                     range=[len(names) - 0.5, -0.5], showticklabels=False)
    fig.update_xaxes(range=[0, 1], tickformat=".0%", title=t("voices.salience_axis"))
    return fig


# --- pathways -------------------------------------------------------------------------------------
COLUMN_PX = 200  # one column of boxes (the diagram keeps this width, and scrolls on a phone)
BOX_CHARS, BOX_LINE, BOX_PAD = 24, 15, 12  # a box's text: 12 px, wrapped to fit its width
COLOURBAR_PX = 120


def pathway_diagram(boxes: pd.DataFrame, links: pd.DataFrame, fw: Framework, *,
                    period: str | None = None, title: str | None = None) -> go.Figure:
    """The change pathway left to right (intermediate changes left, the vision right): one box
    per change, arrows « contribue à », each box filled by the attainment of its own markers at
    ``period``; grey dashed box: no rated marker. Hover: details.

    The diagram has a fixed size computed from its boxes (``COLUMN_PX`` per column, each box as
    tall as its wrapped text), so that every text stays inside its box: on a narrow screen the
    page scrolls sideways rather than squeezing the boxes.

    ``boxes``: change_id, label, level, actor_group, column, row, rated, value, markers (one row
    per change, laid out); ``links``: from_change, to_change."""
    heading = title or t("voices.pathway_title")
    if boxes.empty:
        return empty_figure(t("voices.no_pathway"), title=heading)
    box = boxes.set_index("change_id", drop=False)
    nodes = list(box.index)
    column = {n: int(c) for n, c in zip(nodes, box["column"], strict=True)}
    row = {n: float(r) for n, r in zip(nodes, box["row"], strict=True)}
    texts = {n: _wrap(box.loc[n, "label"], BOX_CHARS) for n in nodes}
    n_cols = max(column.values()) + 1
    box_px = BOX_PAD + BOX_LINE * max(tx.count("<br>") + 1 for tx in texts.values())
    gaps = [abs(row[a] - row[b]) for a in nodes for b in nodes
            if a < b and column[a] == column[b] and row[a] != row[b]]
    y_span = 1.16  # the y axis: [-0.04, 1.12], the level names above 1
    plot_h = max(360, (box_px + 14) * y_span / min(gaps)) if gaps else 360
    half_w, half_h = 0.42, (box_px / 2) / plot_h * y_span
    heading = f"{heading} · {t('voices.period', period=period)}" if period else heading
    layout = base_layout(heading)
    plot_w = COLUMN_PX * n_cols
    width = plot_w + COLOURBAR_PX + layout["margin"]["l"] + layout["margin"]["r"]
    height = int(plot_h + layout["margin"]["t"] + 70)
    layout.update(width=width, height=height, autosize=False,
                  margin={**layout["margin"], "r": COLOURBAR_PX + 10, "b": 60})
    fig = go.Figure(layout=layout)
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
        fig.add_annotation(x=x, y=y, text=texts[node], showarrow=False, xref="x", yref="y",
                           font={"size": 12, "color": "#222222"})

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
                         colorbar={"title": {"text": t("voices.attainment"), "side": "right"},
                                   "tickformat": ".0%", "len": 0.7, "x": 1.02, "y": 0.4,
                                   "xanchor": "left", "yanchor": "middle", "thickness": 16})
                  .update(showlegend=False))
    if bare:  # a legend swatch for the grey boxes
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t("voices.no_marker"),
                                 marker={"size": 14, "symbol": "square", "color": MASKED_FILL,
                                         "line": {"color": "#9E9E9E", "width": 1}}))
    bands: dict[str, list[int]] = {}
    for node in nodes:
        bands.setdefault(str(box.loc[node, "level"]), []).append(column[node])
    for level, cols in sorted(bands.items(), key=lambda item: min(item[1])):  # left to right
        fig.add_annotation(x=float(np.mean(sorted(set(cols)))), y=1.12, yanchor="top",
                           showarrow=False, text=f"<b>{_wrap(t(f'voices.level.{level}'), 20)}</b>",
                           xref="x", yref="y", font={"color": MASKED_TEXT})
    fig.update_xaxes(visible=False, range=[-0.5, n_cols - 0.5])
    fig.update_yaxes(visible=False, range=[-0.04, 1.12])
    return fig


SYMBOLS = ("square", "diamond", "triangle-up", "cross", "x", "star", "hexagon", "circle-open")
DASHES = ("solid", "dot", "dash", "longdash", "dashdot", "longdashdot")
DODGE = 0.035  # each group's points moved sideways by this much of a period: equal lines show


def attainment_trend_chart(cube: pd.DataFrame, fw: Framework, *,
                           title: str | None = None) -> go.Figure:
    """Attainment of progress markers over periods, one line per actor group (« Ensemble »
    black and thicker, drawn first so that no group hides under it). Groups with equal values
    stay visible: each has its own marker, dash and a small sideways offset. Input: the
    ``marker_attainment`` cube (qpv ``"*"``)."""
    rows = cube[(cube["qpv"] == ALL) & (cube["wave"] != ALL)]
    if rows.empty or rows["value"].isna().all():
        return empty_figure(title=title or t("voices.trend_title"))
    order = ordered_keys("wave", rows["wave"], fw)
    names = _group_names(fw)
    groups = [g for g in [ALL, *fw.group_ids, *sorted(set(rows["group"]) - set(fw.group_ids)
                                                     - {ALL})] if g in set(rows["group"])]
    fig = go.Figure(layout=base_layout(title or t("voices.trend_title"),
                                       height=380 + 30 * len(groups)))
    for k, group in enumerate(groups):
        line = rows[rows["group"] == group].set_index("wave").reindex(order)
        total = group == ALL
        shift = 0.0 if total else DODGE * ((k + 1) // 2) * (1 if k % 2 else -1)
        colour = "#000000" if total else SERIES_COLOURS[(k - 1) % len(SERIES_COLOURS)]
        fig.add_trace(go.Scatter(
            x=[i + shift for i in range(len(order))], y=line["value"], mode="lines+markers",
            name=names.get(group, group),
            line={"width": 5 if total else 2.2, "color": colour,
                  "dash": "solid" if total else DASHES[(k - 1) % len(DASHES)]},
            marker={"size": 7 if total else 9, "color": colour,
                    "symbol": "circle" if total else SYMBOLS[(k - 1) % len(SYMBOLS)]},
            customdata=[[w, int(m) if pd.notna(m) else 0] for w, m in
                        zip(order, line["markers"] if "markers" in line else [0] * len(order),
                            strict=True)],
            hovertemplate=(f"{names.get(group, group)}<br>%{{customdata[0]}} : %{{y:.0%}}<br>"
                           + t("voices.markers_rated").replace("%{customdata}",
                                                               "%{customdata[1]}")
                           + "<extra></extra>"),
        ))
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title=t("voices.attainment"))
    fig.update_xaxes(tickvals=list(range(len(order))), ticktext=order,
                     range=[-0.3, len(order) - 0.7], title=t("voices.period_axis"))
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
    labels = [_wrap(("" if actor_group else f"{names.get(m.actor_group, m.actor_group)} · ")
                    + f"{t(f'voices.tier.{m.tier}') if m.tier_rank < UNKNOWN_RANK else '?'} · "
                    + str(m.label), RATING_CHARS) for m in markers.itertuples()]
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
    row_px = max(40, 15 * max(lab.count("<br>") + 1 for lab in labels) + 10)
    fig = go.Figure(layout=base_layout(title or t("voices.ratings_title"),
                                       height=150 + row_px * len(markers)))
    fig.add_trace(go.Heatmap(z=z, x=periods, y=labels, text=text, texttemplate="%{text}",
                             colorscale=HEAT_SCALE, zmin=0, zmax=1, showscale=False, xgap=2,
                             ygap=2, textfont={"size": 11},
                             hovertemplate="%{y}<br>%{x} : %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", tickfont={"size": 12})
    fig.update_xaxes(side="top", type="category")
    return fig
