"""The committee's reading: validation, pseudonymous author, history across waves, concurrent
writers (several processes at once, then SQLite's integrity check) and the widget panel."""

from __future__ import annotations

import contextlib
import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from conftest_import import store_bytes

from workbench.framework import load_framework
from workbench.indicators.readings import (
    ReadingError,
    agreement_label,
    readings_for,
    readings_html,
    readings_table,
)
from workbench.ingest.readings import record_reading
from workbench.privacy import Pseudonymiser
from workbench.store import Store

AUTHOR = "Camille Étienne-Martin"
XSS = "<script>alert(1)</script> & <img src=x onerror=alert(1)>"


@pytest.fixture
def fw():
    return load_framework()


@pytest.fixture
def store(store_location: str) -> Store:
    return Store(store_location).initialise()


def _record(store: Store, fw, **kw) -> int:
    fields = {"wave": "T1", "subject": "L3", "interpretation": "Le temps pris a payé.",
              "agreement": "consensus", "action": "Garder deux séminaires par an.",
              "author": AUTHOR}
    fields.update(kw)
    return record_reading(store, fw=fw, **fields)


def test_reading_is_stored_with_a_pseudonymous_author(store: Store, fw) -> None:
    reading_id = _record(store, fw)
    rows = store.read("readings")
    assert len(rows) == 1 and int(rows["reading_id"].iloc[0]) == reading_id
    row = rows.iloc[0]
    assert row["author_id"] == Pseudonymiser(purpose="authors").person_id(AUTHOR)
    assert row["author_id"] != Pseudonymiser().person_id(AUTHOR)  # not linkable to answers
    assert (row["wave"], row["subject"], row["agreement"]) == ("T1", "L3", "consensus")
    assert row["recorded_at"].endswith("+00:00")  # UTC
    dump = store_bytes(store).decode("utf-8", "replace")
    assert "Camille" not in dump and "Martin" not in dump


def test_agreement_accepts_french_and_english_labels(store: Store, fw) -> None:
    _record(store, fw, agreement="accord partiel")
    _record(store, fw, agreement="« Désaccord »")
    _record(store, fw, agreement="partial agreement")
    assert store.read("readings")["agreement"].tolist() == ["partial", "disagreement", "partial"]
    assert agreement_label("partial") == "accord partiel"


@pytest.mark.parametrize(("fields", "key", "found"), [
    ({"wave": "T9"}, "reading_unknown_wave", "T9"),
    ({"subject": "L99"}, "reading_unknown_subject", "L99"),
    ({"interpretation": "  ", "action": ""}, "reading_empty", ""),
    ({"agreement": "peut-être"}, "reading_bad_agreement", "peut-être"),
    ({"author": " "}, "reading_author_missing", ""),
    ({"action": "x" * 5001}, "reading_too_long", "5001"),
])
def test_bad_readings_are_refused_in_french(store: Store, fw, fields, key, found) -> None:
    with pytest.raises(ReadingError) as caught:
        _record(store, fw, **fields)
    error = caught.value
    assert error.key == key and error.found == found
    assert isinstance(error, ValueError)
    if found and key != "reading_too_long":
        assert f"« {found} »" in error.message
    assert len(store.read("readings")) == 0


def test_indicator_subject_is_accepted(store: Store, fw) -> None:
    indicator = fw.indicators[0].id
    _record(store, fw, subject=indicator)
    shown = readings_for(store, subject=indicator, fw=fw)
    assert shown["subject"].tolist() == [indicator]
    assert shown["subject_label"].iloc[0].startswith("Indicateur")


def test_earlier_waves_are_shown_on_later_waves(store: Store, fw) -> None:
    _record(store, fw, wave="T2", interpretation="troisième")
    _record(store, fw, wave="T0", interpretation="première")
    _record(store, fw, wave="T1", interpretation="deuxième")
    _record(store, fw, wave="T1", subject="L4", interpretation="autre sujet")
    at_t1 = readings_for(store, subject="L3", up_to_wave="T1", fw=fw)
    assert at_t1["interpretation"].tolist() == ["première", "deuxième"]
    at_t2 = readings_for(store, subject="L3", up_to_wave="T2", fw=fw)
    assert at_t2["wave"].tolist() == ["T0", "T1", "T2"]
    at_t0 = readings_for(store.read("readings"), subject="L3", up_to_wave="T0", fw=fw)
    assert at_t0["interpretation"].tolist() == ["première"]
    both = readings_for(store, subject=["L3", "L4"], up_to_wave="T1", fw=fw)
    assert sorted(both["subject"]) == ["L3", "L3", "L4"]
    assert len(readings_for(store, fw=fw)) == 4
    with pytest.raises(ReadingError):
        readings_for(store, up_to_wave="T7", fw=fw)


def test_readings_of_a_missing_store_are_empty(tmp_path: Path, fw) -> None:
    shown = readings_for(Store(tmp_path / "none.sqlite"), subject="L1", up_to_wave="T2", fw=fw)
    assert shown.empty and "interpretation" in shown.columns
    assert not (tmp_path / "none.sqlite").exists()


def test_html_and_table_escape_nothing_away(store: Store, fw) -> None:
    _record(store, fw, interpretation=XSS, action="ligne 1\nligne 2")
    shown = readings_for(store, subject="L3", fw=fw)
    markup = readings_html(shown)
    assert "<script>" not in markup and "<img" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" \
        in markup
    table = readings_table(shown)
    assert table.iloc[0, 3] == XSS  # raw in the table; writers of HTML escape it
    assert table.columns[0] == "Vague"


# --- concurrent writers ------------------------------------------------------------------------
WRITERS, WRITES_EACH = 6, 12


def _writer(path: str, secret_file: str, worker: int) -> None:
    import os

    os.environ["WORKBENCH_SECRET_FILE"] = secret_file
    fw = load_framework()
    for i in range(WRITES_EACH):
        record_reading(path, wave=fw.wave_ids[i % 3], subject=f"L{1 + worker % 7}",
                       interpretation=f"worker {worker} write {i}", agreement="consensus",
                       action="", author=f"Membre {worker}", fw=fw)


def test_concurrent_writers_do_not_corrupt_the_store(store_location: str) -> None:
    import os

    path = store_location  # not created yet: the writers race to create it too
    secret = os.environ["WORKBENCH_SECRET_FILE"]
    Pseudonymiser()  # the key exists before the writers start
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(str(path), secret, w)) for w in range(WRITERS)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
    alive = [p for p in workers if p.is_alive()]
    for process in alive:
        process.kill()
    assert not alive, "a writer hung"
    assert [p.exitcode for p in workers] == [0] * WRITERS
    store = Store(path)
    if store.path is not None:
        with contextlib.closing(sqlite3.connect(store.path)) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = store.read("readings")[["reading_id", "interpretation"]].values.tolist()
    assert len(rows) == WRITERS * WRITES_EACH
    assert len({r[0] for r in rows}) == len(rows)
    expected = {f"worker {w} write {i}" for w in range(WRITERS) for i in range(WRITES_EACH)}
    assert {r[1] for r in rows} == expected


# --- the panel ---------------------------------------------------------------------------------
def test_panel_saves_and_shows_history_escaped(store: Store, fw) -> None:
    from workbench.apps.readings import ReadingPanel

    _record(store, fw, wave="T0", interpretation="lecture de T0")
    _record(store, fw, wave="T2", interpretation="lecture de T2")
    panel = ReadingPanel(store, fw, wave="T1", subject="L3")
    assert (panel.subject, panel.wave) == ("L3", "T1")
    assert "lecture de T0" in panel.history_html and "lecture de T2" not in panel.history_html

    panel.fill(interpretation=XSS, agreement="partial", action="Revoir en COTECH",
               author="Dominique Léger")
    panel._save.click()
    assert panel.last_reading_id is not None
    stored = store.read("readings")
    saved = stored[stored["reading_id"] == panel.last_reading_id].iloc[0]
    assert (saved["wave"], saved["subject"], saved["agreement"]) == ("T1", "L3", "partial")
    assert saved["interpretation"] == XSS
    assert saved["author_id"] == Pseudonymiser(purpose="authors").person_id("Dominique Léger")
    history = panel.history_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in history
    assert "<script>" not in history and "<img" not in history
    assert "accord partiel" in history and "Lecture enregistrée" in panel.status_html

    panel.set_subject("L4")
    assert "lecture de T0" not in panel.history_html
    assert "Aucune lecture" in panel.history_html
    panel.set_subject("L3", wave="T2")
    assert "lecture de T2" in panel.history_html


def test_panel_reports_problems_in_french_and_saves_nothing(store: Store, fw) -> None:
    from workbench.apps.readings import ReadingPanel

    panel = ReadingPanel(store, fw, subject=fw.indicators[0].id)
    panel.fill(interpretation="", action="", author="Alex")
    panel._save.click()
    assert "Lecture vide" in panel.status_html
    assert store.read("readings").empty
    panel.fill(interpretation="Bien", author="")
    assert panel.save() is None
    assert "Indiquez qui saisit" in panel.status_html
    assert panel.errors == []  # expected problems are messages, not failures
    assert store.read("readings").empty


def test_panel_sees_readings_saved_by_others_after_its_own_save(store: Store, fw) -> None:
    from workbench.apps.readings import ReadingPanel

    first = ReadingPanel(store, fw, wave="T1", subject="L2")
    other = ReadingPanel(store, fw, wave="T1", subject="L2")
    other.fill(interpretation="vu par un autre membre", author="B")
    other.save()
    first.fill(interpretation="ma lecture", author="A")
    first.save()
    assert "vu par un autre membre" in first.history_html
    assert "ma lecture" in first.history_html

