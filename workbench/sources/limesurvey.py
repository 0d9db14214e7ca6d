"""LimeSurvey response exports (CSV or XLSX) in every heading mode and interface language.

Heading modes: question codes (``id``, ``submitdate``, ``G01Q01[SQ001]``), abbreviated or full
question text (« Response ID », « ID de la réponse », « Date de soumission »…), and « code +
text » (``id. Response ID``, ``G01Q01[SQ001]. Question [Row]``). Metadata columns are recognised
by a multilingual alias table wherever they sit. Unfinished responses (empty submit date) are kept
out of the table and counted.

>>> metadata_key("submitdate. Date submitted"), metadata_key("ID de la réponse")
('submitdate', 'id')
"""

from __future__ import annotations

import re

from workbench.normalise import normalise_label
from workbench.sources.grid import Grid, RawTable
from workbench.sources.header import header_index
from workbench.sources.read import read_table

NAME = "limesurvey"
# canonical metadata key → its headings in every mode and language seen (normalised on use)
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "response id", "id de la reponse", "id reponse", "antwort id", "id de respuesta",
           "id della risposta"),
    "submitdate": ("submitdate", "date submitted", "date de soumission", "date soumise",
                   "datum abgeschickt", "fecha de envio", "data di invio"),
    "lastpage": ("lastpage", "last page", "derniere page", "letzte seite", "ultima pagina"),
    "startlanguage": ("startlanguage", "start language", "langue de depart", "start sprache",
                      "idioma inicial", "lingua iniziale"),
    "seed": ("seed", "tete de serie", "graine", "zufallsgeneratorstartwert", "semilla"),
    "startdate": ("startdate", "date started", "date de lancement", "date de debut",
                  "datum gestartet", "fecha de inicio"),
    "datestamp": ("datestamp", "date last action", "date de la derniere action",
                  "datum letzte aktivitat", "fecha de la ultima accion"),
    "ipaddr": ("ipaddr", "ip address", "adresse ip", "ip adresse", "direccion ip"),
    "refurl": ("refurl", "referrer url", "url referente", "url de provenance",
               "weiterleitungs url", "url de referencia"),
    "token": ("token", "access code", "code d'acces", "jeton", "zugangsschlussel"),
    "interviewtime": ("interviewtime", "total time", "temps total", "gesamtzeit"),
}
_ALIAS = {normalise_label(text): key for key, texts in ALIASES.items() for text in texts}
# « code. text » heading: the code has no space and may carry [sub-question] parts
_CODE_TEXT = re.compile(r"^(?P<code>[A-Za-z][A-Za-z0-9_]*(?:\[[^\]\s]*\])*)\.\s+(?P<text>.+)$",
                        re.DOTALL)
# a question code heading with a sub-question: Q1[SQ001], TRAJET[other], Q1[SQ001][1]
_SUBQUESTION_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:\[[A-Za-z0-9_#]+\])+$")
# timing columns: G01Q01Time, interviewtime; « Question time: », « Fragenzeit: »…
_TIMING = re.compile(r"^[A-Za-z][A-Za-z0-9_]*Time$|^(?:question|group|groupe|gruppen|fragen)"
                     r"\s*(?:time|temps|zeit)\b|^(?:temps|time)\s", re.IGNORECASE)
_SIGNATURES = ({"id", "submitdate"}, {"id", "lastpage"}, {"id", "startlanguage"},
               {"submitdate", "lastpage"})
# kept for the modules that list metadata names (mapping drafts)
METADATA_COLUMNS = tuple(text for texts in ALIASES.values() for text in texts)


def split_heading(column: str) -> tuple[str | None, str]:
    """``"G01Q01[SQ001]. Question [Row]"`` → ``("G01Q01[SQ001]", "Question [Row]")``;
    ``(None, column)`` for a heading without a code."""
    match = _CODE_TEXT.match(column.strip())
    if match:
        return match.group("code"), match.group("text").strip()
    return None, column


def metadata_key(column: str) -> str | None:
    """The canonical metadata key of a heading (``"id"``, ``"submitdate"``…), or ``None``."""
    code, text = split_heading(column)
    for candidate in (code, text):
        if candidate is not None:
            key = _ALIAS.get(normalise_label(candidate))
            if key:
                return key
    return None


def is_timing(column: str) -> bool:
    code, text = split_heading(column)
    return bool(_TIMING.search(code or text))


def matches(grid: Grid) -> bool:
    """True when the header holds LimeSurvey's metadata columns (any mode, any language), or
    a response id and several ``Q[SQ001]`` question codes."""
    index = header_index(grid)
    if index is None:
        return False
    header = [cell for cell in grid.rows[index] if cell.strip()]
    keys = {metadata_key(cell) for cell in header} - {None}
    if any(signature <= keys for signature in _SIGNATURES):
        return True
    codes = sum(bool(_SUBQUESTION_CODE.match(cell.strip())) for cell in header)
    return "id" in keys and codes >= 2


def submit_column(columns: list[str]) -> str | None:
    return next((c for c in columns if metadata_key(c) == "submitdate"), None)


def id_column(columns: list[str]) -> str | None:
    return next((c for c in columns if metadata_key(c) == "id"), None)


def build(grid: Grid) -> RawTable:
    """The completed responses; ``n_unfinished`` counts those without a submit date."""
    table = read_table(grid, format=NAME)
    submit = submit_column(table.columns)
    table.id_column, table.submit_column = id_column(table.columns), submit
    table.metadata_columns = [c for c in table.columns if metadata_key(c) or is_timing(c)]
    table.multi_separator = None  # LimeSurvey gives one column per option (Q1[SQ001])
    if submit is not None:
        finished = (table.frame[submit].str.strip() != "").to_numpy()
        pairs = list(zip(table.lines, finished, strict=True))
        table.unfinished_lines = [line for line, ok in pairs if not ok]
        table.lines = [line for line, ok in pairs if ok]
        table.frame = table.frame.loc[finished].reset_index(drop=True)
        table.n_unfinished = len(table.unfinished_lines)
    return table
