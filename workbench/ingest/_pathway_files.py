"""Reading a change pathway file (XLSX sheets or YAML sections) into header + rows tables, and
recognising such a file. Validation lives in ``workbench.ingest.pathways``."""

from __future__ import annotations

from pathlib import Path

import yaml

from workbench.errors import ProblemList
from workbench.i18n import t
from workbench.ingest._workshop_common import Table, add_problem, grids_of, table_of
from workbench.normalise import normalise_label

SECTIONS = {"changes": ["changements", "changes"], "links": ["liens", "links"],
            "markers": ["marqueurs", "marqueurs de progres", "markers"],
            "ratings": ["notations", "ratings", "suivi"]}

def _section_of(name: str) -> str | None:
    key = normalise_label(name)
    return next((s for s, aliases in SECTIONS.items() if key in aliases), None)


def looks_like_pathway(path: str | Path) -> bool:
    """True for a workbook with a ``Changements`` sheet plus ``Liens`` or ``Marqueurs``, or a YAML
    file with a ``changements``/``changes`` section."""
    path = Path(path)
    if not path.is_file():
        return False
    try:
        if path.suffix.lower() in (".yml", ".yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            return isinstance(data, dict) and any(_section_of(str(k)) == "changes" for k in data)
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            return False
        sections = {_section_of(g.sheet or "") for g in grids_of(path)}
    except Exception:  # a detector never raises: the file is simply not ours
        return False
    return "changes" in sections and bool(sections & {"links", "markers"})


# --- reading -------------------------------------------------------------------------------------
def _xlsx_tables(path: Path) -> dict[str, Table]:
    tables = {}
    for grid in grids_of(path):
        section = _section_of(grid.sheet or "")
        start = grid.first_nonempty()
        if section and section not in tables and start is not None:
            tables[section] = table_of(grid, start)
    return tables


def _yaml_tables(path: Path, problems: ProblemList) -> tuple[dict[str, Table], str | None]:
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        add_problem(problems, "yaml_syntax", row=mark.line + 1 if mark else None,
                    found=str(getattr(exc, "problem", exc)))
        return {}, None
    if not isinstance(data, dict) or root is None:
        add_problem(problems, "yaml_invalid", expected="changements:, liens:, marqueurs:…",
                    found=type(data).__name__)
        return {}, None
    tables: dict[str, Table] = {}
    pathway = data.get("chemin") or data.get("pathway")
    for key_node, value_node in root.value:
        section = _section_of(str(key_node.value))
        items = data.get(key_node.value)
        if section is None:
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            add_problem(problems, "yaml_invalid", section=str(key_node.value),
                        row=key_node.start_mark.line + 1,
                        expected=t("workshops.expected_yaml_list"), found=type(items).__name__)
            continue
        header: list[str] = []
        for item in items:
            header += [str(k) for k in item if str(k) not in header]
        rows = [["" if item.get(h) is None else str(item.get(h)) for h in header] for item in items]
        lines = [node.start_mark.line + 1 for node in value_node.value]
        tables[section] = Table(path.name, None, header, rows, lines,
                                key_node.start_mark.line + 1, section=str(key_node.value))
    return tables, str(pathway) if pathway else None


def read_tables(path: Path, problems: ProblemList) -> tuple[dict[str, Table], str | None]:
    """Section id (``changes``, ``links``, ``markers``, ``ratings``) → table, and the pathway
    name a YAML file may give (``chemin:``)."""
    if path.suffix.lower() in (".yml", ".yaml"):
        return _yaml_tables(path, problems)
    return _xlsx_tables(path), None
