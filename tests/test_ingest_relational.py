"""Relational survey import: wide and long layouts, French labels, roster matching, problems."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from workbench.config import DEFAULT_FRAMEWORK
from workbench.errors import ImportProblem
from workbench.framework import load_framework
from workbench.ingest.relational import import_relational, looks_like_relational, parse_scale
from workbench.privacy import Pseudonymiser, load_or_create_secret
from workbench.store import Store

DIMS = ["Niveau", "Ouverture", "Fiabilité", "Mission partagée", "Influence", "Ressources",
        "Implication", "Fréquence"]


def write_xlsx(path: Path, rows: list[list], sheet: str = "Réponses") -> Path:
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.fixture
def ctx(tmp_path: Path, store_location: str) -> dict:
    secret = load_or_create_secret(tmp_path / "secret.key")
    return {"store": Store(store_location),
            "framework": load_framework(DEFAULT_FRAMEWORK),
            "pseudonymiser": Pseudonymiser(secret)}


def _wide_rows() -> list[list]:
    header = ["Horodateur", "Prénom", "Nom", "Organisation"]
    header += [f"{d} [{p}]" for p in ("CCAS", "CAF", "Mission locale") for d in DIMS]
    helene = ["2023-12-07", "Hélène", "Durand", "CAF",
              "3 - Coordination", 4, "Assez", 2, 1, "Beaucoup", 3, "Tous les mois",
              5, 4, 4, 4, 4, 4, 4, "Tous les jours",  # own organisation: ignored
              "0 - Aucune relation", None, None, None, None, None, None, "Jamais"]
    karim = ["2023-12-07", "Karim", "Benali", "ccas",
             None, None, None, None, None, None, None, None,
             "Coopération", 2, 3, None, "NSP", None, None, "Tous les trimestres",
             None, None, None, None, None, None, None, None]
    return [header, helene, karim]


# (from, to) → level, openness, reliability, mission, influence, resources, involvement, frequency
EXPECTED = {
    ("caf", "ccas"): (3, 4, 3, 2, 1, 4, 3, "monthly"),
    ("caf", "mission-locale"): (0, None, None, None, None, None, None, "never"),
    ("ccas", "caf"): (2, 2, 3, None, None, None, None, "quarterly"),
}
RATED = ["level", "openness", "reliability", "mission", "influence", "resources", "involvement",
         "frequency"]


def _ties_as_dict(store: Store) -> dict:
    ties = store.read("ties")
    out = {}
    for row in ties.to_dict("records"):
        values = tuple(None if v is None or v != v else v for v in (row[c] for c in RATED))
        out[(row["from_org"], row["to_org"])] = values
    return out


def test_wide_layout(tmp_path: Path, ctx: dict) -> None:
    path = write_xlsx(tmp_path / "relations_T1.xlsx", _wide_rows())
    assert looks_like_relational(path)
    report = import_relational(path, **ctx)
    assert report.wave == "T1" and report.rows_imported == 3
    assert report.detected["layout"] == ["wide"]
    assert report.detected["self_ratings_ignored"] == 1  # Karim left his own CCAS blank
    assert report.detected["response_rate"] == {"T1": round(2 / 18, 4)}
    assert _ties_as_dict(ctx["store"]) == EXPECTED
    ties = ctx["store"].read("ties")
    helene = ctx["pseudonymiser"].person_id("Hélène", "Durand")
    assert set(ties.loc[ties["from_org"] == "caf", "respondent_id"]) == {helene}
    assert set(ties["wave"]) == {"T1"}
    assert "Horodateur" in report.unmapped_columns


def test_long_layout_gives_the_same_ties(tmp_path: Path, ctx: dict) -> None:
    header = ["Prénom", "Nom", "Organisation", "Partenaire", *DIMS]
    rows = [
        ["Hélène", "Durand", "CAF", "ccas", "3 - Coordination", "4", "Assez", "2", "1",
         "Beaucoup", "3", "Tous les mois"],
        ["Hélène", "Durand", "CAF", "CAF", "5", "4", "4", "4", "4", "4", "4", "Tous les jours"],
        ["Hélène", "Durand", "CAF", "MISSION LOCALE", "Aucune relation", "", "", "", "", "", "",
         "jamais"],
        ["Karim", "Benali", "CCAS", "Caf", "2 - Coopération", "2", "3", "", "nsp", "", "",
         "Trimestrielle"],
    ]
    path = tmp_path / "cooperation_T1.csv"
    with path.open("w", encoding="cp1252", newline="") as fh:  # Excel's "CSV (séparateur: ;)"
        csv.writer(fh, delimiter=";").writerows([header, *rows])
    assert looks_like_relational(path)
    report = import_relational(path, **ctx)
    assert report.detected["layout"] == ["long"]
    assert _ties_as_dict(ctx["store"]) == EXPECTED


def test_wave_argument_wins_and_a_missing_wave_is_a_problem(tmp_path: Path, ctx: dict) -> None:
    path = write_xlsx(tmp_path / "relations.xlsx", _wide_rows())
    with pytest.raises(ImportProblem) as caught:
        import_relational(path, **ctx)
    assert caught.value.key == "wave_missing"
    report = import_relational(path, wave="T2", **ctx)
    assert set(ctx["store"].read("ties")["wave"]) == {"T2"} and report.wave == "T2"
    again = import_relational(path, wave="T2", **ctx)
    assert again.already_imported and len(ctx["store"].read("ties")) == 3


def test_unknown_organisation_partner_and_value_are_located(tmp_path: Path, ctx: dict) -> None:
    rows = _wide_rows()
    rows[0][-1] = "Fréquence [Club de foot]"
    rows[2][3] = "Mairie annexe"
    rows[1][5] = 7  # Ouverture [CCAS] outside 1–4
    path = write_xlsx(tmp_path / "relations_T0.xlsx", rows)
    with pytest.raises(ImportProblem) as caught:
        import_relational(path, **ctx)
    found = {(p.key, p.row, p.column) for p in caught.value.problems}
    assert ("partner_unknown", 1, "Fréquence [Club de foot]") in found
    assert ("organisation_unknown", 3, "Organisation") in found
    assert ("value_out_of_scale", 2, "Ouverture [CCAS]") in found
    message = next(p.message for p in caught.value.problems if p.key == "organisation_unknown")
    assert "relations_T0.xlsx" in message and "ligne 3" in message and "Mairie annexe" in message
    assert all(p.file == "relations_T0.xlsx" for p in caught.value.problems)
    assert ctx["store"].counts()["ties"] == 0 and ctx["store"].counts()["sources"] == 0


def test_dry_run_writes_nothing(tmp_path: Path, ctx: dict) -> None:
    path = write_xlsx(tmp_path / "relations_T1.xlsx", _wide_rows())
    report = import_relational(path, dry_run=True, **ctx)
    assert report.table_rows == {"ties": 3}
    assert ctx["store"].counts()["ties"] == 0


def test_names_never_reach_the_store(tmp_path: Path, ctx: dict) -> None:
    path = write_xlsx(tmp_path / "relations_T1.xlsx", _wide_rows())
    import_relational(path, **ctx)
    data = b"".join(p.read_bytes() for p in tmp_path.glob("store.sqlite*"))
    for name in ("Hélène", "Durand", "Karim", "Benali"):
        assert name.encode("utf-8") not in data


@pytest.mark.parametrize(("text", "value"), [
    ("3", 3), ("3,0", 3), ("3 - Coordination", 3), ("coordination", 3), ("0 - Aucune relation", 0),
    ("Mise en réseau", 1), ("COOPERATION", 2), ("5 – Collaboration", 5), ("NSP", None), ("", None),
])
def test_level_labels(text: str, value: int | None) -> None:
    from workbench.ingest.relational import LEVEL_LABELS

    assert parse_scale(text, LEVEL_LABELS) == value


@pytest.mark.parametrize("text", ["6", "3.5", "2 - Coordination", "beaucoup trop"])
def test_level_labels_rejected(text: str) -> None:
    from workbench.ingest.relational import LEVEL_LABELS

    with pytest.raises(ValueError):
        parse_scale(text, LEVEL_LABELS)


def test_other_spreadsheets_are_not_relational(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "emargement.xlsx",
                      [["Nom", "Prénom", "Structure"], ["A", "B", "C"]])
    assert not looks_like_relational(path)
    assert not looks_like_relational(tmp_path / "absent.xlsx")
