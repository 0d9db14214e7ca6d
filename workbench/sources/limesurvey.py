"""LimeSurvey response exports (CSV or XLSX; code, abbreviated or full-text headings).

Unfinished responses (empty ``submitdate``) are kept out of the table and counted.
"""

from __future__ import annotations

from workbench.sources.grid import Grid, RawTable
from workbench.sources.read import table_from_grid

NAME = "limesurvey"
# heading mode "code" and the full-text modes (English and French interfaces)
SUBMIT_COLUMNS = ("submitdate", "Date submitted", "Date de soumission")
ID_COLUMNS = ("id", "Response ID", "ID de la réponse")
METADATA_COLUMNS = (
    "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "token",
    "ipaddr", "refurl", "interviewtime",
    "Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started",
    "Date last action", "IP address", "Referrer URL", "Total time",
    "ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ",
    "Date de lancement", "Date de la dernière action",
)
_SIGNATURES = (
    {"id", "submitdate", "lastpage"},
    {"id", "submitdate", "startlanguage"},
    {"Response ID", "Date submitted"},
    {"ID de la réponse", "Date de soumission"},
)


def matches(grid: Grid) -> bool:
    """True when the first non-empty row holds LimeSurvey's metadata columns."""
    start = grid.first_nonempty()
    if start is None:
        return False
    header = {cell.strip() for cell in grid.rows[start]}
    return any(signature <= header for signature in _SIGNATURES)


def submit_column(columns: list[str]) -> str | None:
    return next((c for c in SUBMIT_COLUMNS if c in columns), None)


def id_column(columns: list[str]) -> str | None:
    return next((c for c in ID_COLUMNS if c in columns), None)


def build(grid: Grid) -> RawTable:
    """The completed responses; ``n_unfinished`` counts those without a submit date."""
    start = grid.first_nonempty() or 0
    table = table_from_grid(grid, start, format=NAME)
    submit = submit_column(table.columns)
    table.id_column, table.submit_column = id_column(table.columns), submit
    table.metadata_columns = [c for c in table.columns if c in METADATA_COLUMNS]
    table.multi_separator = None  # LimeSurvey gives one column per option (Q1[SQ001])
    if submit is not None:
        finished = table.frame[submit].str.strip() != ""
        pairs = list(zip(table.lines, finished, strict=True))
        table.unfinished_lines = [line for line, ok in pairs if not ok]
        table.lines = [line for line, ok in pairs if ok]
        table.frame = table.frame.loc[finished].reset_index(drop=True)
        table.n_unfinished = len(table.unfinished_lines)
    return table
