"""The meeting mode without a browser: sessions, accounts, the login's decisions, the page a
kernel builds for a member or an evaluator, the command line, and the reverse proxy's
configuration started with Caddy in front of a small upstream."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import ssl
import stat
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from workbench.config import Paths
from workbench.meeting.accounts import (
    AccountError,
    accounts_path,
    add_account,
    check_account,
    list_accounts,
    remove_account,
)
from workbench.meeting.session import (
    VISITOR_ENV,
    MeetingSession,
    open_session,
    visitor_from_environment,
    visitor_header,
)

DAY = dt.date(2026, 3, 12)


# --- sessions
def test_a_session_is_resumed_while_open_and_a_new_one_follows_a_closed_one(home: Paths) -> None:
    first = open_session(home, wave="T2", members=20, framework=home.framework, today=DAY)
    assert first.id == "2026-03-12-T2" and first.is_open()
    again = open_session(home, wave="T2", members=30, framework=home.framework, today=DAY)
    assert again.id == first.id and MeetingSession.load(first.folder).members == 30
    closed_at = MeetingSession.load(first.folder).close()  # another page closes it
    assert not first.is_open() and first.closed_at == closed_at
    after = open_session(home, wave="T2", members=30, framework=home.framework, today=DAY)
    assert after.id == "2026-03-12-T2-2" and after.is_open()


def test_server_settings_are_private_and_hold_no_code_in_clear(home: Paths) -> None:
    from workbench.meeting.prepare import prepare_meeting

    (home.store).parent.mkdir(parents=True, exist_ok=True)
    from workbench.store import Store

    Store(home.store).initialise()
    prepared = prepare_meeting(home, members=25, code="4821-7731")
    folder = prepared.session.folder
    server = folder / "server.json"
    assert stat.S_IMODE(server.stat().st_mode) == 0o600
    text = server.read_text()
    assert "4821" not in text and prepared.evaluator_code not in text
    settings = json.loads(text)
    from jupyter_server.auth.security import passwd_check

    assert passwd_check(settings["member_code_hash"], "48217731")
    assert settings["pool_size"] == 25 and len(settings["cookie_secret"]) == 64
    assert set(prepared.session.interpretations()) == {f"L{i}" for i in range(1, 8)}
    # a restart keeps the cookie key: members already signed in stay signed in
    again = prepare_meeting(home, members=25)
    assert again.session.id == prepared.session.id
    assert again.session.server_settings()["cookie_secret"] == settings["cookie_secret"]
    assert again.member_code != "4821 7731"


def test_a_meeting_needs_data_a_known_wave_and_a_real_code(home: Paths) -> None:
    from workbench.meeting.prepare import MeetingError, prepare_meeting

    with pytest.raises(MeetingError) as caught:
        prepare_meeting(home, members=20)
    assert caught.value.key == "meeting_no_store"
    from workbench.store import Store

    Store(home.store).initialise()
    for kwargs, key in (({"members": 0}, "meeting_bad_members"),
                        ({"members": 5, "wave": "T7"}, "reading_unknown_wave"),
                        ({"members": 5, "code": "12-3"}, "meeting_short_code")):
        with pytest.raises(MeetingError) as caught:
            prepare_meeting(home, **kwargs)
        assert caught.value.key == key


def test_visitor_comes_from_the_server_header_only() -> None:
    header = visitor_header("evaluator:account:camille.m", "evaluator")
    visitor = visitor_from_environment({VISITOR_ENV: header})
    assert visitor is not None and visitor.is_evaluator and visitor.login.endswith("camille.m")
    assert visitor_from_environment({}) is None
    assert visitor_from_environment({VISITOR_ENV: "not json"}) is None
    assert visitor_from_environment({VISITOR_ENV: visitor_header("x", "admin")}) is None


# --- accounts
def test_accounts_keep_only_a_hash_in_a_private_file(home: Paths) -> None:
    add_account(home, "camille.m", "un long mot de passe", role="evaluator")
    add_account(home, "elu-3", "un autre mot de passe")
    path = accounts_path(home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "long mot" not in path.read_text()
    assert list_accounts(home) == [("camille.m", "evaluator"), ("elu-3", "member")]
    assert check_account(path, "camille.m", "un long mot de passe") == "evaluator"
    assert check_account(path, "camille.m", "mauvais") is None
    assert check_account(path, "inconnu", "un long mot de passe") is None
    remove_account(home, "elu-3")
    assert check_account(path, "elu-3", "un autre mot de passe") is None
    for login, password, key in (("a", "un long mot de passe", "account_bad_login"),
                                 ("x y", "un long mot de passe", "account_bad_login"),
                                 ("valide", "court", "account_short_password")):
        with pytest.raises(AccountError) as caught:
            add_account(home, login, password)
        assert caught.value.key == key


def test_cli_adds_an_account_from_stdin(home: Paths) -> None:
    env = {**os.environ, "WORKBENCH_HOME": str(home.root)}
    exe = str(Path(os.sys.executable).with_name("workbench"))
    done = subprocess.run([exe, "account", "add", "dominique", "--role", "evaluator",
                           "--password-stdin"], input="mot de passe assez long\n", env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Compte « dominique » enregistré (évaluateur·rice)." in done.stdout
    listed = subprocess.run([exe, "account", "list"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert "dominique\tévaluateur·rice" in listed.stdout


# --- the login's decisions
class _Form:
    """What the login handler reads of a POST."""

    def __init__(self, **fields: str) -> None:
        self.fields = fields

    def get_argument(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)


def test_codes_and_accounts_give_their_role(home: Paths) -> None:
    from jupyter_server.auth.security import passwd

    from workbench.meeting.auth import MeetingIdentityProvider, normalise_code

    add_account(home, "camille.m", "un long mot de passe", role="evaluator")
    provider = MeetingIdentityProvider(
        member_code_hash=passwd(normalise_code("4821 7731")),
        evaluator_code_hash=passwd(normalise_code("k7m2-q9xa-3f8d")),
        accounts_file=str(accounts_path(home)))
    member = provider.process_login_form(_Form(code=" 4821-7731 "))
    assert member is not None and provider.role_of(member) == "member"
    other = provider.process_login_form(_Form(code="48217731"))
    assert other.username != member.username  # two code logins are two members
    evaluator = provider.process_login_form(_Form(code="K7M2 Q9XA 3F8D"))
    assert provider.role_of(evaluator) == "evaluator"
    account = provider.process_login_form(_Form(login="camille.m", code="un long mot de passe"))
    assert account.username == "evaluator:account:camille.m"
    assert provider.process_login_form(_Form(code="0000 0000")) is None
    assert provider.process_login_form(_Form(code="")) is None
    # the members' code with a login is not an account's password
    assert provider.process_login_form(_Form(login="camille.m", code="48217731")) is None


def test_failed_logins_are_limited_per_client() -> None:
    from workbench.meeting.auth import MeetingIdentityProvider

    provider = MeetingIdentityProvider(max_failures=3)
    for _ in range(3):
        assert not provider.throttled("10.0.0.7")
        provider.record_failure("10.0.0.7")
    assert provider.throttled("10.0.0.7") and not provider.throttled("10.0.0.8")


def test_login_page_is_french_and_escapes_its_message() -> None:
    from workbench.meeting.auth import login_page

    page = login_page(lang="fr", action="/login?next=/x", xsrf="", message="<b>non</b>",
                      error=True)
    assert 'lang="fr"' in page and "Code de la réunion" in page and "&lt;b&gt;non" in page
    assert 'name="viewport"' in page
    english = login_page(lang="en", action="/login", xsrf="")
    assert "Meeting code" in english


# --- the page a kernel builds
def test_outside_a_meeting_the_notebook_shows_the_dashboard(demo_home: Paths, monkeypatch
                                                            ) -> None:
    from workbench.apps import CopilDashboard
    from workbench.meeting import copil_page

    monkeypatch.setenv("WORKBENCH_HOME", str(demo_home.root))
    monkeypatch.delenv("WORKBENCH_MEETING", raising=False)
    assert isinstance(copil_page(), CopilDashboard)


def test_meeting_page_for_a_member_then_an_evaluator(demo_home: Paths, tmp_path: Path,
                                                     monkeypatch) -> None:
    from workbench.meeting import MeetingPage, copil_page
    from workbench.meeting.prepare import prepare_meeting

    home = Paths(tmp_path)
    shutil.copytree(demo_home.data, home.data)
    monkeypatch.setenv("WORKBENCH_HOME", str(home.root))
    prepared = prepare_meeting(home, members=3)
    monkeypatch.setenv("WORKBENCH_MEETING", str(prepared.session.folder))
    monkeypatch.delenv(VISITOR_ENV, raising=False)
    # the kernels load the publication written when the meeting was prepared, not the store
    assert Path(prepared.session.publication).is_file()

    def no_raw_store(*_args, **_kwargs):
        raise AssertionError("a meeting kernel loaded the raw store")

    monkeypatch.setattr("workbench.store.Store.load_dataset", no_raw_store)
    page = copil_page()
    assert isinstance(page, MeetingPage)
    assert page.readings is None and page.dashboard.errors == []  # nothing before the request
    monkeypatch.setenv(VISITOR_ENV, visitor_header("member:code:abc", "member"))
    page.refresh_live()
    page.members.stop_polling()
    assert page.visitor.role == "member"
    assert page.readings is not None and page.readings._editable is False
    assert page.bar_html == ""  # no closing button on a member's page
    # the sections after the lesson wait behind one button (a short page on a phone)
    folded = page.dashboard.children
    button = folded[-1]
    assert "Afficher la suite" in button.description
    assert any(page.members in getattr(c, "children", ()) for c in folded)
    page.show_later_sections()
    unfolded = page.dashboard.children
    assert all(c is not button for c in unfolded) and len(unfolded) > len(folded)
    assert "La participation aux neuf étapes" in "".join(
        getattr(c, "value", "") for c in unfolded[len(folded) - 1:])
    page.members.fill(level=4)
    assert page.members.submit() is not None
    page.dashboard.set_filters(lesson="L3")
    assert page.members.subject == "L3" and page.readings.subject == "L3"

    evaluator = MeetingPage.for_session(prepared.session)
    monkeypatch.setenv(VISITOR_ENV, visitor_header("evaluator:code:e", "evaluator"))
    evaluator.refresh_live()
    evaluator.members.stop_polling()
    assert evaluator.readings._editable is True
    # the evaluator signed in: the committee's reading needs no name typed
    evaluator.readings.fill(interpretation="Lecture du comité", agreement="consensus")
    assert evaluator.readings.save() is not None, evaluator.readings.status_html
    evaluator.close_session()  # asks first, and can be cancelled
    assert prepared.session.is_open() and "Annuler" in [
        b.description for b in evaluator._evaluator.children if hasattr(b, "description")]
    evaluator.cancel_close()
    assert "Confirmer" not in evaluator._close.description and prepared.session.is_open()
    evaluator.close_session()
    assert prepared.session.is_open()
    evaluator.close_session()
    assert not prepared.session.is_open() and "Séance close" in evaluator.bar_html
    page.members.fill(level=1)
    assert page.members.submit() is None and "séance est close" in page.members.status_html


# --- the reverse proxy
CADDY = shutil.which("caddy")


class _Echo(BaseHTTPRequestHandler):
    """An upstream that answers with the headers it received."""

    def do_GET(self) -> None:
        body = json.dumps({"path": self.path, "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(CADDY is None, reason="caddy absent: the reverse proxy's test needs Debian's "
                    "caddy (apt-get install -y caddy; .ci/run installs it)")
def test_caddyfile_starts_and_proxies_over_https(tmp_path: Path) -> None:
    from workbench.serve import caddy_command, caddy_env

    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    https_port, http_port = _free_port(), _free_port()
    data = tmp_path / "caddy"
    env = caddy_env(site="127.0.0.1", https_port=https_port, http_port=http_port,
                    upstream=f"127.0.0.1:{upstream.server_port}", data=data)
    log = (tmp_path / "caddy.log").open("w")
    process = subprocess.Popen(caddy_command(), env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        root = data / "pki" / "authorities" / "local" / "root.crt"
        context = None
        deadline = time.monotonic() + 60
        while context is None:
            assert process.poll() is None, (tmp_path / "caddy.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "Caddy did not serve HTTPS within 60 s"
            try:
                candidate = ssl.create_default_context(cafile=str(root))
                request = urllib.request.Request(f"https://127.0.0.1:{https_port}/voila/x",
                                                 headers={"X-Workbench-Visitor": "forged"})
                with urllib.request.urlopen(request, context=candidate, timeout=5) as answer:
                    echoed = json.loads(answer.read())
                context = candidate
            except (OSError, ssl.SSLError):
                time.sleep(0.3)
        # the certificate chains to Caddy's own authority (verified above), the request reached
        # the upstream without the client's visitor header, with the client's address forwarded
        headers = {k.lower(): v for k, v in echoed["headers"].items()}
        assert echoed["path"] == "/voila/x" and "x-workbench-visitor" not in headers
        assert headers["x-forwarded-proto"] == "https" and headers["x-forwarded-for"]
        with pytest.raises(urllib.error.HTTPError) as closed:
            urllib.request.urlopen(f"https://127.0.0.1:{https_port}/voila/query/abc",
                                   context=context, timeout=5)
        assert closed.value.code == 404  # the preheated kernels' route stays inside
        plain = urllib.request.Request(f"http://127.0.0.1:{http_port}/voila/x", method="GET")
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirected:
            opener.open(plain, timeout=5)
        assert redirected.value.code in (301, 308)
        assert redirected.value.headers["Location"].startswith("https://")
    finally:
        process.terminate()
        process.wait(timeout=15)
        upstream.shutdown()
        log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None
