"""Paths and settings. Reading them has no side effect; nothing is created at import."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_FRAMEWORK = PACKAGE_DIR / "default_framework.yml"


def project_root() -> Path:
    """The project folder: ``WORKBENCH_HOME`` if set, else the nearest parent holding ``data/``
    or ``pyproject.toml``, else the current directory."""
    env = os.environ.get("WORKBENCH_HOME")
    if env:
        return Path(env).expanduser().resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "workbench").is_dir():
            return folder
    return here


@dataclass(frozen=True)
class Paths:
    """Where the workbench reads and writes, relative to one project folder.

    ``Paths(root)`` is that folder's layout and nothing else; ``Paths.default()`` is the
    project's, with the settings of the environment (``WORKBENCH_HOME``, ``WORKBENCH_STORE``).
    """

    root: Path
    # the store when not ``data/workbench.sqlite``: a SQLite file or a ``postgresql://`` URL
    store_location: str | None = None

    @classmethod
    def default(cls) -> Paths:
        return cls(project_root(), os.environ.get("WORKBENCH_STORE") or None)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def demo_raw(self) -> Path:
        return self.data / "demo" / "raw"

    @property
    def framework(self) -> Path:
        return self.data / "framework.yml"

    @property
    def store(self) -> Path | str:
        """The store: a SQLite file (``Path``), or a team's PostgreSQL database (its URL, a
        ``str``; give it to ``Store``, never print it: it may hold a password)."""
        if self.store_location and is_server_url(self.store_location):
            return self.store_location
        if self.store_location:
            return Path(self.store_location).expanduser()
        return self.data / "workbench.sqlite"

    @property
    def narrative(self) -> Path:
        return self.data / "narrative"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"


def is_server_url(location: str | Path | None) -> bool:
    """Whether a store location names a database server (``postgresql://…``), not a file."""
    text = str(location or "")
    return text.startswith(("postgresql://", "postgresql+", "postgres://"))


def user_name() -> str:
    """Who works in this session, for the pseudonymous author of an action (an import):
    ``WORKBENCH_USER``, else the account's login name."""
    import getpass

    name = os.environ.get("WORKBENCH_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return f"uid-{os.getuid()}"


def secret_path() -> Path:
    """The pseudonymisation key file, kept outside the repository.

    ``WORKBENCH_SECRET_FILE`` overrides; default ``~/.config/workbench/secret.key``.
    """
    env = os.environ.get("WORKBENCH_SECRET_FILE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "workbench" / "secret.key"


def language() -> str:
    """UI language from ``WORKBENCH_LANG`` (``fr`` default, ``en`` available)."""
    lang = os.environ.get("WORKBENCH_LANG", "fr").strip().lower()[:2]
    return lang if lang in ("fr", "en") else "fr"
