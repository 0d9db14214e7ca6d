"""Questionnaire import: rows written, pseudonymous ids, idempotence, dry run, privacy."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from conftest_import import (
    BAROMETRE_MAPPING,
    HABITANTS_MAPPING,
    LIKERT,
    context,
    kobo_row,
    ls_row,
    store_bytes,
    write_kobo,
    write_limesurvey,
    write_signin,
)

from workbench.ingest import import_file
from workbench.ingest.dispatch import import_folder

OPEN = "On se parle ; enfin.\nEt « vraiment »."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "barometre.mapping.yml").write_text(BAROMETRE_MAPPING, encoding="utf-8")
    (raw / "habitants.mapping.yml").write_text(HABITANTS_MAPPING, encoding="utf-8")
    answers = ["Tout à fait d’accord", "NE SE PRONONCE PAS", "", "plutot pas d'accord",
               *LIKERT * 2]
    write_limesurvey(raw / "barometre_T1.csv", [
        ls_row(1, "Hélène", "Le Gall", answers=answers, text=OPEN, email="helene@ex.fr"),
        ls_row(2, "", "", submitted=False),
        ls_row(3, "Paul", "Martin", group="Service de la ville ou de l’agglomération",
               qpv="Plusieurs quartiers", org="Mission locale"),
    ])
    return raw


def test_rows_values_and_missing(store_location: str, folder: Path, tmp_path: Path) -> None:
    ctx = context(tmp_path, store_location)
    report = import_file(folder / "barometre_T1.csv", **ctx)
    assert (report.kind, report.format, report.wave) == ("questionnaire", "limesurvey", "T1")
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (3, 2, 1)
    assert sum(report.rejected_reasons.values()) == 1
    store = ctx["store"]
    respondents = store.read("respondents").sort_values("submitted_at")
    assert len(respondents) == 2
    helene = ctx["pseudonymiser"].person_id("Hélène", "Le Gall")
    paul = ctx["pseudonymiser"].person_id("Paul", "Martin")
    assert set(respondents["person_id"]) == {helene, paul}
    by_person = respondents.set_index("person_id")
    assert by_person.loc[helene, "group_id"] == "elus"
    assert by_person.loc[helene, "qpv"] == "tilleuls"
    assert by_person.loc[helene, "organisation"] == "ccas"
    assert by_person.loc[paul, "group_id"] == "services"
    assert pd.isna(by_person.loc[paul, "qpv"])  # "Plusieurs quartiers" → no single QPV
    assert by_person.loc[paul, "organisation"] == "mission-locale"
    responses = store.read("responses")
    assert len(responses) == 2 * 14
    mine = responses[responses["person_id"] == helene].set_index("item_id")
    assert mine.loc["Q01", "value"] == 5.0 and mine.loc["Q01", "label"] == "Tout à fait d’accord"
    assert pd.isna(mine.loc["Q02", "value"]) and mine.loc["Q02", "missing"] == "nsp"
    assert pd.isna(mine.loc["Q03", "value"]) and mine.loc["Q03", "missing"] == "no_answer"
    assert mine.loc["Q04", "value"] == 2.0
    assert mine.loc["Q05", "value"] == 1.0 and mine.loc["Q09", "value"] == 5.0
    verbatims = store.read("verbatims")
    assert len(verbatims) == 1
    row = verbatims.iloc[0]
    assert row["text"] == OPEN and row["kind"] == "open_answer" and row["quotable"] == 0
    assert row["person_id"] == helene and row["wave"] == "T1"
    people = store.read("people").set_index("person_id")
    assert people.loc[paul, "group_id"] == "services"


def test_reimport_is_a_noop_and_raw_file_unchanged(store_location: str,
                                                   folder: Path, tmp_path: Path) -> None:
    ctx = context(tmp_path, store_location)
    path = folder / "barometre_T1.csv"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    first = import_file(path, **ctx)
    counts = ctx["store"].counts()
    again = import_file(path, **ctx)
    assert again.already_imported and again.source_id == first.source_id
    assert ctx["store"].counts() == counts
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before == first.sha256


def test_dry_run_writes_nothing(store_location: str, folder: Path, tmp_path: Path) -> None:
    ctx = context(tmp_path, store_location)
    report = import_file(folder / "barometre_T1.csv", dry_run=True, **ctx)
    assert report.dry_run and report.rows_imported == 2
    assert report.table_rows["responses"] == 28
    assert all(n == 0 for n in ctx["store"].counts().values())


def test_no_name_or_email_in_the_store(store_location: str, folder: Path, tmp_path: Path) -> None:
    ctx = context(tmp_path, store_location)
    write_signin(folder / "emargement_S2_2023-03-09.xlsx",
                 [["Le Gall", "Hélène", "CCAS", "Directrice", "Élue", "", "", "X"]])
    import_folder(folder, **ctx)
    data = store_bytes(ctx["store"])
    assert b"tilleuls" in data and OPEN.encode() in data  # the grep does see stored text
    for secret in ["Hélène", "Helene", "Le Gall", "Martin", "helene@ex.fr", "Directrice"]:
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in data, secret


def test_same_person_same_id_in_signin_and_limesurvey(store_location: str,
                                                      folder: Path, tmp_path: Path) -> None:
    ctx = context(tmp_path, store_location)
    write_signin(folder / "emargement_S2_2023-03-09.xlsx",
                 [["LE GALL", "helene", "CCAS", "", "Élu·e", "", "", "X"]])
    reports = import_folder(folder, **ctx)
    assert [r.kind for r in reports] == ["attendance", "questionnaire"]  # sign-in sheets first
    attendance = ctx["store"].read("attendance")
    respondents = ctx["store"].read("respondents")
    assert attendance["person_id"].iloc[0] in set(respondents["person_id"])


def test_people_keep_known_values(store_location: str, folder: Path, tmp_path: Path) -> None:
    """A later questionnaire without organisation keeps the sign-in sheet's organisation."""
    ctx = context(tmp_path, store_location)
    write_signin(folder / "emargement_S2_2023-03-09.xlsx",
                 [["Martin", "Paul", "Régie de quartier", "", "Service", "", "", "X"]])
    rows = [ls_row(3, "Paul", "Martin", group="Service de la ville ou de l'agglomération",
                   org="")]
    write_limesurvey(folder / "barometre_T2.csv", rows)
    import_file(folder / "emargement_S2_2023-03-09.xlsx", **ctx)
    import_file(folder / "barometre_T2.csv", **ctx)
    people = ctx["store"].read("people")
    assert len(people) == 1
    assert people.iloc[0]["organisation"] == "regie"


def test_kobo_named_and_anonymous(store_location: str, tmp_path: Path, folder: Path) -> None:
    ctx = context(tmp_path, store_location)
    path = write_kobo(folder / "habitants_T0.csv", [kobo_row(1, "Aïcha", "Benali"),
                                                     kobo_row(2, "", "", qpv="bel_air")])
    report = import_file(path, **ctx)
    assert report.format == "kobo" and report.rows_imported == 2
    respondents = ctx["store"].read("respondents").set_index("person_id")
    named = ctx["pseudonymiser"].person_id("Aïcha", "Benali")
    anonymous = ctx["pseudonymiser"].person_id("0b6d3c2e-8f1a-4c5d-9e7f-000000000002")
    assert set(respondents.index) == {named, anonymous}
    assert respondents.loc[anonymous, "qpv"] == "bel-air"
    assert (respondents["group_id"] == "habitants").all()
    responses = ctx["store"].read("responses")
    q01 = responses[(responses["person_id"] == named) & (responses["item_id"] == "Q01")]
    assert q01["value"].tolist() == [2.0]  # kobo_row(1): answers start at plutot_pas_d_accord


def test_progress_is_reported(folder: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    import_file(folder / "barometre_T1.csv", progress=lambda d, t: calls.append((d, t)),
                **context(tmp_path))
    assert calls and calls[-1] == (2, 2)


def test_explicit_wave_wins(folder: Path, tmp_path: Path) -> None:
    ctx = context(tmp_path)
    report = import_file(folder / "barometre_T1.csv", wave="T2", **ctx)
    assert report.wave == "T2"
    assert set(ctx["store"].read("responses")["wave"]) == {"T2"}


def test_folder_order_is_stable_and_skips_mappings(folder: Path, tmp_path: Path) -> None:
    write_signin(folder / "emargement_S4_2023-06-22.xlsx",
                 [["A", "B", "", "", "Service", "", "", "X"]], step=4,
                 date="22/06/2023")
    write_signin(folder / "emargement_S2_2023-03-09.xlsx",
                 [["A", "B", "", "", "Service", "", "", "X"]])
    write_kobo(folder / "habitants_T0.csv", [kobo_row(1)])
    (folder / "LISEZMOI.md").write_text("notes")
    reports = import_folder(folder, **context(tmp_path))
    assert [r.file for r in reports] == [
        "emargement_S2_2023-03-09.xlsx", "emargement_S4_2023-06-22.xlsx",
        "barometre_T1.csv", "habitants_T0.csv",
    ]
