"""Who may open the meeting's dashboard: the meeting code, the evaluators' code or an account.

A jupyter_server 2 ``IdentityProvider`` for Voilà (server side only, never in a kernel):

* ``/login`` is a French form (« Identifiant » optional, « Code de la réunion ou mot de passe »):
  without a login, the members' code gives the role ``member`` and the evaluators' code the
  role ``evaluator``; with a login, the account's password gives the account's role. Codes are
  compared with their argon2 hashes, off the event loop (forty logins at once do not freeze
  the pages). Failed attempts are limited per client (``max_failures`` a minute, then 429).
* The user lives in jupyter_server's signed login cookie: its username is
  ``<role>:<code|account>:<id>`` — a random id per code login, the login for an account — and
  a member cannot edit it into an evaluator.
* Every request goes through ``get_user``: without the cookie a page redirects to ``/login``
  and a kernel's websocket is refused (403). On an authenticated request the provider writes
  ``X-Workbench-Visitor`` itself (a client's copy is dropped first); Voilà hands it to the
  kernel (``http_header_envs``).
"""

from __future__ import annotations

import asyncio
import html
import re
import secrets
import time
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import quote

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.auth.login import LoginFormHandler
from jupyter_server.auth.security import passwd_check
from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from traitlets import Int, Unicode

from workbench.i18n import language, t
from workbench.meeting.accounts import check_account
from workbench.meeting.session import VISITOR_HEADER, visitor_header

LOOPBACK = ("127.0.0.1", "::1")

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{page_title}</title>
<style>
 body {{ font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2433; }}
 main {{ max-width: 26rem; margin: 6vh auto; background: #fff; padding: 1.5rem;
        border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.15); }}
 h1 {{ font-size: 1.3rem; margin-top: 0; }}
 label {{ display: block; margin: 1rem 0 .3rem; font-weight: 600; }}
 input {{ width: 100%; box-sizing: border-box; font-size: 1.1rem; padding: .6rem;
         border: 1px solid #8a94a6; border-radius: 4px; }}
 button {{ margin-top: 1.2rem; width: 100%; font-size: 1.1rem; padding: .7rem; border: 0;
          border-radius: 4px; background: #1a56a0; color: #fff; }}
 .erreur {{ background: #fde8e8; color: #8a1c1c; padding: .6rem; border-radius: 4px; }}
 .info {{ background: #e8f1fd; padding: .6rem; border-radius: 4px; }}
 p.aide {{ font-size: .9rem; color: #5b6475; }}
</style></head>
<body><main>
<h1>{title}</h1>
{message}
<form action="{action}" method="post">
 {xsrf}
 <label for="code">{code_label}</label>
 <input id="code" name="code" type="password" autocomplete="current-password" required autofocus>
 <label for="login">{login_label}</label>
 <input id="login" name="login" autocomplete="username" autocapitalize="none" maxlength="40">
 <button type="submit" id="login_submit">{submit}</button>
</form>
<p class="aide">{help}</p>
</main></body></html>"""


def normalise_code(code: str) -> str:
    """A code as typed on a phone: spaces and dashes dropped, case folded."""
    return re.sub(r"[\s\-_.]+", "", code or "").casefold()


def login_page(*, lang: str, action: str, xsrf: str, message: str | None = None,
               error: bool = False) -> str:
    with language(lang):
        note = ""
        if message:
            note = (f'<p class="{"erreur" if error else "info"}" role="alert">'
                    f"{html.escape(message)}</p>")
        return PAGE.format(
            lang=lang, page_title=html.escape(t("meeting.login.page_title")),
            title=html.escape(t("meeting.login.title")), message=note,
            action=html.escape(action), xsrf=xsrf,
            code_label=html.escape(t("meeting.login.code")),
            login_label=html.escape(t("meeting.login.login")),
            submit=html.escape(t("meeting.login.submit")),
            help=html.escape(t("meeting.login.help")))


class MeetingLoginHandler(LoginFormHandler):
    """GET shows the form; POST checks the code or the account (failures limited)."""

    def _render(self, message=None):  # called by LoginFormHandler.get
        provider: MeetingIdentityProvider = self.identity_provider
        text, error = None, False
        if message:
            kind, text = next(iter(message.items()))
            error = kind == "error"
        self._page(provider, text, error)

    def _page(self, provider: MeetingIdentityProvider, message: str | None,
              error: bool) -> None:
        target = self.get_argument("next", default=provider.default_next or self.base_url)
        action = f"{self.base_url}login?next={quote(target, safe='/')}"
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(login_page(lang=provider.lang, action=action, xsrf=self.xsrf_form_html(),
                              message=message, error=error))

    @allow_unauthenticated
    async def post(self):
        provider: MeetingIdentityProvider = self.identity_provider
        client = provider.client_key(self)
        with language(provider.lang):
            if provider.throttled(client):
                self.set_status(429)
                self._page(provider, t("meeting.login.throttled"), True)
                return
            user = await asyncio.get_running_loop().run_in_executor(
                None, provider.process_login_form, self)
            if user is None:
                provider.record_failure(client)
                self.set_status(401)
                self._page(provider, t("meeting.login.wrong"), True)
                return
        self.log.info("Meeting login: %s", user.username.rsplit(":", 1)[0])
        provider.set_login_cookie(self, user)
        self._redirect_safe(self.get_argument("next", default=provider.default_next
                                              or self.base_url))


class MeetingLogoutHandler(JupyterHandler):
    @allow_unauthenticated
    def get(self):
        provider: MeetingIdentityProvider = self.identity_provider
        provider.clear_login_cookie(self)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        with language(provider.lang):
            self.write(login_page(lang=provider.lang, action=f"{self.base_url}login",
                                  xsrf=self.xsrf_form_html(),
                                  message=t("meeting.login.logged_out")))


class MeetingIdentityProvider(IdentityProvider):
    """The meeting's login: members' code, evaluators' code, or an account."""

    member_code_hash = Unicode("", config=True, help="argon2 hash of the members' code.")
    evaluator_code_hash = Unicode("", config=True, help="argon2 hash of the evaluators' code.")
    accounts_file = Unicode("", config=True, help="data/accounts.json (may be absent).")
    lang = Unicode("fr", config=True, help="Language of the login page (fr, en).")
    default_next = Unicode("", config=True, help="Where a login goes without ?next=.")
    max_failures = Int(10, config=True, help="Failed logins per client and minute before 429.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._failures: dict[str, deque] = defaultdict(deque)

    @property
    def auth_enabled(self) -> bool:
        return True

    @property
    def login_available(self) -> bool:
        return True

    def get_handlers(self):
        # Voilà passes its own login_handler_class when it builds the provider: not used here
        return [(r"/login", MeetingLoginHandler), (r"/logout", MeetingLogoutHandler)]

    def process_login_form(self, handler: web.RequestHandler) -> User | None:
        code = handler.get_argument("code", default="")
        login = handler.get_argument("login", default="").strip()
        if login:
            role = (check_account(Path(self.accounts_file), login, code)
                    if self.accounts_file else None)
            return None if role is None else self._user(role, "account", login)
        typed = normalise_code(code)
        if not typed:
            return None
        if self.evaluator_code_hash and passwd_check(self.evaluator_code_hash, typed):
            return self._user("evaluator", "code", secrets.token_hex(8))
        if self.member_code_hash and passwd_check(self.member_code_hash, typed):
            return self._user("member", "code", secrets.token_hex(8))
        return None

    @staticmethod
    def _user(role: str, kind: str, ident: str) -> User:
        with language("fr"):
            shown = t(f"meeting.role.{role}")
        return User(username=f"{role}:{kind}:{ident}", name=shown, display_name=shown)

    async def get_user(self, handler: web.RequestHandler) -> User | None:
        handler.request.headers.pop(VISITOR_HEADER, None)  # never trust a client's copy
        user = await self._get_user(handler)  # the signed cookie (tokens are off)
        if user is None:
            return None
        role = self.role_of(user)
        if role is None:
            return None
        handler.request.headers[VISITOR_HEADER] = visitor_header(user.username, role)
        return user

    @staticmethod
    def role_of(user: User) -> str | None:
        role = user.username.split(":", 1)[0]
        return role if role in ("member", "evaluator") else None

    # --- limiting failed attempts ------------------------------------------------------------
    @staticmethod
    def client_key(handler: web.RequestHandler) -> str:
        """The client: the proxy's ``X-Forwarded-For`` when the request comes from the local
        reverse proxy (loopback), else the peer's address (a client cannot choose it)."""
        peer = handler.request.remote_ip or "?"
        forwarded = handler.request.headers.get("X-Forwarded-For", "")
        if peer in LOOPBACK and forwarded:
            return forwarded.split(",")[-1].strip() or peer
        return peer

    def throttled(self, client: str) -> bool:
        window = self._failures[client]
        while window and window[0] < time.monotonic() - 60:
            window.popleft()
        return len(window) >= self.max_failures

    def record_failure(self, client: str) -> None:
        self._failures[client].append(time.monotonic())
