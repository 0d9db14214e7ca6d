"""Located import problems: « Fichier `x.csv`, ligne 14, colonne `Q1` : … » with an English key."""

from __future__ import annotations

from typing import Any

from workbench.errors import ImportProblem, Problem, ProblemList
from workbench.i18n import t


def locate(
    file: str, row: int | None = None, column: str | None = None, *, at_key: bool = False
) -> str:
    """« Fichier `x.csv`, ligne 14, colonne `Q1` » (the start of every import message);
    with ``at_key`` the column is a key of a YAML file (« clé `items` »)."""
    text = t("import.at_file", file=file)
    if row is not None:
        text += t("import.at_row", row=row)
    if column is not None:
        text += t("import.at_key" if at_key else "import.at_column", column=column)
    return text


def make_problem(
    key: str,
    file: str,
    *,
    row: int | None = None,
    column: str | None = None,
    expected: str | None = None,
    found: str | None = None,
    at_key: bool = False,
    **fmt: Any,
) -> Problem:
    """A located problem whose French text comes from ``labels`` key ``import.problem.<key>``."""
    detail = t(f"import.problem.{key}", expected=expected, found=found, column=column, **fmt)
    return Problem(
        key=key,
        message=f"{locate(file, row, column, at_key=at_key)} : {detail}",
        file=file,
        row=row,
        column=column,
        expected=expected,
        found=found,
    )


def add_problem(problems: ProblemList, key: str, **kw: Any) -> None:
    """Append a located problem to ``problems`` (its file is the list's file)."""
    problems.problems.append(make_problem(key, problems.file, **kw))


def fail(key: str, file: str, **kw: Any) -> ImportProblem:
    """An ``ImportProblem`` holding one located problem (``raise fail(...)``)."""
    problem = make_problem(key, file, **kw)
    return ImportProblem(
        problem.message, key=key, problems=[problem], file=file, row=problem.row,
        column=problem.column, expected=problem.expected, found=problem.found,
    )
