"""Framaforms downloads: delimited text with three header rows, and the UTF-16 « .xls »."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest_formats import (
    FRAMA_INFO,
    FRAMA_MAPPING,
    PEOPLE,
    check_store,
    inspect_json,
    write_framaforms_csv,
    write_framaforms_xls,
)
from conftest_import import context

from workbench.ingest import import_file
from workbench.sources import detect

WRITERS = {"csv": (write_framaforms_csv, "utf-8", ","),
           "xls": (write_framaforms_xls, "utf-16", "\t")}


@pytest.mark.parametrize("variant", sorted(WRITERS))
def test_framaforms_detected_and_imported(tmp_path: Path, variant: str, capsys) -> None:
    write, encoding, delimiter = WRITERS[variant]
    path = write(tmp_path / f"barometre_T1.{variant}")
    if variant == "xls":
        assert path.read_bytes()[:4] == b"\xff\xfe\"\x00"  # UTF-16LE text, not a workbook
    info = inspect_json(path, capsys)
    assert info["format"] == "framaforms"
    assert (info["encoding"], info["delimiter"], info["header_rows"]) == (
        encoding, delimiter, 3)
    assert info["n_responses"] == 3  # the draft is kept out
    assert info["columns"][:9] == FRAMA_INFO
    # a label repeated under two questions is named after its band
    assert info["columns"][-5:-1] == [
        "Déjà participé à [Atelier]", "Déjà participé à [Réunion publique]",
        "Souhaite participer à [Atelier]", "Souhaite participer à [Réunion publique]"]
    raw = detect(path)
    assert raw.n_unfinished == 1 and raw.unfinished_lines == [8]
    assert raw.lines == [4, 6, 7]  # Hélène's answer spans lines 4-5
    (tmp_path / "barometre.mapping.yml").write_text(FRAMA_MAPPING, encoding="utf-8")
    ctx = context(tmp_path)
    report = import_file(path, **ctx)
    assert (report.format, report.rows_imported, report.rows_rejected) == ("framaforms", 3, 1)
    check_store(ctx, [(p["first"], p["last"]) for p in PEOPLE])
    stamps = sorted(ctx["store"].read("respondents")["submitted_at"])
    assert stamps[0] == "2024-03-15 10:22:00"
