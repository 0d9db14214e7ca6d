"""Framaforms (Drupal Webform) result downloads: delimited text with three header rows.

Row 1 holds the form title, row 2 a band (« Submission Details » over the info columns, then the
title of each grid or multiple-choice question over its sub-columns), row 3 the column labels.
Info columns: ``Serial, SID, Submitted Time, Completed Time, Modified Time, Draft, IP Address, UID,
Username``. The « Microsoft Excel » download is UTF-16LE tab-separated text named ``.xls``.
A label that appears twice (the same option under two questions) is named
``Band title [label]``. Drafts (``Draft`` = 1) are kept out and counted, like LimeSurvey's
unfinished responses.
"""

from __future__ import annotations

from workbench.normalise import normalise_label
from workbench.sources.grid import Grid, RawTable
from workbench.sources.read import table_from_grid

NAME = "framaforms"
ID_COLUMNS = ("SID", "Serial", "Série", "Numéro")
SUBMIT_COLUMNS = ("Completed Time", "Submitted Time", "Heure de fin", "Heure de soumission",
                  "Date de soumission")
DRAFT_COLUMNS = ("Draft", "Brouillon")
METADATA_COLUMNS = (
    "Serial", "SID", "Submitted Time", "Completed Time", "Modified Time", "Draft", "IP Address",
    "UID", "Username", "Série", "Numéro", "Heure de soumission", "Date de soumission",
    "Heure de fin", "Heure de modification", "Brouillon", "Adresse IP", "Nom d'utilisateur",
)
_SIGNATURE_ANY = {normalise_label(c) for c in ("Serial", "Submitted Time", "Série",
                                                "Heure de soumission", "Date de soumission")}
_HEADER_SCAN = 6


def header_index(grid: Grid) -> int | None:
    """Index of the labels row: the one holding ``SID`` and ``Serial`` or ``Submitted Time``."""
    for index, row in enumerate(grid.rows[:_HEADER_SCAN]):
        cells = {normalise_label(c) for c in row}
        if "sid" in cells and cells & _SIGNATURE_ANY:
            return index
    return None


def matches(grid: Grid) -> bool:
    index = header_index(grid)
    return index is not None and index >= 1  # the labels row sits under a title or band


def column_names(labels: list[str], band: list[str]) -> list[str]:
    """Labels, with ``Band [label]`` where a label repeats (the band of a column is the last
    non-empty band cell at or left of it)."""
    while labels and not labels[-1].strip():
        labels = labels[:-1]
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    names, current = [], ""
    for position, label in enumerate(labels):
        if position < len(band) and band[position].strip():
            current = band[position].strip()
        name = label or f"colonne_{position + 1}"
        if counts.get(label, 0) > 1 and current:
            name = f"{current} [{label}]"
        names.append(name)
    return names


def build(grid: Grid) -> RawTable:
    index = header_index(grid)
    if index is None:  # pragma: no cover - sniff only calls this after matches
        raise ValueError("not a Framaforms export")
    band = grid.rows[index - 1] if index >= 1 else []
    names = column_names(list(grid.rows[index]), list(band))
    table = table_from_grid(grid, index, format=NAME, title_rows=index, names=names)
    if index >= 2 and grid.rows[0]:
        table.title = {"formulaire": next((c for c in grid.rows[0] if c.strip()), "")}
    columns = table.columns
    table.id_column = next((c for c in ID_COLUMNS if c in columns), None)
    table.submit_column = next((c for c in SUBMIT_COLUMNS if c in columns), None)
    table.metadata_columns = [c for c in columns if c in METADATA_COLUMNS]
    table.multi_separator = ","
    draft = next((c for c in DRAFT_COLUMNS if c in columns), None)
    if draft is not None:
        finished = table.frame[draft].str.strip().isin(["", "0"]).to_numpy()
        pairs = list(zip(table.lines, finished, strict=True))
        table.unfinished_lines = [line for line, ok in pairs if not ok]
        table.lines = [line for line, ok in pairs if ok]
        table.frame = table.frame.loc[finished].reset_index(drop=True)
        table.n_unfinished = len(table.unfinished_lines)
    return table
