"""The report's title page, its barometer and one section per lesson (tables by wave and by
group, trend chart, the committee's readings)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from workbench import charts
from workbench.charts import figure_notes as notes
from workbench.charts import style
from workbench.framework import Indicator
from workbench.i18n import mask_reason, name_of, t, text_of
from workbench.indicators import ALL, lessons, select
from workbench.report.context import ReportContext
from workbench.report.evidence import readings_block
from workbench.report.html import esc, figure_html, narrative_for, section_html, table_html


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


SHARE_KINDS = ("code_salience", "we_share")  # shares of verbatims or pronouns


def table_unit(spec: Indicator, values: Any = ()) -> str:
    """The unit a table shows a value in (voices shares as percentages)."""
    return "share" if spec.kind in SHARE_KINDS else unit_for(spec, values)


def cell_texts(row: Any, unit: str) -> tuple[str, str, str]:
    """(value, interval, n) as displayed: a masked cell says why (« effectif trop faible »…),
    a full count « 6 sur 10 organisations » with no interval, a wave before any event says so,
    n names its unit (« 155 personnes », « 120 verbatims (94 personnes) »)."""
    if bool(row.get("masked", False)):
        reason = row.get("reason")
        return mask_reason(reason if isinstance(reason, str) else None), "", ""
    if pd.isna(row.get("value")) and not notes.note_text(row):
        return "–", "", ""
    return notes.value_text(row, unit), notes.interval_text(row, unit), notes.n_text(row)


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
    """Indicators × waves for the report's QPV, all groups together: value, interval, n with
    its unit, « ne se prononce pas », reliability (α, coders' agreement), reading over time."""
    records = []
    for spec in specs:
        cube = ctx.cubes.get(spec.id)
        if cube is None or cube.empty:
            continue
        rows = _wave_rows(cube, ctx.qpv, wave_order=ctx.fw.wave_ids)
        unit = table_unit(spec, rows["value"])
        for row in rows.to_dict("records"):
            value, interval, n = cell_texts(row, unit)
            wave = row["wave"]
            records.append({
                t("common.indicator"): name_of(spec),
                t("common.wave"): t("common.all_waves") if wave == ALL else wave,
                t("common.value"): value,
                t("common.interval"): interval,
                t("common.n"): n,
                t("common.nsp"): notes.nsp_text(row),
                t("figures.reliability"): notes.reliability_text(row),
                t("dashboard.mode"): notes.mode_text(row.get("mode")),
            })
    return pd.DataFrame(records)


def methods_note(ctx: ReportContext, specs: list[Indicator]) -> str:
    """« Méthodes : … » — every method used by these indicators at the report's QPV, in words,
    once each."""
    seen: list[str] = []
    for spec in specs:
        cube = ctx.cubes.get(spec.id)
        if cube is None or cube.empty or "method" not in cube.columns:
            continue
        rows = _wave_rows(cube, ctx.qpv, wave_order=ctx.fw.wave_ids)
        rows = rows[~rows["masked"].astype(bool)]
        for method in rows["method"].dropna().astype(str).unique():
            text = notes.method_text(method)
            if text and text not in seen:
                seen.append(text)
    if not seen:
        return ""
    items = "".join(f"<li>{esc(text)}</li>" for text in seen)
    return (f'<div class="wb-note wb-methods"><p>{esc(t("report.methods_title"))}</p>'
            f"<ul>{items}</ul></div>")


def change_table(ctx: ReportContext, specs: list[Indicator]) -> pd.DataFrame:
    """First → last wave change of the lesson's agreement shares at the report's QPV (all
    groups): change and interval, whether it follows the same people, how many were followed,
    and the mean change of those followed (``indicators.longitudinal.change_between``)."""
    waves = ctx.fw.wave_ids
    if len(waves) < 2:
        return pd.DataFrame()
    first, last = waves[0], waves[-1]
    records = []
    for spec in specs:
        if spec.kind != lessons.HEADLINE_KIND or spec.id not in ctx.cubes:
            continue
        rows = ctx.pub.change(spec.id, first, last)
        if rows.empty:
            continue
        row = rows[(rows["qpv"] == ctx.qpv) & (rows["group"] == ALL)]
        if row.empty:
            continue
        r = row.iloc[0].to_dict()
        record = {t("common.indicator"): name_of(spec)}
        if bool(r["masked"]):
            record.update({t("report.change.value"): t("common.masked")})
        else:
            record.update({
                t("report.change.value"): _points(r["value"]),
                t("common.interval"): f"[{_points(r['lower'])} ; {_points(r['upper'])}]",
                t("dashboard.mode"): notes.mode_text(r["mode"]),
                t("report.change.followed"): "" if pd.isna(r.get("n_both"))
                else str(int(r["n_both"])),
                t("report.change.paired"): "" if pd.isna(r.get("paired_value"))
                else f"{_points(r['paired_value'])} [{_points(r['paired_lower'])} ; "
                     f"{_points(r['paired_upper'])}]",
            })
        records.append(record)
    return pd.DataFrame(records).fillna("")


def _points(value: Any) -> str:
    """A change of share in percentage points, signed: « +26 pts »."""
    if value is None or pd.isna(value):
        return "–"
    return f"{100 * float(value):+.0f} pts".replace("-", "−")


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
            nsp = notes.nsp_text(row)
            extra = " ; ".join(p for p in (f"n = {n}" if n else "",
                                           t("figures.nsp_short", share=nsp) if nsp else "")
                               if p)
            record[label] = f"{value} ({extra})" if extra else value
        records.append(record)
    return pd.DataFrame(records)


# --- sections -------------------------------------------------------------------------------------
def barometer_overview(ctx: ReportContext) -> pd.DataFrame:
    """Lesson × wave headline figures for the report's QPV (all groups)."""
    return lessons.barometer_overview(ctx.cubes, ctx.fw, qpv=ctx.qpv, group=ALL)


def composition_html(ctx: ReportContext) -> str:
    """Who answered each wave (people per group) and, when the mix moved, each lesson's
    headline adjusted to the first wave's mix, labelled as such."""
    who = ctx.pub.composition(ctx.qpv)
    if who.empty:
        return ""
    moved = notes.composition_moved(who)
    parts = [table_html(notes.composition_table(who, ctx.fw),
                        caption=t("figures.composition_title")),
             f'<p class="wb-note">'
             f'{esc(t("figures.composition_moved" if moved else "figures.composition_stable"))}'
             "</p>"]
    if moved:
        adjusted = ctx.pub.adjusted(ctx.qpv)
        table = notes.adjusted_table(adjusted, ctx.fw)
        if not table.empty:
            parts += [table_html(table, caption=t("figures.adjusted_title",
                                                  wave=ctx.fw.wave_ids[0])),
                      f'<p class="wb-note">'
                      f'{esc(t("indicator.method.direct_standardisation_first_wave_groups"))}'
                      "</p>"]
        elif not adjusted.empty:
            parts.append(f'<p class="wb-note">'
                         f'{esc(t("figures.adjusted_withheld", wave=ctx.fw.wave_ids[0]))}</p>')
    return "".join(parts)


def barometer_html(ctx: ReportContext) -> str:
    overview = barometer_overview(ctx)
    figure = figure_html(charts.lesson_heatmap(overview, framework=ctx.fw), ctx)
    return section_html("barometre", t("report.section.barometer"),
                        figure + composition_html(ctx),
                        lead=t("report.barometer_lead"), narrative=narrative_for(ctx, "barometre"))


def likert_html(ctx: ReportContext, lesson_id: str, wave: str | None) -> str:
    """The lesson's items at ``wave``: diverging bars with « ne se prononce pas » apart."""
    from workbench.publication import views

    items = [i.id for i in ctx.fw.items if lesson_id in i.lessons]
    if wave is None or not items:
        return ""
    dist = views.likert_rows(ctx.pub, wave=wave, qpv=ctx.qpv, items=items)
    if dist.empty:
        return ""
    return figure_html(charts.likert_category_bars(
        dist, framework=ctx.fw, title=t("report.likert_title", wave=wave)), ctx)


def lesson_html(ctx: ReportContext, lesson_id: str) -> str:
    """A lesson: its text, the evaluator's text, trend chart, tables, the committee's readings."""
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
    changes = change_table(ctx, perception)
    if not changes.empty:
        waves = ctx.fw.wave_ids
        parts.append(table_html(changes, caption=t("report.change.caption", first=waves[0],
                                                    last=waves[-1])))
    wave = latest_wave(ctx, perception)
    if wave is not None:
        parts.append(table_html(group_table(ctx, perception, wave),
                                caption=t("report.table_by_group", wave=wave)))
    parts.append(likert_html(ctx, lesson_id, wave))
    parts.append(methods_note(ctx, specs))
    parts.append(readings_block(ctx, lesson_id))
    return section_html(f"lecon-{lesson.id}", f"{lesson.id}. {name_of(lesson)}", "".join(parts),
                        lead=text or None, narrative=narrative_for(ctx, lesson.id))
