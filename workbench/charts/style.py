"""The look of every chart in one place: palette, fonts, size, number formats, masked cells.

Colours are Okabe & Ito's colour-blind-safe set; fonts are system fonts only (no web font is
ever requested); numbers use French separators (``0,62`` and ``62 %``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from workbench.i18n import name_of, t

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
# the order series take their colours in (yellow last: weak on white)
SERIES_COLOURS: list[str] = [OKABE_ITO[k] for k in (
    "blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black", "yellow"
)]
# Likert: disagree (vermillion/orange) … neutral grey … agree (sky blue/blue)
LIKERT_COLOURS: list[str] = ["#D55E00", "#E69F00", "#CFCFCF", "#56B4E9", "#0072B2"]
NSP_COLOUR = "#9E9E9E"
MASKED_FILL = "#E6E6E6"
MASKED_LINE = "#9E9E9E"
MASKED_TEXT = "#555555"
TARGET_COLOUR = "#444444"
# heat-map: pale orange (low) → light grey → pale blue (high); black text stays readable
HEAT_SCALE: list[list[Any]] = [[0.0, "#F6C08A"], [0.5, "#F2F2F2"], [1.0, "#8CC4EA"]]

FONT_FAMILY = (
    "system-ui, -apple-system, 'Segoe UI', 'Helvetica Neue', Arial, 'Liberation Sans', "
    "'DejaVu Sans', sans-serif"
)
HEIGHT = 420
ALL = "*"
# key columns some cubes add (kept at their "*" margin unless a chart breaks down by them)
EXTRA_KEYS: tuple[str, ...] = ("step", "factor", "condition", "level")

# indicator kind -> unit; unknown kinds are guessed from their values (see ``unit_of``)
KIND_UNITS: dict[str, str] = {
    "likert_agree_share": "share",
    "attendance_reach": "share",
    "attendance_continuity": "share",
    "mainstream_coverage": "share",
    "abc_profile": "share",
    "likert_mean": "score",
    "factor_profile": "score",
    "participation_by_step": "count",
    "participation_per_1000": "rate",
    "process_duration": "months",
    "network_density": "share",
    "network_centralisation": "share",
    "network_reciprocity": "share",
    "network_response_rate": "share",
    "collaboration_share_coordination": "share",
    "collaboration_discordant": "share",
    "partner_trust": "share",
    "partner_value": "share",
    "collaboration_mean": "number",
    "network_ei_index": "number",
}
UNIT_RANGES: dict[str, tuple[float, float]] = {"share": (0.0, 1.0), "score": (1.0, 5.0)}


_AXIS = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8",
         "zerolinewidth": 2, "ticks": "", "automargin": True, "title": {"standoff": 15}}
# a light white template (plotly_white's look without its costly full copy per figure)
LIGHT_TEMPLATE: dict[str, Any] = {"layout": {
    "paper_bgcolor": "white", "plot_bgcolor": "white", "hovermode": "closest",
    "colorway": SERIES_COLOURS, "xaxis": _AXIS, "yaxis": _AXIS,
}}


TITLE_CHARS = 36  # characters per title line: 16 px text fits a phone's 330 px
TITLE_LINE = 21  # px per title line


def wrap(text: Any, width: int) -> str:
    """``text`` cut into lines of at most ``width`` characters at spaces (``<br>`` between
    lines; existing ``<br>`` kept). Plotly never wraps text itself."""
    import textwrap

    parts = []
    # French typography: no line ends on a one- or two-letter word (« à », « de », « T0 »)
    glued = re.sub(r"(?<!\S)(\S{1,2}) (?=\S)", "\\1\u00a0", str(text))
    glued = re.sub(r" (?=[»:;!?%](?:\s|$))", "\u00a0", glued)  # nor starts on « » » or « : »
    for part in glued.split("<br>"):
        parts += textwrap.wrap(part, width, break_long_words=False,
                               break_on_hyphens=False) or [""]
    return "<br>".join(parts).replace("\u00a0", " ")


def lines_of(text: str | None) -> int:
    return 0 if not text else text.count("<br>") + 1


def spread(positions: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions (px along one axis, same order as given) moved apart by at least
    ``gap`` and kept within ``[low, high]`` when they fit; the order of the labels is kept."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [float(positions[i]) for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    overflow = placed[-1] - high if placed else 0.0
    if overflow > 0:
        placed = [p - overflow for p in placed]
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    if placed and placed[0] < low:  # more labels than room: keep the gaps, start at the bottom
        placed = [low + k * gap for k in range(len(placed))]
    result = [0.0] * len(positions)
    for k, i in enumerate(order):
        result[i] = placed[k]
    return result


def legend_name(name: str) -> str:
    """A legend entry wrapped to a phone's width (plotly never wraps legend text)."""
    return wrap(name, LEGEND_CHARS)


LEGEND_CHARS = 38
ROW_LABEL_CHARS = 44  # a row's label above its bar: 12 px text across a phone's width
BAR_WIDTH, BAR_OFFSET = 0.36, 0.08  # a row's bar in the lower part of its band


def row_labels(labels: list[str], *, chars: int = ROW_LABEL_CHARS,
               colour: str = "#222222") -> tuple[list[dict[str, Any]], int]:
    """Labels written above each row of a horizontal bar chart (rows are categories ``0…n-1`` of
    a reversed y axis, bars drawn with ``BAR_WIDTH``/``BAR_OFFSET``) instead of as tick labels:
    the label and the bar each get the full width, so long texts wrap instead of squeezing the
    bars. Returns the annotations and the height in px a row needs."""
    wrapped = [wrap(label, chars) for label in labels]
    lines = max((lines_of(w) for w in wrapped), default=1)
    notes = [{"x": 0, "xref": "paper", "xanchor": "left", "y": i - 0.47, "yref": "y",
              "yanchor": "top", "text": text, "showarrow": False, "align": "left",
              "font": {"size": 12, "color": colour}} for i, text in enumerate(wrapped)]
    return notes, max(44, 34 * lines + 8)


def base_layout(title: str | None = None, *, height: int = HEIGHT, **extra: Any) -> dict[str, Any]:
    """Layout shared by every figure: system fonts, French separators, modest fixed height; the
    title wrapped to a phone's width, the legend at the foot of the figure (under the x-axis
    and its title, never over them)."""
    heading = wrap(title, TITLE_CHARS) if title else None
    top = 20 + TITLE_LINE * lines_of(heading) + (12 if heading else 0)
    layout: dict[str, Any] = {
        "template": LIGHT_TEMPLATE,
        "height": height + TITLE_LINE * max(0, lines_of(heading) - 1),
        "font": {"family": FONT_FAMILY, "size": 14, "color": "#222222"},
        "separators": ", ",
        "margin": {"l": 10, "r": 10, "t": top, "b": 10},
        "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom",
                   "x": 0, "xanchor": "left", "font": {"size": 13}},
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 13}},
    }
    if heading:
        layout["title"] = {"text": heading, "x": 0, "xanchor": "left", "xref": "container",
                           "y": 1, "yref": "container", "yanchor": "top",
                           "pad": {"t": 24, "l": 8}, "font": {"size": 16}}
    layout.update(extra)
    return layout


def unit_of(kind: str | None = None, values: Iterable[float] = ()) -> str:
    """``share`` | ``score`` | ``count`` | ``rate`` | ``months`` | ``number`` for an indicator."""
    if kind and kind in KIND_UNITS:
        return KIND_UNITS[kind]
    finite = [float(v) for v in values if v is not None and not _isnan(v)]
    if finite and all(0.0 <= v <= 1.0 for v in finite):
        return "share"
    return "number"


def format_value(value: Any, unit: str = "number") -> str:
    """French display of a value: ``62 %``, ``3,4``, ``27`` (empty for missing)."""
    if value is None or _isnan(value):
        return ""
    v = float(value)
    if unit == "share":
        return f"{v * 100:.0f}\u202f%"
    if unit == "count":
        return f"{v:,.0f}".replace(",", "\u202f")
    if unit == "months":
        return f"{v:.1f} mois".replace(".", ",")
    if unit in ("score", "rate"):
        return f"{v:.1f}".replace(".", ",")
    return f"{v:.2f}".replace(".", ",")


def format_interval(lower: Any, upper: Any, unit: str = "number") -> str:
    """``[48 % ; 71 %]`` or empty when either bound is missing."""
    if lower is None or upper is None or _isnan(lower) or _isnan(upper):
        return ""
    return f"[{format_value(lower, unit)} ; {format_value(upper, unit)}]"


def format_n(n: Any) -> str:
    """``n = 45`` (``n < seuil`` is never shown: masked cells carry no count)."""
    if n is None or _isnan(n):
        return ""
    return f"n = {int(n)}"


def masked_text() -> str:
    return t("common.masked")


def is_masked(row: Any) -> bool:
    value = row.get("masked", False) if hasattr(row, "get") else False
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def position_on_scale(value: float, unit: str) -> float:
    """Where a value sits on its unit's range, in [0, 1] (used to colour mixed heat-maps)."""
    low, high = UNIT_RANGES.get(unit, (0.0, 1.0))
    if _isnan(value):
        return float("nan")
    return min(1.0, max(0.0, (float(value) - low) / (high - low)))


def dimension_label(dim: str) -> str:
    return t({"wave": "common.wave", "qpv": "common.qpv", "group": "common.group",
              "step": "common.step", "indicator": "common.indicator",
              "lesson": "common.lesson"}[dim])


def key_name(dim: str, key: Any, framework: Any = None) -> str:
    """Display name of a breakdown key (``tilleuls`` → ``Les Tilleuls``, ``*`` → ``Ensemble``)."""
    if key is None or (isinstance(key, float) and math.isnan(key)):
        return t("chart.unknown")
    key = str(key)
    if key == ALL:
        return t("common.all")
    if framework is None:
        return key
    try:
        if dim == "qpv":
            return framework.qpv(key).name
        if dim == "group":
            return name_of(framework.group(key))
        if dim == "step":
            return t("chart.step_short", number=framework.step(key).number)
        if dim == "lesson":
            return key
    except Exception:  # an id the framework does not know: show it as it is
        return key
    return key


def ordered_keys(dim: str, present: Iterable[Any], framework: Any = None) -> list[str]:
    """The keys present, in the framework's order (margins ``*`` last), unknown ones after."""
    present_set = [str(k) for k in dict.fromkeys(present) if not pd.isna(k)]
    reference: list[str] = []
    if framework is not None:
        reference = {
            "wave": framework.wave_ids, "qpv": framework.qpv_ids, "group": framework.group_ids,
            "step": framework.step_ids, "lesson": [le.id for le in framework.lessons],
        }.get(dim, [])
    known = [k for k in reference if k in present_set]
    others = sorted(k for k in present_set if k not in reference and k != ALL)
    return known + others + ([ALL] if ALL in present_set else [])


def masked_swatch(name: str | None = None) -> go.Scatter:
    """A legend entry for grey cells: « effectif trop faible » (heat-maps too narrow on a phone
    to write it in every cell say it once, in the legend; each cell says it on hover)."""
    return go.Scatter(x=[None], y=[None], mode="markers", name=name or masked_text(),
                      marker={"symbol": "square", "size": 14, "color": MASKED_FILL,
                              "line": {"color": MASKED_LINE, "width": 1}},
                      hoverinfo="skip", showlegend=True)


def empty_figure(message: str | None = None, *, title: str | None = None) -> go.Figure:
    """A figure that says there is nothing to show (instead of an empty frame)."""
    fig = go.Figure(layout=base_layout(title, height=200))
    fig.add_annotation(text=message or t("common.no_data"), showarrow=False, x=0.5, y=0.5,
                       xref="paper", yref="paper", font={"size": 15, "color": MASKED_TEXT})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def masked_bar(x: list[Any], extent: float, *, base: float = 0.0, orientation: str = "v",
               name: str | None = None, hover: list[str] | None = None, **kw: Any) -> go.Bar:
    """Grey hatched bars spanning the axis, labelled « effectif trop faible » (masked cells)."""
    label = masked_text()
    lengths = [extent] * len(x)
    coords = {"x": x, "y": lengths} if orientation == "v" else {"y": x, "x": lengths}
    return go.Bar(
        **coords,
        base=base,
        orientation=orientation,
        name=name or label,
        text=[label] * len(x),
        textposition="inside",
        insidetextanchor="middle",
        textangle=-90 if orientation == "v" else 0,
        textfont={"color": MASKED_TEXT, "size": 12},
        marker={"color": MASKED_FILL, "line": {"color": MASKED_LINE, "width": 1},
                "pattern": {"shape": "/", "fgcolor": "#C4C4C4", "bgcolor": MASKED_FILL,
                            "size": 10, "solidity": 0.1}},
        hovertext=hover or [label] * len(x),
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=True,
        legendgroup="masked",
        **kw,
    )


def _isnan(value: Any) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return value is None or value is pd.NA
