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


def test_items_matched_by_question_text_in_french_and_english_never_by_code() -> None:
    from workbench.framework import load_framework
    from workbench.ingest.mapping_draft import SURE, UNCERTAIN, match_items

    fw = load_framework(Path(__file__).parents[1] / "workbench" / "default_framework.yml")
    columns = ["LES ELUS S IMPLIQUENT PERSONNELLEMENT DANS LA DEMARCHE DU CONTRAT DE VILLE",
               "Elected officials are personally involved in the process",
               "12. Le calendrier laisse-t-il assez de place à la concertation ?",
               "G01Q01[SQ003]. Êtes-vous d'accord ? [Les services de droit commun "
               "s’investissent dans les projets des quartiers]",
               "Q10", "Q13", "La cantine est bonne"]
    found = match_items(columns, fw.items)
    assert found[columns[0]][0] == "Q01" and found[columns[0]][1] >= SURE
    assert columns[1] not in found or found[columns[1]][0] == "Q01"
    assert found[columns[2]][0] == "Q06" and found[columns[2]][1] >= UNCERTAIN
    assert found[columns[3]][0] == "Q03" and found[columns[3]][1] >= SURE
    assert not {"Q10", "Q13", "La cantine est bonne"} & set(found)


@pytest.mark.parametrize(("values", "kind", "points", "codes"), [
    (["Strongly agree", "Agree", "Disagree", "I don't know"], "accord4", 4,
     {"Agree": 3.0, "Disagree": 2.0}),
    (["Strongly disagree", "Somewhat agree", "Neither agree nor disagree", "Agree"], "accord7",
     7, {"Agree": 6.0, "Somewhat agree": 5.0}),
    (["Agree (6)", "agree (2)", "Neutral (4)", "Not Applicable (8)"], "coded", 6,
     {"Agree (6)": 6.0, "agree (2)": 2.0}),
    (["1 - Pas du tout", "3", "4", "5 - Tout à fait"], "coded", 5,
     {"1 - Pas du tout": 1.0, "5 - Tout à fait": 5.0}),
    (["Jamais", "Souvent", "Parfois", "Sans opinion"], "frequence4", 4, {"Souvent": 3.0}),
    (["Souvent /Often", "Jamais /Never", "je ne sais pas/ I don't know"], "frequence4", 4,
     {"Souvent /Often": 3.0}),
])
def test_answer_scales_detected(values, kind, points, codes) -> None:
    from workbench.ingest.answers import detect_scale

    scale = detect_scale(values)
    assert (scale.kind, scale.points) == (kind, points)
    assert {k: scale.codes[k] for k in codes} == codes
    assert [v for v in values if "know" in v.lower() or "applicable" in v.lower()
            or "opinion" in v.lower()] == scale.missing


def test_no_scale_for_ticks_names_or_yes_no() -> None:
    from workbench.ingest.answers import detect_scale

    assert detect_scale(["0", "1"]) is None
    assert detect_scale(["Oui", "Non"]) is None
    assert detect_scale(["Hélène", "Paul", "Zoé"]) is None


def test_framework_scale_needs_no_codes(tmp_path: Path) -> None:
    from workbench.ingest.answers import detect_scale

    fw = context(tmp_path)["framework"]
    scale = detect_scale(["Plutôt d’accord", "TOUT À FAIT D'ACCORD", "NSP", "N/A"],
                         fw.scales["likert5"])
    assert scale.kind == "framework" and scale.codes == {}
    assert scale.missing == ["NSP"] and scale.blank == ["N/A"]


def test_person_key_never_a_repeating_column(tmp_path: Path) -> None:
    """A Microsoft Forms e-mail column repeated across rows does not identify respondents."""
    from conftest_formats import write_book

    from workbench.ingest.mapping_draft import build_draft

    ctx = context(tmp_path)
    rows = [["ID", "Start time", "Completion time", "Email", "Name", "Vous êtes :"],
            [1, "2024-03-01 10:00", "2024-03-01 10:05", "a@ville.fr", None, "Élu ou élue"],
            [2, "2024-03-01 11:00", "2024-03-01 11:05", "a@ville.fr", None, "Habitant"]]
    raw = detect(write_book(tmp_path / "forms.xlsx", rows))
    draft = build_draft(raw, ctx["framework"])
    assert draft.person == [] and draft.person_note == "Email"
    assert "« Email » se répète" in draft.to_yaml()


def test_personal_column_cannot_be_mapped_to_data(tmp_path: Path) -> None:
    rows = [ls_row(1, "Hélène", "Le Gall", email="h@ville.fr"),
            ls_row(2, "Paul", "Martin", email="p@ville.fr")]
    path = write_limesurvey(tmp_path / "barometre_T1.csv", rows)
    (tmp_path / "barometre.mapping.yml").write_text(
        "instrument: barometre\nopen_text: {email: Courriel}\n", encoding="utf-8")
    with pytest.raises(ImportProblem) as info:
        import_file(path, **context(tmp_path))
    assert info.value.key == "mapping_personal_column"
    assert "données personnelles (e-mail)" in info.value.message
