"""The sections of the evaluation report, as HTML strings (the template notebook shows them).

The report notebook (``notebooks/reports/rapport.ipynb``) stays thin: it opens a
``ReportContext`` and calls ``show_*``. Everything here returns plain strings or DataFrames so that
it can be tested without a kernel; only ``show_*`` touch IPython (imported lazily).

Plotly figures are written with ``include_plotlyjs=False`` and no MathJax: plotly.js is embedded
exactly once, by ``show_head``, so each exported file is self-contained and works offline.
``show_head`` builds every section first (``render_sections``, cached on the context) so that it
knows the trace types used: the vendored *cartesian* partial bundle (plotly.js-cartesian 4.1.1,
MIT, ~1.5 MB: bar, heatmap, scatter, box, contour, histogram, pie, violin…) is embedded when it
covers them all, else the full plotly.js (~4.6 MB). The sections after the lessons (participation,
network, voices, pathways, conclusion) are in ``report_evidence``; the evaluator's text per
section comes from ``workbench.report.narrative`` (Markdown rendered safely).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbench import charts
from workbench.charts import style
from workbench.config import PACKAGE_DIR, Paths
from workbench.framework import Framework, Indicator, load_framework
from workbench.i18n import language, name_of, resolve_language, t, text_of
from workbench.indicators import ALL, select
from workbench.store import Dataset, Store

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
CARTESIAN_BUNDLE = PACKAGE_DIR / "assets" / "plotly-cartesian.min.js"
# trace types registered by plotly.js-cartesian 4.1.1 (checked against the bundle by the tests)
CARTESIAN_TRACES = frozenset({
    "bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
    "image", "pie", "scatter", "scatterternary", "violin"})


@dataclass
class ReportContext:
    """What one report reads: framework, data, every indicator cube, and the QPV (``*`` = all)."""

    fw: Framework
    data: Dataset
    cubes: dict[str, pd.DataFrame]
    qpv: str = ALL
    generated: dt.date = field(default_factory=dt.date.today)
    narrative: Path | None = None  # the evaluator's Markdown folder (data/narrative)
    trace_types: set[str] = field(default_factory=set)  # of every figure drawn so far
    rendered: dict[str, str] | None = None  # anchor → section HTML, built once
    shared: dict[str, Any] = field(default_factory=dict)  # territory figures computed once
    lang: str = "fr"  # every section is rendered in this language

    @property
    def place(self) -> str:
        return t("report.whole_territory") if self.qpv == ALL else self.fw.qpv(self.qpv).name


def open_report(qpv: str = ALL, store: str | Path | None = None,
                framework: str | Path | None = None, lang: str | None = None,
                narrative: str | Path | None = None,
                inputs: str | Path | None = None) -> ReportContext:
    """Load the framework and the store once, compute every indicator once.

    ``narrative``: the folder of the evaluator's Markdown files (default ``data/narrative``);
    ``inputs``: the file ``build_reports`` wrote with the store already loaded and computed
    (``workbench.report.inputs``; ignored when absent or no longer matching the store)."""
    from workbench.errors import StoreError
    from workbench.report.inputs import compute_inputs, load_inputs

    fw = load_framework(framework)
    lang = resolve_language(lang, fw.language)
    if qpv != ALL:
        fw.qpv(qpv)  # unknown id → FrameworkError naming it
    db = Store(store)
    if not db.path.exists():
        raise StoreError(t("report.no_store", path=db.path), key="report_store_missing",
                         file=str(db.path))
    loaded = load_inputs(inputs, db.path) if inputs else None
    if loaded is None:
        loaded = compute_inputs(db.path, fw, shared=False)
    folder = Path(narrative) if narrative else Paths.default().narrative
    return ReportContext(fw=fw, data=loaded.data, cubes=loaded.cubes, qpv=qpv,
                         narrative=folder, shared=loaded.shared, lang=lang)


# --- small HTML helpers ---------------------------------------------------------------------------
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
    from workbench.report.narrative import narrative_html

    return narrative_html(ctx.narrative, section, qpv=ctx.qpv)


# --- the plan and the title page ------------------------------------------------------------------
def section_plan(ctx: ReportContext) -> list[tuple[str, str]]:
    """(anchor, title) of every section, in order: the table of contents."""
    plan = [("barometre", t("report.section.barometer"))]
    plan += [(f"lecon-{le.id}", f"{le.id}. {name_of(le)}") for le in ctx.fw.lessons]
    plan += [("participation", t("report.section.participation")),
             ("cooperation", t("report.section.cooperation")),
             ("voix", t("report.section.voices")),
             ("chemins", t("report.section.pathways"))]
    if narrative_for(ctx, "conclusion"):
        plan.append(("conclusion", t("report.section.conclusion")))
    plan.append(("methode", t("report.section.method")))
    return plan


def title_page_html(ctx: ReportContext) -> str:
    fw = ctx.fw
    fictional = (f'<p class="wb-fictional">{esc(t("common.fictional"))}</p>'
                 if fw.territory.fictional else "")
    waves = ", ".join(name_of(w) for w in sorted(fw.waves, key=lambda w: w.date))
    facts = [
        (t("report.territory"), name_of(fw.territory)),
        (t("common.qpv"), ctx.place),
        (t("report.waves"), waves),
        (t("report.generated"), ctx.generated.strftime("%d/%m/%Y")),
    ]
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    toc = "".join(f'<li><a href="#{esc(a)}">{esc(title)}</a></li>'
                  for a, title in section_plan(ctx))
    return (
        f'<header class="wb-title-page">{fictional}'
        f'<h1>{esc(t("report.title"))}</h1>'
        f'<p class="wb-subtitle">{esc(ctx.place)}</p><dl class="wb-facts">{rows}</dl>'
        f'<p class="wb-note">{esc(t("common.masked_note", k=fw.min_cell))}</p></header>'
        f'<nav class="wb-toc" id="sommaire"><h2>{esc(t("report.toc"))}</h2><ol>{toc}</ol></nav>'
    )


# --- tables ---------------------------------------------------------------------------------------
def unit_for(spec: Indicator, values: Any = ()) -> str:
    return style.unit_of(spec.kind, values)


def cell_texts(row: Any, unit: str) -> tuple[str, str, str]:
    """(value, interval, n) as displayed; a masked cell reads « effectif trop faible »."""
    if bool(row.get("masked", False)):
        return t("common.masked"), "", ""
    if pd.isna(row.get("value")):
        return "–", "", ""
    n = row.get("n")
    return (style.format_value(row["value"], unit),
            style.format_interval(row.get("lower"), row.get("upper"), unit),
            "" if pd.isna(n) else str(int(n)))


def _wave_rows(cube: pd.DataFrame, qpv: str, group: str = ALL,
               wave_order: list[str] | None = None) -> pd.DataFrame:
    """One row per wave in framework order (the ``*`` row only when the indicator is not split
    by wave); extra keys (step, factor…) at their ``*`` total."""
    rows = select(cube, wave=None, qpv=qpv, group=group)
    for key in ("step", "factor", "condition", "level"):
        if key in rows.columns:
            rows = rows[rows[key].astype(str) == ALL]
    waved = rows[rows["wave"].astype(str) != ALL]
    rows = waved if not waved.empty else rows
    order = {w: i for i, w in enumerate(wave_order or [])}
    rank = rows["wave"].astype(str).map(lambda w: order.get(w, len(order)))
    return rows.assign(_rank=rank).sort_values(["_rank", "wave"]).drop(columns="_rank")


def indicator_table(ctx: ReportContext, specs: list[Indicator]) -> pd.DataFrame:
    """Indicators × waves for the report's QPV, all groups together."""
    records = []
    for spec in specs:
        cube = ctx.cubes.get(spec.id)
        if cube is None or cube.empty:
            continue
        rows = _wave_rows(cube, ctx.qpv, wave_order=ctx.fw.wave_ids)
        unit = unit_for(spec, rows["value"])
        for row in rows.to_dict("records"):
            value, interval, n = cell_texts(row, unit)
            wave = row["wave"]
            records.append({
                t("common.indicator"): name_of(spec),
                t("common.wave"): t("common.all_waves") if wave == ALL else wave,
                t("common.value"): value,
                t("common.interval"): interval,
                t("common.n"): n,
            })
    return pd.DataFrame(records)


def latest_wave(ctx: ReportContext, specs: list[Indicator]) -> str | None:
    """The latest framework wave with a visible value for these indicators at this QPV."""
    for wave in reversed(ctx.fw.wave_ids):
        for spec in specs:
            cube = ctx.cubes.get(spec.id)
            if cube is not None and not select(cube, wave=wave, qpv=ctx.qpv, group=None).empty:
                return wave
    return None


def group_table(ctx: ReportContext, specs: list[Indicator], wave: str) -> pd.DataFrame:
    """Indicators (rows) × stakeholder groups (columns) at one wave, for the report's QPV."""
    records = []
    for spec in specs:
        cube = ctx.cubes.get(spec.id)
        if cube is None or cube.empty:
            continue
        rows = select(cube, wave=wave, qpv=ctx.qpv, group=None)
        unit = unit_for(spec, rows["value"])
        by_group = {str(r["group"]): r for r in rows.to_dict("records")}
        record = {t("common.indicator"): name_of(spec)}
        for gid in [*ctx.fw.group_ids, ALL]:
            row = by_group.get(gid)
            label = t("common.all") if gid == ALL else name_of(ctx.fw.group(gid))
            if row is None:
                record[label] = "–"
                continue
            value, _, n = cell_texts(row, unit)
            record[label] = f"{value} (n = {n})" if n else value
        records.append(record)
    return pd.DataFrame(records)


# --- sections -------------------------------------------------------------------------------------
def barometer_overview(ctx: ReportContext) -> pd.DataFrame:
    """Lesson × wave headline figures for the report's QPV (all groups)."""
    from workbench.indicators import lessons

    return lessons.barometer_overview(ctx.cubes, ctx.fw, qpv=ctx.qpv, group=ALL)


def barometer_html(ctx: ReportContext) -> str:
    overview = barometer_overview(ctx)
    figure = figure_html(charts.lesson_heatmap(overview, framework=ctx.fw), ctx)
    return section_html("barometre", t("report.section.barometer"), figure,
                        lead=t("report.barometer_lead"), narrative=narrative_for(ctx, "barometre"))


def lesson_html(ctx: ReportContext, lesson_id: str) -> str:
    """A lesson: its text, the evaluator's text, trend chart, tables, the committee's readings."""
    from workbench.report.evidence import readings_block

    lesson = ctx.fw.lesson(lesson_id)
    specs = [s for s in ctx.fw.indicators if s.lesson == lesson_id]
    parts = []
    text = text_of(lesson)
    trend_specs = [s for s in specs if unit_for(s) == "share" and s.evidence == "perception"]
    trend_rows = [_wave_rows(ctx.cubes[s.id], ctx.qpv, wave_order=ctx.fw.wave_ids)
                  for s in trend_specs if s.id in ctx.cubes]
    trend_rows = [r for r in trend_rows if not r.empty and (r["wave"].astype(str) != ALL).any()]
    if trend_rows:
        rows = pd.concat(trend_rows, ignore_index=True)
        fig = charts.lesson_trend(
            rows, framework=ctx.fw, labels={s.id: name_of(s) for s in trend_specs},
            targets={s.id: s.target for s in trend_specs if s.target is not None}, unit="share",
            title=t("report.trend_title"))
        parts.append(figure_html(fig, ctx))
    parts.append(table_html(indicator_table(ctx, specs), caption=t("report.table_by_wave")))
    perception = [s for s in specs if s.evidence == "perception"]
    wave = latest_wave(ctx, perception)
    if wave is not None:
        parts.append(table_html(group_table(ctx, perception, wave),
                                caption=t("report.table_by_group", wave=wave)))
    parts.append(readings_block(ctx, lesson_id))
    return section_html(f"lecon-{lesson.id}", f"{lesson.id}. {name_of(lesson)}", "".join(parts),
                        lead=text or None, narrative=narrative_for(ctx, lesson.id))


def render_sections(ctx: ReportContext) -> dict[str, str]:
    """Every section's HTML (anchor → markup), built once in the report's language and kept on
    ``ctx``."""
    if ctx.rendered is None:
        import workbench.report.evidence as evidence

        with language(ctx.lang):
            ctx.rendered = _render_all(ctx, evidence)
    return ctx.rendered


def _render_all(ctx: ReportContext, evidence: Any) -> dict[str, str]:
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
