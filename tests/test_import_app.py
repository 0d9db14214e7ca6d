"""The import app (01-import), driven as a person would: choose a file, read what was found,
confirm; the store is checked after each step."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest_formats import write_google_forms
from conftest_import import (
    BAROMETRE_MAPPING,
    context,
    ls_row,
    store_dump,
    write_limesurvey,
    write_signin,
)

from workbench.apps.importer import ImportApp, problems_table
from workbench.config import Paths


@pytest.fixture
def app(home: Paths, tmp_path: Path) -> ImportApp:
    home.raw.mkdir(parents=True, exist_ok=True)
    home.demo_raw.mkdir(parents=True, exist_ok=True)
    (home.raw / "barometre.mapping.yml").write_text(BAROMETRE_MAPPING, encoding="utf-8")
    write_limesurvey(home.raw / "barometre_T1.csv", [
        ls_row(1, "Hélène", "Le Gall"), ls_row(2, "", "", submitted=False),
        ls_row(3, "Paul", "Martin")])
    bad = ls_row(4, "Zoé", "Durand")
    bad["G01Q01[SQ002]"] = "<script>alert(1)</script>"
    write_limesurvey(home.raw / "barometre_T2.csv", [ls_row(5, "Ana", "B"), bad])
    write_google_forms(home.raw / "enquete_T1.csv")
    write_signin(home.demo_raw / "emargement_S2_2023-03-09.xlsx",
                 [["Dupont", "Marie", "CCAS", "", "Service", "", "", "X"]])
    return ImportApp(paths=home, **context(tmp_path))


def test_files_listed_from_raw_and_demo(app: ImportApp) -> None:
    labels = [label for label, _ in app.controls['file'].options]
    assert "raw/barometre_T1.csv" in labels and "demo/raw/emargement_S2_2023-03-09.xlsx" in labels
    assert "raw/barometre.mapping.yml" not in labels
    assert app.controls['confirm'].disabled


def test_check_then_confirm_imports_with_progress(app: ImportApp) -> None:
    app.select(app.paths.raw / "barometre_T1.csv")
    html = app.html
    assert "limesurvey" in html and "point-virgule" in html and "utf-8-sig" in html
    assert "barometre.mapping.yml" in html and "G01Q01[SQ014]" in html  # the mapping shown
    assert "2 ligne(s) prête(s) à importer (28 réponse(s) aux items)" in html
    assert not app.controls['confirm'].disabled
    assert app.store.counts()["responses"] == 0  # checking wrote nothing
    seen: list[int] = []
    app.controls['progress'].observe(lambda change: seen.append(change["new"]), names="value")
    app.controls['confirm'].click()
    assert app.store.counts()["respondents"] == 2 and app.store.counts()["responses"] == 28
    assert seen and seen[-1] == 100 and seen == sorted(seen)
    assert "Importé : 2 ligne(s)" in app.status
    assert app.controls['confirm'].disabled
    app.controls['check'].click()
    assert "déjà dans la base" in app.html and app.controls['confirm'].disabled


def test_problems_table_escaped_and_nothing_written(app: ImportApp) -> None:
    before = store_dump(app.store)
    app.select(app.paths.raw / "barometre_T2.csv")
    assert app.controls['confirm'].disabled
    table = problems_table(app.inspection.problems)
    assert table.iloc[0].tolist()[:3] == ["barometre_T2.csv", 3, "G01Q01[SQ002]"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in app.html
    assert "<script>alert" not in app.html
    app.controls['confirm'].click()  # disabled in the page; calling it anyway does nothing
    assert store_dump(app.store) == before


def test_questionnaire_without_mapping_shows_a_form(app: ImportApp) -> None:
    app.select(app.paths.raw / "enquete_T1.csv")
    assert [p.key for p in app.inspection.problems] == ["mapping_not_found"]
    assert app.inspection.draft is not None and "format: google_forms" in app.form.yaml
    assert "Pas encore de correspondance pour enquete_T1.csv" in app.html
    assert "5 colonne(s) reconnue(s) comme items du cadre" in app.html
    assert app.controls['confirm'].disabled and not app.controls["save_mapping"].disabled


def test_sign_in_sheet_needs_no_mapping(app: ImportApp) -> None:
    app.select(app.paths.demo_raw / "emargement_S2_2023-03-09.xlsx")
    assert app.inspection.kind == "attendance"
    assert "Pas de fichier de correspondance" in app.html
    app.controls['confirm'].click()
    assert app.store.counts()["attendance"] == 1
