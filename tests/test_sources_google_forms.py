"""Google Forms CSV downloads, French and English headers, imported end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest_formats import (
    GF_MAPPING,
    GRID_Q,
    ITEM_TEXT,
    PEOPLE,
    QPV_Q,
    check_store,
    gf_columns,
    inspect_json,
    write_google_forms,
)
from conftest_import import context

from workbench.ingest import import_file
from workbench.ingest.mapping import load_mapping
from workbench.ingest.mapping_draft import draft_mapping
from workbench.sources import detect
from workbench.sources.choices import split_choices
from workbench.sources.google_forms import grid_row


@pytest.mark.parametrize("english", [False, True])
def test_google_forms_detected_and_imported(tmp_path: Path, english: bool, capsys) -> None:
    path = write_google_forms(tmp_path / "barometre_T1.csv", english=english)
    info = inspect_json(path, capsys)
    assert info["format"] == "google_forms"
    assert (info["encoding"], info["delimiter"], info["header_rows"]) == ("utf-8", ",", 1)
    assert info["n_responses"] == 3 and info["columns"] == gf_columns(english)
    mapping = GF_MAPPING
    if english:
        mapping = mapping.replace('"Adresse e-mail"', '"Email Address"').replace(
            "Horodateur", "Timestamp")
    (tmp_path / "barometre.mapping.yml").write_text(mapping, encoding="utf-8")
    ctx = context(tmp_path)
    report = import_file(path, **ctx)
    assert (report.format, report.wave, report.rows_imported) == ("google_forms", "T1", 3)
    check_store(ctx, [(p["email"],) for p in PEOPLE])
    stamps = ctx["store"].read("respondents").sort_values("submitted_at")["submitted_at"]
    # day-first in French, month-first (US) in English: both read as the same instants
    assert stamps.tolist() == ["2024-03-15 10:22:33", "2024-03-16 08:05:00",
                               "2024-04-02 17:45:09"]
    verbatims = ctx["store"].read("verbatims")
    assert sorted(verbatims["text"]) == sorted(p["text"] for p in PEOPLE if p["text"])


def test_grid_columns_and_checkbox_cells(tmp_path: Path) -> None:
    raw = detect(write_google_forms(tmp_path / "b.csv"))
    grid = [c for c in raw.columns if grid_row(c)]
    assert [grid_row(c) for c in grid] == [(GRID_Q, ITEM_TEXT[i]) for i in
                                            ("Q01", "Q02", "Q03", "Q04", "Q05")]
    cell = raw.frame[QPV_Q].iloc[1]
    assert cell == "Les Tilleuls, Bel-Air"
    assert split_choices(cell, ["Bel-Air", "Les Tilleuls"], raw.multi_separator) == [
        "Les Tilleuls", "Bel-Air"]
    # an option holding the separator is matched whole, longest first
    options = ["Acteur de terrain (association, école, travail social)", "association",
               "Élu ou élue"]
    assert split_choices("Acteur de terrain (association, école, travail social), Élu ou élue",
                         options, ", ") == [options[0], options[2]]
    assert raw.frame["Adresse e-mail"].iloc[0] == PEOPLE[0]["email"]
    assert raw.frame[raw.columns[-1]].iloc[0] == PEOPLE[0]["text"]  # quoted newline kept


def test_map_drafts_a_working_mapping_with_unmapped_columns(tmp_path: Path, capsys) -> None:
    """``workbench map`` on a Google Forms file: grid rows found by item text, the e-mail as
    person key, the age column listed as unmapped; the saved draft imports as is."""
    from workbench.cli import main

    path = write_google_forms(tmp_path / "barometre_T2.csv")
    draft = tmp_path / "barometre.mapping.yml"
    capsys.readouterr()
    assert main(["map", str(path), "-o", str(draft)]) == 0
    text = draft.read_text(encoding="utf-8")
    assert "format: google_forms" in text
    assert "# Colonnes non reconnues" in text and "Votre tranche d'âge" in text.split(
        "# Colonnes non reconnues")[1]
    mapping = load_mapping(draft)
    assert mapping.person is not None and mapping.person.columns == ["Adresse e-mail"]
    assert list(mapping.items.values()) == ["Q01", "Q02", "Q03", "Q04", "Q05"]
    assert draft_mapping(detect(path), __import__("conftest_formats").FW) == text
    ctx = context(tmp_path)
    report = import_file(path, **ctx)
    assert report.rows_imported == 3 and report.unmapped_columns == ["Votre tranche d'âge"]
    check_store(ctx, [(p["email"],) for p in PEOPLE])
