"""Fixture writers for the other export formats (Google Forms, Microsoft Forms, Framaforms,
LimeSurvey XLSX and SPSS, plain French spreadsheets), each with the quirks of the real tool.

Every writer puts the same three respondents (``PEOPLE``) in its own shape, so that the tests can
check the imported store against ``EXPECTED`` (values worked out by hand from the labels).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from conftest_import import quote
from openpyxl import Workbook

from workbench.framework import load_framework

FW = load_framework(Path(__file__).parents[1] / "workbench" / "default_framework.yml")
ITEMS = ["Q01", "Q02", "Q03", "Q04", "Q05"]
ITEM_TEXT = {i.id: i.text_fr for i in FW.items}
OPEN = "Qu'est-ce qui a changé dans votre façon de travailler ?"
GROUP_Q = "Vous êtes :"
QPV_Q = "Dans quel(s) quartier(s) intervenez-vous ?"
ORG_Q = "Votre structure"
AGE_Q = "Votre tranche d'âge"
GRID_Q = "Êtes-vous d'accord avec les affirmations suivantes ?"

PEOPLE: list[dict[str, Any]] = [
    {"first": "Hélène", "last": "Le Gall", "email": "helene.legall@ville.fr",
     "group": "Élu ou élue", "qpvs": ["Les Tilleuls"], "org": "CCAS", "age": "40-59",
     "answers": ["Tout à fait d’accord", "PLUTÔT D'ACCORD", "Ne se prononce pas", "",
                 "Pas du tout d'accord"],
     "text": "On se parle, enfin ; « vraiment ».\nEt ça change tout, « chaque semaine ».",
     "when": dt.datetime(2024, 3, 15, 10, 22, 33)},
    {"first": "Paul", "last": "Martin", "email": "paul.martin@agglo.fr",
     "group": "Acteur de terrain (association, école, travail social)",
     "qpvs": ["Les Tilleuls", "Bel-Air"], "org": "Mission locale", "age": "25-39",
     "answers": ["Plutôt pas d'accord", "Ni d'accord ni pas d'accord", "Plutôt d’accord",
                 "Tout a fait d'accord", "Sans avis"],
     "text": "", "when": dt.datetime(2024, 3, 16, 8, 5, 0)},
    {"first": "Zoé", "last": "Durand", "email": "zoe.durand@asso.org",
     "group": "Service de la ville ou de l'agglomération", "qpvs": ["La Source"],
     "org": '=HYPERLINK("http://x")', "age": "60+",
     "answers": ["Plutôt d'accord", "Plutôt d'accord", "plutot pas d’accord", "Pas du tout "
                 "d'accord", "Tout à fait d'accord"],
     "text": "Les services se connaissent mieux maintenant, on s'appelle.",
     "when": dt.datetime(2024, 4, 2, 17, 45, 9)},
]
# by person (index in PEOPLE): group, qpv, organisation, {item: value or missing reason}
EXPECTED: list[dict[str, Any]] = [
    {"group_id": "elus", "qpv": "tilleuls", "organisation": "ccas",
     "items": {"Q01": 5.0, "Q02": 4.0, "Q03": "nsp", "Q04": "no_answer", "Q05": 1.0}},
    {"group_id": "acteurs", "qpv": None, "organisation": "mission-locale",
     "items": {"Q01": 2.0, "Q02": 3.0, "Q03": 4.0, "Q04": 5.0, "Q05": "nsp"}},
    {"group_id": "services", "qpv": "la-source", "organisation": '=HYPERLINK("http://x")',
     "items": {"Q01": 4.0, "Q02": 4.0, "Q03": 2.0, "Q04": 1.0, "Q05": 5.0}},
]


def _lines(rows: list[list[str]], delimiter: str, *, quote_all: bool) -> list[str]:
    def fmt(cell: str) -> str:
        needs = delimiter in cell or '"' in cell or "\n" in cell or "\r" in cell
        return quote(cell) if quote_all or needs else cell
    return [delimiter.join(fmt(c) for c in row) for row in rows]


def write_text(path: Path, rows: list[list[str]], *, delimiter: str = ",",
               encoding: str = "utf-8", newline: str = "\r\n", quote_all: bool = False,
               trailing_blank: bool = False) -> Path:
    text = newline.join(_lines(rows, delimiter, quote_all=quote_all)) + newline
    path.write_bytes((text + (newline if trailing_blank else "")).encode(encoding))
    return path


def write_book(path: Path, rows: list[list[Any]], sheet: str = "Feuil1") -> Path:
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    for cells in book.active.iter_rows():
        for cell in cells:  # text typed by a person is text, even when it starts with "="
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    book.save(path)
    return path


# --- Google Forms ---------------------------------------------------------------------------------
def gf_columns(english: bool = False) -> list[str]:
    stamp, email = ("Timestamp", "Email Address") if english else ("Horodateur", "Adresse e-mail")
    grid = [f"{GRID_Q} [{ITEM_TEXT[i]}]" for i in ITEMS]
    return [stamp, email, GROUP_Q, QPV_Q, ORG_Q, *grid, AGE_Q, OPEN]


def write_google_forms(path: Path, *, english: bool = False) -> Path:
    """UTF-8 without BOM, ``,``, quoted only when needed; checkbox answers joined by ``", "``;
    timestamps ``15/03/2024 10:22:33`` (French) or ``3/15/2024 10:22:33`` (US English)."""
    rows = [gf_columns(english)]
    for person in PEOPLE:
        when = person["when"]
        stamp = (f"{when.month}/{when.day}/{when.year} {when:%H:%M:%S}" if english
                 else f"{when:%d/%m/%Y %H:%M:%S}")
        rows.append([stamp, person["email"], person["group"], ", ".join(person["qpvs"]),
                     person["org"], *person["answers"], person["age"], person["text"]])
    return write_text(path, rows, newline="\n" if english else "\r\n")


GF_MAPPING = f"""\
instrument: barometre
format: google_forms
person: {{columns: ["Adresse e-mail"]}}
group: {{column: "{GROUP_Q}"}}
qpv: {{column: "{QPV_Q}"}}
organisation: {{column: "{ORG_Q}"}}
items:
""" + "".join(f'  "{GRID_Q} [{ITEM_TEXT[i]}]": {i}\n' for i in ITEMS) + f"""\
answers: {{scale: likert5}}
open_text: {{"{OPEN}": "{OPEN}"}}
ignore: [Horodateur, "{AGE_Q}"]
"""


# --- Microsoft Forms ------------------------------------------------------------------------------
MS_META_FR = ["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom",
              "Heure de la dernière modification"]
MS_META_EN = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]


def write_ms_forms(path: Path, *, english: bool = False) -> Path:
    """XLSX with real Excel datetimes, multiple choice as ``A;B;``, and one anonymous response
    (e-mail ``anonymous``, no name) that must still import as its own respondent."""
    meta = MS_META_EN if english else MS_META_FR
    rows: list[list[Any]] = [[*meta, GROUP_Q, QPV_Q, ORG_Q, *[ITEM_TEXT[i] for i in ITEMS],
                              OPEN]]
    for number, person in enumerate(PEOPLE, 1):
        start = person["when"] - dt.timedelta(minutes=7)
        rows.append([number, start, person["when"], person["email"],
                     f"{person['first']} {person['last']}", None, person["group"],
                     "".join(q + ";" for q in person["qpvs"]), person["org"],
                     *[a or None for a in person["answers"]], person["text"] or None])
    when = dt.datetime(2024, 4, 3, 9, 0, 0)
    rows.append([4, when, when, "anonymous", None, None, "Élu ou élue", "Le Moulin;", None,
                 "Plutôt d'accord", None, None, None, "Plutôt d'accord", None])
    return write_book(path, rows, sheet="Sheet1" if english else "Feuil1")


def ms_mapping(english: bool = False) -> str:
    email = "Email" if english else "Adresse de messagerie"
    return (GF_MAPPING.replace("format: google_forms", "format: ms_forms")
            .replace('"Adresse e-mail"', f'"{email}"')
            .replace(f"{GRID_Q} [", "").replace(']": Q', '": Q')
            .replace('ignore: [Horodateur, "Votre tranche d\'âge"]', "ignore: []"))


# --- Framaforms -----------------------------------------------------------------------------------
FRAMA_INFO = ["Serial", "SID", "Submitted Time", "Completed Time", "Modified Time", "Draft",
              "IP Address", "UID", "Username"]
FRAMA_CHOICES = ["Atelier", "Réunion publique"]


def framaforms_rows() -> list[list[str]]:
    """Three header rows: title, band (« Submission Details », question titles over their
    sub-columns), labels. Two multiple-choice questions share option labels (X columns)."""
    labels = [*FRAMA_INFO, "Prénom", "Nom", GROUP_Q, "Quartier", ORG_Q,
              *[ITEM_TEXT[i] for i in ITEMS], *FRAMA_CHOICES, *FRAMA_CHOICES, OPEN]
    band = [""] * len(labels)
    band[0] = "Submission Details"
    band[len(FRAMA_INFO) + 5] = GRID_Q
    first_choice = len(FRAMA_INFO) + 5 + len(ITEMS)
    band[first_choice] = "Déjà participé à"
    band[first_choice + 2] = "Souhaite participer à"
    rows = [["Baromètre de la coopération"] + [""] * (len(labels) - 1), band, labels]
    for number, person in enumerate(PEOPLE, 1):
        when = person["when"]
        stamp = f"{when:%d/%m/%Y - %H:%M}"
        rows.append([str(number), str(40 + number), stamp, stamp, stamp, "0", "192.0.2.1", "0",
                     "", person["first"], person["last"], person["group"], person["qpvs"][0]
                     if len(person["qpvs"]) == 1 else "", person["org"], *person["answers"],
                     "X", "", "", "X", person["text"]])
    draft = ["4", "44", "17/04/2024 - 09:00", "", "17/04/2024 - 09:03", "1", "192.0.2.9", "0", "",
             "Brouillon", "Personne", "Élu ou élue", "", "", "Plutôt d'accord", "", "", "", "",
             "", "", "", "", ""]
    return [*rows, draft]


def write_framaforms_csv(path: Path) -> Path:
    """The « delimited text » download: every cell quoted, ``,``, LF line ends."""
    return write_text(path, framaforms_rows(), delimiter=",", newline="\n", quote_all=True)


def write_framaforms_xls(path: Path) -> Path:
    """The « Microsoft Excel » download: UTF-16LE with BOM, tab-separated, quoted, named .xls."""
    text = "".join(line + "\n" for line in _lines(framaforms_rows(), "\t", quote_all=True))
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return path


FRAMA_MAPPING = f"""\
instrument: barometre
format: framaforms
person: {{columns: [Prénom, Nom]}}
group: {{column: "{GROUP_Q}"}}
qpv: {{column: Quartier}}
organisation: {{column: "{ORG_Q}"}}
items:
""" + "".join(f'  "{ITEM_TEXT[i]}": {i}\n' for i in ITEMS) + f"""\
answers: {{scale: likert5}}
open_text: {{"{OPEN}": "{OPEN}"}}
"""

# --- SPSS (.sav as LimeSurvey writes it) ----------------------------------------------------------
SAV_GROUPS = {1: "Élu ou élue", 2: "Service de la ville ou de l'agglomération",
              3: "Acteur de terrain (association, école, travail social)"}
SAV_QPVS = {1: "Les Tilleuls", 2: "Bel-Air", 3: "La Source", 4: "Le Moulin",
            5: "Plusieurs quartiers"}
SAV_LIKERT = {1: "Pas du tout d'accord", 2: "Plutôt pas d'accord",
              3: "Ni d'accord ni pas d'accord", 4: "Plutôt d'accord", 5: "Tout à fait d'accord",
              6: "Ne se prononce pas"}
SAV_ITEMS = [f"G01Q01_SQ{n:03d}" for n in range(1, 6)]


def write_sav(path: Path) -> Path:
    """Names sanitised (``G01Q01[SQ001]`` → ``G01Q01_SQ001``), numeric codes with value labels,
    real SPSS datetimes, one unfinished response (no submit date)."""
    import pandas as pd
    import pyreadstat

    def code(label: str) -> float:
        key = label.strip().casefold().replace("’", "'").replace("plutot", "plutôt")
        key = key.replace("tout a fait", "tout à fait")
        for number, text in SAV_LIKERT.items():
            if text.casefold() == key or (key == "sans avis" and number == 6):
                return float(number)
        return float("nan")

    records = []
    for number, person in enumerate(PEOPLE, 1):
        qpv = 5 if len(person["qpvs"]) > 1 else next(
            k for k, v in SAV_QPVS.items() if v == person["qpvs"][0])
        group = next(k for k, v in SAV_GROUPS.items() if v == person["group"])
        records.append({"id": float(number), "submitdate": person["when"], "lastpage": 3.0,
                        "startlanguage": "fr", "firstname": person["first"],
                        "lastname": person["last"], "G00Q01": float(group),
                        "G00Q02": float(qpv), "G00Q03": person["org"],
                        **{c: code(a) for c, a in zip(SAV_ITEMS, person["answers"],
                                                      strict=True)},
                        "G02Q01": person["text"]})
    records.append({"id": 4.0, "submitdate": pd.NaT, "lastpage": 1.0, "startlanguage": "fr",
                    "firstname": "", "lastname": "", "G00Q01": 1.0, "G00Q02": float("nan"),
                    "G00Q03": "", **{c: float("nan") for c in SAV_ITEMS}, "G02Q01": ""})
    frame = pd.DataFrame(records)
    labels = {"G00Q01": SAV_GROUPS, "G00Q02": SAV_QPVS, **{c: SAV_LIKERT for c in SAV_ITEMS}}
    pyreadstat.write_sav(frame, str(path), variable_value_labels={
        k: {float(code): text for code, text in v.items()} for k, v in labels.items()},
        column_labels={"G00Q01": "Vous êtes", "G00Q02": "Quartier"})
    return path


SAV_MAPPING = """\
instrument: barometre
format: limesurvey
person: {columns: [firstname, lastname]}
group: {column: G00Q01}
qpv: {column: G00Q02, values: {"Plusieurs quartiers": null}}
organisation: {column: G00Q03}
items:
""" + "".join(f"  {c}: {i}\n" for c, i in zip(SAV_ITEMS, ITEMS, strict=True)) + """\
answers: {scale: likert5}
open_text: {G02Q01: "Qu'est-ce qui a changé ?"}
ignore: [id, submitdate, lastpage, startlanguage]
"""


# --- plain French spreadsheets --------------------------------------------------------------------
GENERIC_CODES = [["5", "4,0", "NSP", "", "1"], ["2", "3", "4,0", "5", "Sans avis"],
                 ["4", "4", "2", "1", "5,0"]]


def write_generic_csv(path: Path) -> Path:
    """Excel « CSV (séparateur : point-virgule) »: cp1252, ``;``, CRLF, decimal commas
    (``4,0``), day-first dates; a person's name columns look like a sign-in sheet's."""
    rows = [["Date", "Prénom", "Nom", "Profil", "Quartier", "Structure", "Q1", "Q2", "Q3", "Q4",
             "Q5", "Note globale"]]
    for person, codes in zip(PEOPLE, GENERIC_CODES, strict=True):
        org = person["org"] if not person["org"].startswith("=") else "'=HYPERLINK"
        rows.append([f"{person['when']:%d/%m/%Y}", person["first"], person["last"],
                     person["group"], " et ".join(person["qpvs"]) if len(person["qpvs"]) == 1
                     else "Les Tilleuls;Bel-Air", org, *codes, "7,5"])
    return write_text(path, rows, delimiter=";", encoding="cp1252")


GENERIC_MAPPING = """\
instrument: barometre
person: {columns: [Prénom, Nom]}
group: {column: Profil}
qpv: {column: Quartier}
items: {Q1: Q01, Q2: Q02, Q3: Q03, Q4: Q04, Q5: Q05}
answers: {scale: likert5}
ignore: [Date, Structure, Note globale]
"""


def write_generic_xlsx(path: Path) -> Path:
    """A workbook typed by hand: numbers as numbers, a real date column, « NSP »."""
    rows: list[list[Any]] = [["Horodatage", "Courriel", "Profil", "Quartier", "Q1", "Q2", "Q3",
                              "Q4", "Q5"]]
    for person, codes in zip(PEOPLE, GENERIC_CODES, strict=True):
        values = [float(c.replace(",", ".")) if c[:1].isdigit() else (c or None) for c in codes]
        rows.append([person["when"], person["email"], person["group"], person["qpvs"][0]
                     if len(person["qpvs"]) == 1 else "Plusieurs quartiers", *values])
    return write_book(path, rows)


# --- checks shared by the format tests ------------------------------------------------------------
def check_store(ctx: dict[str, Any], keys: list[tuple[str, ...]], *,
                organisations: bool = True) -> None:
    """The three respondents of ``PEOPLE`` (found by their person keys) hold ``EXPECTED``, and
    no name or e-mail reached the store."""
    import math
    import sqlite3

    store, pseudonymiser = ctx["store"], ctx["pseudonymiser"]
    respondents = store.read("respondents").set_index("person_id")
    responses = store.read("responses")
    for key, expected in zip(keys, EXPECTED, strict=True):
        person = pseudonymiser.person_id(*key)
        row = respondents.loc[person]
        assert row["group_id"] == expected["group_id"], key
        assert (row["qpv"] if isinstance(row["qpv"], str) else None) == expected["qpv"], key
        if organisations:
            assert row["organisation"] == expected["organisation"], key
        mine = responses[responses["person_id"] == person].set_index("item_id")
        for item, want in expected["items"].items():
            value, missing = mine.loc[item, "value"], mine.loc[item, "missing"]
            if isinstance(want, str):
                assert math.isnan(value) and missing == want, (key, item)
            else:
                assert value == want and not isinstance(missing, str), (key, item)
    con = sqlite3.connect(store.path)
    dump = "\n".join(con.iterdump())
    con.close()
    for person in PEOPLE:
        for secret in (person["email"], person["last"], person["first"]):
            assert secret not in dump, secret


def inspect_json(path: Path, capsys: Any) -> dict[str, Any]:
    """``workbench inspect FILE --json`` as a dict (one JSON object on stdout)."""
    import json

    from workbench.cli import main

    capsys.readouterr()
    assert main(["inspect", str(path), "--json"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.count("\n") == 0
    return json.loads(out)
