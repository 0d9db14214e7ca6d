"""The rows of a sign-in sheet: who (a pseudonymous id from one or two name columns), for which
event, present or not (marks, signatures, or implied by being listed), with which group,
organisation, QPV and role. Used by ``attendance``; names are hashed here and go no further."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from workbench.errors import Problem, ProblemList
from workbench.i18n import name_of, t
from workbench.ingest._workshop_common import NO_QPV, add_problem, located
from workbench.ingest.mapping import ChoiceMatcher, group_names, organisation_names, qpv_names
from workbench.ingest.workshop_events import Event, Resolver, parse_date, parse_step
from workbench.normalise import normalise_label
from workbench.sources.signin import ABSENT_MARKS, PRESENT_MARKS, SigninShape, fold

if TYPE_CHECKING:
    from workbench.ingest.context import ImportContext

PRESENT, ABSENT = PRESENT_MARKS, ABSENT_MARKS
FACILITATOR = {"animation", "co animation", "coanimation", "animateur", "animatrice",
               "co animateur", "co animatrice", "facilitateur", "facilitatrice", "facilitation"}
PARTICIPANT = {"", "participant", "participante", "participants"}
CIVILITY = {"m", "mme", "mlle", "mr", "monsieur", "madame", "mademoiselle", "dr", "me"}
NAME_COLUMNS = ("last_name", "first_name", "full_name")


@dataclass
class Sheet:
    """One list of people and the events it records."""

    shape: SigninShape
    kind: str | None  # "presence" | "registration" (None: not said, not answered)
    event: Event | None = None  # one-event sheet (or the matrix's common parts)
    columns: list[tuple[Event | None, int]] = field(default_factory=list)  # matrix: per column
    multi: bool = False  # Étape and Date columns: one event per row


@dataclass
class Plan:
    """What the file holds before any row is read: its sheets and their events."""

    sheets: list[Sheet]
    resolver: Resolver
    problems: ProblemList
    skipped: list[str]

    @property
    def matrix(self) -> bool:
        return any(s.shape.is_matrix for s in self.sheets)


def strip_civility(text: str) -> str:
    """« Mme Marie DUPONT » → « Marie DUPONT » (a leading civility is not part of a name)."""
    parts = text.split()
    while len(parts) > 1 and re.sub(r"[.\s]", "", fold(parts[0])) in CIVILITY:
        parts = parts[1:]
    return " ".join(parts)


def presence_mode(shape: SigninShape) -> str:
    """How a one-event sheet says who came: ``present`` (marks), ``signature`` (a signed cell),
    ``excused`` (marks of who did not come; the others are listed), or ``listed``."""
    if "present" in shape.roles:
        return "present"
    if "signature" in shape.roles and any(shape.cell(c, "signature") for _, c in shape.rows):
        return "signature"
    return "excused" if "excused" in shape.roles else "listed"


class PeopleReader:
    """Reads the rows of each sheet into attendance or registration rows, collecting problems
    (``problems``) and notes for the report (``warnings``)."""

    def __init__(self, ctx: ImportContext, problems: ProblemList, *, several: bool) -> None:
        fw = ctx.framework
        self.fw, self.pseudo, self.problems, self.several = fw, ctx.pseudonymiser, problems, several
        self.groups = ChoiceMatcher({}, group_names(fw))
        self.organisations = ChoiceMatcher({}, organisation_names(fw))
        self.qpvs = ChoiceMatcher({}, qpv_names(fw))
        self.attendance: list[dict[str, Any]] = []
        self.registrations: list[dict[str, Any]] = []
        self.events: dict[str, Event] = {}
        self.warnings: list[Problem] = []
        self.rows_read = 0
        self.presence_from: dict[str, str] = {}
        self._seen: dict[tuple[str, str, str], int] = {}
        self._sheet: str | None = None
        self._progress = ctx.tell

    # -- messages -------------------------------------------------------------------------------
    def note(self, key: str, **kw: Any) -> Problem:
        """A located note for the report (not a problem: the import goes on)."""
        return located(self.problems.file, key, sheet=self._sheet, **kw)

    def _bad(self, shape: SigninShape, key: str, line: int, role: str, cells: list[str],
             expected: str | None = None, **kw: Any) -> None:
        add_problem(self.problems, key, sheet=self._sheet, row=line, column=shape.column(role),
                    found=shape.cell(cells, role), expected=expected, **kw)

    # -- one sheet ------------------------------------------------------------------------------
    def read(self, sheet: Sheet) -> None:
        shape = sheet.shape
        self._sheet = shape.sheet if self.several else None
        label = shape.sheet or self.problems.file
        mode = presence_mode(shape) if not shape.is_matrix else "matrix"
        if sheet.kind == "presence":
            self.presence_from[label] = mode
            if mode in ("listed", "excused"):
                self.warnings.append(self.note(f"presence_{mode}", row=shape.header_line))
        columns = self._used_columns(sheet)
        for line in shape.skipped_totals:
            self.warnings.append(self.note("total_row_skipped", row=line))
        for done, (line, cells) in enumerate(shape.rows, 1):
            self.rows_read += 1
            self._row(sheet, mode, columns, line, cells)
            if done % 50 == 0 or done == len(shape.rows):
                self._progress(done, len(shape.rows))

    def _used_columns(self, sheet: Sheet) -> list[tuple[Event | None, int]]:
        """Matrix columns holding at least one mark (an empty column: a meeting to come)."""
        shape, used = sheet.shape, []
        for event, index in sheet.columns:
            if any(index < len(c) and c[index].strip() for _, c in shape.rows):
                used.append((event, index))
            else:
                self.warnings.append(self.note("empty_date_column", row=shape.header_line,
                                               column=shape.header[index]))
        return used

    def _row(self, sheet: Sheet, mode: str, columns: list[tuple[Event | None, int]],
             line: int, cells: list[str]) -> None:
        shape = sheet.shape
        person = self._person(shape, line, cells)
        common = self._common(shape, line, cells, multi=sheet.multi)
        if sheet.multi:
            marks = [(self._row_event(shape, line, cells), self._mark(shape, line, cells, mode))]
        elif shape.is_matrix:
            marks = [(event, self._cell_mark(shape, line, cells, index))
                     for event, index in columns]
        else:
            marks = [(sheet.event, self._mark(shape, line, cells, mode))]
        if person is None or sheet.kind is None:
            return
        for event, present in marks:
            if event is None or event.step is None or event.date is None:
                continue
            self._add(sheet, shape, event, person, common, present, line)

    def _add(self, sheet: Sheet, shape: SigninShape, event: Event, person: str,
             common: dict[str, Any], present: int, line: int) -> None:
        event_id = event.event_id
        if event_id not in self.events:
            self.events[event_id] = event
            self._check_calendar(shape, event)
        key = (sheet.kind or "", event_id, person)
        name_column = next((shape.column(r) for r in NAME_COLUMNS if r in shape.roles), None)
        if key in self._seen:
            add_problem(self.problems, "duplicate_attendee", sheet=self._sheet, row=line,
                        column=name_column, other=self._seen[key], event=event_id)
            return
        self._seen[key] = line
        if sheet.kind == "registration":
            self.registrations.append({"event_id": event_id, "step_id": event.step,
                                       "date": event.date, "person_id": person,
                                       "group_id": common["group_id"],
                                       "organisation": common["organisation"],
                                       "qpv": common["qpv"]})
        else:
            self.attendance.append({"event_id": event_id, "person_id": person,
                                    "present": present, **common})

    def _check_calendar(self, shape: SigninShape, event: Event) -> None:
        step = self.fw.step(event.step) if event.step in self.fw.step_ids else None
        if step is not None and not (step.start.isoformat() <= (event.date or "")
                                     <= step.end.isoformat()):
            self.warnings.append(self.note(
                "date_outside_step", row=event.line, found=event.date,
                expected=f"{step.start.isoformat()} – {step.end.isoformat()}", step=step.id))

    # -- cells ----------------------------------------------------------------------------------
    def _person(self, shape: SigninShape, line: int, cells: list[str]) -> str | None:
        first, last = shape.cell(cells, "first_name"), shape.cell(cells, "last_name")
        text = f"{first} {last}".strip() or shape.cell(cells, "full_name")
        text = strip_civility(text)
        if not text:
            role = next(r for r in NAME_COLUMNS if r in shape.roles)
            self._bad(shape, "person_missing", line, role, cells)
            return None
        return self.pseudo.person_id(text)

    def _common(self, shape: SigninShape, line: int, cells: list[str], *,
                multi: bool) -> dict[str, Any]:
        category = shape.cell(cells, "category")
        found, group = self.groups.match(category) if category else (True, None)
        if not found:
            self._bad(shape, "category_unknown", line, "category", cells,
                      ", ".join(name_of(g) for g in self.fw.groups))
        qpv = None
        if not multi and shape.cell(cells, "qpv") and \
                normalise_label(shape.cell(cells, "qpv")) not in NO_QPV:
            found, qpv = self.qpvs.match(shape.cell(cells, "qpv"))
            if not found:
                self._bad(shape, "qpv_unknown", line, "qpv", cells,
                          ", ".join(q.name for q in self.fw.territory.qpvs))
        structure = shape.cell(cells, "structure")
        found, organisation = self.organisations.match(structure) if structure else (True, None)
        role = normalise_label(shape.cell(cells, "role"))
        if role not in FACILITATOR | PARTICIPANT:
            self._bad(shape, "role_unknown", line, "role", cells, t("workshops.expected_role"))
        return {"group_id": group, "organisation": organisation if found else structure,
                "qpv": qpv, "role": "facilitator" if role in FACILITATOR else "participant"}

    def _mark(self, shape: SigninShape, line: int, cells: list[str], mode: str) -> int:
        if mode == "present":
            return self._read_mark(shape, line, cells, "present", shape.cell(cells, "present"))
        if mode == "signature":
            return int(bool(shape.cell(cells, "signature")))
        if mode == "excused":
            return 1 - self._read_mark(shape, line, cells, "excused",
                                       shape.cell(cells, "excused"))
        return 1  # listed: being on the list says the person came

    def _cell_mark(self, shape: SigninShape, line: int, cells: list[str], index: int) -> int:
        text = cells[index].strip() if index < len(cells) else ""
        key = normalise_label(text)
        if key in PRESENT:
            return 1
        if key not in ABSENT:
            add_problem(self.problems, "present_invalid", sheet=self._sheet, row=line,
                        column=shape.header[index], found=text,
                        expected=t("workshops.expected_present"))
        return 0

    def _read_mark(self, shape: SigninShape, line: int, cells: list[str], role: str,
                   text: str) -> int:
        key = normalise_label(text)
        if key in PRESENT:
            return 1
        if key not in ABSENT:
            self._bad(shape, "present_invalid", line, role, cells,
                      t("workshops.expected_present"))
        return 0

    def _row_event(self, shape: SigninShape, line: int, cells: list[str]) -> Event | None:
        """The event of one row of a many-events table (columns Étape, Date, Quartier)."""
        step = parse_step(shape.cell(cells, "step"), self.fw)
        if step is None:
            self._bad(shape, "step_unknown", line, "step", cells, ", ".join(self.fw.step_ids))
        date = parse_date(shape.cell(cells, "date"))
        if date is None:
            self._bad(shape, "date_invalid", line, "date", cells)
        text = shape.cell(cells, "qpv")
        found, qpv = (self.qpvs.match(text) if text and normalise_label(text) not in NO_QPV
                      else (True, None))
        if not found:
            self._bad(shape, "qpv_unknown", line, "qpv", cells,
                      ", ".join(q.name for q in self.fw.territory.qpvs))
        if step is None or date is None or not found:
            return None
        label = shape.cell(cells, "event") or name_of(self.fw.step(step))
        return Event(step=step, date=date, qpv=qpv, label=label, line=line)


def attendance_summary(found: Plan, reader: PeopleReader, unchanged: set[str]) -> dict[str, Any]:
    """The report's ``detected``: events, people present (in the file, imported now or
    before), presences, how presence was read, and French summary lines (``summary``) for the
    command line and the import app."""
    attendance = pd.DataFrame(reader.attendance, columns=["person_id", "present"])
    registrations = pd.DataFrame(reader.registrations, columns=["person_id"])
    present = attendance[pd.to_numeric(attendance["present"]) > 0]
    first = found.sheets[0].shape.grid if found.sheets else None
    detected: dict[str, Any] = {
        "encoding": first.encoding if first else None,
        "delimiter": first.delimiter if first else None,
        "header_rows": found.sheets[0].shape.header_index + 1 if found.sheets else None,
        "events": sorted(reader.events),
        "present": int(present["person_id"].nunique()),
        "presences": len(present),
        "listed": int(attendance["person_id"].nunique()),
        "registered": int(registrations["person_id"].nunique()),
        "presence_from": dict(reader.presence_from),
        "times": {k: "–".join(x for x in (e.start, e.end) if x)
                  for k, e in reader.events.items() if e.start},
        "sheets": [s.shape.sheet for s in found.sheets],
    }
    lines = []
    if reader.attendance:
        lines.append(t("workshops.summary.presence",
                       events=len({r["event_id"] for r in reader.attendance}),
                       present=detected["present"], presences=detected["presences"],
                       listed=detected["listed"]))
    if any(m in ("listed", "excused") for m in reader.presence_from.values()):
        lines.append(t("workshops.summary.implied"))
    if reader.registrations:
        lines.append(t("workshops.summary.registration", registered=detected["registered"],
                       events=len({r["event_id"] for r in reader.registrations})))
    if unchanged:
        lines.append(t("workshops.summary.unchanged", count=len(unchanged)))
    detected["summary"] = lines
    return detected
