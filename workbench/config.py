"""Paths and settings. Reading them has no side effect; nothing is created at import."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

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
        """The project's paths; its store is ``WORKBENCH_STORE``, else the framework's
        ``store:`` (a team shares it in ``data/framework.yml``; a relative file is under the
        project folder), else ``data/workbench.sqlite``."""
        root = project_root()
        store = os.environ.get("WORKBENCH_STORE") or framework_store(root / "data" /
                                                                    "framework.yml")
        if store and not is_server_url(store) and not Path(store).expanduser().is_absolute():
            store = str(root / store) if not os.environ.get("WORKBENCH_STORE") else store
        return cls(root, store or None)

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


def framework_store(framework: Path) -> str | None:
    """The ``store:`` a framework file names (``None`` without one; a framework that cannot be
    read is reported by the framework's loader, not here)."""
    try:
        stamp = framework.stat().st_mtime_ns
    except OSError:
        return None
    return _framework_store(str(framework), stamp)


@functools.lru_cache(maxsize=8)
def _framework_store(path: str, stamp: int) -> str | None:
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    value = data.get("store") if isinstance(data, dict) else None
    return str(value) if value else None


def store_without_password(location: str | None) -> str | None:
    """A store location fit for a shared file: a server URL holding a password is refused
    (it goes in ``PGPASSWORD`` or ``~/.pgpass``, or the whole URL in ``WORKBENCH_STORE``)."""
    if location and is_server_url(location) and urlsplit(location).password:
        raise ValueError("l'adresse de la base ne doit pas contenir de mot de passe dans le "
                         "cadre partagé : mettez-le dans PGPASSWORD ou ~/.pgpass, ou l'adresse "
                         "complète dans WORKBENCH_STORE")
    return location


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
