"""The shared French table, the browser download button, and the views that follow the store
(agreement between coders, codebook and quotes files) without running a cell again."""

from __future__ import annotations

import gc
import io

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from workbench.apps.coding import CodingApp
from workbench.apps.display import FrenchTable, format_cell
from workbench.apps.download import DownloadButton, spreadsheet
from workbench.apps.voices import AgreementView, CodingExports
from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import load_framework
from workbench.store import Store

FW = load_framework(DEFAULT_FRAMEWORK)


def test_french_numbers_booleans_and_missing_cells() -> None:
    assert format_cell(1234) == "1\u202f234"
    assert format_cell(0.5, "share") == "50\u202f%"
    assert format_cell(3.456) == "3,46" and format_cell(-0.013) == "\u22120,01"
    assert format_cell(np.nan, "share") == "–" and format_cell(None) == ""
    assert format_cell(True) == "oui" and format_cell(np.int64(7), "count") == "7"


def test_table_has_french_headings_no_index_masked_reason_and_escaped_text() -> None:
    frame = pd.DataFrame({"group": ["Élus", "<b>Habitants</b>"], "value": [0.41, np.nan],
                          "n": [22, np.nan], "masked": [False, True],
                          "reason": [None, "small_cell"]},
                         index=["x", "y"])
    table = FrenchTable(frame, caption="Accord", labels={"group": "Groupe", "value": "Part",
                                                         "n": "Effectif"},
                        formats={"value": "share", "n": "count"})
    assert table.headers == ["Groupe", "Part", "Effectif"]        # no index, no mask columns
    assert table.rows == [["Élus", "41\u202f%", "22"],
                          ["<b>Habitants</b>", "effectif trop faible", "effectif trop faible"]]
    html = table.html
    assert "&lt;b&gt;Habitants" in html and "<b>Habitants" not in html
    assert "wb-masked" in html and ">x<" not in html
    assert "white-space:normal" in html                             # long text wraps
    bundle = table._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"} and "DataFrame" not in bundle["text/plain"]
    assert "Groupe | Part | Effectif" in repr(table)


def test_spreadsheet_keeps_numbers_and_writes_a_header_block() -> None:
    from openpyxl import load_workbook

    table = pd.DataFrame({"Quartier": ["=cmd|' /C calc'!A0", "Bel-Air"], "Valeur": [0.41, None]})
    content = spreadsheet(table, title="Accord", header=[("Vague", "T2")],
                          number_formats={"Valeur": "0%"})
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Accord" and rows[1] == ("Vague", "T2")
    assert rows[2][0] == "Exporté le"
    assert rows[4] == ("Quartier", "Valeur")
    assert rows[5] == ("'=cmd|' /C calc'!A0", 0.41)          # formula neutralised, number kept
    assert sheet.cell(row=6, column=2).number_format == "0%"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_download_button_sends_the_file_and_says_so() -> None:
    sent = []
    button = DownloadButton("Télécharger", lambda: ("tableau.csv", b"a,b\n1,2\n"))
    button.send = lambda content, buffers=None: sent.append((content, buffers))
    assert button.click() == ("tableau.csv", b"a,b\n1,2\n")
    assert sent == [({"kind": "file", "filename": "tableau.csv", "mime": "text/csv"},
                     [b"a,b\n1,2\n"])]
    assert "tableau.csv" in button.message and "octets" in button.message
    failing = DownloadButton("Télécharger", lambda: 1 / 0)
    assert failing.click() is None
    assert "n'a pas pu être préparé" in failing.message and "ZeroDivisionError" in \
        failing.errors[0]


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "wb.sqlite").initialise()
    with store.transaction() as con:
        sid = store.add_source(con, path="v.xlsx", sha256="x" * 64, format="xlsx",
                               instrument="verbatims", rows=3)
        store.insert_frame(con, "verbatims", pd.DataFrame([
            {"verbatim_id": f"v{i}", "source_id": sid, "kind": "photolangage", "wave": "T2",
             "qpv": "tilleuls", "group_id": "habitants", "text": f"Texte {i}", "quotable": 1}
            for i in range(1, 4)]))
    return store


def test_agreement_follows_each_coding_without_a_new_cell(store: Store) -> None:
    view = AgreementView(store, FW)
    assert "au moins deux codeurs" in view.text
    first = CodingApp(store, FW, coder_name="Ana Lopez")
    second = CodingApp(store, FW, coder_name="Bruno Petit")
    for app, ticks in ((first, [True, False, True]), (second, [True, False, False])):
        for tick in ticks:
            app.controls["lessons"]["L1"].value = tick
            app.controls["no_lesson"].value = not tick
            app.controls["next"].click()
    lines = view.text.splitlines()
    assert lines[1].startswith("Code | Codeurs | Verbatims comparés")
    l1 = next(line for line in lines if line.startswith("L1 · "))
    assert "| 2 | 3 | 2 | κ de Cohen |" in l1                    # 2 coders, 3 verbatims
    assert view.errors == []


def test_store_watchers_are_held_weakly(store: Store) -> None:
    view = AgreementView(store, FW)
    calls = []
    view.refresh = lambda: calls.append(1)   # instance attribute: the watcher is the method
    view.close()                             # a closed widget (cell run again) is let go
    del view
    gc.collect()
    with store.transaction() as con:
        con.execute(sa.text("UPDATE verbatims SET quotable = 0 WHERE verbatim_id = 'v1'"))
    assert calls == []


def test_codebook_and_quotes_files_are_built_at_the_click(store: Store) -> None:
    exports = CodingExports(store, FW)
    name, content = exports.codebook_csv()
    assert name == "livre_de_codes.csv" and content.startswith(b"\xef\xbb\xbfname,description")
    CodingApp(store, FW, coder_name="Ana Lopez").controls["lessons"]["L4"].value = True
    name, content = exports.quotes_csv()
    back = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str)
    assert name == "verbatims_codes.csv" and back["verbatim_id"].tolist() == ["v1"]
    assert back.loc[0, "L4"] == "1"
    assert set(exports.controls) == {"codebook", "quotes"}
