"""Kumu export: an XLSX with Elements and Connections sheets, safe text, no small waves."""

from __future__ import annotations

import openpyxl
import pandas as pd

from workbench.exports.kumu import CONNECTION_COLUMNS, ELEMENT_COLUMNS, kumu_sheets, write_kumu
from workbench.framework import Organisation, load_framework
from workbench.publication import build_publication
from workbench.store import Dataset

TIE_COLUMNS = ["wave", "respondent_id", "from_org", "to_org", "level"]
RATINGS = ["openness", "reliability", "mission", "influence", "resources", "involvement"]


def framework(names: dict[str, str]):
    fw = load_framework()
    roster = [Organisation(id=o, name=n, sector="association" if i else "municipal",
                           group="acteurs", mainstream=(i == 0))
              for i, (o, n) in enumerate(names.items())]
    return fw.model_copy(update={"organisations": roster})


def ties(waves: dict[str, list[tuple[str, str, int]]], people: int = 11) -> pd.DataFrame:
    """Each rating given by ``people`` respondents of the rating organisation (same level)."""
    rows = [[wave, f"p_{a}_{i}", a, b, level] for wave, ratings in waves.items()
            for a, b, level in ratings for i in range(people)]
    frame = pd.DataFrame(rows, columns=TIE_COLUMNS)
    return frame.assign(**{r: 3.0 for r in RATINGS}, frequency=None)


def published(data: Dataset, fw=None):
    """The publication of ``data`` (the Kumu export reads the published network only)."""
    return build_publication(data, fw or FW)


FW = framework({"a": "=HYPERLINK(\"http://x\")", "b": "Centre social", "c": "+33 Asso",
                "d": "Orphan"})


def test_sheets_and_columns(tmp_path) -> None:
    data = Dataset({"ties": ties({"T0": [("a", "b", 2), ("b", "a", 3), ("a", "c", 0)],
                                  "T1": [("a", "b", 4), ("b", "a", 4), ("a", "c", 1)]})})
    path = write_kumu(tmp_path / "out" / "reseau.xlsx", published(data))
    book = pd.read_excel(path, sheet_name=None)
    assert list(book) == ["Elements", "Connections"]
    assert list(book["Elements"].columns) == ELEMENT_COLUMNS
    assert list(book["Connections"].columns) == CONNECTION_COLUMNS
    elements = book["Elements"]
    assert len(elements) == 4
    assert elements.loc[elements["Label"] == "Centre social", "Sector"].item() == "Associations"
    assert elements["Mainstream"].tolist() == ["oui", "non", "non", "non"]
    conn = book["Connections"]
    # T0: a–b at min(2, 3) = 2 (a–c is 0: no tie); T1: a–b 4; a–c (1) was rated by a only:
    # by default (privacy.relational.ratings: symmetrised) a pair one side rated is not shown,
    # its level would be that respondent's own answer
    assert conn[["Wave", "Level"]].values.tolist() == [["T0", 2], ["T1", 4]]
    assert set(conn["From"]) | set(conn["To"]) <= set(elements["Label"])
    assert conn["Type"].tolist() == ["Coopération", "Coalition"]


def test_formula_like_text_is_neutralised(tmp_path) -> None:
    data = Dataset({"ties": ties({"T0": [("a", "b", 2), ("b", "a", 2), ("c", "a", 1)]})})
    path = write_kumu(tmp_path / "k.xlsx", published(data))
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    labels = [c.value for c in book["Elements"]["A"]][1:]
    assert labels[0] == "'=HYPERLINK(\"http://x\")" and labels[2] == "'+33 Asso"
    assert [c.value for c in book["Connections"]["A"]][1] == labels[0]


def test_waves_resting_on_too_few_people_are_left_out() -> None:
    frame = pd.concat([ties({"T0": [("a", "b", 3), ("b", "a", 3)]}, people=2),
                       ties({"T1": [("a", "b", 3), ("b", "a", 3)]}, people=6)],
                      ignore_index=True)
    sheets = kumu_sheets(published(Dataset({"ties": frame})))
    assert sheets["Connections"]["Wave"].tolist() == ["T1"]
    assert sheets["Elements"].loc[sheets["Elements"]["Label"] == "Orphan",
                                  "Responded"].item() == "non"
