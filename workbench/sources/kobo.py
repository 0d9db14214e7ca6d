"""KoboToolbox exports (formpack): CSV or XLSX, group paths joined with ``/``.

In the XLSX export repeat groups live on other sheets; they are kept in ``RawTable.sheets``.
"""

from __future__ import annotations

import pandas as pd

from workbench.sources.grid import Grid, RawTable
from workbench.sources.read import table_from_grid

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


def matches(grid: Grid) -> bool:
    """True when the first non-empty row holds Kobo's ``_uuid`` or ``_submission_time``."""
    start = grid.first_nonempty()
    if start is None:
        return False
    header = {cell.strip() for cell in grid.rows[start]}
    return ID_COLUMN in header or SUBMIT_COLUMN in header


def build(grid: Grid) -> RawTable:
    table = table_from_grid(grid, grid.first_nonempty() or 0, format=NAME)
    table.id_column = ID_COLUMN if ID_COLUMN in table.columns else None
    table.submit_column = SUBMIT_COLUMN if SUBMIT_COLUMN in table.columns else None
    table.metadata_columns = [c for c in table.columns if c in METADATA_COLUMNS]
    table.multi_separator = " "  # select_multiple summary: space-separated XML names
    sheets: dict[str, pd.DataFrame] = {}
    for name, other in grid.other_sheets.items():
        start = other.first_nonempty()
        if start is not None:
            sheets[name] = table_from_grid(other, start, format=NAME).frame
    table.sheets = sheets
    return table


def group_path(column: str) -> list[str]:
    """``"identite/prenom"`` → ``["identite", "prenom"]`` (the form's group path)."""
    return [part for part in column.split("/") if part]
