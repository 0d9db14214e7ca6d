"""The report's sections built from workshop evidence, and the committee's readings.

Participation across the steps (funnel by group, continuity, facilitators), the cooperation
network, voices (quotable coded verbatims, salience by lesson), change pathways, the conclusion,
the method note (the rule on what a figure reveals, the audit's result, the list of the
evaluator's files used), and the readings block shown under each lesson. Every function returns
an HTML string built from the publication's tables (masked together and audited); every free
text (verbatims, readings, labels) is escaped here or by ``readings_html``.

A section that cannot follow the report's QPV says so in French (``scope_note``): the network
links organisations, the pathway and the facilitators are counted for the whole territory, and
the committee's readings are territory-wide.
"""

from __future__ import annotations

import pandas as pd

from workbench.charts.style import format_n, format_value
from workbench.i18n import known, mask_reason, name_of, t
from workbench.indicators import ALL
from workbench.publication import views
from workbench.report.context import ReportContext
from workbench.report.html import esc, figure_html, narrative_for, section_html, table_html
from workbench.stats.reliability import alpha_warning


def scope_note(ctx: ReportContext, key: str) -> str:
    """« Cette partie porte sur l'ensemble du territoire … » in a QPV report, else nothing."""
    if ctx.qpv == ALL:
        return ""
    return (f'<p class="wb-scope">{esc(t("report.scope.territory_wide", place=ctx.place))} '
            f"{esc(t(key))}</p>")


def territory(ctx: ReportContext) -> dict:
    """The network and pathway figures (no QPV breakdown), drawn once per report."""
    if "network" not in ctx.shared:
        from workbench.charts.pathways import attainment_trend_chart
        from workbench.exports.section_figures import (
            network_section_figures,
            pathway_diagram_figure,
        )

        ctx.shared.update({
            "network": network_section_figures(ctx.pub),
            "pathway_diagram": pathway_diagram_figure(ctx.pub),
            "pathway_trend": attainment_trend_chart(ctx.pub.section_cube("markers"), ctx.fw)})
    return ctx.shared


# --- participation --------------------------------------------------------------------------------
def participation_table(ctx: ReportContext) -> pd.DataFrame:
    """People present per step (rows) and group (columns) for the report's QPV."""
    return step_group_table(ctx, views.funnel(ctx.pub, ctx.qpv))


def facilitators_table(ctx: ReportContext) -> pd.DataFrame:
    """Share of the people present who facilitated a session themselves, per step and group
    (whole territory), with the people present."""
    return step_group_table(ctx, ctx.pub.facilitators, total=True, share=True)


def step_group_table(ctx: ReportContext, frame: pd.DataFrame, *, total: bool = False,
                     share: bool = False) -> pd.DataFrame:
    """Steps × groups (+ « Ensemble ») of a published frame (step, group, n, masked; with
    ``share``, value is a share of n); masked cells say why, absent ones read « – »."""
    if frame is None or frame.empty:
        return pd.DataFrame()
    cells = {(str(r["step"]), str(r["group"])): r for r in frame.to_dict("records")}
    groups = [g for g in [*ctx.fw.group_ids, ALL] if any(k[1] == g for k in cells)]
    steps = [(s.id, f"{s.number}. {name_of(s)}") for s in ctx.fw.steps]
    if total:
        steps.append((ALL, t("report.all_steps")))
    records = []
    for step, label in steps:
        record = {t("common.step"): label}
        for gid in groups:
            name = t("common.all") if gid == ALL else name_of(ctx.fw.group(gid))
            row = cells.get((step, gid))
            if row is None:
                record[name] = "–"
            elif bool(row.get("masked", False)):
                reason = row.get("reason")
                record[name] = mask_reason(reason if isinstance(reason, str) else None)
            elif share:
                record[name] = f"{format_value(row['value'], 'share')} ({format_n(row['n'])})"
            else:
                record[name] = format_value(row["n"], "count")
        records.append(record)
    return pd.DataFrame(records)


def participation_html(ctx: ReportContext) -> str:
    from workbench.exports.section_figures import participation_figures

    figures = participation_figures(ctx.pub, qpv=ctx.qpv)
    body = [figure_html(figures["funnel"], ctx),
            table_html(participation_table(ctx), caption=t("report.participation_table")),
            figure_html(figures["continuity"], ctx),
            f'<h3>{esc(t("report.facilitators_title"))}</h3>',
            scope_note(ctx, "report.scope.facilitators"),
            f'<p>{esc(t("report.facilitators_lead"))}</p>',
            table_html(facilitators_table(ctx), caption=t("report.facilitators_table"))]
    return section_html("participation", t("report.section.participation"), "".join(body),
                        lead=t("report.participation_lead"),
                        narrative=narrative_for(ctx, "participation"))


# --- cooperation network --------------------------------------------------------------------------
def cooperation_html(ctx: ReportContext) -> str:
    net = territory(ctx)["network"]
    body = [scope_note(ctx, "report.scope.network")]
    if not net["waves"]:
        body.append(f'<p class="wb-empty">{esc(t("report.no_network"))}</p>')
    else:
        body.append(figure_html(net["map"], ctx))  # the last wave, a slider for the others
        if len(net["waves"]) > 1:  # ties that appeared or strengthened, first → last wave
            body.append(figure_html(net["changes"], ctx))
        body += [figure_html(net["levels"], ctx),
                 table_html(net["table"], caption=t("report.network_table")),
                 f'<p class="wb-note">{esc(net["note"])}</p>']
    return section_html("cooperation", t("report.section.cooperation"), "".join(body),
                        lead=t("report.cooperation_lead"),
                        narrative=narrative_for(ctx, "cooperation"))


# --- voices ---------------------------------------------------------------------------------------
def quotes_frame(ctx: ReportContext) -> pd.DataFrame:
    """Quotable verbatims carrying at least one lesson (consensus of coders), for the QPV."""
    quotes = ctx.pub.quotes
    if ctx.qpv == ALL or quotes.empty:
        return quotes
    return quotes[(quotes["qpv"] == ctx.qpv).to_numpy()].reset_index(drop=True)


def quote_html(ctx: ReportContext, row: dict) -> str:
    """One verbatim as an escaped block quote, with its lessons and where it was said."""
    lessons = [le.strip() for le in str(row.get("lessons") or "").split(",") if le.strip()]
    tags = "".join(f'<span class="wb-lesson-tag" title="{esc(name_of(ctx.fw.lesson(le)))}">'
                   f"{esc(le)}</span>" for le in lessons if le in {x.id for x in ctx.fw.lessons})
    place = (ctx.fw.qpv(row["qpv"]).name if isinstance(row.get("qpv"), str)
             and row["qpv"] in ctx.fw.qpv_ids else t("report.whole_territory"))
    kind = f"voices.kind.{row.get('kind')}"
    context = [t(kind) if known(kind) else str(row.get("kind") or ""),
               t("report.quote_wave", wave=row.get("wave") or "–"), place]
    if isinstance(row.get("event_label"), str) and row["event_label"]:
        context.append(row["event_label"])
    heading = next((row[c] for c in ("title", "prompt")
                    if isinstance(row.get(c), str) and row[c].strip()), None)
    head = f'<p class="wb-quote-title">{esc(heading)}</p>' if heading else ""
    return (f'<blockquote class="wb-quote">{head}<p class="wb-quote-text">{esc(row["text"])}</p>'
            f'<footer><span class="wb-quote-lessons">{tags}</span> '
            f'{esc(" · ".join(c for c in context if c))}</footer></blockquote>')


def agreement_table(ctx: ReportContext) -> pd.DataFrame:
    """Coders' agreement per lesson code and on the valence (all coded verbatims): verbatims
    coded twice, κ (two coders), Krippendorff's α, and its reading (« fiabilité faible » …)."""
    from workbench.stats.agreement import VALENCE_CODE

    table = ctx.pub.agreement
    records = []
    for row in table.to_dict("records"):
        if not row["units"]:
            continue
        code = str(row["code"])
        name = (t("report.agreement.valence") if code == VALENCE_CODE
                else f"{code} · {name_of(ctx.fw.lesson(code))}")
        records.append({
            t("report.agreement.code"): name,
            t("report.agreement.units"): int(row["units"]),
            t("report.agreement.kappa"): format_value(row["value"], "number")
            if row["method"] == "cohen_kappa" else "",
            t("report.agreement.alpha"): format_value(row["alpha"], "number"),
            t("report.agreement.reading"): t(f"figures.reliability.{row['flag']}"),
        })
    return pd.DataFrame(records)


def voices_html(ctx: ReportContext) -> str:
    from workbench.exports.section_figures import voices_figures

    quotes = quotes_frame(ctx)
    agreement = agreement_table(ctx)
    body = [figure_html(voices_figures(ctx.pub, qpv=ctx.qpv)["salience"], ctx),
            f'<p class="wb-note">{esc(t("report.agreement.lead"))}</p>',
            table_html(agreement, caption=t("report.agreement.caption"))
            if not agreement.empty else "",
            f'<h3>{esc(t("report.quotes_title", n=len(quotes)))}</h3>',
            f'<p class="wb-note">{esc(t("report.quotes_note"))}</p>']
    if quotes.empty:
        body.append(f'<p class="wb-empty">{esc(t("report.no_quotes"))}</p>')
    else:
        body.append('<div class="wb-quotes">'
                    + "".join(quote_html(ctx, r) for r in quotes.to_dict("records")) + "</div>")
    return section_html("voix", t("report.section.voices"), "".join(body),
                        lead=t("report.voices_lead"), narrative=narrative_for(ctx, "voix"))


# --- change pathways ------------------------------------------------------------------------------
def pathways_html(ctx: ReportContext) -> str:
    shared = territory(ctx)
    body = [scope_note(ctx, "report.scope.pathways"),
            figure_html(shared["pathway_diagram"], ctx),
            figure_html(shared["pathway_trend"], ctx)]
    return section_html("chemins", t("report.section.pathways"), "".join(body),
                        lead=t("report.pathways_lead"), narrative=narrative_for(ctx, "chemins"))


def conclusion_html(ctx: ReportContext) -> str:
    """The evaluator's conclusion (only when ``conclusion.md`` exists)."""
    text = narrative_for(ctx, "conclusion")
    return section_html("conclusion", t("report.section.conclusion"), "", narrative=text) \
        if text else ""


def reliability_table(ctx: ReportContext) -> pd.DataFrame:
    """Cronbach's α of each multi-item scale (``likert_mean`` indicators) per wave, on the
    people with two answered items or more (n, when published), with « α faible » under 0.6
    and « α négatif »; hidden where α rests on fewer people than the small-cell threshold."""
    waves = ctx.fw.wave_ids
    table = ctx.pub.reliability
    rows = []
    for spec in ctx.fw.indicators:
        if table.empty or spec.id not in set(table["indicator"]):
            continue
        mine = table[(table["indicator"] == spec.id).to_numpy()]
        cells = mine[(mine["qpv"] == ctx.qpv) & (mine["group"] == ALL)].set_index("wave")
        row = {t("report.reliability.scale"): name_of(spec)}
        for wave in waves:
            if wave not in cells.index:
                row[wave] = "–"
                continue
            if bool(cells.at[wave, "masked"]):
                row[wave] = t("common.masked")
                continue
            alpha, count = cells.at[wave, "value"], cells.at[wave, "n"]
            if pd.isna(alpha):
                row[wave] = "–"
                continue
            cell = (t("report.reliability.cell", alpha=format_value(alpha, "number"),
                      n=int(count)) if pd.notna(count)
                    else t("figures.alpha", alpha=format_value(alpha, "number")))
            warning = alpha_warning(float(alpha))
            if warning is not None:
                cell = t("report.reliability.negative" if warning == "alpha_negative"
                         else "report.reliability.low", cell=cell)
            row[wave] = cell
        rows.append(row)
    return pd.DataFrame(rows)


def method_html(ctx: ReportContext) -> str:
    from workbench.report.narrative import SECTIONS, narrative_files

    fw = ctx.fw
    body = f'<h3>{esc(t("report.method.secrecy_title"))}</h3>'
    body += "".join(f"<p>{esc(p)}</p>" for p in (
        t("common.masked_note", k=fw.min_cell),
        t("report.method.rule", k=fw.min_cell, c=fw.min_category),
        t("report.method.distributions", c=fw.min_category),
        t("report.method.together"),
        t("report.method.audit", summary=ctx.pub.audit.summary),
        t("report.method.record"),
        t("report.method.relational_symmetrised")
        if fw.privacy.relational.ratings != "per_pair" else
        t("report.method.relational_per_pair"),
    ))
    body += "".join(f"<p>{esc(p)}</p>" for p in (
        t("report.method_persons"),
        t("report.method_panel"),
        t("report.method_intervals"),
        t("report.method_units"),
        t("report.method_pseudonyms"),
        t("report.reliability.lead"),
    ))
    body += table_html(reliability_table(ctx), caption=t("report.reliability.caption"))
    warnings = ctx.fw.warnings()
    if warnings:
        items = "".join(f"<li>{esc(w.message)}</li>" for w in warnings)
        body += (f'<div class="wb-note"><p>{esc(t("report.framework_warnings"))}</p>'
                 f"<ul>{items}</ul></div>")
    sections = [*SECTIONS, *(le.id for le in ctx.fw.lessons if le.id not in SECTIONS)]
    used = narrative_files(ctx.narrative, sections, qpv=ctx.qpv)
    if used:
        names = ", ".join(f.relative_to(ctx.narrative).as_posix() for f in used.values())
        body += f'<p class="wb-note">{esc(t("report.narrative_used", files=names))}</p>'
    else:
        body += f'<p class="wb-note">{esc(t("report.narrative_none"))}</p>'
    if ctx.fw.territory.fictional:
        body += f'<p class="wb-fictional">{esc(t("common.fictional"))}</p>'
    return section_html("methode", t("report.section.method"), body)


# --- the committee's readings ---------------------------------------------------------------------
def lesson_readings(ctx: ReportContext, lesson_id: str) -> pd.DataFrame:
    """Readings of the lesson and of its indicators, every wave, oldest first."""
    from workbench.indicators.readings import readings_for

    subjects = [lesson_id, *(s.id for s in ctx.fw.indicators if s.lesson == lesson_id)]
    return readings_for(ctx.pub.readings, subject=subjects, fw=ctx.fw)


def readings_block(ctx: ReportContext, lesson_id: str) -> str:
    """« Lectures du comité de pilotage » under a lesson: grouped by subject, all escaped; then
    the members' own readings of the lesson at each meeting (published distributions: masked
    under the threshold; their sentences stay with the evaluators)."""
    from workbench.indicators.readings import member_history_html, readings_html

    frame = lesson_readings(ctx, lesson_id)
    parts = [f'<div class="wb-readings-block"><h3>{esc(t("report.readings_title"))}</h3>',
             scope_note(ctx, "report.scope.readings")]
    if frame.empty:
        parts.append(f'<p class="wb-empty">{esc(t("report.readings_none"))}</p>')
    for _subject, rows in frame.groupby("subject", sort=False):
        parts.append(f'<h4>{esc(rows["subject_label"].iloc[0])}</h4>{readings_html(rows)}')
    parts.append(member_history_html(ctx.pub.table("member_votes"), ctx.fw, subject=lesson_id))
    parts.append("</div>")
    return "".join(parts)


__all__ = ["conclusion_html", "cooperation_html", "facilitators_table", "lesson_readings",
           "method_html", "participation_html", "participation_table", "pathways_html",
           "quote_html", "quotes_frame", "readings_block", "scope_note", "step_group_table",
           "territory", "voices_html"]
