"""The meeting mode in a real browser: a meeting's Voilà (``workbench.meeting.launch``, served as
``workbench dashboard --reunion`` serves it, on loopback) on a copy of the demo store, driven by
Debian's Chromium through Playwright. Never downloads a browser.

Checks: without the meeting's code the dashboard is refused (the login page, not a kernel); a
member signs in with the code on a 360 px wide phone, gives a reading of the lesson shown, and
the page (then its later sections, shown on demand) stays within that width; a second member's
page sees the reading counted, without a distribution (one reading is under the small-cell
threshold).
"""

from __future__ import annotations

import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_browser import (
    ERROR_TEXTS,
    needs_chromium,
    served,
)

from workbench.config import Paths
from workbench.serve import meeting_command

CODE = "4821 7731"
PAGE_TIMEOUT = 120_000  # ms: two preheated kernels on a loaded machine
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def meeting(demo_home: Paths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Meeting]:
    """A meeting of two members on a copy of the demo store, served by Voilà."""
    from workbench.meeting.prepare import prepare_meeting

    home = Paths(tmp_path_factory.mktemp("meeting-home"))
    shutil.copytree(demo_home.data, home.data)
    secret = home.root / "secret.key"
    base = {k: v for k, v in os.environ.items() if k != "WORKBENCH_STORE"}
    base.update(WORKBENCH_HOME=str(home.root), WORKBENCH_SECRET_FILE=str(secret))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_HOME", str(home.root))
        mp.setenv("WORKBENCH_SECRET_FILE", str(secret))
        prepared = prepare_meeting(home, members=2, code=CODE)
    log = home.root / "voila.log"
    env = {**base, "WORKBENCH_MEETING": str(prepared.session.folder)}
    try:
        with served(lambda port: meeting_command(port, show_tracebacks=True), env, log,
                    timeout=90) as port:
            yield Meeting(port, prepared.session.folder)
    finally:
        print(log.read_text(errors="replace")[-3000:])


@dataclass(frozen=True)
class Meeting:
    port: int
    folder: Path  # the session's folder


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


def _sign_in(browser, port: int, code: str):
    """A fresh phone-sized browser context at the dashboard's address, signed in with ``code``."""
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.set_default_timeout(PAGE_TIMEOUT)
    page.goto(f"http://127.0.0.1:{port}/voila/render/copil.ipynb")
    page.fill("#code", code)
    page.click("#login_submit")
    return page


@pytest.mark.browser
@needs_chromium
def test_without_the_code_the_dashboard_is_refused(meeting: Meeting, browser) -> None:
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(f"http://127.0.0.1:{meeting.port}/voila/render/copil.ipynb", timeout=30)
    assert refused.value.code == 302 and "/login" in refused.value.headers["Location"]
    page = _sign_in(browser, meeting.port, "0000 0000")
    page.wait_for_selector("text=Code ou mot de passe incorrect.")
    assert page.locator(".widget-dropdown, .jupyter-widgets").count() == 0
    assert "/login" in page.url


@pytest.mark.browser
@needs_chromium
def test_a_reading_given_on_a_phone_is_counted_on_another_page(meeting: Meeting,
                                                              browser) -> None:
    first = _sign_in(browser, meeting.port, "4821-7731")
    form = first.locator(".wb-member-panel")
    form.locator("button", has_text="Donner ma lecture").wait_for(state="visible")
    title = form.locator("h4").first.inner_text()
    # usable at 360 px: nothing wider than the screen, the form's controls within it
    overflow = first.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than a 360 px phone"
    form.locator(".wb-member-level label", has_text="Plutôt d'accord").click()
    form.locator("textarea").fill("Phrase témoin <b>zq7731</b> du membre.")
    send = form.locator("button", has_text="Donner ma lecture")
    box = send.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    send.click()
    first.wait_for_selector("text=votre lecture de")
    first.wait_for_selector("text=Lectures reçues sur cet enseignement : 1.")
    # the form keeps the sentence sent: changing only the level later does not erase it
    assert form.locator("textarea").input_value() == "Phrase témoin <b>zq7731</b> du membre."
    # the sections after the lesson come on demand, still within the phone's width
    first.click(".wb-more-sections")
    first.wait_for_selector("text=3. La participation aux neuf étapes")
    overflow = first.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the unfolded page is {overflow} px wider than a 360 px phone"

    second = _sign_in(browser, meeting.port, CODE)
    panel = second.locator(".wb-member-panel")
    panel.locator("button", has_text="Donner ma lecture").wait_for(state="visible")
    assert panel.locator("h4").first.inner_text() == title  # the same lesson
    second.wait_for_selector("text=Lectures reçues sur cet enseignement : 1.")
    # one reading is under the threshold: counted, never distributed; a member's page never
    # receives the members' sentences
    assert panel.locator(".wb-vote").count() == 0
    assert "secret statistique" in panel.inner_text()
    text = second.inner_text("body")
    assert "zq7731" not in text
    assert not [e for e in ERROR_TEXTS if e in text], text[:2000]

    # an evaluator closes the session from their page: the open pages lose their form at the
    # next poll (every 5 s), without a click
    from workbench.meeting.session import MeetingSession

    MeetingSession.load(meeting.folder).close()
    panel.locator("text=La séance est close").wait_for(timeout=30_000)
    assert not panel.locator("button", has_text="Donner ma lecture").is_visible()
