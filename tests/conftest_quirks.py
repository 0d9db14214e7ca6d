"""Fixture writers reproducing what real exports do (learnt from public repositories, see
``shared/FORMATS.md``): the project's own files, written by the tests, no third-party data.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from conftest_formats import write_book, write_text

LS_EN_META = ["Response ID", "Date submitted", "Last page", "Start language", "Seed",
              "Date started", "Date last action"]
LS_FR_META = ["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ",
              "Tête de série", "Date de lancement", "Date de la dernière action"]
LS_CODE_META = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
                "datestamp"]
# an unrelated survey: nothing to do with the framework's items
UNRELATED = ["The cafeteria food is good value for money",
             "The library opening hours suit my timetable",
             "Sports facilities are easy to book online"]
AGREE4 = ["Strongly disagree", "Disagree", "Agree", "Strongly agree"]


def limesurvey_rows(meta: list[str], questions: list[str], answers: list[list[str]], *,
                    unfinished: bool = True) -> list[list[str]]:
    """Header then one row per answer list (ids from 1; submitted 2024-05-0n), plus an
    unfinished response (empty submit date) at the end."""
    rows = [[*meta, *questions]]
    for number, values in enumerate(answers, 1):
        rows.append([str(number), f"2024-05-0{number} 10:00:00", "2", "fr", "12345",
                     f"2024-05-0{number} 09:50:00", f"2024-05-0{number} 10:00:00", *values])
    if unfinished:
        rows.append([str(len(answers) + 1), "", "1", "fr", "999", "2024-05-09 09:00:00",
                     "2024-05-09 09:01:00", *[""] * len(questions)])
    return rows


def write_limesurvey_mode(path: Path, meta: list[str], questions: list[str],
                          answers: list[list[str]], **kw: Any) -> Path:
    """LimeSurvey's CSV writer: BOM, every field quoted, ``,`` here, LF, blank last line."""
    return write_text(path, limesurvey_rows(meta, questions, answers, **kw), delimiter=",",
                      encoding="utf-8-sig", newline="\n", quote_all=True, trailing_blank=True)


def write_unrelated(path: Path, answers: list[list[str]] | None = None) -> Path:
    """An English LimeSurvey full-text export of a survey unrelated to the framework, on a
    4-point agree scale with « I don't know »."""
    answers = answers or [["Agree", "Strongly agree", "I don't know"],
                          ["Disagree", "Agree", "Strongly disagree"],
                          ["Strongly agree", "Disagree", "Agree"]]
    return write_limesurvey_mode(path, LS_EN_META, UNRELATED, answers)


def set_dimension(path: Path, ref: str = "A1") -> Path:
    """Rewrite the sheet's declared size as Microsoft Forms downloads do (``<dimension
    ref="A1"/>``): a read-only reader trusting it sees one cell."""
    source = zipfile.ZipFile(path)
    members = {name: source.read(name) for name in source.namelist()}
    source.close()
    sheet = "xl/worksheets/sheet1.xml"
    xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", members[sheet])
    members[sheet] = re.sub(rb"(<sheetData)", f'<dimension ref="{ref}"/>'.encode() + rb"\1",
                            xml, count=1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


def write_ms_forms_dimension_a1(path: Path) -> Path:
    rows: list[list[Any]] = [["ID", "Start time", "Completion time", "Email", "Name",
                              "Le calendrier laisse assez de place à la concertation."]]
    for number, answer in enumerate(["Plutôt d'accord", "Tout à fait d'accord",
                                     "Pas du tout d'accord"], 1):
        rows.append([number, "2024-03-01 10:00:00", "2024-03-01 10:05:00", "anonymous", None,
                     answer])
    write_book(path, rows, sheet="Sheet1")
    return set_dimension(path)
