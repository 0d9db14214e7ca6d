"""The quirks of real exports (FORMATS.md, « what real exports do »), one test each: files the
tests write in the shapes seen in public repositories."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest_formats import write_book, write_text
from conftest_import import context
from conftest_quirks import (
    LS_CODE_META,
    LS_EN_META,
    LS_FR_META,
    write_limesurvey_mode,
    write_ms_forms_dimension_a1,
)

from workbench.cli import main
from workbench.errors import ImportProblem, StoreError
from workbench.ingest import import_file
from workbench.sources import describe, detect
from workbench.sources.limesurvey import metadata_key
from workbench.store import Store

Q = ["Les élus s'impliquent personnellement dans la démarche du contrat de ville.",
     "Le calendrier laisse assez de place à la concertation."]
ANSWERS = [["Plutôt d'accord", "Tout à fait d'accord"], ["Pas du tout d'accord", "Sans avis"]]


def test_repeated_headers_are_kept_numbered_and_said(tmp_path: Path, capsys) -> None:
    """LimeSurvey full text repeats [Commentaire]; French tools repeat « Lequel ? »."""
    rows = [["ID de la réponse", "Date de soumission", "Q [Commentaire]", "Lequel ?",
             "Q [Commentaire]", "", "Lequel ?"],
            ["1", "2024-01-01 10:00:00", "a", "b", "c", "d", "e"]]
    path = write_text(tmp_path / "rep.csv", rows, delimiter=";")
    raw = detect(path)
    assert raw.columns == ["ID de la réponse", "Date de soumission", "Q [Commentaire]",
                           "Lequel ?", "Q [Commentaire] (2)", "colonne_6", "Lequel ? (2)"]
    assert raw.frame.iloc[0].tolist()[2:] == ["a", "b", "c", "d", "e"]
    assert raw.renamed_columns == {"Q [Commentaire] (2)": "Q [Commentaire]",
                                   "Lequel ? (2)": "Lequel ?"}
    assert main(["inspect", str(path)]) == 0
    assert "2 nom(s) de colonne répété(s)" in capsys.readouterr().out


def test_header_found_under_a_stray_line(tmp_path: Path) -> None:
    """A line typed above the header is skipped, not read as a cut download."""
    rows = [["Export du 12/03/2024 (service politique de la ville)"],
            ["Horodateur", "Vous êtes :", Q[0]],
            ["15/03/2024 10:22:33", "Élu ou élue", "Plutôt d'accord"],
            ["16/03/2024 08:00:00", "Habitant", "Tout à fait d'accord"]]
    path = write_text(tmp_path / "enquete_T1.csv", rows)
    raw = detect(path)
    assert raw.format == "google_forms" and len(raw.frame) == 2
    assert raw.header_line == 2 and raw.skipped_lines == [1]
    assert describe(path)["skipped_lines"] == [1]


def test_two_row_header_joined_in_csv_and_merged_xlsx(tmp_path: Path) -> None:
    """Excel users reshape exports: the question over its sub-columns, then the rows."""
    top = ["Vous êtes :", "Êtes-vous d'accord ?", "", "", "Commentaire"]
    below = ["", "Les élus s'impliquent", "Le calendrier", "Les services", ""]
    data = [["Élu ou élue", "Plutôt d'accord", "Pas d'accord", "Plutôt d'accord", "RAS"],
            ["Habitant", "Tout à fait d'accord", "Plutôt d'accord", "Pas d'accord", ""]]
    csv = write_text(tmp_path / "deux.csv", [top, below, *data], delimiter=";")
    expected = ["Vous êtes :", "Êtes-vous d'accord ? [Les élus s'impliquent]",
                "Êtes-vous d'accord ? [Le calendrier]", "Êtes-vous d'accord ? [Les services]",
                "Commentaire"]
    raw = detect(csv)
    assert raw.columns == expected and len(raw.frame) == 2 and raw.joined_header_line == 2
    from openpyxl import load_workbook

    book_path = write_book(tmp_path / "deux.xlsx", [top, below, *data])
    book = load_workbook(book_path)
    book.active.merge_cells("B1:D1")
    book.save(book_path)
    assert detect(book_path).columns == expected


def test_a_one_blank_header_is_not_a_two_row_header(tmp_path: Path) -> None:
    rows = [["id", "submitdate", "", "Q1"], ["1", "2024-01-01 10:00:00", "x", "4"],
            ["2", "2024-01-02 10:00:00", "y", "5"]]
    raw = detect(write_text(tmp_path / "one.csv", rows))
    assert raw.header_line == 1 and len(raw.frame) == 2


@pytest.mark.parametrize("meta", [LS_CODE_META, LS_EN_META, LS_FR_META,
                                  [f"{c}. {t}" for c, t in zip(LS_CODE_META, LS_EN_META,
                                                               strict=True)]],
                         ids=["codes", "full-en", "full-fr", "code+text"])
def test_every_limesurvey_heading_mode(tmp_path: Path, meta: list[str]) -> None:
    """Unfinished responses are set aside in every heading mode and language."""
    path = write_limesurvey_mode(tmp_path / "ls.csv", meta, Q, ANSWERS)
    raw = detect(path)
    assert raw.format == "limesurvey"
    assert (len(raw.frame), raw.n_unfinished) == (2, 1)
    assert metadata_key(raw.id_column) == "id" and metadata_key(raw.submit_column) == "submitdate"
    assert set(raw.metadata_columns) == set(meta)


def test_limesurvey_code_headings_without_metadata_are_recognised(tmp_path: Path) -> None:
    rows = [["ID", "TRAJET[SQ001]", "TRAJET[SQ002]", "LOGEMENT[other]"],
            ["1", "Oui", "Non", "Colocation"], ["2", "Non", "Oui", ""]]
    assert detect(write_text(tmp_path / "codes.csv", rows)).format == "limesurvey"


def test_xlsx_read_whatever_size_it_declares(tmp_path: Path) -> None:
    """Microsoft Forms downloads declare <dimension ref="A1"/>."""
    path = write_ms_forms_dimension_a1(tmp_path / "forms.xlsx")
    import zipfile

    assert b'<dimension ref="A1"/>' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    raw = detect(path)
    assert raw.format == "ms_forms" and len(raw.frame) == 3
    assert raw.frame.iloc[:, 5].tolist()[0] == "Plutôt d'accord"


def test_the_table_sheet_is_chosen_by_content(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Table Cleanup"
    book.active.append(["Original Text", "Replacement"])
    data = book.create_sheet("Data")
    data.append(["Horodateur", "Vous êtes :", Q[0]])
    for n in range(1, 6):
        data.append([f"0{n}/03/2024 10:00:00", "Élu ou élue", "Plutôt d'accord"])
    book.save(tmp_path / "two.xlsx")
    raw = detect(tmp_path / "two.xlsx")
    assert raw.format == "google_forms" and len(raw.frame) == 5


def test_spss_user_missing_kept_as_missing_reasons(tmp_path: Path) -> None:
    """A case holding only user-missing codes is still a respondent."""
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame({"id": [1.0, 2.0, 3.0], "G01Q01_SQ001": [4.0, 9.0, 2.0],
                          "G01Q01_SQ002": [5.0, 9.0, -999.0]})
    path = tmp_path / "barometre_T1.sav"
    pyreadstat.write_sav(frame, str(path), variable_value_labels={
        "G01Q01_SQ001": {9.0: "Keine Angabe"}, "G01Q01_SQ002": {9.0: "Keine Angabe"}},
        missing_ranges={"G01Q01_SQ001": [9.0], "G01Q01_SQ002": [9.0, -999.0]})
    raw = detect(path)
    assert len(raw.frame) == 3  # the second case holds only missing codes
    assert raw.missing_codes["G01Q01_SQ002"] == {"-999": "user_missing",
                                                 "Keine Angabe": "user_missing"}
    (tmp_path / "barometre.mapping.yml").write_text(
        "instrument: barometre\nitems: {G01Q01_SQ001: Q01, G01Q01_SQ002: Q02}\n", "utf-8")
    ctx = context(tmp_path)
    report = import_file(path, **ctx)
    assert report.rows_imported == 3
    responses = ctx["store"].read("responses")
    missing = responses[responses["missing"] == "user_missing"]
    assert len(missing) == 3 and missing["value"].isna().all()
    assert sorted(missing["label"]) == ["-999", "Keine Angabe", "Keine Angabe"]


def test_mangled_accents_repaired_and_reported(tmp_path: Path) -> None:
    """UTF-8 read as cp1252 then saved (ftfy repairs it); Latin-1 read as MacRoman (the
    codecs undo it); a mangling nothing undoes is reported with its line."""
    rows = [["Horodateur", "NationalitÃ©", "Remarque"],
            ["15/03/2024 10:22:33", "nationalitÈ franÁaise", "TrÃ¨s bien"],
            ["16/03/2024 10:22:33", "Française", "ok"]]
    path = write_text(tmp_path / "abime.csv", rows)
    raw = detect(path)
    assert raw.columns[1] == "Nationalité"
    assert raw.frame["Nationalité"].tolist()[0] == "nationalité française"
    assert raw.frame["Remarque"].tolist()[0] == "Très bien"
    assert raw.text_repairs["TrÃ¨s bien"] == "Très bien"
    odd = write_text(tmp_path / "odd.csv", [["Horodateur", "Ville"],
                                            ["15/03/2024 10:22:33", "caféŸ"]])
    assert detect(odd).mangled_cells == [(2, "Ville", "caféŸ")]


def test_personal_columns_recognised_by_heading_and_content(tmp_path: Path) -> None:
    rows = [["Horodateur", "Nom", "Contact", "Adresse IP", "Tél.", "Vous êtes :"],
            ["15/03/2024 10:22:33", "Le Gall", "helene@ville.fr", "192.0.2.1",
             "06 12 34 56 78", "Élu ou élue"],
            ["16/03/2024 10:22:33", "Martin", "paul@agglo.fr", "192.0.2.7",
             "+33 6 98 76 54 32", "Habitant"]]
    raw = detect(write_text(tmp_path / "perso.csv", rows))
    assert raw.personal_columns == {"Nom": "name", "Contact": "email", "Adresse IP": "ip",
                                    "Tél.": "phone"}


def test_inspect_and_map_do_not_say_import_failed(tmp_path: Path, capsys) -> None:
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    assert main(["inspect", str(path)]) == 2
    assert main(["map", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Échec de l'import" not in err and err.count("Lecture impossible") == 2


@pytest.mark.parametrize("content", [b"this is not a database", None],
                         ids=["not-sqlite", "foreign-sqlite"])
def test_a_foreign_file_at_the_store_path_gives_a_clear_message(tmp_path: Path, content,
                                                                capsys) -> None:
    path = tmp_path / "workbench.sqlite"
    if content is None:
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE invoices (n INTEGER)")
        con.commit()
        con.close()
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store(path).read("responses")
    assert info.value.key in ("store_not_sqlite", "store_foreign")
    assert str(path) in info.value.message
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert Store(empty).read("responses").empty  # an empty file is a new store


def test_bad_input_still_located_after_header_detection(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("titre\r\na;b\r\n1;2\r\n3;4;5\r\n", encoding="utf-8")
    with pytest.raises(ImportProblem) as info:
        detect(path)
    assert (info.value.key, info.value.row) == ("row_too_many_fields", 4)


def test_old_mac_file_read_on_its_cr_records(tmp_path: Path) -> None:
    """Sphinx writes MacRoman, records ended by a bare CR, line breaks unquoted in cells."""
    text = ("N°Obs;1. Quelle est votre fonction ?;2. Précisez\r"
            "1;Agent;Première ligne\nseconde ligne\r"
            "2;Élu;Très utile\r\n")
    path = tmp_path / "sphinx.csv"
    path.write_bytes(text.encode("mac_roman"))
    raw = detect(path)
    assert raw.encoding == "mac_roman"
    assert raw.columns[0] == "N°Obs" and len(raw.frame) == 2
    assert raw.frame.iloc[0, 2] == "Première ligne\nseconde ligne"
    assert raw.frame.iloc[1, 1] == "Élu"


def test_personal_data_never_stored_with_the_unedited_draft(tmp_path: Path, capsys) -> None:
    rows = [["Horodateur", "Nom complet", "Adresse e-mail", "Adresse IP", "Téléphone",
             "Le calendrier laisse assez de place à la concertation."],
            ["15/03/2024 10:22:33", "Hélène Le Gall", "helene@ville.fr", "192.0.2.1",
             "0612345678", "Plutôt d'accord"],
            ["16/03/2024 10:22:33", "Paul Martin", "paul@agglo.fr", "192.0.2.7",
             "0698765432", "Sans avis"]]
    path = write_text(tmp_path / "barometre_T1.csv", rows)
    mapping = tmp_path / "barometre.mapping.yml"
    assert main(["map", str(path), "-o", str(mapping)]) == 0
    assert "1 colonne(s) reconnue(s) comme items du cadre" in capsys.readouterr().out
    ctx = context(tmp_path)
    import_file(path, **ctx)
    dump = "\n".join(sqlite3.connect(ctx["store"].path).iterdump())
    for secret in ("Hélène", "Le Gall", "helene@", "192.0.2", "0612345678"):
        assert secret not in dump
    people = ctx["store"].read("respondents")["person_id"]
    assert set(people) == {ctx["pseudonymiser"].person_id("Hélène Le Gall"),
                           ctx["pseudonymiser"].person_id("Paul Martin")}


def test_cli_says_when_no_answer_was_stored(tmp_path: Path, capsys, monkeypatch) -> None:
    from conftest_import import ls_row, write_limesurvey

    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.setenv("WORKBENCH_STORE", str(tmp_path / "s.sqlite"))
    path = write_limesurvey(tmp_path / "vide_T1.csv", [ls_row(1, "A", "B")])
    (tmp_path / "vide.mapping.yml").write_text(
        "instrument: barometre\nformat: limesurvey\nperson: {columns: [firstname, lastname]}\n",
        encoding="utf-8")
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "AUCUNE réponse aux items" in out and ": importé [" not in out
    assert "personnes reliées par « firstname + lastname »" in out
