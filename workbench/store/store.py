"""The store: every SQL statement of the workbench is in this package.

One SQLite file by default, or a team's PostgreSQL database (``WORKBENCH_STORE=postgresql://…``):
the same statements (SQLAlchemy Core) and the same frames out on both. Callers use the methods
below (imports, codings, readings, frames out); ``transaction``, ``insert_frame`` and
``add_source`` are the low-level path the methods share, kept public for tests that build a store
by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from workbench.config import Paths
from workbench.errors import StoreError
from workbench.store import bulk, migrate, watch
from workbench.store.dataset import Dataset
from workbench.store.engine import connected, describe, engine_for, store_url
from workbench.store.members import MemberReadings
from workbench.store.schema import (
    HEAD_REVISION,
    TABLES,
    meta,
    metadata,
    primary_key,
    table_columns,
)
from workbench.store.schema import adjudications as adjudications_table
from workbench.store.schema import codings as codings_table
from workbench.store.schema import readings as readings_table
from workbench.store.schema import sources as sources_table
from workbench.store.schema import verbatims as verbatims_table


def now_iso() -> str:
    """The current UTC time, to the second, ISO 8601 (how every timestamp is stored)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Store(MemberReadings):
    """A SQLite file or a PostgreSQL database. ``with store.transaction() as con:`` is all or
    nothing; every write method is one transaction."""

    def __init__(self, location: str | Path | Store | None = None) -> None:
        if isinstance(location, Store):
            location = location.url.render_as_string(hide_password=False)
        self.url = store_url(location if location is not None else Paths.default().store)
        self.backend = "sqlite" if self.url.get_backend_name() == "sqlite" else "postgresql"
        self._engine: sa.Engine | None = None
        self._ready = False

    def __repr__(self) -> str:
        return f"Store({self.location!r})"

    @property
    def location(self) -> str:
        """Where the store is, for messages (a URL never shows its password)."""
        return describe(self.url)

    @property
    def path(self) -> Path | None:
        """The SQLite file; ``None`` for a PostgreSQL store."""
        return Path(self.url.database) if self.backend == "sqlite" else None

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._engine = engine_for(self.url)
        return self._engine

    def exists(self) -> bool:
        """Whether the store holds anything yet (a new project has no store)."""
        if self.path is not None:
            return self.path.exists()
        with connected(self.engine, self.location, read=True) as con:
            return sa.inspect(con).has_table("sources")

    # -- connections ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def connect(self) -> Iterator[sa.Connection]:
        """A connection for reading (one snapshot on SQLite; one statement each on PostgreSQL
        unless the caller asks for more, as ``load_dataset`` does)."""
        with connected(self.engine, self.location, read=True) as con:
            yield con

    def check(self) -> None:
        """Refuse, with a clear message, a file at the store's path that is not a workbench
        store: not SQLite at all, or a SQLite database of another application. An empty file
        or an empty database is a new store (a PostgreSQL database is judged by its revision)."""
        if self.path is None or not self.path.exists() or self.path.stat().st_size == 0:
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
        """Create the schema if it is missing, upgrade a store made by an older workbench, and
        refuse one made by a newer workbench (``store_too_new``), in one transaction."""
        if self._ready:
            return self
        self.check()
        with connected(self.engine, self.location) as con, con.begin():
            migrate.upgrade(con, self.location)
        self._ready = True
        return self

    def _ensure_schema(self) -> None:
        """Reading an older store upgrades it first; a newer one is refused."""
        if self._ready:
            return
        self.check()
        with self.connect() as con:
            current = migrate.current_revision(con) == HEAD_REVISION
        if not current:
            self.initialise()
        self._ready = True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite): committed whole or rolled back
        whole. The store's revision counter moves with it (``fingerprint``)."""
        self.initialise()
        with connected(self.engine, self.location) as con, con.begin():
            yield con
            _bump_revision(con)
        watch.notify(self._watch_key)

    # -- watching (widgets that show the store recompute after each write) ----------------------
    def watch(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after every committed write to this store made in this process
        (an import, a coding click, a reading), whichever ``Store`` object wrote it; held weakly
        (``store.watch``)."""
        watch.watch(self._watch_key, callback)

    @property
    def _watch_key(self) -> str:
        if self.path is not None:
            return str(self.path.expanduser().resolve())
        return self.url.render_as_string(hide_password=False)

    # -- low-level writing ----------------------------------------------------------------------
    @staticmethod
    def insert_frame(con: sa.Connection, table: str, frame: pd.DataFrame, *,
                     constants: Mapping[str, Any] | None = None) -> int:
        """Insert rows of ``frame`` (columns a subset of the table's) inside a transaction, by
        the database's bulk path; ``constants`` adds columns of one value (``source_id``)."""
        if table not in TABLES:
            raise StoreError(f"Table inconnue : {table}", key="store_unknown_table", found=table)
        allowed = set(table_columns(table))
        unknown = [c for c in [*frame.columns, *(constants or {})] if c not in allowed]
        if unknown:
            raise StoreError(
                f"Colonnes inconnues pour la table {table} : {unknown}", key="store_unknown_column"
            )
        return bulk.bulk_insert(con, TABLES[table], frame, constants=constants)

    @staticmethod
    def add_source(
        con: sa.Connection,
        *,
        path: str,
        sha256: str,
        format: str,
        instrument: str,
        rows: int,
        wave: str | None = None,
        rejected: int = 0,
        mapping_sha256: str | None = None,
        imported_by: str | None = None,
    ) -> int:
        """The ``sources`` row of one raw file; returns its ``source_id``. A file another
        evaluator imported meanwhile raises ``StoreError`` (``store_source_exists``)."""
        statement = _insert(con, sources_table).values(
            path=path, sha256=sha256, format=format, instrument=instrument, wave=wave, rows=rows,
            rejected=rejected, imported_at=now_iso(), mapping_sha256=mapping_sha256,
            imported_by=imported_by,
        ).on_conflict_do_nothing(index_elements=["sha256"]).returning(sources_table.c.source_id)
        source_id = con.execute(statement).scalar()
        if source_id is None:
            raise StoreError(f"Fichier déjà importé dans {describe(con.engine.url)} : {path}",
                             key="store_source_exists", found=sha256)
        return int(source_id)

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
        columns) makes the rows an importer owns replace the stored ones: on the primary key,
        each row replaces its namesake (``people``, an upsert); on its leading columns, every
        stored row sharing them with a frame row goes (``registrations`` by event: a new list
        replaces the event's whole list)."""
        replace = dict(replace_keys or {})
        for table, keys in replace.items():
            if not keys or list(keys) != primary_key(table)[:len(keys)]:
                raise StoreError(f"Remplacement dans {table} sur {keys} : seule la clé primaire "
                                 f"{primary_key(table)} ou son début est possible",
                                 key="store_replace_key", expected=", ".join(primary_key(table)),
                                 found=", ".join(keys))
        with self.transaction() as con:
            source_id = self.add_source(con, **source)
            for table, frame in tables.items():
                constants = {"source_id": source_id}
                keys = replace.get(table)
                if keys is not None and list(keys) == primary_key(table):
                    bulk.upsert_frame(con, TABLES[table], frame, constants=constants)
                    continue
                if keys and not frame.empty:
                    _delete_matching(con, TABLES[table], frame, keys)
                self.insert_frame(con, table, frame, constants=constants)
        return source_id

    def source_by_sha256(self, sha256: str) -> dict | None:
        if not self.exists():
            return None
        self._ensure_schema()
        with self.connect() as con:
            row = con.execute(sa.select(sources_table).where(sources_table.c.sha256 == sha256))
            found = row.mappings().first()
        return dict(found) if found else None

    # -- codings (one short transaction per click) ------------------------------------------------
    def set_coding(self, verbatim_id: str, code: str, coder: str, *, ticked: bool,
                   valence: int | None = None) -> bool:
        """Tick (upsert, with ``valence`` for the valence code) or untick (delete) one code of
        one verbatim by one coder. Returns False, writing nothing, when the verbatim is unknown
        (or was deleted by someone else meanwhile)."""
        table = codings_table
        try:
            with self.transaction() as con:
                if not _verbatim_known(con, verbatim_id):
                    return False
                if ticked:
                    insert = _insert(con, table).values(
                        verbatim_id=verbatim_id, code=code, coder=coder, valence=valence,
                        coded_at=now_iso())
                    con.execute(insert.on_conflict_do_update(
                        index_elements=primary_key("codings"),
                        set_={"valence": insert.excluded.valence,
                              "coded_at": insert.excluded.coded_at}))
                else:
                    con.execute(sa.delete(table).where(
                        table.c.verbatim_id == verbatim_id, table.c.code == code,
                        table.c.coder == coder))
        except sa.exc.IntegrityError:  # the verbatim went between the check and the write
            return False
        return True

    def set_adjudication(self, verbatim_id: str, code: str, adjudicator: str,
                         decision: int | None) -> bool:
        """Record (upsert) the adjudicated ``decision`` on one code of one verbatim (1 carried,
        0 not; for ``_valence`` the valence) or clear it (``None``): one transaction. Returns
        False, writing nothing, when the verbatim is unknown."""
        table = adjudications_table
        try:
            with self.transaction() as con:
                if not _verbatim_known(con, verbatim_id):
                    return False
                if decision is None:
                    con.execute(sa.delete(table).where(table.c.verbatim_id == verbatim_id,
                                                       table.c.code == code))
                else:
                    insert = _insert(con, table).values(
                        verbatim_id=verbatim_id, code=code, decision=int(decision),
                        adjudicator=adjudicator, decided_at=now_iso())
                    con.execute(insert.on_conflict_do_update(
                        index_elements=primary_key("adjudications"),
                        set_={name: insert.excluded[name]
                              for name in ("decision", "adjudicator", "decided_at")}))
        except sa.exc.IntegrityError:  # the verbatim went between the check and the write
            return False
        return True

    def replace_codings(self, coders: Iterable[str], frame: pd.DataFrame) -> int:
        """Replace every coding of ``coders`` by the rows of ``frame`` (one transaction)."""
        coders = list(coders)
        with self.transaction() as con:
            if coders:
                con.execute(sa.delete(codings_table).where(codings_table.c.coder.in_(coders)))
            return self.insert_frame(con, "codings", frame)

    # -- the committee's readings (append-only) ---------------------------------------------------
    def append_reading(self, row: Mapping[str, Any]) -> int:
        """Append one reading (``readings`` columns but the id and the time); returns its id."""
        return self._append(readings_table, row)

    def _append(self, table: sa.Table, row: Mapping[str, Any]) -> int:
        """Append one row of an append-only table (its columns but the id and the time)."""
        values = {c.name: row.get(c.name) for c in table.columns
                  if not c.primary_key and c.name != "recorded_at"}
        try:
            with self.transaction() as con:
                result = con.execute(sa.insert(table).values(**values, recorded_at=now_iso()))
                return int(result.inserted_primary_key[0])
        except sa.exc.DBAPIError as exc:  # busy, read-only, disk full: say it, lose nothing else
            reason = str(exc.orig) if exc.orig is not None else str(exc)
            raise StoreError(f"Écriture impossible dans {self.location} : {reason}",
                             key="store_write_failed", file=self.location,
                             found=reason) from exc

    # -- reading --------------------------------------------------------------------------------
    def read(self, table: str) -> pd.DataFrame:
        """One table as a DataFrame, in primary-key order (empty with the right columns when the
        store is new)."""
        if table not in TABLES:
            raise StoreError(f"Table inconnue : {table}", key="store_unknown_table", found=table)
        if not self.exists():
            return _empty(table)
        self._ensure_schema()
        with self.connect() as con:
            return _read_table(con, table)

    def load_dataset(self) -> Dataset:
        """All tables at once, from one snapshot, for indicators, dashboards and reports."""
        if not self.exists():
            return Dataset({table: _empty(table) for table in TABLES})
        self._ensure_schema()
        with self.connect() as con:
            if self.backend == "postgresql":  # one snapshot for every table
                con.execution_options(isolation_level="REPEATABLE READ")
            with con.begin():
                return Dataset({table: _read_table(con, table) for table in TABLES})

    def counts(self) -> dict[str, int]:
        """Rows per table (for the import notebook and the tests)."""
        if not self.exists():
            return {table: 0 for table in TABLES}
        self._ensure_schema()
        with self.connect() as con:
            return {name: con.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                    for name, table in TABLES.items()}

    def fingerprint(self) -> tuple:
        """Changes whenever anything is written (the store's revision counter), equal before and
        after a failed import: reports use it to tell whether their cached inputs are stale."""
        if not self.exists():
            return (self.location, None)
        with self.connect() as con:
            revision = con.execute(sa.select(meta.c.value).where(meta.c.key == "revision"))
            return (self.location, revision.scalar())

    def destroy(self) -> list[str]:
        """Remove the whole store (``workbench demo --fresh``): the SQLite file with its
        ``-wal``/``-shm``/``-journal`` files, or every table of the PostgreSQL database. Returns
        what was removed."""
        self._ready = False
        if self.path is not None:
            removed = []
            for suffix in ("", "-wal", "-shm", "-journal"):
                candidate = self.path.with_name(self.path.name + suffix)
                if candidate.exists():
                    candidate.unlink()
                    removed.append(str(candidate))
            return removed
        with connected(self.engine, self.location) as con, con.begin():
            present = set(sa.inspect(con).get_table_names())
            metadata.drop_all(con, checkfirst=True)
            con.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        return sorted(present & {*metadata.tables, "alembic_version"})


def _insert(con: sa.Connection, table: sa.Table):  # -> the dialect's Insert (with upserts)
    if con.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _delete_matching(con: sa.Connection, table: sa.Table, frame: pd.DataFrame,
                     keys: list[str]) -> None:
    """Delete the stored rows of ``table`` whose ``keys`` columns equal those of a frame row."""
    distinct = frame[keys].drop_duplicates().astype(object)
    distinct = distinct.where(distinct.notna(), None)
    columns = [table.c[k] for k in keys]
    if len(keys) == 1:
        condition = columns[0].in_(distinct[keys[0]].tolist())
    else:
        condition = sa.tuple_(*columns).in_(list(distinct.itertuples(index=False, name=None)))
    con.execute(sa.delete(table).where(condition))


def _bump_revision(con: sa.Connection) -> None:
    """Move the store's revision counter (last in the transaction: the row lock is brief)."""
    insert = _insert(con, meta).values(key="revision", value="1")
    con.execute(insert.on_conflict_do_update(
        index_elements=["key"],
        set_={"value": sa.cast(sa.cast(meta.c.value, sa.Integer) + 1, sa.Text)}))


def _empty(table: str) -> pd.DataFrame:
    return pd.DataFrame(columns=table_columns(table))


def _read_table(con: sa.Connection, name: str) -> pd.DataFrame:
    """A table in primary-key order, text keys compared by code point on both backends."""
    table = TABLES[name]
    order = [sa.collate(c, "C") if con.dialect.name == "postgresql" and isinstance(
        c.type, sa.Text) else c for c in table.primary_key.columns]
    return pd.read_sql(sa.select(table).order_by(*order), con)


def _verbatim_known(con: sa.Connection, verbatim_id: str) -> bool:
    """Whether the store holds ``verbatim_id`` (read inside the writing transaction)."""
    return con.execute(sa.select(sa.literal(1)).where(
        verbatims_table.c.verbatim_id == verbatim_id)).first() is not None
