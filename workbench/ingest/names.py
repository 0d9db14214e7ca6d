"""The names a verbatim import screens out of free text: the sign-in sheets beside the file (fail
closed when one cannot be read) and the project's list ``data/noms-a-masquer.txt``.

>>> names, problems, skipped = screening_names(Path("data/raw/ateliers"))
>>> extra_names_from_file(Paths.default().data / EXTRA_NAMES_FILE)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workbench.config import Paths
from workbench.errors import Problem, ProblemList
from workbench.i18n import t
from workbench.ingest._workshop_common import is_spreadsheet, names_in_file

EXTRA_NAMES_FILE = "noms-a-masquer.txt"
_READ: dict[tuple[str, int, int], list[str]] = {}  # names of the sheets read, by version


def screening_names(folder: Path, *, skip_unreadable: bool = False
                    ) -> tuple[list[str], list[Problem], list[str]]:
    """Names of every spreadsheet of ``folder`` with name columns (sign-in sheets above all).

    Returns (names, problems, skipped): a spreadsheet that cannot be read is a problem — its
    names could not be screened — unless ``skip_unreadable`` (then it is listed in ``skipped``).
    Lock and hidden files (``~$…``, ``.…``) are not spreadsheets.
    """
    names: list[str] = []
    problems: list[Problem] = []
    skipped: list[str] = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not is_spreadsheet(path) or path.name.startswith(("~$", ".")):
            continue
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
        try:
            if key not in _READ:
                _READ[key] = names_in_file(path)
            names += _READ[key]
        except Exception as exc:  # whatever makes it unreadable: its names are unknown
            if skip_unreadable:
                skipped.append(path.name)
                continue
            problems.append(Problem(
                key="screening_sheet_unreadable",
                message=t("screening.unreadable", file=path.name,
                          detail=str(exc)[:160] or type(exc).__name__),
                file=path.name, expected=t("screening.expected"),
                found=type(exc).__name__))
    return names, problems, skipped


def extra_names_from_file(path: Path) -> list[str]:
    """Names listed one per line in ``path`` (UTF-8; blank lines and ``#`` comments ignored);
    an absent file gives none."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8-sig")
    names = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names += [line, *line.split()] if " " in line else [line]
    return names


def names_to_screen(path: Path, options: Mapping[str, Any], problems: ProblemList
                    ) -> tuple[list[str], list[str]]:
    """The names an import of ``path`` screens out besides its own sheets: the spreadsheets
    beside it (an unreadable one stops the import, unless ``skip_unreadable_names``) and the
    list file (``names_file``, default ``data/noms-a-masquer.txt``). Returns (names, skipped)."""
    skip = bool(options.get("skip_unreadable_names", False))
    names, unreadable, skipped = screening_names(path.parent, skip_unreadable=skip)
    problems.problems.extend(unreadable)
    problems.raise_if_any()
    names_file = Path(options.get("names_file") or Paths.default().data / EXTRA_NAMES_FILE)
    return names + extra_names_from_file(names_file), skipped


__all__ = ["EXTRA_NAMES_FILE", "extra_names_from_file", "names_to_screen", "screening_names"]
