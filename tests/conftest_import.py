"""Fixture writers for the import tests: raw exports with the quirks of the real tools.

Plain helpers (imported by the test modules), so each test states the file it needs.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook

from workbench.framework import load_framework
from workbench.privacy import Pseudonymiser
from workbench.store import Store

LS_META = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
           "token", "firstname", "lastname", "email"]
LS_ITEMS = [f"G01Q01[SQ{n:03d}]" for n in range(1, 15)]
LS_COLUMNS = [*LS_META, "G00Q01", "G00Q02", "G00Q03", *LS_ITEMS, "G02Q01"]
LIKERT = ["Pas du tout d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas d'accord",
          "Plutôt d'accord", "Tout à fait d'accord"]

BAROMETRE_MAPPING = """\
instrument: barometre
format: limesurvey
person: {columns: [firstname, lastname]}
group:
  column: G00Q01
  values:
    "Élu ou élue": elus
    "Service de la ville ou de l'agglomération": services
    "Acteur de terrain (association, école, travail social)": acteurs
    "Partenaire institutionnel": partenaires
    "Équipe projet ou comité technique": equipe
qpv:
  column: G00Q02
  values: {"Les Tilleuls": tilleuls, "Bel-Air": bel-air, "La Source": la-source,
           "Le Moulin": moulin, "Plusieurs quartiers": null}
organisation: {column: G00Q03}
items:
""" + "".join(f'  "{c}": Q{n:02d}\n' for n, c in enumerate(LS_ITEMS, 1)) + """\
answers: {scale: likert5}
open_text: {G02Q01: "Qu'est-ce qui a changé dans votre façon de travailler ?"}
ignore: [id, submitdate, lastpage, startlanguage, seed, startdate, datestamp, token, firstname,
         lastname, email]
"""

HABITANTS_MAPPING = """\
instrument: habitants
format: kobo
person: {columns: ["identite/prenom", "identite/nom"]}
group: {value: habitants}
qpv:
  column: profil/quartier
  values: {tilleuls: tilleuls, bel_air: bel-air, la_source: la-source, moulin: moulin}
items: {opinions/q01: Q01, opinions/q05: Q05, opinions/q07: Q07, opinions/q11: Q11,
        opinions/q12: Q12}
answers: {scale: likert5}
ignore: [start, end, today, profil/age, participation, participation/atelier,
         participation/reunion_publique, participation/conseil_citoyen]
"""

KOBO_COLUMNS = ["start", "end", "today", "identite/prenom", "identite/nom", "profil/quartier",
                "profil/age", "opinions/q01", "opinions/q05", "opinions/q07", "opinions/q11",
                "opinions/q12", "participation", "participation/atelier",
                "participation/reunion_publique", "participation/conseil_citoyen", "_id",
                "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
                "_submitted_by", "__version__", "_tags", "_index"]
KOBO_LIKERT = ["pas_du_tout_d_accord", "plutot_pas_d_accord", "ni_accord_ni_desaccord",
               "plutot_d_accord", "tout_a_fait_d_accord", "nsp"]


def quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def ls_row(id_: int, first: str, last: str, *, group: str = "Élu ou élue",
           qpv: str = "Les Tilleuls", org: str = "CCAS", answers: list[str] | None = None,
           text: str = "", submitted: bool = True, email: str = "") -> dict[str, str]:
    """One LimeSurvey response (full-text answers)."""
    answers = answers if answers is not None else [LIKERT[(id_ + k) % 5] for k in range(14)]
    row = {c: "" for c in LS_COLUMNS}
    row.update({
        "id": str(id_), "submitdate": "2023-12-10 10:22:33" if submitted else "",
        "lastpage": "3" if submitted else "1", "startlanguage": "fr", "seed": "123",
        "startdate": "2023-12-10 10:02:00", "datestamp": "2023-12-10 10:22:33",
        "firstname": first, "lastname": last, "email": email, "G00Q01": group, "G00Q02": qpv,
        "G00Q03": org, "G02Q01": text,
    })
    row.update(dict(zip(LS_ITEMS, answers, strict=False)))
    return row


def write_delimited(path: Path, columns: list[str], rows: list[dict[str, str]], *,
                    encoding: str = "utf-8-sig", delimiter: str = ";", newline: str = "\r\n",
                    trailing_blank: bool = True, quote_all: bool = True) -> Path:
    """A delimited export; LimeSurvey's defaults (BOM, ``;``, all quoted, CRLF, blank end)."""
    def fmt(cell: str) -> str:
        return quote(cell) if quote_all or delimiter in cell or '"' in cell or "\n" in cell \
            else cell

    lines = [delimiter.join(fmt(c) for c in columns)]
    lines += [delimiter.join(fmt(row.get(c, "")) for c in columns) for row in rows]
    text = newline.join(lines) + newline + (newline if trailing_blank else "")
    path.write_bytes(text.encode(encoding))
    return path


def write_limesurvey(path: Path, rows: list[dict[str, str]], **kw: Any) -> Path:
    return write_delimited(path, LS_COLUMNS, rows, **kw)


def kobo_row(n: int, first: str = "", last: str = "", *, qpv: str = "tilleuls",
             answers: list[str] | None = None) -> dict[str, str]:
    answers = answers if answers is not None else [KOBO_LIKERT[(n + k) % 6] for k in range(5)]
    row = {c: "" for c in KOBO_COLUMNS}
    row.update({
        "start": "2023-12-01T10:00:00.000+01:00", "end": "2023-12-01T10:09:00.000+01:00",
        "today": "2023-12-01", "identite/prenom": first, "identite/nom": last,
        "profil/quartier": qpv, "profil/age": "25_39", "participation": "atelier conseil_citoyen",
        "participation/atelier": "1", "participation/reunion_publique": "0",
        "participation/conseil_citoyen": "1", "_id": str(1000 + n),
        "_uuid": f"0b6d3c2e-8f1a-4c5d-9e7f-{n:012d}", "_submission_time": "2023-12-01T09:09:05",
        "_validation_status": "", "_status": "submitted_via_web", "__version__": "vAbC123",
        "_index": str(n),
    })
    row.update(dict(zip(["opinions/q01", "opinions/q05", "opinions/q07", "opinions/q11",
                         "opinions/q12"], answers, strict=False)))
    return row


def write_kobo(path: Path, rows: list[dict[str, str]], **kw: Any) -> Path:
    kw.setdefault("encoding", "utf-8")
    kw.setdefault("trailing_blank", False)
    return write_delimited(path, KOBO_COLUMNS, rows, **kw)


SIGNIN_HEADER = ["Nom", "Prénom", "Structure", "Fonction", "Catégorie", "Quartier", "Rôle",
                 "Présent"]


def write_signin(path: Path, people: list[list[Any]], *, event: str = "Séminaire des élus",
                 date: Any = dt.datetime(2023, 3, 9), step: Any = 2, qpv: str | None = None,
                 header: list[str] | None = None) -> Path:
    """A one-event sign-in sheet as the contract describes (title block, header on row 7)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Émargement"
    sheet["A1"] = "Feuille d'émargement"
    sheet["A2"], sheet["B2"] = "Événement :", event
    sheet["A3"], sheet["B3"] = "Date :", date
    sheet["A4"], sheet["B4"] = "Étape :", step
    sheet["A5"], sheet["B5"] = "Quartier :", qpv
    sheet.append([])  # row 6 is empty
    for row_number, row in enumerate([header or SIGNIN_HEADER, *people], start=7):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=row_number, column=column, value=value)
    book.save(path)
    return path


def context(tmp_path: Path, store: str | Path | None = None) -> dict[str, Any]:
    """Keyword arguments for ``import_file``: a store (``store``: a SQLite file or a PostgreSQL
    URL; default a tmp SQLite file), the default framework, a fixed key."""
    return {
        "store": Store(store if store is not None else tmp_path / "store.sqlite"),
        "framework": load_framework(Path(__file__).parents[1] / "workbench"
                                    / "default_framework.yml"),
        "pseudonymiser": Pseudonymiser(b"k" * 32),
    }


def store_bytes(store: Store) -> bytes:
    """What an attacker holding the store would read: every byte of the SQLite file (after
    folding the WAL into it), or every row of every PostgreSQL table as text."""
    if store.path is None:
        return "\n".join("\t".join(map(str, row)) for rows in store_dump(store).values()
                         for row in rows).encode("utf-8")
    con = sqlite3.connect(store.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = store.path.read_bytes()
    for extra in (Path(str(store.path) + "-wal"), Path(str(store.path) + "-shm")):
        if extra.exists():
            data += extra.read_bytes()
    return data


def store_dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table of the store (its own ``meta`` and ``alembic_version`` too),
    sorted; a store that does not exist yet is empty."""
    if not store.exists():
        return {}
    with store.connect() as con:
        tables = sa.MetaData()
        tables.reflect(con)
        return {name: sorted((tuple(r) for r in con.execute(sa.select(table))), key=repr)
                for name, table in sorted(tables.tables.items())}
