"""The package's shape, checked on the code as it is: the import-linter contracts of
``pyproject.toml`` hold, no import cycle exists (imports inside functions and names that a
package exports lazily count), the dashboard starts without the import pipeline, modules stay
small and the top level stays short."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workbench"
MAX_LINES = 440  # "~400 lines": a module past this mixes concerns and is split
MAX_TOP_LEVEL = 12


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _lazy_exports(tree: ast.Module, package: str) -> dict[str, str]:
    """``name → submodule`` of a package ``__init__`` that uses ``lazy_loader.attach``."""
    exports: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "submod_attrs":
            mapping = ast.literal_eval(node.value)
            for sub, names in mapping.items():
                exports |= {name: f"{package}.{sub}" for name in names}
    return exports


def import_graph() -> nx.DiGraph:
    """Module → module imports of the package, from the source (every import statement)."""
    trees = {_module_name(p): ast.parse(p.read_text(encoding="utf-8"))
             for p in PACKAGE.rglob("*.py")}
    modules = set(trees)
    lazy = {m: _lazy_exports(tree, m) for m, tree in trees.items()}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for module, tree in trees.items():
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    qualified = f"{node.module}.{alias.name}"
                    if qualified in modules:
                        targets.append(qualified)
                    else:
                        targets.append(lazy.get(node.module, {}).get(alias.name, node.module))
            for target in targets:
                if target in modules and target != module:
                    graph.add_edge(module, target)
    return graph


def test_import_linter_contracts_are_kept() -> None:
    command = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(command)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "BROKEN" not in done.stdout


def test_no_import_cycle_at_all() -> None:
    graph = import_graph()
    assert graph.number_of_edges() > 200  # the graph really was read
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == []


def test_no_import_cycle_detector_finds_a_planted_cycle() -> None:
    graph = import_graph()
    graph.add_edge("workbench.store.schema", "workbench.store.store")  # store.store → schema
    assert [c for c in nx.strongly_connected_components(graph) if len(c) > 1]


def test_dashboard_start_loads_no_import_mapping_or_demo_code() -> None:
    code = ("import json, sys\nfrom workbench.apps import CopilDashboard\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('workbench'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    pipeline = [m for m in loaded if m.startswith(("workbench.sources", "workbench.demo",
                                                   "workbench.ingest.dispatch",
                                                   "workbench.ingest.context",
                                                   "workbench.ingest.mapping",
                                                   "workbench.report", "workbench.exports"))]
    assert pipeline == []
    assert "workbench.apps.copil.dashboard" in loaded


def test_importing_indicators_registers_every_kind() -> None:
    code = ("import workbench.indicators.registry as r\n"
            "print(len(r.KINDS))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) >= 20


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_is_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.name}: {lines} lines, split it by concern"


def test_top_level_is_short() -> None:
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= MAX_TOP_LEVEL, top


def test_no_silent_fallback_for_the_package_own_modules() -> None:
    """A broken module must fail loudly, never read as "not available in this version"."""
    offenders = []
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "tests").glob("*.py")]:
        if path.name == Path(__file__).name:
            continue
        text = path.read_text(encoding="utf-8")
        if 'importorskip("workbench' in text or "find_spec(\"workbench" in text:
            offenders.append(path.name)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Try):
                caught = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
                if caught & {"ImportError", "ModuleNotFoundError"}:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
