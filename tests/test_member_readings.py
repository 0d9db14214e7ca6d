"""Each member's own reading during a meeting: the store's table, recording (validation, a
pseudonym of its own purpose), the published distribution (checked against hand counts), the
history shown at the next wave and the widget panel."""

from __future__ import annotations

import contextlib
import math
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from workbench.apps.member_readings import MemberReadingPanel, Visitor
from workbench.framework import load_framework
from workbench.indicators.readings import (
    ReadingError,
    member_history_html,
    vote_distribution,
    votes_html,
)
from workbench.ingest.readings import (
    MEMBER_PURPOSE,
    purpose_pseudonymiser,
    record_member_reading,
)
from workbench.privacy import Pseudonymiser
from workbench.store import Store

SESSION = "2026-03-12-T2"


@pytest.fixture
def fw():
    return load_framework()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "workbench.sqlite").initialise()


def votes(levels: list[int], *, subject: str = "L1", session: str = SESSION, wave: str = "T2",
          start: int = 0) -> pd.DataFrame:
    """One reading per member (``m0``, ``m1``…) at the given levels."""
    return pd.DataFrame([
        {"member_reading_id": start + i, "session": session, "wave": wave, "subject": subject,
         "member_id": f"m{i}", "level": level, "comment": None, "recorded_at": "x"}
        for i, level in enumerate(levels)])


# --- the store
def test_store_appends_and_reads_one_session(store: Store) -> None:
    first = store.append_member_reading({"session": "a", "wave": "T1", "subject": "L1",
                                         "member_id": "p_1", "level": 4, "comment": "oui"})
    store.append_member_reading({"session": "b", "wave": "T2", "subject": "L1",
                                 "member_id": "p_1", "level": 2, "comment": None})
    assert first == 1
    only_a = store.member_readings("a")
    assert list(only_a["session"]) == ["a"] and int(only_a["level"].iloc[0]) == 4
    assert only_a["recorded_at"].iloc[0].endswith("+00:00")
    assert len(store.member_readings()) == 2


def test_a_store_of_the_previous_revision_gets_the_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    Store(path).initialise()
    with contextlib.closing(sqlite3.connect(path)) as con:  # as revision 0003 left it
        con.execute("DROP TABLE member_readings")
        con.execute("UPDATE alembic_version SET version_num = '0003'")
        con.commit()
    store = Store(path)
    assert store.member_readings().empty  # upgraded on reading: an empty frame, no error
    store.append_member_reading({"session": "s", "wave": "T1", "subject": "L2",
                                 "member_id": "p", "level": 3})
    assert len(store.member_readings("s")) == 1


# --- recording
def test_recording_stores_a_pseudonym_of_its_own_purpose(store: Store, fw) -> None:
    login = "member:account:camille.m"
    record_member_reading(store, session=SESSION, wave="T2", subject="L3", member=login,
                          level="4", comment="  Plutôt vrai pour les élus.  ", fw=fw)
    row = store.member_readings(SESSION).iloc[0]
    assert row["member_id"] == purpose_pseudonymiser(MEMBER_PURPOSE).person_id(login)
    assert row["member_id"] != Pseudonymiser().person_id(login)  # not a respondent's id
    assert (int(row["level"]), row["comment"]) == (4, "Plutôt vrai pour les élus.")
    with contextlib.closing(sqlite3.connect(store.path)) as con:
        assert "camille" not in "\n".join(con.iterdump())


def test_purposes_never_share_ids() -> None:
    secret = b"s" * 32
    a = purpose_pseudonymiser("members", secret).person_id("x y")
    b = purpose_pseudonymiser("coders", secret).person_id("x y")
    assert len({a, b, Pseudonymiser(secret).person_id("x y")}) == 3
    assert a == purpose_pseudonymiser("members", secret).person_id("y x")  # stable


@pytest.mark.parametrize(("fields", "key"), [
    ({"level": 6}, "member_reading_bad_level"),
    ({"level": "beaucoup"}, "member_reading_bad_level"),
    ({"level": None}, "member_reading_bad_level"),
    ({"subject": "L1-elus-cibles"}, "member_reading_unknown_lesson"),  # an indicator: no
    ({"wave": "T9"}, "reading_unknown_wave"),
    ({"session": " "}, "member_reading_no_session"),
    ({"member": ""}, "member_reading_no_member"),
    ({"comment": "x" * 601}, "reading_too_long"),
])
def test_a_bad_reading_is_refused_in_french_and_nothing_is_written(store: Store, fw, fields,
                                                                   key) -> None:
    given = {"session": SESSION, "wave": "T2", "subject": "L1", "member": "m", "level": 3,
             "comment": None, **fields}
    with pytest.raises(ReadingError) as caught:
        record_member_reading(store, fw=fw, **given)
    assert caught.value.key == key
    assert caught.value.message[:1].isupper()  # a French sentence, not a repr
    assert store.member_readings().empty


# --- the published distribution
def _shown(dist: pd.DataFrame) -> dict[str, int]:
    return {row["category"]: int(row["count"]) for row in dist.to_dict("records")}


def test_under_the_threshold_nothing_is_shown_not_even_n(fw) -> None:
    dist = vote_distribution(votes([5, 4, 4, 3, 2, 1, 5, 4, 3, 3]), fw)  # 10 < 11
    assert len(dist) == 1 and bool(dist["masked"].iloc[0])
    assert dist["reason"].iloc[0] == "small_cell" and math.isnan(dist["n"].iloc[0])


def test_every_level_shown_when_each_holds_three_members(fw) -> None:
    dist = vote_distribution(votes([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5]), fw)
    assert _shown(dist) == {"1": 3, "2": 3, "3": 3, "4": 3, "5": 3}
    assert dist["share"].tolist() == pytest.approx([0.2] * 5)
    assert set(dist["n"]) == {15.0}


def test_small_levels_are_merged_by_hand_count(fw) -> None:
    # 1:2 2:2 3:3 4:3 5:2 -> the ends merged: (1,2)=4, (3)=3, (4,5)=5
    dist = vote_distribution(votes([1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5]), fw)
    assert _shown(dist) == {"1-2": 4, "3": 3, "4-5": 5}
    assert dist["share"].tolist() == pytest.approx([4 / 12, 3 / 12, 5 / 12])
    # 1:1 2:1 3:1 4:5 5:4 -> (1,2)=2 is too small: everything but agreement (3) vs agreement (9)
    dist = vote_distribution(votes([1, 2, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5]), fw)
    assert _shown(dist) == {"1-2-3": 3, "4-5": 9}


def test_a_unanimous_room_is_not_shown(fw) -> None:
    dist = vote_distribution(votes([5] * 9 + [4] * 3), fw)  # nobody below agreement
    assert bool(dist["masked"].iloc[0]) and dist["reason"].iloc[0] == "group_disclosure"
    assert dist["n"].iloc[0] == 12  # the number of readings is not a secret


def test_each_member_counts_once_with_their_latest_reading(fw) -> None:
    frame = votes([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
    changed = frame.iloc[[0]].assign(member_reading_id=99, level=5)  # m0: 1 -> 5
    dist = vote_distribution(pd.concat([frame, changed]), fw)
    assert int(dist["n"].iloc[0]) == 12
    # 1:2 2:3 3:3 4:3 5:1 -> (1,2)=5, (3)=3, (4,5)=4
    assert _shown(dist) == {"1-2": 5, "3": 3, "4-5": 4}


def test_sessions_and_lessons_are_counted_apart(fw) -> None:
    frame = pd.concat([votes([4] * 6 + [2] * 6, subject="L1"),
                       votes([3] * 12, subject="L2", start=100),
                       votes([4] * 6 + [2] * 6, session="other", start=200)])
    dist = vote_distribution(frame, fw)
    assert sorted({(s, lesson) for s, lesson in zip(dist["session"], dist["subject"],
                                                    strict=True)}) == [
        (SESSION, "L1"), (SESSION, "L2"), ("other", "L1")]


def test_threshold_follows_the_framework(fw) -> None:
    lowered = fw.model_copy(update={"privacy": fw.privacy.model_copy(
        update={"min_cell": 5, "reason": "petit comité"})})
    dist = vote_distribution(votes([1, 1, 1, 5, 5, 5]), lowered)
    assert _shown(dist) == {"1-2-3": 3, "4-5": 3}


def test_votes_html_escapes_and_says_why_nothing_is_shown(fw) -> None:
    dist = vote_distribution(votes([4] * 4), fw)
    text = votes_html(dist, received=4, threshold=11)
    assert "Lectures reçues sur cet enseignement : 4." in text
    assert "à partir de 11 lectures" in text and "%" not in text
    shown = votes_html(vote_distribution(votes([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5]),
                                         fw), threshold=11)
    assert shown.count("class='wb-vote'") == 5 and "20 % (3)" in shown


def test_history_shows_past_sessions_without_the_live_count(fw) -> None:
    frame = pd.concat([votes([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], wave="T1", session="s1"),
                       votes([4] * 5, wave="T2", session="s2", start=100)])
    frame = vote_distribution(frame, fw)   # what is published
    at_t1 = member_history_html(frame, fw, subject="L1", up_to_wave="T1")
    assert "Séance s1 (vague T1)" in at_t1 and "s2" not in at_t1
    at_t2 = member_history_html(frame, fw, subject="L1", up_to_wave="T2")
    assert "Séance s2 (vague T2)" in at_t2 and "Lectures reçues" not in at_t2
    assert member_history_html(frame, fw, subject="L5") == ""


def test_report_shows_the_members_readings_beside_the_committees_without_sentences(fw) -> None:
    from conftest_publication import hand_publication

    from workbench.indicators.readings import member_votes
    from workbench.report.context import ReportContext
    from workbench.report.evidence import readings_block
    from workbench.store import Dataset

    def report(frame: pd.DataFrame) -> str:
        published = member_votes(Dataset({"member_readings": frame}), fw)
        assert "comment" not in published and "member_id" not in published
        return readings_block(ReportContext(fw=fw, pub=hand_publication(
            fw, member_votes=published, readings=pd.DataFrame()), qpv="*"), "L1")

    frame = votes([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
    frame.loc[0, "comment"] = "Phrase d'un membre <i>zq42</i>"
    block = report(frame)
    assert "Séance 2026-03-12-T2 (vague T2)" in block and "25 % (3)" in block
    assert "zq42" not in block and "Lectures reçues" not in block
    few = report(votes([4, 5]))
    assert f"à partir de {fw.min_cell} lectures" in few and "%" not in few


# --- the panel
def _panel(store: Store, fw, login: str | None, **kw) -> MemberReadingPanel:
    panel = MemberReadingPanel(store, fw, session=SESSION, wave="T2", subject="L2", **kw)
    if login is not None:
        panel.set_visitor(Visitor(login=login, role=kw.pop("role", "member")))
    return panel


def test_panel_records_a_reading_and_another_page_counts_it(store: Store, fw) -> None:
    first, second = _panel(store, fw, "member:code:a"), _panel(store, fw, "member:code:b")
    first.fill(level=4, comment="<script>x</script>")
    assert first.submit() is not None
    assert "Lectures reçues sur cet enseignement : 1." in first.votes_html
    assert second.refresh() is True  # the other page sees it at its next poll
    assert "Lectures reçues sur cet enseignement : 1." in second.votes_html
    assert second.refresh() is False  # nothing new: no widget update is sent
    first.fill(level=2)  # a member changes their mind: still one reading
    first.submit()
    second.refresh()
    assert "Lectures reçues sur cet enseignement : 1." in second.votes_html


def test_panel_without_visitor_or_level_or_once_closed_records_nothing(store: Store, fw) -> None:
    anonymous = _panel(store, fw, None)
    anonymous.fill(level=3)
    assert anonymous.submit() is None and "connexion de la réunion" in anonymous.status_html
    member = _panel(store, fw, "member:code:c")
    assert member.submit() is None and "abord votre niveau" in member.status_html
    open_now = [True]
    closing = _panel(store, fw, "member:code:d", is_open=lambda: open_now[0])
    open_now[0] = False
    closing.fill(level=5)
    assert closing.submit() is None and "séance est close" in closing.status_html
    assert store.member_readings().empty


def test_distribution_appears_from_the_threshold_and_sentences_reach_evaluators_only(
        store: Store, fw) -> None:
    levels = [1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4]  # shown as (1, 2, 3) = 8 and (4, 5) = 3
    for i, level in enumerate(levels):
        page = _panel(store, fw, f"member:code:{i}")
        page.fill(level=level, comment=f"phrase {i} <b>")
        page.submit()
    member = _panel(store, fw, "member:code:z")
    assert member.votes_html.count("class='wb-vote'") == 2 and "73 % (8)" in member.votes_html
    assert "phrase" not in member._sentences.value
    evaluator = MemberReadingPanel(store, fw, session=SESSION, wave="T2", subject="L2")
    evaluator.set_visitor(Visitor(login="evaluator:code:e", role="evaluator"))
    assert "phrase 3 &lt;b&gt;" in evaluator._sentences.value
    evaluator.set_subject("L4")
    assert "Aucune phrase" in evaluator._sentences.value


def test_the_form_keeps_the_sentence_sent_and_a_new_page_shows_it(store: Store, fw) -> None:
    page = _panel(store, fw, "member:code:k")
    page.fill(level=4, comment="Les élus sont plus présents.")
    page.submit()
    page._level.value = 5  # the member changes only the level, and sends again
    page.submit()
    latest = store.member_readings(SESSION).iloc[-1]
    assert int(latest["level"]) == 5 and latest["comment"] == "Les élus sont plus présents."
    again = _panel(store, fw, "member:code:k")  # the same sign-in reloads the page
    assert (again._level.value, again._comment.value) == (5, "Les élus sont plus présents.")
    other = _panel(store, fw, "member:code:l")  # nobody else's sentence is put in their form
    assert (other._level.value, other._comment.value) == (None, "")


def test_a_form_left_for_another_lesson_is_there_on_coming_back(store: Store, fw) -> None:
    page = _panel(store, fw, "member:code:m")
    page.fill(level=2, comment="À moitié écrit")
    page.set_subject("L3")
    assert (page._level.value, page._comment.value) == (None, "")
    page.set_subject("L2")
    assert (page._level.value, page._comment.value) == (2, "À moitié écrit")
    assert store.member_readings().empty  # nothing was sent


def test_a_page_hides_its_form_at_the_next_poll_once_the_session_is_closed(store: Store,
                                                                           fw) -> None:
    open_now = [True]
    page = _panel(store, fw, "member:code:n", is_open=lambda: open_now[0])
    assert page._form.layout.display is None
    open_now[0] = False  # an evaluator closed it from their page; no reading came since
    assert page.refresh() is False
    assert page._form.layout.display == "none" and "séance est close" in page.status_html
