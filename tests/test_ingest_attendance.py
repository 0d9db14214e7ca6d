"""Sign-in sheet import: events, attendance, roles, presence, people; one file per event."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest_import import context, write_delimited, write_signin

from workbench.errors import ImportProblem
from workbench.ingest import import_file
from workbench.ingest.attendance import parse_date, parse_step

PEOPLE = [
    ["Le Gall", "Hélène", "CCAS", "Directrice", "Élue", "Les Tilleuls", "Animation", "X"],
    ["MARTIN", "Paul", "Association des jardins", "", "Association", "", "", "oui"],
    ["Durand", "Léa", "Ville : service des sports", "", "Service", "", "Co-animation", "présent"],
    ["Nguyen", "Minh", "", "", "Habitant·e", "Bel Air", "Participant", ""],
]


def test_one_event_sheet(store_location: str, tmp_path: Path) -> None:
    ctx = context(tmp_path, store_location)
    path = write_signin(tmp_path / "emargement_S7_2024-01-20.xlsx", PEOPLE, step=7,
                        date=dt.datetime(2024, 1, 20), qpv="Les Tilleuls",
                        event="Atelier habitants")
    report = import_file(path, **ctx)
    assert (report.kind, report.format, report.rows_imported) == ("attendance", "signin", 4)
    events = ctx["store"].read("events")
    assert events.to_dict("records")[0] | {"source_id": 0} == {
        "event_id": "S7-2024-01-20-tilleuls", "step_id": "S7", "date": "2024-01-20",
        "label": "Atelier habitants", "qpv": "tilleuls", "source_id": 0}
    pid = ctx["pseudonymiser"].person_id
    rows = ctx["store"].read("attendance").set_index("person_id")
    helene, paul = rows.loc[pid("Hélène", "Le Gall")], rows.loc[pid("Paul", "Martin")]
    lea, minh = rows.loc[pid("Léa", "Durand")], rows.loc[pid("Minh", "Nguyen")]
    assert (helene["group_id"], helene["organisation"], helene["qpv"]) == ("elus", "ccas",
                                                                          "tilleuls")
    assert (helene["role"], helene["present"]) == ("facilitator", 1)
    assert (paul["group_id"], paul["organisation"], paul["present"]) == (
        "acteurs", "Association des jardins", 1)
    assert (lea["organisation"], lea["role"]) == ("ville-sports", "facilitator")
    assert (minh["group_id"], minh["qpv"], minh["present"], minh["role"]) == (
        "habitants", "bel-air", 0, "participant")
    assert len(ctx["store"].read("people")) == 4


def test_same_file_twice_is_noop_other_file_same_event_is_refused(store_location: str,
                                                                  tmp_path: Path) -> None:
    ctx = context(tmp_path, store_location)
    first = write_signin(tmp_path / "emargement_S2_2023-03-09.xlsx", PEOPLE[:2])
    import_file(first, **ctx)
    counts = ctx["store"].counts()
    assert import_file(first, **ctx).already_imported
    (tmp_path / "copie").mkdir()
    second = write_signin(tmp_path / "copie" / "emargement_S2_2023-03-09.xlsx", PEOPLE)
    with pytest.raises(ImportProblem) as info:
        import_file(second, **ctx)
    assert info.value.key == "event_already_imported"
    assert "S2-2023-03-09" in info.value.message and "emargement_S2_2023-03-09.xlsx" in (
        info.value.message)
    assert ctx["store"].counts() == counts


def test_many_events_in_one_csv(store_location: str, tmp_path: Path) -> None:
    ctx = context(tmp_path, store_location)
    columns = ["Étape", "Date", "Événement", "Quartier", "Nom", "Prénom", "Catégorie", "Présent"]
    rows = [
        {"Étape": "2", "Date": "09/03/2023", "Événement": "Séminaire 1", "Nom": "A",
         "Prénom": "B", "Catégorie": "Élu", "Présent": "X"},
        {"Étape": "S2", "Date": "13/04/2023", "Événement": "Séminaire 2", "Nom": "A",
         "Prénom": "B", "Catégorie": "Élu", "Présent": "X"},
        {"Étape": "Étape 7", "Date": "2024-01-20", "Événement": "Atelier", "Quartier": "La Source",
         "Nom": "C", "Prénom": "D", "Catégorie": "Habitante", "Présent": "1"},
    ]
    path = write_delimited(tmp_path / "presences.csv", columns, rows, encoding="cp1252")
    report = import_file(path, kind="attendance", **ctx)
    assert report.rows_imported == 3
    assert sorted(ctx["store"].read("events")["event_id"]) == [
        "S2-2023-03-09", "S2-2023-04-13", "S7-2024-01-20-la-source"]


def test_csv_signin_is_detected_by_its_header(tmp_path: Path) -> None:
    text = ("Feuille d'émargement;;\r\nÉtape :;4;\r\nDate :;22/06/2023;\r\n;;\r\n"
            "Nom;Prénom;Présent\r\nDupont;Marie;X\r\n\r\n")
    path = tmp_path / "seminaire_services.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    report = import_file(path, **context(tmp_path))
    assert report.kind == "attendance"
    assert report.detected["events"] == ["S4-2023-06-22"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-03-09", "2023-03-09"), ("09/03/2023", "2023-03-09"), ("9/3/23", "2023-03-09"),
    ("9 mars 2023", "2023-03-09"), ("1er août 2024", "2024-08-01"), ("44994", "2023-03-09"),
    ("31/02/2023", None), ("demain", None),
])
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_parse_step(tmp_path: Path) -> None:
    fw = context(tmp_path)["framework"]
    assert [parse_step(x, fw) for x in ["2", "S2", "Étape 2", "2.0", "12", "x"]] == [
        "S2", "S2", "S2", "S2", None, None]
