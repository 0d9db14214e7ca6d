"""The bad-input corpus: each broken file fails with a precise key, file, line and column, and
the store is left exactly as it was (one transaction, nothing written)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest_formats import FRAMA_MAPPING as FRAMA_MAP
from conftest_formats import GENERIC_MAPPING as GENERIC_MAP
from conftest_formats import (
    GF_MAPPING,
    GROUP_Q,
    ITEM_TEXT,
    OPEN,
    QPV_Q,
    framaforms_rows,
    ms_mapping,
    write_framaforms_xls,
    write_generic_csv,
    write_google_forms,
    write_ms_forms,
    write_text,
)
from conftest_import import (
    BAROMETRE_MAPPING,
    HABITANTS_MAPPING,
    LS_COLUMNS,
    context,
    kobo_row,
    ls_row,
    store_dump,
    write_kobo,
    write_limesurvey,
    write_signin,
)
from conftest_signin import write_matrix, write_title_block_sheet

from workbench.errors import ImportProblem
from workbench.ingest import import_file

OK = ["Dupont", "Marie", "CCAS", "", "Service", "", "", "X"]


@dataclasses.dataclass
class Case:
    make: Callable[[Path], Path]  # writes the bad file(s) into the folder, returns what to import
    key: str
    file: str
    row: int | None
    column: str | None
    kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)


def _baro(name: str = "barometre_T1.csv", rows: list[dict] | None = None,
          mapping: str = BAROMETRE_MAPPING) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / "barometre.mapping.yml").write_text(mapping, encoding="utf-8")
        return write_limesurvey(folder / name, rows if rows is not None else
                                [ls_row(1, "Anne", "Aubert"), ls_row(2, "Bruno", "Blanc")])
    return make


def _answer(id_: int, column: int, value: str, **kw: Any) -> dict[str, str]:
    row = ls_row(id_, f"P{id_}", f"N{id_}", **kw)
    row[f"G01Q01[SQ{column:03d}]"] = value
    return row


def _raw_text(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name
    return make


def _sheet(people: list[list[Any]], name: str = "emargement_S2_2023-03-09.xlsx",
           **kw: Any) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        return write_signin(folder / name, people, **kw)
    return make


def _kobo(rows: list[dict], mapping: str = HABITANTS_MAPPING) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / "habitants.mapping.yml").write_text(mapping, encoding="utf-8")
        return write_kobo(folder / "habitants_T1.csv", rows)
    return make


def _in_store_twice(folder: Path) -> Path:
    """Anne Aubert answered T1 in the baseline file; a second export repeats her."""
    return _baro("barometre_T1_relance.csv", [ls_row(1, "ANNE", "aubert")])(folder)


def _event_twice(folder: Path) -> Path:
    (folder / "autre").mkdir()
    people = [OK, [*OK[:1], "Zoé", *OK[2:]]]
    return write_signin(folder / "autre" / "emargement_S1_2023-01-19.xlsx", people, step=1,
                        date="19/01/2023")


SQ3 = "G01Q01[SQ003]"
BAD_MAPPING_COLUMN = BAROMETRE_MAPPING.replace('"G01Q01[SQ014]": Q14', '"G01Q01[SQ099]": Q14')
CASES: dict[str, Case] = {
    "out_of_scale": Case(_baro(rows=[ls_row(1, "A", "B"), _answer(2, 3, "7")]),
                         "value_out_of_scale", "barometre_T1.csv", 3, SQ3),
    "decimal_answer": Case(_baro(rows=[_answer(1, 3, "3,5")]), "value_out_of_scale",
                           "barometre_T1.csv", 2, SQ3),
    "zero_answer": Case(_baro(rows=[_answer(1, 14, "0")]), "value_out_of_scale",
                        "barometre_T1.csv", 2, "G01Q01[SQ014]"),
    "unknown_answer": Case(_baro(rows=[_answer(1, 3, "Bof")]), "answer_unknown",
                           "barometre_T1.csv", 2, SQ3),
    "unknown_group": Case(_baro(rows=[ls_row(1, "A", "B"), ls_row(2, "C", "D", group="Martien")]),
                          "group_unknown", "barometre_T1.csv", 3, "G00Q01"),
    "unknown_qpv": Case(_baro(rows=[ls_row(1, "A", "B", qpv="Centre-ville")]), "qpv_unknown",
                        "barometre_T1.csv", 2, "G00Q02"),
    "duplicate_respondent": Case(
        _baro(rows=[ls_row(1, "Anne", "Aubert"), ls_row(2, "Zoé", "Z"),
                    ls_row(3, "anne", "AUBERT")]),
        "duplicate_respondent", "barometre_T1.csv", 4, "firstname"),
    "respondent_already_in_store": Case(_in_store_twice, "respondent_already_in_store",
                                        "barometre_T1_relance.csv", 2, "firstname"),
    "wave_not_in_framework": Case(_baro("barometre_T9.csv"), "wave_unknown", "barometre_T9.csv",
                                  None, None),
    "wave_missing": Case(_baro("barometre.csv"), "wave_missing", "barometre.csv", None, None),
    "no_data_rows": Case(_baro(rows=[]), "no_data_rows", "barometre_T1.csv", 1, None),
    "empty_file": Case(_raw_text("barometre_T1.csv", b""), "file_empty", "barometre_T1.csv", None,
                       None, {"kind": "questionnaire"}),
    "bom_only_file": Case(_raw_text("barometre_T1.csv", b"\xef\xbb\xbf\r\n"), "file_empty",
                          "barometre_T1.csv", None, None, {"kind": "questionnaire"}),
    "no_mapping": Case(lambda f: write_limesurvey(f / "enquete_T1.csv", [ls_row(1, "A", "B")]),
                       "mapping_not_found", "enquete_T1.csv", None, None),
    "mapping_missing_column": Case(_baro(mapping=BAD_MAPPING_COLUMN), "mapping_unknown_column",
                                   "barometre.mapping.yml", None, "items.G01Q01[SQ099]"),
    "mapping_unknown_item": Case(
        _baro(mapping=BAROMETRE_MAPPING.replace(": Q14", ": Q41")), "mapping_unknown_item",
        "barometre.mapping.yml", None, "items.G01Q01[SQ014]"),
    "mapping_unknown_group": Case(
        _baro(mapping=BAROMETRE_MAPPING.replace("partenaires", "partners")),
        "mapping_unknown_group", "barometre.mapping.yml", None,
        "group.values.Partenaire institutionnel"),
    "mapping_unknown_qpv": Case(
        _baro(mapping=BAROMETRE_MAPPING.replace("la-source", "source")), "mapping_unknown_qpv",
        "barometre.mapping.yml", None, "qpv.values.La Source"),
    "mapping_unknown_key": Case(_baro(mapping=BAROMETRE_MAPPING + "itemz: {}\n"),
                                "mapping_invalid", "barometre.mapping.yml", None, "itemz"),
    "mapping_bad_yaml": Case(_baro(mapping="instrument: barometre\nitems: [\n"),
                             "mapping_yaml_syntax", "barometre.mapping.yml", 3, None),
    "mapping_item_not_in_instrument": Case(
        _kobo([kobo_row(1, "A", "B")], HABITANTS_MAPPING.replace("opinions/q05: Q05",
                                                                 "opinions/q05: Q02")),
        "mapping_item_not_in_instrument", "habitants.mapping.yml", None, "items.opinions/q05"),
    "kobo_unknown_choice": Case(
        _kobo([kobo_row(1, "A", "B", answers=["peut_etre"] * 5)]), "answer_unknown",
        "habitants_T1.csv", 2, "opinions/q01"),
    "kobo_unknown_qpv": Case(_kobo([kobo_row(1, "A", "B"), kobo_row(2, qpv="centre")]),
                             "qpv_unknown", "habitants_T1.csv", 3, "profil/quartier"),
    "ragged_row": Case(_raw_text("barometre_T1.csv", (";".join(LS_COLUMNS) + "\r\n" + ";".join(
        ["1", "2023-01-01 10:00:00"] + ["x"] * len(LS_COLUMNS)) + "\r\n").encode()),
        "row_too_many_fields", "barometre_T1.csv", 2, None, {"kind": "questionnaire"}),
    "legacy_xls": Case(_raw_text("vieux.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 60),
                       "format_unsupported", "vieux.xls", None, None),
    "pdf": Case(_raw_text("scan.pdf", b"%PDF-1.4"), "scan_not_typed", "scan.pdf", None, None,
                {"kind": "attendance"}),
    "photo_of_sheet": Case(_raw_text("emargement_S2_2023-03-09.jpg", b"\xff\xd8\xff\xe0JFIF"),
                           "scan_not_typed", "emargement_S2_2023-03-09.jpg", None, None),
    "broken_xlsx": Case(_raw_text("emargement_S2_2023-03-09.xlsx", b"PK\x03\x04broken"),
                        "file_unreadable", "emargement_S2_2023-03-09.xlsx", None, None),
    "unknown_kind": Case(_raw_text("notes.csv", b"a;b\r\n1;2\r\n"), "kind_unknown", "notes.csv",
                         None, None),
    "signin_unknown_category": Case(_sheet([OK, ["X", "Y", "", "", "Martien", "", "", "X"]]),
                                    "category_unknown", "emargement_S2_2023-03-09.xlsx", 9,
                                    "Catégorie"),
    "signin_bad_presence": Case(_sheet([["X", "Y", "", "", "Élu", "", "", "peut-être"]]),
                                "present_invalid", "emargement_S2_2023-03-09.xlsx", 8, "Présent"),
    "signin_bad_role": Case(_sheet([["X", "Y", "", "", "Élu", "", "Chef", "X"]]), "role_unknown",
                            "emargement_S2_2023-03-09.xlsx", 8, "Rôle"),
    "signin_duplicate": Case(_sheet([OK, ["DUPONT", "marie", "", "", "", "", "", ""]]),
                             "duplicate_attendee", "emargement_S2_2023-03-09.xlsx", 9, "Nom"),
    "signin_no_name": Case(_sheet([OK, ["", "", "CCAS", "", "Service", "", "", "X"]]),
                           "person_missing", "emargement_S2_2023-03-09.xlsx", 9, "Nom"),
    "signin_unknown_qpv": Case(_sheet([["X", "Y", "", "", "Habitant", "Centre", "", "X"]]),
                               "qpv_unknown", "emargement_S2_2023-03-09.xlsx", 8, "Quartier"),
    "signin_unknown_step": Case(_sheet([OK], name="presences.xlsx", step=12), "step_unknown",
                                "presences.xlsx", 4, None),
    "signin_bad_date": Case(_sheet([OK], name="presences.xlsx", date="bientôt"), "date_invalid",
                            "presences.xlsx", 3, None),
    "signin_title_unknown_qpv": Case(_sheet([OK], qpv="Centre"), "qpv_unknown",
                                     "emargement_S2_2023-03-09.xlsx", 5, None),
    "signin_event_already_imported": Case(_event_twice, "event_already_imported",
                                          "emargement_S1_2023-01-19.xlsx", 4, None),
    "signin_step_missing": Case(lambda f: write_title_block_sheet(f / "seminaire.xlsx"),
                                "step_missing", "seminaire.xlsx", None, None),
    "signin_step_answer_unknown": Case(lambda f: write_title_block_sheet(f / "seminaire.xlsx"),
                                       "answer_invalid", "seminaire.xlsx", None, None,
                                       {"answers": {"step": "Étape 12"}}),
    "matrix_bad_mark": Case(lambda f: write_matrix(f / "cotech.xlsx", people=[
        ["Petit", "Karim", "", "X", "bof", "", "", ""]]), "present_invalid", "cotech.xlsx", 4,
        "16/02/2023", {"answers": {"step": "S1"}}),
    "matrix_date_outside_every_step": Case(
        lambda f: write_matrix(f / "cotech.xlsx", dates=["01/07/2022", "08/07/2022"], people=[
            ["Petit", "Karim", "", "X", "X"]]), "step_not_in_calendar", "cotech.xlsx", 3,
        "01/07/2022", {"answers": {"step": "dates"}}),
    "signin_no_name_column": Case(_raw_text("presents_S2_2023-03-09.csv",
                                            "Structure;Présent\r\nCCAS;X\r\n".encode()),
                                  "not_signin", "presents_S2_2023-03-09.csv", None, None,
                                  {"kind": "attendance"}),
}




# --- the other export formats --------------------------------------------------------------------
def _with_mapping(name: str, mapping: str, write: Callable[[Path], Path],
                  edit: Callable[[bytes], bytes] | None = None) -> Callable[[Path], Path]:
    """Write ``name`` (and ``<prefix>.mapping.yml``), then spoil its bytes with ``edit``."""
    def make(folder: Path) -> Path:
        (folder / (name.split("_")[0] + ".mapping.yml")).write_text(mapping, encoding="utf-8")
        path = write(folder / name)
        if edit is not None:
            path.write_bytes(edit(path.read_bytes() if path.exists() else b""))
        return path
    return make


def _replace(old: str, new: str, encoding: str = "utf-8") -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        text = data.decode(encoding)
        assert old in text, old
        return text.replace(old, new, 1).encode(encoding)
    return edit


def _cut_at(marker: str) -> Callable[[bytes], bytes]:
    return lambda data: data[:data.index(marker.encode())]


def _ms_cell(row: int, column: str, value: Any) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        from openpyxl import load_workbook

        write_ms_forms(path)
        book = load_workbook(path)
        sheet = book.active
        header = [c.value for c in sheet[1]]
        sheet.cell(row=row, column=header.index(column) + 1, value=value)
        book.save(path)
        return path
    return write


def _framaforms_header_only(path: Path) -> Path:
    return write_text(path, framaforms_rows()[:3], quote_all=True, newline="\n")


GF, MS, FRAMA = "barometre-gf_T1.csv", "barometre-ms_T1.xlsx", "barometre-frama_T1.xls"
FORMAT_CASES: dict[str, Case] = {
    "gf_truncated_in_quoted_cell": Case(
        _with_mapping(GF, GF_MAPPING, write_google_forms, _cut_at("Et ça change")),
        "file_truncated", GF, 2, OPEN),
    "gf_truncated_row": Case(
        _with_mapping(GF, GF_MAPPING, write_google_forms, _cut_at("Service de la ville")),
        "file_truncated", GF, 5, None),
    "utf16_without_bom_garbage": Case(
        _with_mapping(GF, GF_MAPPING, lambda p: p, lambda _: "Horodateur,Adresse e-mail\n"
                      .encode("utf-16-le") + b"\x00\xd8\x41\x00\x0a\x00"),
        "encoding_invalid", GF, 2, None),
    "gf_wave_not_in_framework": Case(_with_mapping(GF, GF_MAPPING, write_google_forms),
                                     "wave_unknown", GF, None, None, {"wave": "T7"}),
    "gf_duplicate_respondent": Case(
        _with_mapping(GF, GF_MAPPING, write_google_forms,
                      _replace("zoe.durand@asso.org", " HELENE.LEGALL@ville.fr")),
        "duplicate_respondent", GF, 5, "Adresse e-mail"),
    "gf_several_groups_ticked": Case(
        _with_mapping(GF, GF_MAPPING, write_google_forms, _replace(
            '"Acteur de terrain (association, école, travail social)"',
            '"Élu ou élue, Partenaire institutionnel"')),
        "group_several", GF, 4, GROUP_Q),
    "ms_unknown_qpv_in_multiple_choice": Case(
        _with_mapping(MS, ms_mapping(), _ms_cell(2, QPV_Q, "Les Tilleuls;Centre-ville;")),
        "qpv_unknown", MS, 2, QPV_Q),
    "ms_out_of_scale": Case(_with_mapping(MS, ms_mapping(), _ms_cell(3, ITEM_TEXT["Q02"], 7)),
                            "value_out_of_scale", MS, 3, ITEM_TEXT["Q02"]),
    "ms_mapping_names_missing_column": Case(
        _with_mapping(MS, ms_mapping().replace("Adresse de messagerie", "Courriel"),
                      write_ms_forms),
        "mapping_unknown_column", "barometre-ms.mapping.yml", None, "person.columns"),
    "framaforms_header_only": Case(
        _with_mapping("barometre-frama_T1.csv", FRAMA_MAP, _framaforms_header_only),
        "no_data_rows", "barometre-frama_T1.csv", 3, None),
    "framaforms_xls_unknown_answer": Case(
        _with_mapping(FRAMA, FRAMA_MAP, write_framaforms_xls,
                      _replace("Ni d'accord ni pas d'accord", "Bof bof", "utf-16")),
        "answer_unknown", FRAMA, 6, ITEM_TEXT["Q02"]),
    "sav_garbage": Case(
        _with_mapping("barometre-sav_T1.sav", BAROMETRE_MAPPING, lambda p: p,
                      lambda _: b"$FL2@(#) IBM SPSS" + b"\x07" * 40),
        "file_unreadable", "barometre-sav_T1.sav", None, None),
    "generic_decimal_comma_out_of_scale": Case(
        _with_mapping("enquete_T1.csv", GENERIC_MAP, write_generic_csv,
                      _replace(";4,0;", ";3,5;", "cp1252")),
        "value_out_of_scale", "enquete_T1.csv", 2, "Q2"),
}
CASES.update(FORMAT_CASES)


def test_corpus_size() -> None:
    assert len(CASES) >= 45


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_precisely_and_store_unchanged(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    folder = tmp_path / "raw"
    folder.mkdir()
    ctx = context(tmp_path)
    # a baseline so that "unchanged" means something: one sheet and one questionnaire imported
    import_file(write_signin(folder / "emargement_S1_2023-01-19.xlsx", [OK], step=1,
                             date="19/01/2023"), **ctx)
    import_file(_baro(rows=[ls_row(9, "Anne", "Aubert")])(folder), **ctx)
    counts = ctx["store"].counts()
    assert counts["attendance"] == 1 and counts["responses"] == 14
    before = store_dump(ctx["store"])
    path = case.make(folder)
    raw_before = path.read_bytes()
    with pytest.raises(ImportProblem) as info:
        import_file(path, **ctx, **case.kwargs)
    error = info.value
    assert (error.key, error.file, error.row, error.column) == (
        case.key, case.file, case.row, case.column), error.message
    assert f"`{case.file}`" in error.message
    assert any(p.key == case.key for p in error.problems)
    assert store_dump(ctx["store"]) == before
    assert path.read_bytes() == raw_before


def test_all_problems_of_a_file_are_listed(tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    rows = [_answer(1, 3, "7"), ls_row(2, "C", "D", group="Martien"), _answer(3, 5, "Bof")]
    with pytest.raises(ImportProblem) as info:
        import_file(_baro(rows=rows)(folder), **context(tmp_path))
    found = [(p.key, p.row, p.column) for p in info.value.problems]
    assert found == [("value_out_of_scale", 2, SQ3), ("group_unknown", 3, "G00Q01"),
                     ("answer_unknown", 4, "G01Q01[SQ005]")]
    assert info.value.problems[0].message == (
        "Fichier `barometre_T1.csv`, ligne 2, colonne `G01Q01[SQ003]` : valeur « 7 » hors "
        "échelle (attendu 1 à 5 ou « Ne se prononce pas »)")
    assert "et 2 autre(s) problème(s)" in info.value.message
