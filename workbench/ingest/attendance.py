"""Sign-in sheet (émargement) importer → events, attendance, people; registration lists →
registrations (kept apart from presence).

Every sheet of the file that holds a list of people is read (``sources.signin`` finds its shape):

- one event per sheet: the event comes from the title block (``Étape :``, ``Date :``, a title
  line such as « Jeudi 16 novembre 2023, 9h30-12h30 »), the file or sheet name
  (``emargement_S2_2023-03-09.xlsx``), else the user's answers (``--step``, ``--date``,
  ``--qpv``) or those remembered for the series (``workshop_events``);
- a presence matrix (one column per meeting date): one event per date column;
- one table of many events: columns ``Étape``, ``Date``, ``Événement``, ``Quartier``.

Presence is read from marks (``X``, ``✓``, oui/non, 1/0, P/A), a signature cell, or — with no
such column, or signatures all empty — implied by being listed (the report says so). A
registration list (who signed up: a registration date, ticket or order column, « inscrits »)
goes to ``registrations``; a list that says neither is asked about (``--list``). Names become
pseudonymous ids and are never stored; nor are ``Fonction``, e-mails, phones and comments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from workbench.errors import ImportProblem, ProblemList
from workbench.framework import Framework
from workbench.i18n import name_of, t
from workbench.ingest._workshop_common import (
    add_problem,
    grids_of,
    is_spreadsheet,
    located,
    names_in_file,
)
from workbench.ingest.context import ImportContext, ImportQuestion, ImportReport
from workbench.ingest.series_memory import remember_answers, remembered_answers
from workbench.ingest.signin_rows import PeopleReader, Plan, Sheet, attendance_summary
from workbench.ingest.workshop_events import (
    BY_DATES,
    Clues,
    Event,
    Resolver,
    parse_date,
    parse_step,
    questions,
    step_by_calendar,
)
from workbench.privacy.screening import NameScreener
from workbench.sources.signin import SigninShape, find_step_number, read_shape
from workbench.store import Store

__all__ = ["import_attendance", "matches", "parse_date", "parse_step", "questions_of", "run"]
KIND = "attendance"


def matches(path: str | Path) -> bool:
    """True for a spreadsheet (or a Word table) holding a sign-in sheet, a presence matrix or a
    registration list on one of its sheets."""
    path = Path(path)
    if not is_spreadsheet(path):
        return False
    try:
        return any(read_shape(grid) is not None for grid in grids_of(path))
    except Exception:  # a detector never raises: the file is simply not ours
        return False


def import_attendance(path: str | Path, **context: Any) -> ImportReport:
    """Import one sign-in file (see the module docstring). ``context``: the
    ``ImportContext.open`` arguments (``answers={"step": "S5"}`` among them)."""
    return run(ImportContext.open(path, **context))


def plan(ctx: ImportContext) -> Plan:
    """Read the sheets of the file and resolve their events (problems collected, not raised)."""
    problems = ProblemList(ctx.path.name)
    grids = grids_of(ctx.path)
    instrument = ctx.instrument_of_kind(KIND)
    resolver = Resolver(ctx.framework, problems, dict(ctx.answers),
                        remembered_answers(ctx.path, instrument, ctx.mapping))
    sheets, skipped = [], []
    for grid in grids:
        shape = read_shape(grid)
        if shape is None:
            if grid.first_nonempty() is not None:
                skipped.append(grid.sheet or ctx.path.name)
            continue
        resolver.sheet = shape.sheet if len(grids) > 1 else None
        sheets.append(_sheet_events(shape, resolver, ctx.path))
    resolver.sheet = None
    if not sheets:
        add_problem(problems, "not_signin", expected=t("workshops.expected_signin"))
    return Plan(sheets, resolver, problems, skipped)


def _sheet_events(shape: SigninShape, resolver: Resolver, path: Path) -> Sheet:
    sheet = Sheet(shape, resolver.list_kind(shape.list_kind))
    clues = Clues(shape.fields, shape.title_lines, [path.stem, shape.sheet or ""])
    if "step" in shape.roles and "date" in shape.roles and not shape.is_matrix:
        sheet.multi = True
        return sheet
    if not shape.is_matrix:
        sheet.event = resolver.event(clues)
        return sheet
    fw = resolver.fw
    named = [parse_step(str(n), fw) if (n := find_step_number(c.header)) is not None else None
             for c in shape.dates]
    base = resolver.event(clues, matrix=True,
                          column_step=named[0] if named and all(named) else None)
    sheet.event = base
    seen: dict[str, int] = {}
    for column in shape.dates:
        number = find_step_number(column.header)
        step = parse_step(str(number), fw) if number is not None else base.step
        if step == BY_DATES:
            step = step_by_calendar(fw, column.date)
            if step is None:
                add_problem(resolver.problems, "step_not_in_calendar", sheet=resolver.sheet,
                            row=shape.header_line, column=column.header, found=column.date,
                            option="--step")
        if step is None:
            sheet.columns.append((None, column.index))
            continue
        event = Event(step=step, date=column.date, qpv=base.qpv, start=column.start,
                      sources=dict(base.sources, date="column"))
        label = base.label if base.label and base.sources.get("step") != BY_DATES else ""
        event.label = label or _column_label(column.header, fw, step)
        seen[event.event_id] = seen.get(event.event_id, 0) + 1
        if seen[event.event_id] > 1:  # two sessions the same day
            event.suffix = f"-{seen[event.event_id]}"
        sheet.columns.append((event, column.index))
    return sheet


def _column_label(header: str, fw: Framework, step: str) -> str:
    return header if len(header) > 10 else name_of(fw.step(step))


def questions_of(ctx: ImportContext) -> list[ImportQuestion]:
    """What the file cannot tell (step, date, QPV of a resident workshop, presence or
    registration): the dispatcher's ``QUESTIONS`` entry for sign-in sheets."""
    if ctx.store.source_by_sha256(ctx.sha256):
        return []  # already imported: nothing to ask
    try:
        found = plan(ctx)
    except ImportProblem:
        return []
    return questions(ctx.framework, found.resolver.missing, matrix=found.matrix)


def run(ctx: ImportContext) -> ImportReport:
    """Import the context's sign-in file (the dispatcher calls this)."""
    report = ctx.begin(KIND, instrument=ctx.instrument_of_kind(KIND))
    if report.already_imported:
        return report
    found = plan(ctx)
    found.resolver.report_missing()
    problems = found.problems
    reader = PeopleReader(ctx, problems, several=len(found.sheets) > 1)
    for sheet in found.sheets:
        reader.read(sheet)
    if not reader.rows_read and found.sheets:
        add_problem(problems, "no_data_rows", row=found.sheets[0].shape.header_line)
    problems.raise_if_any()
    attendance = pd.DataFrame(reader.attendance, columns=[
        "event_id", "person_id", "group_id", "organisation", "qpv", "present", "role"])
    registrations = pd.DataFrame(reader.registrations, columns=[
        "event_id", "step_id", "date", "person_id", "group_id", "organisation", "qpv"])
    present_at = set(attendance["event_id"])  # a registration list records no event held
    events = {k: e for k, e in reader.events.items() if k in present_at}
    unchanged = _against_store(ctx.store, problems, events, attendance)
    problems.raise_if_any()
    attendance = attendance[~attendance["event_id"].isin(unchanged)]
    events = {k: v for k, v in events.items() if k not in unchanged}
    report.warnings += reader.warnings + _store_notes(ctx, registrations, unchanged)
    for name in found.skipped:
        report.warnings.append(located(ctx.path.name, "sheet_skipped", found=name))
    screener = NameScreener(names_in_file(ctx.path))  # « Réunion avec M. Roux » → [personne]
    tables = {
        "events": pd.DataFrame([{"event_id": k, "step_id": e.step, "date": e.date,
                                 "label": screener.screen(e.label), "qpv": e.qpv}
                                for k, e in events.items()],
                               columns=["event_id", "step_id", "date", "label", "qpv"]),
        "attendance": attendance,
        "people": ctx.merge_people(
            attendance[["person_id", "group_id", "organisation", "qpv"]]),
        "registrations": registrations,
    }
    report.format = _format(found)
    report.rows_read = reader.rows_read
    report.rows_imported = len(attendance) + len(registrations)
    report.detected = attendance_summary(found, reader, unchanged)
    report = ctx.write(report, tables, replace_keys={"people": ["person_id"],
                                                     "registrations": ["event_id"]})
    if not report.dry_run:
        used = {k: ctx.answers[k] for k in found.resolver.used_answers if k != "date"}
        kept = remember_answers(ctx.path, report.instrument or KIND, used)
        if kept is not None:
            report.detected["remembered_in"] = kept.name
            report.detected["summary"].append(t("workshops.summary.remembered", file=kept.name))
    return report


def _format(found: Plan) -> str:
    if found.sheets and all(s.kind == "registration" for s in found.sheets):
        return "registration"
    return "signin_matrix" if found.matrix else "signin"


def _against_store(store: Store, problems: ProblemList, events: dict[str, Event],
                   attendance: pd.DataFrame) -> set[str]:
    """Events already imported from another file: identical ones are left out (a presence
    matrix that grew by a column since its last import), different ones are a problem."""
    stored = store.read("events")
    if stored.empty or not events:
        return set()
    clash = stored[stored["event_id"].isin(list(events))]
    if clash.empty:
        return set()
    sources = store.read("sources").set_index("source_id")["path"]
    kept = store.read("attendance")
    unchanged = set()
    for event_id, source_id in zip(clash["event_id"], clash["source_id"], strict=True):
        old = kept[kept["event_id"] == event_id]
        new = attendance[attendance["event_id"] == event_id]
        if _same_rows(old, new):
            unchanged.add(event_id)
            continue
        add_problem(problems, "event_already_imported", row=events[event_id].line,
                    found=event_id, other=sources.get(source_id, "?"))
    return unchanged


def _same_rows(old: pd.DataFrame, new: pd.DataFrame) -> bool:
    columns = ["person_id", "present", "role"]
    as_set = [set(map(tuple, f[columns].astype(str).to_numpy().tolist())) for f in (old, new)]
    return as_set[0] == as_set[1]


def _store_notes(ctx: ImportContext, registrations: pd.DataFrame,
                 unchanged: set[str]) -> list[Any]:
    """Notes on what the store already held: events left as they were, registrations replaced
    by this newer list."""
    notes = []
    if unchanged:
        notes.append(located(ctx.path.name, "events_unchanged",
                             found=", ".join(sorted(unchanged))))
    if not registrations.empty:
        stored = ctx.store.read("registrations")
        replaced = stored[stored["event_id"].isin(set(registrations["event_id"]))]
        if not replaced.empty:
            notes.append(located(ctx.path.name, "registrations_replaced",
                                 found=str(len(replaced))))
    return notes
