"""Framework loading and validation: errors name the key, the value and the expectation."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from workbench.config import DEFAULT_FRAMEWORK
from workbench.errors import FrameworkError
from workbench.framework import install_framework, load_framework, parse_framework


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))


def test_default_framework_is_valid_and_complete() -> None:
    fw = load_framework(DEFAULT_FRAMEWORK)
    assert [le.id for le in fw.lessons] == [f"L{i}" for i in range(1, 8)]
    assert fw.step_ids == [f"S{i}" for i in range(1, 10)]
    assert fw.wave_ids == ["T0", "T1", "T2"]
    assert len(fw.territory.qpvs) == 4
    assert fw.min_cell == 11
    assert fw.territory.fictional
    # waves: T0 before step 1, T1 after step 6, T2 after step 9
    waves = {w.id: w.date for w in fw.waves}
    assert waves["T0"] < fw.step("S1").start
    assert fw.step("S6").end < waves["T1"] < fw.step("S7").start
    assert waves["T2"] > fw.step("S9").end
    steps = sorted(fw.steps, key=lambda s: s.number)
    assert steps[0].start.isoformat().startswith("2023-01")
    assert steps[-1].end.isoformat().startswith("2024-09")
    for lesson in fw.lessons:
        assert lesson.title_fr and lesson.title_en
        assert any(ind.lesson == lesson.id for ind in fw.indicators)
        assert any(lesson.id in item.lessons for item in fw.items)


def test_install_copies_default_once(tmp_path: Path) -> None:
    from workbench.config import Paths

    paths = Paths(tmp_path)
    target = install_framework(paths)
    assert target.read_text(encoding="utf-8") == DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    install_framework(paths)
    assert target.read_text(encoding="utf-8").endswith("# edited\n")


@pytest.mark.parametrize(
    ("edit", "key_fragment", "value_fragment"),
    [
        (lambda d: d["privacy"].update(min_cell=3), "privacy.min_cell", "3"),
        (lambda d: d["privacy"].update(min_cell=7), "privacy", "raison"),
        (lambda d: d["items"][0].update(lessons=["L9"]), "items[0].lessons", "L9"),
        (lambda d: d["indicators"][0].update(lesson="L42"), "indicators[0].lesson", "L42"),
        (lambda d: d["steps"][0].update(start="pas une date"), "steps.0.start", "pas une date"),
        (lambda d: d["steps"][2].update(groups=["martiens"]), "steps[2].groups", "martiens"),
        (lambda d: d["indicators"][0].update(evidence="rumeur"), "indicators.0.evidence", "rumeur"),
        (lambda d: d.pop("lessons"), "lessons", "obligatoire"),
        (lambda d: d["groups"].append(dict(d["groups"][0])), "groups", "double"),
        (lambda d: d.update(colour="bleu"), "colour", "inconnue"),
    ],
)
def test_invalid_framework_names_key_and_value(
    raw: dict, edit, key_fragment, value_fragment
) -> None:
    data = copy.deepcopy(raw)
    edit(data)
    with pytest.raises(FrameworkError) as info:
        parse_framework(data, source="framework.yml")
    message = str(info.value)
    assert key_fragment in message
    assert value_fragment in message
    assert "framework.yml" in message
    assert info.value.key == "framework_invalid"


def test_lowered_threshold_with_reason_is_accepted(raw: dict) -> None:
    reason = "Décision du COPIL du 12/03/2025 : petits effectifs."
    raw["privacy"] = {"min_cell": 5, "reason": reason}
    assert parse_framework(raw).min_cell == 5


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    bad = tmp_path / "framework.yml"
    bad.write_text("version: 1\nterritory: [unclosed\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(bad)
    assert info.value.key == "framework_yaml_syntax"
    assert info.value.row is not None


def test_missing_file_is_clear(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError) as info:
        load_framework(tmp_path / "absent.yml")
    assert info.value.key == "framework_missing"
    assert isinstance(info.value, ValueError)


def test_warns_when_an_items_lesson_tag_is_unused() -> None:
    """Q04 is tagged L2 and L4; L2-agree uses it, no L4 indicator does: one warning, in French,
    naming the item and the lesson (and ``workbench framework`` prints it)."""
    fw = load_framework(DEFAULT_FRAMEWORK)
    warnings = fw.warnings()
    assert [(w.key, w.item, w.lesson) for w in warnings] == [("item_lesson_unused", "Q04", "L4")]
    assert "Q04" in warnings[0].message and "L4" in warnings[0].message
    data = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    for ind in data["indicators"]:
        if ind["id"] == "L4-agree":
            ind["params"]["items"] = ["Q07", "Q08", "Q04"]
    assert parse_framework(data).warnings() == []
    profile = {"id": "L4-profile", "lesson": "L4", "kind": "factor_profile",
               "evidence": "perception", "params": {"factors": {"f": ["Q04"]}},
               "label_fr": "x", "label_en": "x"}
    data = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    data["indicators"].append(profile)
    assert parse_framework(data).warnings() == []  # a profile's factors count as used


def test_cli_framework_prints_the_warnings(capsys) -> None:
    from workbench.cli import main

    assert main(["framework", "--check", str(DEFAULT_FRAMEWORK)]) == 0
    assert "attention : L'item Q04" in capsys.readouterr().out


def test_the_framework_names_the_teams_store_and_the_environment_wins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: dict) -> None:
    """A team shares its store in ``data/framework.yml`` (``store:``); a relative file is under
    the project folder; ``WORKBENCH_STORE`` (one person's setting) wins."""
    from workbench.config import Paths

    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.delenv("WORKBENCH_STORE", raising=False)
    (tmp_path / "data").mkdir()
    framework = tmp_path / "data" / "framework.yml"
    assert Paths.default().store == tmp_path / "data" / "workbench.sqlite"
    for named, expected in (("postgresql://evaluation.ville.fr/contrat_de_ville",
                             "postgresql://evaluation.ville.fr/contrat_de_ville"),
                            ("partage/equipe.sqlite", tmp_path / "partage" / "equipe.sqlite")):
        framework.write_text(yaml.safe_dump({**raw, "store": named}), encoding="utf-8")
        assert load_framework(framework).store == named
        assert Paths.default().store == expected
    monkeypatch.setenv("WORKBENCH_STORE", str(tmp_path / "mine.sqlite"))
    assert Paths.default().store == tmp_path / "mine.sqlite"


def test_a_password_in_the_shared_framework_is_refused(raw: dict) -> None:
    with pytest.raises(FrameworkError) as info:
        parse_framework({**raw, "store": "postgresql://equipe:secret@serveur/cv"}, source="f")
    assert "PGPASSWORD" in str(info.value) and "secret" not in str(info.value) + info.value.found
