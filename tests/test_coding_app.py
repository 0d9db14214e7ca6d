"""The coding app driven programmatically: widget values in, store rows out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from conftest_publication import hand_publication

from workbench.apps.coding import CodingApp
from workbench.config import DEFAULT_FRAMEWORK
from workbench.exports.codebook import (
    codebook,
    quotes_table,
    write_codebook_csv,
    write_quotes_csv,
)
from workbench.framework import load_framework
from workbench.ingest.coding import (
    CodingError,
    adjudicate,
    coder_id,
    read_adjudications,
    set_code,
)
from workbench.privacy import Pseudonymiser
from workbench.stats.agreement import agreement_by_code
from workbench.store import Store

FW = load_framework(DEFAULT_FRAMEWORK)
TEXTS = {
    "v1": "Nous avons <b>appris</b> à travailler ensemble & autrement.",
    "v2": "=HYPERLINK(\"http://x\") mon quartier",
    "v3": "Les élus sont venus.",
    "v4": "Un récit d'un autre quartier.",
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "wb.sqlite").initialise()
    with store.transaction() as con:
        sid = store.add_source(con, path="v.xlsx", sha256="x" * 64, format="xlsx",
                               instrument="verbatims", rows=4)
        store.insert_frame(con, "events", pd.DataFrame([
            {"event_id": "S7-2024-01-20-tilleuls", "step_id": "S7", "date": "2024-01-20",
             "label": "Atelier habitants des Tilleuls", "qpv": "tilleuls", "source_id": sid}]))
        store.insert_frame(con, "verbatims", pd.DataFrame([
            {"verbatim_id": vid, "source_id": sid,
             "kind": "msc" if vid == "v4" else "photolangage",
             "event_id": "S7-2024-01-20-tilleuls", "wave": "T2",
             "qpv": "moulin" if vid == "v4" else "tilleuls", "group_id": "habitants",
             "text": text, "quotable": int(vid != "v3")} for vid, text in TEXTS.items()]))
    return store


def rows(store: Store) -> pd.DataFrame:
    return store.read("codings").sort_values(["verbatim_id", "code"]).reset_index(drop=True)


def test_coder_name_is_hashed_never_stored(store: Store) -> None:
    app = CodingApp(store, FW)
    assert app.coder is None and app._coding.layout.display == "none"
    app._name.value = "Hélène Le Gall"
    app._start.click()
    assert app.coder == Pseudonymiser(purpose="coders").person_id("Hélène", "Le Gall")
    assert app.coder != Pseudonymiser().person_id("Hélène", "Le Gall")  # not a respondent id
    app._lessons["L4"].value = True
    raw = store.path.read_bytes() + b"".join(
        p.read_bytes() for p in store.path.parent.glob("wb.sqlite*"))
    assert b"Gall" not in raw and "Hélène".encode() not in raw
    with pytest.raises(CodingError):
        coder_id("   ")


def test_each_click_is_saved_at_once(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    coder = app.coder
    assert app.current_verbatim == "v1"
    app._lessons["L4"].value = True
    app._lessons["L5"].value = True
    app._valence.value = 1
    # read with a separate connection: committed, not pending
    with sqlite3.connect(store.path) as con:
        saved = con.execute("SELECT verbatim_id, code, coder, valence FROM codings "
                            "ORDER BY code").fetchall()
    assert saved == [("v1", "L4", coder, None), ("v1", "L5", coder, None),
                     ("v1", "_valence", coder, 1)]
    app._lessons["L5"].value = False
    app._valence.value = -1
    got = rows(store)
    assert got["code"].tolist() == ["L4", "_valence"]
    assert pd.isna(got.loc[0, "valence"]) and got.loc[1, "valence"] == -1

    app._next.click()
    assert app.current_verbatim == "v2"
    assert not app._lessons["L4"].value and app._valence.value is None
    assert len(rows(store)) == 2  # showing a verbatim writes nothing
    app._previous.click()
    assert app._lessons["L4"].value and app._valence.value == -1


def test_free_themes_and_no_lesson(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    app._theme_input.value = "  Mobilité   douce "
    app._add_theme.click()
    assert "#Mobilité douce" in set(rows(store)["code"])
    app._next.click()
    app.add_theme("mobilite DOUCE")  # same theme, spelled differently: reused
    app._none.value = True
    got = rows(store)
    assert sorted(got.loc[got["code"].str.startswith("#"), "verbatim_id"]) == ["v1", "v2"]
    assert set(got["code"]) == {"#Mobilité douce", "_none"}
    assert app.add_theme("   ") is None and "vide" in app._status.value
    # a second app on the same store sees the theme as a checkbox
    other = CodingApp(store, FW, coder_name="Bruno Petit")
    assert "#Mobilité douce" in other._theme_boxes


def test_filters(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    app._lessons["L1"].value = True  # v1
    app._state.value = "uncoded"
    assert list(app._rows["verbatim_id"]) == ["v2", "v3", "v4"]
    app._state.value = "+L1"
    assert list(app._rows["verbatim_id"]) == ["v1"]
    app._state.value = "-L1"
    app._kind.value = "msc"
    assert list(app._rows["verbatim_id"]) == ["v4"]
    app._kind.value = "*"
    app._qpv.value = "tilleuls"
    assert list(app._rows["verbatim_id"]) == ["v2", "v3"]
    app._event.value = "S7-2024-01-20-tilleuls"
    app._state.value = "coded"
    assert list(app._rows["verbatim_id"]) == ["v1"]
    app._qpv.value = "moulin"
    assert app._rows.empty and app.current_verbatim is None
    assert app._lessons["L2"].disabled


def test_text_is_html_escaped(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    shown = app._text.value
    assert "&lt;b&gt;appris&lt;/b&gt;" in shown and "<b>appris" not in shown
    assert "&amp; autrement" in shown
    assert "Atelier habitants des Tilleuls" in shown and "Les Tilleuls" in shown


def test_two_coders_agreement_and_exports(store: Store, tmp_path: Path) -> None:
    first = CodingApp(store, FW, coder_name="Ana Lopez")
    second = CodingApp(store, FW, coder_name="Bruno Petit")
    plan = {"v1": ({"L4"}, {"L4"}), "v2": ({"L4", "L2"}, {"L2"}), "v3": (set(), {"L1"}),
            "v4": ({"L1"}, {"L1"})}
    for app, which in ((first, 0), (second, 1)):
        for vid in TEXTS:
            for code in plan[vid][which]:
                app._lessons[code].value = True
            if not plan[vid][which]:
                app._none.value = True
            app._valence.value = 0
            app._next.click()
    codings = store.read("codings")
    assert codings["coder"].nunique() == 2
    table = agreement_by_code(codings).set_index("code")
    # L4: coder 1 = (1,1,0,0), coder 2 = (1,0,0,0) → κ = 0.5
    assert table.loc["L4", "method"] == "cohen_kappa"
    assert table.loc["L4", "value"] == pytest.approx(0.5)
    assert table.loc["L2", "value"] == pytest.approx(1.0)

    book = codebook(FW, codings)
    assert list(book.columns) == ["name", "description"]
    assert list(book["name"]) == [le.id for le in FW.lessons]
    path = write_codebook_csv(tmp_path / "out" / "codebook.csv", FW, codings)
    assert pd.read_csv(path, encoding="utf-8-sig")["name"].tolist()[:2] == ["L1", "L2"]

    quotes = quotes_table(store.read("verbatims"), codings, FW).set_index("verbatim_id")
    assert {"L1", "L7", "valence", "text"} <= set(quotes.columns)
    # more than half of the coders: v2 carries L2 (2/2), not L4 (1/2, a tie); v3 not L1 (tie)
    assert quotes.loc["v2", ["L2", "L4", "L1"]].tolist() == [1, 0, 0]
    assert quotes.loc["v3", "L1"] == 0
    adjudicate(store, "v3", "L1", coder_id("Chloé Arbitre"), True)
    decided = quotes_table(store.read("verbatims"), codings, FW,
                           adjudications=read_adjudications(store)).set_index("verbatim_id")
    assert decided.loc["v3", "L1"] == 1
    assert quotes.loc["v2", "text"].startswith("'=HYPERLINK")  # formula neutralised
    from workbench.indicators.qualitative import voices_section

    pub = hand_publication(FW, quotes=voices_section(store.load_dataset(), FW))
    path = write_quotes_csv(tmp_path / "quotes.csv", pub)
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert "v3" not in set(back["verbatim_id"])


def test_store_errors_are_reported_not_raised(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    with pytest.raises(CodingError):
        set_code(store, "nope", "L1", app.coder, True)
    with store.transaction() as con:  # the verbatim disappears under the app
        con.execute("DELETE FROM verbatims WHERE verbatim_id = 'v1'")
    app._lessons["L3"].value = True
    assert not app._lessons["L3"].value  # undone on screen
    assert "Non enregistré" in app._status.value
    assert store.read("codings").empty


def test_adjudication_is_validated_and_stored_once_per_code(store: Store) -> None:
    """``adjudicate``: one row per verbatim × code (the last decision), the adjudicator's
    pseudonymous id, French errors with a key for a bad decision, code or verbatim."""
    judge = coder_id("Chloé Arbitre")
    adjudicate(store, "v1", "L4", judge, True)
    adjudicate(store, "v1", "L4", judge, False)  # changed their mind: replaced
    adjudicate(store, "v1", "_valence", judge, -1)
    table = read_adjudications(store).set_index("code")
    assert table.loc["L4", "decision"] == 0 and table.loc["_valence", "decision"] == -1
    assert set(table["adjudicator"]) == {judge} and "Chloé" not in table.to_string()
    for code, decision, key in (("L4", 2, "adjudication_bad_decision"),
                                ("_valence", 3, "adjudication_bad_decision"),
                                ("L4", "oui", "adjudication_bad_decision"),
                                ("_none", 1, "adjudication_code")):
        with pytest.raises(CodingError) as err:
            adjudicate(store, "v1", code, judge, decision)
        assert err.value.key == key
    with pytest.raises(CodingError) as err:
        adjudicate(store, "nope", "L4", judge, 1)
    assert err.value.key == "unknown_verbatim"
    adjudicate(store, "v1", "L4", judge, None)  # withdrawn
    assert set(read_adjudications(store)["code"]) == {"_valence"}


def test_adjudication_panel_decides_ties(store: Store) -> None:
    from workbench.apps.adjudication import AdjudicationPanel

    CodingApp(store, FW, coder_name="Ana Lopez")._lessons["L4"].value = True  # v1: Ana ticks
    bruno = CodingApp(store, FW, coder_name="Bruno Petit")
    bruno._lessons["L1"].value = True  # v1: Bruno ticks L1 only → two ties on v1
    panel = AdjudicationPanel(store, FW)
    assert panel.adjudicator is None and len(panel.disagreements) == 2
    panel.decide(1)  # no name yet: nothing saved
    assert read_adjudications(store).empty and "nom" in panel._status.value
    panel.start("Chloé Arbitre")
    first = panel.current
    assert first["status"] == "tie" and first["verbatim_id"] == "v1"
    assert "Nous avons &lt;b&gt;appris" in panel._text.value  # free text escaped
    panel._keep.click()
    saved = read_adjudications(store)
    assert saved[["verbatim_id", "code", "decision"]].values.tolist() == [
        ["v1", first["code"], 1]]
    assert panel.current["code"] != first["code"]  # on to the next open tie
    panel._drop.click()
    assert sorted(read_adjudications(store)["decision"].tolist()) == [0, 1]
    assert (panel.disagreements["status"] == "adjudicated").all()
    assert "0 en attente" in panel._summary.value
