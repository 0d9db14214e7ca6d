"""Persistence only: the SQLite schema, one-transaction imports, provenance, frames out.

The store knows no export format (that is ``workbench.sources``) and computes no indicator.
Every data row carries the ``source_id`` of the raw file it came from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbench.config import Paths
from workbench.errors import StoreError

SCHEMA_VERSION = 1

# table -> column definitions (order matters: frames are written in this order)
TABLES: dict[str, str] = {
    "sources": """
        source_id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL, instrument TEXT NOT NULL, wave TEXT, rows INTEGER NOT NULL,
        rejected INTEGER NOT NULL DEFAULT 0, imported_at TEXT NOT NULL, mapping_sha256 TEXT""",
    "people": """
        person_id TEXT PRIMARY KEY, group_id TEXT, organisation TEXT, qpv TEXT,
        source_id INTEGER NOT NULL REFERENCES sources""",
    "respondents": """
        source_id INTEGER NOT NULL REFERENCES sources, wave TEXT NOT NULL, instrument TEXT NOT NULL,
        person_id TEXT NOT NULL, group_id TEXT, qpv TEXT, organisation TEXT, submitted_at TEXT,
        PRIMARY KEY (wave, instrument, person_id)""",
    "responses": """
        source_id INTEGER NOT NULL REFERENCES sources, wave TEXT NOT NULL, instrument TEXT NOT NULL,
        person_id TEXT NOT NULL, item_id TEXT NOT NULL, value REAL, label TEXT, missing TEXT,
        PRIMARY KEY (wave, instrument, person_id, item_id)""",
    "events": """
        event_id TEXT PRIMARY KEY, step_id TEXT, date TEXT, label TEXT, qpv TEXT,
        source_id INTEGER NOT NULL REFERENCES sources""",
    "attendance": """
        source_id INTEGER NOT NULL REFERENCES sources, event_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        group_id TEXT, organisation TEXT, qpv TEXT, present INTEGER NOT NULL, role TEXT,
        PRIMARY KEY (event_id, person_id)""",
    "ties": """
        source_id INTEGER NOT NULL REFERENCES sources, wave TEXT NOT NULL,
        respondent_id TEXT NOT NULL,
        from_org TEXT NOT NULL, to_org TEXT NOT NULL, level INTEGER, openness REAL,
        reliability REAL, mission REAL, influence REAL, resources REAL, involvement REAL,
        frequency TEXT, PRIMARY KEY (wave, respondent_id, from_org, to_org)""",
    "verbatims": """
        verbatim_id TEXT PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources,
        kind TEXT NOT NULL, event_id TEXT, wave TEXT, qpv TEXT, group_id TEXT, person_id TEXT,
        prompt TEXT, variant TEXT, photo_id TEXT, round TEXT, table_no TEXT, cluster TEXT,
        title TEXT, text TEXT NOT NULL, quotable INTEGER NOT NULL DEFAULT 0, votes INTEGER""",
    "codings": """
        verbatim_id TEXT NOT NULL REFERENCES verbatims, code TEXT NOT NULL, coder TEXT NOT NULL,
        valence INTEGER, coded_at TEXT NOT NULL, PRIMARY KEY (verbatim_id, code, coder)""",
    "changes": """
        change_id TEXT PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources,
        pathway TEXT, level TEXT NOT NULL, label TEXT NOT NULL, actor_group TEXT, register TEXT""",
    "change_links": """
        source_id INTEGER NOT NULL REFERENCES sources, from_change TEXT NOT NULL,
        to_change TEXT NOT NULL, PRIMARY KEY (from_change, to_change)""",
    "progress_markers": """
        marker_id TEXT PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources,
        change_id TEXT, actor_group TEXT NOT NULL, tier TEXT NOT NULL, label TEXT NOT NULL""",
    "marker_ratings": """
        source_id INTEGER NOT NULL REFERENCES sources, marker_id TEXT NOT NULL,
        period TEXT NOT NULL,
        rating TEXT NOT NULL, evidence TEXT, PRIMARY KEY (marker_id, period)""",
    "readings": """
        reading_id INTEGER PRIMARY KEY, wave TEXT NOT NULL, subject TEXT NOT NULL,
        interpretation TEXT, agreement TEXT, action TEXT, author_id TEXT,
        recorded_at TEXT NOT NULL""",
}

DATA_TABLES = [t for t in TABLES if t not in ("sources", "readings")]


def table_columns(table: str) -> list[str]:
    """Column names of a store table, in schema order (table constraints left out)."""
    definition = re.sub(r"(PRIMARY KEY|UNIQUE|FOREIGN KEY)\s*\([^)]*\)", "", TABLES[table])
    return [part.split()[0] for part in definition.split(",") if part.strip()]


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass
class Dataset:
    """Every table of the store as a DataFrame, loaded once (dashboards never re-read)."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, table: str) -> pd.DataFrame:
        frame = self.frames.get(table)
        if frame is None:
            return pd.DataFrame(columns=table_columns(table))
        return frame

    @property
    def answers(self) -> pd.DataFrame:
        """Responses joined with each respondent's group and QPV (cached)."""
        cached = self.frames.get("_answers")
        if cached is None:
            keys = ["wave", "instrument", "person_id"]
            resp = self["respondents"][[*keys, "group_id", "qpv", "organisation"]]
            cached = self["responses"].merge(resp, on=keys, how="left")
            self.frames["_answers"] = cached
        return cached


class Store:
    """One SQLite file. ``with store.transaction() as con:`` is all or nothing."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else Paths.default().store

    # -- connection -----------------------------------------------------------------------------
    def connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        return con

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

    # -- writing --------------------------------------------------------------------------------
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

    # -- reading --------------------------------------------------------------------------------
    def source_by_sha256(self, sha256: str) -> dict | None:
        if not self.path.exists():
            return None
        with contextlib.closing(self.connect()) as con:
            con.row_factory = sqlite3.Row
            row = con.execute("SELECT * FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return dict(row) if row else None

    def read(self, table: str) -> pd.DataFrame:
        """One table as a DataFrame (empty with the right columns when the store is new)."""
        if table not in TABLES:
            raise StoreError(f"Table inconnue : {table}", key="store_unknown_table", found=table)
        if not self.path.exists():
            return pd.DataFrame(columns=table_columns(table))
        with contextlib.closing(self.connect()) as con:
            return pd.read_sql_query(f"SELECT * FROM {table}", con)

    def load_dataset(self) -> Dataset:
        """All tables at once, for indicators, dashboards and reports."""
        return Dataset({table: self.read(table) for table in TABLES})

    def counts(self) -> dict[str, int]:
        """Rows per table (for the import notebook and the tests)."""
        if not self.path.exists():
            return {table: 0 for table in TABLES}
        with contextlib.closing(self.connect()) as con:
            return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}

    def fingerprint(self) -> dict[str, int]:
        """Row counts plus the source list: equal before and after a failed import."""
        return self.counts()
