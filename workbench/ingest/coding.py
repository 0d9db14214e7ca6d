"""Coding verbatims (an input like any other): one store transaction per click.

Codes in ``codings.code``: a framework lesson id (``L1`` … ``L7``), a free theme ``#<label>``
(« #mobilité »), ``_valence`` (the row's ``valence`` holds −1, 0 or +1) or ``_none`` (the coder
read the verbatim and found no lesson). One row per verbatim × code × coder (upsert); unticking
deletes the row.

When coders disagree on a code (one of two ticked it), the consolidation rule
(``workbench.indicators.consensus``) does not take either coder's word: the verbatim carries
the code once someone *adjudicates* — ``adjudicate`` records that decision (carried or not,
or the valence) with the adjudicator's pseudonymous id, in one transaction.

Coders are staff: their name is never stored. ``coder_id(name)`` is the keyed hash of the
name as typed under the coders' own key (``Pseudonymiser(purpose="coders")``: ``c_…``, never
equal to a respondent's id), so the same coder gets the same id every session
and on every machine sharing the secret key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbench.errors import WorkbenchError
from workbench.i18n import t
from workbench.normalise import normalise_label
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.stats.agreement import NO_CODE, THEME_PREFIX, VALENCE_CODE
from workbench.store import Store

VALENCES = (-1, 0, 1)


class CodingError(WorkbenchError, ValueError):
    """A coding cannot be saved (unknown verbatim, empty theme, bad valence)."""

    key = "coding_invalid"


def coder_id(name: str, pseudonymiser: Pseudonymiser | None = None) -> str:
    """The pseudonymous id of a coder from the name typed once in the app."""
    if not name or not str(name).strip():
        raise CodingError(t("voices.coder_missing"), key="coder_missing", column="coder",
                          expected=t("voices.coder_prompt"), found="")
    return (pseudonymiser or Pseudonymiser()).for_purpose("coders").person_id(str(name))


def theme_code(label: str, existing: Sequence[str] = ()) -> str:
    """``#<label>`` for a free theme; reuses an existing theme spelled the same way
    (case, accents, apostrophes and spaces folded)."""
    clean = re.sub(r"\s+", " ", str(label or "")).strip().lstrip(THEME_PREFIX).strip()
    if not clean:
        raise CodingError(t("voices.theme_empty"), key="theme_empty", column="theme",
                          expected=t("voices.theme_expected"), found=repr(label))
    wanted = normalise_label(clean)
    for code in existing:
        if code.startswith(THEME_PREFIX) and normalise_label(code[1:]) == wanted:
            return code
    return THEME_PREFIX + clean


def _unknown_verbatim(verbatim_id: str) -> CodingError:
    return CodingError(t("voices.unknown_verbatim", id=verbatim_id), key="unknown_verbatim",
                       column="verbatim_id", expected="verbatim_id", found=verbatim_id)


def set_code(store: Store, verbatim_id: str, code: str, coder: str, checked: bool) -> None:
    """Tick (upsert) or untick (delete) one code for one verbatim by one coder: ONE transaction."""
    if code == VALENCE_CODE:
        raise CodingError("use set_valence", key="coding_valence_code", found=code)
    if not store.set_coding(verbatim_id, code, coder, ticked=checked):
        raise _unknown_verbatim(verbatim_id)


def set_valence(store: Store, verbatim_id: str, coder: str, valence: int | None) -> None:
    """Record the valence (−1, 0, +1) of a verbatim for a coder (``None`` clears it)."""
    if valence is not None and valence not in VALENCES:
        raise CodingError(t("voices.bad_valence", found=valence), key="coding_bad_valence",
                          column="valence", expected="-1, 0, 1", found=str(valence))
    written = store.set_coding(verbatim_id, VALENCE_CODE, coder, ticked=valence is not None,
                               valence=None if valence is None else int(valence))
    if not written:
        raise _unknown_verbatim(verbatim_id)


def adjudicate(store: Store, verbatim_id: str, code: str, adjudicator: str,
               decision: bool | int | None) -> None:
    """Record the adjudicated decision on one code of one verbatim: ``True``/``1`` the verbatim
    carries the code, ``False``/``0`` it does not, for ``_valence`` the valence (−1, 0, +1);
    ``None`` withdraws the decision. ``adjudicator`` is a pseudonymous id (``coder_id``)."""
    if code == NO_CODE:
        raise CodingError(t("adjudication.bad_code", code=code), key="adjudication_code",
                          column="code", expected="L1…, #thème, _valence", found=code)
    if decision is not None:
        allowed = VALENCES if code == VALENCE_CODE else (0, 1)
        value = int(decision) if isinstance(decision, bool | int | np.integer) else None
        if value not in allowed:
            raise CodingError(t("adjudication.bad_decision", found=decision),
                              key="adjudication_bad_decision", column="decision",
                              expected=", ".join(str(v) for v in allowed), found=str(decision))
        decision = value
    if not adjudicator or not str(adjudicator).strip():
        raise CodingError(t("voices.coder_missing"), key="coder_missing", column="adjudicator",
                          expected=t("voices.coder_prompt"), found="")
    if not store.set_adjudication(verbatim_id, code, adjudicator, decision):
        raise _unknown_verbatim(verbatim_id)


def read_codings(store: Store, *, coder: str | None = None) -> pd.DataFrame:
    """The codings table (of one coder when given)."""
    store.initialise()
    frame = store.read("codings")
    return frame if coder is None else frame[frame["coder"] == coder].reset_index(drop=True)


def read_adjudications(store: Store) -> pd.DataFrame:
    """The recorded adjudications (verbatim_id, code, decision, adjudicator, decided_at)."""
    store.initialise()
    return store.read("adjudications")
