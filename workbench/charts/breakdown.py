"""Breakdowns of one indicator: bars by wave/QPV/group (explorer) and participation by step."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from workbench.charts import style
from workbench.i18n import t

DIMENSIONS = ("wave", "qpv", "group")


def narrow(cube: pd.DataFrame, *, keep: tuple[str, ...] = (), **fixed: str) -> pd.DataFrame:
    """Rows of ``cube`` where each fixed key equals its value; other extra keys at ``*`` if any.

    ``keep`` names key columns left free (the breakdown). Keys absent from the cube are ignored.
    """
    mask = pd.Series(True, index=cube.index)
    for key, value in fixed.items():
        if key in cube.columns and key not in keep:
            mask &= cube[key].astype(str) == str(value)
    for key in style.EXTRA_KEYS:
        if key in cube.columns and key not in keep and key not in fixed:
            at_all = cube[key].astype(str) == style.ALL
            if at_all.any():
                mask &= at_all
    return cube[mask]


def indicator_bars(cube: pd.DataFrame, by: str = "qpv", *, wave: str = style.ALL,
                   qpv: str = style.ALL, group: str = style.ALL, framework: Any = None,
                   unit: str | None = None, target: float | None = None,
                   title: str | None = None) -> go.Figure:
    """One indicator broken down ``by`` wave, QPV or group (others fixed): bars with interval,
    value and n on each bar; masked keys as grey hatched bars « effectif trop faible »."""
    if by not in (*DIMENSIONS, "step"):
        raise ValueError(f"by must be one of wave, qpv, group, step; got {by!r}")
    rows = narrow(cube, keep=(by,), wave=wave, qpv=qpv, group=group)
    if rows.empty:
        return style.empty_figure(title=title)
    unit = unit or style.unit_of(None, rows["value"])
    keys = style.ordered_keys(by, rows[by], framework)
    rows = rows.drop_duplicates(subset=[by])
    rows = rows.set_axis(rows[by].astype(str).tolist()).reindex(keys)
    names = [style.key_name(by, k, framework) for k in keys]
    masked = rows["masked"].fillna(False).astype(bool).to_numpy()
    low, high = _value_range(rows, unit)
    shown = ~masked & rows["value"].notna().to_numpy()
    # one row per key, its name with the value and n above the bar (a phone keeps the width)
    heads = [f"<b>{name}</b> : " + (style.masked_text() if m else (
        f"{style.format_value(v, unit)} ({style.format_n(n)})" if ok else t("common.no_data")))
        for name, m, ok, v, n in zip(names, masked, shown, rows["value"], rows["n"],
                                     strict=True)]
    labels, pitch = style.row_labels(heads)
    bar = {"width": style.BAR_WIDTH, "offset": style.BAR_OFFSET}
    fig = go.Figure(layout=style.base_layout(title, height=150 + pitch * len(keys),
                                             annotations=labels))
    if shown.any():
        part = rows[shown]
        values = part["value"].astype(float)
        fig.add_trace(go.Bar(
            y=[n for n, s in zip(names, shown, strict=True) if s], x=values - low, base=low,
            orientation="h", name=t("common.value"), **bar, marker={"color": [
                style.OKABE_ITO["sky_blue"] if k == style.ALL else style.OKABE_ITO["blue"]
                for k in part.index]},
            error_x={"type": "data", "symmetric": False, "color": style.TARGET_COLOUR,
                     "array": (part["upper"].astype(float) - values).clip(lower=0).tolist(),
                     "arrayminus": (values - part["lower"].astype(float)).clip(lower=0).tolist()},
            text=[f"{style.format_value(v, unit)}<br>{style.format_n(n)}"
                  for v, n in zip(values, part["n"], strict=True)], textposition="none",
            customdata=[[style.format_value(v, unit), style.format_n(n),
                         style.format_interval(lo, up, unit)]
                        for v, n, lo, up in zip(values, part["n"], part["lower"], part["upper"],
                                                strict=True)],
            hovertemplate=("%{y}<br>" + t("common.value") + " : %{customdata[0]}<br>"
                           "%{customdata[1]}<br>" + t("common.interval")
                           + " : %{customdata[2]}<extra></extra>"),
            showlegend=False,
        ))
    if masked.any():
        fig.add_trace(style.masked_bar([n for n, m in zip(names, masked, strict=True) if m],
                                       high - low, base=low, orientation="h", **bar))
    if target is not None and not pd.isna(target):
        fig.add_vline(x=target, line={"color": style.TARGET_COLOUR, "dash": "dash", "width": 1.5},
                      annotation_text=t("chart.target", value=style.format_value(target, unit)),
                      annotation_position="bottom right", annotation_font_size=12)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=names,
                     autorange=False, range=[len(names) - 0.5, -0.5], showticklabels=False,
                     title=None)
    xaxis: dict[str, Any] = {"range": [low, high + 0.05 * (high - low)],
                             "title": t(f"chart.unit.{unit}") if unit in _UNIT_KEYS else None}
    if unit == "share":
        xaxis["tickformat"] = ".0%"
    fig.update_xaxes(**xaxis)
    fig.update_layout(barmode="overlay", meta={"breakdown": style.dimension_label(by)})
    return fig


def participation_by_step(cube: pd.DataFrame, *, framework: Any = None, wave: str = style.ALL,
                          qpv: str = style.ALL, group: str = style.ALL,
                          unit: str | None = None, title: str | None = None) -> go.Figure:
    """Heat-map of participants: stakeholder groups (rows, « Ensemble » last) × the process steps
    (columns É1…É9, full label on hover). Value and n in each cell; masked cells grey and
    labelled. With ``group`` set, only that group and the total are shown."""
    if cube is None or cube.empty or "step" not in cube.columns:
        return style.empty_figure(title=title)
    rows = narrow(cube, keep=("step", "group"), wave=wave, qpv=qpv)
    rows = rows[rows["step"].astype(str) != style.ALL]
    if group != style.ALL:
        rows = rows[rows["group"].astype(str).isin([group, style.ALL])]
    if rows.empty:
        return style.empty_figure(title=title)
    unit = unit or ("count" if (rows["value"].dropna() > 1).any() else "share")
    steps = style.ordered_keys("step", rows["step"], framework)
    groups = style.ordered_keys("group", rows["group"], framework)
    cells = {(str(r.group), str(r.step)): r for r in rows.itertuples(index=False)}
    shape = (len(groups), len(steps))
    z, grey = np.full(shape, np.nan), np.full(shape, np.nan)
    text = np.full(shape, "", dtype=object)
    grey_text = np.full(shape, "", dtype=object)
    hover = np.full(shape, "", dtype=object)
    top = max(1.0, float(rows["value"].max(skipna=True) or 1.0))
    for i, g in enumerate(groups):
        for j, s in enumerate(steps):
            row = cells.get((g, s))
            head = f"{_step_long(s, framework)}<br>{style.key_name('group', g, framework)}"
            if row is not None and bool(row.masked):
                grey[i, j] = 0
                hover[i, j] = f"{head}<br>{style.masked_text()}"
            elif row is None or pd.isna(row.value):
                text[i, j] = "–"
                hover[i, j] = f"{head}<br>{t('common.no_data')}"
            else:
                value = style.format_value(row.value, unit)
                n_part = "" if unit == "count" else f"<br>{style.format_n(row.n)}"
                z[i, j] = float(row.value) / top if unit == "count" else float(row.value)
                text[i, j] = f"<b>{value}</b>{n_part}"
                hover[i, j] = f"{head}<br>{t(f'chart.unit.{unit}')} : {value}{n_part}"
    x = [style.key_name("step", s, framework) for s in steps]
    y = [style.wrap(style.key_name("group", g, framework), 16) for g in groups]
    fig = go.Figure(layout=style.base_layout(title, height=max(300, 150 + 48 * len(groups))))
    fig.add_trace(go.Heatmap(
        z=z, x=x, y=y, text=text, texttemplate="%{text}", customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", zmin=0, zmax=1, showscale=False,
        colorscale=[[0, "#F2F2F2"], [1, "#8CC4EA"]], xgap=3, ygap=3,
        name=t(f"chart.unit.{unit}"), textfont={"size": 11},
    ))
    fig.add_trace(go.Heatmap(
        z=grey, x=x, y=y, text=grey_text, texttemplate="%{text}", customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", zmin=0, zmax=1, showscale=False,
        colorscale=[[0, style.MASKED_FILL], [1, style.MASKED_FILL]], xgap=3, ygap=3,
        name=style.masked_text(), showlegend=False,
    ))
    if np.isfinite(grey).any():
        fig.add_trace(style.masked_swatch())
    fig.update_yaxes(autorange="reversed", automargin=True, ticksuffix=" ",
                     tickfont={"size": 12})
    fig.update_xaxes(side="top", type="category")
    return fig


_UNIT_KEYS = {"share", "score", "count", "rate", "months"}


def _value_range(rows: pd.DataFrame, unit: str) -> tuple[float, float]:
    if unit in style.UNIT_RANGES:
        return style.UNIT_RANGES[unit]
    top = pd.concat([rows["value"], rows["upper"]]).astype(float).max(skipna=True)
    return 0.0, float(top) if pd.notna(top) and top > 0 else 1.0


def _step_long(step: str, framework: Any) -> str:
    if framework is None:
        return step
    try:
        from workbench.i18n import name_of

        entry = framework.step(step)
        return f"{t('chart.step_short', number=entry.number)} · {name_of(entry)}"
    except Exception:
        return step
