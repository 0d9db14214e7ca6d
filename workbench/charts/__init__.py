"""Plotly figure builders: pure functions returning ``go.Figure``; they never display anything.

Every figure uses French labels (``workbench.i18n``), the Okabe–Ito colour-blind-safe palette,
system fonts, a modest fixed height, shows the effectif (n) in hover and on the chart, and draws
masked cells as grey « effectif trop faible » instead of dropping them.

>>> from workbench.charts import lesson_heatmap
>>> fig = lesson_heatmap(overview, framework=fw)   # doctest: +SKIP
"""

from __future__ import annotations

from workbench.charts.barometer import lesson_heatmap, lesson_trend
from workbench.charts.breakdown import indicator_bars, narrow, participation_by_step
from workbench.charts.likert import likert_bars, likert_category_bars, likert_table
from workbench.charts.style import (
    FONT_FAMILY,
    HEIGHT,
    OKABE_ITO,
    empty_figure,
    format_interval,
    format_n,
    format_value,
    unit_of,
)

__all__ = [
    "FONT_FAMILY",
    "HEIGHT",
    "OKABE_ITO",
    "empty_figure",
    "format_interval",
    "format_n",
    "format_value",
    "indicator_bars",
    "lesson_heatmap",
    "lesson_trend",
    "likert_bars",
    "likert_category_bars",
    "likert_table",
    "narrow",
    "participation_by_step",
    "unit_of",
]
