"""Mapping files: loading, the look-up rule, checks against the file and the framework, drafts."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest_import import BAROMETRE_MAPPING, context, ls_row, write_limesurvey

from workbench.errors import ImportProblem
from workbench.ingest import import_file
from workbench.ingest.mapping import (
    AnswerReader,
    check_mapping,
    find_mapping,
    load_mapping,
    wave_from_name,
)
from workbench.ingest.mapping_draft import draft_mapping
from workbench.sources import detect


def test_load_mapping_reads_every_key(tmp_path: Path) -> None:
    path = tmp_path / "barometre.mapping.yml"
    path.write_text(BAROMETRE_MAPPING, encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.instrument == "barometre"
    assert mapping.items["G01Q01[SQ003]"] == "Q03"
    assert mapping.group.values["Élu ou élue"] == "elus"
    assert mapping.qpv.values["Plusieurs quartiers"] is None
    assert mapping.person.columns == ["firstname", "lastname"]
    assert mapping.sha256 and len(mapping.sha256) == 64
    assert mapping.file_name == "barometre.mapping.yml"


def test_lookup_rule(tmp_path: Path) -> None:
    raw = tmp_path / "barometre_T1.csv"
    raw.write_text("x", encoding="utf-8")
    assert find_mapping(raw) is None
    (tmp_path / "barometre.mapping.yml").write_text("instrument: barometre\n")
    assert find_mapping(raw).name == "barometre.mapping.yml"
    (tmp_path / "barometre_T1.mapping.yml").write_text("instrument: barometre\n")
    assert find_mapping(raw).name == "barometre_T1.mapping.yml"
    other = tmp_path / "autre.yml"
    other.write_text("instrument: barometre\n")
    assert find_mapping(raw, other) == other
    with pytest.raises(ImportProblem) as info:
        find_mapping(raw, tmp_path / "absent.yml")
    assert info.value.key == "mapping_not_found"


def test_wave_from_name() -> None:
    assert wave_from_name("barometre_T1.csv") == "T1"
    assert wave_from_name("habitants-t2.xlsx") == "T2"
    assert wave_from_name("barometre.csv") is None
    assert wave_from_name("TT1_x.csv") is None


def test_unknown_key_is_named(tmp_path: Path) -> None:
    path = tmp_path / "m.mapping.yml"
    path.write_text("instrument: barometre\nitemz: {}\n")
    with pytest.raises(ImportProblem) as info:
        load_mapping(path)
    assert info.value.key == "mapping_invalid"
    assert info.value.column == "itemz"
    assert info.value.file == "m.mapping.yml"
    assert "clé `itemz`" in info.value.message


def test_check_mapping_names_file_and_key(tmp_path: Path) -> None:
    fw = context(tmp_path)["framework"]
    raw = detect(write_limesurvey(tmp_path / "barometre_T1.csv", [ls_row(1, "A", "B")]))
    path = tmp_path / "barometre.mapping.yml"
    path.write_text(BAROMETRE_MAPPING.replace('"G01Q01[SQ014]": Q14', '"G01Q01[SQ099]": Q99')
                    .replace(": elus", ": elues").replace(": moulin", ": moulins"))
    problems = check_mapping(load_mapping(path), raw, fw)
    found = {(p.key, p.column) for p in problems}
    assert ("mapping_unknown_column", "items.G01Q01[SQ099]") in found
    assert ("mapping_unknown_item", "items.G01Q01[SQ099]") in found
    assert ("mapping_unknown_group", "group.values.Élu ou élue") in found
    assert ("mapping_unknown_qpv", "qpv.values.Le Moulin") in found
    assert all(p.file == "barometre.mapping.yml" for p in problems)


def test_answer_reader_accepts_labels_numbers_codes_and_missing(tmp_path: Path) -> None:
    fw = context(tmp_path)["framework"]
    reader = AnswerReader(fw.scales["likert5"], {"AO01": 1, "AO02": 2}, ["AO06"])
    assert reader.read("Tout a fait d’accord").value == 5
    assert reader.read("4").value == 4
    assert reader.read("AO02").value == 2
    assert reader.read("plutot_pas_d_accord").value == 2
    assert reader.read("AO06").missing == "nsp"
    assert reader.read("Sans avis").missing == "nsp"
    assert reader.read("  ").missing == "no_answer"
    assert reader.read("7").error == "value_out_of_scale"
    assert reader.read("3,5").error == "value_out_of_scale"
    assert reader.read("Bof").error == "answer_unknown"


def test_draft_lists_every_column_and_imports(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    rows = [ls_row(i, f"P{i}", f"N{i}", text="Une réponse libre assez longue pour être du texte")
            for i in range(1, 6)]
    path = write_limesurvey(tmp_path / "barometre_T1.csv", rows)
    text = draft_mapping(detect(path), ctx["framework"])
    for column in detect(path).columns:
        assert f'"{column}"' in text or f"{column}" in text
    draft = tmp_path / "barometre.mapping.yml"
    draft.write_text(text, encoding="utf-8")
    mapping = load_mapping(draft)
    # question codes say nothing of the question: never matched by position, proposed as new
    assert mapping.items == {}
    assert [n.id for n in mapping.new_items.values()] == [
        f"barometre_{n:02d}" for n in range(1, 15)]
    assert {n.scale for n in mapping.new_items.values()} == {"likert5"}
    assert mapping.group.column == "G00Q01" and mapping.qpv.column == "G00Q02"
    assert "G02Q01" in mapping.open_text
    assert mapping.person.columns == ["firstname", "lastname"]
    report = import_file(path, **ctx)
    assert report.rows_imported == 5
    assert report.unmapped_columns == []
    responses = ctx["store"].read("responses")
    assert len(responses) == 70 and not responses["item_id"].isin(
        [i.id for i in ctx["framework"].items]).any()
