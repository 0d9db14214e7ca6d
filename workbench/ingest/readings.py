"""The committee's reading (restitution): what the COPIL concluded about a lesson or an indicator.

For a wave and a subject (a lesson id such as ``"L3"`` or an indicator id), a member of the
evaluation team records the committee's interpretation, its level of agreement (stable English
keys, French labels: « consensus », « accord partiel », « désaccord »), the action decided, the
author as a pseudonymous id (``Pseudonymiser().person_id(name)``: the name is never stored) and
the UTC time. Readings are append-only: a correction is a new reading, the history stays.

>>> record_reading(store, wave="T1", subject="L3", interpretation="Le temps pris a payé.",
...                agreement="consensus", action="Garder deux séminaires par an.",
...                author="Camille Martin")        # doctest: +SKIP
1
>>> readings_for(store, subject="L3", up_to_wave="T2", fw=fw)   # T0, T1 and T2 readings

Each write is ONE short transaction (``BEGIN IMMEDIATE`` with SQLite's busy timeout): several
people saving at once wait their turn, none corrupts the store.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pandas as pd

from workbench.errors import StoreError, WorkbenchError
from workbench.framework import Framework, load_framework
from workbench.i18n import name_of, t, texts_of
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.store import TABLES, Dataset, Store, now_iso, table_columns

AGREEMENTS: tuple[str, ...] = ("consensus", "partial", "disagreement")
MAX_TEXT = 5000  # characters per free-text field
COLUMNS = table_columns("readings")


class ReadingError(WorkbenchError, ValueError):
    """A reading cannot be recorded (unknown wave or subject, empty text, bad agreement)."""

    key = "reading_invalid"


# --- labels ---------------------------------------------------------------------------------------
def agreement_label(key: str | None) -> str:
    """« consensus », « accord partiel », « désaccord » (current language) for a stored key."""
    if key in AGREEMENTS:
        return t(f"readings.agreement.{key}")
    return t("readings.no_agreement")


def subject_choices(fw: Framework) -> list[tuple[str, str]]:
    """(label, id) of every subject a reading can be about: the lessons, then the indicators."""
    lessons = [(t("readings.subject_lesson", id=le.id, name=name_of(le)), le.id)
               for le in fw.lessons]
    return lessons + [(t("readings.subject_indicator", name=name_of(s)), s.id)
                      for s in fw.indicators]


def subject_label(fw: Framework, subject: str) -> str:
    return dict((v, k) for k, v in subject_choices(fw)).get(subject, subject)


def lesson_of(fw: Framework, subject: str) -> str | None:
    """The lesson a subject belongs to (itself for a lesson id; the indicator's lesson)."""
    if subject in {le.id for le in fw.lessons}:
        return subject
    return next((s.lesson for s in fw.indicators if s.id == subject), None)


# --- validation -----------------------------------------------------------------------------------
def normalise_agreement(value: str | None) -> str:
    """The stable key for an agreement given as key or as label (either language)."""
    text = "" if value is None else str(value).strip().strip("«»\"' ").casefold()
    for key in AGREEMENTS:
        names = {key, *(label.casefold() for label in _labels(f"readings.agreement.{key}"))}
        if text in names:
            return key
    expected = ", ".join(f"« {agreement_label(k)} »" for k in AGREEMENTS)
    raise ReadingError(t("readings.error.agreement", found=value, expected=expected),
                       key="reading_bad_agreement", column="agreement", expected=expected,
                       found=str(value))


def _labels(key: str) -> tuple[str, str]:
    return texts_of(key)


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
    return (pseudonymiser or Pseudonymiser()).person_id(str(author))


# --- writing --------------------------------------------------------------------------------------
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
    db = store if isinstance(store, Store) else Store(store)
    try:
        with db.transaction() as con:
            con.execute(f"CREATE TABLE IF NOT EXISTS readings ({TABLES['readings']})")
            cur = con.execute(
                "INSERT INTO readings (wave, subject, interpretation, agreement, action, "
                "author_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (row["wave"], row["subject"], row["interpretation"], row["agreement"],
                 row["action"], row["author_id"], now_iso()),
            )
            return int(cur.lastrowid)
    except sqlite3.Error as exc:
        raise StoreError(t("readings.error.not_saved"), key="reading_not_saved",
                         file=str(db.path), found=str(exc)) from exc


# --- reading --------------------------------------------------------------------------------------
def load_readings(store: Store | str | Path | None = None) -> pd.DataFrame:
    """Every reading in the store (empty frame with the right columns when there is none)."""
    db = store if isinstance(store, Store) else Store(store)
    if not db.path.exists():
        return pd.DataFrame(columns=COLUMNS)
    with contextlib.closing(db.connect()) as con:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='readings'"
                           ).fetchone():
            return pd.DataFrame(columns=COLUMNS)
        return pd.read_sql_query("SELECT * FROM readings", con)


def readings_for(
    store_or_frame: Store | str | Path | Dataset | pd.DataFrame | None,
    *,
    subject: str | list[str] | None = None,
    up_to_wave: str | None = None,
    fw: Framework,
) -> pd.DataFrame:
    """Readings of ``subject`` (one id or several; all when None) recorded for ``up_to_wave``
    or an earlier wave of the framework (all waves when None), oldest wave first.

    Adds ``agreement_label`` and ``subject_label`` (current language). A reading whose wave is
    no longer in the framework is shown only when ``up_to_wave`` is None.
    """
    if isinstance(store_or_frame, pd.DataFrame):
        frame = store_or_frame
    elif isinstance(store_or_frame, Dataset):
        frame = store_or_frame["readings"]
    else:
        frame = load_readings(store_or_frame)
    frame = frame.reindex(columns=COLUMNS)
    order = {w: i for i, w in enumerate(fw.wave_ids)}
    rank = frame["wave"].map(order)
    keep = pd.Series(True, index=frame.index)
    if subject is not None:
        wanted = [subject] if isinstance(subject, str) else list(subject)
        keep &= frame["subject"].isin(wanted)
    if up_to_wave is not None:
        if up_to_wave not in order:
            expected = ", ".join(fw.wave_ids)
            raise ReadingError(t("readings.error.unknown_wave", found=up_to_wave,
                                 expected=expected), key="reading_unknown_wave", column="wave",
                               expected=expected, found=str(up_to_wave))
        keep &= rank.notna() & (rank <= order[up_to_wave])
    out = frame[keep.to_numpy()].assign(_rank=rank[keep.to_numpy()].fillna(len(order)))
    out = out.sort_values(["_rank", "recorded_at", "reading_id"], kind="stable")
    out = out.drop(columns="_rank").reset_index(drop=True)
    out["agreement_label"] = [agreement_label(a) for a in out["agreement"]]
    out["subject_label"] = [subject_label(fw, s) for s in out["subject"]]
    return out


def readings_table(readings: pd.DataFrame) -> pd.DataFrame:
    """A display table (French headings) of ``readings_for``'s result, for reports and XLSX.

    Cells are raw text: whoever writes HTML escapes them.
    """
    return pd.DataFrame({
        t("readings.col.wave"): readings["wave"].astype("str").to_numpy(),
        t("readings.col.subject"): readings["subject_label"].astype("str").to_numpy(),
        t("readings.col.agreement"): readings["agreement_label"].astype("str").to_numpy(),
        t("readings.col.interpretation"): readings["interpretation"].fillna("").to_numpy(),
        t("readings.col.action"): readings["action"].fillna("").to_numpy(),
        t("readings.col.author"): readings["author_id"].fillna("").to_numpy(),
        t("readings.col.recorded_at"): readings["recorded_at"].fillna("").to_numpy(),
    })


def readings_html(readings: pd.DataFrame) -> str:
    """Readings as an escaped HTML list (oldest wave first); every free text is escaped."""
    from html import escape

    items = []
    for row in readings.to_dict("records"):
        head = t("readings.entry_head", wave=row["wave"], agreement=row["agreement_label"],
                 date=str(row["recorded_at"] or "")[:10], author=row["author_id"] or "–")
        parts = [f"<div class='wb-reading-head'>{escape(head)}</div>"]
        for column in ("interpretation", "action"):
            text = row.get(column)
            if isinstance(text, str) and text:
                parts.append(f"<div class='wb-reading-{column}'><b>"
                             f"{escape(t('readings.' + column))} :</b> "
                             f"<span style='white-space:pre-wrap'>{escape(text)}</span></div>")
        items.append(f"<li class='wb-reading'>{''.join(parts)}</li>")
    return f"<ul class='wb-readings'>{''.join(items)}</ul>"


__all__ = ["AGREEMENTS", "ReadingError", "agreement_label", "author_id", "lesson_of",
           "load_readings", "normalise_agreement", "readings_for", "readings_html",
           "readings_table", "record_reading", "subject_choices", "subject_label",
           "validate_reading"]
