"""One COPIL meeting: its folder, its wave, whether it is open, and who visits a page.

A session lives in ``data/meetings/<id>/`` (``id`` = date and wave, ``2026-03-12-T2``):

* ``session.json`` — id, wave, members expected, store and framework read, the publication
  the kernels load, when it was opened and closed;
* ``interpretations.json`` — the evaluators' interpretation of each lesson (their narrative
  ``data/narrative/L1.md``…, rendered safely once, before the server starts);
* ``server.json`` (mode 600) — what only the server reads: the hashed codes, the cookie key.

The server runs with ``WORKBENCH_MEETING`` set to the folder; its kernels inherit it, which is
how ``copil.ipynb`` knows it serves a meeting (``MeetingSession.current()``). Who a page's
visitor is comes from the header the server itself writes on every authenticated request
(``X-Workbench-Visitor``; a client's own copy is dropped), which Voilà hands to the kernel as
``HTTP_X_WORKBENCH_VISITOR`` once the request came (``wait_for_request``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from workbench.config import Paths
from workbench.errors import WorkbenchError
from workbench.i18n import t

if TYPE_CHECKING:  # the server imports this module: it must not load the widgets
    from workbench.apps.member_readings import Visitor

ENV_SESSION = "WORKBENCH_MEETING"
VISITOR_HEADER = "X-Workbench-Visitor"
VISITOR_ENV = "HTTP_" + VISITOR_HEADER.upper().replace("-", "_")
SESSION_FILE, SERVER_FILE, INTERPRETATIONS_FILE = (
    "session.json", "server.json", "interpretations.json")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class SessionError(WorkbenchError, ValueError):
    """A meeting session that cannot be opened (missing or unreadable folder)."""

    key = "meeting_session"


@dataclass
class MeetingSession:
    """One meeting of the committee (``session.json``); ``folder`` is where it lives."""

    id: str
    wave: str
    members: int
    folder: Path
    store: str
    framework: str
    lang: str = "fr"
    publication: str | None = None
    created_at: str = ""
    closed_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    # --- files ---------------------------------------------------------------------------------
    @classmethod
    def load(cls, folder: str | Path) -> MeetingSession:
        folder = Path(folder)
        try:
            raw = json.loads((folder / SESSION_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SessionError(t("meeting.error.no_session_file", found=str(folder)),
                               key="meeting_no_session", file=str(folder),
                               found=str(exc)) from exc
        known = {k: raw.pop(k) for k in list(raw) if k in cls.__dataclass_fields__}
        return cls(folder=folder, extra=raw, **{k: v for k, v in known.items()
                                               if k not in ("folder", "extra")})

    @classmethod
    def current(cls) -> MeetingSession | None:
        """The session this process serves (``WORKBENCH_MEETING``), None outside a meeting."""
        folder = os.environ.get(ENV_SESSION, "").strip()
        return cls.load(folder) if folder else None

    def save(self) -> None:
        data = {k: v for k, v in asdict(self).items() if k not in ("folder", "extra")}
        _write_json(self.folder / SESSION_FILE, {**self.extra, **data})

    # --- state ---------------------------------------------------------------------------------
    def is_open(self) -> bool:
        """Whether members may still give or change their reading (read from the file: an
        evaluator may have closed the session from another page)."""
        try:
            raw = json.loads((self.folder / SESSION_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        self.closed_at = raw.get("closed_at")
        return not self.closed_at

    def close(self) -> str:
        """Close the session (members' readings are no longer collected); returns when."""
        if self.is_open():
            self.closed_at = now_iso()
            self.save()
        return str(self.closed_at)

    def interpretations(self) -> dict[str, str]:
        """Lesson id → the evaluators' interpretation as safe HTML (empty when none)."""
        path = self.folder / INTERPRETATIONS_FILE
        if not path.is_file():
            return {}
        return {str(k): str(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}

    def write_interpretations(self, texts: dict[str, str]) -> None:
        _write_json(self.folder / INTERPRETATIONS_FILE, texts)

    def server_settings(self) -> dict[str, Any]:
        path = self.folder / SERVER_FILE
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def write_server_settings(self, settings: dict[str, Any]) -> None:
        """Hashed codes and the cookie key: readable by this user only."""
        kept = self.server_settings()
        kept.setdefault("cookie_secret", secrets.token_hex(32))  # logins survive a restart
        _write_json(self.folder / SERVER_FILE, {**kept, **settings}, private=True)


def open_session(paths: Paths, *, wave: str, members: int, framework: str | Path,
                 lang: str = "fr", today: dt.date | None = None) -> MeetingSession:
    """Today's open session for ``wave`` (resumed after a restart: readings and logins are
    kept), else a new one (``<date>-<wave>``, then ``-2``… when one was closed)."""
    day = (today or dt.date.today()).isoformat()
    root = meetings_folder(paths)
    base = f"{day}-{wave}"
    if not _ID.match(base):
        raise SessionError(t("meeting.error.no_session_file", found=base),
                           key="meeting_bad_id", found=base)
    candidates = [base, *(f"{base}-{i}" for i in range(2, 100))]
    for name in candidates:
        folder = root / name
        if not (folder / SESSION_FILE).is_file():
            break
        session = MeetingSession.load(folder)
        if session.is_open():
            session.members = members
            session.save()
            return session
    folder.mkdir(parents=True, exist_ok=True)
    session = MeetingSession(id=folder.name, wave=wave, members=members, folder=folder,
                             store=str(paths.store), framework=str(framework), lang=lang,
                             created_at=now_iso())
    session.save()
    return session


def meetings_folder(paths: Paths) -> Path:
    return paths.data / "meetings"


# --- who visits ----------------------------------------------------------------------------------
def visitor_header(login: str, role: str) -> str:
    """The header value the server writes for a visitor (URL-quoted JSON)."""
    return quote(json.dumps({"login": login, "role": role}))


def visitor_from_environment(environ: dict[str, str] | None = None) -> Visitor | None:
    """The visitor of this page, from the header the server wrote (None when absent or
    malformed: the page then offers no reading form)."""
    from workbench.apps.member_readings import ROLES, Visitor

    raw = (os.environ if environ is None else environ).get(VISITOR_ENV, "")
    if not raw:
        return None
    try:
        data = json.loads(unquote(raw))
        login, role = str(data["login"]), str(data["role"])
    except (ValueError, KeyError, TypeError):
        return None
    if not login or role not in ROLES:
        return None
    return Visitor(login=login, role=role)


# --- helpers --------------------------------------------------------------------------------------
def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _write_json(path: Path, data: dict[str, Any], *, private: bool = False) -> None:
    """Write atomically (a reader never sees half a file); ``private``: mode 600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
    os.replace(tmp, path)
