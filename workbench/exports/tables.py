"""The report's tables as one XLSX workbook (``reports/<date>/tableaux.xlsx``), from the
publication.

Every published cell of every indicator, in long format, with French headings; then the network
measures by wave, the participation funnel (per QPV of the reports), the share of the people
present who facilitated, per step, and the committee's readings. Masked cells stay masked (the
value says why: « effectif trop faible »…, no bound, no n). Text that a spreadsheet would take for
a formula (starting with ``= + - @``, tab or carriage return) is neutralised with a leading
apostrophe.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.i18n import mask_reason, name_of, t
from workbench.normalise import spreadsheet_safe
from workbench.publication import Publication, views

ALL = "*"


def indicator_rows(cubes: dict[str, pd.DataFrame], fw: Any,
                   qpvs: Iterable[str] | None = None) -> pd.DataFrame:
    """All cube rows (optionally only some QPVs, ``*`` included) with display names, and what
    says how far each can be trusted: the unit and base of the share (« x sur y » for a full
    count, no bound), « ne se prononce pas », α, coders' agreement, the reading over time
    (same people or not) and the method in words. Masked rows show none of them."""
    from workbench.charts import figure_notes as notes
    from workbench.charts import style

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
                t("common.value"): _masked_text(row) if masked else _number(row.get("value")),
                t("report.xlsx.lower"): None if masked else _number(row.get("lower")),
                t("report.xlsx.upper"): None if masked else _number(row.get("upper")),
                t("common.n"): None if masked else _number(row.get("n")),
                t("report.xlsx.base"): None if masked else _number(row.get("base")),
                t("report.xlsx.base_unit"): "" if masked else notes.unit_name(
                    row.get("base_unit") or "people"),
                t("report.xlsx.full_count"): "" if masked or not notes.is_full_count(row)
                else notes.value_text(row, "share"),
                t("report.xlsx.note"): "" if masked else notes.note_text(row),
                t("report.xlsx.nsp_share"): None if masked else _number(row.get("nsp_share")),
                t("report.xlsx.alpha"): None if masked else _number(row.get("alpha")),
                t("figures.reliability"): "" if masked else notes.reliability_text(row),
                t("report.xlsx.mode"): notes.mode_text(row.get("mode")),
                t("report.xlsx.method"): "" if masked else row.get("method") or "",
                t("report.xlsx.method_text"): "" if masked
                else notes.method_text(row.get("method")),
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


def _masked_text(row: dict) -> str:
    """Why a cell is masked, in words (« effectif trop faible » by default)."""
    reason = row.get("reason")
    return mask_reason(reason if isinstance(reason, str) else None)


def _masked_or(row: dict, column: str = "value") -> Any:
    return _masked_text(row) if bool(row.get("masked", False)) else _number(row.get(column))


def network_rows(pub: Publication) -> pd.DataFrame:
    """Network measures (territory-wide) × waves, long format, masked cells masked."""
    records = []
    for kind, cube in views.network_section(pub).cubes.items():
        for row in cube.to_dict("records"):
            if str(row.get("qpv", ALL)) != ALL or str(row.get("group", ALL)) != ALL:
                continue
            masked = bool(row.get("masked", False))
            records.append({
                t("report.xlsx.measure"): t(f"network.kind.{kind}"),
                t("common.wave"): row["wave"],
                t("common.qpv"): t("report.xlsx.territory_wide"),
                t("common.value"): _masked_or(row),
                t("common.n"): None if masked else _number(row.get("n")),
                t("report.xlsx.method"): row.get("method") or "",
            })
    return pd.DataFrame(records)


def funnel_rows(pub: Publication, qpvs: Iterable[str] | None = None) -> pd.DataFrame:
    """People present per step × group, for each QPV of the reports (``*`` = territory)."""
    from workbench.charts import style

    fw = pub.fw
    records = []
    for qpv in [ALL, *fw.qpv_ids] if qpvs is None else list(qpvs):
        for row in views.funnel(pub, qpv).to_dict("records"):
            masked = bool(row.get("masked", False))
            records.append({
                t("common.qpv"): style.key_name("qpv", qpv, fw),
                t("common.step"): _step_name(row["step"], fw),
                t("common.group"): style.key_name("group", row["group"], fw),
                t("report.xlsx.present"): _masked_or(row, "n"),
                t("report.xlsx.target"): _number(row.get("target")),
                t("report.xlsx.share_of_target"): None if masked
                else _number(row.get("share_of_target")),
            })
    return pd.DataFrame(records)


def facilitator_rows(pub: Publication) -> pd.DataFrame:
    """Share of the people present who facilitated, per step × group (whole territory), with
    the people present; masked cells masked."""
    from workbench.charts import style

    fw = pub.fw
    return pd.DataFrame([{
        t("common.qpv"): t("report.xlsx.territory_wide"),
        t("common.step"): _step_name(row["step"], fw),
        t("common.group"): style.key_name("group", row["group"], fw),
        t("report.xlsx.facilitators_share"): _masked_or(row, "value"),
        t("report.xlsx.present"): None if bool(row.get("masked")) else _number(row.get("n")),
    } for row in pub.facilitators.to_dict("records")])


def _step_name(step: Any, fw: Any) -> str:
    """``3. Rencontre élus et directions générales``; « Toutes les étapes » for ``*``."""
    if str(step) == ALL:
        return t("report.all_steps")
    entry = fw.step(str(step))
    return f"{entry.number}. {name_of(entry)}"


def reading_rows(pub: Publication) -> pd.DataFrame:
    """Every committee reading (all waves, oldest first), free text kept as text."""
    from workbench.indicators.readings import readings_table

    return readings_table(pub.readings)


def readme_rows(pub: Publication) -> list[tuple[str, str]]:
    fw = pub.fw
    rows = [
        (t("report.title"), name_of(fw.territory)),
        (t("report.generated"), dt.date.today().strftime("%d/%m/%Y")),
        (t("report.xlsx.masking"), t("common.masked_note", k=fw.min_cell)),
        (t("report.xlsx.rule"), t("report.method.rule", k=fw.min_cell, c=fw.min_category)),
        (t("report.xlsx.audit"), pub.audit.summary),
        (t("report.xlsx.record"), t("report.xlsx.record_text")),
        (t("report.xlsx.star"), t("report.xlsx.star_text")),
    ]
    if fw.territory.fictional:
        rows.insert(1, (t("report.xlsx.notice"), t("common.fictional")))
    return rows


def tables_workbook(pub: Publication, target: Path, *,
                    qpvs: Iterable[str] | None = None) -> Path:
    """Write the workbook of the publication's tables; returns its path."""
    from openpyxl import Workbook

    fw = pub.fw
    frame = indicator_rows(pub.cubes, fw, qpvs=qpvs)
    book = Workbook()
    readme = book.active
    readme.title = t("report.xlsx.readme_sheet")[:31]
    for key, text in readme_rows(pub):
        readme.append([spreadsheet_safe(key), spreadsheet_safe(text)])
    readme.column_dimensions["A"].width = 28
    readme.column_dimensions["B"].width = 110

    add_sheet(book, t("report.xlsx.indicators_sheet"), frame,
              (10, 16, 48, 12, 20, 26, 12, 20, 12, 12, 12, 12, 16, 22, 30, 12, 10, 50, 28, 24,
               60))
    wanted = None if qpvs is None else list(dict.fromkeys(qpvs))
    add_sheet(book, t("report.xlsx.network_sheet"), network_rows(pub), (48, 10, 30, 20, 12, 40))
    add_sheet(book, t("report.xlsx.funnel_sheet"), funnel_rows(pub, wanted),
              (24, 40, 30, 20, 10, 14))
    add_sheet(book, t("report.xlsx.facilitators_sheet"), facilitator_rows(pub),
              (30, 40, 30, 22, 14))
    add_sheet(book, t("report.xlsx.readings_sheet"), reading_rows(pub),
              (8, 40, 16, 60, 50, 22, 26))

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".xlsx.part")
    book.save(tmp)
    tmp.replace(target)
    return target


def add_sheet(book: Any, title: str, frame: pd.DataFrame, widths: Iterable[int] = ()) -> Any:
    """A sheet holding ``frame`` (bold header, frozen first row); every cell neutralised."""
    from openpyxl.styles import Font

    sheet = book.create_sheet(title[:31])
    sheet.append([spreadsheet_safe(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in frame.itertuples(index=False, name=None):
        sheet.append([spreadsheet_safe(None if _blank(v) else v) for v in values])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    return sheet


def _blank(value: Any) -> bool:
    try:
        return value is None or value is pd.NA or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
