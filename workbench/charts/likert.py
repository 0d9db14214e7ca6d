"""Likert items as diverging stacked bars, « ne se prononce pas » in its own panel apart.

``likert_bars`` draws counts per level (an evaluator's raw distribution); ``likert_category_bars``
draws the published form (shares of categories, the small ones merged, no count per answer)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
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


# --- the published form: categories, small ones merged -------------------------------------------
def _category_side(category: str, levels: list[int], agree_from: int) -> str:
    """``left`` (disagreement), ``centre`` (the middle, NSP merged with it), ``right``
    (agreement) or ``nsp`` (« ne se prononce pas » alone) for a category id such as ``"1+2"``."""
    members = category.split("+")
    if members == [NSP]:
        return NSP
    numbers = [int(m) for m in members if m.isdigit()]
    centre = (min(levels) + max(levels)) / 2
    if numbers and all(v >= agree_from for v in numbers):
        return "right"
    if numbers and all(v < centre for v in numbers) and NSP not in members:
        return "left"
    if numbers and any(v < centre for v in numbers):
        return "left"  # « pas d'accord, neutre ou NSP »: everything but agreement
    return "centre"


def category_name(category: str, framework: Any = None, scale: str = "likert5") -> str:
    """A category's label: the scale's own label for one level, else the merged wording."""
    members = category.split("+")
    if members == [NSP]:
        return t("common.nsp")
    if len(members) == 1 and members[0].isdigit():
        names = _level_names(framework, scale, _scale_size(framework, scale))
        first = _scale_min(framework, scale)
        index = int(members[0]) - first
        return names[index] if 0 <= index < len(names) else members[0]
    levels = "–".join(m for m in members if m.isdigit())
    side = _category_side(category, _scale_levels(framework, scale), _agree_from(framework, scale))
    if side == "right":
        return t("chart.likert.agree", levels=levels)
    if side == "left" and (NSP in members or len(members) > 2):
        return t("chart.likert.not_agree", levels=levels)
    if side == "left":
        return t("chart.likert.disagree", levels=levels)
    return t("chart.likert.neutral_nsp", levels=levels) if NSP in members \
        else t("chart.likert.neutral", levels=levels)


def _scale_levels(framework: Any, scale: str) -> list[int]:
    entry = getattr(framework, "scales", {}).get(scale) if framework is not None else None
    return list(range(entry.min, entry.max + 1)) if entry else [1, 2, 3, 4, 5]


def _scale_size(framework: Any, scale: str) -> int:
    return len(_scale_levels(framework, scale))


def _scale_min(framework: Any, scale: str) -> int:
    return _scale_levels(framework, scale)[0]


def _agree_from(framework: Any, scale: str) -> int:
    entry = getattr(framework, "scales", {}).get(scale) if framework is not None else None
    return int(entry.agree_from) if entry else 4


def _category_colour(category: str, side: str, levels: list[int]) -> str:
    members = category.split("+")
    if side == NSP:
        return style.NSP_COLOUR
    if side == "centre":
        return style.LIKERT_COLOURS[2]
    if len(members) == 1 and len(levels) == len(style.LIKERT_COLOURS):
        return style.LIKERT_COLOURS[int(members[0]) - levels[0]]
    return style.LIKERT_COLOURS[0 if side == "left" and len(members) <= 2 else 1] \
        if side == "left" else style.LIKERT_COLOURS[4]


def likert_category_bars(rows: pd.DataFrame, *, framework: Any = None, scale: str = "likert5",
                         title: str | None = None, empty_message: str | None = None
                         ) -> go.Figure:
    """Diverging stacked bars of published distributions: one bar per item, its categories
    (``item, category, share, n, masked``; small categories merged upstream, e.g. ``"1+2"``)
    as shares of everyone who answered, disagreement left, agreement right, the middle split
    around 0, « ne se prononce pas » alone in its own panel. A masked item (empty category) is a
    grey hatched row « effectif trop faible ». No count per answer is ever written."""
    if rows is None or rows.empty:
        message = style.wrap(empty_message, style.ROW_LABEL_CHARS) if empty_message else None
        return style.empty_figure(message, title=title)
    levels = _scale_levels(framework, scale)
    agree_from = _agree_from(framework, scale)
    items = list(dict.fromkeys(rows["item"].astype(str)))
    masked_items = {str(r["item"]) for r in rows.to_dict("records")
                    if bool(r.get("masked")) or not str(r.get("category") or "")}
    labels = {}
    for item in items:
        part = rows[rows["item"].astype(str) == item]
        n = None if item in masked_items else part["n"].iloc[0]
        labels[item] = _item_label(SimpleNamespace(item=item, masked=n is None, n=n,
                                                   item_text=None), framework, None)
    # each item's text above its bars (as ``likert_bars``): a phone's width is left to the bars
    notes, pitch = style.row_labels([labels[i] for i in items])
    fig = go.Figure(layout=style.base_layout(
        title, height=LEGEND_PX + pitch * len(items), uniformtext={"minsize": 11, "mode": "hide"},
        xaxis={"domain": [0.0, 0.8]}, xaxis2={"domain": [0.83, 1.0], "anchor": "y"},
        annotations=notes))
    shown = rows[~rows["item"].astype(str).isin(masked_items)]
    categories = list(dict.fromkeys(shown["category"].astype(str)))
    order = {"left": 0, "centre": 1, "right": 2, NSP: 3}

    def rank(category: str) -> tuple[int, float]:
        numbers = [int(m) for m in category.split("+") if m.isdigit()] or [99]
        side = _category_side(category, levels, agree_from)
        closeness = -max(numbers) if side == "left" else min(numbers)
        return order[side], closeness

    top_nsp = 0.0
    for k, category in enumerate(sorted(categories, key=rank)):
        side = _category_side(category, levels, agree_from)
        part = shown[shown["category"].astype(str) == category]
        y = [labels[str(i)] for i in part["item"]]
        share = part["share"].astype(float).to_numpy()
        name = category_name(category, framework, scale)
        colour = _category_colour(category, side, levels)
        text = [style.format_value(s, "share") for s in share]
        common = {"orientation": "h", "name": name, "legendrank": k,
                  "width": style.BAR_WIDTH, "offset": style.BAR_OFFSET,
                  "marker": {"color": colour}, "customdata": [[x] for x in text],
                  "hovertemplate": f"%{{y}}<br>{name} : %{{customdata[0]}}<extra></extra>"}
        if side == NSP:
            top_nsp = max(top_nsp, float(np.nanmax(share)) if len(share) else 0.0)
            fig.add_trace(go.Bar(y=y, x=share, text=text, textposition="outside",
                                 cliponaxis=False, xaxis="x2", **common))
        elif side == "centre":
            for sign, show in ((-1, False), (1, True)):
                fig.add_trace(go.Bar(y=y, x=sign * share / 2, showlegend=show,
                                     legendgroup=category, text=text if sign > 0 else None,
                                     textposition="inside", insidetextanchor="middle",
                                     textangle=0, **common))
        else:
            fig.add_trace(go.Bar(y=y, x=(-1 if side == "left" else 1) * share,
                                 text=[x if s >= 0.08 else "" for x, s in zip(text, share,
                                                                              strict=True)],
                                 textposition="inside", insidetextanchor="middle", textangle=0,
                                 textfont={"color": "white"}, **common))
    if masked_items:
        fig.add_trace(style.masked_bar([labels[i] for i in items if i in masked_items], 2.0,
                                       base=-1.0, orientation="h", width=style.BAR_WIDTH,
                                       offset=style.BAR_OFFSET))
    fig.update_layout(barmode="relative", bargap=0.3, legend={"traceorder": "normal"})
    fig.update_layout(xaxis={"range": [-1.0, 1.0], "tickvals": [-0.5, 0, 0.5],  # fits 330 px
                             "ticktext": ["50\u202f%", "0", "50\u202f%"],
                             "zeroline": True, "zerolinecolor": "#666666"})
    fig.update_layout(xaxis2={"range": [0, max(0.3, 1.5 * top_nsp)], "showticklabels": False,
                              "title": {"text": t("chart.nsp_short"), "standoff": 4}},
                      yaxis={"showticklabels": False, "range": [len(items) - 0.5, -0.5],
                             "categoryorder": "array", "categoryarray": [labels[i]
                                                                         for i in items]})
    return fig
