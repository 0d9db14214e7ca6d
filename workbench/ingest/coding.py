"""Coding verbatims (an input like any other): one store transaction per click.

Codes in ``codings.code``: a framework lesson id (``L1`` … ``L7``), a free theme ``#<label>``
(« #mobilité »), ``_valence`` (the row's ``valence`` holds −1, 0 or +1) or ``_none`` (the coder
read the verbatim and found no lesson). One row per verbatim × code × coder (upsert); unticking
deletes the row.

Coders are staff: their name is never stored. ``coder_id(name)`` is the keyed hash of the
name as typed under the coders' own key (``Pseudonymiser(purpose="coders")``: ``c_…``, never
equal to a respondent's id), so the same coder gets the same id every session
and on every machine sharing the secret key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.i18n import t
from workbench.normalise import normalise_label
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.stats.agreement import THEME_PREFIX, VALENCE_CODE
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


def read_codings(store: Store, *, coder: str | None = None) -> pd.DataFrame:
    """The codings table (of one coder when given)."""
    store.initialise()
    frame = store.read("codings")
    return frame if coder is None else frame[frame["coder"] == coder].reset_index(drop=True)
