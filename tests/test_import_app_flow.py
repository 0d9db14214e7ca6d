"""A new questionnaire from upload to store in the import app, without YAML or terminal: the
mapping is reviewed in the form and saved for the user; unrelated questionnaires put nothing on
the framework's items; re-exports and other surveys are told apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest_formats import PEOPLE, write_google_forms
from conftest_import import context, ls_row, write_limesurvey
from conftest_quirks import LS_EN_META, UNRELATED, write_limesurvey_mode, write_unrelated
from conftest_signin import write_title_block_sheet

from workbench.apps.importer import ImportApp
from workbench.config import Paths
from workbench.ingest import ImportQuestion, dispatch


@pytest.fixture
def app(home: Paths, tmp_path: Path) -> ImportApp:
    home.raw.mkdir(parents=True, exist_ok=True)
    return ImportApp(paths=home, **context(tmp_path))


def _upload(app: ImportApp, path: Path) -> None:
    """What the browser's FileUpload sends."""
    content = path.read_bytes()
    app.controls["upload"].value = ({"name": path.name, "type": "text/csv",
                                     "size": len(content), "content": memoryview(content),
                                     "last_modified": dt.datetime.now(dt.UTC)},)


def test_google_forms_upload_form_save_check_import(app: ImportApp, tmp_path: Path) -> None:
    _upload(app, write_google_forms(tmp_path / "enquete_T1.csv"))
    saved = app.paths.raw / "enquete_T1.csv"
    assert saved.read_bytes() == (tmp_path / "enquete_T1.csv").read_bytes()
    assert app.controls["file"].value == saved
    assert app.form is not None and app.controls["confirm"].disabled
    controls = app.form.controls
    assert controls["Adresse e-mail"].value == "person"
    assert controls["Vous êtes :"].value == "group"
    grid = [c for c in controls if c.startswith("Êtes-vous d'accord")]
    assert [controls[c].value for c in grid] == [f"item:Q0{n}" for n in range(1, 6)]
    controls["Votre tranche d'âge"].value = "ignore"
    app.controls["save_mapping"].click()
    mapping = app.paths.raw / "enquete.mapping.yml"
    assert mapping.is_file() and "Votre tranche d'âge" in mapping.read_text("utf-8")
    assert "Correspondance enregistrée dans enquete.mapping.yml" in app.status
    assert not app.controls["confirm"].disabled, app.html
    app.controls["confirm"].click()
    assert app.store.counts()["respondents"] == 3
    responses = app.store.read("responses")
    assert sorted(responses["item_id"].unique()) == ["Q01", "Q02", "Q03", "Q04", "Q05"]
    assert "Importé : 3 ligne(s)" in app.status
    assert PEOPLE[0]["email"].encode() not in app.store.path.read_bytes()


def test_unrelated_questionnaire_with_the_unedited_draft(app: ImportApp, tmp_path: Path) -> None:
    """Nothing goes on the framework's items; its questions become new items, their English
    4-point scale detected and « I don't know » kept apart."""
    app.upload("campus_T1.csv", write_unrelated(tmp_path / "campus_T1.csv").read_bytes())
    assert app.form.controls[UNRELATED[0]].value == "new_item"
    app.controls["save_mapping"].click()
    text = (app.paths.raw / "campus.mapping.yml").read_text("utf-8")
    assert "accord4" in text and "I don't know" in text
    app.controls["confirm"].click()
    responses = app.store.read("responses")
    framework_items = {i.id for i in app.framework.items}
    assert len(responses) == 9 and not responses["item_id"].isin(framework_items).any()
    first = responses[responses["item_id"] == "campus_01"].sort_values("value")
    assert first["value"].dropna().tolist() == [2.0, 3.0, 4.0]
    third = responses[responses["item_id"] == "campus_03"]
    assert (third["missing"] == "nsp").sum() == 1


def test_uncertain_match_is_inactive_until_confirmed(app: ImportApp, tmp_path: Path) -> None:
    close = "Les élus s'impliquent personnellement dans la démarche"  # Q01 says more
    path = write_limesurvey_mode(tmp_path / "sondage_T1.csv", LS_EN_META, [close],
                                 [["Plutôt d'accord"], ["Tout à fait d'accord"]])
    app.upload(path.name, path.read_bytes())
    draft = app.inspection.draft
    assert close in draft.uncertain and draft.uncertain[close][0] == "Q01"
    assert app.form.controls[close].value == "new_item"
    app.form.confirmations[close].value = True
    assert app.form.controls[close].value == "item:Q01"
    app.controls["save_mapping"].click()
    app.controls["confirm"].click()
    assert set(app.store.read("responses")["item_id"]) == {"Q01"}


def test_reexport_recognised_and_other_survey_kept_apart(app: ImportApp, tmp_path: Path) -> None:
    """Anonymous LimeSurvey responses: a new export of the same survey adds only its new
    responses; another survey whose response numbers also start at 1 is another population."""
    answers = [["Plutôt d'accord", "Tout à fait d'accord", "Sans avis"],
               ["Pas du tout d'accord", "Plutôt d'accord", "Plutôt d'accord"]]
    first = write_limesurvey_mode(tmp_path / "baro_T1.csv", LS_EN_META, UNRELATED, answers)
    app.upload("baro_T1.csv", first.read_bytes())
    app.controls["save_mapping"].click()
    app.controls["confirm"].click()
    assert app.store.counts()["respondents"] == 2
    again = write_limesurvey_mode(tmp_path / "baro_T1 (export 2).csv", LS_EN_META, UNRELATED,
                                  [*answers, ["Plutôt d'accord", "Plutôt d'accord", "NSP"]])
    app.upload("baro_T1-bis.csv", again.read_bytes())
    assert "Nouvel export du même questionnaire que baro_T1.csv : 2 réponse(s)" in app.html
    app.controls["confirm"].click()
    assert app.store.counts()["respondents"] == 3
    other = write_limesurvey_mode(tmp_path / "autre_T1.csv", LS_EN_META,
                                  [*UNRELATED, "Extra question"],
                                  [[*a, "x"] for a in answers])
    (app.paths.raw / "autre.mapping.yml").write_text(
        (app.paths.raw / "baro.mapping.yml").read_text("utf-8"), encoding="utf-8")
    app.upload(other.name, other.read_bytes())
    app.controls["confirm"].click()
    assert app.store.counts()["respondents"] == 5, app.html


def test_no_answer_import_is_not_called_imported(app: ImportApp, tmp_path: Path) -> None:
    path = write_limesurvey(tmp_path / "vide_T1.csv", [ls_row(1, "A", "B"), ls_row(2, "C", "D")])
    (app.paths.raw / "vide.mapping.yml").write_text(
        "instrument: barometre\nformat: limesurvey\nperson: {columns: [firstname, lastname]}\n",
        encoding="utf-8")
    app.upload(path.name, path.read_bytes())
    assert "aucune réponse aux items ne serait enregistrée" in app.html
    app.controls["confirm"].click()
    assert "AUCUNE réponse aux items" in app.status and "Importé :" not in app.status


def test_questions_rendered_generically_and_answers_passed(
        app: ImportApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = [ImportQuestion(key="step", label="Étape ?", choices=(("Étape 2", "S2"),),
                            option="--step", reason="la feuille ne la dit pas"),
             ImportQuestion(key="note", label="Remarque")]
    monkeypatch.setitem(dispatch.QUESTIONS, "questionnaire", lambda ctx: asked)
    calls: list[dict] = []
    real = dispatch.import_file

    def recording(path, **kw):
        calls.append(kw)
        return real(path, **kw)

    monkeypatch.setattr("workbench.apps.import_panels.import_file", recording)
    monkeypatch.setattr("workbench.apps.importer.import_file", recording)
    app.upload("enquete_T1.csv", write_google_forms(tmp_path / "enquete_T1.csv").read_bytes())
    assert set(app.question_controls) == {"step", "note"}
    app.question_controls["step"].value = "S2"
    app.question_controls["note"].value = "rien"
    app.controls["extra_names"].value = "Hélène\nPaul Martin"
    app.controls["save_mapping"].click()
    app.controls["confirm"].click()
    last = calls[-1]
    assert last["answers"] == {"step": "S2", "note": "rien"}
    assert last["extra_names"] == ["Hélène", "Paul Martin"] and not last.get("dry_run")


def test_problems_grouped_in_row_order(app: ImportApp, tmp_path: Path) -> None:
    rows = [ls_row(n, f"P{n}", "X", answers=["Bof"] * 14 if n % 2 else None)
            for n in range(1, 8)]
    path = write_limesurvey(tmp_path / "barometre_T1.csv", rows)
    (app.paths.raw / "barometre.mapping.yml").write_text(
        "instrument: barometre\nformat: limesurvey\nitems: {\"G01Q01[SQ001]\": Q01}\n",
        encoding="utf-8")
    app.upload(path.name, path.read_bytes())
    assert len(app.inspection.problems) == 4
    html = app.html
    assert "2, 4, 6, 8" in html and ">4<" in html  # the rows of one grouped problem, 4 times


def test_new_items_tagged_with_lessons_and_added_to_the_framework(app: ImportApp,
                                                                  tmp_path: Path) -> None:
    from workbench.framework import load_framework

    app.upload("campus_T1.csv", write_unrelated(tmp_path / "campus_T1.csv").read_bytes())
    assert app.controls["add_items"].disabled
    app.form.lessons[UNRELATED[0]].value = "l4, L6"
    app.controls["save_mapping"].click()
    assert "ne sont pas encore dans le cadre" in app.html
    assert not app.controls["add_items"].disabled
    app.controls["add_items"].click()
    fw = load_framework(app.paths.framework)
    added = fw.item("campus_01")
    assert added.lessons == ["L4", "L6"] and added.scale == "accord4"
    assert fw.scales["accord4"].labels_en == ["Strongly disagree", "Disagree", "Agree",
                                              "Strongly agree"]
    assert "Ajouté(s) au cadre" in app.status and app.controls["add_items"].disabled
    app.controls["confirm"].click()
    assert set(app.store.read("responses")["item_id"]) == {"campus_01", "campus_02",
                                                           "campus_03"}


def test_a_plain_table_gets_the_form_too(app: ImportApp, tmp_path: Path) -> None:
    """A hand-made spreadsheet (two-row header, stray line above) is not refused as an
    unknown kind: the form proposes its mapping, and once saved it imports."""
    from conftest_formats import write_text

    rows = [["Enquête coopération — saisie du 3 mars"],
            ["Profil", "Êtes-vous d'accord ?", "", ""],
            ["", "Les élus s'impliquent personnellement dans la démarche du contrat de ville",
             "Le calendrier laisse assez de place à la concertation",
             "Nous partageons des objectifs communs entre organisations"],
            ["Élu ou élue", "Plutôt d'accord", "Pas du tout d'accord", "Sans avis"],
            ["Habitant", "Tout à fait d'accord", "Plutôt d'accord", "Plutôt pas d'accord"]]
    path = write_text(tmp_path / "saisie_T1.csv", rows, delimiter=";", encoding="cp1252")
    app.upload(path.name, path.read_bytes())
    assert app.form is not None
    assert [app.form.controls[c].value for c in list(app.form.controls)[1:]] == [
        "item:Q01", "item:Q06", "item:Q07"]
    app.controls["save_mapping"].click()
    app.controls["confirm"].click()
    assert len(app.store.read("responses")) == 6, app.html


def test_sign_in_sheet_summary_shown_after_import(app: ImportApp, tmp_path: Path) -> None:
    """The app says what a sign-in sheet gave (people present of those listed), not only rows."""
    path = write_title_block_sheet(tmp_path / "seminaire_vision.xlsx",
                                   title="Séminaire « vision » des élus et des services")
    app.upload(path.name, path.read_bytes())
    assert set(app.question_controls) == {"step"}
    app.question_controls["step"].value = "S5"
    app.controls["confirm"].click()
    assert app.last_report is not None and app.last_report.kind == "attendance"
    assert "4 personne(s) présente(s) sur" in app.status
