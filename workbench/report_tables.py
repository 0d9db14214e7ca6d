"""The report's tables as one XLSX workbook (``reports/<date>/tableaux.xlsx``).

Every published cell of every indicator, in long format, with French headings. Masked cells stay
masked (the value reads « effectif trop faible », no bound, no n). Text that a spreadsheet would
take for a formula (starting with ``= + - @``, tab or carriage return) is neutralised with a
leading apostrophe.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .labels import name_of, t

ALL = "*"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value safe for a spreadsheet: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def indicator_rows(cubes: dict[str, pd.DataFrame], fw: Any,
                   qpvs: Iterable[str] | None = None) -> pd.DataFrame:
    """All cube rows (optionally only some QPVs, ``*`` included) with display names."""
    from .charts import style

    keep = None if qpvs is None else {*qpvs, ALL}
    records = []
    for spec in fw.indicators:
        cube = cubes.get(spec.id)
        if cube is None or cube.empty:
            continue
        if keep is not None:
            cube = cube[cube["qpv"].astype(str).isin(keep)]
        has_step = "step" in cube.columns
        for row in cube.to_dict("records"):
            masked = bool(row.get("masked", False))
            records.append({
                t("common.lesson"): spec.lesson,
                t("report.xlsx.indicator_id"): spec.id,
                t("common.indicator"): name_of(spec),
                t("common.wave"): style.key_name("wave", row["wave"], fw),
                t("common.qpv"): style.key_name("qpv", row["qpv"], fw),
                t("common.group"): style.key_name("group", row["group"], fw),
                t("common.step"): style.key_name("step", row["step"], fw) if has_step else "",
                t("common.value"): t("common.masked") if masked else _number(row.get("value")),
                t("report.xlsx.lower"): None if masked else _number(row.get("lower")),
                t("report.xlsx.upper"): None if masked else _number(row.get("upper")),
                t("common.n"): None if masked else _number(row.get("n")),
                t("report.xlsx.method"): row.get("method") or "",
            })
    return pd.DataFrame(records)


def _number(value: Any) -> float | int | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number):
        return None
    return int(number) if number.is_integer() else round(number, 4)


def readme_rows(fw: Any) -> list[tuple[str, str]]:
    rows = [
        (t("report.title"), name_of(fw.territory)),
        (t("report.generated"), dt.date.today().strftime("%d/%m/%Y")),
        (t("report.xlsx.masking"), t("common.masked_note", k=fw.min_cell)),
        (t("report.xlsx.star"), t("report.xlsx.star_text")),
    ]
    if fw.territory.fictional:
        rows.insert(1, (t("report.xlsx.notice"), t("common.fictional")))
    return rows


def tables_workbook(store: str | Path, framework: str | Path, target: Path, *,
                    qpvs: Iterable[str] | None = None) -> Path:
    """Compute every indicator once and write the workbook; returns its path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .framework import load_framework
    from .indicators import compute_all
    from .store import Store

    fw = load_framework(framework)
    cubes = compute_all(Store(store).load_dataset(), fw)
    frame = indicator_rows(cubes, fw, qpvs=qpvs)

    book = Workbook()
    readme = book.active
    readme.title = t("report.xlsx.readme_sheet")[:31]
    for key, text in readme_rows(fw):
        readme.append([neutralise(key), neutralise(text)])
    readme.column_dimensions["A"].width = 28
    readme.column_dimensions["B"].width = 110

    sheet = book.create_sheet(t("report.xlsx.indicators_sheet")[:31])
    sheet.append([neutralise(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in frame.itertuples(index=False, name=None):
        sheet.append([neutralise(v) for v in values])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKL", (10, 16, 48, 12, 20, 26, 12, 20, 12, 12, 12, 24),
                             strict=False):
        sheet.column_dimensions[letter].width = width

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".xlsx.part")
    book.save(tmp)
    tmp.replace(target)
    return target
