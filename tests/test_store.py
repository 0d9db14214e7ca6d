"""Store: schema, one-transaction writes, provenance, idempotency at the source level."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from workbench.errors import StoreError
from workbench.ingest.context import ImportReport, write_import
from workbench.store import TABLES, Store, table_columns


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


def test_initialise_creates_every_table(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite").initialise()
    assert set(store.counts()) == set(TABLES)
    assert all(v == 0 for v in store.counts().values())
    store.initialise()  # idempotent


def test_table_columns_parses_schema() -> None:
    expected = ["source_id", "wave", "instrument", "person_id", "item_id"]
    assert table_columns("responses")[:5] == expected
    assert "PRIMARY" not in table_columns("attendance")
    for table in TABLES:  # no constraint fragment is taken for a column
        columns = table_columns(table)
        assert len(columns) == len(set(columns)), table
        assert all(c.isidentifier() for c in columns), table
    assert table_columns("codings") == ["verbatim_id", "code", "coder", "valence", "coded_at"]


def test_write_import_is_one_transaction_with_provenance(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    report = write_import(store, _report(), _respondents())
    assert report.source_id == 1
    data = store.load_dataset()
    assert set(data["responses"]["source_id"]) == {1}
    assert data["sources"].loc[0, "sha256"] == "a" * 64
    answers = data.answers
    assert answers.loc[answers.person_id == "p_1", "group_id"].item() == "elus"


def test_failed_write_changes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    write_import(store, _report(), _respondents())
    before = store.counts()
    tables = _respondents()
    # a duplicate primary key in the second table makes the transaction fail half-way
    with pytest.raises(sqlite3.IntegrityError):
        write_import(store, _report(sha="b" * 64), tables)
    assert store.counts() == before
    assert store.source_by_sha256("b" * 64) is None


def test_dry_run_and_already_imported_write_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    write_import(store, _report(dry_run=True), _respondents())
    assert not store.path.exists() or sum(store.counts().values()) == 0
    write_import(store, _report(), _respondents())
    before = store.counts()
    write_import(store, _report(already_imported=True), _respondents())
    assert store.counts() == before


def test_unknown_column_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite").initialise()
    with pytest.raises(StoreError) as info, store.transaction() as con:
        store.insert_frame(con, "people", pd.DataFrame({"person_id": ["p"], "email": ["x@y.fr"]}))
    assert info.value.key == "store_unknown_column"


def test_schema_version_mismatch_is_explained(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite").initialise()
    with store.transaction() as con:
        con.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(StoreError) as info:
        store.initialise()
    assert info.value.key == "store_schema_mismatch"


def test_reading_a_missing_store_gives_empty_frames(tmp_path: Path) -> None:
    store = Store(tmp_path / "none.sqlite")
    assert store.read("attendance").columns.tolist() == table_columns("attendance")
    assert not store.path.exists()
