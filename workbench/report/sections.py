"""The sections of the evaluation report, as HTML strings, and what the template notebook calls.

The report notebook (``notebooks/reports/rapport.ipynb``) stays thin: it opens a
``ReportContext`` (``open_report``) and calls ``show_*``. Everything returns plain strings so that
it can be tested without a kernel; only ``show_*`` touch IPython (imported lazily).

Plotly figures are written with ``include_plotlyjs=False`` and no MathJax: plotly.js is embedded
exactly once, by ``show_head``, so each exported file is self-contained and works offline.
``show_head`` builds every section first (``render_sections``, cached on the context) so that it
knows the trace types used: the vendored *cartesian* partial bundle (plotly.js-cartesian 4.1.1,
MIT, ~1.5 MB: bar, heatmap, scatter, box, contour, histogram, pie, violin…) is embedded when it
covers them all, else the full plotly.js (~4.6 MB). The lessons are in ``report.lessons``, the
sections after them in ``report.evidence``; the evaluator's text per section comes from
``report.narrative`` (Markdown rendered safely).
"""

from __future__ import annotations

from workbench.i18n import language
from workbench.report import evidence
from workbench.report.context import ReportContext, open_report
from workbench.report.html import needs_full_bundle, plotly_bundle_html
from workbench.report.lessons import barometer_html, lesson_html, title_page_html

__all__ = ["ReportContext", "head_html", "open_report", "render_sections", "show_barometer",
           "show_conclusion", "show_cooperation", "show_head", "show_lessons", "show_method",
           "show_participation", "show_pathways", "show_voices"]


def render_sections(ctx: ReportContext) -> dict[str, str]:
    """Every section's HTML (anchor → markup), built once in the report's language and kept on
    ``ctx``."""
    if ctx.rendered is None:
        with language(ctx.lang):
            ctx.rendered = _render_all(ctx)
    return ctx.rendered


def _render_all(ctx: ReportContext) -> dict[str, str]:
    rendered = {"barometre": barometer_html(ctx)}
    rendered |= {f"lecon-{le.id}": lesson_html(ctx, le.id) for le in ctx.fw.lessons}
    return rendered | {"participation": evidence.participation_html(ctx),
                       "cooperation": evidence.cooperation_html(ctx),
                       "voix": evidence.voices_html(ctx),
                       "chemins": evidence.pathways_html(ctx),
                       "conclusion": evidence.conclusion_html(ctx),
                       "methode": evidence.method_html(ctx)}


def head_html(ctx: ReportContext) -> str:
    """plotly.js (once: the bundle that covers every figure of the report) + the title page."""
    render_sections(ctx)
    with language(ctx.lang):
        title = title_page_html(ctx)
    return plotly_bundle_html(full=needs_full_bundle(ctx.trace_types)) + title


# --- what the notebook calls ----------------------------------------------------------------------
def _show(markup: str) -> None:
    from IPython.display import HTML, display

    if markup:
        display(HTML(markup))


def show_head(ctx: ReportContext) -> None:
    """plotly.js (once), the title page with the fictional notice, the table of contents."""
    _show(head_html(ctx))


def show_barometer(ctx: ReportContext) -> None:
    _show(render_sections(ctx)["barometre"])


def show_lessons(ctx: ReportContext) -> None:
    for lesson in ctx.fw.lessons:
        _show(render_sections(ctx)[f"lecon-{lesson.id}"])


def show_participation(ctx: ReportContext) -> None:
    _show(render_sections(ctx)["participation"])


def show_cooperation(ctx: ReportContext) -> None:
    _show(render_sections(ctx)["cooperation"])


def show_voices(ctx: ReportContext) -> None:
    _show(render_sections(ctx)["voix"])


def show_pathways(ctx: ReportContext) -> None:
    _show(render_sections(ctx)["chemins"])


def show_conclusion(ctx: ReportContext) -> None:
    _show(render_sections(ctx)["conclusion"])


def show_method(ctx: ReportContext) -> None:
    _show(render_sections(ctx)["methode"])
