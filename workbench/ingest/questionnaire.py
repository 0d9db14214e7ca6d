"""Questionnaire importer: a LimeSurvey/Kobo/plain export + its mapping → respondents,
responses (one row per person × item), people, and open answers as verbatims.

Every row is validated first and all problems are reported together; then everything is written in
one transaction. Unfinished responses are not imported: they are counted as rejected.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ProblemList
from ..framework import Framework
from ..labels import name_of, t
from ..mapping import (
    AnswerReader,
    ChoiceMatcher,
    ChoiceSpec,
    Mapping,
    check_mapping,
    group_names,
    mapping_candidates,
    organisation_names,
    qpv_names,
    wave_from_name,
)
from ..privacy import Pseudonymiser
from ..sources import detect, kobo, limesurvey
from ..sources.base import RawTable, add_problem, fail
from ..store import Store
from .base import ImportReport, register_importer, write_import
from .pipeline import Progress, begin_report, merge_people, resolve_context, resolve_mapping

ANONYMISED_SUBMIT_DATE = "1980-01-01 00:00:00"  # LimeSurvey's date in anonymised surveys
_PROGRESS_EVERY = 50


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
    """A group/QPV/organisation column (or constant) with its matcher."""

    def __init__(self, spec: ChoiceSpec | None, fallback: dict[str, str], expected: list[str],
                 *, keep_text: bool = False) -> None:
        self.spec = spec
        self.keep_text = keep_text
        self.matcher = ChoiceMatcher(spec.values if spec else {}, fallback)
        self.expected = ", ".join(sorted(spec.values)) if spec and spec.values else ", ".join(
            expected
        )

    def read(self, row: dict[str, str]) -> tuple[bool, str | None, str]:
        """``(ok, id, raw text)``; an empty cell is ``(True, None, "")``."""
        if self.spec is None:
            return True, None, ""
        if self.spec.value is not None:
            return True, self.spec.value, self.spec.value
        text = row[self.spec.column].strip()
        if not text:
            return True, None, ""
        found, target = self.matcher.match(text)
        if found:
            return True, target, text
        return (True, text, text) if self.keep_text else (False, None, text)


def _respondent_key(raw: RawTable, row: dict[str, str], mapping: Mapping, wave: str,
                    sha256: str, line: int) -> list[str]:
    """What identifies an anonymous respondent: Kobo's ``_uuid``, LimeSurvey's id, else the
    file and line."""
    if row.get(kobo.ID_COLUMN, "").strip():
        return [row[kobo.ID_COLUMN].strip()]
    id_column = limesurvey.id_column(raw.columns)
    if id_column and row[id_column].strip():
        return ["reponse", mapping.instrument, wave, row[id_column].strip()]
    return ["ligne", sha256, str(line)]


def _submitted_at(raw: RawTable, row: dict[str, str]) -> str | None:
    column = limesurvey.submit_column(raw.columns) or (
        kobo.SUBMIT_COLUMN if kobo.SUBMIT_COLUMN in raw.columns else None
    )
    if column is None:
        return None
    value = row[column].strip()
    return None if not value or value == ANONYMISED_SUBMIT_DATE else value


def verbatim_id(sha256: str, line: int, column: str) -> str:
    return "v_" + hashlib.sha256(f"{sha256}:{line}:{column}".encode()).hexdigest()[:16]


@register_importer("questionnaire")
def import_questionnaire(
    path: str | Path,
    *,
    store: Store | None = None,
    framework: Framework | None = None,
    pseudonymiser: Pseudonymiser | None = None,
    wave: str | None = None,
    mapping: str | Path | Mapping | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one questionnaire export (see the module docstring)."""
    path = Path(path)
    store, fw, pseudonymiser = resolve_context(store, framework, pseudonymiser)
    report = begin_report(path, "questionnaire", store, dry_run=dry_run)
    if report.already_imported:
        return report
    resolved = resolve_mapping(path, mapping)
    if resolved is None:
        raise fail("mapping_not_found", path.name, file_name=path.name,
                   expected=", ".join(p.name for p in mapping_candidates(path)))
    raw = detect(path, format=resolved.format)
    mapping_problems = check_mapping(resolved, raw, fw)
    if mapping_problems:
        ProblemList(resolved.file_name, mapping_problems).raise_if_any()
    problems = ProblemList(path.name)
    wave_id = resolve_wave(problems, fw, explicit=wave, mapping=resolved, path=path)
    if raw.frame.empty and not raw.n_unfinished:
        add_problem(problems, "no_data_rows", row=raw.header_line)
    problems.raise_if_any()
    assert wave_id is not None

    report.format, report.instrument, report.wave = raw.format, resolved.instrument, wave_id
    report.detected = {"encoding": raw.encoding, "delimiter": raw.delimiter,
                       "header_rows": raw.header_rows, "mapping": resolved.file_name}
    tables = _validate_rows(raw, resolved, fw, pseudonymiser, store, problems, report,
                            wave_id, progress)
    problems.raise_if_any()
    tables["people"] = merge_people(store, tables["people"])
    metadata = set(limesurvey.METADATA_COLUMNS) | set(kobo.METADATA_COLUMNS)
    report.unmapped_columns = [
        c for c in raw.columns if c not in resolved.used_columns() and c not in metadata
    ]
    report.rows_read = len(raw.frame) + raw.n_unfinished
    report.rows_imported = len(raw.frame)
    report.rows_rejected = raw.n_unfinished
    if raw.n_unfinished:
        report.rejected_reasons = {t("import.unfinished"): raw.n_unfinished}
    return write_import(store, report, tables, mapping_sha256=resolved.sha256,
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
    """Check every row (collecting problems) and build the rows to write."""
    answers = AnswerReader(fw.scales[mapping.answers.scale], mapping.answers.codes,
                           mapping.answers.missing)
    group = _Choice(mapping.group, group_names(fw), [name_of(g) for g in fw.groups])
    qpv = _Choice(mapping.qpv, qpv_names(fw), [q.name for q in fw.territory.qpvs])
    organisation = _Choice(mapping.organisation, organisation_names(fw), [], keep_text=True)
    respondents: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []
    verbatims: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    records = raw.frame.to_dict("records")
    total = len(records)
    for index, row in enumerate(records):
        line = raw.line_of(index)
        parts = [row[c] for c in mapping.person.columns] if mapping.person else []
        if any(p.strip() for p in parts):
            person = pseudonymiser.person_id(*parts)
        else:
            person = pseudonymiser.person_id(
                *_respondent_key(raw, row, mapping, wave, report.sha256, line))
        if person in seen:
            column = mapping.person.columns[0] if mapping.person else None
            add_problem(problems, "duplicate_respondent", row=line, column=column,
                        other=seen[person], wave=wave)
        seen.setdefault(person, line)
        values: dict[str, str | None] = {}
        for name, choice, key in (("group_id", group, "group_unknown"),
                                  ("qpv", qpv, "qpv_unknown"),
                                  ("organisation", organisation, "")):
            ok, target, text = choice.read(row)
            if not ok:
                add_problem(problems, key, row=line, column=choice.spec.column, found=text,
                            expected=choice.expected)
            values[name] = target
        respondents.append({"wave": wave, "instrument": mapping.instrument, "person_id": person,
                            **values, "submitted_at": _submitted_at(raw, row)})
        for column, item_id in mapping.items.items():
            text = row[column]
            answer = answers.read(text)
            if answer.error:
                add_problem(problems, answer.error, row=line, column=column, found=text.strip(),
                            expected=answers.expected)
                continue
            responses.append({"wave": wave, "instrument": mapping.instrument, "person_id": person,
                              "item_id": item_id, "value": answer.value,
                              "label": text if text.strip() else None,
                              "missing": answer.missing})
        for column, prompt in mapping.open_text.items():
            text = row[column].strip()
            if text:
                verbatims.append({
                    "verbatim_id": verbatim_id(report.sha256, line, column),
                    "kind": "open_answer", "wave": wave, "qpv": values["qpv"],
                    "group_id": values["group_id"], "person_id": person, "prompt": prompt,
                    "text": text, "quotable": 0,
                })
        if progress is not None and ((index + 1) % _PROGRESS_EVERY == 0 or index + 1 == total):
            progress(index + 1, total)
    _check_store_duplicates(store, problems, raw, mapping, wave, seen)
    people = pd.DataFrame(
        [{"person_id": r["person_id"], "group_id": r["group_id"],
          "organisation": r["organisation"], "qpv": r["qpv"]} for r in respondents],
        columns=["person_id", "group_id", "organisation", "qpv"],
    )
    return {
        "respondents": pd.DataFrame(respondents),
        "responses": pd.DataFrame(responses),
        "people": people,
        "verbatims": pd.DataFrame(verbatims),
    }


def _check_store_duplicates(store: Store, problems: ProblemList, raw: RawTable, mapping: Mapping,
                            wave: str, seen: dict[str, int]) -> None:
    """A person who already answered this instrument in this wave, from another file."""
    stored = store.read("respondents")
    if stored.empty:
        return
    stored = stored[(stored["wave"] == wave) & (stored["instrument"] == mapping.instrument)]
    clash = stored[stored["person_id"].isin(list(seen))]
    if clash.empty:
        return
    sources = store.read("sources").set_index("source_id")["path"]
    column = mapping.person.columns[0] if mapping.person else None
    for person, source_id in zip(clash["person_id"], clash["source_id"], strict=True):
        add_problem(problems, "respondent_already_in_store", row=seen[person], column=column,
                    wave=wave, other=sources.get(source_id, "?"))
