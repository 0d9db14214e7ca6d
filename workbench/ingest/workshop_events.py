"""Which event a workshop record belongs to (sign-in sheets, post-it notes), read from what the
file says — its title block, its file and sheet names — then from the user's answers, then from
the answers remembered for its series.

What the file cannot tell is asked once (``ImportQuestion``: ``--step``, ``--date``, ``--qpv``,
``--list`` on the command line) and remembered for its series (``series_memory``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from workbench.errors import ProblemList
from workbench.framework import Framework
from workbench.i18n import name_of, t
from workbench.ingest._workshop_common import NO_QPV, add_problem, qpv_matcher
from workbench.ingest.context import ImportQuestion
from workbench.ingest.series_memory import REMEMBERED_KEYS
from workbench.normalise import normalise_label
from workbench.sources.signin import LABEL_FIELDS, LIST_HEADINGS, find_date, find_step_number, fold
from workbench.sources.signin import serial_date as _serial_date

BY_DATES = "dates"  # the step answer that reads each matrix column's step off the calendar
NO_QPV_ANSWERS = {"aucun", "aucune", "none", "sans", "sans objet", "-", "plusieurs quartiers"}
LIST_ANSWERS = {"presence": "presence", "presences": "presence", "presents": "presence",
                "emargement": "presence", "registration": "registration",
                "inscription": "registration", "inscriptions": "registration",
                "inscrits": "registration"}
_STEP = re.compile(r"^(?:s|etape)?\s*(\d+)(?:\.0)?$")



# --- reading one value ------------------------------------------------------------------------
def parse_step(text: str, fw: Framework) -> str | None:
    """``"2"``, ``"S2"``, ``"Étape 2"`` → ``"S2"`` when the framework has that step."""
    if text.strip() in fw.step_ids:
        return text.strip()
    by_number = {s.number: s.id for s in fw.steps}
    match = _STEP.match(normalise_label(text))
    number = int(match.group(1)) if match else find_step_number(text)
    return by_number.get(number) if number is not None else None


def parse_date(text: str | None) -> str | None:
    """An Excel date (already ISO), ``JJ/MM/AAAA``, ``AAAA-MM-JJ``, ``9 mars 2023``, « Jeudi 16
    novembre 2023, 9h30 » or an Excel serial number → ``"AAAA-MM-JJ"``; ``None`` if unreadable."""
    if not text or not text.strip():
        return None
    found = find_date(text)
    return found.date if found else _serial_date(text)


def resident_step(fw: Framework, step: str | None) -> bool:
    """A step held for residents only (one workshop per QPV): its QPV must be known."""
    if step is None:
        return False
    groups = fw.step(step).groups
    return bool(groups) and set(groups) == {"habitants"}


def step_by_calendar(fw: Framework, date: str) -> str | None:
    """The one step whose dates (framework ``start``–``end``) hold ``date``; ``None`` for none
    or several."""
    hits = [s.id for s in fw.steps if s.start.isoformat() <= date <= s.end.isoformat()]
    return hits[0] if len(hits) == 1 else None


def _qpv_in_text(fw: Framework, texts: list[str]) -> str | None:
    """A QPV named in free text (« Atelier habitants – Les Tilleuls », ``atelier_tilleuls``):
    its full name or id as whole words."""
    folded = " " + " ".join(re.sub(r"[^a-z0-9]+", " ", fold(t)) for t in texts) + " "
    for qpv in fw.territory.qpvs:
        names = {re.sub(r"[^a-z0-9]+", " ", fold(n)).strip() for n in (qpv.name, qpv.id)}
        if any(f" {n} " in folded for n in names if n):
            return qpv.id
    return None


# --- the event of one sheet -----------------------------------------------------------------
@dataclass
class Clues:
    """What a sheet says about its event: title fields (label → value, line), free title lines
    (line, text), and the file and sheet names."""

    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    lines: list[tuple[int, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def label(self) -> str | None:
        """The event's label: a label field, else the first free line that is neither a heading
        (« Feuille d'émargement ») nor only a date."""
        for key in LABEL_FIELDS:
            if self.fields.get(key, ("", 0))[0]:
                return self.fields[key][0]
        for _, text in self.lines:
            if normalise_label(text) in LIST_HEADINGS:
                continue
            found = find_date(text)
            rest = text if found is None else text[:found.span[0]] + text[found.span[1]:]
            rest = re.sub(r"^[\s,;:.\-–—|]+|[\s,;:.\-–—|(]+$", "", rest)
            if len(re.sub(r"[^\w]", "", rest)) >= 4:
                return rest
        return None


@dataclass
class Event:
    """An event as resolved: its id parts, label, times, and where each part came from."""

    step: str | None = None
    date: str | None = None
    qpv: str | None = None
    label: str = ""
    start: str | None = None
    end: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # part → title|name|answer|series…
    suffix: str = ""  # ``-2`` for a second session the same day in one matrix
    line: int | None = None  # the title (or table) line that names it, for messages

    @property
    def event_id(self) -> str:
        return f"{self.step}-{self.date}" + (f"-{self.qpv}" if self.qpv else "") + self.suffix


@dataclass
class Resolver:
    """Resolves events for one file: the framework, the user's answers, the remembered ones,
    the problems and what is still missing (keys of ``ImportQuestion``)."""

    fw: Framework
    problems: ProblemList
    answers: dict[str, str] = field(default_factory=dict)
    remembered: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    missing: dict[str, str] = field(default_factory=dict)  # key → reason (for the question)
    used_answers: set[str] = field(default_factory=set)

    def _problem(self, key: str, **kw: Any) -> None:
        add_problem(self.problems, key, sheet=self.sheet, **kw)

    def answer(self, key: str) -> tuple[str | None, str]:
        """The user's answer to ``key`` (or the remembered one) and its origin."""
        if self.answers.get(key):
            return str(self.answers[key]).strip(), "answer"
        if key in REMEMBERED_KEYS and self.remembered.get(key):
            return str(self.remembered[key]).strip(), "series"
        return None, ""

    def step(self, clues: Clues, *, matrix: bool = False) -> tuple[str | None, str]:
        """The step and where it came from; ``BY_DATES`` for a matrix read off the calendar."""
        found, origin, line = None, "", None
        if "etape" in clues.fields:
            text, line = clues.fields["etape"]
            found, origin = parse_step(text, self.fw), "title"
            if found is None:
                self._problem("step_unknown", row=line, found=text,
                              expected=", ".join(self.fw.step_ids))
                return None, "error"
        if found is None:
            found, origin = self._step_in_texts(clues)
        given, how = self.answer("step")
        if given is not None:
            wanted = BY_DATES if matrix and normalise_label(given) == BY_DATES else \
                parse_step(given, self.fw)
            if wanted is None:
                self._problem("answer_invalid", found=given, expected=self._step_choices_text(),
                              option="--step")
                return None, "error"
            if found is not None and wanted != found and how == "answer":
                self._problem("answer_conflict", row=line, found=given, other=found,
                              option="--step")
                return None, "error"
            if found is None:
                if how == "answer":
                    self.used_answers.add("step")
                return wanted, how
        if found is None:
            self.missing.setdefault("step", t("workshops.reason.step"))
        return found, origin

    def _step_in_texts(self, clues: Clues) -> tuple[str | None, str]:
        for _, text in clues.lines:
            number = find_step_number(text, bare=False)
            if number is not None:
                return parse_step(str(number), self.fw), "title"
        for name in clues.names:
            number = find_step_number(name)
            if number is not None and parse_step(str(number), self.fw):
                return parse_step(str(number), self.fw), "name"
        labels = {normalise_label(s.label_fr): s.id for s in self.fw.steps}
        for text in [v for v, _ in clues.fields.values()] + [x for _, x in clues.lines]:
            if normalise_label(text) in labels:
                return labels[normalise_label(text)], "title"
        return None, ""

    def _step_choices_text(self) -> str:
        return ", ".join(self.fw.step_ids)

    def date(self, clues: Clues) -> tuple[str | None, str | None, str | None, str]:
        """(ISO date, start time, end time, origin)."""
        for key in ("date", "date et heure"):
            if key in clues.fields:
                text, line = clues.fields[key]
                found = find_date(text)
                iso = found.date if found else _serial_date(text)
                if iso is None:
                    self._problem("date_invalid", row=line, found=text)
                    return None, None, None, "error"
                times = (found.start, found.end) if found else (None, None)
                if times == (None, None):
                    times = self._times(clues)
                return iso, *times, "title"
        for _, text in clues.lines:
            found = find_date(text)
            if found is not None:
                return found.date, found.start, found.end, "title"
        for name in clues.names:
            found = find_date(name)
            if found is not None:
                return found.date, None, None, "name"
        given, _ = self.answer("date")
        if given is not None:
            iso = parse_date(given)
            if iso is None:
                self._problem("answer_invalid", found=given, expected=t("workshops.expected_date"),
                              option="--date")
                return None, None, None, "error"
            self.used_answers.add("date")
            return iso, None, None, "answer"
        self.missing.setdefault("date", t("workshops.reason.date"))
        return None, None, None, ""

    def _times(self, clues: Clues) -> tuple[str | None, str | None]:
        for key in ("horaire", "horaires", "heure"):
            if key in clues.fields:
                found = find_date("01/01/2000 " + clues.fields[key][0])
                if found is not None:
                    return found.start, found.end
        return None, None

    def qpv(self, clues: Clues, step: str | None) -> tuple[str | None, str]:
        """The event's QPV: a « Quartier : » field; for a resident workshop also a QPV named in
        the title or the file name, an answer, the remembered answer — else it is missing."""
        matcher = qpv_matcher(self.fw)
        for key in ("quartier", "qpv"):
            if key in clues.fields:
                text, line = clues.fields[key]
                if normalise_label(text) in NO_QPV:
                    return None, "title"
                qpv = matcher.match(text)
                if qpv is None:
                    self._problem("qpv_unknown", row=line, found=text, expected=matcher.expected)
                    return None, "error"
                return qpv, "title"
        if not resident_step(self.fw, step):
            return None, ""
        named = _qpv_in_text(self.fw, [x for _, x in clues.lines] + clues.names)
        if named is not None:
            return named, "title"
        given, how = self.answer("qpv")
        if given is not None:
            if normalise_label(given) in NO_QPV_ANSWERS:
                return None, how
            qpv = matcher.match(given)
            if qpv is None:
                self._problem("answer_invalid", found=given, expected=matcher.expected,
                              option="--qpv")
                return None, "error"
            if how == "answer":
                self.used_answers.add("qpv")
            return qpv, how
        self.missing.setdefault("qpv", t("workshops.reason.qpv", step=step))
        return None, ""

    def list_kind(self, detected: str) -> str | None:
        """``presence`` or ``registration``: what the sheet says, else the answer."""
        if detected != "unknown":
            return detected
        given, how = self.answer("list")
        if given is not None:
            kind = LIST_ANSWERS.get(normalise_label(given).replace(" ", ""))
            if kind is None:
                self._problem("answer_invalid", found=given, expected="presence, registration",
                              option="--list")
                return None
            if how == "answer":
                self.used_answers.add("list")
            return kind
        self.missing.setdefault("list", t("workshops.reason.list"))
        return None

    def event(self, clues: Clues, *, matrix: bool = False,
              column_step: str | None = None) -> Event:
        """The sheet's event; a part that is missing or wrong is ``None`` (see ``missing`` and
        the problems). For a matrix the date is left to each column, and so is the step when
        every column header names one (``column_step``: the first of them)."""
        step, step_from = (column_step, "column") if column_step else self.step(
            clues, matrix=matrix)
        line = next((clues.fields[k][1] for k in ("etape", "date") if k in clues.fields), None)
        event = Event(step=step, sources={"step": step_from}, line=line)
        if not matrix:
            event.date, event.start, event.end, event.sources["date"] = self.date(clues)
        event.qpv, event.sources["qpv"] = self.qpv(clues, None if step == BY_DATES else step)
        label = clues.label()
        event.label = label or (name_of(self.fw.step(step)) if step and step != BY_DATES else "")
        return event

    def report_missing(self) -> None:
        """Turn what is still missing into problems naming the option that answers it."""
        for key, reason in self.missing.items():
            self._problem(f"{key}_missing", found=reason, option=f"--{key}",
                          expected=_expected(self.fw, key))


def _expected(fw: Framework, key: str) -> str:
    if key == "step":
        return ", ".join(fw.step_ids)
    if key == "qpv":
        return ", ".join(fw.qpv_ids)
    if key == "date":
        return t("workshops.expected_date")
    return "presence, registration"


def questions(fw: Framework, missing: dict[str, str], *, matrix: bool = False) -> list[
        ImportQuestion]:
    """The ``ImportQuestion`` of each missing part, in the order step, date, qpv, list."""
    out = []
    for key in ("step", "date", "qpv", "list"):
        if key not in missing:
            continue
        choices: tuple[tuple[str, str], ...] = ()
        if key == "step":
            choices = tuple((f"{s.id} — {name_of(s)}", s.id)
                            for s in sorted(fw.steps, key=lambda s: s.number))
            if matrix:
                choices += ((t("workshops.choice.by_dates"), BY_DATES),)
        elif key == "qpv":
            choices = tuple((q.name, q.id) for q in fw.territory.qpvs)
            choices += ((t("workshops.choice.no_qpv"), "aucun"),)
        elif key == "list":
            choices = ((t("workshops.choice.presence"), "presence"),
                       (t("workshops.choice.registration"), "registration"))
        out.append(ImportQuestion(key=key, label=t(f"workshops.question.{key}"), choices=choices,
                                  option=f"--{key}", reason=missing[key]))
    return out
