"""Who answered: how a questionnaire's respondents are identified (a mapped person key, else
a key scoped to the survey, never to a response number alone), and the respondents the store
already holds (an earlier export of the same survey is recognised, not counted twice).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from workbench.errors import Problem, ProblemList
from workbench.i18n import t
from workbench.ingest.mapping import Mapping
from workbench.sources import kobo
from workbench.sources.grid import RawTable
from workbench.sources.problems import add_problem, make_problem
from workbench.store import Store


def respondent_keys(raw: RawTable, wave: str, lines: np.ndarray) -> Callable[[int], list[str]]:
    """What identifies each anonymous respondent (row index → key parts), inside its own source
    only: Kobo's ``_uuid`` (unique to one submission), else the questionnaire's fingerprint
    (format and columns), the wave, the tool's response id, the row's content and how many rows
    before it had the same id and content. Two surveys never share a respondent (their response
    numbers both start at 1); a new export of the same survey gives its earlier responses the
    same keys, so they are recognised, not counted twice. Keys are made when asked for (a
    million rows' key lists are never held together)."""
    size = len(lines)
    ids = raw.frame[raw.id_column].str.strip().tolist() if raw.id_column else [""] * size
    digests = pd.util.hash_pandas_object(raw.frame, index=False).to_numpy() if size else (
        np.array([], dtype=np.uint64))
    occurrence = pd.DataFrame({"id": ids, "digest": digests}).groupby(
        ["id", "digest"], sort=False).cumcount().to_numpy()
    fingerprint, by_uuid = raw.fingerprint, raw.format == kobo.NAME

    def key(index: int) -> list[str]:
        response_id = ids[index]
        if response_id and by_uuid:
            return [response_id]
        return ["anonyme", fingerprint, wave, response_id, f"{int(digests[index]):x}",
                str(occurrence[index])]

    return key


def answers_key(item_ids: dict[str, str], values: list[np.ndarray], missing: list[np.ndarray],
                 index: int) -> frozenset:
    """One respondent's answers as a comparable set of (item, value, missing reason)."""
    return frozenset(
        (item, None if np.isnan(v[index]) else float(v[index]), m[index])
        for item, v, m in zip(item_ids.values(), values, missing, strict=True))


def already_stored(store: Store, problems: ProblemList, mapping: Mapping, wave: str,
                   seen: dict[str, int], answered: Callable[[str], frozenset]
                   ) -> dict[str, str]:
    """Respondents this wave and instrument already hold in the store: those whose stored
    answers are the same (an earlier export of the same survey) are returned (person → file
    they came from) to be left out; a person with different answers is a problem."""
    stored = store.read("respondents")
    if stored.empty:
        return {}
    stored = stored[(stored["wave"] == wave) & (stored["instrument"] == mapping.instrument)]
    clash = stored[stored["person_id"].isin(seen)]
    if clash.empty:
        return {}
    sources = store.read("sources").set_index("source_id")["path"]
    responses = store.read("responses")
    responses = responses[(responses["wave"] == wave)
                          & (responses["instrument"] == mapping.instrument)
                          & responses["person_id"].isin(clash["person_id"])]
    before: dict[str, set] = {}
    for person, item, value, missing in zip(responses["person_id"], responses["item_id"],
                                            responses["value"], responses["missing"],
                                            strict=True):
        before.setdefault(person, set()).add(
            (item, None if pd.isna(value) else float(value),
             None if pd.isna(missing) else missing))
    column = mapping.person.columns[0] if mapping.person else None
    same: dict[str, str] = {}
    for person, source_id in zip(clash["person_id"], clash["source_id"], strict=True):
        other = str(sources.get(source_id, "?"))
        if frozenset(before.get(person, set())) == answered(person):
            same[person] = other
        else:
            add_problem(problems, "respondent_already_in_store", row=seen[person],
                        column=column, wave=wave, other=other)
    return same


def identity_of(mapping: Mapping) -> str:
    """How respondents are identified, for the report: their person key, or anonymous."""
    if mapping.person:
        return t("import.identity.person", columns=" + ".join(mapping.person.columns))
    return t("import.identity.anonymous")


def reading_warnings(raw: RawTable) -> list[Problem]:
    """What the reader changed or could not repair, as located warnings."""
    warnings = []
    if raw.text_repairs:
        before, after = next(iter(raw.text_repairs.items()))
        warnings.append(make_problem("text_repaired", raw.name, found=before, expected=after,
                                     count=len(raw.text_repairs)))
    for line, column, text in raw.mangled_cells[:20]:
        warnings.append(make_problem("text_mangled", raw.name, row=line, column=column,
                                     found=text))
    return warnings
