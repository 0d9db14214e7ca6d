"""Readers: encodings, delimiters, quirks of real exports, and the format sniffing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from conftest_import import (
    LS_COLUMNS,
    kobo_row,
    ls_row,
    write_delimited,
    write_kobo,
    write_limesurvey,
    write_signin,
)
from openpyxl import Workbook

from workbench.errors import ImportProblem
from workbench.sources import describe, detect, sniff_delimiter, sniff_encoding

COLUMNS = ["Nom du service", "Avis", "Commentaire"]
ROWS = [
    {"Nom du service": "Médiathèque", "Avis": "Plutôt d’accord", "Commentaire": "Bien ; merci"},
    {"Nom du service": "CCAS", "Avis": "Tout\u00a0à fait d'accord",
     "Commentaire": "Sur deux\nlignes, avec « guillemets » et \"quotes\""},
    {"Nom du service": "Régie", "Avis": "NSP", "Commentaire": "=HYPERLINK(\"x\")"},
]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_text_cells_survive_every_encoding_and_delimiter(
    tmp_path: Path, encoding: str, delimiter: str, newline: str
) -> None:
    rows = ROWS if encoding != "cp1252" else [
        {k: v.replace("’", "'").replace("«", '"').replace("»", '"') for k, v in r.items()}
        for r in ROWS
    ]
    path = write_delimited(tmp_path / "t.csv", COLUMNS, rows, encoding=encoding,
                           delimiter=delimiter, newline=newline, quote_all=False)
    raw = detect(path)
    assert raw.delimiter == delimiter
    assert raw.format == "generic"
    assert raw.columns == COLUMNS
    assert raw.frame.to_dict("records") == rows
    assert all(str(dtype) == "str" for dtype in raw.frame.dtypes)
    # the quoted newline in row 2 pushes row 3 one line further down
    assert raw.lines == [2, 3, 5]


def test_encoding_sniff() -> None:
    text = "Élu ; Plutôt d’accord"
    assert sniff_encoding(text.encode("utf-8-sig")) == "utf-8-sig"
    assert sniff_encoding(text.encode("utf-8")) == "utf-8"
    assert sniff_encoding("Élu ; d'accord".encode("cp1252")) == "cp1252"
    assert sniff_encoding(text.encode("utf-16")) == "utf-16"
    assert sniff_encoding(text.encode("utf-16-le")) == "utf-16-le"


def test_delimiter_sniff_prefers_consistent_width() -> None:
    # commas inside the text must not win over the real ';' separator
    text = 'a;b;c\r\n"1, 2, 3, 4";x;y\r\n"5, 6";z;w\r\n'
    assert sniff_delimiter(text) == ";"
    assert sniff_delimiter("a,b\n1,2\n") == ","
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"


def test_limesurvey_quirks_and_unfinished(tmp_path: Path) -> None:
    rows = [ls_row(1, "Hélène", "Le Gall", text="ligne 1\r\nligne 2 ; « citée »"),
            ls_row(2, "", "", submitted=False), ls_row(3, "Paul", "Martin")]
    path = write_limesurvey(tmp_path / "barometre_T1.csv", rows)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert path.read_bytes().endswith(b"\r\n\r\n")
    raw = detect(path)
    assert raw.format == "limesurvey"
    assert raw.encoding == "utf-8-sig"
    assert raw.columns == LS_COLUMNS
    assert raw.n_unfinished == 1
    assert raw.unfinished_lines == [4]
    assert raw.lines == [2, 5]  # row 1 spans lines 2-3, the unfinished one is line 4
    assert raw.frame["G02Q01"].iloc[0] == "ligne 1\nligne 2 ; « citée »"
    assert list(raw.frame["id"]) == ["1", "3"]


def test_limesurvey_full_text_headings(tmp_path: Path) -> None:
    columns = ["Response ID", "Date submitted", "Last page", "Start language", "Q1"]
    rows = [{"Response ID": "1", "Date submitted": "", "Q1": "x"},
            {"Response ID": "2", "Date submitted": "1980-01-01 00:00:00", "Q1": "y"}]
    raw = detect(write_delimited(tmp_path / "x.csv", columns, rows, delimiter=","))
    assert raw.format == "limesurvey"
    assert raw.n_unfinished == 1
    assert list(raw.frame["Q1"]) == ["y"]


def test_kobo_detected_with_group_paths(tmp_path: Path) -> None:
    raw = detect(write_kobo(tmp_path / "habitants_T0.csv", [kobo_row(1, "Ana", "B")]))
    assert raw.format == "kobo"
    assert raw.encoding == "utf-8"
    assert "opinions/q01" in raw.columns
    assert raw.frame["_uuid"].iloc[0].startswith("0b6d3c2e")


def test_kobo_xlsx_keeps_repeat_sheets(tmp_path: Path) -> None:
    book = Workbook()
    main = book.active
    main.title = "habitants"
    main.append(["opinions/q01", "_uuid", "_index"])
    main.append(["plutot_d_accord", "u-1", 1])
    repeat = book.create_sheet("enfants")
    repeat.append(["enfants/age", "_parent_index", "_submission__uuid"])
    repeat.append([7, 1, "u-1"])
    book.save(tmp_path / "k.xlsx")
    raw = detect(tmp_path / "k.xlsx")
    assert raw.format == "kobo"
    assert raw.frame["_index"].tolist() == ["1"]
    assert raw.sheets["enfants"]["enfants/age"].tolist() == ["7"]


def test_signin_title_block_and_real_dates(tmp_path: Path) -> None:
    path = write_signin(tmp_path / "emargement_S2_2023-03-09.xlsx",
                        [["Le Gall", "Hélène", "CCAS", "", "Élue", "", "", "X"], [None] * 8,
                         ["Martin", "Paul", "", "", "Habitant", "Bel-Air", "", ""]])
    raw = detect(path)
    assert raw.format == "signin"
    assert raw.header_line == 7
    assert raw.lines == [8, 10]  # the blank row 9 is skipped
    assert raw.title["evenement"] == "Séminaire des élus"
    assert raw.title["date"] == "2023-03-09"
    assert raw.title["etape"] == "2"
    assert raw.title_lines["date"] == 3
    assert raw.frame["Prénom"].tolist() == ["Hélène", "Paul"]


def test_describe_for_inspect(tmp_path: Path) -> None:
    path = write_limesurvey(tmp_path / "b.csv", [ls_row(1, "A", "B")])
    info = describe(path)
    assert info["format"] == "limesurvey"
    assert info["delimiter"] == ";"
    assert info["n_responses"] == 1
    assert info["columns"] == LS_COLUMNS


def test_generic_xlsx_dates_and_numbers_as_text(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Date", "Note", "Formule"])
    book.active.append([dt.datetime(2024, 3, 15, 10, 22), 4, "@x"])
    book.save(tmp_path / "g.xlsx")
    raw = detect(tmp_path / "g.xlsx")
    assert raw.frame.iloc[0].tolist() == ["2024-03-15 10:22:00", "4", "@x"]


def test_reading_never_changes_the_file(tmp_path: Path) -> None:
    path = write_limesurvey(tmp_path / "b.csv", [ls_row(1, "A", "B")])
    before = path.read_bytes()
    detect(path)
    assert path.read_bytes() == before


def test_ragged_row_is_located(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("a;b\r\n1;2\r\n3;4;5\r\n", encoding="utf-8")
    with pytest.raises(ImportProblem) as info:
        detect(path)
    assert info.value.key == "row_too_many_fields"
    assert info.value.row == 3


FAST_CASES = {
    "limesurvey": lambda p: write_limesurvey(p, [
        ls_row(1, "Hélène", "Le Gall", text="ligne 1\r\nligne 2 ; « citée » \"x\""),
        ls_row(2, "", "", submitted=False), ls_row(3, "Paul", "Martin")]),
    "blank_and_empty_rows": lambda p: p.write_bytes(
        b"a;b;c\r\n1;2;3\r\n\r\n;;\r\n\"x\ny\";\"\";z\r\n4;5;6\r\n\r\n") and p,
    "cp1252": lambda p: write_delimited(p, COLUMNS, [
        {k: v.replace("’", "'").replace("«", '"').replace("»", '"') for k, v in r.items()}
        for r in ROWS], encoding="cp1252", quote_all=False),
    "utf16_tab": lambda p: write_delimited(p, COLUMNS, ROWS, encoding="utf-16", delimiter="\t"),
    "ragged_but_blank_extra": lambda p: p.write_bytes(b"a,b\n1,2,\n3,4\n") and p,
    "no_line_end_at_the_end": lambda p: p.write_bytes(
        "\ufeffa;b\r\n1;é\r\n3;4".encode()) and p,
}


@pytest.mark.parametrize(("content", "key", "row"), [
    (b"a;b;c\r\n1;2;3\r\n4;5", "file_truncated", 3),
    (b'a;b;c\r\n1;2;3\r\n4;"5', "file_truncated", 3),
    (b"\xef\xbb\xbfa;b\r\n1;2\r\n\xe9t\xe9;3\r\n", "encoding_invalid", 3),
    (b"a;b\r\n1;2\r\n\x00\x01;3\r\n", "binary_content", 3),
])
def test_large_file_checks_on_bytes_say_what_the_text_reading_says(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, key: str,
        row: int) -> None:
    """A large file is checked on its bytes (never decoded whole): a cut end, an invalid
    byte, binary content give the message, key and line the full reading gives."""
    from workbench.sources import text

    path = tmp_path / "big.csv"
    path.write_bytes(content)
    for threshold in (10**9, 0):  # read whole, then as a large file
        monkeypatch.setattr(text, "FAST_PATH_BYTES", threshold)
        with pytest.raises(ImportProblem) as info:
            detect(path)
        assert (info.value.key, info.value.row) == (key, row), threshold


def test_large_file_head_cut_inside_a_character(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The first records of a large file are decoded from a sample of bytes: a letter cut at
    the sample's end waits for its next bytes (same cells as the whole reading)."""
    from workbench.sources import text

    path = write_delimited(tmp_path / "h.csv", COLUMNS, ROWS)
    slow = detect(path)
    cut = path.read_bytes().index("é".encode()) + 1
    monkeypatch.setattr(text, "FAST_PATH_BYTES", 0)
    monkeypatch.setattr(text, "_HEAD_CHARS", cut)
    fast = detect(path)
    assert fast.frame.equals(slow.frame) and fast.columns == slow.columns


@pytest.mark.parametrize("name", sorted(FAST_CASES))
def test_fast_reader_gives_the_same_cells_and_lines(tmp_path: Path, name: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Large files go through pyarrow plus a byte scan for line numbers: same result as the
    csv module, including quoted newlines, blank rows and the fallback on irregular rows."""
    from workbench.sources import fast_csv, text

    path = FAST_CASES[name](tmp_path / "f.csv")
    slow = detect(path)
    monkeypatch.setattr(text, "FAST_PATH_BYTES", 0)
    used: list[bool] = []
    original = fast_csv.fast_table_body
    monkeypatch.setattr(fast_csv, "fast_table_body",
                        lambda *a: used.append(original(*a) is not None) or original(*a))
    fast = detect(path)
    assert used == [name != "ragged_but_blank_extra"]  # pyarrow read it, or handed over
    assert fast.frame.equals(slow.frame) and list(fast.frame.dtypes) == list(slow.frame.dtypes)
    assert (fast.lines, fast.unfinished_lines, fast.columns) == (
        slow.lines, slow.unfinished_lines, slow.columns)


def test_fast_reader_is_used_and_reports_ragged_rows_exactly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.sources import fast_csv, text

    monkeypatch.setattr(text, "FAST_PATH_BYTES", 0)
    calls = []
    original = fast_csv.fast_table_body
    monkeypatch.setattr(fast_csv, "fast_table_body",
                        lambda *a: calls.append(1) or original(*a))
    path = tmp_path / "r.csv"
    path.write_text("a;b\r\n\"1\n1\";2\r\n3;4;5\r\n", encoding="utf-8")
    with pytest.raises(ImportProblem) as info:
        detect(path)
    assert calls and (info.value.key, info.value.row) == ("row_too_many_fields", 4)


@pytest.mark.parametrize("block", [1, 2, 3, 7])
def test_record_scan_is_the_same_block_by_block_and_from_the_file(tmp_path: Path,
                                                                   block: int) -> None:
    """Blocks cut anywhere (inside a CRLF, a quoted newline, a CR-only record) and reading
    the bytes from disk give the records the whole scan gives."""
    from workbench.sources.fast_csv import record_starts
    from workbench.sources.grid import FileBytes

    content = b'a;b\r\n"x\r\ny";2\r\n\r\n\r\r\n;;\r\n"q""q";3\r\n\r'
    path = tmp_path / "s.csv"
    path.write_bytes(content)
    whole = record_starts(content)
    for parts in (record_starts(content, block), record_starts(FileBytes(path), block)):
        assert all(np.array_equal(a, b) for a, b in zip(parts, whole, strict=True))
    assert whole[0].tolist() == [0, 5, 15, 17, 20, 24, 34]  # by hand
    assert whole[1].tolist() == [1, 2, 4, 5, 6, 7, 8]
    assert whole[2].tolist() == [False, False, True, False, False, False, True]
