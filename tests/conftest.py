"""Shared fixtures: an isolated project home (tmp), a tmp secret, and one demo store per session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from workbench.config import Paths
from workbench.framework import install_framework


def pytest_configure(config: pytest.Config) -> None:
    """Never touch the user's real pseudonymisation key: one tmp key per test session, set
    before any fixture (session fixtures included) can create a secret."""
    if "WORKBENCH_SECRET_FILE" not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="workbench-secret-"))
        os.environ["WORKBENCH_SECRET_FILE"] = str(folder / "secret.key")


@pytest.fixture(autouse=True)
def _french_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in French, whatever the machine's ``WORKBENCH_LANG``; a test that
    needs English says so with ``with language("en"):`` or ``lang="en"``."""
    monkeypatch.delenv("WORKBENCH_LANG", raising=False)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """An empty project home with the default framework installed."""
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.delenv("WORKBENCH_STORE", raising=False)
    paths = Paths(tmp_path)
    install_framework(paths)
    return paths


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """A project home holding the imported demo territory (built once per session).

    Reuses ``WORKBENCH_HOME`` when it already holds a demo store (``make test`` builds one).
    """
    env_home = os.environ.get("WORKBENCH_HOME")
    if env_home and (Path(env_home) / "data" / "workbench.sqlite").exists():
        base = tmp_path_factory.mktemp("demo-copy")
        shutil.copytree(Path(env_home) / "data", base / "data")
        return Paths(base)
    from workbench.demo.build import run_demo

    base = tmp_path_factory.mktemp("demo")
    paths = Paths(base)
    run_demo(paths)
    return paths


@pytest.fixture(scope="session")
def demo_publication(demo_home: Paths):
    """The demo store's publication (read back from beside the store when ``workbench demo``
    built it, else built once per session)."""
    from workbench.framework import load_framework
    from workbench.publication import publication_for
    from workbench.store import Store

    return publication_for(Store(demo_home.store), load_framework(demo_home.framework))


# --- the store on both backends -------------------------------------------------------------------
def _postgres_unavailable(reason: str) -> None:
    """Skip (a newcomer without PostgreSQL runs everything on SQLite), or fail when CI says the
    server must be there (``WORKBENCH_REQUIRE_PG=1``)."""
    if os.environ.get("WORKBENCH_REQUIRE_PG") == "1":
        pytest.fail(f"WORKBENCH_REQUIRE_PG=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL server per test session (Unix socket only, deleted at the end)."""
    from workbench.store.throwaway import PostgresUnavailable, TempPostgres

    server, reason = TempPostgres(), None
    try:
        server.start()
    except PostgresUnavailable as exc:
        reason = str(exc)
    except BaseException:
        server.stop()
        raise
    if reason:
        _postgres_unavailable(reason)
    try:
        yield server
    finally:
        server.stop()


_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new empty PostgreSQL database, dropped after the test."""
    from workbench.store.engine import forget_server_engines

    name = f"wb_{os.getpid()}_{next(_databases)}"
    url = pg_server.create_database(name)
    try:
        yield url
    finally:
        forget_server_engines()
        pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: a SQLite file, then a PostgreSQL database (same test)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def browser():
    """Debian's headless Chromium under Playwright, for one test."""
    from test_browser import launched_chromium

    with launched_chromium() as chromium:
        yield chromium
