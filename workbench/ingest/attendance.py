"""Sign-in sheet (émargement) importer → events, attendance and people.

One sheet per event (title block: Événement, Date, Étape, Quartier; then ``Nom | Prénom |
Structure | Fonction | Catégorie | Quartier | Rôle | Présent``), or one table of many events with
columns ``Étape``, ``Date``, ``Événement``, ``Quartier``. Names are turned into pseudonymous ids and
never stored; ``Fonction`` is not stored either (it can identify a person).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.errors import ProblemList
from workbench.framework import Framework
from workbench.i18n import name_of, t
from workbench.ingest.context import ImportContext, ImportReport
from workbench.ingest.mapping import ChoiceMatcher, group_names, organisation_names, qpv_names
from workbench.normalise import normalise_label
from workbench.sources import detect
from workbench.sources.grid import RawTable
from workbench.sources.problems import add_problem
from workbench.store import Store

# normalised header → role of the column
COLUMN_NAMES = {
    "nom": "last_name", "prenom": "first_name", "structure": "structure",
    "organisation": "structure", "organisme": "structure", "categorie": "category",
    "college": "category", "quartier": "qpv", "role": "role", "present": "present",
    "presente": "present", "presence": "present", "signature": "signature", "etape": "step",
    "date": "date", "evenement": "event",
}
PRESENT = {"x", "oui", "o", "present", "presente", "1", "yes", "y", "true", "vrai", "p"}
ABSENT = {"", "non", "n", "absent", "absente", "0", "no", "false", "faux", "excuse", "excusee"}
FACILITATOR = {"animation", "co animation", "coanimation", "animateur", "animatrice",
               "co animateur", "co animatrice", "facilitateur", "facilitatrice", "facilitation"}
PARTICIPANT = {"", "participant", "participante", "participants"}
_MONTHS = {m: i for i, m in enumerate(
    ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
     "octobre", "novembre", "decembre"], start=1)}
_STEP = re.compile(r"^(?:s|etape)?\s*(\d+)(?:\.0)?$")
_NAME_STEP_DATE = re.compile(r"_(S\d+)_(\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def parse_step(text: str, fw: Framework) -> str | None:
    """``"2"``, ``"S2"``, ``"Étape 2"`` → ``"S2"`` when the framework has that step."""
    key = normalise_label(text)
    by_number = {s.number: s.id for s in fw.steps}
    if text.strip() in fw.step_ids:
        return text.strip()
    match = _STEP.match(key)
    return by_number.get(int(match.group(1))) if match else None


def parse_date(text: str) -> str | None:
    """An Excel date (already ISO), ``JJ/MM/AAAA``, ``AAAA-MM-JJ``, ``9 mars 2023`` or an Excel
    serial number → ``"AAAA-MM-JJ"``; ``None`` when unreadable."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", value):
            return dt.date.fromisoformat(value[:10]).isoformat()
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: .*)?", value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day).isoformat()
        match = re.fullmatch(r"(\d{1,2})(?:er)? ([a-z]+) (\d{4})", normalise_label(value))
        if match and match.group(2) in _MONTHS:
            return dt.date(int(match.group(3)), _MONTHS[match.group(2)],
                           int(match.group(1))).isoformat()
        if re.fullmatch(r"\d{5}(\.0)?", value) and 20000 < float(value) < 80000:
            return (dt.date(1899, 12, 30) + dt.timedelta(days=int(float(value)))).isoformat()
    except ValueError:
        return None
    return None


class _Event:
    """An event being read: its id parts and the line that gave them (for messages)."""

    def __init__(self, step: str | None, date: str | None, label: str, qpv: str | None) -> None:
        self.step, self.date, self.label, self.qpv = step, date, label, qpv

    @property
    def event_id(self) -> str:
        return f"{self.step}-{self.date}" + (f"-{self.qpv}" if self.qpv else "")


def import_attendance(path: str | Path, **context: Any) -> ImportReport:
    """Import one sign-in sheet (or a table of several events); see the module docstring.
    ``context``: the ``ImportContext.open`` arguments."""
    return run(ImportContext.open(path, **context))


def run(ctx: ImportContext) -> ImportReport:
    """Import the context's sign-in sheet (the dispatcher calls this)."""
    path, store, fw, pseudonymiser = ctx.path, ctx.store, ctx.framework, ctx.pseudonymiser
    progress = ctx.progress
    report = ctx.begin("attendance")
    if report.already_imported:
        return report
    raw = detect(path)
    problems = ProblemList(path.name)
    columns = {COLUMN_NAMES[normalise_label(c)]: c for c in reversed(raw.columns)
               if normalise_label(c) in COLUMN_NAMES}
    for needed, shown in (("last_name", "Nom"), ("first_name", "Prénom")):
        if needed not in columns:
            add_problem(problems, "column_missing", row=raw.header_line, found=shown,
                        expected="Nom, Prénom, Structure, Catégorie, Quartier, Rôle, Présent")
    if raw.frame.empty:
        add_problem(problems, "no_data_rows", row=raw.header_line)
    problems.raise_if_any()
    multi = "step" in columns and "date" in columns
    qpvs = ChoiceMatcher({}, qpv_names(fw))
    sheet_event = None
    if not multi:  # a placeholder when the title block is wrong: rows are still checked
        sheet_event = _sheet_event(raw, path, fw, qpvs, problems) or _Event(None, None, "", None)
    groups = ChoiceMatcher({}, group_names(fw))
    organisations = ChoiceMatcher({}, organisation_names(fw))
    events: dict[str, _Event] = {}
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    records = raw.frame.to_dict("records")
    for index, record in enumerate(records):
        row = _Row(record, raw.line_of(index), columns, problems)
        line, cell, bad = row.line, row.cell, row.bad
        event = sheet_event if not multi else _row_event(row, fw, qpvs)
        if event is None:
            continue
        events.setdefault(event.event_id, event)
        first, last = cell("first_name"), cell("last_name")
        if not (first or last):
            add_problem(problems, "person_missing", row=line, column=columns["last_name"])
            continue
        person = pseudonymiser.person_id(first, last)
        key = (event.event_id, person)
        if key in seen:
            add_problem(problems, "duplicate_attendee", row=line, column=columns["last_name"],
                        other=seen[key], event=event.event_id)
        seen.setdefault(key, line)
        found, group = groups.match(cell("category")) if cell("category") else (True, None)
        if not found:
            bad("category_unknown", "category", ", ".join(name_of(g) for g in fw.groups))
        qpv = None
        if not multi and cell("qpv"):
            found, qpv = qpvs.match(cell("qpv"))
            if not found:
                bad("qpv_unknown", "qpv", ", ".join(q.name for q in fw.territory.qpvs))
        structure = cell("structure")
        found, organisation = organisations.match(structure) if structure else (True, None)
        organisation = organisation if found else structure
        present = _present(row)
        role_key = normalise_label(cell("role"))
        if role_key not in FACILITATOR | PARTICIPANT:
            bad("role_unknown", "role", t("import.expected_role"))
        rows.append({"event_id": event.event_id, "person_id": person, "group_id": group,
                     "organisation": organisation, "qpv": qpv, "present": present,
                     "role": "facilitator" if role_key in FACILITATOR else "participant"})
        if progress is not None and (index + 1 == len(records) or (index + 1) % 50 == 0):
            progress(index + 1, len(records))
    _check_events_in_store(store, problems, events, raw)
    problems.raise_if_any()
    attendance = pd.DataFrame(rows)
    people = attendance[["person_id", "group_id", "organisation", "qpv"]]
    tables = {
        "events": pd.DataFrame([{"event_id": e.event_id, "step_id": e.step, "date": e.date,
                                 "label": e.label, "qpv": e.qpv} for e in events.values()]),
        "attendance": attendance,
        "people": ctx.merge_people(people),
    }
    report.format, report.instrument = raw.format, _instrument_id(fw)
    report.rows_read = report.rows_imported = len(raw.frame)
    report.detected = {"encoding": raw.encoding, "delimiter": raw.delimiter,
                       "header_rows": raw.header_rows, "events": sorted(events)}
    return ctx.write(report, tables, replace_keys={"people": ["person_id"]})


def _instrument_id(fw: Framework) -> str:
    return next((i.id for i in fw.instruments if i.kind == "attendance"), "attendance")


class _Row:
    """One data row of the sheet: its cells by role, and a way to report a problem on it."""

    def __init__(self, record: dict[str, str], line: int, columns: dict[str, str],
                 problems: ProblemList) -> None:
        self.record, self.line, self.columns, self.problems = record, line, columns, problems

    def cell(self, role: str) -> str:
        return self.record[self.columns[role]].strip() if role in self.columns else ""

    def bad(self, key: str, role: str, expected: str, **kw: Any) -> None:
        add_problem(self.problems, key, row=self.line, column=self.columns.get(role),
                    found=self.cell(role), expected=expected, **kw)


def _present(row: _Row) -> int:
    if "present" in row.columns:
        key = normalise_label(row.cell("present"))
        if key in PRESENT:
            return 1
        if key not in ABSENT:
            row.bad("present_invalid", "present", t("import.expected_present"))
        return 0
    if "signature" in row.columns:
        return int(bool(row.cell("signature")))
    return 1  # a list of attendees without a presence column


def _sheet_event(raw: RawTable, path: Path, fw: Framework, qpvs: ChoiceMatcher,
                 problems: ProblemList) -> _Event | None:
    """The event of a one-event sheet, from its title block (or ``_S2_2023-03-09`` in the name)."""
    title, lines = raw.title, raw.title_lines
    from_name = _NAME_STEP_DATE.search(path.stem)
    step_text = title.get("etape") or (from_name.group(1) if from_name else "")
    date_text = title.get("date") or (from_name.group(2) if from_name else "")
    ok = True
    step = parse_step(step_text, fw) if step_text else None
    if step is None:
        key = "step_unknown" if step_text else "event_field_missing"
        add_problem(problems, key, row=lines.get("etape"), found=step_text or "Étape",
                    expected=", ".join(fw.step_ids))
        ok = False
    date = parse_date(date_text) if date_text else None
    if date is None:
        key = "date_invalid" if date_text else "event_field_missing"
        add_problem(problems, key, row=lines.get("date"), found=date_text or "Date",
                    expected=t("import.expected_date"))
        ok = False
    qpv = None
    if title.get("quartier"):
        found, qpv = qpvs.match(title["quartier"])
        if not found:
            add_problem(problems, "qpv_unknown", row=lines.get("quartier"),
                        found=title["quartier"],
                        expected=", ".join(q.name for q in fw.territory.qpvs))
            ok = False
    if not ok:
        return None
    label = title.get("evenement") or (name_of(fw.step(step)) if step else "")
    return _Event(step, date, label, qpv)


def _row_event(row: _Row, fw: Framework, qpvs: ChoiceMatcher) -> _Event | None:
    """The event of one row of a many-events table (columns Étape, Date, Événement, Quartier)."""
    step = parse_step(row.cell("step"), fw)
    if step is None:
        row.bad("step_unknown", "step", ", ".join(fw.step_ids))
    date = parse_date(row.cell("date"))
    if date is None:
        row.bad("date_invalid", "date", t("import.expected_date"))
    found, qpv = qpvs.match(row.cell("qpv")) if row.cell("qpv") else (True, None)
    if not found:
        row.bad("qpv_unknown", "qpv", ", ".join(q.name for q in fw.territory.qpvs))
    if step is None or date is None or not found:
        return None
    return _Event(step, date, row.cell("event") or name_of(fw.step(step)), qpv)


def _check_events_in_store(store: Store, problems: ProblemList, events: dict[str, _Event],
                           raw: RawTable) -> None:
    """An event already imported from another file (this file's sha256 is new)."""
    stored = store.read("events")
    if stored.empty or not events:
        return
    sources = store.read("sources").set_index("source_id")["path"]
    clash = stored[stored["event_id"].isin(list(events))]
    for event_id, source_id in zip(clash["event_id"], clash["source_id"], strict=True):
        add_problem(problems, "event_already_imported", row=raw.title_lines.get("etape"),
                    found=event_id, other=sources.get(source_id, "?"))
