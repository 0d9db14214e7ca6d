"""The report's HTML pieces: escaped text and tables, figures drawn by plotly.js embedded once,
sections with the evaluator's text."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from workbench.charts import style
from workbench.config import PACKAGE_DIR
from workbench.i18n import t
from workbench.report.context import ReportContext
from workbench.report.narrative import narrative_html

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
CARTESIAN_BUNDLE = PACKAGE_DIR / "assets" / "plotly-cartesian.min.js"
# trace types registered by plotly.js-cartesian 4.1.1 (checked against the bundle by the tests)
CARTESIAN_TRACES = frozenset({
    "bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
    "image", "pie", "scatter", "scatterternary", "violin"})



def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def needs_full_bundle(trace_types: set[str]) -> bool:
    """True when a figure uses a trace type the cartesian bundle does not hold."""
    return bool(set(trace_types) - CARTESIAN_TRACES)


def plotly_bundle_html(*, full: bool = False) -> str:
    """plotly.js inline, once per report (``window.Plotly``; no require.js, no CDN): the
    cartesian partial bundle, or the full one when ``full``."""
    if full:
        from plotly.offline import get_plotlyjs

        source = get_plotlyjs()
    else:
        source = CARTESIAN_BUNDLE.read_text(encoding="utf-8")
    return ('<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: "local"};'
            "</script>\n"
            f'<script type="text/javascript" class="wb-plotlyjs">{source}</script>\n'
            '<script type="text/javascript">window.addEventListener("beforeprint", function () {'
            'document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {'
            "window.Plotly.Plots.resize(gd);});});</script>")


def figure_html(fig: Any, ctx: ReportContext | None = None) -> str:
    """One figure as a ``<div>`` drawn by the already embedded plotly.js (its trace types are
    noted on ``ctx`` to choose the bundle)."""
    if ctx is not None:
        ctx.trace_types.update(trace.type for trace in fig.data)
    body = fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                       config=PLOTLY_CONFIG, default_width="100%",
                       default_height=fig.layout.height or style.HEIGHT)
    return f'<div class="wb-figure">{body}</div>'


def table_html(frame: pd.DataFrame, *, caption: str | None = None) -> str:
    """A plain, escaped HTML table; cells reading « effectif trop faible » get a class."""
    if frame is None or frame.empty:
        return f'<p class="wb-empty">{esc(t("common.no_data"))}</p>'
    masked = t("common.masked")
    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="wb-masked">{esc(v)}</td>' if v == masked else f"<td>{esc(v)}</td>"
            for v in values
        )
        rows.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<table class="wb-table">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def section_html(anchor: str, title: str, body: str, *, lead: str | None = None,
                 narrative: str = "") -> str:
    """A section: title, lead (escaped), the evaluator's text (already safe HTML), body."""
    intro = f'<p class="wb-lead">{esc(lead)}</p>' if lead else ""
    return (f'<section class="wb-section" id="{esc(anchor)}"><h2>{esc(title)}</h2>{intro}'
            f"{narrative}{body}</section>")


def narrative_for(ctx: ReportContext, section: str) -> str:
    """The evaluator's text for ``section`` (the QPV's own file first), rendered safely."""
    return narrative_html(ctx.narrative, section, qpv=ctx.qpv)
