"""The committee's readings, read back for display: selected up to a wave, labelled; and the
distribution of the members' own readings given during a meeting (``vote_distribution``).

>>> readings_for(store, subject="L3", up_to_wave="T2", fw=fw)   # T0, T1 and T2 readings
>>> vote_distribution(store.member_readings("2026-03-12-T2"), fw)   # masked under the threshold
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.framework import Framework
from workbench.i18n import name_of, t
from workbench.privacy.suppression import MASK_REASON_KEY, suppress
from workbench.store import Dataset, Store, table_columns

AGREEMENTS: tuple[str, ...] = ("consensus", "partial", "disagreement")
COLUMNS = table_columns("readings")
MEMBER_COLUMNS = table_columns("member_readings")
# a member's agreement with the evaluators' interpretation of a lesson (1 = not at all … 5)
MEMBER_LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
# how the five levels may be grouped before they are shown, finest first: every level; the two
# disagreeing and the two agreeing levels together; everything but agreement
VOTE_LADDER: tuple[tuple[tuple[int, ...], ...], ...] = (
    ((1,), (2,), (3,), (4,), (5,)), ((1, 2), (3,), (4, 5)), ((1, 2, 3), (4, 5)))
GROUP_DISCLOSURE = "group_disclosure"
DEFAULT_MIN_CATEGORY = 3  # privacy.min_category's default (DOMAIN.md) where the framework has none
VOTE_KEYS = ["session", "wave", "subject"]
VOTE_COLUMNS = [*VOTE_KEYS, "category", "levels", "count", "share", "n", "masked", "reason"]


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


# --- the members' own readings -------------------------------------------------------------------
def member_level_label(level: int | str) -> str:
    """« Pas du tout d'accord » … « Tout à fait d'accord » (current language) for 1 … 5."""
    return t(f"meeting.level.{int(level)}")


def category_label(levels: tuple[int, ...]) -> str:
    """A level's label, or for merged levels « Pas du tout ou plutôt pas d'accord »…"""
    if len(levels) == 1:
        return member_level_label(levels[0])
    return t(f"meeting.levels.{levels[0]}-{levels[-1]}")


def latest_member_readings(frame: pd.DataFrame) -> pd.DataFrame:
    """Each member's latest reading per session and lesson (a member may change their mind)."""
    frame = frame.reindex(columns=MEMBER_COLUMNS)
    ordered = frame.sort_values("member_reading_id", kind="stable")
    latest = ordered.drop_duplicates(["session", "subject", "member_id"], keep="last")
    return latest.reset_index(drop=True)


def min_category_of(fw: Framework) -> int:
    """The framework's ``privacy.min_category`` (3 when the framework does not set one)."""
    return int(getattr(fw.privacy, "min_category", None) or DEFAULT_MIN_CATEGORY)


def vote_distribution(frame: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """The members' readings per session × wave × lesson, as published: one row per category.

    Each member counts once (their latest reading). A lesson read by fewer than
    ``fw.min_cell`` members is masked whole (``suppress``: reason ``small_cell``, no count).
    Otherwise the levels are shown at the finest grouping of ``VOTE_LADDER`` in which every
    category holds ``min_category`` members or more — no figure may let the room deduce how
    fewer than that many members (or all, or none) read the lesson —; when even the coarsest
    grouping cannot, the distribution is masked (reason ``group_disclosure``; n is shown).
    Masked rows: one per lesson, ``category`` empty, ``count``/``share`` NaN.
    """
    latest = latest_member_readings(frame)
    if latest.empty:
        return pd.DataFrame(columns=VOTE_COLUMNS)
    latest = latest.assign(level=pd.to_numeric(latest["level"], errors="coerce"))
    counts = (latest.groupby(VOTE_KEYS, sort=True)["level"]
              .apply(lambda s: [int((s == v).sum()) for v in MEMBER_LEVELS])
              .rename("counts").reset_index())
    counts["n"] = [sum(c) for c in counts["counts"]]
    cube = suppress(counts[[*VOTE_KEYS, "n"]], threshold=fw.min_cell, keys=[], additive=[])
    few = min_category_of(fw)
    rows: list[dict] = []
    for (key, per_level), small in zip(
            zip(counts[VOTE_KEYS].itertuples(index=False), counts["counts"], strict=True),
            cube["masked"].fillna(False).astype(bool), strict=True):
        n = sum(per_level)
        base = dict(zip(VOTE_KEYS, key, strict=True))
        if small:
            rows.append({**base, "category": "", "levels": (), "count": float("nan"),
                         "share": float("nan"), "n": float("nan"), "masked": True,
                         "reason": MASK_REASON_KEY})
            continue
        rung = next((r for r in VOTE_LADDER
                     if all(sum(per_level[v - 1] for v in c) >= few for c in r)), None)
        if rung is None:
            rows.append({**base, "category": "", "levels": (), "count": float("nan"),
                         "share": float("nan"), "n": float(n), "masked": True,
                         "reason": GROUP_DISCLOSURE})
            continue
        for category in rung:
            count = sum(per_level[v - 1] for v in category)
            rows.append({**base, "category": "-".join(str(v) for v in category),
                         "levels": category, "count": float(count), "share": count / n,
                         "n": float(n), "masked": False, "reason": None})
    return pd.DataFrame(rows, columns=VOTE_COLUMNS)


def votes_html(distribution: pd.DataFrame, *, received: int | None = None,
               threshold: int) -> str:
    """One session × lesson's published distribution as HTML bars (escaped text).

    ``received``: how many members have given their reading so far (said live, during the
    meeting, even under the threshold; reports leave it out)."""
    from html import escape

    parts = []
    if received is not None:
        parts.append(f"<p class='wb-votes-count'>{escape(t('meeting.received', n=received))}</p>")
    if distribution.empty:
        note = t("meeting.votes_none") if received in (None, 0) else t(
            "meeting.votes_below", k=threshold)
        return "".join(parts) + f"<p class='wb-note'>{escape(note)}</p>"
    first = distribution.iloc[0]
    if bool(first["masked"]):
        key = ("meeting.votes_below" if first["reason"] == MASK_REASON_KEY
               else "meeting.votes_disclosure")
        return "".join(parts) + f"<p class='wb-note'>{escape(t(key, k=threshold))}</p>"
    bars = []
    for row in distribution.to_dict("records"):
        pct = 100.0 * float(row["share"])
        label = category_label(tuple(row["levels"]))
        bars.append(
            "<div class='wb-vote'>"
            f"<span class='wb-vote-label'>{escape(label)}</span>"
            f"<span class='wb-vote-bar'><span style='width:{pct:.0f}%'></span></span>"
            f"<span class='wb-vote-value'>{pct:.0f} % ({int(row['count'])})</span></div>")
    n = t("meeting.votes_n", n=int(first["n"]))
    return "".join(parts) + "".join(bars) + f"<p class='wb-note'>{escape(n)}</p>"


def member_votes(data: Dataset, fw: Framework) -> pd.DataFrame:
    """Every session's published distribution of the members' readings (``vote_distribution``
    of the store's ``member_readings``: no sentence, no pseudonym)."""
    frame = data.frames.get("member_readings")
    if frame is None or frame.empty:
        return pd.DataFrame(columns=VOTE_COLUMNS)
    return vote_distribution(frame, fw)


def member_history_html(dist: pd.DataFrame, fw: Framework, *, subject: str | list[str],
                        up_to_wave: str | None = None) -> str:
    """The members' readings of ``subject`` at each past session (of ``up_to_wave`` or an
    earlier wave; every wave when None) from their published distribution ``dist``
    (``vote_distribution``: masked under the threshold), without the live count. Empty text
    when no member ever read it."""
    from html import escape

    wanted = [subject] if isinstance(subject, str) else list(subject)
    dist = dist[dist["subject"].isin(wanted)] if len(dist) else None
    if dist is None or dist.empty:
        return ""
    order = {w: i for i, w in enumerate(fw.wave_ids)}
    rank = dist["wave"].map(order)
    if up_to_wave is not None:
        dist = dist[rank.notna() & (rank <= order.get(up_to_wave, -1))]
    if dist.empty:
        return ""
    dist = dist.assign(_rank=dist["wave"].map(order).fillna(len(order)))
    parts = [f"<div class='wb-member-history'><h5 style='margin:0.6em 0 0.2em 0'>"
             f"{escape(t('meeting.history_title'))}</h5>"]
    for (_rank, session, wave, lesson), part in dist.groupby(
            ["_rank", "session", "wave", "subject"], sort=True):
        head = t("meeting.history_session", session=session, wave=wave)
        if len(wanted) > 1:
            head = f"{subject_label(fw, lesson)} — {head}"
        parts.append(f"<p style='margin:6px 0 2px 0'><b>{escape(head)}</b></p>"
                     + votes_html(part, threshold=fw.min_cell))
    return "".join(parts) + "</div>"


__all__ = [
    "AGREEMENTS",
    "MEMBER_LEVELS",
    "VOTE_LADDER",
    "ReadingError",
    "agreement_label",
    "category_label",
    "latest_member_readings",
    "lesson_of",
    "load_readings",
    "member_history_html",
    "member_level_label",
    "member_votes",
    "min_category_of",
    "readings_for",
    "readings_html",
    "readings_table",
    "subject_choices",
    "subject_label",
    "vote_distribution",
    "votes_html",
]
