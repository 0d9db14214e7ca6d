"""Microsoft Forms workbooks (French and English metadata), imported end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest_formats import (
    MS_META_EN,
    MS_META_FR,
    PEOPLE,
    QPV_Q,
    check_store,
    inspect_json,
    ms_mapping,
    write_ms_forms,
)
from conftest_import import context

from workbench.ingest import import_file
from workbench.sources import detect


@pytest.mark.parametrize("english", [False, True])
def test_ms_forms_detected_and_imported(tmp_path: Path, english: bool, capsys) -> None:
    path = write_ms_forms(tmp_path / "barometre_T0.xlsx", english=english)
    info = inspect_json(path, capsys)
    assert info["format"] == "ms_forms"
    assert info["delimiter"] is None and info["header_rows"] == 1
    assert info["n_responses"] == 4
    assert info["columns"][:6] == (MS_META_EN if english else MS_META_FR)
    raw = detect(path)
    assert raw.frame[QPV_Q].tolist()[:2] == ["Les Tilleuls;", "Les Tilleuls;Bel-Air;"]
    end = "Completion time" if english else "Heure de fin"
    assert raw.frame[end].iloc[0] == "2024-03-15 10:22:33"  # a real Excel datetime
    (tmp_path / "barometre.mapping.yml").write_text(ms_mapping(english), encoding="utf-8")
    ctx = context(tmp_path)
    report = import_file(path, **ctx)
    assert (report.format, report.wave, report.rows_imported) == ("ms_forms", "T0", 4)
    assert report.unmapped_columns == []
    check_store(ctx, [(p["email"],) for p in PEOPLE])
    respondents = ctx["store"].read("respondents")
    # the anonymous response is its own respondent (keyed inside this survey only)
    named = {ctx["pseudonymiser"].person_id(p["email"]) for p in PEOPLE}
    others = respondents[~respondents["person_id"].isin(named)]
    assert len(others) == 1
    row = others.iloc[0]
    assert (row["group_id"], row["qpv"]) == ("elus", "moulin")
    assert sorted(respondents["submitted_at"])[0] == "2024-03-15 10:22:33"
