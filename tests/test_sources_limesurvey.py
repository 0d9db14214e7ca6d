"""LimeSurvey's other downloads: the XLSX export and the SPSS ``.sav`` (via pyreadstat)."""

from __future__ import annotations

from pathlib import Path

from conftest_formats import (
    PEOPLE,
    SAV_ITEMS,
    SAV_MAPPING,
    check_store,
    inspect_json,
    write_book,
    write_sav,
)
from conftest_import import BAROMETRE_MAPPING, LS_COLUMNS, context, ls_row

from workbench.ingest import import_file
from workbench.sources import detect


def test_limesurvey_xlsx_imported(tmp_path: Path, capsys) -> None:
    rows = [ls_row(1, "Hélène", "Le Gall", text="Sur deux\nlignes"),
            ls_row(2, "", "", submitted=False), ls_row(3, "Paul", "Martin", group="Élu ou élue")]
    path = write_book(tmp_path / "barometre_T2.xlsx",
                      [LS_COLUMNS, *[[r[c] for c in LS_COLUMNS] for r in rows]])
    info = inspect_json(path, capsys)
    assert (info["format"], info["encoding"], info["delimiter"]) == ("limesurvey", None, None)
    assert (info["n_responses"], info["n_unfinished"]) == (2, 1)
    (tmp_path / "barometre.mapping.yml").write_text(BAROMETRE_MAPPING, encoding="utf-8")
    ctx = context(tmp_path)
    report = import_file(path, **ctx)
    assert (report.rows_imported, report.rows_rejected, report.wave) == (2, 1, "T2")
    assert len(ctx["store"].read("responses")) == 28
    assert ctx["store"].read("verbatims")["text"].tolist() == ["Sur deux\nlignes"]


def test_spss_sav_names_labels_and_import(tmp_path: Path, capsys) -> None:
    path = write_sav(tmp_path / "barometre_T1.sav")
    info = inspect_json(path, capsys)
    assert info["format"] == "limesurvey"
    assert info["delimiter"] is None and info["header_rows"] == 1
    assert (info["n_responses"], info["n_unfinished"]) == (3, 1)
    assert SAV_ITEMS[0] in info["columns"] and "G01Q01[SQ001]" not in info["columns"]
    raw = detect(path)
    # value labels applied, dates from SPSS datetimes, numbers without a trailing ".0"
    assert raw.frame["G00Q01"].iloc[0] == "Élu ou élue"
    assert raw.frame[SAV_ITEMS[0]].iloc[0] == "Tout à fait d'accord"
    assert raw.frame["submitdate"].iloc[0] == "2024-03-15 10:22:33"
    assert raw.frame["id"].tolist() == ["1", "2", "3"]
    assert raw.lines == [2, 3, 4] and raw.unfinished_lines == [5]
    (tmp_path / "barometre.mapping.yml").write_text(SAV_MAPPING, encoding="utf-8")
    ctx = context(tmp_path)
    report = import_file(path, **ctx)
    assert (report.format, report.rows_imported, report.rows_rejected) == ("limesurvey", 3, 1)
    check_store(ctx, [(p["first"], p["last"]) for p in PEOPLE])
