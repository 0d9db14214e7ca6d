"""Change pathway import (XLSX and YAML): changes, links, progress markers, ratings, and the
located problems (missing change, cycle, unknown level/tier/rating)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import Workbook

from workbench.config import DEFAULT_FRAMEWORK
from workbench.errors import ImportProblem
from workbench.framework import load_framework
from workbench.ingest.pathways import import_pathway, looks_like_pathway
from workbench.privacy.screening import name_variants
from workbench.store import Store

CHANGES = [["Id", "Niveau", "Libellé", "Groupe d'acteurs", "Registre"],
           ["V", "Vision", "Des quartiers où chacun agit", "", ""],
           ["LT1", "Long terme", "Le droit commun est mobilisé", "Services", "politiques"],
           ["C1", "Intermédiaire", "Les élus pilotent ensemble", "Élus", "pilotage"],
           ["C2", "intermediaire", "Les services coopèrent", "services, Acteurs de terrain",
            "pratiques"]]
LINKS = [["De", "Vers"], ["C1", "LT1"], ["C2", "LT1"], ["LT1", "V"]]
MARKERS = [["Id", "Groupe d'acteurs", "Palier", "Libellé", "Changement"],
           ["M1", "Élus", "Attendu", "Les élus viennent", "C1"],
           ["M2", "Élus", "Souhaité", "Les élus coaniment", "C1"],
           ["M3", "Services", "Idéal", "Un tableau de bord commun", "C2"]]
RATINGS = [["Marqueur", "Période", "Niveau", "Éléments de preuve"],
           ["M1", "T1", "Moyen", "Émargements S2 à S5 ; Zéphyrine Quintavalle l'a noté"],
           ["M1", "T2", "Élevé", "Compte rendu du COPIL"],
           ["M2", "T1", "Faible", ""],
           ["M3", "t2", "aucun", None]]


def write_pathway(path: Path, changes=CHANGES, links=LINKS, markers=MARKERS,
                  ratings=RATINGS) -> Path:
    book = Workbook()
    book.active.title = "Changements"
    for name, rows in (("Changements", changes), ("Liens", links), ("Marqueurs", markers),
                       ("Notations", ratings)):
        sheet = book[name] if name in book.sheetnames else book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def as_yaml(changes=CHANGES, links=LINKS, markers=MARKERS, ratings=RATINGS) -> str:
    def records(rows):
        return [{h: v for h, v in zip(rows[0], row, strict=True) if v not in ("", None)}
                for row in rows[1:]]
    return yaml.safe_dump({"chemin": "chemin-changement", "changements": records(changes),
                           "liens": records(links), "marqueurs": records(markers),
                           "notations": records(ratings)}, allow_unicode=True, sort_keys=False)


@pytest.fixture
def ctx(tmp_path: Path, store_location: str) -> dict:
    return {"store": Store(store_location),
            "framework": load_framework(DEFAULT_FRAMEWORK)}


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns="source_id")
    return frame.sort_values(list(frame.columns[:2])).reset_index(drop=True)


def test_xlsx_pathway(tmp_path: Path, ctx: dict) -> None:
    path = write_pathway(tmp_path / "chemin-changement.xlsx")
    assert looks_like_pathway(path)
    report = import_pathway(path, extra_names=name_variants("Zéphyrine", "Quintavalle"), **ctx)
    assert report.detected["levels"] == {"intermediate": 2, "long_term": 1, "vision": 1}
    store = ctx["store"]
    changes = store.read("changes").set_index("change_id")
    assert changes.loc["C2", "actor_group"] == "services,acteurs"
    assert changes.loc["LT1", "level"] == "long_term" and pd.isna(changes.loc["V", "actor_group"])
    assert set(changes["pathway"]) == {"chemin-changement"}
    links = set(map(tuple, store.read("change_links")[["from_change", "to_change"]].values))
    assert links == {("C1", "LT1"), ("C2", "LT1"), ("LT1", "V")}
    markers = store.read("progress_markers").set_index("marker_id")
    assert list(markers["tier"]) == ["expect", "like", "love"]
    assert markers.loc["M3", "actor_group"] == "services" and markers.loc["M3", "change_id"] == "C2"
    ratings = store.read("marker_ratings").set_index(["marker_id", "period"])
    assert ratings["rating"].to_dict() == {("M1", "T1"): "medium", ("M1", "T2"): "high",
                                           ("M2", "T1"): "low", ("M3", "T2"): "none"}
    assert ratings.loc[("M1", "T1"), "evidence"] == "Émargements S2 à S5 ; [personne] l'a noté"


def test_yaml_gives_the_same_store_as_xlsx(tmp_path: Path, ctx: dict) -> None:
    import_pathway(write_pathway(tmp_path / "chemin-changement.xlsx"), **ctx)
    other = Store(tmp_path / "other.sqlite")
    path = tmp_path / "chemin.yml"
    path.write_text(as_yaml(), encoding="utf-8")
    assert looks_like_pathway(path)
    report = import_pathway(path, store=other, framework=ctx["framework"])
    assert report.format == "yaml"
    for table in ("changes", "change_links", "progress_markers", "marker_ratings"):
        pd.testing.assert_frame_equal(_sorted(ctx["store"].read(table)),
                                      _sorted(other.read(table)))


def test_link_to_a_missing_change(tmp_path: Path, ctx: dict) -> None:
    links = [*LINKS, ["C2", "C9"]]
    with pytest.raises(ImportProblem) as caught:
        import_pathway(write_pathway(tmp_path / "chemin.xlsx", links=links), **ctx)
    problem = caught.value.problems[0]
    assert (problem.key, problem.row, problem.column, problem.found) == (
        "change_missing", 5, "Vers", "C9")
    assert problem.file == "chemin.xlsx"
    assert "feuille `Liens`" in problem.message and "ligne 5" in problem.message
    assert ctx["store"].counts()["changes"] == 0


def test_a_cycle_is_named(tmp_path: Path, ctx: dict) -> None:
    links = [["De", "Vers"], ["C1", "C2"], ["C2", "LT1"], ["LT1", "C1"], ["LT1", "V"]]
    with pytest.raises(ImportProblem) as caught:
        import_pathway(write_pathway(tmp_path / "chemin.xlsx", links=links), **ctx)
    cycles = [p for p in caught.value.problems if p.key == "cycle"]
    assert len(cycles) == 1
    nodes = cycles[0].found.split(" → ")
    assert nodes[0] == nodes[-1] and set(nodes) == {"C1", "C2", "LT1"} and len(nodes) == 4
    assert cycles[0].row in (2, 3, 4) and "boucle" in cycles[0].message


def test_unknown_level_tier_and_rating(tmp_path: Path, ctx: dict) -> None:
    changes = [row[:] for row in CHANGES]
    changes[3][1] = "Moyen terme"
    markers = [row[:] for row in MARKERS]
    markers[2][2] = "Super"
    ratings = [row[:] for row in RATINGS]
    ratings[3][2] = "Excellent"
    path = write_pathway(tmp_path / "chemin.xlsx", changes=changes, markers=markers,
                         ratings=ratings)
    with pytest.raises(ImportProblem) as caught:
        import_pathway(path, **ctx)
    found = {(p.key, p.row, p.column, p.found) for p in caught.value.problems}
    assert ("level_unknown", 4, "Niveau", "Moyen terme") in found
    assert ("tier_unknown", 3, "Palier", "Super") in found
    assert ("rating_unknown", 4, "Niveau", "Excellent") in found
    tier = next(p for p in caught.value.problems if p.key == "tier_unknown")
    assert "feuille `Marqueurs`" in tier.message and "attendu" in tier.message


def test_yaml_problem_names_the_section_and_line(tmp_path: Path, ctx: dict) -> None:
    path = tmp_path / "chemin.yml"
    path.write_text(as_yaml(links=[*LINKS, ["C1", "C7"]]), encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        import_pathway(path, **ctx)
    problem = caught.value.problems[0]
    line = path.read_text(encoding="utf-8").splitlines()[problem.row - 1]
    assert problem.key == "change_missing" and "C1" in line
    assert "section `liens`" in problem.message and problem.column == "Vers"


def test_other_files_are_not_pathways(tmp_path: Path) -> None:
    mapping = tmp_path / "barometre.mapping.yml"
    mapping.write_text("instrument: barometre\nitems: {}\n", encoding="utf-8")
    assert not looks_like_pathway(mapping)
    book = Workbook()
    book.active.title = "Changements"
    book.save(tmp_path / "seul.xlsx")
    assert not looks_like_pathway(tmp_path / "seul.xlsx")


def test_an_unreadable_sheet_beside_stops_the_pathway_import(tmp_path: Path, ctx: dict) -> None:
    """Screening fails closed, as for verbatims: a spreadsheet of the folder that cannot be
    read may hold the names of people cited in the evidence; told otherwise, the import goes on
    and says which file was not screened. The project's list of names is screened too."""
    (tmp_path / "emargement_S8.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    path = write_pathway(tmp_path / "chemin-changement.xlsx")
    with pytest.raises(ImportProblem) as caught:
        import_pathway(path, **ctx)
    problem = next(p for p in caught.value.problems if p.key == "screening_sheet_unreadable")
    assert "emargement_S8.xlsx" in problem.message
    assert ctx["store"].counts()["changes"] == 0
    names = tmp_path / "noms.txt"
    names.write_text("Zéphyrine Quintavalle\n", encoding="utf-8")
    report = import_pathway(path, **ctx, skip_unreadable_names=True, names_file=str(names))
    assert [w.key for w in report.warnings if w.file == "emargement_S8.xlsx"] == [
        "screening_sheet_skipped"]
    evidence = " ".join(ctx["store"].read("marker_ratings")["evidence"].dropna())
    assert "Quintavalle" not in evidence and "[personne]" in evidence
