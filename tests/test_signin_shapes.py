"""Sign-in sheets as teams really keep them: each shape imports through the same calls the import
app makes (``questions_for`` then ``import_file(answers=…)``), with the number of people present
stated in the import report; names are linked across sheets and never stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest_import import context
from conftest_signin import (
    MATRIX_PEOPLE,
    write_cp1252_csv,
    write_matrix,
    write_postits,
    write_registration,
    write_title_block_sheet,
    write_workbook_of_events,
)

from workbench.errors import ImportProblem
from workbench.ingest import import_file, questions_for
from workbench.sources.read import read_grid
from workbench.sources.signin import find_date, read_shape


def _ask_then_import(path: Path, ctx: dict, choose: dict[str, str]) -> tuple[list[str], object]:
    """What the import app does: ask the file's questions (again after each answer, since one
    answer may call for another: the QPV of a resident workshop), then import with the answers."""
    answers: dict[str, str] = {}
    asked: list[str] = []
    while questions := questions_for(path, framework=ctx["framework"], store=ctx["store"],
                                     answers=answers):
        for question in questions:
            assert question.option == f"--{question.key}" and question.reason
            if question.choices:
                assert choose[question.key] in [value for _, value in question.choices]
            answers[question.key] = choose[question.key]
            asked.append(question.key)
    return asked, import_file(path, answers=answers, **ctx)


def test_title_block_with_french_date_asks_only_the_step(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_title_block_sheet(tmp_path / "seminaire_vision.xlsx",
                                   title="Séminaire « vision » des élus et des services")
    asked, report = _ask_then_import(path, ctx, {"step": "S5"})
    assert asked == ["step"]  # the date is read from « Jeudi 28 septembre 2023, 9h30-12h30 »
    assert (report.kind, report.format) == ("attendance", "signin")
    assert report.detected["events"] == ["S5-2023-09-28"]
    assert report.detected["present"] == 4
    assert report.detected["times"] == {"S5-2023-09-28": "09:30–12:30"}
    assert "4 personne(s) présente(s)" in report.detected["summary"][0]
    assert any(w.key == "presence_listed" for w in report.warnings)  # said in the report
    event = ctx["store"].read("events").iloc[0]
    assert (event["label"], event["date"]) == ("Séminaire « vision » des élus et des services",
                                               "2023-09-28")
    att = ctx["store"].read("attendance")
    assert att["present"].tolist() == [1, 1, 1, 1]
    assert set(att["organisation"]) == {"ccas", "ville-sports", "agglo-habitat", "ville-cabinet"}


def test_title_equal_to_a_step_label_needs_no_question(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_title_block_sheet(tmp_path / "vision.xlsx",
                                   title="Séminaire « vision » élus et services",
                                   when="Jeudi 16 novembre 2023, 9h30-12h30")
    assert questions_for(path, framework=ctx["framework"], store=ctx["store"]) == []
    report = import_file(path, **ctx)
    assert report.detected["events"] == ["S5-2023-11-16"]
    # the framework plans step 5 on 28 September: the report says the date is outside it
    assert [w.key for w in report.warnings if w.key == "date_outside_step"] == [
        "date_outside_step"]


def test_signatures_say_who_came(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    people = [["Martin", "Paul", "", "", "P. Martin"], ["Roux", "Jean-Pierre", "", "", ""],
              ["Faure", "Anne", "", "", "(signé)"]]
    path = write_title_block_sheet(tmp_path / "emargement_S5.xlsx", people=people)
    report = import_file(path, **ctx)
    assert report.detected["presence_from"] == {"Feuil1": "signature"}
    assert (report.detected["present"], report.detected["listed"]) == (2, 3)
    assert not [w for w in report.warnings if w.key.startswith("presence_")]


def test_presence_matrix_is_one_event_per_date_column(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_matrix(tmp_path / "presences_cotech.xlsx")
    asked, report = _ask_then_import(path, ctx, {"step": "dates"})
    assert asked == ["step"]
    assert report.format == "signin_matrix"
    assert report.detected["events"] == ["S1-2023-01-19", "S1-2023-02-16", "S1-2023-02-16-2",
                                         "S1-2023-02-23"]
    assert report.detected["present"] == 4 and report.detected["presences"] == 12
    assert any(w.key == "empty_date_column" for w in report.warnings)  # 30/03: still to come
    att = ctx["store"].read("attendance")
    pid = ctx["pseudonymiser"].person_id
    karim = att[att["person_id"] == pid("Karim", "Petit")].set_index("event_id")["present"]
    assert karim.to_dict() == {"S1-2023-01-19": 0, "S1-2023-02-16": 1, "S1-2023-02-16-2": 1,
                               "S1-2023-02-23": 0}
    assert len(ctx["store"].read("events")) == 4


def test_matrix_whose_columns_name_their_step_asks_nothing(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    people = [["Roux", "Jean-Pierre", "", "X", "X"], ["Faure", "Anne", "", "", "X"]]
    path = write_matrix(tmp_path / "suivi.xlsx", people=people,
                        dates=["S2 – 09/03/2023", "Étape 3 (25/05/2023)"])
    assert questions_for(path, framework=ctx["framework"], store=ctx["store"]) == []
    report = import_file(path, **ctx)
    assert report.detected["events"] == ["S2-2023-03-09", "S3-2023-05-25"]
    assert (report.detected["present"], report.detected["presences"]) == (2, 3)


def test_matrix_that_grew_by_a_column_imports_only_the_new_meeting(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    first = write_matrix(tmp_path / "presences_cotech.xlsx")
    import_file(first, answers={"step": "S1"}, **ctx)
    (tmp_path / "v2").mkdir()
    people = [[*row[:-1], "X"] for row in MATRIX_PEOPLE]
    grown = write_matrix(tmp_path / "v2" / "presences_cotech.xlsx", people=people)
    report = import_file(grown, answers={"step": "S1"}, **ctx)
    assert report.detected["events"][-1] == "S1-2023-03-30"
    assert sorted(ctx["store"].read("events")["event_id"])[-1] == "S1-2023-03-30"
    assert any(w.key == "events_unchanged" for w in report.warnings)


def test_cp1252_csv_with_one_name_column_and_the_date_in_its_name(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_cp1252_csv(tmp_path / "atelier_tilleuls_20-01-2024.csv")
    asked, report = _ask_then_import(path, ctx, {"step": "S7"})
    assert asked == ["step"]  # the QPV of this resident workshop is in the file name
    assert report.detected["events"] == ["S7-2024-01-20-tilleuls"]
    assert report.detected["encoding"] == "cp1252" and report.detected["delimiter"] == ";"
    assert report.detected["present"] == 3 and report.detected["listed"] == 4
    att = ctx["store"].read("attendance").set_index("person_id")
    pid = ctx["pseudonymiser"].person_id
    assert att.loc[pid("Océane", "Garnier"), "present"] == 0  # « Mme » is not part of the name
    assert att.loc[pid("Aïcha", "Benali"), "group_id"] == "habitants"
    assert att.loc[pid("Noël", "Lefèvre"), "organisation"] == "regie"


def test_resident_workshop_without_qpv_asks_it_after_the_step(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_cp1252_csv(tmp_path / "atelier_habitants_03-02-2024.csv")
    asked, report = _ask_then_import(path, ctx, {"step": "S7", "qpv": "bel-air"})
    assert asked == ["step", "qpv"]
    assert report.detected["events"] == ["S7-2024-02-03-bel-air"]


def test_workbook_of_several_events_links_people_across_sheets(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    report = import_file(write_workbook_of_events(tmp_path / "seminaires_elus.xlsx"), **ctx)
    assert report.detected["events"] == ["S2-2023-03-09", "S2-2023-04-13"]
    assert [w.key for w in report.warnings] == ["sheet_skipped"]  # « Consignes »
    labels = set(ctx["store"].read("events")["label"])
    assert labels == {"Séminaire des élus n°1", "Séminaire des élus n°2"}
    att = ctx["store"].read("attendance")
    roux = ctx["pseudonymiser"].person_id("Jean-Pierre", "Roux")
    assert (att["person_id"] == roux).sum() == 2  # « Roux Jean-Pierre » and « ROUX Jean Pierre »
    assert report.detected["present"] == 3 and report.detected["presences"] == 4


def test_registration_list_is_kept_apart_from_presence(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_registration(tmp_path / "inscriptions_vision.xlsx")
    asked, report = _ask_then_import(path, ctx, {"step": "S5"})
    assert asked == ["step"]
    assert report.format == "registration"
    assert report.detected["registered"] == 3 and report.detected["present"] == 0
    assert "3 personne(s) inscrite(s)" in " ".join(report.detected["summary"])
    store = ctx["store"]
    assert store.read("attendance").empty and store.read("events").empty
    assert store.read("people").empty  # registered is not "known to have come"
    reg = store.read("registrations")
    assert set(reg["event_id"]) == {"S5-2023-09-28"}
    assert set(reg["organisation"]) == {"ccas", "ville-sports", "ville-cabinet"}


def test_list_that_does_not_say_is_asked_presence_or_registration(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_registration(tmp_path / "liste_vision.xlsx", registered_column=False)
    asked, report = _ask_then_import(path, ctx, {"step": "S5", "list": "presence"})
    assert asked == ["step", "list"]
    assert report.detected["present"] == 3
    assert ctx["store"].read("registrations").empty


def test_same_person_across_sheet_questionnaire_order_and_accents(tmp_path: Path) -> None:
    """One id for « LE GALL-DURAND Hélène » (matrix), « Hélène » + « Le Gall-Durand »
    (registration) and a questionnaire's (« helene », « le gall durand »)."""
    ctx = context(tmp_path)
    write_registration(tmp_path / "inscriptions_vision.xlsx")
    import_file(tmp_path / "inscriptions_vision.xlsx", answers={"step": "S5"}, **ctx)
    write_cp1252_csv(tmp_path / "seminaire_2023-09-28.csv",
                     [("LE GALL DURAND Hélène", "CCAS", "Service", "oui")])
    import_file(tmp_path / "seminaire_2023-09-28.csv", answers={"step": "S5"}, **ctx)
    registered = set(ctx["store"].read("registrations")["person_id"])
    came = set(ctx["store"].read("attendance")["person_id"])
    expected = ctx["pseudonymiser"].person_id("helene", "le gall durand")
    assert expected in registered and came == {expected}


def test_no_name_email_or_function_reaches_the_store(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    import_file(write_registration(tmp_path / "inscriptions_vision.xlsx"),
                answers={"step": "S5"}, **ctx)
    import_file(write_title_block_sheet(tmp_path / "vision.xlsx"), answers={"step": "S5"},
                **ctx)
    con = sqlite3.connect(ctx["store"].path)
    dump = "\n".join(str(row) for table in ("registrations", "attendance", "people", "events")
                     for row in con.execute(f"SELECT * FROM {table}"))
    con.close()
    for secret in ("Hélène", "Gall", "exemple.invalid", "Directrice", "Martin", "Irène",
                   "Chef de service"):
        assert secret not in dump


def test_a_name_in_the_title_is_screened_out_of_the_event_label(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_title_block_sheet(tmp_path / "reunion.xlsx",
                                   title="Réunion de travail avec Jean-Pierre Roux")
    import_file(path, answers={"step": "S5"}, **ctx)
    label = ctx["store"].read("events")["label"].iloc[0]
    assert "Roux" not in label and label.startswith("Réunion de travail avec")


def test_workshop_notes_are_not_taken_for_a_sign_in_sheet(tmp_path: Path) -> None:
    path = write_postits(tmp_path / "postits_bel-air.xlsx")
    assert read_shape(read_grid(path)) is None


@pytest.mark.parametrize(("text", "date", "start", "end"), [
    ("Jeudi 16 novembre 2023, 9h30-12h30", "2023-11-16", "09:30", "12:30"),
    ("le 1er août 2024 de 14h à 17h", "2024-08-01", "14:00", "17:00"),
    ("Séance du 9 mars 2023 – 18:30", "2023-03-09", "18:30", None),
    ("2023-03-09 18:30:00", "2023-03-09", "18:30", None),
    ("emargement_S2_2023-03-09", "2023-03-09", None, None),
    ("atelier 03-02-2024", "2024-02-03", None, None),
    ("seance_20240203", "2024-02-03", None, None),
    ("sam. 3 fév. 2024", "2024-02-03", None, None),
])
def test_find_date_reads_what_people_write(text: str, date: str, start: str | None,
                                           end: str | None) -> None:
    found = find_date(text)
    assert found is not None and (found.date, found.start, found.end) == (date, start, end)


@pytest.mark.parametrize("text", ["31/02/2023", "jeudi 16 novembre", "rendez-vous à 9h30",
                                  "Salle 12"])
def test_find_date_never_guesses(text: str) -> None:
    assert find_date(text) is None


def test_unreadable_mark_in_a_matrix_names_the_row_and_date_column(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    people = [["Le Gall", "Hélène", "", "X", "peut-être", "", "", ""]]
    path = write_matrix(tmp_path / "presences_cotech.xlsx", people=people)
    with pytest.raises(ImportProblem) as info:
        import_file(path, answers={"step": "S1"}, **ctx)
    problem = info.value.problems[0]
    assert (problem.key, problem.row, problem.column) == ("present_invalid", 4, "16/02/2023")
    assert "peut-être" in problem.message and "X, ✓, oui/non" in problem.message
    assert ctx["store"].counts()["attendance"] == 0
