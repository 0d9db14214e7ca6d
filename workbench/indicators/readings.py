"""The committee's readings, read back for display: selected up to a wave, labelled.

>>> readings_for(store, subject="L3", up_to_wave="T2", fw=fw)   # T0, T1 and T2 readings
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.framework import Framework
from workbench.i18n import name_of, t
from workbench.store import Dataset, Store, table_columns

AGREEMENTS: tuple[str, ...] = ("consensus", "partial", "disagreement")
COLUMNS = table_columns("readings")


class ReadingError(WorkbenchError, ValueError):
    """A reading cannot be recorded or selected (unknown wave or subject, empty text, bad
    agreement)."""

    key = "reading_invalid"


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


def load_readings(store: Store | str | Path | None = None) -> pd.DataFrame:
    """Every reading in the store (empty frame with the right columns when there is none)."""
    db = store if isinstance(store, Store) else Store(store)
    return db.read("readings")


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


__all__ = ["AGREEMENTS", "ReadingError", "agreement_label", "lesson_of", "load_readings",
           "readings_for", "readings_html", "readings_table", "subject_choices", "subject_label"]
