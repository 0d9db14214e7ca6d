"""The store: every SQL statement of the workbench is in this package.

One SQLite file by default. Callers use the methods below (imports, codings, readings, frames
out); ``transaction`` and ``insert_frame`` are the low-level path the methods share, kept public
for tests that build a store by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.config import Paths
from workbench.errors import StoreError
from workbench.store.dataset import Dataset
from workbench.store.schema import SCHEMA_VERSION, TABLES, table_columns

# store file -> callbacks run after each committed write in this process (see ``Store.watch``)
_WATCHERS: dict[str, list[Callable[[], Callable[[], None] | None]]] = {}
log = logging.getLogger("workbench.store")


def now_iso() -> str:
    """The current UTC time, to the second, ISO 8601 (how every timestamp is stored)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Store:
    """One SQLite file. ``with store.transaction() as con:`` is all or nothing."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else Paths.default().store

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @property
    def location(self) -> str:
        """Where the store is, for messages."""
        return str(self.path)

    def exists(self) -> bool:
        """Whether the store holds anything yet (a new project has no store)."""
        return self.path.exists()

    # -- connection -----------------------------------------------------------------------------
    def connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.check()
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        return con

    def check(self) -> None:
        """Refuse, with a clear message, a file at the store's path that is not a workbench
        store: not SQLite at all, or a SQLite database of another application. An empty file
        or an empty database is a new store."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        try:
            with contextlib.closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as con:
                tables = {r[0] for r in con.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Le fichier {self.path} n'est pas une base de l'atelier (ce n'est pas une base "
                "SQLite) : déplacez-le, ou choisissez un autre emplacement avec WORKBENCH_STORE.",
                key="store_not_sqlite", file=str(self.path), found=str(exc)) from None
        if tables and not tables & {"meta", *TABLES}:
            raise StoreError(
                f"Le fichier {self.path} est une base SQLite d'une autre application (tables "
                f"{', '.join(sorted(tables)[:5])}) : déplacez-le, ou choisissez un autre "
                "emplacement avec WORKBENCH_STORE.",
                key="store_foreign", file=str(self.path), found=", ".join(sorted(tables)[:5]))

    def initialise(self) -> Store:
        """Create the schema if it is missing; refuse a store of another schema version."""
        with contextlib.closing(self.connect()) as con:
            con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row and int(row[0]) != SCHEMA_VERSION:
                raise StoreError(
                    f"Base {self.path} au schéma {row[0]}, attendu {SCHEMA_VERSION} : "
                    "reconstruisez-la depuis data/raw/ (workbench import).",
                    key="store_schema_mismatch",
                    expected=str(SCHEMA_VERSION),
                    found=str(row[0]),
                )
            con.execute("BEGIN IMMEDIATE")
            for table, columns in TABLES.items():
                con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
            con.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            con.execute("COMMIT")
        return self

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE): committed whole or rolled back whole."""
        con = self.connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            yield con
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()
        self._notify()

    # -- watching (widgets that show the store recompute after each write) ----------------------
    def watch(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after every committed write to this store file made in this
        process (an import, a coding click, a reading), whichever ``Store`` object wrote it.
        Bound methods are held weakly: a discarded widget stops being called."""
        ref = (weakref.WeakMethod(callback) if hasattr(callback, "__self__")
               else (lambda: callback))
        _WATCHERS.setdefault(self._key, []).append(ref)

    @property
    def _key(self) -> str:
        return str(self.path.expanduser().resolve())

    def _notify(self) -> None:
        refs = _WATCHERS.get(self._key, [])
        alive = [(ref, ref()) for ref in refs]
        refs[:] = [ref for ref, fn in alive if fn is not None]
        for _ref, fn in alive:
            if fn is None:
                continue
            try:
                fn()
            except Exception:  # a display that fails to refresh never fails the write
                log.warning("store watcher failed", exc_info=True)

    # -- low-level writing ----------------------------------------------------------------------
    @staticmethod
    def insert_frame(con: sqlite3.Connection, table: str, frame: pd.DataFrame) -> int:
        """Insert rows of ``frame`` (columns a subset of the table's) inside a transaction."""
        allowed = table_columns(table)
        unknown = [c for c in frame.columns if c not in allowed]
        if unknown:
            raise StoreError(
                f"Colonnes inconnues pour la table {table} : {unknown}", key="store_unknown_column"
            )
        if frame.empty:
            return 0
        cols = list(frame.columns)
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        clean = frame.astype(object).where(frame.notna(), None)
        con.executemany(sql, clean.itertuples(index=False, name=None))
        return len(frame)

    @staticmethod
    def add_source(
        con: sqlite3.Connection,
        *,
        path: str,
        sha256: str,
        format: str,
        instrument: str,
        rows: int,
        wave: str | None = None,
        rejected: int = 0,
        mapping_sha256: str | None = None,
    ) -> int:
        cur = con.execute(
            "INSERT INTO sources (path, sha256, format, instrument, wave, rows, rejected, "
            "imported_at, mapping_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (path, sha256, format, instrument, wave, rows, rejected, now_iso(), mapping_sha256),
        )
        return int(cur.lastrowid)

    # -- imports --------------------------------------------------------------------------------
    def write_import(
        self,
        source: Mapping[str, Any],
        tables: Mapping[str, pd.DataFrame],
        *,
        replace_keys: Mapping[str, list[str]] | None = None,
    ) -> int:
        """Write one raw file's rows and its ``sources`` row in ONE transaction; returns the new
        ``source_id``. ``source`` holds the ``add_source`` fields; ``replace_keys`` (table → key
        columns) makes rows an importer owns replace stored ones (e.g. ``people``)."""
        self.initialise()
        with self.transaction() as con:
            source_id = self.add_source(con, **source)
            for table, frame in tables.items():
                frame = frame.assign(source_id=source_id)
                keys = (replace_keys or {}).get(table)
                if keys:
                    placeholders = " AND ".join(f"{k} = ?" for k in keys)
                    con.executemany(
                        f"DELETE FROM {table} WHERE {placeholders}",
                        frame[keys].astype(object).itertuples(index=False, name=None),
                    )
                self.insert_frame(con, table, frame)
        return source_id

    def source_by_sha256(self, sha256: str) -> dict | None:
        if not self.exists():
            return None
        with contextlib.closing(self.connect()) as con:
            con.row_factory = sqlite3.Row
            if not _has_table(con, "sources"):
                return None
            row = con.execute("SELECT * FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return dict(row) if row else None

    # -- codings (one short transaction per click) ------------------------------------------------
    def set_coding(self, verbatim_id: str, code: str, coder: str, *, ticked: bool,
                   valence: int | None = None) -> bool:
        """Tick (upsert, with ``valence`` for the valence code) or untick (delete) one code of
        one verbatim by one coder. Returns False, writing nothing, when the verbatim is unknown."""
        with self.transaction() as con:
            if not con.execute("SELECT 1 FROM verbatims WHERE verbatim_id = ?",
                               (verbatim_id,)).fetchone():
                return False
            if ticked:
                con.execute(
                    "INSERT INTO codings (verbatim_id, code, coder, valence, coded_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (verbatim_id, code, coder) "
                    "DO UPDATE SET valence = excluded.valence, coded_at = excluded.coded_at",
                    (verbatim_id, code, coder, valence, now_iso()),
                )
            else:
                con.execute("DELETE FROM codings WHERE verbatim_id = ? AND code = ? AND coder = ?",
                            (verbatim_id, code, coder))
        return True

    def set_adjudication(self, verbatim_id: str, code: str, adjudicator: str,
                         decision: int | None) -> bool:
        """Record (upsert) the adjudicated ``decision`` on one code of one verbatim (1 carried,
        0 not; for ``_valence`` the valence) or clear it (``None``): one transaction. Returns
        False, writing nothing, when the verbatim is unknown."""
        self.initialise()
        with self.transaction() as con:
            if not con.execute("SELECT 1 FROM verbatims WHERE verbatim_id = ?",
                               (verbatim_id,)).fetchone():
                return False
            if decision is None:
                con.execute("DELETE FROM adjudications WHERE verbatim_id = ? AND code = ?",
                            (verbatim_id, code))
            else:
                con.execute(
                    "INSERT INTO adjudications (verbatim_id, code, decision, adjudicator, "
                    "decided_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (verbatim_id, code) DO UPDATE "
                    "SET decision = excluded.decision, adjudicator = excluded.adjudicator, "
                    "decided_at = excluded.decided_at",
                    (verbatim_id, code, int(decision), adjudicator, now_iso()))
        return True

    def replace_codings(self, coders: Iterable[str], frame: pd.DataFrame) -> int:
        """Replace every coding of ``coders`` by the rows of ``frame`` (one transaction)."""
        self.initialise()
        with self.transaction() as con:
            con.executemany("DELETE FROM codings WHERE coder = ?", [(c,) for c in coders])
            return self.insert_frame(con, "codings", frame)

    # -- the committee's readings (append-only) ---------------------------------------------------
    def append_reading(self, row: Mapping[str, Any]) -> int:
        """Append one reading (``readings`` columns but the id and the time); returns its id."""
        columns = [c for c in table_columns("readings") if c not in ("reading_id", "recorded_at")]
        values = [row.get(c) for c in columns]
        try:
            self.initialise()
            with self.transaction() as con:
                cur = con.execute(
                    f"INSERT INTO readings ({', '.join(columns)}, recorded_at) "
                    f"VALUES ({', '.join('?' * len(columns))}, ?)", (*values, now_iso()))
                return int(cur.lastrowid)
        except sqlite3.Error as exc:  # busy, read-only, disk full: say it, lose nothing else
            raise StoreError(f"Écriture impossible dans {self.location} : {exc}",
                             key="store_write_failed", file=self.location,
                             found=str(exc)) from exc

    # -- reading --------------------------------------------------------------------------------
    def read(self, table: str) -> pd.DataFrame:
        """One table as a DataFrame (empty with the right columns when the store is new)."""
        if table not in TABLES:
            raise StoreError(f"Table inconnue : {table}", key="store_unknown_table", found=table)
        if not self.exists():
            return pd.DataFrame(columns=table_columns(table))
        with contextlib.closing(self.connect()) as con:
            if not _has_table(con, table):
                return pd.DataFrame(columns=table_columns(table))
            return pd.read_sql_query(f"SELECT * FROM {table}", con)

    def load_dataset(self) -> Dataset:
        """All tables at once, for indicators, dashboards and reports."""
        return Dataset({table: self.read(table) for table in TABLES})

    def counts(self) -> dict[str, int]:
        """Rows per table (for the import notebook and the tests)."""
        if not self.exists():
            return {table: 0 for table in TABLES}
        with contextlib.closing(self.connect()) as con:
            return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                    if _has_table(con, t) else 0 for t in TABLES}

    def fingerprint(self) -> dict[str, int]:
        """Row counts plus the source list: equal before and after a failed import."""
        return self.counts()


def _has_table(con: sqlite3.Connection, table: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                       (table,)).fetchone() is not None
