"""How far a figure can be trusted, in words: the texts every view puts beside a cube row.

One place for the dashboard, the reports, the XLSX and the charts' hovers, from the columns the
indicators publish (already masked): ``n`` with its unit (``base``, ``base_unit``), full counts
« x sur y » without an interval, « aucune étape tenue avant cette vague », « ne se prononce
pas » (``nsp_share``), Cronbach's α and its warning, coders' agreement (``reliability``,
``agreement``), whether a figure follows the same people (``mode``), and the method in words.
A masked row gives no text but « effectif trop faible ».

>>> value_text({"value": 0.6, "count": 6, "base": 10, "full_count": True,
...             "base_unit": "organisations"}, "share")
'6 sur 10 organisations'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from workbench.charts.style import format_interval, format_value
from workbench.i18n import known, t
from workbench.stats.reliability import alpha_warning

Row = Mapping[str, Any]


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _get(row: Row, key: str) -> Any:
    value = row.get(key) if hasattr(row, "get") else getattr(row, key, None)
    return None if _missing(value) else value


def masked(row: Row) -> bool:
    return bool(_get(row, "masked") or False)


def is_full_count(row: Row) -> bool:
    return bool(_get(row, "full_count") or False)


def note_text(row: Row) -> str:
    """« aucune étape tenue avant cette vague » (``note``), else empty."""
    note = _get(row, "note")
    key = f"figures.note.{note}"
    return t(key) if note and known(key) else ""


def unit_name(unit: Any) -> str:
    key = f"figures.unit.{unit}"
    return t(key) if unit and known(key) else t("figures.unit.people")


def value_text(row: Row, unit: str) -> str:
    """The value as shown: masked, « aucune étape… », « 6 sur 10 organisations », « 62 % »."""
    if masked(row):
        return t("common.masked")
    note = note_text(row)
    if note:
        return note
    if _get(row, "value") is None:
        return "–"
    if is_full_count(row) and _get(row, "count") is not None and _get(row, "base") is not None:
        base_unit = _get(row, "base_unit")
        x, y = round(float(row["count"])), round(float(row["base"]))
        if base_unit and base_unit != "people":
            return t("figures.full_count_unit", x=x, y=y, unit=unit_name(base_unit))
        return t("figures.full_count", x=x, y=y)
    return format_value(row["value"], unit)


def interval_text(row: Row, unit: str) -> str:
    """The 95 % interval, or nothing for a masked row, a full count or a wave without event."""
    if masked(row) or is_full_count(row) or note_text(row):
        return ""
    return format_interval(_get(row, "lower"), _get(row, "upper"), unit)


def n_text(row: Row) -> str:
    """``155 personnes``; ``10 organisations (36 personnes)``; ``120 verbatims (66 personnes)``."""
    if masked(row) or note_text(row):
        return ""
    n = _get(row, "n")
    base, base_unit = _get(row, "base"), _get(row, "base_unit")
    if base is not None and base_unit and base_unit != "people":
        if n is not None and base_unit != "inhabitants":
            return t("figures.n_of_people", n=round(float(base)),
                     unit=unit_name(base_unit), people=int(n))
        return t("figures.n_of", n=round(float(base)), unit=unit_name(base_unit))
    if n is None:
        return ""
    return t("figures.n_of", n=int(n), unit=unit_name("people"))


def nsp_text(row: Row) -> str:
    """« 7 % » of « ne se prononce pas » beside an agreement figure (empty when none)."""
    share = _get(row, "nsp_share")
    if masked(row) or share is None:
        return ""
    return format_value(share, "share")


def alpha_text(row: Row) -> str:
    """« α = 0,46 » with its warning (« α faible… », « α négatif… ») when α is published."""
    alpha = _get(row, "alpha")
    if masked(row) or alpha is None:
        return ""
    text = t("figures.alpha", alpha=format_value(alpha, "number"))
    warning = alpha_warning(float(alpha))
    return f"{text} — {t(f'figures.{warning}')}" if warning else text


def agreement_text(row: Row) -> str:
    """« fiabilité faible (α de Krippendorff = 0,12 …) » for a coded voices figure; « repère
    automatique » for a counted one; empty for other figures."""
    reliability = _get(row, "reliability")
    if not reliability:
        return ""
    flag = t(f"figures.reliability.{reliability}") if known(
        f"figures.reliability.{reliability}") else str(reliability)
    alpha = _get(row, "agreement_alpha")
    if alpha is None:
        return flag
    measure = "cohen_kappa" if str(_get(row, "agreement_method") or "").startswith("cohen") \
        else "krippendorff_alpha"
    value = _get(row, "agreement") if measure == "cohen_kappa" else alpha
    detail = t("figures.agreement", measure=t(f"figures.measure.{measure}"),
               value=format_value(value, "number"),
               units=int(_get(row, "agreement_units") or 0))
    if measure == "cohen_kappa":
        detail += f" ; {t('figures.measure.krippendorff_alpha')} = {format_value(alpha, 'number')}"
    return f"{flag} ({detail})"


def reliability_text(row: Row) -> str:
    """α for a questionnaire scale, coders' agreement for coded voices, else empty."""
    return agreement_text(row) or alpha_text(row)


def low_reliability(row: Row) -> bool:
    """Whether the figure must be read with a warning (« fiabilité faible », α low/negative)."""
    if _get(row, "reliability") == "low":
        return True
    alpha = _get(row, "alpha")
    return alpha is not None and alpha_warning(float(alpha)) is not None


def mode_text(mode: Any) -> str:
    """« en partie les mêmes personnes », « coupes transversales répétées »…"""
    key = f"indicator.mode.{mode}"
    return t(key) if mode and known(key) else ""


def method_text(method: Any) -> str:
    """The method in words (the cube's ``method`` key), else the key itself."""
    key = f"indicator.method.{method}"
    return t(key) if method and known(key) else str(method or "")


# --- who answered (tables for the dashboard and the report) --------------------------------------
def composition_table(who: pd.DataFrame, framework: Any) -> pd.DataFrame:
    """Groups (rows, « Ensemble » last) × waves: « 53 (34 %) » people who answered, masked cells
    « effectif trop faible » (``indicators.lessons.wave_composition``)."""
    from workbench.i18n import name_of

    if who is None or who.empty:
        return pd.DataFrame()
    waves = [w for w in framework.wave_ids if w in set(who["wave"])]
    records = []
    for gid in [*framework.group_ids, "*"]:
        part = who[who["group"] == gid].set_index("wave")
        if part.empty:
            continue
        label = t("common.all") if gid == "*" else name_of(framework.group(gid))
        record = {t("common.group"): label}
        for wave in waves:
            if wave not in part.index:
                record[wave] = "–"
            elif bool(part.loc[wave, "masked"]):
                record[wave] = t("common.masked")
            else:
                record[wave] = t("figures.composition_cell", n=int(part.loc[wave, "n"]),
                                 share=format_value(part.loc[wave, "share"], "share"))
        records.append(record)
    return pd.DataFrame(records)


def composition_moved(who: pd.DataFrame) -> bool:
    """Whether some group's share moved by 5 points or more from the first wave."""
    return who is not None and not who.empty and bool(who["moved"].fillna(False).any())


def adjusted_table(adjusted: pd.DataFrame, framework: Any) -> pd.DataFrame:
    """Lessons × waves: the published headline, and after the first wave « ajustée à T0 47 %
    [40 % ; 54 %] » (``indicators.lessons.adjusted_headline``)."""
    from workbench.i18n import name_of

    if adjusted is None or adjusted.empty or adjusted_withheld(adjusted, framework):
        return pd.DataFrame()
    first = framework.wave_ids[0]
    records = []
    for lesson, part in adjusted.groupby("lesson", sort=False):
        part = part.set_index("wave")
        record = {t("common.lesson"): f"{lesson} · {name_of(framework.lesson(lesson))}"}
        for wave in part.index:
            r = part.loc[wave]
            if bool(r["masked"]):
                record[wave] = t("common.masked")
                continue
            shown = f"{t('figures.adjusted_published')} {format_value(r['value'], 'share')}"
            if wave != first and _withheld(r):
                shown += (f" · {t('figures.adjusted_adjusted', wave=first)} "
                          f"{t('figures.adjusted_withheld_cell')}")
            elif not _missing(r["adjusted"]) and wave != first:
                shown += (f" · {t('figures.adjusted_adjusted', wave=first)} "
                          f"{format_value(r['adjusted'], 'share')} "
                          f"{format_interval(r['lower'], r['upper'], 'share')}")
            record[wave] = shown
        records.append(record)
    return pd.DataFrame(records)


def adjusted_withheld(adjusted: pd.DataFrame, framework: Any) -> bool:
    """Whether no adjusted figure after the first wave is published (each would give away a
    masked cell): then there is no table to show, only ``figures.adjusted_withheld``."""
    later = adjusted[adjusted["wave"].astype(str) != framework.wave_ids[0]]
    return bool(len(later)) and all(_withheld(r) or bool(r["masked"])
                                    for _i, r in later.iterrows())


def _withheld(row: pd.Series) -> bool:
    return bool(row.get("adjusted_masked", False))


__all__ = ["adjusted_table", "adjusted_withheld", "agreement_text", "alpha_text",
           "composition_moved", "composition_table", "interval_text", "is_full_count",
           "low_reliability", "masked", "method_text", "mode_text", "n_text", "note_text",
           "nsp_text", "reliability_text", "unit_name", "value_text"]
