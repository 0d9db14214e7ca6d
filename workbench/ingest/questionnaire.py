"""Questionnaire importer: a LimeSurvey/Kobo/plain export + its mapping → respondents,
responses (one row per person × item), people, and open answers as verbatims.

Every row is validated first and all problems are reported together; then everything is written in
one transaction. Unfinished responses are not imported: they are counted as rejected.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench.errors import ProblemList
from workbench.framework import Framework
from workbench.i18n import name_of, t
from workbench.ingest.context import ImportContext, ImportReport, Progress
from workbench.ingest.long_rows import (
    code_dtype,
    long_responses,
    object_frame,
    release_columns,
)
from workbench.ingest.mapping import (
    AnswerReader,
    ChoiceMatcher,
    ChoiceSpec,
    Mapping,
    check_mapping,
    group_names,
    mapping_candidates,
    organisation_names,
    qpv_names,
    resolve_mapping,
    wave_from_name,
)
from workbench.ingest.respondents import (
    already_stored,
    answers_key,
    identity_of,
    reading_warnings,
    respondent_keys,
)
from workbench.normalise import iso_datetimes
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.sources import detect, ms_forms
from workbench.sources.choices import split_choices
from workbench.sources.grid import RawTable
from workbench.sources.problems import add_problem, fail
from workbench.sources.spreadsheet import GENERIC, SIGNIN
from workbench.store import Store

ANONYMISED_SUBMIT_DATE = "1980-01-01 00:00:00"  # LimeSurvey's date in anonymised surveys


def resolve_wave(
    problems: ProblemList, fw: Framework, *, explicit: str | None, mapping: Mapping | None,
    path: Path,
) -> str | None:
    """``--wave`` wins, then the mapping's ``wave``, then ``_T1`` in the file name."""
    wave = explicit or (mapping.wave if mapping else None) or wave_from_name(path)
    if wave is None:
        add_problem(problems, "wave_missing", expected=", ".join(fw.wave_ids))
    elif wave not in fw.wave_ids:
        add_problem(problems, "wave_unknown", found=wave, expected=", ".join(fw.wave_ids))
        return None
    return wave


class _Choice:
    """A group/QPV/organisation column (or constant) with its matcher.

    A checkbox cell holding several options (``"Les Tilleuls, Bel-Air"``) is split against the
    known options, longest first: one distinct id is kept; several give ``several`` — ``None``
    (several neighbourhoods), ``"first"`` (the first organisation) or ``"error"`` (a group).
    """

    def __init__(self, spec: ChoiceSpec | None, fallback: dict[str, str], expected: list[str],
                 *, keep_text: bool = False, several: str = "none",
                 separator: str | None = None) -> None:
        self.spec = spec
        self.keep_text = keep_text
        self.several = several
        self.separator = separator
        self.matcher = ChoiceMatcher(spec.values if spec else {}, fallback)
        self.options = [*(spec.values if spec else {}), *fallback]
        self.expected = ", ".join(sorted(spec.values)) if spec and spec.values else ", ".join(
            expected
        )

    def read_text(self, text: str) -> tuple[str | None, str | None]:
        """``(id, problem key)`` of one cell; an empty cell is ``(None, None)``."""
        text = text.strip()
        if not text:
            return None, None
        found, target = self.matcher.match(text)
        if found:
            return target, None
        pieces = split_choices(text, self.options, self.separator) if self.separator else []
        matched = [self.matcher.match(piece) for piece in pieces]
        if len(pieces) > 1 and all(ok for ok, _ in matched):
            targets = list(dict.fromkeys(target for _, target in matched if target))
            if len(targets) <= 1:
                return (targets[0] if targets else None), None
            if self.several == "first":
                return targets[0], None
            return None, ("several" if self.several == "error" else None)
        return (text, None) if self.keep_text else (None, "unknown")

    def column(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row: the id, the problem key (or ``None``), the cell as written."""
        size = len(frame)
        if self.spec is None or self.spec.value is not None:
            value = self.spec.value if self.spec is not None else None
            nothing = np.full(size, None, dtype=object)
            return np.full(size, value, dtype=object), nothing, nothing
        codes, uniques = pd.factorize(frame[self.spec.column])
        results = [self.read_text(text) for text in uniques]
        targets = np.array([r[0] for r in results] + [None], dtype=object)
        keys = np.array([r[1] for r in results] + [None], dtype=object)
        texts = np.array([u.strip() for u in uniques] + [""], dtype=object)
        return targets[codes], keys[codes], texts[codes]


def _submitted_at(raw: RawTable) -> list[str | None]:
    if raw.submit_column is None:
        return [None] * len(raw.frame)
    stamps = iso_datetimes(raw.frame[raw.submit_column])
    return [None if s == ANONYMISED_SUBMIT_DATE else s for s in stamps]


def verbatim_id(sha256: str, line: int, column: str) -> str:
    return "v_" + hashlib.sha256(f"{sha256}:{line}:{column}".encode()).hexdigest()[:16]


def import_questionnaire(path: str | Path, **context: Any) -> ImportReport:
    """Import one questionnaire export (see the module docstring); ``context``: the
    ``ImportContext.open`` arguments (store, framework, wave, mapping, dry_run…)."""
    return run(ImportContext.open(path, **context))


def run(ctx: ImportContext) -> ImportReport:
    """Import the context's questionnaire export (the dispatcher calls this)."""
    path, store, fw, pseudonymiser = ctx.path, ctx.store, ctx.framework, ctx.pseudonymiser
    wave, progress = ctx.wave, ctx.progress
    report = ctx.begin("questionnaire")
    if report.already_imported:
        return report
    resolved = resolve_mapping(path, ctx.mapping)
    if resolved is None:
        raise fail("mapping_not_found", path.name, file_name=path.name,
                   expected=", ".join(p.name for p in mapping_candidates(path)))
    raw = detect(path, format=resolved.format)
    if raw.format == SIGNIN:  # a questionnaire asking Nom and Prénom, not a sign-in sheet
        raw = detect(path, format=GENERIC)
    mapping_problems = check_mapping(resolved, raw, fw)
    if mapping_problems:
        ProblemList(resolved.file_name, mapping_problems).raise_if_any()
    fw = resolved.extended_framework(fw)
    problems = ProblemList(path.name)
    wave_id = resolve_wave(problems, fw, explicit=wave, mapping=resolved, path=path)
    if raw.frame.empty and not raw.n_unfinished:
        add_problem(problems, "no_data_rows", row=raw.header_line)
    problems.raise_if_any()
    assert wave_id is not None

    report.format, report.instrument, report.wave = raw.format, resolved.instrument, wave_id
    report.detected = {"encoding": raw.encoding, "delimiter": raw.delimiter,
                       "header_rows": raw.header_rows, "mapping": resolved.file_name,
                       "identity": identity_of(resolved),
                       "new_items": [n.id for n in resolved.new_items.values()]}
    report.warnings += reading_warnings(raw)
    metadata = set(raw.metadata_columns)
    report.unmapped_columns = [
        c for c in raw.columns if c not in resolved.used_columns() and c not in metadata
    ]
    tables = _validate_rows(raw, resolved, fw, pseudonymiser, store, problems, report,
                            wave_id, progress)
    problems.raise_if_any()
    tables["people"] = ctx.merge_people(tables["people"])
    known = report.detected.pop("already_stored", {})
    report.rows_read = len(raw.frame) + raw.n_unfinished
    report.rows_imported = len(raw.frame) - sum(known.values())
    report.rows_rejected = raw.n_unfinished + sum(known.values())
    if raw.n_unfinished:
        report.rejected_reasons[t("import.unfinished")] = raw.n_unfinished
    for other, count in known.items():
        report.rejected_reasons[t("import.reexport", file=other)] = count
    if known:
        report.detected["reexport_of"] = sorted(known)
    return ctx.write(report, tables, mapping_sha256=resolved.sha256,
                     replace_keys={"people": ["person_id"]})


def _validate_rows(
    raw: RawTable,
    mapping: Mapping,
    fw: Framework,
    pseudonymiser: Pseudonymiser,
    store: Store,
    problems: ProblemList,
    report: ImportReport,
    wave: str,
    progress: Progress | None,
) -> dict[str, pd.DataFrame]:
    """Check every cell (collecting problems) and build the rows to write.

    Column-wise: each distinct text of a column is read once, then spread to its rows; only the
    rows with a problem are looked at one by one, so messages keep their exact file line.
    """
    frame = raw.frame
    size = len(frame)
    lines = np.asarray([raw.line_of(i) for i in range(size)] if not raw.lines else raw.lines,
                       dtype=np.int64)
    item_ids = mapping.item_ids
    steps = 3 + len(item_ids)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(round(size * done / steps), size)

    found: list[tuple[int, int, str, dict[str, Any]]] = []  # (line, order, key, details)
    persons = _person_ids(raw, mapping, pseudonymiser, wave, report.sha256, lines)
    first_line: dict[str, int] = {}
    person_column = mapping.person.columns[0] if mapping.person else None
    for person, line in zip(persons, lines.tolist(), strict=True):
        if person in first_line:
            found.append((line, 0, "duplicate_respondent",
                          {"column": person_column, "other": first_line[person], "wave": wave}))
        else:
            first_line[person] = line
    tick()

    separator = raw.multi_separator
    choices = {
        "group_id": (_Choice(mapping.group, group_names(fw), [name_of(g) for g in fw.groups],
                             several="error", separator=separator), "group"),
        "qpv": (_Choice(mapping.qpv, qpv_names(fw), [q.name for q in fw.territory.qpvs],
                        separator=separator), "qpv"),
        "organisation": (_Choice(mapping.organisation, organisation_names(fw), [],
                                 keep_text=True, several="first", separator=separator),
                         "organisation"),
    }
    values: dict[str, np.ndarray] = {}
    for order, (name, (choice, prefix)) in enumerate(choices.items(), start=1):
        targets, keys, texts = choice.column(frame)
        values[name] = targets
        for index in np.flatnonzero(keys != None):  # noqa: E711 - element-wise on objects
            found.append((int(lines[index]), order, f"{prefix}_{keys[index]}",
                          {"column": choice.spec.column, "found": texts[index],
                           "expected": choice.expected}))
    tick()

    items_by_id = {i.id: i for i in fw.items}
    # per item: each cell's code into the item's distinct answers, and what each answer gives
    item_codes, item_values, item_missing, item_labels = [], [], [], []
    for position, (column, item_id) in enumerate(item_ids.items(), start=4):
        answer_codes, missing = mapping.column_answers(column)
        reader = AnswerReader(fw.scales[items_by_id[item_id].scale], answer_codes, missing,
                              blank=mapping.answers.blank,
                              declared=raw.missing_codes.get(column))
        codes, uniques = pd.factorize(frame[column])
        answers = [reader.read(text) for text in uniques]
        errors = np.array([a.error for a in answers] + [None], dtype=object)[codes]
        for index in np.flatnonzero(errors != None):  # noqa: E711
            found.append((int(lines[index]), position, str(errors[index]),
                          {"column": column, "found": str(frame[column].iat[index]).strip(),
                           "expected": reader.expected}))
        item_codes.append(np.where(codes < 0, len(uniques), codes).astype(
            code_dtype(len(uniques) + 1)))
        item_values.append(np.array([np.nan if a.value is None else a.value for a in answers]
                                    + [np.nan], dtype=float))
        item_missing.append(np.array([a.missing for a in answers] + [None], dtype=object))
        item_labels.append(np.array([u if u.strip() else None for u in uniques] + [None],
                                    dtype=object))
        tick()
    release_columns(frame, [c for c in frame.columns if c not in _still_read(raw, mapping)])

    for line, _, key, details in sorted(found, key=lambda f: (f[0], f[1])):
        add_problem(problems, key, row=line, **details)
    if problems.problems:
        return {}
    row_of: dict[str, int] = {}  # made when a respondent is found in the store already

    def answered(person: str) -> frozenset:
        if not row_of:
            row_of.update((person, index) for index, person in enumerate(persons))
        cell = [codes[row_of[person]:row_of[person] + 1] for codes in item_codes]
        return answers_key(item_ids, [v[c] for v, c in zip(item_values, cell, strict=True)],
                           [m[c] for m, c in zip(item_missing, cell, strict=True)], 0)

    stored = already_stored(store, problems, mapping, wave, first_line, answered)
    if problems.problems:
        return {}
    first_line.clear()
    row_of.clear()
    if stored:
        keep = np.asarray([p not in stored for p in persons])
        report.detected["already_stored"] = dict(Counter(stored.values()))
        frame, persons, lines = frame.loc[keep].reset_index(drop=True), [
            p for p, k in zip(persons, keep, strict=True) if k], lines[keep]
        size = len(frame)
        values = {k: v[keep] for k, v in values.items()}
        item_codes = [codes[keep] for codes in item_codes]
        raw = _kept_rows(raw, keep)

    # rows in primary-key order: SQLite appends to its index instead of inserting at random
    order = np.argsort(np.asarray(persons, dtype=object), kind="stable")
    ordered = np.asarray(persons, dtype=object)[order]
    respondents = object_frame({
        "wave": wave, "instrument": mapping.instrument, "person_id": ordered,
        "group_id": values["group_id"][order], "qpv": values["qpv"][order],
        "organisation": values["organisation"][order],
        "submitted_at": np.asarray(_submitted_at(raw), dtype=object)[order],
    })
    item_list = list(item_ids.values())
    by_item = sorted(range(len(item_list)), key=lambda k: item_list[k])
    responses = long_responses(wave, mapping.instrument, ordered, order, by_item,
                                [item_list[k] for k in by_item],
                                item_codes, item_values, item_labels, item_missing)
    tick()
    return {
        "respondents": respondents,
        "responses": responses,
        "people": respondents[["person_id", "group_id", "organisation", "qpv"]],
        "verbatims": _verbatims(raw, mapping, wave, report.sha256, persons, values, lines),
    }


def _still_read(raw: RawTable, mapping: Mapping) -> set[str]:
    """The columns read after every answer, person and choice was coded: open answers and
    submit date (the others are released, see ``release_columns``)."""
    return {*mapping.open_text, *([raw.submit_column] if raw.submit_column else [])}


def _person_ids(raw: RawTable, mapping: Mapping, pseudonymiser: Pseudonymiser, wave: str,
                sha256: str, lines: np.ndarray) -> list[str]:
    """The pseudonymous id of each row: from the person columns (names or e-mail), else from
    the respondent's key (no panel link). ``anonymous`` (Microsoft Forms) counts as empty."""
    columns = mapping.person.columns if mapping.person else []
    parts = [raw.frame[c].tolist() for c in columns]
    fallback: Callable[[int], list[str]] | None = None
    persons = []
    for index, row in enumerate(zip(*parts, strict=True) if parts else [()] * len(lines)):
        given = [p for p in row if p.strip() and p.strip().casefold() not in ms_forms.ANONYMOUS]
        if given:
            persons.append(pseudonymiser.person_id(*row))
            continue
        if fallback is None:
            fallback = respondent_keys(raw, wave, lines)
        persons.append(pseudonymiser.person_id(*fallback(index)))
    return persons


def _verbatims(raw: RawTable, mapping: Mapping, wave: str, sha256: str, persons: list[str],
               values: dict[str, np.ndarray], lines: np.ndarray) -> pd.DataFrame:
    rows = []
    for column, prompt in mapping.open_text.items():
        texts = raw.frame[column].str.strip()
        for index in np.flatnonzero((texts != "").to_numpy()):
            line = int(lines[index])
            rows.append({
                "verbatim_id": verbatim_id(sha256, line, column), "kind": "open_answer",
                "wave": wave, "qpv": values["qpv"][index], "group_id": values["group_id"][index],
                "person_id": persons[index], "prompt": prompt, "text": texts.iat[index],
                "quotable": 0,
            })
    return pd.DataFrame(rows)


def _kept_rows(raw: RawTable, keep: np.ndarray) -> RawTable:
    """``raw`` reduced to the rows kept (for the verbatims and submit dates)."""
    return replace(raw, frame=raw.frame.loc[keep].reset_index(drop=True),
                   lines=[line for line, k in zip(raw.lines, keep, strict=True) if k]
                   if raw.lines else [])
