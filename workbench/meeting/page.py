"""What a dashboard kernel shows: the COPIL dashboard, and during a meeting each member's reading.

``copil.ipynb`` calls ``copil_page()``, then ``wait_for_request()`` (``visit``: a preheated
kernel stops there until its visitor arrives), then ``page.refresh_live()``. Outside a meeting
the page is the dashboard read from the store, as ``make dashboard`` has always served it. In a
meeting (``WORKBENCH_MEETING``) it is a ``MeetingPage``: the dashboard built without any form,
plus — once the visitor is known — their reading form beside the lesson, the live distribution, the
committee's readings (a form for evaluators, the history for members) and, for evaluators, the
button that closes the session. Nothing meant for evaluators is put in a member's page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from workbench.apps.copil.dashboard import CopilDashboard
from workbench.apps.display import guarded, in_language, message_html, speaks
from workbench.apps.member_readings import MemberReadingPanel, Visitor
from workbench.apps.readings import ReadingPanel
from workbench.framework import Framework, load_framework
from workbench.i18n import language, resolve_language, t
from workbench.meeting.session import MeetingSession, visitor_from_environment
from workbench.store import Store

if TYPE_CHECKING:
    from workbench.publication import Publication

POLL_SECONDS = 5.0


def copil_page(*, lang: str | None = None) -> Any:
    """The page ``copil.ipynb`` shows: a ``MeetingPage`` during a meeting, else the dashboard
    read from the store (``CopilDashboard.from_store``). Both have ``refresh_live()``."""
    session = MeetingSession.current()
    if session is None:
        return CopilDashboard.from_store(lang=lang)
    return MeetingPage.for_session(session, lang=lang)


def meeting_publication(session: MeetingSession) -> Publication:
    """What a meeting's kernels show — the one place that says where its figures come from: the
    publication written when the meeting was prepared (``session.publication``: masked, audited
    cubes; no raw store loaded, nothing reachable that was not published), each table read when
    first shown. A session prepared without one reads the store's."""
    from workbench.publication import Publication, publication_for

    if session.publication and Path(session.publication).is_file():
        _arrow_uses_malloc()
        return Publication.load(session.publication, read_later=True)
    return publication_for(Store(session.store), load_framework(session.framework))


def _arrow_uses_malloc() -> None:
    """Read the publication's Parquet tables with the C library's allocator: Arrow's default
    pool (mimalloc) keeps what it freed after reading, 16 MiB more in each of a meeting's
    kernels (measured on the demo's publication)."""
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


class MeetingPage(widgets.VBox):
    """The dashboard of one meeting, with the members' readings."""

    @speaks
    def __init__(self, session: MeetingSession, dashboard: CopilDashboard,
                 framework: Framework, store: Store) -> None:
        self._session, self._dashboard = session, dashboard
        self._fw, self._store = framework, store
        self.errors: list[str] = []
        self.visitor: Visitor | None = None
        self._members = MemberReadingPanel(
            store, framework, session=session.id, wave=session.wave,
            interpretations=session.interpretations(), is_open=session.is_open, lang=self._lang)
        dashboard.attach(self._members)
        self._readings: ReadingPanel | None = None
        self._bar = widgets.HTML()
        self._close = widgets.Button(description=t("meeting.close"), icon="lock",
                                     button_style="warning")
        self._close.on_click(in_language(self._lang, lambda _b: self._guard(self.close_session)()))
        self._cancel = widgets.Button(description=t("meeting.close_cancel"), icon="times")
        self._cancel.on_click(in_language(self._lang, lambda _b: self.cancel_close()))
        self._guard = guarded(self._bar, self.errors)
        self._evaluator = widgets.VBox([])
        self._evaluator.add_class("wb-evaluator-bar")
        super().__init__(children=[self._evaluator, dashboard])
        self.add_class("wb-meeting")

    @classmethod
    def for_session(cls, session: MeetingSession, *, lang: str | None = None) -> MeetingPage:
        """Build the page of ``session``'s kernels (once, before the visitor arrives)."""
        pub = meeting_publication(session)
        fw = pub.fw  # the framework its figures were computed with (not parsed twice)
        lang = resolve_language(lang or session.lang, fw.language)
        # without any form (``store=None``); the sections after the lesson behind one button: a
        # short page on a phone and a light kernel (their tables are read and their figures
        # drawn only once asked for)
        dashboard = CopilDashboard(pub, store=None, fold_sections=True, lang=lang)
        return cls(session, dashboard, fw, Store(session.store), lang=lang)

    def show_later_sections(self) -> None:
        """Show the dashboard's sections after the lesson (folded: ``for_session``)."""
        self._dashboard.show_later_sections()

    # --- once the visitor is known ----------------------------------------------------------------
    def refresh_live(self) -> None:
        """Who the visitor is (the server says it), then what changed since the page was built:
        their form, the committee's readings (a form for evaluators), the live distribution."""
        with language(self._lang):
            self.visitor = visitor_from_environment()
            self._members.set_visitor(self.visitor)
            evaluator = self.visitor is not None and self.visitor.is_evaluator
            if self._readings is None:
                self._readings = ReadingPanel(
                    self._store, self._fw, wave=self._session.wave, lang=self._lang,
                    subject=self._dashboard.filters["lesson"], editable=evaluator,
                    live_session=self._session.id,
                    author=self.visitor.login if evaluator else None)
                self._dashboard.attach(self._readings)
            if evaluator:
                self._show_evaluator_bar()
            self._dashboard.refresh_live()
            self._members.start_polling(POLL_SECONDS)

    def _show_evaluator_bar(self) -> None:
        if self._session.is_open():
            self._bar.value = message_html(t("meeting.close_ask"))
            self._evaluator.children = (self._bar, self._close)
        else:
            self._closed_note()

    def close_session(self) -> None:
        """Close the session (evaluators only): first click asks, the second closes."""
        if self.visitor is None or not self.visitor.is_evaluator:
            return
        if self._close.description != t("meeting.close_confirm"):
            self._close.description = t("meeting.close_confirm")
            self._close.button_style = "danger"
            self._evaluator.children = (self._bar, self._close, self._cancel)
            return
        self._session.close()
        self._closed_note()
        self._members.reload()

    def cancel_close(self) -> None:
        """The evaluator changed their mind after the first click: the session stays open."""
        self._close.description = t("meeting.close")
        self._close.button_style = "warning"
        self._evaluator.children = (self._bar, self._close)

    def _closed_note(self) -> None:
        when = str(self._session.closed_at or "").replace("T", " ")[:16]
        self._bar.value = message_html(t("meeting.closed_at", time=when))
        self._evaluator.children = (self._bar,)

    # --- for tests ------------------------------------------------------------------------------
    @property
    def dashboard(self) -> CopilDashboard:
        return self._dashboard

    @property
    def members(self) -> MemberReadingPanel:
        return self._members

    @property
    def readings(self) -> ReadingPanel | None:
        return self._readings

    @property
    def bar_html(self) -> str:
        return self._bar.value
