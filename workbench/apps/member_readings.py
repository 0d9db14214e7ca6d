"""Each member's own reading during a COPIL meeting, beside the lesson shown on the dashboard.

The member reads the evaluators' interpretation of the lesson, says how far they agree with it
(five levels) and may add one sentence; everyone then sees how the members read it — the
distribution, masked under the threshold (``vote_distribution``) — refreshed live: at once for
whoever gives a reading, every few seconds for the others (``start_polling``), and on
« Actualiser ».

>>> panel = MemberReadingPanel(store, fw, session="2026-03-12-T2", wave="T2", subject="L3")
>>> panel.set_visitor(Visitor(login="member:code:3fa2…", role="member"))  # once the request came
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import escape, guarded, in_language, message_html, speaks
from workbench.errors import WorkbenchError
from workbench.framework import Framework
from workbench.i18n import language, name_of, t
from workbench.indicators.readings import (
    MEMBER_LEVELS,
    latest_member_readings,
    member_level_label,
    vote_distribution,
    votes_html,
)
from workbench.ingest.readings import MEMBER_PURPOSE, purpose_pseudonymiser, record_member_reading
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.store import Store

ROLES = ("member", "evaluator")
VOTE_STYLE = """<style>
.wb-member-panel{border:1px solid #cfd8e3;border-radius:6px;padding:6px 12px;margin:12px 0;
 max-width:760px;background:#fbfcfe}
.wb-interpretation{border-left:4px solid #E69F00;background:#fffaf0;padding:6px 10px;margin:4px 0}
.wb-vote{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;margin:4px 0;font-size:14px}
.wb-vote-label{flex:0 0 15em;max-width:100%}
.wb-vote-bar{flex:1 1 8em;height:14px;background:#e8edf3;border-radius:3px;overflow:hidden}
.wb-vote-bar>span{display:block;height:100%;background:#0072B2}
.wb-vote-value{flex:0 0 auto;font-variant-numeric:tabular-nums}
.wb-votes-count{font-weight:600;margin:4px 0}
.wb-sentences{list-style:none;padding:0;margin:4px 0}
.wb-sentences li{border-left:3px solid #999;padding:2px 8px;margin:4px 0;white-space:pre-wrap}
</style>"""


@dataclass(frozen=True)
class Visitor:
    """Who opened this page, as the meeting's server says (never what the page says itself):
    ``login`` is the sign-in's own id (a random id for the meeting code, the account's login),
    ``role`` ``"member"`` or ``"evaluator"``."""

    login: str
    role: str = "member"

    @property
    def is_evaluator(self) -> bool:
        return self.role == "evaluator"


class MemberReadingPanel(widgets.VBox):
    """« Votre lecture de cet enseignement » and « Lecture des membres », for one session."""

    @speaks
    def __init__(self, store: Store | str | Path | None, framework: Framework, *,
                 session: str, wave: str, subject: str | None = None,
                 interpretations: Mapping[str, str] | None = None,
                 is_open: Callable[[], bool] = lambda: True,
                 pseudonymiser: Pseudonymiser | None = None) -> None:
        self._store = store if isinstance(store, Store) else Store(store)
        self._fw, self._session, self._wave = framework, session, wave
        self._interpretations = dict(interpretations or {})
        self._is_open = is_open
        self._pseudo = pseudonymiser
        self._visitor: Visitor | None = None
        self._member_id: str | None = None
        self._readings = pd.DataFrame()
        self._drafts: dict[str, tuple[int | None, str]] = {}  # lesson → form left unsent
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None
        self.errors: list[str] = []
        self.last_id: int | None = None
        lessons = [le.id for le in framework.lessons]
        self._subject = subject if subject in lessons else lessons[0]
        self._title = widgets.HTML()
        self._interpretation = widgets.HTML()
        self._level = widgets.RadioButtons(
            options=[(member_level_label(k), k) for k in MEMBER_LEVELS], value=None,
            layout=widgets.Layout(width="auto", max_width="100%"))
        self._level.add_class("wb-member-level")
        self._comment = widgets.Textarea(
            placeholder=t("meeting.comment_placeholder"),
            layout=widgets.Layout(width="100%", max_width="640px", height="64px"))
        self._send_button = widgets.Button(description=t("meeting.send"), button_style="primary",
                                    icon="check")
        self._status = widgets.HTML()
        self._votes = widgets.HTML()
        self._refresh_button = widgets.Button(description=t("meeting.refresh"), icon="refresh")
        self._updated = widgets.HTML()
        self._sentences = widgets.HTML()
        self._guard = guarded(self._status, self.errors)
        self._send_button.on_click(in_language(self._lang, lambda _b: self._guard(self.submit)()))
        self._refresh_button.on_click(in_language(
            self._lang, lambda _b: self._guard(self.refresh)(force=True)))
        self._form = widgets.VBox([
            widgets.HTML(f"<b>{escape(t('meeting.question'))}</b>"), self._level,
            widgets.HTML(f"<b>{escape(t('meeting.comment'))}</b>"), self._comment,
            self._send_button,
            widgets.HTML(f"<p class='wb-note'>{escape(t('meeting.privacy_note'))}</p>")])
        self._form.layout.display = "none"  # shown once the visitor is known
        self._who = widgets.HTML(message_html(t("meeting.no_visitor")))
        super().__init__(children=[
            self._title, self._interpretation, self._who, self._form, self._status,
            widgets.HTML(f"<h4 style='margin:0.8em 0 0.2em 0'>"
                         f"{escape(t('meeting.distribution_title'))}</h4>"),
            self._votes, widgets.HBox([self._refresh_button, self._updated],
                                      layout=widgets.Layout(flex_flow="row wrap",
                                                            align_items="center")),
            self._sentences])
        self.add_class("wb-member-panel")
        self._show_subject()
        self.refresh(force=True)

    # --- who is reading ---------------------------------------------------------------------------
    def set_visitor(self, visitor: Visitor | None) -> None:
        """The visitor, known once the request came (a preheated page is built before)."""
        with language(self._lang):
            self._visitor = visitor
            if visitor is None:
                self._who.value = message_html(t("meeting.no_visitor"))
                self._form.layout.display = "none"
                return
            pseudo = self._pseudo or purpose_pseudonymiser(MEMBER_PURPOSE)
            self._member_id = pseudo.person_id(visitor.login)
            self._who.value = (f"<p class='wb-note'>"
                               f"{escape(t('meeting.visitor.' + visitor.role))}</p>")
            self._form.layout.display = None
            self.refresh(force=True)

    # --- following the dashboard ----------------------------------------------------------------
    def set_subject(self, subject: str, *, wave: str | None = None) -> None:
        """Follow the dashboard's lesson (the session's wave stays the one read)."""
        if subject in {le.id for le in self._fw.lessons} and subject != self._subject:
            with language(self._lang):
                self._keep_draft()
                self._subject = subject
                self._status.value = ""
                self._show_subject()
                level, comment = self._drafts.pop(subject, (None, ""))
                self._level.value, self._comment.value = level, comment
                self.refresh(force=True)

    def set_wave(self, wave: str) -> None:
        """The dashboard's wave filter does not change the session's wave: nothing to do."""

    def reload(self) -> None:
        with language(self._lang):
            self.refresh(force=True)

    @property
    def subject(self) -> str:
        return self._subject

    @property
    def votes_html(self) -> str:
        return self._votes.value

    @property
    def status_html(self) -> str:
        return self._status.value

    def fill(self, *, level: int | None, comment: str = "") -> None:
        """Fill the form (tests and demonstrations)."""
        self._level.value = level
        self._comment.value = comment

    # --- actions ---------------------------------------------------------------------------------
    def submit(self) -> int | None:
        """Record the visitor's reading of the current lesson; refresh the distribution."""
        self._status.value = ""
        if self._visitor is None:
            self._status.value = message_html(t("meeting.no_visitor"), kind="error")
            return None
        if not self._is_open():
            self._status.value = message_html(t("meeting.closed"), kind="error")
            return None
        if self._level.value is None:
            self._status.value = message_html(t("meeting.pick_level"), kind="error")
            return None
        try:
            self.last_id = record_member_reading(
                self._store, session=self._session, wave=self._wave, subject=self._subject,
                member=self._visitor.login, level=self._level.value,
                comment=self._comment.value, fw=self._fw,
                pseudonymiser=self._pseudo or purpose_pseudonymiser(MEMBER_PURPOSE))
        except WorkbenchError as exc:
            self._status.value = message_html(exc.message, kind="error")
            return None
        # the form keeps what was sent: changing only the level later keeps the sentence
        self._status.value = message_html(t("meeting.sent", lesson=self._lesson_name()))
        self.refresh(force=True)
        return self.last_id

    def refresh(self, *, force: bool = False) -> bool:
        """Read the session's readings again; redraw only what changed. Returns whether the
        readings changed (the poller calls this every few seconds)."""
        with self._lock:
            frame = self._store.member_readings(self._session)
            changed = force or not frame["member_reading_id"].equals(
                self._readings.get("member_reading_id", pd.Series(dtype="int64")))
            self._readings = frame
            if changed:
                latest = latest_member_readings(frame)
                mine = latest[latest["subject"] == self._subject]
                dist = vote_distribution(mine, self._fw)
                self._votes.value = VOTE_STYLE + votes_html(
                    dist, received=len(mine), threshold=self._fw.min_cell)
                updated = escape(t("meeting.updated", time=_now()))
                self._updated.value = f"<span class='wb-note'>{updated}</span>"
                self._show_own(mine)
                self._show_sentences(mine)
            # closed from another page: the form goes at the next poll, not at the next click
            if (changed or self._form.layout.display != "none") and not self._is_open():
                self._form.layout.display = "none"
                self._status.value = message_html(t("meeting.closed"))
            return changed

    def start_polling(self, every: float = 5.0) -> None:
        """Refresh every ``every`` seconds in the background (a widget update is sent only when
        a reading came), until ``stop_polling`` or the session is closed."""
        if self._poller is not None:
            return

        def poll() -> None:
            while not self._stop.wait(every):
                was_open = self._is_open()
                self._guard(self.refresh)()
                if not was_open:
                    return

        self._poller = threading.Thread(target=in_language(self._lang, poll), daemon=True,
                                        name="member-readings-poll")
        self._poller.start()

    def stop_polling(self) -> None:
        self._stop.set()

    # --- drawing ---------------------------------------------------------------------------------
    def _keep_draft(self) -> None:
        """The form of the lesson being left, when it differs from the reading saved for it
        (shown again on coming back to that lesson)."""
        form = (self._level.value, self._comment.value)
        latest = latest_member_readings(self._readings)
        own = latest[(latest["subject"] == self._subject)
                     & (latest["member_id"] == self._member_id)]
        saved: tuple[int | None, str] = (None, "")
        if len(own):
            comment = own["comment"].iloc[-1]
            saved = (int(own["level"].iloc[-1]), comment if isinstance(comment, str) else "")
        if form not in (saved, (None, "")):
            self._drafts[self._subject] = form

    def _lesson_name(self) -> str:
        lesson = self._fw.lesson(self._subject)
        return f"{lesson.id} · {name_of(lesson)}"

    def _show_subject(self) -> None:
        self._title.value = (f"{VOTE_STYLE}<h4 style='margin:0.6em 0 0.2em 0'>"
                             f"{escape(t('meeting.panel_title'))} — "
                             f"{escape(self._lesson_name())}</h4>")
        text = self._interpretations.get(self._subject)
        body = text if text else f"<p class='wb-note'>{escape(t('meeting.no_interpretation'))}</p>"
        self._interpretation.value = (f"<div class='wb-interpretation'><b>"
                                      f"{escape(t('meeting.interpretation_title'))}</b>{body}</div>")
        self._level.value = None
        self._comment.value = ""

    def _show_own(self, latest: pd.DataFrame) -> None:
        own = latest[latest["member_id"] == self._member_id] if self._member_id else latest[0:0]
        if own.empty:
            return
        level = int(own["level"].iloc[-1])
        if self._level.value is None:  # a form not being filled: show the reading as saved
            self._level.value = level
            comment = own["comment"].iloc[-1]
            if not self._comment.value and isinstance(comment, str):
                self._comment.value = comment
        note = t("meeting.your_reading", level=member_level_label(level))
        if not self._status.value:
            self._status.value = message_html(note)

    def _show_sentences(self, latest: pd.DataFrame) -> None:
        """The members' sentences on this lesson, for evaluators only (never sent to a member's
        page: a widget's content reaches the browser even when hidden)."""
        if self._visitor is None or not self._visitor.is_evaluator:
            self._sentences.value = ""
            return
        texts = [c for c in latest["comment"].tolist() if isinstance(c, str) and c.strip()]
        items = "".join(f"<li>{escape(c)}</li>" for c in texts)
        body = (f"<ul class='wb-sentences'>{items}</ul>" if texts
                else f"<p class='wb-note'>{escape(t('meeting.sentences_none'))}</p>")
        self._sentences.value = (f"<h5 style='margin:0.6em 0 0.2em 0'>"
                                 f"{escape(t('meeting.sentences_title'))}</h5>{body}")


def _now() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")
