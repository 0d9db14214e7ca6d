"""The ``workbench`` command: plain-word help, clear failures (exit 2, French, key), real work."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli import COMMANDS, main
from workbench.config import Paths
from workbench.store import Store


def test_help_lists_every_command(capsys) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_has_french_help(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: workbench " + command)
    assert any(word in out for word in ("le ", "la ", "les ", "des ", "du "))


def test_console_script_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "workbench.cli", "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "workbench" in done.stdout


def test_bad_framework_exits_2_with_key(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "framework.yml"
    bad.write_text("version: 1\nprivacy: {min_cell: 3}\n", encoding="utf-8")
    assert main(["framework", "--check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Erreur" in err and "[framework_invalid]" in err and "min_cell" in err


def test_failed_import_lists_problems_and_writes_nothing(home: Paths, capsys) -> None:
    raw = home.root / "raw"
    raw.mkdir()
    bad = raw / "vide_T1.csv"
    bad.write_text("", encoding="utf-8")
    store = Store(home.store)
    before = store.counts()
    assert main(["import", str(bad), "--kind", "questionnaire"]) == 2
    err = capsys.readouterr().err
    assert "rien n'a été écrit" in err and "vide_T1.csv" in err
    assert store.counts() == before


def test_inspect_json_and_dry_run_on_the_demo(demo_home: Paths, capsys, monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_HOME", str(demo_home.root))
    csv = demo_home.demo_raw / "barometre_T1.csv"
    assert main(["inspect", str(csv), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["format"] == "limesurvey" and info["delimiter"] == ";"
    assert info["encoding"].lower().replace("-", "").startswith("utf8")
    assert "G01Q01[SQ001]" in info["columns"]
    assert main(["inspect", str(csv)]) == 0
    assert "Format reconnu" in capsys.readouterr().out
    # already imported by the demo: a no-op, said in plain words
    assert main(["import", str(csv)]) == 0
    assert "déjà importé" in capsys.readouterr().out
