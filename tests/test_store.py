"""Store: schema, one-transaction writes, provenance, idempotency at the source level, schema
versions (Alembic) — each on SQLite and on a throwaway PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from workbench.config import Paths
from workbench.errors import StoreError
from workbench.ingest.context import ImportReport, write_import
from workbench.store import HEAD_REVISION, SCHEMA_VERSION, TABLES, Store, migrate, table_columns
from workbench.store.schema import metadata

LEGACY_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE sources (
    source_id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL, instrument TEXT NOT NULL, wave TEXT, rows INTEGER NOT NULL,
    rejected INTEGER NOT NULL DEFAULT 0, imported_at TEXT NOT NULL, mapping_sha256 TEXT);
CREATE TABLE people (
    person_id TEXT PRIMARY KEY, group_id TEXT, organisation TEXT, qpv TEXT,
    source_id INTEGER NOT NULL REFERENCES sources);
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO sources VALUES (1, 'vieux.csv', 'c', 'limesurvey', 'barometre', 'T0', 1, 0,
                            '2024-01-01T00:00:00+00:00', NULL);
INSERT INTO people VALUES ('p_old', 'elus', NULL, NULL, 1);
"""


def _report(sha: str = "a" * 64, **kw) -> ImportReport:
    return ImportReport(file="f.csv", sha256=sha, kind="questionnaire", format="limesurvey",
                        wave="T0", rows_imported=2, **kw)


def _respondents() -> dict[str, pd.DataFrame]:
    respondents = pd.DataFrame(
        {"wave": ["T0", "T0"], "instrument": ["barometre"] * 2, "person_id": ["p_1", "p_2"],
         "group_id": ["elus", "services"], "qpv": ["tilleuls", None]}
    )
    responses = pd.DataFrame(
        {"wave": ["T0"] * 2, "instrument": ["barometre"] * 2, "person_id": ["p_1", "p_2"],
         "item_id": ["Q01", "Q01"], "value": [4.0, None], "label": ["Plutôt d'accord", ""],
         "missing": [None, "nsp"]}
    )
    return {"respondents": respondents, "responses": responses}


def test_initialise_creates_every_table(store_location: str) -> None:
    store = Store(store_location).initialise()
    assert set(store.counts()) == set(TABLES)
    assert all(v == 0 for v in store.counts().values())
    Store(store_location).initialise()  # idempotent, in another process's Store too
    with store.connect() as con:
        assert migrate.current_revision(con) == HEAD_REVISION


def test_migrations_create_the_schema_the_code_declares(store_location: str) -> None:
    """Alembic's revisions and ``schema.py`` describe the same tables, columns and keys."""
    assert migrate.known_revisions()[-1] == HEAD_REVISION
    store = Store(store_location).initialise()
    with store.connect() as con:
        inspector = sa.inspect(con)
        for name, table in metadata.tables.items():
            columns = inspector.get_columns(name)
            assert [c["name"] for c in columns] == list(table.columns.keys()), name
            assert [c["nullable"] for c in columns] == [
                c.nullable for c in table.columns], name
            key = inspector.get_pk_constraint(name)["constrained_columns"]
            assert key == [c.name for c in table.primary_key.columns], name
            references = {(tuple(f["constrained_columns"]), f["referred_table"])
                          for f in inspector.get_foreign_keys(name)}
            assert references == {((f.parent.name,), f.column.table.name)
                                  for f in table.foreign_keys}, name


def test_table_columns_follow_the_schema() -> None:
    expected = ["source_id", "wave", "instrument", "person_id", "item_id"]
    assert table_columns("responses")[:5] == expected
    for table in TABLES:
        columns = table_columns(table)
        assert len(columns) == len(set(columns)), table
        assert all(c.isidentifier() for c in columns), table
    assert table_columns("codings") == ["verbatim_id", "code", "coder", "valence", "coded_at"]


def test_write_import_is_one_transaction_with_provenance(store_location: str) -> None:
    store = Store(store_location)
    report = write_import(store, _report(), _respondents(), imported_by="p_evaluatrice")
    assert report.source_id == 1
    data = store.load_dataset()
    assert set(data["responses"]["source_id"]) == {1}
    assert data["sources"].loc[0, "sha256"] == "a" * 64
    assert data["sources"].loc[0, "imported_by"] == "p_evaluatrice"
    answers = data.answers
    assert answers.loc[answers.person_id == "p_1", "group_id"].item() == "elus"
    responses = data["responses"].set_index("person_id")
    assert responses.loc["p_1", "value"] == 4.0 and pd.isna(responses.loc["p_2", "value"])
    assert responses.loc["p_2", "label"] == "" and pd.isna(responses.loc["p_1", "missing"])


def test_failed_write_changes_nothing(store_location: str) -> None:
    store = Store(store_location)
    write_import(store, _report(), _respondents())
    before, revision = store.counts(), store.fingerprint()
    tables = _respondents()
    # a duplicate primary key in the second table makes the transaction fail half-way
    with pytest.raises(sa.exc.IntegrityError):
        write_import(store, _report(sha="b" * 64), tables)
    assert store.counts() == before and store.fingerprint() == revision
    assert store.source_by_sha256("b" * 64) is None


def test_a_file_imported_meanwhile_is_already_imported(store_location: str) -> None:
    """Two evaluators importing the same file: the second one writes nothing."""
    first, second = Store(store_location), Store(store_location)
    write_import(first, _report(), _respondents())
    late = _report()  # checked before the first import was committed: not known then
    report = write_import(second, late, _respondents())
    assert report.already_imported and report.source_id == 1
    assert second.counts()["respondents"] == 2


def test_replaced_rows_take_the_new_values(store_location: str) -> None:
    store = Store(store_location)
    people = pd.DataFrame({"person_id": ["p_2", "p_1"], "group_id": ["elus", None],
                           "organisation": ["ccas", "caf"]})
    write_import(store, _report(), {"people": people}, replace_keys={"people": ["person_id"]})
    again = pd.DataFrame({"person_id": ["p_1", "p_3"], "group_id": ["services", "elus"]})
    write_import(store, _report(sha="b" * 64), {"people": again},
                 replace_keys={"people": ["person_id"]})
    stored = store.read("people")
    assert stored["person_id"].tolist() == ["p_1", "p_2", "p_3"]  # key order on both
    p_1 = stored.set_index("person_id").loc["p_1"]
    assert (p_1["group_id"], p_1["source_id"]) == ("services", 2) and pd.isna(p_1["organisation"])
    with pytest.raises(StoreError) as info:
        write_import(store, _report(sha="c" * 64), {"people": again},
                     replace_keys={"people": ["group_id"]})
    assert info.value.key == "store_replace_key"


def test_rows_replaced_on_the_start_of_their_key_replace_the_whole_group(
        store_location: str) -> None:
    """A new registration list of an event replaces the event's list (people who left it go);
    other events' lists stay."""
    store = Store(store_location)

    def listed(event: str, *persons: str) -> pd.DataFrame:
        return pd.DataFrame({"event_id": event, "person_id": list(persons)})

    first = pd.concat([listed("S1", "p_1", "p_2"), listed("S2", "p_1")])
    write_import(store, _report(), {"registrations": first},
                 replace_keys={"registrations": ["event_id"]})
    write_import(store, _report(sha="b" * 64), {"registrations": listed("S1", "p_3", "p_2")},
                 replace_keys={"registrations": ["event_id"]})
    stored = store.read("registrations")
    assert list(zip(stored["event_id"], stored["person_id"], stored["source_id"],
                    strict=True)) == [("S1", "p_2", 2), ("S1", "p_3", 2), ("S2", "p_1", 1)]


def test_values_are_stored_as_their_column_type(store_location: str) -> None:
    """Both databases give back the same values whatever the frame's dtypes."""
    store = Store(store_location)
    with store.transaction() as con:
        source = store.add_source(con, path="v.csv", sha256="v" * 64, format="test",
                                  instrument="verbatims", rows=2)
        store.insert_frame(con, "verbatims", pd.DataFrame({
            "verbatim_id": ["v2", "v1"], "kind": ["msc", "msc"], "table_no": [3, 12],
            "round": ["2", None],
            "text": ["« Écoute »\nensuite", ""], "quotable": [True, False],
            "votes": [2.0, float("nan")]}), constants={"source_id": source})
    stored = store.read("verbatims").set_index("verbatim_id")
    assert stored["table_no"].tolist() == ["12", "3"] and pd.isna(stored.loc["v1", "round"])
    assert stored.loc["v2", "text"] == "« Écoute »\nensuite" and stored.loc["v1", "text"] == ""
    assert stored["quotable"].tolist() == [0, 1] and stored.loc["v2", "votes"] == 2


def test_dry_run_and_already_imported_write_nothing(store_location: str) -> None:
    store = Store(store_location)
    write_import(store, _report(dry_run=True), _respondents())
    assert not store.exists() or sum(store.counts().values()) == 0
    write_import(store, _report(), _respondents())
    before = store.counts()
    write_import(store, _report(already_imported=True), _respondents())
    assert store.counts() == before


def test_unknown_column_is_refused(store_location: str) -> None:
    store = Store(store_location).initialise()
    with pytest.raises(StoreError) as info, store.transaction() as con:
        store.insert_frame(con, "people", pd.DataFrame({"person_id": ["p"], "email": ["x@y.fr"]}))
    assert info.value.key == "store_unknown_column"


def test_a_store_from_a_newer_workbench_is_refused_untouched(store_location: str) -> None:
    store = Store(store_location)
    write_import(store, _report(), _respondents())
    with store.transaction() as con:
        con.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    newer = Store(store_location)
    for action in (newer.initialise, lambda: newer.read("responses"), newer.load_dataset):
        with pytest.raises(StoreError) as info:
            action()
        assert info.value.key == "store_too_new"
        assert "plus récente" in str(info.value) and "0099" in str(info.value)
    with newer.connect() as con:
        assert migrate.current_revision(con) == "0099"


def test_legacy_sqlite_store_is_upgraded_with_its_rows(tmp_path: Path) -> None:
    """A store written by the workbench before Alembic (schema 1, before ``readings`` too)
    upgrades itself, keeping its rows."""
    path = tmp_path / "ancien.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript(LEGACY_DDL)
    store = Store(path)
    people = store.read("people")
    assert people["person_id"].tolist() == ["p_old"]
    assert "imported_by" in store.read("sources").columns
    with store.connect() as con:
        assert migrate.current_revision(con) == HEAD_REVISION
        version = con.execute(sa.text("SELECT value FROM meta WHERE key = 'schema_version'"))
        assert version.scalar() == str(SCHEMA_VERSION)
    report = write_import(store, _report(), _respondents())
    assert report.source_id == 2


def test_legacy_store_of_unknown_schema_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "ancien.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript(LEGACY_DDL.replace("'schema_version', '1'", "'schema_version', '0'"))
    with pytest.raises(StoreError) as info:
        Store(path).initialise()
    assert info.value.key == "store_schema_mismatch"


def test_a_failed_migration_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    """The upgrade runs in the store's transaction: a failure half-way rolls all of it back
    (SQLite's DDL included, thanks to ``BEGIN IMMEDIATE`` on the driver's own transaction)."""
    path = tmp_path / "ancien.sqlite"
    with sqlite3.connect(path) as con:  # 0001 adds the missing tables, then 0002 fails
        con.executescript(LEGACY_DDL + "ALTER TABLE sources ADD COLUMN imported_by TEXT;")
    with pytest.raises(sa.exc.OperationalError):
        Store(path).initialise()
    with sqlite3.connect(path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "alembic_version" not in tables and "responses" not in tables
        assert con.execute("SELECT value FROM meta").fetchone() == ("1",)
        assert con.execute("SELECT person_id FROM people").fetchall() == [("p_old",)]


def test_reading_a_missing_store_gives_empty_frames(tmp_path: Path) -> None:
    store = Store(tmp_path / "none.sqlite")
    assert store.read("attendance").columns.tolist() == table_columns("attendance")
    assert store.load_dataset()["responses"].empty and store.fingerprint()[1] is None
    assert not store.path.exists()


def test_reading_a_new_postgresql_database_creates_nothing(pg_url: str) -> None:
    store = Store(pg_url)
    assert not store.exists() and store.counts()["sources"] == 0
    assert store.read("responses").columns.tolist() == table_columns("responses")
    assert not store.exists()


def test_locations_and_messages_hide_passwords(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://equipe:motdepasse@db.exemple.fr:5432/contrat"
    monkeypatch.setenv("WORKBENCH_STORE", url)
    paths = Paths.default()
    assert paths.store == url
    store = Store(paths.store)
    assert store.backend == "postgresql" and store.path is None
    assert "motdepasse" not in store.location and "db.exemple.fr" in store.location
    assert store.url.drivername == "postgresql+psycopg"
    assert Store("postgres://u@h/d").url.drivername == "postgresql+psycopg"
    assert Store(tmp_path / "a.sqlite").backend == "sqlite"
    monkeypatch.setenv("WORKBENCH_STORE", str(tmp_path / "equipe.sqlite"))
    assert Paths.default().store == tmp_path / "equipe.sqlite"


def test_an_unreachable_server_is_explained(tmp_path: Path) -> None:
    store = Store(f"postgresql://equipe:secret@/contrat?host={tmp_path}&port=1")
    with pytest.raises(StoreError) as info:
        store.read("responses")
    assert info.value.key == "store_unreachable"
    assert "Impossible d'ouvrir la base" in str(info.value) and "secret" not in str(info.value)


def test_destroy_removes_the_whole_store(store_location: str) -> None:
    store = Store(store_location)
    write_import(store, _report(), _respondents())
    removed = store.destroy()
    assert removed and not store.exists()
    assert Store(store_location).counts()["responses"] == 0
    write_import(Store(store_location), _report(), _respondents())  # usable again


def test_each_import_keeps_its_pseudonymous_author(store_location: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest_import import BAROMETRE_MAPPING, context, ls_row, write_limesurvey

    from workbench.ingest import import_file

    (tmp_path / "barometre.mapping.yml").write_text(BAROMETRE_MAPPING, encoding="utf-8")
    ctx = context(tmp_path, store_location)
    monkeypatch.setenv("WORKBENCH_USER", "Ana Lopez")
    import_file(write_limesurvey(tmp_path / "barometre_T0.csv", [ls_row(1, "Jo", "Pré")]), **ctx)
    monkeypatch.delenv("WORKBENCH_USER")
    monkeypatch.setenv("USER", "bmartin")
    monkeypatch.setenv("LOGNAME", "bmartin")
    import_file(write_limesurvey(tmp_path / "barometre_T1.csv", [ls_row(2, "Jo", "Pré")]), **ctx)
    authors = ctx["store"].read("sources")["imported_by"].tolist()
    pseudonymiser = ctx["pseudonymiser"]
    assert authors == [pseudonymiser.person_id("Ana Lopez"), pseudonymiser.person_id("bmartin")]
    dump = "\n".join(map(str, ctx["store"].read("sources").to_numpy().ravel()))
    assert "Ana" not in dump and "bmartin" not in dump


def test_watchers_run_after_each_committed_write(store_location: str) -> None:
    """A widget watching the store (``Store.watch``) hears of every write made in this
    process through any ``Store`` of the same location, and of none that was rolled back."""
    heard: list[str] = []
    watched = Store(store_location)
    watched.watch(lambda: heard.append("write"))
    writer = Store(store_location)
    writer.append_reading({"wave": "T1", "subject": "L1", "interpretation": "lu"})
    assert heard == ["write"]
    with pytest.raises(RuntimeError), writer.transaction():
        raise RuntimeError("rolled back")
    assert heard == ["write"]
