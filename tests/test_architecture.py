"""The architecture rules of DESIGN.md, checked on the code as it is.

- indicators, charts, stats, store and privacy never import ipywidgets, IPython or voila
  (a fresh interpreter imports them and looks at ``sys.modules``; an AST scan also catches
  imports hidden inside functions);
- committed notebooks carry no outputs and no execution counts;
- notebooks hold no logic: no ``def``, ``class``, ``for`` or ``while`` in code cells;
- importing ``workbench`` (and every submodule) creates no file.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workbench"
PURE_MODULES = [
    "workbench.indicators",
    "workbench.charts",
    "workbench.stats",
    "workbench.store",
    "workbench.privacy",
]
FORBIDDEN = ("ipywidgets", "IPython", "voila", "anywidget", "ipykernel")
NOTEBOOK_DIRS = [ROOT / "notebooks", ROOT / "bench"]


def _notebooks() -> list[Path]:
    found: list[Path] = []
    for folder in NOTEBOOK_DIRS:
        found += [p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    return sorted(found)


def _module_files(module: str) -> list[Path]:
    relative = Path(*module.split(".")[1:])
    package = PACKAGE / relative
    if package.is_dir():
        return sorted(package.rglob("*.py"))
    single = package.with_suffix(".py")
    return [single] if single.is_file() else []


def _imported_roots(tree: ast.AST) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_loads_no_widget_stack(module: str) -> None:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, f"import {module} failed:\n{done.stderr[-2000:]}"
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == [], f"{module} pulls in {loaded}"


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_source_never_imports_widget_stack(module: str) -> None:
    files = _module_files(module)
    assert files, f"{module}: no source file found"
    offenders = []
    for path in files:
        roots = _imported_roots(ast.parse(path.read_text(encoding="utf-8")))
        offenders += [f"{path.relative_to(ROOT)} imports {r}" for r in roots if r in FORBIDDEN]
    assert offenders == []


def test_notebooks_exist() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in _notebooks()}
    assert "notebooks/reports/rapport.ipynb" in names
    assert "notebooks/dashboards/copil.ipynb" in names


@pytest.mark.parametrize("notebook", _notebooks(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_committed_without_outputs(notebook: Path) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    dirty = [
        i
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert dirty == [], f"{notebook.name}: cells {dirty} carry outputs or execution counts"


def _code_without_magics(source: str) -> str:
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        lines.append("" if stripped.startswith(("%", "!")) else line)
    return "\n".join(lines)


@pytest.mark.parametrize("notebook", _notebooks(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_holds_no_logic(notebook: Path) -> None:
    banned = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.AsyncFor,
              ast.While, ast.Lambda)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    offences = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        tree = ast.parse(_code_without_magics(source))
        offences += [
            f"cell {i}, line {node.lineno}: {type(node).__name__}"
            for node in ast.walk(tree)
            if isinstance(node, banned)
        ]
    assert offences == [], f"{notebook.name} holds logic (move it into the package): {offences}"


def test_importing_workbench_creates_no_file(tmp_path: Path) -> None:
    home, project, cwd = tmp_path / "home", tmp_path / "project", tmp_path / "cwd"
    for folder in (home, project, cwd):
        folder.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "WORKBENCH_HOME": str(project),
        "WORKBENCH_SECRET_FILE": str(home / "secret.key"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("WORKBENCH_STORE", None)
    code = (
        "import importlib, pkgutil, workbench\n"
        "for info in pkgutil.walk_packages(workbench.__path__, 'workbench.'):\n"
        "    if not info.name.endswith('__main__'):\n"
        "        importlib.import_module(info.name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == ""
    created = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert created == []
