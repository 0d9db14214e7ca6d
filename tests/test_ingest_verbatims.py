"""Verbatim import: photolangage, world café, Most Significant Change; names screened before
storage (from the file itself and the sign-in sheets of its folder); raw text kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest_import import store_bytes
from openpyxl import Workbook

from workbench.config import DEFAULT_FRAMEWORK
from workbench.errors import ImportProblem
from workbench.framework import load_framework
from workbench.ingest.verbatims import import_verbatims, looks_like_verbatims
from workbench.privacy import Pseudonymiser, load_or_create_secret
from workbench.privacy.screening import PLACEHOLDER
from workbench.store import Store, now_iso

PHOTO_HEADER = ["Étape", "Date", "Quartier", "Sous-groupe", "Participant", "Groupe", "Question",
                "Photo", "Aujourd'hui / Souhaité", "Ce qui a été dit", "Citable"]
DAY = dt.date(2024, 1, 20)
SIGNED_IN = [("QUINTAVALLE-BRÛLÉ", "Zéphyrine"), ("Du Pré", "Anatole"),
             ("Okonkwo", "Marie-Félicité")]
PARTICIPANTS = ["Bérangère Flavigny", "Théodule Vasquez-Ortega"]
DISTINCTIVE = ["Zéphyrine", "zephyrine", "Quintavalle", "QUINTAVALLE", "quintavalle", "Anatole",
               "Okonkwo", "Félicité", "Bérangère", "berangere", "Flavigny", "Théodule",
               "Vasquez"]


def write_xlsx(path: Path, rows: list[list], sheet: str = "Feuil1") -> Path:
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def write_signin(folder: Path) -> Path:
    """A sign-in sheet as the contract describes it (title block, header on row 7)."""
    rows = [["Feuille d'émargement"], ["Événement :", "Atelier habitants"], ["Date :", DAY],
            ["Étape :", 7], ["Quartier :", "Les Tilleuls"], [],
            ["Nom", "Prénom", "Structure", "Fonction", "Catégorie", "Quartier", "Rôle", "Présent"]]
    rows += [[last, first, "", "", "Habitante", "Les Tilleuls", "", "X"]
             for last, first in SIGNED_IN]
    return write_xlsx(folder / "emargement_S7_2024-01-20.xlsx", rows, "Émargement")


def photo_rows() -> list[list]:
    said = [
        ("Comme disait zephyrine, je me sens seule le soir.", "oui"),
        ("Mme Quintavalle-Brulé nous aide ; la totalité du quartier la connaît.", "oui"),
        ("Anatole Du Pré et Marie Félicité Okonkwo sont venus avec nous.", "non"),
        ("J'ai parlé avec Bérangère et théodule, nous voulons un parc.", "oui"),
        ("<script>alert(1)</script> la totalité du quartier", "oui"),
        ("<img src=x onerror=alert(1)> un pont", ""),
    ]
    rows = [PHOTO_HEADER]
    for i, (text, quotable) in enumerate(said):
        rows.append([7, DAY, "Les Tilleuls", "A", PARTICIPANTS[i % 2], "Habitant·e",
                     "Le quartier aujourd'hui", f"P{i + 1:02d}",
                     "Aujourd'hui" if i % 2 == 0 else "Souhaité", text, quotable])
    return rows


@pytest.fixture
def ctx(tmp_path: Path, store_location: str) -> dict:
    secret = load_or_create_secret(tmp_path / "secret.key")
    return {"store": Store(store_location),
            "framework": load_framework(DEFAULT_FRAMEWORK),
            "pseudonymiser": Pseudonymiser(secret)}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    write_signin(folder)
    return folder


def test_photolangage_rows_and_screening(raw: Path, ctx: dict) -> None:
    path = write_xlsx(raw / "photolangage_S7.xlsx", photo_rows())
    assert looks_like_verbatims(path)
    report = import_verbatims(path, **ctx)
    assert report.rows_imported == 6 and report.detected["kinds"] == {"photolangage": 6}
    stored = ctx["store"].read("verbatims").sort_values("photo_id").reset_index(drop=True)
    texts = list(stored["text"])
    assert texts[0] == f"Comme disait {PLACEHOLDER}, je me sens seule le soir."
    assert texts[1] == f"Mme {PLACEHOLDER} nous aide ; la totalité du quartier la connaît."
    assert texts[2] == f"{PLACEHOLDER} et {PLACEHOLDER} sont venus avec nous."
    assert texts[3] == f"J'ai parlé avec {PLACEHOLDER} et {PLACEHOLDER}, nous voulons un parc."
    assert texts[4] == "<script>alert(1)</script> la totalité du quartier"  # raw text, not escaped
    assert texts[5] == "<img src=x onerror=alert(1)> un pont"
    assert list(stored["quotable"]) == [1, 1, 0, 1, 1, 0]
    assert list(stored["variant"]) == ["today", "hoped"] * 3
    assert set(stored["event_id"]) == {"S7-2024-01-20-tilleuls"}
    assert set(stored["qpv"]) == {"tilleuls"} and set(stored["group_id"]) == {"habitants"}
    assert set(stored["wave"]) == {"T2"}  # the wave after the event (T1 is dated 2023-12-07)
    assert set(stored["table_no"]) == {"A"}
    assert stored["prompt"].iloc[0] == "Le quartier aujourd'hui"
    person = ctx["pseudonymiser"].person_id("Bérangère", "Flavigny")
    assert stored.loc[0, "person_id"] == person


def test_no_sign_in_or_participant_name_in_the_store_bytes(raw: Path, ctx: dict) -> None:
    import_verbatims(write_xlsx(raw / "photolangage_S7.xlsx", photo_rows()), **ctx)
    data = store_bytes(ctx["store"])
    assert b"la totalit" in data  # the text is there…
    for name in DISTINCTIVE:  # …the names are not
        assert name.encode("utf-8") not in data, name


def test_without_sign_in_sheets_only_the_files_own_names_are_known(tmp_path: Path,
                                                                   ctx: dict) -> None:
    path = write_xlsx(tmp_path / "photolangage_S7.xlsx", photo_rows())
    import_verbatims(path, **ctx, extra_names=["Okonkwo"])
    texts = " ".join(ctx["store"].read("verbatims")["text"])
    assert "zephyrine" in texts  # not known here: the evaluator would add the sign-in sheet
    assert "Okonkwo" not in texts and "Bérangère" not in texts


def test_world_cafe(raw: Path, ctx: dict) -> None:
    rows = [["Événement", "Quartier", "Tour", "Table", "Hôte de table", "Note", "Regroupement",
             "Votes", "Citable"],
            ["S8-2024-04-11", "Bel-Air", 1, 2, "Zéphyrine Quintavalle-Brûlé",
             "Merci Zéphyrine ; un référent par quartier", "Cadre de vie", 5, "oui"],
            ["S8-2024-04-11", "Plusieurs quartiers", 2, 2, "", "Ouvrir le gymnase", "Jeunesse",
             "0", "non"]]
    report = import_verbatims(write_xlsx(raw / "world-cafe_S8.xlsx", rows), **ctx)
    assert report.detected["kinds"] == {"world_cafe": 2}
    stored = ctx["store"].read("verbatims").sort_values("round").reset_index(drop=True)
    assert list(stored["text"]) == [f"Merci {PLACEHOLDER} ; un référent par quartier",
                                    "Ouvrir le gymnase"]
    assert list(stored["votes"]) == [5, 0] and list(stored["round"]) == ["1", "2"]
    assert list(stored["table_no"]) == ["2", "2"] and list(stored["cluster"]) == [
        "Cadre de vie", "Jeunesse"]
    assert stored.loc[0, "qpv"] == "bel-air" and pd.isna(stored.loc[1, "qpv"])
    assert set(stored["event_id"]) == {"S8-2024-04-11"} and set(stored["wave"]) == {"T2"}


def test_most_significant_change(raw: Path, ctx: dict) -> None:
    rows = [["Titre", "Participant", "Groupe", "Quartier", "Ce qui s'est passé",
             "Pourquoi c'est important", "Pourquoi retenue", "Citable"],
            ["Le jardin", "Anatole Du Pré", "Habitant", "Les Tilleuls",
             "Nous cultivons ensemble.", "Nous avons confiance.", "Le pouvoir d'agir collectif.",
             "oui"],
            ["La fête", "Bérangère Flavigny", "Acteur de terrain", "", "La fête est organisée.",
             "", "", "non"]]
    report = import_verbatims(write_xlsx(raw / "recits-changement_T2.xlsx", rows), **ctx)
    assert report.detected["kinds"] == {"msc": 2, "msc_selection": 1} and report.wave == "T2"
    stored = ctx["store"].read("verbatims").set_index("verbatim_id")
    story = stored.loc["recits-changement_T2:2"]
    chosen = stored.loc["recits-changement_T2:2:retenue"]
    assert story["text"] == (
        "Nous cultivons ensemble.\n\nPourquoi c'est important : Nous avons confiance.")
    assert story["variant"] == "selected" and story["group_id"] == "habitants"
    assert chosen["kind"] == "msc_selection" and chosen["text"] == "Le pouvoir d'agir collectif."
    assert chosen["title"] == "Le jardin" and chosen["quotable"] == 1
    other = stored.loc["recits-changement_T2:3"]
    assert other["group_id"] == "acteurs" and other["quotable"] == 0 and pd.isna(other["variant"])
    assert set(stored["wave"]) == {"T2"}


def test_problems_are_located_and_nothing_is_written(raw: Path, ctx: dict) -> None:
    rows = photo_rows()
    rows[2][2] = "Quartier Nord"
    rows[3][10] = "peut-être"
    rows[4][8] = "Hier"
    with pytest.raises(ImportProblem) as caught:
        import_verbatims(write_xlsx(raw / "photolangage_S7.xlsx", rows), **ctx)
    found = {(p.key, p.row, p.column) for p in caught.value.problems}
    assert ("qpv_unknown", 3, "Quartier") in found
    assert ("yes_no_invalid", 4, "Citable") in found
    assert ("variant_unknown", 5, "Aujourd'hui / Souhaité") in found
    message = next(p.message for p in caught.value.problems if p.key == "qpv_unknown")
    assert message.startswith("Fichier `photolangage_S7.xlsx`") and "Quartier Nord" in message
    assert ctx["store"].counts()["verbatims"] == 0


def test_a_corrected_file_replaces_uncoded_rows_but_never_changes_coded_ones(
    raw: Path, ctx: dict
) -> None:
    rows = photo_rows()
    import_verbatims(write_xlsx(raw / "photolangage_S7.xlsx", rows), **ctx)
    with ctx["store"].transaction() as con:
        ctx["store"].insert_frame(con, "codings", pd.DataFrame([{
            "verbatim_id": "photolangage_S7:2", "code": "L4", "coder": "ana", "valence": 1,
            "coded_at": now_iso()}]))
    rows[3][9] = "Texte corrigé par l'équipe."  # row 4 is not coded: replaced
    report = import_verbatims(write_xlsx(raw / "photolangage_S7.xlsx", rows), **ctx)
    assert report.rows_imported == 1 and report.detected["unchanged_already_stored"] == 5
    stored = ctx["store"].read("verbatims").set_index("verbatim_id")
    assert stored.loc["photolangage_S7:4", "text"] == "Texte corrigé par l'équipe."
    rows[1][9] = "Autre texte."  # row 2 is coded: refused
    with pytest.raises(ImportProblem) as caught:
        import_verbatims(write_xlsx(raw / "photolangage_S7.xlsx", rows), **ctx)
    assert caught.value.key == "verbatim_coded_changed"


def test_detection(raw: Path) -> None:
    assert not looks_like_verbatims(raw / "emargement_S7_2024-01-20.xlsx")
    cafe = write_xlsx(raw / "notes.xlsx", [["Tour", "Table", "Note"], [1, 1, "x"]])
    assert looks_like_verbatims(cafe)


# --- screening fails closed --------------------------------------------------
def test_an_unreadable_sign_in_sheet_beside_stops_the_import(raw: Path, ctx: dict) -> None:
    (raw / "emargement_S8_2024-02-03.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    path = write_xlsx(raw / "photolangage_S7.xlsx", photo_rows())
    with pytest.raises(ImportProblem) as caught:
        import_verbatims(path, **ctx)
    problem = next(p for p in caught.value.problems if p.key == "screening_sheet_unreadable")
    assert "emargement_S8_2024-02-03.xlsx" in problem.message
    assert ctx["store"].counts()["verbatims"] == 0  # nothing written: its names are unknown
    report = import_verbatims(path, **ctx, skip_unreadable_names=True)  # told otherwise
    assert report.rows_imported == 6
    assert [w.key for w in report.warnings if w.file == "emargement_S8_2024-02-03.xlsx"] == [
        "screening_sheet_skipped"]
    texts = " ".join(ctx["store"].read("verbatims")["text"])
    assert "zephyrine" not in texts  # the readable sheet's names are still screened


def test_extra_names_from_a_file_and_the_command_line(tmp_path: Path, ctx: dict) -> None:
    from workbench.cli import _parser

    names = tmp_path / "noms.txt"
    names.write_text("# personnes citées sans émargement\nZéphyrine Quintavalle\n",
                     encoding="utf-8")
    path = write_xlsx(tmp_path / "photolangage_S7.xlsx", photo_rows())
    import_verbatims(path, **ctx, names_file=names, extra_names=["Anatole"])
    texts = " ".join(ctx["store"].read("verbatims")["text"])
    assert "zephyrine" not in texts and "Quintavalle" not in texts and "Anatole" not in texts
    args = _parser().parse_args(["import", str(path), "--nom", "Anatole", "--nom", "Karim",
                                 "--noms", str(names), "--ignorer-illisibles"])
    assert args.names == ["Anatole", "Karim"] and args.names_file == names
    assert args.skip_unreadable is True
