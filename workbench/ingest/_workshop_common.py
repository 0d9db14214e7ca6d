"""Shared helpers of the relational, verbatims and pathway importers: tables found by their header,
located French problems, matching of groups/QPV/organisations/waves, and the names to screen."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import ImportProblem, Problem, ProblemList
from workbench.framework import Framework
from workbench.i18n import t
from workbench.normalise import normalise_label, squash_label
from workbench.privacy.screening import names_from_full_names, names_from_people
from workbench.sources.grid import Grid
from workbench.sources.read import read_grid
from workbench.sources.signin import read_shape, title_block
from workbench.sources.word import docx_grids

HEADER_SCAN_ROWS = 30
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".docx"}
_WAVE_IN_NAME = re.compile(r"(?:^|[_\-\s.])(T\d+)(?=$|[_\-\s.])", re.IGNORECASE)


# --- problems ------------------------------------------------------------------------------------
def locate(file: str, *, sheet: str | None = None, row: int | None = None,
           column: str | None = None, section: str | None = None) -> str:
    """« Fichier `x.xlsx`, feuille `Liens`, ligne 5, colonne `Vers` » (``section`` names a
    part of a YAML file instead of a sheet)."""
    text = t("import.at_file", file=file)
    if sheet:
        text += t("workshops.at_sheet", sheet=sheet)
    if section:
        text += t("workshops.at_section", sheet=section)
    if row is not None:
        text += t("import.at_row", row=row)
    if column is not None:
        text += t("import.at_column", column=column)
    return text


def located(file: str, key: str, *, sheet: str | None = None, row: int | None = None,
            column: str | None = None, expected: str | None = None, found: str | None = None,
            section: str | None = None, **fmt: Any) -> Problem:
    """A located problem whose text is ``labels`` key ``workshops.problem.<key>``."""
    detail = t(f"workshops.problem.{key}", expected=expected, found=found, **fmt)
    where = locate(file, sheet=sheet, row=row, column=column, section=section)
    message = f"{where} : {detail}"
    return Problem(key=key, message=message, file=file, row=row, column=column,
                   expected=expected, found=found)


def add_problem(problems: ProblemList, key: str, **kw: Any) -> None:
    """Append a located problem (see ``located``) to ``problems``."""
    problems.problems.append(located(problems.file, key, **kw))


# --- tables --------------------------------------------------------------------------------------
@dataclass
class Table:
    """Rows below a header row, as text, with the sheet row (or file line) of each."""

    file: str
    sheet: str | None
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    header_line: int
    section: str | None = None  # the YAML section when the table comes from a YAML file
    # the title block above the header: ``Label : value`` fields (label → value, line) and
    # free lines (line, text), e.g. « Atelier habitants – samedi 20 janvier 2024 »
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    title: list[tuple[int, str]] = field(default_factory=list)

    def find(self, aliases: Iterable[str]) -> str | None:
        """The first header cell whose normalised label is one of ``aliases`` (normalised)."""
        wanted = {normalise_label(a) for a in aliases}
        for name in self.header:
            if normalise_label(name) in wanted:
                return name
        return None

    def get(self, row: list[str], column: str | None) -> str | None:
        """The stripped cell of ``column`` in ``row`` (``None`` when empty or absent)."""
        if column is None:
            return None
        index = self.header.index(column)
        value = row[index].strip() if index < len(row) else ""
        return value or None

    def records(self) -> Iterable[tuple[int, list[str]]]:
        return zip(self.lines, self.rows, strict=True)


def grids_of(path: Path) -> list[Grid]:
    """Every sheet of a workbook (one grid for a CSV; one grid per table of a Word document,
    the paragraphs above a table as its title rows)."""
    if path.suffix.lower() == ".docx":
        return docx_grids(path)
    main = read_grid(path)
    return [main, *main.other_sheets.values()]


def table_of(grid: Grid, header_index: int) -> Table:
    header = [cell.strip() for cell in grid.rows[header_index]]
    while header and not header[-1]:
        header.pop()
    rows, lines = [], []
    for row, line in zip(grid.rows[header_index + 1:], grid.lines[header_index + 1:], strict=True):
        if any(cell.strip() for cell in row):
            rows.append(list(row) + [""] * (len(header) - len(row)))
            lines.append(line)
    fields, title = title_block(grid, header_index)
    return Table(grid.path.name, grid.sheet, header, rows, lines, grid.lines[header_index],
                 fields=fields, title=title)


def find_tables(path: Path, matches: Callable[[set[str]], bool]) -> list[Table]:
    """The tables of ``path`` whose header row (among the first 30 rows of a sheet) satisfies
    ``matches(normalised header labels)``."""
    found = []
    for grid in grids_of(path):
        for index, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
            if matches({normalise_label(cell) for cell in row if cell.strip()}):
                found.append(table_of(grid, index))
                break
    return found


def header_labels(path: Path, max_rows: int = HEADER_SCAN_ROWS) -> list[set[str]]:
    """Normalised labels of the first rows of each sheet (for the signature detectors)."""
    try:
        grids = grids_of(path)
    except Exception:  # a detector never raises: the file is simply not ours
        return []
    return [
        {normalise_label(cell) for cell in row if cell.strip()}
        for grid in grids
        for row in grid.rows[:max_rows]
    ]


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEET_SUFFIXES and path.is_file()


# --- waves ---------------------------------------------------------------------------------------
def wave_from_name(path: Path) -> str | None:
    """``relations_T1.xlsx`` → ``"T1"``."""
    match = _WAVE_IN_NAME.search(path.stem)
    return match.group(1).upper() if match else None


def mapping_wave(mapping: Any) -> str | None:
    """``wave:`` of a mapping given as a dict (other mapping forms carry no wave here)."""
    if isinstance(mapping, dict) and mapping.get("wave"):
        return str(mapping["wave"])
    return None


def wave_of_date(date: dt.date, framework: Framework) -> str:
    """The wave that measures ``date``: the first wave dated on or after it (the last wave for
    later dates). Same convention as the attendance indicators, where a step belongs to the wave
    that follows it (T1 measures steps 1–6)."""
    ordered = sorted(framework.waves, key=lambda w: w.date)
    for wave in ordered:
        if wave.date >= date:
            return wave.id
    return ordered[-1].id


def parse_date(text: str | None) -> dt.date | None:
    """ISO (from XLSX cells) or day-first French dates."""
    if not text:
        return None
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y",
                "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# --- matching people's categories, places and organisations -------------------------------------
_GROUP_SYNONYMS = {
    "elus": ["elu", "elue", "elus", "elues", "elu local", "maire", "adjoint", "adjointe",
             "elected official"],
    "services": ["service", "services", "service de droit commun", "technicien", "technicienne",
                 "service de la ville ou de l'agglomeration", "service de la ville",
                 "service de l'agglomeration"],
    "acteurs": ["acteur de terrain", "acteurs de terrain", "acteur", "actrice", "association",
                "associations", "acteur associatif", "travailleur social", "field actor",
                "acteur de terrain (association, ecole, travail social)"],
    "habitants": ["habitant", "habitante", "habitants", "habitantes", "resident", "residente",
                  "conseil citoyen", "conseiller citoyen", "conseillere citoyenne"],
    "partenaires": ["partenaire", "partenaires", "partenaire institutionnel",
                    "partenaires institutionnels", "institution"],
    "equipe": ["equipe projet", "equipe", "comite technique", "cotech", "chef de projet",
               "cheffe de projet", "equipe projet ou comite technique"],
}
NO_QPV = {"", "plusieurs quartiers", "tous", "tous les quartiers", "ensemble", "aucun",
          "hors qpv", "territoire", "*"}


class Matcher:
    """Normalised text → framework id, with the list of what is accepted for messages."""

    def __init__(self, pairs: Iterable[tuple[str, str]], accepted: list[str]) -> None:
        self._map: dict[str, str] = {}
        for text, ident in pairs:
            for key in (normalise_label(text), squash_label(text)):
                if key:
                    self._map.setdefault(key, ident)
        self.accepted = accepted

    def match(self, text: str | None) -> str | None:
        if text is None:
            return None
        return self._map.get(normalise_label(text)) or self._map.get(squash_label(text))

    @property
    def expected(self) -> str:
        return ", ".join(self.accepted)


def group_matcher(framework: Framework) -> Matcher:
    pairs = [(g.id, g.id) for g in framework.groups]
    pairs += [(g.label_fr, g.id) for g in framework.groups]
    pairs += [(g.label_en, g.id) for g in framework.groups]
    pairs += [(s, gid) for gid, words in _GROUP_SYNONYMS.items() if gid in framework.group_ids
              for s in words]
    return Matcher(pairs, [g.label_fr for g in framework.groups])


def qpv_matcher(framework: Framework) -> Matcher:
    pairs = []
    for qpv in framework.territory.qpvs:
        pairs += [(qpv.id, qpv.id), (qpv.name, qpv.id)]
        bare = re.sub(r"^(les|le|la|l')\s*", "", normalise_label(qpv.name))
        pairs.append((bare, qpv.id))
    return Matcher(pairs, [q.name for q in framework.territory.qpvs])


def organisation_matcher(framework: Framework) -> Matcher:
    pairs = [(o.id, o.id) for o in framework.organisations]
    pairs += [(o.name, o.id) for o in framework.organisations]
    return Matcher(pairs, [o.name for o in framework.organisations])


_YES = {"oui", "o", "yes", "y", "x", "1", "vrai", "true", "citable", "accord", "d'accord"}
_NO = {"non", "n", "no", "0", "faux", "false", "non citable", "pas d'accord", "refus"}


def parse_yes_no(text: str | None) -> bool | None:
    """« oui »/« non » (and x/1/0…) → True/False; ``None`` for empty; raises ValueError else."""
    if text is None:
        return None
    key = normalise_label(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(text)


# --- common importer plumbing ---------------------------------------------------------------------
def spreadsheet_format(path: Path) -> str:
    """The format recorded for a workshop file: ``xlsx`` for Excel workbooks, else its suffix."""
    suffix = path.suffix.lower()
    return "xlsx" if suffix in (".xlsx", ".xlsm") else suffix.lstrip(".")


# --- names to screen -----------------------------------------------------------------------
_FIRST = {"prenom", "prenoms", "first name", "firstname", "given name"}
_LAST = {"nom", "nom de famille", "last name", "lastname", "surname", "family name"}
_FULL = {"participant", "participante", "participant e", "nom et prenom", "prenom et nom",
         "nom prenom", "prenom nom", "conteur", "conteuse", "auteur", "autrice", "temoin",
         "personne", "hote", "hote de table", "animateur", "animatrice"}


def _last_segment(label: str) -> str:
    return normalise_label(label.rsplit("/", 1)[-1])


def name_columns(header: list[str]) -> tuple[str | None, str | None, list[str]]:
    """(first-name column, last-name column, full-name columns) of a header row."""
    first = next((h for h in header if _last_segment(h) in _FIRST), None)
    last = next((h for h in header if _last_segment(h) in _LAST), None)
    full = [h for h in header if _last_segment(h) in _FULL]
    return first, last, full


def names_in_table(table: Table) -> list[str]:
    """Names found in a table's first/last/full-name columns, as a screening list."""
    first, last, full = name_columns(table.header)
    names: list[str] = []
    if first or last:
        names += names_from_people((table.get(r, first), table.get(r, last)) for r in table.rows)
    for column in full:
        names += names_from_full_names(table.get(r, column) for r in table.rows)
    return names


def names_in_file(path: Path) -> list[str]:
    """Names held in a file's name columns (every sheet), as a screening list."""
    names: list[str] = []
    for grid in grids_of(path):
        shape = read_shape(grid)
        if shape is not None:  # a sign-in sheet, presence matrix or registration list
            rows = [cells for _, cells in shape.rows]
            names += names_from_people((shape.cell(r, "first_name"), shape.cell(r, "last_name"))
                                       for r in rows)
            names += names_from_full_names(shape.cell(r, "full_name") for r in rows)
            continue
        for index, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
            first, last, full = name_columns([c.strip() for c in row])
            if (first and last) or full:
                names += names_in_table(table_of(grid, index))
                break
    return names


# --- scans ------------------------------------------------------------------------------------
_SCAN_MAGIC = {b"%PDF": "PDF", b"\xff\xd8\xff": "image JPEG", b"\x89PNG": "image PNG",
               b"II*\x00": "image TIFF", b"MM\x00*": "image TIFF", b"GIF8": "image GIF",
               b"BM": "image BMP"}
_SCAN_SUFFIXES = {".pdf": "PDF", ".jpg": "image JPEG", ".jpeg": "image JPEG", ".png": "image PNG",
                  ".tif": "image TIFF", ".tiff": "image TIFF", ".heic": "photo HEIC",
                  ".heif": "photo HEIF", ".webp": "image WebP", ".gif": "image GIF",
                  ".bmp": "image BMP"}


def scan_kind(path: Path) -> str | None:
    """« PDF », « image JPEG »… when ``path`` is a scan or a photo (by content, else by name)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        head = b""
    found = next((kind for magic, kind in _SCAN_MAGIC.items() if head.startswith(magic)), None)
    if found == "image BMP" and path.suffix.lower() != ".bmp":
        found = None  # « BM » also starts text files
    return found or _SCAN_SUFFIXES.get(path.suffix.lower())


def refuse_scan(path: Path) -> None:
    """Raise a clear French problem for a scan or a photo: it must be typed first."""
    kind = scan_kind(path)
    if kind is not None:
        problem = located(path.name, "scan_not_typed", found=kind)
        raise ImportProblem(problem.message, key=problem.key, problems=[problem], file=path.name,
                            found=kind)
