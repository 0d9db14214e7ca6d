"""Likert items as diverging stacked bars, « ne se prononce pas » in its own panel apart."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from workbench.charts import style
from workbench.i18n import current_language, t, text_of

NSP = "nsp"


def likert_table(distribution: pd.DataFrame) -> pd.DataFrame:
    """Normalise a distribution to one row per item: ``item, n, n_nsp, masked, p1…pK, p_nsp``.

    Accepts the long form (``item, level, count`` with ``level`` 1…K or ``"nsp"``, optional
    ``masked``/``n``/``n_nsp``) or an already wide form with ``p1…pK`` columns. ``n`` counts
    everyone who answered the item, NSP included (as ``likert_distribution`` does).
    ``pK`` are shares of the answers on the scale (NSP excluded); ``p_nsp`` is the share of NSP
    among all answers. Items keep their first-seen order.
    """
    frame = distribution.copy()
    if any(str(c).startswith("p") and str(c)[1:].isdigit() for c in frame.columns):
        return frame.reset_index(drop=True)
    frame["level"] = frame["level"].astype(str).str.lower()
    items = list(dict.fromkeys(frame["item"].astype(str)))
    count_col = "count" if "count" in frame else "n_level"
    levels = sorted({int(lv) for lv in frame["level"] if lv.isdigit()})
    out = []
    for item in items:
        part = frame[frame["item"].astype(str) == item]
        counts = part.groupby("level")[count_col].sum() if count_col in part else pd.Series()
        valid = float(sum(counts.get(str(lv), 0) for lv in levels))
        nsp = float(counts.get(NSP, 0))
        masked = "masked" in part and bool(part["masked"].fillna(False).astype(bool).any())
        n = part["n"].dropna().iloc[0] if "n" in part and part["n"].notna().any() else valid + nsp
        n_nsp = (part["n_nsp"].dropna().iloc[0]
                 if "n_nsp" in part and part["n_nsp"].notna().any() else nsp)
        row: dict[str, Any] = {"item": item, "n": n, "n_nsp": n_nsp, "masked": masked}
        for lv in levels:
            row[f"p{lv}"] = (counts.get(str(lv), 0) / valid) if valid and not masked else None
        row["p_nsp"] = nsp / (valid + nsp) if (valid + nsp) and not masked else None
        out.append(row)
    return pd.DataFrame(out)


def likert_bars(distribution: pd.DataFrame, *, framework: Any = None, scale: str = "likert5",
                title: str | None = None, item_text: dict[str, str] | None = None) -> go.Figure:
    """Diverging stacked bars per item (disagree left, neutral split around 0, agree right),
    « ne se prononce pas » as a separate bar on the right, n per item in its label. Masked items
    are grey hatched rows « effectif trop faible »."""
    table = likert_table(distribution) if distribution is not None else pd.DataFrame()
    if table.empty:
        return style.empty_figure(title=title)
    levels = sorted(int(str(c)[1:]) for c in table.columns
                    if str(c).startswith("p") and str(c)[1:].isdigit())
    names = _level_names(framework, scale, len(levels))
    colours = _level_colours(len(levels))
    y = [_item_label(r, framework, item_text) for r in table.itertuples(index=False)]
    masked = table["masked"].fillna(False).astype(bool).tolist()
    labels, pitch = style.row_labels(y)
    bar = {"width": style.BAR_WIDTH, "offset": style.BAR_OFFSET}
    # two panels side by side on one y axis (built by hand: make_subplots is slow); each item's
    # text above its bars, so that a phone's width is left to the bars
    fig = go.Figure(layout=style.base_layout(
        title, height=LEGEND_PX + pitch * len(table), uniformtext={"minsize": 11, "mode": "hide"},
        xaxis={"domain": [0.0, 0.8]}, xaxis2={"domain": [0.83, 1.0], "anchor": "y"},
        annotations=labels))
    mid = (len(levels) + 1) / 2
    order = ([lv for lv in levels if lv == mid]
             + [lv for lv in reversed(levels) if lv < mid]
             + [lv for lv in levels if lv == mid] + [lv for lv in levels if lv > mid])
    seen_neutral = False
    for lv in order:
        k = levels.index(lv)
        share = table[f"p{lv}"].astype(float).where(~pd.Series(masked), None)
        if lv == mid:
            sign, part, show = (-1 if not seen_neutral else 1), share / 2, seen_neutral
            seen_neutral = True
        else:
            sign, part, show = (-1 if lv < mid else 1), share, True
        fig.add_trace(go.Bar(
            y=y, x=sign * part, orientation="h", name=names[k], legendgroup=f"l{lv}", **bar,
            showlegend=show, legendrank=k, marker={"color": colours[k]},
            text=[style.format_value(s, "share") if (s or 0) >= 0.08 and (lv != mid or sign > 0)
                  else "" for s in share],
            textposition="inside", insidetextanchor="middle", textangle=0,
            textfont={"color": "white" if k in (0, len(levels) - 1) else "#222222"},
            customdata=[[style.format_value(s, "share")] for s in share],
            hovertemplate=f"%{{y}}<br>{names[k]} : %{{customdata[0]}}<extra></extra>",
        ))
    nsp_share = table["p_nsp"].astype(float).where(~pd.Series(masked), None)
    fig.add_trace(go.Bar(
        y=y, x=nsp_share, orientation="h", name=t("common.nsp"), legendrank=len(levels), **bar,
        marker={"color": style.NSP_COLOUR},
        text=[style.format_value(s, "share") for s in nsp_share],
        textposition="outside", cliponaxis=False,
        customdata=[[style.format_value(s, "share"), style.format_n(c)]
                    for s, c in zip(nsp_share, table["n_nsp"], strict=True)],
        hovertemplate=(f"%{{y}}<br>{t('common.nsp')} : %{{customdata[0]}} "
                       "(%{customdata[1]})<extra></extra>"), xaxis="x2",
    ))
    if any(masked):
        fig.add_trace(style.masked_bar([lab for lab, m in zip(y, masked, strict=True) if m], 2.0,
                                       base=-1.0, orientation="h", **bar))
    fig.update_layout(barmode="relative", bargap=0.3, legend={"traceorder": "normal"})
    fig.update_layout(xaxis={"range": [-1.0, 1.0], "tickvals": [-0.5, 0, 0.5],
                             "ticktext": ["50\u202f%", "0", "50\u202f%"],
                             "zeroline": True, "zerolinecolor": "#666666"})
    top_nsp = float(nsp_share.max(skipna=True)) if nsp_share.notna().any() else 0.0
    fig.update_layout(xaxis2={"range": [0, max(0.3, 1.5 * top_nsp)], "showticklabels": False,
                              "title": {"text": t("chart.nsp_short"), "standoff": 4}},
                      yaxis={"autorange": "reversed", "showticklabels": False,
                             "range": [len(table) - 0.5, -0.5]})
    return fig


LEGEND_PX = 250  # title, x-axis and the six answers' legend (one per line on a phone)


def _level_names(framework: Any, scale: str, count: int) -> list[str]:
    if framework is not None and scale in getattr(framework, "scales", {}):
        entry = framework.scales[scale]
        names = entry.labels_en if current_language() == "en" else entry.labels_fr
        if len(names) == count:
            return list(names)
    return [str(i + 1) for i in range(count)]


def _level_colours(count: int) -> list[str]:
    if count == len(style.LIKERT_COLOURS):
        return list(style.LIKERT_COLOURS)
    half = count // 2
    left = style.LIKERT_COLOURS[:2][-half:] if half <= 2 else [style.LIKERT_COLOURS[0]] * half
    right = style.LIKERT_COLOURS[3:][:half] if half <= 2 else [style.LIKERT_COLOURS[4]] * half
    return left + ([style.LIKERT_COLOURS[2]] if count % 2 else []) + right


def _item_label(row: Any, framework: Any, item_text: dict[str, str] | None) -> str:
    item = str(row.item)
    text = (item_text or {}).get(item) or getattr(row, "item_text", None)
    if not text and framework is not None:
        try:
            entry = framework.item(item)
            text = text_of(entry)
        except Exception:
            text = None
    text = str(text) if text else ""
    suffix = "" if bool(row.masked) else f" ({style.format_n(row.n)})"
    return f"{item} · {text}{suffix}" if text else f"{item}{suffix}"
