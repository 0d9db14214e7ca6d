"""Fixture writers for workshop records as project teams keep them (sign-in sheets of every
common shape, presence matrices, registration lists, typed post-its). Shapes follow real public
files (a 0/1 presence matrix with dated, duplicated columns; a registration list
``Prénom/Nom/Email/Labo/Statut``); every name here is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

VISION_PEOPLE = [  # NOM | Prénom | Structure | Fonction | Signature (signed on paper: empty)
    ["LE GALL-DURAND", "Hélène", "CCAS", "Directrice", ""],
    ["Martin", "Paul", "Ville : service des sports", "Chef de service", ""],
    ["N'DIAYE", "Aïssatou", "Agglomération : habitat", "Chargée de mission", ""],
    ["Roux", "Jean-Pierre", "Ville : cabinet du maire", "Adjoint au maire", ""],
]


def _cells(sheet: Worksheet, first_row: int, rows: list[list[Any]]) -> None:
    for number, row in enumerate(rows, start=first_row):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)


def write_title_block_sheet(path: Path, *, title: str = "Séminaire vision élus et services",
                            when: str = "Jeudi 28 septembre 2023, 9h30-12h30",
                            people: list[list[Any]] | None = None,
                            header: list[str] | None = None) -> Path:
    """Issue shape 1: merged title cells, the date in French words with times, then ``NOM |
    Prénom | Structure | Fonction | Signature`` with the signature column empty."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Feuil1"
    sheet["A1"], sheet["A2"] = title, when
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("A2:E2")
    _cells(sheet, 4, [header or ["NOM", "Prénom", "Structure", "Fonction", "Signature"],
                      *(people if people is not None else VISION_PEOPLE)])
    book.save(path)
    return path


MATRIX_DATES = [dt.datetime(2023, 1, 19), "16/02/2023", "16/02/2023", "S1 – 23/02/2023",
                dt.datetime(2023, 3, 30)]
MATRIX_PEOPLE = [  # marks under the five date columns (the last one: a meeting to come)
    ["Le Gall", "Hélène", "Agglomération : mission politique de la ville", "X", "✓", "", "x", ""],
    ["Bernard", "Sophie", "Ville : direction éducation", "X", "", "X", "1", ""],
    ["Petit", "Karim", "CCAS", "", "oui", "X", "0", ""],
    ["Morel", "Lucie", "Agglomération : habitat", "X", "X", "X", "X", ""],
]


def write_matrix(path: Path, *, people: list[list[Any]] | None = None,
                 dates: list[Any] | None = None) -> Path:
    """Issue shape 2: a presence matrix, one row per person, one column per meeting date (real
    Excel dates and typed ones, two sessions the same day, a column still empty)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Présences COTECH"
    sheet["A1"] = "Comité technique : suivi des présences"
    _cells(sheet, 3, [["Nom", "Prénom", "Structure", *(dates or MATRIX_DATES)],
                      *(people if people is not None else MATRIX_PEOPLE)])
    book.save(path)
    return path


CSV_ROWS = [  # Nom Prénom;Structure;Catégorie;Présent(e)
    ("BENALI Aïcha", "", "Habitante", "oui"),
    ("Lefèvre Noël", "Régie de quartier", "Association", "oui"),
    ("Mme Garnier Océane", "", "Habitante", "non"),
    ("COSTA Joël", "", "Habitant", "OUI"),
]


def write_cp1252_csv(path: Path, rows: list[tuple[str, ...]] | None = None) -> Path:
    """Issue shape 3: a ``;`` CSV saved by Excel in cp1252, one ``Nom Prénom`` column, a
    ``Présent(e)`` column of oui/non, the date in the file name, CRLF."""
    lines = ["Nom Prénom;Structure;Catégorie;Présent(e)"]
    lines += [";".join(row) for row in (rows if rows is not None else CSV_ROWS)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def write_workbook_of_events(path: Path) -> Path:
    """One workbook, one sheet per event (label/value title rows), and an instructions sheet."""
    book = Workbook()
    notes = book.active
    notes.title = "Consignes"
    notes["A1"] = "Une feuille par séance ; ne pas modifier les en-têtes."
    for title, date, people in [
        ("Séminaire des élus n°1", dt.datetime(2023, 3, 9), [["Roux", "Jean-Pierre", "X"],
                                                            ["Faure", "Anne", "X"]]),
        ("Séminaire des élus n°2", "13/04/2023", [["ROUX", "Jean Pierre", "X"],
                                                  ["Faure", "Anne", ""],
                                                  ["Blanc", "Yves", "✓"]]),
    ]:
        sheet = book.create_sheet(title[-2:].replace("°", "") + " " + title[:9])
        _cells(sheet, 1, [["Événement :", title], ["Date :", date], ["Étape :", "2"], [],
                          ["Nom", "Prénom", "Présent"], *people])
    book.save(path)
    return path


REGISTRATION_ROWS = [  # Prénom | Nom | Email | Structure | Statut | Date d'inscription
    ["Hélène", "Le Gall-Durand", "h.legall@exemple.invalid", "CCAS", "Directrice",
     dt.datetime(2023, 9, 1, 10, 2)],
    ["Paul", "MARTIN", "paul.martin@exemple.invalid", "Ville : service des sports", "",
     dt.datetime(2023, 9, 3, 18, 40)],
    ["Irène", "Vidal", "irene.vidal@exemple.invalid", "Ville : cabinet du maire", "Élue",
     dt.datetime(2023, 9, 4, 8, 15)],
]


def write_registration(path: Path, rows: list[list[Any]] | None = None, *,
                       registered_column: bool = True, header: list[str] | None = None) -> Path:
    """A registration export (who signed up): ``Prénom, Nom, Email, Structure, Statut`` and,
    from online tools, a registration date; the event in the title."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Feuil1"
    sheet["A1"] = "Séminaire vision élus et services – 28/09/2023"
    header = list(header or ["Prénom", "Nom", "Email", "Structure", "Statut"])
    header += ["Date d'inscription"] if registered_column else []
    data = rows if rows is not None else REGISTRATION_ROWS
    _cells(sheet, 3, [header, *[r[:len(header)] for r in data]])
    book.save(path)
    return path


def write_postits(path: Path, notes: list[list[str]] | None = None, *,
                  title: str | None = "Atelier habitants Bel-Air – samedi 3 février 2024") -> Path:
    """Post-its typed into a spreadsheet: a title line, then ``Thème | Post-it | Couleur``."""
    book = Workbook()
    sheet = book.active
    rows: list[list[Any]] = [[title], []] if title else []
    rows += [["Thème", "Post-it", "Couleur"], *(notes if notes is not None else [
        ["Cadre de vie", "Des bancs près de l'école", "jaune"],
        ["Cadre de vie", "Plus d'arbres rue des Lilas", "jaune"],
        ["Lien social", "Une fête de quartier chaque été", "rose"],
    ])]
    _cells(sheet, 1, rows)
    book.save(path)
    return path


def write_postits_docx(path: Path, notes: list[tuple[str, str]] | None = None, *,
                       heading: str = "Atelier habitants – Le Moulin") -> Path:
    """Flip-chart notes typed into Word: a heading and a date paragraph, then a table."""
    from docx import Document

    document = Document()
    document.add_heading(heading, level=1)
    document.add_paragraph("Samedi 16 mars 2024, 10h-12h, salle polyvalente")
    rows = notes if notes is not None else [("Mobilité", "Un bus le dimanche"),
                                            ("Jeunesse", "Un local pour les ados")]
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Thème", "Note"
    for theme, note in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = theme, note
    document.save(str(path))
    return path
