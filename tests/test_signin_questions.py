"""What a workshop record cannot tell is asked once: on the command line as an option the error
message names, in the import app as a choice (``questions_for``), then remembered beside the raw
file for the next sheet of the same series. Every shape also imports from the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest_import import context
from conftest_signin import (
    write_cp1252_csv,
    write_matrix,
    write_postits,
    write_postits_docx,
    write_registration,
    write_title_block_sheet,
    write_workbook_of_events,
)

from workbench.cli import main
from workbench.config import Paths
from workbench.errors import ImportProblem
from workbench.framework import load_framework
from workbench.indicators.participation import attendance_reach
from workbench.ingest import import_file, questions_for
from workbench.ingest.series_memory import series_file, series_name
from workbench.store import Store

SHAPES: dict[str, tuple[Callable[[Path], Path], str, list[str], str]] = {
    # name: (writer, file name, options, what the report says)
    "title_block": (write_title_block_sheet, "seminaire_vision.xlsx",
                    ["--step", "S5"], "4 personne(s) présente(s) sur 4"),
    "matrix": (write_matrix, "presences_cotech.xlsx", ["--step", "dates"],
               "4 personne(s) présente(s) sur 4 listée(s) (12 présence(s))"),
    "cp1252_csv": (write_cp1252_csv, "atelier_tilleuls_20-01-2024.csv", ["--step", "S7"],
                   "3 personne(s) présente(s) sur 4"),
    "workbook": (write_workbook_of_events, "seminaires_elus.xlsx", [],
                 "2 événement(s) : 3 personne(s) présente(s) sur 3"),
    "registration": (write_registration, "inscriptions_vision.xlsx", ["--step", "S5"],
                     "3 personne(s) inscrite(s)"),
    "plain_list": (lambda p: write_registration(p, registered_column=False), "liste.xlsx",
                   ["--step", "S5", "--list", "presence"], "3 personne(s) présente(s)"),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_shape_imports_from_the_command_line(home: Paths, shape: str, capsys) -> None:
    write, name, options, said = SHAPES[shape]
    raw = home.root / "raw"
    raw.mkdir()
    path = write(raw / name)
    assert main(["import", str(path), *options]) == 0
    out = capsys.readouterr().out
    assert f"+ {name} : importé [attendance" in out and said in out
    if shape == "title_block":  # the signatures are empty: presence is implied, and said
        assert "attention" in out and "comptée présente" in out


def test_missing_step_fails_naming_the_option_then_the_option_imports(home: Paths,
                                                                     capsys) -> None:
    raw = home.root / "raw"
    raw.mkdir()
    path = write_title_block_sheet(raw / "seminaire-vision_2023-09-28.xlsx")
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "rien n'a été écrit" in err and "[step_missing]" in err and "--step" in err
    assert "S1, S2" in err and "application d'import" in err
    assert Store(home.store).counts()["attendance"] == 0
    assert main(["import", str(path), "--step", "S5"]) == 0
    out = capsys.readouterr().out
    memory = series_file(path, "emargement")
    assert memory.name == "seminaire-vision.emargement.mapping.yml"
    assert yaml.safe_load(memory.read_text(encoding="utf-8")) == {
        "instrument": "emargement", "signin": {"step": "S5"}}
    assert memory.name in out
    # the next sheet of the series needs no option, and the folder import skips the memory
    write_title_block_sheet(raw / "seminaire-vision_2023-10-05.xlsx",
                            when="Jeudi 5 octobre 2023, 14h-17h")
    assert main(["import", str(raw / "seminaire-vision_2023-10-05.xlsx")]) == 0
    events = Store(home.store).read("events")
    assert sorted(events["event_id"]) == ["S5-2023-09-28", "S5-2023-10-05"]


def test_app_flow_remembers_answers_for_the_series(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    first = write_cp1252_csv(tmp_path / "atelier-quartier_03-02-2024.csv")
    questions = questions_for(first, framework=ctx["framework"], store=ctx["store"])
    assert [q.key for q in questions] == ["step"]
    step = questions[0]
    assert ("S7 — Quatre ateliers habitants, un par quartier", "S7") in step.choices
    after_step = questions_for(first, framework=ctx["framework"], store=ctx["store"],
                               answers={"step": "S7"})
    assert [(q.key, q.option) for q in after_step] == [("qpv", "--qpv")]
    assert ("Bel-Air", "bel-air") in after_step[0].choices
    report = import_file(first, answers={"step": "S7", "qpv": "bel-air"}, **ctx)
    assert report.detected["remembered_in"] == "atelier-quartier.emargement.mapping.yml"
    second = write_cp1252_csv(tmp_path / "atelier-quartier_02-03-2024.csv",
                              [("BENALI Aïcha", "", "Habitante", "oui")])
    assert questions_for(second, framework=ctx["framework"], store=ctx["store"]) == []
    assert import_file(second, **ctx).detected["events"] == ["S7-2024-03-02-bel-air"]
    third = write_title_block_sheet(tmp_path / "vision.xlsx")
    import_file(third, answers={"step": "S5"}, **ctx)
    (tmp_path / "vision.emargement.mapping.yml").unlink()
    assert questions_for(third, framework=ctx["framework"], store=ctx["store"]) == []


def test_dry_run_remembers_nothing(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_title_block_sheet(tmp_path / "vision_2023.xlsx")
    import_file(path, answers={"step": "S5"}, dry_run=True, **ctx)
    assert not series_file(path, "emargement").exists()


@pytest.mark.parametrize(("answers", "key"), [
    ({"step": "S12"}, "answer_invalid"),
    ({"step": "S5", "date": "bientôt"}, "step_missing"),
    ({"step": "S5", "list": "peut-être"}, "answer_invalid"),
])
def test_bad_answers_are_refused(tmp_path: Path, answers: dict[str, str], key: str) -> None:
    ctx = context(tmp_path)
    path = write_registration(tmp_path / "liste.xlsx", registered_column=False)
    if "date" in answers:  # a date already in the title: the step answer is fine, the date too
        answers = {"list": "presence"}
    with pytest.raises(ImportProblem) as info:
        import_file(path, answers=answers, **ctx)
    assert key in {p.key for p in info.value.problems}
    assert ctx["store"].counts()["attendance"] == 0


def test_answer_contradicting_the_sheet_is_refused(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_workbook_of_events(tmp_path / "seminaires_elus.xlsx")
    with pytest.raises(ImportProblem) as info:
        import_file(path, answers={"step": "S3"}, **ctx)
    problem = info.value.problems[0]
    assert problem.key == "answer_conflict" and "--step S3" in problem.message
    assert "S2" in problem.message and "feuille `" in problem.message


def test_date_missing_everywhere_is_asked_and_read_in_words(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_title_block_sheet(tmp_path / "vision.xlsx", when="Salle du conseil")
    keys = [q.key for q in questions_for(path, framework=ctx["framework"], store=ctx["store"])]
    assert keys == ["step", "date"]
    report = import_file(path, answers={"step": "S5", "date": "28 septembre 2023"}, **ctx)
    assert report.detected["events"] == ["S5-2023-09-28"]


@pytest.mark.parametrize("name", ["emargement_S5.pdf", "photo_feuille.jpg", "scan.png"])
def test_scans_must_be_typed_first(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes({"pdf": b"%PDF-1.7\n", "jpg": b"\xff\xd8\xff\xe0",
                      "png": b"\x89PNG\r\n\x1a\n"}[name.rsplit(".", 1)[1]])
    with pytest.raises(ImportProblem) as info:
        import_file(path, **context(tmp_path))
    assert info.value.key == "scan_not_typed"
    assert "saisissez d'abord" in info.value.message and name in info.value.message


def test_post_its_import_as_verbatims_with_their_event(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = write_postits(tmp_path / "postits_bel-air.xlsx")
    asked = [q.key for q in questions_for(path, framework=ctx["framework"], store=ctx["store"])]
    assert asked == ["step"]  # date and QPV are in the title line
    report = import_file(path, answers={"step": "S7"}, **ctx)
    assert report.kind == "verbatims" and report.rows_imported == 3
    rows = ctx["store"].read("verbatims")
    assert set(rows["kind"]) == {"workshop_note"}
    assert set(rows["event_id"]) == {"S7-2024-02-03-bel-air"}
    assert set(rows["qpv"]) == {"bel-air"} and set(rows["wave"]) == {"T2"}
    assert sorted(rows["cluster"]) == ["Cadre de vie", "Cadre de vie", "Lien social"]


def test_post_its_in_a_csv_with_event_columns(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    path = tmp_path / "notes_paperboard.csv"
    path.write_bytes(("Étape;Date;Quartier;Idée;Votes\r\n"
                      "7;20/01/2024;Les Tilleuls;Un jardin partagé;4\r\n"
                      "7;20/01/2024;Les Tilleuls;Des cours de français;2\r\n").encode("cp1252"))
    assert questions_for(path, framework=ctx["framework"], store=ctx["store"]) == []
    report = import_file(path, **ctx)
    rows = ctx["store"].read("verbatims")
    assert report.rows_imported == 2 and sorted(rows["votes"].tolist()) == [2, 4]
    assert set(rows["event_id"]) == {"S7-2024-01-20-tilleuls"}


def test_flip_chart_notes_in_a_word_table(tmp_path: Path, home: Paths, capsys) -> None:
    raw = home.root / "raw"
    raw.mkdir()
    path = write_postits_docx(raw / "restitution_moulin.docx")
    assert main(["import", str(path), "--step", "S7"]) == 0
    assert "[verbatims, docx" in capsys.readouterr().out
    rows = Store(home.store).read("verbatims")
    assert sorted(rows["text"]) == ["Un bus le dimanche", "Un local pour les ados"]
    assert set(rows["event_id"]) == {"S7-2024-03-16-moulin"}


def test_registrations_count_as_invited_only_when_the_framework_says_so(tmp_path: Path) -> None:
    """Reach of elected officials (no framework target here): present ÷ known officials. With
    ``registrations.invited`` the officials registered but not on the sign-in sheet join the
    denominator (hand-computed: 1 of 2 without, 1 of 3 with)."""
    ctx = context(tmp_path)
    officials = [["Irène", "Vidal", "Élue", "2023-09-01"], ["Marc", "Noyer", "Élu", "2023-09-02"],
                 ["Léa", "Caron", "Élue", "2023-09-02"]]
    write_registration(tmp_path / "inscriptions_vision.xlsx", officials,
                       header=["Prénom", "Nom", "Catégorie"])
    import_file(tmp_path / "inscriptions_vision.xlsx", answers={"step": "S5"}, **ctx)
    write_title_block_sheet(tmp_path / "vision.xlsx",
                            header=["Nom", "Prénom", "Catégorie", "Présent"],
                            people=[["Vidal", "Irène", "Élue", "X"], ["Noyer", "Marc", "Élu", ""]])
    import_file(tmp_path / "vision.xlsx", answers={"step": "S5"}, **ctx)
    data = ctx["store"].load_dataset()
    base = ctx["framework"].model_dump()
    base["groups"] = [dict(g, target=None) for g in base["groups"]]
    results = {}
    for invited in (False, True):
        fw = type(ctx["framework"]).model_validate(dict(base, registrations={"invited": invited}))
        cube = attendance_reach(data, fw.indicator("L1-reach"), fw)  # before any masking
        top = cube[(cube["wave"] == "*") & (cube["qpv"] == "*") & (cube["group"] == "*")]
        results[invited] = (float(top["count"].iloc[0]), float(top["n"].iloc[0]))
    # without: Irène came, Marc was listed absent (2 known); with: Léa registered too (3)
    assert results == {False: (1.0, 2.0), True: (1.0, 3.0)}


def test_framework_setting_is_validated() -> None:
    fw = load_framework()
    assert fw.registrations.invited is False
    with pytest.raises(Exception, match="invited"):
        type(fw).model_validate(dict(fw.model_dump(), registrations={"invited": "souvent"}))


def test_series_name_drops_dates_and_steps() -> None:
    assert series_name(Path("atelier-tilleuls_2024-01-20.xlsx")) == "atelier-tilleuls"
    assert series_name(Path("Atelier Bel-Air 03-02-2024.csv")) == "Atelier Bel-Air"
    assert series_name(Path("emargement_S2_2023-03-09.xlsx")) == "emargement"
    assert series_file(Path("d/emargement_S2_2023-03-09.xlsx"), "emargement").name == \
        "emargement.mapping.yml"
