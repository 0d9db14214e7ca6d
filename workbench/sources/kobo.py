"""KoboToolbox exports (formpack): CSV or XLSX, group paths joined with ``/``.

In the XLSX export repeat groups live on other sheets; they are kept in ``RawTable.sheets``.
"""

from __future__ import annotations

import pandas as pd

from workbench.sources.grid import Grid, RawTable
from workbench.sources.header import header_index
from workbench.sources.read import read_table

NAME = "kobo"
METADATA_COLUMNS = (
    "start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber",
    "audit", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
    "_submitted_by", "__version__", "_tags", "_index", "_parent_index", "_parent_table_name",
    "_submission__id", "_submission__uuid", "_submission__submission_time",
    "_submission__validation_status", "_submission__notes", "_submission__status",
    "_submission__submitted_by", "_submission___version__", "_submission__tags", "meta/instanceID",
    "meta/rootUuid", "meta/deprecatedID", "formhub/uuid",
)
ID_COLUMN = "_uuid"
SUBMIT_COLUMN = "_submission_time"
# an export that went through R's read.csv: ``X_uuid``, ``X.U.FEFF.start`` (a mangled BOM)
_R_PREFIXES = ("X.U.FEFF.", "\ufeff", "X")


def canonical(column: str) -> str:
    """A Kobo column name as formpack writes it (``X_uuid`` → ``_uuid``)."""
    name = column.strip()
    for prefix in _R_PREFIXES:
        if name.startswith(prefix) and name[len(prefix):] in METADATA_COLUMNS:
            return name[len(prefix):]
    return name


def matches(grid: Grid) -> bool:
    """True when the header holds Kobo's ``_uuid`` or ``_submission_time``."""
    start = header_index(grid)
    if start is None:
        return False
    header = {canonical(cell) for cell in grid.rows[start]}
    return ID_COLUMN in header or SUBMIT_COLUMN in header


def build(grid: Grid) -> RawTable:
    table = read_table(grid, format=NAME)
    names = {canonical(c): c for c in table.columns}
    table.id_column = names.get(ID_COLUMN)
    table.submit_column = names.get(SUBMIT_COLUMN)
    table.metadata_columns = [c for c in table.columns if canonical(c) in METADATA_COLUMNS]
    table.multi_separator = " "  # select_multiple summary: space-separated XML names
    sheets: dict[str, pd.DataFrame] = {}
    for name, other in grid.other_sheets.items():
        if other.first_nonempty() is not None:
            sheets[name] = read_table(other, format=NAME).frame
    table.sheets = sheets
    return table


def group_path(column: str) -> list[str]:
    """``"identite/prenom"`` → ``["identite", "prenom"]`` (the form's group path)."""
    return [part for part in column.split("/") if part]
