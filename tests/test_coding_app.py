"""The coding app driven programmatically: widget values in, store rows out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from conftest_import import store_bytes
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
from workbench.i18n import language
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
def store(store_location: str) -> Store:
    store = Store(store_location).initialise()
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
    c = app.controls
    assert app.coder is None and app.current_verbatim is None
    c["name"].value = "Hélène Le Gall"
    c["start"].click()
    assert app.coder == Pseudonymiser(purpose="coders").person_id("Hélène", "Le Gall")
    assert app.coder != Pseudonymiser().person_id("Hélène", "Le Gall")  # not a respondent id
    app.controls["lessons"]["L4"].value = True
    raw = store_bytes(store)
    assert b"Gall" not in raw and "Hélène".encode() not in raw
    with pytest.raises(CodingError):
        coder_id("   ")


def test_filters_start_on_what_is_left_to_code(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    c = app.controls
    assert (c["kind"].value, c["event"].value, c["qpv"].value) == ("*", "*", "*")
    assert c["state"].value == "uncoded" and c["state"].label == "Non codés (par moi)"
    assert c["kind"].label == "Tous les types" and c["event"].label == "Tous les événements"
    # each event told apart by its neighbourhood and date, not only its label
    labels = [label for label, value in c["event"].options if value != "*"]
    assert labels == ["Atelier habitants des Tilleuls · Les Tilleuls · 20/01/2024"]
    assert len(set(labels)) == len(labels)


def test_no_lesson_and_a_lesson_exclude_each_other(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    c = app.controls
    c["lessons"]["L1"].value = True
    c["lessons"]["L3"].value = True
    c["no_lesson"].value = True            # unticks L1 and L3, on screen and in the store
    assert not c["lessons"]["L1"].value and not c["lessons"]["L3"].value
    assert rows(store)["code"].tolist() == ["_none"]
    c["lessons"]["L2"].value = True        # unticks « Aucun enseignement »
    assert not c["no_lesson"].value
    assert rows(store)["code"].tolist() == ["L2"]
    c["next"].click()
    c["previous"].click()                  # what is shown again is what is stored
    assert c["lessons"]["L2"].value and not c["no_lesson"].value


def test_each_click_is_saved_at_once(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    coder = app.coder
    assert app.current_verbatim == "v1"
    app.controls["lessons"]["L4"].value = True
    app.controls["lessons"]["L5"].value = True
    app.controls["valence"].value = 1
    # read with a separate connection: committed, not pending
    with Store(store.url).connect() as con:
        saved = [tuple(r) for r in con.execute(sa.text(
            "SELECT verbatim_id, code, coder, valence FROM codings ORDER BY code"))]
    assert saved == [("v1", "L4", coder, None), ("v1", "L5", coder, None),
                     ("v1", "_valence", coder, 1)]
    c = app.controls
    c["lessons"]["L5"].value = False
    c["valence"].value = -1
    got = rows(store)
    assert got["code"].tolist() == ["L4", "_valence"]
    assert pd.isna(got.loc[0, "valence"]) and got.loc[1, "valence"] == -1

    c["next"].click()
    assert app.current_verbatim == "v2"
    assert not c["lessons"]["L4"].value and c["valence"].value is None
    assert len(rows(store)) == 2  # showing a verbatim writes nothing
    c["previous"].click()
    assert c["lessons"]["L4"].value and c["valence"].value == -1


def test_free_themes_and_no_lesson(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    c = app.controls
    c["theme_input"].value = "  Mobilité   douce "
    c["add_theme"].click()
    assert "#Mobilité douce" in set(rows(store)["code"])
    c["next"].click()
    app.add_theme("mobilite DOUCE")  # same theme, spelled differently: reused
    c["no_lesson"].value = True
    got = rows(store)
    assert sorted(got.loc[got["code"].str.startswith("#"), "verbatim_id"]) == ["v1", "v2"]
    assert set(got["code"]) == {"#Mobilité douce", "_none"}   # a theme is no lesson: kept
    assert app.add_theme("   ") is None and "vide" in app.status
    # a second app on the same store sees the theme as a checkbox
    other = CodingApp(store, FW, coder_name="Bruno Petit")
    assert "#Mobilité douce" in other.controls["themes"]


def test_filters(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    c = app.controls
    c["lessons"]["L1"].value = True  # v1
    c["state"].value = "*"
    c["state"].value = "uncoded"
    assert app.shown == ["v2", "v3", "v4"]
    c["state"].value = "+L1"
    assert app.shown == ["v1"]
    c["state"].value = "-L1"
    c["kind"].value = "msc"
    assert app.shown == ["v4"]
    c["kind"].value = "*"
    c["qpv"].value = "tilleuls"
    assert app.shown == ["v2", "v3"]
    c["event"].value = "S7-2024-01-20-tilleuls"
    c["state"].value = "coded"
    assert app.shown == ["v1"]
    c["qpv"].value = "moulin"
    assert app.shown == [] and app.current_verbatim is None
    assert c["lessons"]["L2"].disabled


def test_text_is_html_escaped(store: Store) -> None:
    app = CodingApp(store, FW, coder_name="Ana Lopez")
    shown = app.verbatim_html
    assert "&lt;b&gt;appris&lt;/b&gt;" in shown and "<b>appris" not in shown
    assert "&amp; autrement" in shown
    assert "Atelier habitants des Tilleuls" in shown and "Les Tilleuls" in shown


def test_two_coders_agreement_and_exports(store: Store, tmp_path: Path) -> None:
    first = CodingApp(store, FW, coder_name="Ana Lopez")
    second = CodingApp(store, FW, coder_name="Bruno Petit")
    plan = {"v1": ({"L4"}, {"L4"}), "v2": ({"L4", "L2"}, {"L2"}), "v3": (set(), {"L1"}),
            "v4": ({"L1"}, {"L1"})}
    for app, which in ((first, 0), (second, 1)):
        c = app.controls
        for vid in TEXTS:
            for code in plan[vid][which]:
                c["lessons"][code].value = True
            if not plan[vid][which]:
                c["no_lesson"].value = True
            c["valence"].value = 0
            c["next"].click()
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
        con.execute(sa.text("DELETE FROM verbatims WHERE verbatim_id = 'v1'"))
    app.controls["lessons"]["L3"].value = True
    assert not app.controls["lessons"]["L3"].value  # undone on screen
    assert "Non enregistré" in app.status
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


def test_every_verbatim_kind_has_a_french_name() -> None:
    """The kinds the verbatim importer writes (workshop notes included) read in French."""
    with language("fr"):
        names = {k: CodingApp._kind_name(k) for k in ("photolangage", "world_cafe", "msc",
                                                      "msc_selection", "open_answer",
                                                      "workshop_note")}
    assert names["workshop_note"] == "Note d'atelier (post-it, paperboard)"
    assert all(name != kind for kind, name in names.items())
