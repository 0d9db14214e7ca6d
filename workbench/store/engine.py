"""Where a store lives and how to connect to it: a SQLite file (the default) or a PostgreSQL
database (a team's shared store), both through SQLAlchemy 2 Core.

- SQLite: WAL, ``synchronous=NORMAL``, foreign keys on, a 30 s busy wait; write transactions
  start with ``BEGIN IMMEDIATE`` (the write lock is taken at once, so a transaction that reads
  then writes never fails half-way with "database is locked"), reads with a plain ``BEGIN``.
  The driver's own transaction handling is turned off so that DDL is transactional too (a
  failed migration leaves nothing behind). No pool: a file may be deleted (``demo --fresh``).
- PostgreSQL (psycopg 3): READ COMMITTED, every change made by one statement (upserts), no
  read-then-write in Python; one engine per process and URL (a forked process makes its own).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from workbench.config import is_server_url
from workbench.errors import StoreError

READ_OPTION = "workbench_read"  # execution option of read-only connections (plain BEGIN)
_SERVER_ENGINES: dict[tuple[str, int], sa.Engine] = {}


def store_url(location: str | Path) -> URL:
    """The SQLAlchemy URL of a store location: a path (SQLite), ``sqlite:///…``, or
    ``postgresql://…`` (psycopg 3 is used whatever driver the URL names)."""
    text = str(location)
    if is_server_url(text):
        url = make_url("postgresql" + text[text.index("://"):] if text.startswith("postgres://")
                       else text)
        if url.get_backend_name() == "postgresql":
            return url.set(drivername="postgresql+psycopg")
        raise StoreError(f"Adresse de base non prise en charge : {describe(url)} (attendu : un "
                         "fichier SQLite ou postgresql://…)", key="store_url_unsupported",
                         expected="postgresql://…", found=url.get_backend_name())
    if text.startswith("sqlite:"):
        return make_url(text)
    return URL.create("sqlite", database=str(Path(text).expanduser()))


def describe(url: URL) -> str:
    """The location for messages: the file, or the URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


def sqlite_engine(url: URL) -> sa.Engine:
    """An engine on a SQLite file (see the module docstring)."""
    engine = sa.create_engine(url, poolclass=NullPool, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event emits BEGIN
        for pragma in ("foreign_keys = ON", "busy_timeout = 30000", "journal_mode = WAL",
                       "synchronous = NORMAL"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        reading = connection.get_execution_options().get(READ_OPTION)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


def server_engine(url: URL) -> sa.Engine:
    """The process's engine on a PostgreSQL database (pooled; a forked child makes its own)."""
    key = (url.render_as_string(hide_password=False), os.getpid())
    engine = _SERVER_ENGINES.get(key)
    if engine is None:
        engine = sa.create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=8,
                                  isolation_level="READ COMMITTED",
                                  connect_args={"application_name": "workbench"})
        _SERVER_ENGINES[key] = engine
    return engine


def engine_for(url: URL) -> sa.Engine:
    return sqlite_engine(url) if url.get_backend_name() == "sqlite" else server_engine(url)


@contextmanager
def connected(engine: sa.Engine, location: str, *, read: bool = False) -> Iterator[sa.Connection]:
    """A connection, or a French ``StoreError`` when the database cannot be reached."""
    try:
        connection = engine.connect()
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(
            f"Impossible d'ouvrir la base {location} : {reason}. Vérifiez WORKBENCH_STORE, que "
            "le serveur est joignable et que le rôle a le droit de s'y connecter.",
            key="store_unreachable", file=location, found=reason) from None
    with connection:
        if read:
            connection.execution_options(**{READ_OPTION: True})
        yield connection


def forget_server_engines() -> None:
    """Close the pooled PostgreSQL connections of this process (tests drop their databases)."""
    for key in [k for k in _SERVER_ENGINES if k[1] == os.getpid()]:
        _SERVER_ENGINES.pop(key).dispose()


__all__ = ["READ_OPTION", "connected", "describe", "engine_for", "forget_server_engines",
           "server_engine", "sqlite_engine", "store_url"]
