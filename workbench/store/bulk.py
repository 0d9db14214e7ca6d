"""Large inserts at the speed of the database, inside the caller's transaction.

``bulk_insert(con, table, frame)`` writes through the driver connection under the SQLAlchemy
``Connection`` of the import, so the ``sources`` row and every table of one file still commit or
roll back as one:

- PostgreSQL (psycopg 3): ``COPY … FROM STDIN (FORMAT BINARY)``;
- SQLite: one prepared ``INSERT`` run over every row (``executemany``), with a 256 MiB page cache
  while loading.

Rows go in primary-key order (a B-tree append instead of a page split: about twice as fast on
millions of rows), chunk by chunk, each value converted to the column's type (text, integer,
double; missing → NULL) so that both databases store the same values. ``upsert_frame`` replaces
rows by their key (a re-imported sign-in sheet's people) through a staging table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

CHUNK = 100_000
_SQLITE_LOAD_CACHE_KIB = 262_144


def _kind(column: sa.Column) -> str:
    if isinstance(column.type, sa.Integer):
        return "int"
    if isinstance(column.type, sa.Float):
        return "float"
    return "text"


def python_values(column: sa.Column, series: pd.Series) -> np.ndarray:
    """The values of ``series`` as Python objects of ``column``'s type, ``None`` for missing."""
    if isinstance(series.dtype, pd.CategoricalDtype):  # convert each category once
        categories = python_values(column, pd.Series(series.cat.categories))
        lookup = np.append(categories, None)  # code -1 (missing) picks the last: None
        return lookup[series.cat.codes.to_numpy()]
    kind = _kind(column)
    missing = series.isna().to_numpy()
    if kind == "int":
        if series.dtype.kind not in "iufb":
            series = pd.to_numeric(series)
        values = pd.array(series.astype("float64") if series.dtype.kind == "b" else series,
                          dtype="Int64").to_numpy(dtype=object, na_value=None)
        return values
    if kind == "float":
        values = pd.to_numeric(series).astype("float64").to_numpy(dtype=object)
    else:
        values = series.to_numpy(dtype=object)
        if series.dtype.kind in "iufb" or pd.api.types.infer_dtype(values, skipna=True) not in (
                "string", "empty"):
            values = np.array([v if isinstance(v, str) else str(v) for v in values], dtype=object)
    if missing.any():
        values = values.copy()
        values[missing] = None
    return values


def rows(table: sa.Table, frame: pd.DataFrame, constants: Mapping[str, Any] | None = None,
         chunk: int = CHUNK) -> Iterator[list[tuple]]:
    """Chunks of row tuples in the order of ``columns_of(frame, constants)``."""
    constants = dict(constants or {})
    for start in range(0, len(frame), chunk):
        part = frame.iloc[start:start + chunk]
        columns = [python_values(table.c[name], part[name]) for name in part.columns]
        columns += [[value] * len(part) for value in constants.values()]
        yield list(zip(*columns, strict=True))


def columns_of(frame: pd.DataFrame, constants: Mapping[str, Any] | None = None) -> list[str]:
    return [*map(str, frame.columns), *(constants or {})]


def key_order(table: sa.Table, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` in primary-key order (as it is when already sorted: no copy)."""
    key = [c.name for c in table.primary_key.columns if c.name in frame.columns]
    if not key or len(key) < len(table.primary_key.columns) or len(frame) < 2:
        return frame
    if is_sorted(frame, key):
        return frame
    return frame.sort_values(key, ignore_index=True, kind="stable")


def _comparable(series: pd.Series) -> np.ndarray:
    """Values that compare like the series' own: category codes when the categories are in
    order (integers compare at C speed), else the values."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        if series.cat.categories.is_monotonic_increasing and not series.isna().any():
            return series.cat.codes.to_numpy()
        return series.to_numpy(dtype=object)
    return series.to_numpy()


def is_sorted(frame: pd.DataFrame, key: list[str], chunk: int = 1_000_000) -> bool:
    """Whether the rows are in lexicographic order of ``key`` (chunk by chunk: little memory)."""
    for start in range(0, len(frame) - 1, chunk):
        part = frame.iloc[start:start + chunk + 1]  # one row more: the next chunk's first
        decided = np.zeros(len(part) - 1, dtype=bool)
        for name in key:
            values = _comparable(part[name])
            first, rest = values[:-1], values[1:]
            try:
                if ((first > rest) & ~decided).any():
                    return False
                decided |= first < rest
            except TypeError:  # mixed types or missing values: let pandas sort
                return False
            if decided.all():
                break
    return True


def bulk_insert(con: sa.Connection, table: sa.Table, frame: pd.DataFrame, *,
                constants: Mapping[str, Any] | None = None) -> int:
    """Insert every row of ``frame`` (plus ``constants``, e.g. the ``source_id``) into ``table``
    inside ``con``'s transaction; driver errors come out as SQLAlchemy's (``IntegrityError``…)."""
    if frame.empty:
        return 0
    dbapi = con.dialect.loaded_dbapi
    try:
        _load(con, table, key_order(table, frame), constants)
    except dbapi.Error as exc:
        raise sa.exc.DBAPIError.instance(f"bulk insert into {table.name}", None, exc,
                                         dbapi.Error, dialect=con.dialect) from exc
    return len(frame)


def _load(con: sa.Connection, table: sa.Table, frame: pd.DataFrame,
          constants: Mapping[str, Any] | None, target: str | None = None) -> None:
    names = columns_of(frame, constants)
    raw = con.connection.dbapi_connection  # the driver connection of this transaction
    if con.dialect.name == "postgresql":
        from psycopg import sql

        copy_sql = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
            sql.Identifier(target or table.name), sql.SQL(", ").join(map(sql.Identifier, names)))
        types = [{"int": "int4", "float": "float8", "text": "text"}[_kind(table.c[name])]
                 for name in names]
        with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
            copy.set_types(types)
            for chunk in rows(table, frame, constants):
                for row in chunk:
                    copy.write_row(row)
        return
    quoted = ", ".join(con.dialect.identifier_preparer.quote(n) for n in names)
    insert = (f"INSERT INTO {con.dialect.identifier_preparer.quote(target or table.name)} "
              f"({quoted}) VALUES ({', '.join('?' * len(names))})")
    (cache,) = raw.execute("PRAGMA cache_size").fetchone()
    raw.execute(f"PRAGMA cache_size = -{_SQLITE_LOAD_CACHE_KIB}")
    try:
        for chunk in rows(table, frame, constants):
            raw.executemany(insert, chunk)
    finally:
        raw.execute(f"PRAGMA cache_size = {int(cache)}")


def upsert_frame(con: sa.Connection, table: sa.Table, frame: pd.DataFrame, *,
                 constants: Mapping[str, Any] | None = None) -> int:
    """Insert the rows of ``frame``, replacing the stored rows with the same primary key (every
    other column takes the new row's value, or its default), so that two evaluators importing at
    once never lose a row nor fail on each other's key: on SQLite one prepared ``INSERT … ON
    CONFLICT DO UPDATE`` over the rows; on PostgreSQL ``COPY`` into a staging table, then one
    such statement from it."""
    if frame.empty:
        return 0
    names = columns_of(frame, constants)
    key = [c.name for c in table.primary_key.columns]
    if con.dialect.name == "sqlite":  # one prepared upsert over the rows: no staging copy
        quote = con.dialect.identifier_preparer.quote
        others = [c.name for c in table.columns if c.name not in key]
        upsert = (f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "
                  f"VALUES ({', '.join('?' * len(names))}) "
                  f"ON CONFLICT ({', '.join(map(quote, key))}) DO UPDATE SET "
                  + ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in others))
        raw = con.connection.dbapi_connection
        try:
            for chunk in rows(table, key_order(table, frame), constants):
                raw.executemany(upsert, chunk)
        except con.dialect.loaded_dbapi.Error as exc:
            raise sa.exc.DBAPIError.instance(f"upsert into {table.name}", None, exc,
                                             con.dialect.loaded_dbapi.Error,
                                             dialect=con.dialect) from exc
        return len(frame)
    stage = f"stage_{table.name}"
    if con.dialect.name == "postgresql":
        con.exec_driver_sql(f'CREATE TEMP TABLE "{stage}" (LIKE "{table.name}" INCLUDING '
                            "DEFAULTS) ON COMMIT DROP")
        from sqlalchemy.dialects.postgresql import insert
    else:  # pragma: no cover - only SQLite and PostgreSQL stores exist
        raise NotImplementedError(con.dialect.name)
    dbapi = con.dialect.loaded_dbapi
    try:
        _load(con, table, key_order(table, frame), constants, target=stage)
    except dbapi.Error as exc:
        raise sa.exc.DBAPIError.instance(f"bulk insert into {stage}", None, exc, dbapi.Error,
                                         dialect=con.dialect) from exc
    staged = sa.table(stage, *(sa.column(n) for n in names))
    statement = insert(table).from_select(
        names, sa.select(*(staged.c[n] for n in names)).where(sa.true()))
    statement = statement.on_conflict_do_update(
        index_elements=key,
        set_={c.name: statement.excluded[c.name] for c in table.columns if c.name not in key})
    con.execute(statement)
    return len(frame)


__all__ = ["CHUNK", "bulk_insert", "is_sorted", "key_order", "python_values", "rows",
           "upsert_frame"]
