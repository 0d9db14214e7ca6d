"""The look of every chart in one place: palette, fonts, size, number formats, masked cells.

Colours are Okabe & Ito's colour-blind-safe set; fonts are system fonts only (no web font is
ever requested); numbers use French separators (``0,62`` and ``62 %``).
"""

from __future__ import annotations

import math
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


def base_layout(title: str | None = None, *, height: int = HEIGHT, **extra: Any) -> dict[str, Any]:
    """Layout shared by every figure: system fonts, French separators, modest fixed height."""
    layout: dict[str, Any] = {
        "template": LIGHT_TEMPLATE,
        "height": height,
        "font": {"family": FONT_FAMILY, "size": 14, "color": "#222222"},
        "separators": ", ",
        "margin": {"l": 10, "r": 10, "t": 60 if title else 20, "b": 10},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 13}},
    }
    if title:
        layout["title"] = {"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}}
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
        textangle=0,
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
