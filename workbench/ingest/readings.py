"""Recording the committee's reading (restitution): what the COPIL concluded about a lesson or
an indicator, validated against the framework and appended to the store.

For a wave and a subject (a lesson id such as ``"L3"`` or an indicator id), a member of the
evaluation team records the committee's interpretation, its level of agreement (stable English
keys, French labels: « consensus », « accord partiel », « désaccord »), the action decided, the
author as a pseudonymous id (the name is never stored) and the UTC time. Readings are
append-only: a correction is a new reading, the history stays. Reading them back for display is
``workbench.indicators.readings``.

>>> record_reading(store, wave="T1", subject="L3", interpretation="Le temps pris a payé.",
...                agreement="consensus", action="Garder deux séminaires par an.",
...                author="Camille Martin")        # doctest: +SKIP
1

Each write is ONE short transaction: several people saving at once wait their turn, none
corrupts the store.
"""

from __future__ import annotations

from pathlib import Path

from workbench.errors import StoreError
from workbench.framework import Framework, load_framework
from workbench.i18n import t, texts_of
from workbench.indicators.readings import (
    AGREEMENTS,
    MEMBER_LEVELS,
    ReadingError,
    agreement_label,
    lesson_of,
    member_level_label,
)
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.store import Store

MAX_TEXT = 5000  # characters per free-text field
MAX_COMMENT = 600  # characters of a member's optional sentence
MEMBER_PURPOSE = "members"  # the pseudonyms of members giving their reading


# --- validation -----------------------------------------------------------------------------------
def normalise_agreement(value: str | None) -> str:
    """The stable key for an agreement given as key or as label (either language)."""
    text = "" if value is None else str(value).strip().strip("«»\"' ").casefold()
    for key in AGREEMENTS:
        names = {key, *(label.casefold() for label in texts_of(f"readings.agreement.{key}"))}
        if text in names:
            return key
    expected = ", ".join(f"« {agreement_label(k)} »" for k in AGREEMENTS)
    raise ReadingError(t("readings.error.agreement", found=value, expected=expected),
                       key="reading_bad_agreement", column="agreement", expected=expected,
                       found=str(value))


def validate_reading(fw: Framework, *, wave: str, subject: str, interpretation: str | None,
                     agreement: str | None, action: str | None) -> dict[str, str | None]:
    """Check a reading against the framework; returns the cleaned fields (French errors)."""
    if wave not in fw.wave_ids:
        expected = ", ".join(fw.wave_ids)
        raise ReadingError(t("readings.error.unknown_wave", found=wave, expected=expected),
                           key="reading_unknown_wave", column="wave", expected=expected,
                           found=str(wave))
    if lesson_of(fw, subject) is None:
        expected = ", ".join(le.id for le in fw.lessons)
        raise ReadingError(t("readings.error.unknown_subject", found=subject, expected=expected),
                           key="reading_unknown_subject", column="subject", expected=expected,
                           found=str(subject))
    texts = {"interpretation": _clean(interpretation), "action": _clean(action)}
    if not any(texts.values()):
        raise ReadingError(t("readings.error.empty"), key="reading_empty",
                           column="interpretation", expected=t("readings.interpretation"),
                           found="")
    for column, text in texts.items():
        if text and len(text) > MAX_TEXT:
            raise ReadingError(
                t("readings.error.too_long", column=t(f"readings.{column}"), found=len(text),
                  expected=MAX_TEXT),
                key="reading_too_long", column=column, expected=str(MAX_TEXT),
                found=str(len(text)))
    return {"wave": wave, "subject": subject, "agreement": normalise_agreement(agreement),
            **texts}


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = str(text).replace("\r\n", "\n").strip()
    return cleaned or None


def author_id(author: str, pseudonymiser: Pseudonymiser | None = None) -> str:
    """The pseudonymous id of the person recording (the name itself is never stored)."""
    if author is None or not str(author).strip():
        raise ReadingError(t("readings.error.author"), key="reading_author_missing",
                           column="author", expected=t("readings.author_placeholder"), found="")
    return (pseudonymiser or Pseudonymiser()).for_purpose("authors").person_id(str(author))


def record_reading(
    store: Store | str | Path | None,
    *,
    wave: str,
    subject: str,
    interpretation: str | None,
    agreement: str | None,
    action: str | None,
    author: str,
    fw: Framework | None = None,
    pseudonymiser: Pseudonymiser | None = None,
) -> int:
    """Validate then append one reading in ONE short transaction; returns its ``reading_id``."""
    fw = fw or load_framework()
    row = validate_reading(fw, wave=wave, subject=subject, interpretation=interpretation,
                           agreement=agreement, action=action)
    row["author_id"] = author_id(author, pseudonymiser)
    return _append(store, "readings", row)


# --- each member's own reading during a meeting --------------------------------------------------
def purpose_pseudonymiser(purpose: str, secret: bytes | None = None) -> Pseudonymiser:
    """The pseudonymiser of one purpose (``members``: each member's own reading), keyed apart
    from every other purpose, so that its ids never match a respondent's or a coder's.

    >>> a = purpose_pseudonymiser("members", b"k" * 32).person_id("x")
    >>> a != Pseudonymiser(b"k" * 32).person_id("x") and a.startswith("m_")
    True
    """
    return Pseudonymiser(secret, purpose=purpose)


def validate_member_reading(fw: Framework, *, session: str, wave: str, subject: str,
                            level: int | str | None, comment: str | None) -> dict:
    """Check a member's reading (a lesson, a level 1-5, an optional sentence); French errors."""
    if not session or not str(session).strip():
        raise ReadingError(t("meeting.error.no_session"), key="member_reading_no_session",
                           column="session", expected="session", found="")
    if wave not in fw.wave_ids:
        expected = ", ".join(fw.wave_ids)
        raise ReadingError(t("readings.error.unknown_wave", found=wave, expected=expected),
                           key="reading_unknown_wave", column="wave", expected=expected,
                           found=str(wave))
    if subject not in {le.id for le in fw.lessons}:
        expected = ", ".join(le.id for le in fw.lessons)
        raise ReadingError(t("meeting.error.unknown_lesson", found=subject, expected=expected),
                           key="member_reading_unknown_lesson", column="subject",
                           expected=expected, found=str(subject))
    try:
        value = int(str(level).strip())
    except (TypeError, ValueError):
        value = None
    if value not in MEMBER_LEVELS:
        expected = ", ".join(f"{k} « {member_level_label(k)} »" for k in MEMBER_LEVELS)
        raise ReadingError(t("meeting.error.level", found=level, expected=expected),
                           key="member_reading_bad_level", column="level", expected=expected,
                           found=str(level))
    text = _clean(comment)
    if text and len(text) > MAX_COMMENT:
        raise ReadingError(
            t("readings.error.too_long", column=t("meeting.comment"), found=len(text),
              expected=MAX_COMMENT),
            key="reading_too_long", column="comment", expected=str(MAX_COMMENT),
            found=str(len(text)))
    return {"session": str(session).strip(), "wave": wave, "subject": subject, "level": value,
            "comment": text}


def record_member_reading(
    store: Store | str | Path | None,
    *,
    session: str,
    wave: str,
    subject: str,
    member: str,
    level: int | str | None,
    comment: str | None = None,
    fw: Framework | None = None,
    pseudonymiser: Pseudonymiser | None = None,
) -> int:
    """Validate then append one member's reading; returns its id. ``member`` is the login's
    own id (never a typed name): it is stored as a pseudonym of the ``members``
    purpose. A member who reads again replaces their earlier reading (the latest counts)."""
    fw = fw or load_framework()
    row = validate_member_reading(fw, session=session, wave=wave, subject=subject, level=level,
                                  comment=comment)
    if not member or not str(member).strip():
        raise ReadingError(t("meeting.error.no_member"), key="member_reading_no_member",
                           column="member", expected="login", found="")
    row["member_id"] = (pseudonymiser or purpose_pseudonymiser(MEMBER_PURPOSE)).person_id(
        str(member))
    return _append(store, "member_readings", row)


def _append(store: Store | str | Path | None, table: str, row: dict) -> int:
    """Append one reading (``readings`` or ``member_readings``) in one short transaction; a
    failure says in French that it was not saved."""
    db = store if isinstance(store, Store) else Store(store)
    append = db.append_reading if table == "readings" else db.append_member_reading
    try:
        return append(row)
    except StoreError as exc:
        raise StoreError(t("readings.error.not_saved"), key="reading_not_saved",
                         file=db.location, found=exc.found or str(exc)) from exc


__all__ = ["MAX_COMMENT", "MAX_TEXT", "MEMBER_PURPOSE", "ReadingError", "author_id",
           "normalise_agreement", "purpose_pseudonymiser", "record_member_reading",
           "record_reading", "validate_member_reading", "validate_reading"]
