"""Plain French spreadsheets: cp1252 CSV with decimal commas and day-first dates, and XLSX."""

from __future__ import annotations

from pathlib import Path

from conftest_formats import (
    GENERIC_MAPPING,
    PEOPLE,
    check_store,
    inspect_json,
    write_generic_csv,
    write_generic_xlsx,
)
from conftest_import import context

from workbench.ingest import import_file
from workbench.sources import detect


def test_generic_csv_cp1252_decimal_commas_day_first(tmp_path: Path, capsys) -> None:
    path = write_generic_csv(tmp_path / "enquete_T1.csv")
    info = inspect_json(path, capsys)
    assert info["format"] == "generic"  # Nom + Prénom but no presence column: not a sign-in sheet
    (tmp_path / "enquete.mapping.yml").write_text(GENERIC_MAPPING, encoding="utf-8")
    ctx = context(tmp_path)
    report = import_file(path, **ctx)  # …but its mapping says questionnaire
    assert (report.kind, report.format, report.rows_imported) == ("questionnaire", "generic", 3)
    assert report.detected["encoding"] == "cp1252" and report.detected["delimiter"] == ";"
    check_store(ctx, [(p["first"], p["last"]) for p in PEOPLE], organisations=False)
    stamps = sorted(ctx["store"].read("respondents")["submitted_at"])
    assert stamps == ["2024-03-15", "2024-03-16", "2024-04-02"]  # 15/03/2024 read day first


def test_generic_xlsx(tmp_path: Path, capsys) -> None:
    path = write_generic_xlsx(tmp_path / "enquete_T2.xlsx")
    info = inspect_json(path, capsys)
    assert (info["format"], info["delimiter"], info["n_responses"]) == ("generic", None, 3)
    assert detect(path).frame["Q2"].tolist() == ["4", "3", "4"]  # 4.0 typed as a number
    mapping = (GENERIC_MAPPING.replace("person: {columns: [Prénom, Nom]}",
                                       "person: {columns: [Courriel]}")
               .replace("qpv: {column: Quartier}",
                        'qpv: {column: Quartier, values: {"Plusieurs quartiers": null}}')
               .replace("ignore: [Date, Structure, Note globale]", "ignore: [Horodatage]"))
    (tmp_path / "enquete.mapping.yml").write_text(mapping, encoding="utf-8")
    ctx = context(tmp_path)
    assert import_file(path, **ctx).rows_imported == 3
    check_store(ctx, [(p["email"],) for p in PEOPLE], organisations=False)
    assert sorted(ctx["store"].read("respondents")["submitted_at"])[0] == "2024-03-15 10:22:33"
