"""Schema versions with Alembic, run from the package: the user has no ``alembic.ini``, no
migrations folder to find, no command to type. ``Store.initialise`` calls ``upgrade`` inside its
own transaction, so a store is upgraded whole or not at all.

- a store whose revision this code does not know was written by a newer workbench: refused with
  a French message before anything is touched (``store_too_new``);
- a store made before Alembic (``meta.schema_version = 1``, no ``alembic_version``) is upgraded
  from the start: the baseline revision keeps its tables and rows and adds the missing ones;
- two processes upgrading at once: on PostgreSQL a transaction-scoped advisory lock serialises
  them; on SQLite the write transaction (``BEGIN IMMEDIATE``) does.

Developers add a revision by hand in ``migrations/versions`` (next number, ``down_revision`` the
previous head) and move ``schema.HEAD_REVISION`` to it.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from workbench.errors import StoreError
from workbench.store.schema import HEAD_REVISION, SCHEMA_VERSION

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_KEY = 0x776F726B62656E63  # any constant bigint, for pg_advisory_xact_lock


def _config(connection: sa.Connection | None = None):  # -> alembic.config.Config
    from alembic.config import Config

    config = Config()  # no ini file
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def known_revisions() -> list[str]:
    """Every revision of ``migrations/versions``, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def current_revision(connection: sa.Connection) -> str | None:
    """The store's Alembic revision; None when it has none (new, or made before Alembic)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _legacy_version(connection: sa.Connection) -> str | None:
    """``meta.schema_version`` of a store without Alembic; None for an empty database."""
    if not sa.inspect(connection).has_table("meta"):
        return None
    return connection.execute(
        sa.text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()


def state(connection: sa.Connection, location: str) -> str:
    """``current``, ``behind``, ``legacy`` (made before Alembic) or ``new``; a store this code
    cannot open raises a ``StoreError`` explaining why."""
    revision = current_revision(connection)
    if revision == HEAD_REVISION:
        return "current"
    if revision is not None:
        if revision not in known_revisions():
            raise StoreError(
                f"La base {location} a été écrite par une version plus récente du workbench "
                f"(révision de schéma {revision} ; cette version connaît jusqu'à la "
                f"{HEAD_REVISION}). Mettez le workbench à jour (pip install -U workbench) "
                "avant de l'ouvrir : rien n'a été modifié.",
                key="store_too_new", file=location, expected=HEAD_REVISION, found=revision)
        return "behind"
    legacy = _legacy_version(connection)
    if legacy is None:
        return "new"
    if legacy != "1":
        newer = legacy.isdigit() and int(legacy) > SCHEMA_VERSION
        raise StoreError(
            f"Base {location} au schéma {legacy}, attendu 1 à {SCHEMA_VERSION} : "
            + ("mettez le workbench à jour pour l'ouvrir." if newer else
               "reconstruisez-la depuis data/raw/ (workbench import)."),
            key="store_too_new" if newer else "store_schema_mismatch", file=location,
            expected=str(SCHEMA_VERSION), found=legacy)
    return "legacy"


def upgrade(connection: sa.Connection, location: str) -> str:
    """Bring the store to the head revision inside the caller's transaction; returns the state
    it was in (``current`` when nothing had to be done)."""
    found = state(connection, location)
    if found == "current":
        return found
    if connection.dialect.name == "postgresql":  # one upgrader at a time, then look again
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        found = state(connection, location)
        if found == "current":
            return found
    from alembic import command

    command.upgrade(_config(connection), "head")
    return found


__all__ = ["MIGRATIONS", "current_revision", "known_revisions", "state", "upgrade"]
