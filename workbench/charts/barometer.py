"""The seven-lessons barometer: the L1–L7 × waves heat-map and the per-lesson trend."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from workbench.charts import figure_notes as notes
from workbench.charts import style
from workbench.i18n import t


def lesson_heatmap(overview: pd.DataFrame, *, framework: Any = None,
                   title: str | None = None) -> go.Figure:
    """Heat-map of the lessons (rows) across waves (columns): value and n in every cell.

    ``overview`` has one row per lesson × wave with ``lesson, wave, value, n, masked`` and
    optionally ``indicator``, ``kind``/``unit``, ``lower``, ``upper``, ``label``, ``nsp_share``
    (« NSP 7 % » under the value), ``alpha``, ``mode``, ``method`` (in the hover). Masked cells
    are drawn grey and read « effectif trop faible »; cells without data read « – ».

    >>> fig = lesson_heatmap(overview, framework=fw)   # doctest: +SKIP
    """
    if overview is None or overview.empty:
        return style.empty_figure(title=title)
    frame = overview.copy()
    frame["unit"] = _units(frame, framework)
    lessons = style.ordered_keys("lesson", frame["lesson"], framework)
    waves = style.ordered_keys("wave", frame["wave"], framework)
    cells = {(str(r.lesson), str(r.wave)): r for r in frame.itertuples(index=False)}

    shape = (len(lessons), len(waves))
    colour = np.full(shape, np.nan)
    grey = np.full(shape, np.nan)
    text = np.full(shape, "", dtype=object)
    hover = np.full(shape, "", dtype=object)
    grey_text = np.full(shape, "", dtype=object)
    for i, lesson in enumerate(lessons):
        for j, wave in enumerate(waves):
            row = cells.get((lesson, wave))
            head = f"{lesson} · {wave}"
            if row is not None and _truthy(getattr(row, "masked", False)):
                grey[i, j] = 0.0
                grey_text[i, j] = style.masked_text().replace(" trop", "<br>trop")
                hover[i, j] = f"{head}<br>{style.masked_text()}"
            elif row is None or pd.isna(row.value):
                text[i, j] = "–"
                hover[i, j] = f"{head}<br>{t('common.no_data')}"
            else:
                value = style.format_value(row.value, row.unit)
                colour[i, j] = style.position_on_scale(row.value, row.unit)
                cell = row._asdict()
                nsp = notes.nsp_text(cell)
                nsp_line = f"<br>{t('figures.nsp_short', share=nsp)}" if nsp else ""
                text[i, j] = f"<b>{value}</b><br>{style.format_n(row.n)}{nsp_line}"
                interval = style.format_interval(getattr(row, "lower", None),
                                                 getattr(row, "upper", None), row.unit)
                what = getattr(row, "label", None) or getattr(row, "indicator", None) or ""
                hover[i, j] = "<br>".join(
                    p for p in (head, str(what), f"{t('common.value')} : {value}",
                                f"{t('common.interval')} : {interval}" if interval else "",
                                notes.n_text(cell) or style.format_n(row.n),
                                f"{t('common.nsp')} : {nsp}" if nsp else "",
                                notes.alpha_text(cell), notes.mode_text(cell.get("mode")),
                                notes.method_text(cell.get("method"))) if p)
    y_labels = [style.wrap(_lesson_label(le, framework), LESSON_CHARS) for le in lessons]
    cell_lines = max(str(x).count("<br>") + 1 for x in text.ravel())   # value, n, NSP
    row = max(52, 15 * cell_lines + 12, 16 * max(style.lines_of(y) for y in y_labels) + 10)
    fig = go.Figure(layout=style.base_layout(title or t("chart.barometer_title"),
                                             height=max(300, 110 + row * len(lessons))))
    fig.add_trace(go.Heatmap(
        z=colour, x=waves, y=y_labels, text=text, texttemplate="%{text}", customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", colorscale=style.HEAT_SCALE,
        zmin=0, zmax=1, xgap=3, ygap=3, showscale=False, name=t("common.value"),
        textfont={"size": 11},   # value, n and NSP fit a phone's third of 330 px
    ))
    fig.add_trace(go.Heatmap(
        z=grey, x=waves, y=y_labels, text=grey_text, texttemplate="%{text}", customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        colorscale=[[0, style.MASKED_FILL], [1, style.MASKED_FILL]], zmin=0, zmax=1,
        xgap=3, ygap=3, showscale=False, name=style.masked_text(),
        textfont={"size": 10, "color": style.MASKED_TEXT},
    ))
    fig.update_yaxes(autorange="reversed", automargin=True, ticksuffix=" ",
                     tickfont={"size": 12})
    fig.update_xaxes(side="top", type="category", title=None)
    fig.update_layout(margin={"t": fig.layout.margin.t + 24})
    return fig


LESSON_CHARS = 18  # a lesson's name on the left of its row, wrapped to leave room for 3 waves


def lesson_trend(rows: pd.DataFrame, *, framework: Any = None, labels: dict[str, str] | None = None,
                 targets: dict[str, float] | None = None, unit: str | None = None,
                 title: str | None = None) -> go.Figure:
    """Value by wave (one line per indicator) with interval error bars, n and the target line.

    ``rows`` are cube rows (``indicator, wave, value, n, lower, upper, masked``) already narrowed
    to one QPV and one group. Masked waves appear as grey hatched columns « effectif trop faible ».
    Each point's value and n are written above it; labels of one wave are moved apart so that
    they never overlap, whatever the width of the page.
    """
    if rows is None or rows.empty:
        return style.empty_figure(title=title)
    labels = labels or {}
    targets = targets or {}
    unit = unit or style.unit_of(None, rows["value"])
    waves = style.ordered_keys("wave", rows["wave"], framework)
    low, high = style.UNIT_RANGES.get(unit, (0.0, float(np.nanmax(
        [rows["upper"].max(), rows["value"].max(), 1.0]))))
    span = high - low
    indicators = list(dict.fromkeys(rows["indicator"]))
    n_targets = sum(1 for i in indicators if targets.get(str(i)) is not None
                    and not pd.isna(targets.get(str(i))))
    entries = len(indicators) + (1 if n_targets else 0) + 1
    fig = go.Figure(layout=style.base_layout(title, height=TREND_HEIGHT + 40 * entries))
    all_masked = set(waves)
    masked_points: list[tuple[str, float, str, str]] = []  # wave, y, colour, hover
    point_labels: list[tuple[int, float, str, str]] = []  # wave index, y, text, colour
    for k, (indicator, part) in enumerate(rows.groupby("indicator", sort=False)):
        colour = style.SERIES_COLOURS[k % len(style.SERIES_COLOURS)]
        name = labels.get(str(indicator), str(indicator))
        part = part.drop_duplicates(subset=["wave"])
        part = part.set_axis(part["wave"].astype(str).tolist()).reindex(waves)
        masked = part["masked"].fillna(False).astype(bool)
        all_masked &= set(part.index[masked])
        for wave in part.index[masked]:
            masked_points.append((wave, low + (0.05 + 0.08 * k) * span, colour,
                                  f"{wave} · {name}<br>{style.masked_text()}"))
        values = part["value"].astype(float).where(~masked)
        ok = values.notna()
        text = [f"{style.format_value(v, unit)} ({style.format_n(n)})" if good else ""
                for v, n, good in zip(values, part["n"], ok, strict=True)]
        point_labels += [(i, float(v), f"<b>{style.format_value(v, unit)}</b><br>"
                          f"{style.format_n(n)}", colour)
                         for i, (v, n, good) in enumerate(zip(values, part["n"], ok, strict=True))
                         if good]
        fig.add_trace(go.Scatter(
            x=waves, y=values.tolist(), name=style.legend_name(name), mode="lines+markers",
            connectgaps=False, line={"color": colour, "width": 3},
            marker={"size": 10, "color": colour},
            error_y={"type": "data", "symmetric": False, "color": colour, "thickness": 1.5,
                     "array": (part["upper"].astype(float) - values).clip(lower=0).tolist(),
                     "arrayminus": (values - part["lower"].astype(float)).clip(lower=0).tolist()},
            text=text,
            customdata=[[style.format_interval(lo, up, unit), _nsp_hover(nsp)]
                        for lo, up, nsp in zip(part["lower"], part["upper"],
                                               _column(part, "nsp_share"), strict=True)],
            hovertemplate=(f"{name}<br>%{{x}} : %{{text}}<br>{t('common.interval')} : "
                           "%{customdata[0]}%{customdata[1]}<extra></extra>"),
        ))
        target = targets.get(str(indicator))
        if target is not None and not pd.isna(target):
            fig.add_trace(go.Scatter(
                x=waves, y=[target] * len(waves), mode="lines", name=t(
                    "chart.target_of", name=name, value=style.format_value(target, unit)),
                line={"color": colour, "dash": "dash", "width": 1.5}, hoverinfo="name",
                showlegend=False, legendgroup="target",
            ))
    if n_targets:  # one legend entry for every target line (each in its indicator's colour)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", legendgroup="target",
                                 name=style.legend_name(t("chart.targets_legend")),
                                 line={"color": style.TARGET_COLOUR, "dash": "dash",
                                       "width": 1.5}, hoverinfo="skip"))
    if all_masked and masked_points:  # a wave masked for every line: one hatched column
        columns = [w for w in waves if w in all_masked]
        fig.add_trace(style.masked_bar(columns, span, base=low, width=0.4, opacity=0.8))
        masked_points = [p for p in masked_points if p[0] not in all_masked]
    if masked_points:
        fig.add_trace(go.Scatter(
            x=[p[0] for p in masked_points], y=[p[1] for p in masked_points],
            mode="markers", name=style.masked_text(),
            marker={"symbol": "square-open", "size": 11, "color": [p[2] for p in masked_points],
                    "line": {"width": 2}},
            text=[style.masked_text()] * len(masked_points),
            hovertext=[p[3] for p in masked_points], hovertemplate="%{hovertext}<extra></extra>",
        ))
    y_low, y_high = ((low - 0.02 * span, high + 0.16 * span) if unit in style.UNIT_RANGES
                     else (min(low, float(np.nanmin(rows["value"]))) - 0.05 * span,
                           high + 0.25 * span))
    fig.update_layout(annotations=_point_labels(point_labels, y_low, y_high))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=waves,
                     title=t("common.wave"), range=[-0.4, len(waves) - 0.6])
    yaxis: dict[str, Any] = {"title": t(f"chart.unit.{unit}") if unit in _UNIT_KEYS else None,
                             "zeroline": False, "range": [y_low, y_high]}
    if unit == "share":
        yaxis["tickformat"] = ".0%"
    fig.update_yaxes(**yaxis)
    return fig


TREND_HEIGHT = 380
PLOT_MIN_PX = 190  # the smallest plot area a trend gets (a phone, legend on four rows)
LABEL_GAP_PX = 30  # two lines of 11 px text


def _point_labels(labels: list[tuple[int, float, str, str]], y_low: float,
                  y_high: float) -> list[dict[str, Any]]:
    """Value-and-n labels above their points; those of one wave spread apart vertically."""
    scale = PLOT_MIN_PX / (y_high - y_low)
    notes = []
    for wave in sorted({i for i, *_ in labels}):
        here = [lab for lab in labels if lab[0] == wave]
        wanted = [(y - y_low) * scale + LABEL_GAP_PX / 2 + 6 for _, y, _, _ in here]
        placed = style.spread(wanted, LABEL_GAP_PX, LABEL_GAP_PX / 2,
                              PLOT_MIN_PX - LABEL_GAP_PX / 2)
        for (i, _y, text, colour), centre in zip(here, placed, strict=True):
            notes.append({"x": i, "y": y_low + centre / scale, "xref": "x", "yref": "y",
                          "text": text, "showarrow": False, "yanchor": "middle",
                          "font": {"size": 11, "color": colour},
                          "bgcolor": "rgba(255,255,255,0.85)", "borderpad": 1})
    return notes


_UNIT_KEYS = {"share", "score", "count", "rate", "months"}


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    return frame[name].tolist() if name in frame.columns else [None] * len(frame)


def _nsp_hover(share: Any) -> str:
    """« <br>Ne se prononce pas : 7 % » for the trend's hover (empty without a share)."""
    text = notes.nsp_text({"nsp_share": share})
    return f"<br>{t('common.nsp')} : {text}" if text else ""


def _units(frame: pd.DataFrame, framework: Any = None) -> list[str]:
    """Unit of each row: ``unit`` column, else the kind (column or framework), else a guess."""
    if "unit" in frame:
        return [str(u) for u in frame["unit"]]
    guessed = style.unit_of(None, frame["value"])
    units = []
    for i in range(len(frame)):
        kind = frame["kind"].iloc[i] if "kind" in frame else None
        if (kind is None or pd.isna(kind)) and framework is not None and "indicator" in frame:
            try:
                kind = framework.indicator(str(frame["indicator"].iloc[i])).kind
            except Exception:
                kind = None
        units.append(style.KIND_UNITS.get(str(kind), guessed))
    return units


def _lesson_label(lesson: str, framework: Any) -> str:
    if framework is None:
        return lesson
    try:
        from workbench.i18n import name_of

        title = name_of(framework.lesson(lesson))
    except Exception:
        return lesson
    return f"{lesson} · {title}"


def _truthy(value: Any) -> bool:
    return bool(value) and not (isinstance(value, float) and np.isnan(value))
