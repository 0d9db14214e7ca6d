"""A proposed mapping for a questionnaire export (``workbench map FILE``), for a person to check.

Every column of the file appears: known metadata under ``ignore``, name columns under ``person``,
Likert-looking columns as items in order, group/QPV/organisation columns with their values, long
free text under ``open_text``, and whatever is left in a commented block.
"""

from __future__ import annotations

import json
from pathlib import Path

from workbench.framework import Framework
from workbench.ingest.mapping import (
    AnswerReader,
    ChoiceMatcher,
    group_names,
    organisation_names,
    qpv_names,
    wave_from_name,
)
from workbench.normalise import normalise_label
from workbench.sources import kobo, limesurvey
from workbench.sources.google_forms import grid_row
from workbench.sources.grid import RawTable

_FIRST_NAMES = {"firstname", "prenom", "first name", "prénom"}
_LAST_NAMES = {"lastname", "nom", "last name", "nom de famille"}
_EMAILS = {"email", "e mail", "adresse e mail", "courriel", "mail", "email address"}
_OPEN_TEXT_MIN_LENGTH = 25
_MATCH_SHARE = 0.5


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(text), ensure_ascii=False)


def _leaf(column: str) -> str:
    return normalise_label(column.rsplit("/", 1)[-1])


def _values(raw: RawTable, column: str) -> list[str]:
    series = raw.frame[column]
    return sorted({v for v in series.tolist() if v.strip()})


def _share(values: list[str], matcher: ChoiceMatcher) -> float:
    return sum(matcher.match(v)[0] for v in values) / len(values) if values else 0.0


def _looks_likert(values: list[str], answers: AnswerReader) -> bool:
    """Every value is a scale answer, and they are labels or at least three distinct numbers
    (a column of 0/1 ticks is not a Likert item)."""
    if not values or not all(answers.recognises(v) for v in values):
        return False
    labelled = any(not v.strip().lstrip("+-").replace(",", "").replace(".", "").isdigit()
                   for v in values)
    return labelled or len(set(values)) >= 3


def items_for_columns(columns: list[str], fw: Framework, instrument: str) -> dict[str, str | None]:
    """The framework item of each Likert column: the item whose French text is the column's
    title or its grid row (Google Forms ``Question [Row]``), else the next unused item in order."""
    items = [i for i in fw.items if instrument in i.instrument]
    by_text = {normalise_label(i.text_fr): i.id for i in items if getattr(i, "text_fr", None)}
    chosen: dict[str, str | None] = {}
    for column in columns:
        row = grid_row(column)
        texts = [column, row[1]] if row else [column]
        chosen[column] = next((by_text[normalise_label(t)] for t in texts
                               if normalise_label(t) in by_text), None)
    remaining = [i.id for i in items if i.id not in set(chosen.values())]
    for column in columns:
        if chosen[column] is None and remaining:
            chosen[column] = remaining.pop(0)
    return chosen


def draft_mapping(raw: RawTable, fw: Framework) -> str:
    """The YAML text (see the module docstring); loadable by ``load_mapping`` once saved."""
    questionnaires = [i.id for i in fw.instruments if i.kind == "questionnaire"]
    prefix = Path(raw.name).stem.split("_", 1)[0]
    instrument = prefix if prefix in questionnaires else (questionnaires or ["?"])[0]
    scale_id = next(iter(fw.scales)) if fw.scales else "likert5"
    answers = AnswerReader(fw.scales[scale_id]) if fw.scales else None
    metadata = set(limesurvey.METADATA_COLUMNS) | set(kobo.METADATA_COLUMNS) | set(
        raw.metadata_columns)
    matchers = {
        "group": ChoiceMatcher({}, group_names(fw)),
        "qpv": ChoiceMatcher({}, qpv_names(fw)),
        "organisation": ChoiceMatcher({}, organisation_names(fw)),
    }
    ignore: list[str] = []
    first = last = email = None
    likert: list[str] = []
    choices: dict[str, str] = {}
    open_text: list[str] = []
    unmapped: list[str] = []
    for column in raw.columns:
        leaf = _leaf(column)
        values = _values(raw, column)
        if leaf in _EMAILS and email is None:
            email = column
        elif column in metadata or column.startswith("_"):
            ignore.append(column)
        elif leaf in _FIRST_NAMES and first is None:
            first = column
        elif leaf in _LAST_NAMES and last is None:
            last = column
        elif answers and _looks_likert(values, answers):
            likert.append(column)
        elif values and (role := next(
            (r for r, m in matchers.items()
             if r not in choices and _share(values, m) >= _MATCH_SHARE),
            None,
        )):
            choices[role] = column
        elif values and (sum(map(len, values)) / len(values) >= _OPEN_TEXT_MIN_LENGTH
                         or any("\n" in v for v in values)):
            open_text.append(column)
        else:
            unmapped.append(column)

    lines = [
        f"# Correspondance proposée pour {raw.name} : vérifiez chaque ligne avant d'importer.",
        f"instrument: {instrument}",
    ]
    if raw.format not in ("generic", "signin"):
        lines.append(f"format: {raw.format}")
    wave = wave_from_name(raw.name)
    lines.append(f"wave: {wave}" if wave else "# wave: T1   # si le nom du fichier ne la dit pas")
    person = [c for c in (first, last) if c] or ([email] if email else [])
    if person:
        lines.append("person: {columns: [" + ", ".join(_q(c) for c in person) + "]}")
        if email and email not in person:
            ignore.append(email)
    else:
        lines.append("# person: {columns: [prenom, nom]}   # absent : pas de suivi en panel")
    for role in ("group", "qpv", "organisation"):
        column = choices.get(role)
        if column is None:
            lines.append(f"# {role}: {{column: ?, values: {{}}}}")
            continue
        lines += [f"{role}:", f"  column: {_q(column)}", "  values:"]
        for value in _values(raw, column):
            found, target = matchers[role].match(value)
            if role == "organisation" and not found:
                continue  # an organisation outside the roster is kept as text
            shown = target if found and target else "null"
            note = "" if found else "   # à compléter"
            lines.append(f"    {_q(value)}: {shown}{note}")
    lines.append("items:" if likert else "items: {}")
    for column, item in items_for_columns(likert, fw, instrument).items():
        lines.append(f"  {_q(column)}: {item or 'Q??   # à compléter'}")
    lines += ["answers:", f"  scale: {scale_id}"]
    lines.append("open_text:" if open_text else "open_text: {}")
    lines += [f"  {_q(c)}: {_q(c)}   # remplacez par la question posée" for c in open_text]
    lines.append("ignore: [" + ", ".join(_q(c) for c in ignore) + "]")
    if unmapped:
        lines.append("# Colonnes non reconnues (ajoutez-les à items, open_text ou ignore) :")
        lines += [f"#   - {_q(c)}" for c in unmapped]
    return "\n".join(lines) + "\n"
