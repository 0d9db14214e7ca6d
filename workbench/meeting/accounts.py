"""Accounts for the meeting: evaluators (and members who prefer a login to the shared code).

``data/accounts.json`` (mode 600) maps a login to its role and its password hashed with
argon2 (``jupyter_server.auth.passwd``); no name, no e-mail, no password in clear is kept.

>>> add_account(paths, "camille.m", "un mot de passe long", role="evaluator")  # doctest: +SKIP
>>> check_account(paths.data / "accounts.json", "camille.m", "un mot de passe long")
'evaluator'
"""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path

from workbench.config import Paths
from workbench.errors import WorkbenchError
from workbench.i18n import t

ACCOUNTS_FILE = "accounts.json"
ROLES = ("member", "evaluator")
MIN_PASSWORD = 10
_LOGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$")


class AccountError(WorkbenchError, ValueError):
    """An account that cannot be added or removed (bad login, short password, unknown)."""

    key = "meeting_account"


def accounts_path(paths: Paths) -> Path:
    return paths.data / ACCOUNTS_FILE


def read_accounts(path: Path) -> dict[str, dict[str, str]]:
    """Login → ``{"role", "hash"}`` (empty when the file does not exist)."""
    if not path.is_file():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): {"role": str(v["role"]), "hash": str(v["hash"])} for k, v in raw.items()
            if isinstance(v, dict) and v.get("role") in ROLES and v.get("hash")}


def add_account(paths: Paths, login: str, password: str, *, role: str = "member") -> Path:
    """Add or replace an account; the password is kept hashed only."""
    from jupyter_server.auth.security import passwd

    if not isinstance(login, str) or not _LOGIN.match(login):
        raise AccountError(t("meeting.cli.bad_login", found=login), key="account_bad_login",
                           column="login", found=str(login))
    if role not in ROLES:
        raise AccountError(f"role {role!r}", key="account_bad_role", column="role",
                           expected=", ".join(ROLES), found=str(role))
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(t("meeting.cli.password_short", k=MIN_PASSWORD),
                           key="account_short_password", column="password",
                           expected=f">= {MIN_PASSWORD}", found=str(len(password or "")))
    path = accounts_path(paths)
    accounts = read_accounts(path)
    accounts[login] = {"role": role, "hash": passwd(password)}
    _write_private(path, accounts)
    return path


def remove_account(paths: Paths, login: str) -> None:
    path = accounts_path(paths)
    accounts = read_accounts(path)
    if login not in accounts:
        raise AccountError(t("meeting.cli.account_unknown", login=login),
                           key="account_unknown", column="login", found=str(login))
    del accounts[login]
    _write_private(path, accounts)


def list_accounts(paths: Paths) -> list[tuple[str, str]]:
    """(login, role) of every account, by login."""
    return sorted((k, v["role"]) for k, v in read_accounts(accounts_path(paths)).items())


def check_account(path: Path, login: str, password: str) -> str | None:
    """The account's role when ``password`` is right, else None (read at each login: an
    account added during the meeting works at once)."""
    from jupyter_server.auth.security import passwd_check

    account = read_accounts(path).get(login or "")
    if account is None or not password:
        return None
    return account["role"] if passwd_check(account["hash"], password) else None


def _write_private(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
    os.replace(tmp, path)
