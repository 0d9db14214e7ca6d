"""The indicator cubes as published tables: each cell placed in the population it counts.

``indicator_tables(data, fw, spec)`` computes the kind's raw cube (``compute(..., mask=False)``),
keeps the rows that are published (participation per step and continuity: over every wave,
``"*"`` — a step belongs to one period, so a per-wave row would repeat another; questionnaires:
each wave, and the waves pooled with each person once), rounds the
figures as shown, and builds one cell per row with its population (``populations.py``),
statistic, numerator, and the people behind it (``did``/``did_not``) for the rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.participation import presences, wave_cutoffs
from workbench.indicators.registry import ALL, EXTRA_KEYS, KEYS, compute, kind_of, param
from workbench.publication.people import PEOPLE_BEHIND, answer_levels
from workbench.publication.populations import NON_PEOPLE, SET_SEPARATOR
from workbench.publication.side import SIDE_FIGURES
from workbench.publication.tables import Table, make_cells, round_frame
from workbench.store import Dataset

ALL_PERIODS_KINDS = ("participation_by_step", "attendance_continuity")
PUBLISHED_COLUMNS = ("indicator", *KEYS, *EXTRA_KEYS, "value", "n", "lower", "upper", "mode",
                     "method", "period", "markers", "band", "note", "full_count", "base_unit",
                     *SIDE_FIGURES, "agreement_method", "reliability")
NETWORK_N = {"trust_n": "trust", "value_n": "value"}
STAFF_EXCLUDED = ("habitants", "equipe")


def cutoff_names(data: Dataset, fw: Framework, prefix: str) -> dict[str, str]:
    """Wave → the population of people present at the events held by its date: ``<prefix>:all``
    when they are every event, ``<prefix>:none`` before any, else ``<prefix>:to:<last date>``."""
    pres = presences(data, fw)
    every = set(pres["event_id"])
    names = {}
    for wave, cutoff in wave_cutoffs(fw):
        held = pres if cutoff is None else pres[pres["date"].notna()
                                                & (pres["date"] <= cutoff)]
        events = set(held["event_id"])
        if events == every:
            names[wave] = f"{prefix}:all"
        elif not events:
            names[wave] = f"{prefix}:none"
        else:
            names[wave] = f"{prefix}:to:{max(held['date'])}"
    return names


def _items_scope(items: list[str], spec: Indicator) -> str:
    scope = SET_SEPARATOR.join(str(i) for i in items)
    instrument = param(spec, "instrument")
    return f"{instrument}:{scope}" if instrument else scope


def _populations(data: Dataset, fw: Framework, spec: Indicator, cube: pd.DataFrame
                 ) -> np.ndarray:
    kind = kind_of(spec)
    size = len(cube)
    if kind.population == "respondents":
        prefix = "responded" if param(spec, "nsp_in_denominator", False) else "answered"
        if "factor" in cube.columns:
            factors = param(spec, "factors", {})
            return np.array([f"{prefix}:{_items_scope(list(factors[f]), spec)}"
                             for f in cube["factor"]], dtype=object)
        if "condition" in cube.columns:
            conditions = param(spec, "conditions", {})
            return np.array([f"{prefix}:{_items_scope(list(conditions[c]), spec)}"
                             for c in cube["condition"]], dtype=object)
        return np.full(size, f"{prefix}:{_items_scope(list(param(spec, 'items')), spec)}",
                       dtype=object)
    if kind.population in ("present", "mainstream"):
        names = cutoff_names(data, fw, kind.population)
        return cube["wave"].astype(str).map(names).fillna(f"{kind.population}:all").to_numpy(
            dtype=object)
    if kind.population == "known":
        group = param(spec, "group")
        target = fw.group(group).target if group in fw.group_ids else None
        top = (cube["qpv"].astype(str) == ALL).to_numpy()
        return np.where(top & (target is not None), f"target:{group}", f"known:{group}")
    if kind.population == "contributors":
        if kind.name == "code_salience":
            coder = param(spec, "coder")
            scope = f"coded:{param(spec, 'rule', 'majority')}" + (f":{coder}" if coder else "")
        else:
            scope = "pronouns"
        kinds = param(spec, "kinds")
        scope += f":{SET_SEPARATOR.join(kinds)}" if kinds else ""
        return np.full(size, f"contributors:{scope}", dtype=object)
    if kind.population == "relational":
        from workbench.indicators.network import NETWORK_KINDS

        n_column = NETWORK_KINDS[kind.name][1]
        scope = NETWORK_N.get(n_column)
        name = f"relational:{scope}:{param(spec, 'min_level', 1)}" if scope else "relational"
        return np.full(size, name, dtype=object)
    return np.full(size, NON_PEOPLE, dtype=object)


def _cell_groups(fw: Framework, spec: Indicator, cube: pd.DataFrame) -> np.ndarray:
    """The group each cell counts: the ``"*"`` of a kind restricted to some groups is that set
    (``"elus+services"``), or the group itself when it is one."""
    groups = cube["group"].astype(str).to_numpy(dtype=object).copy()
    kind = spec.kind
    chosen: list[str] | None = None
    if kind == "facilitators_share":
        chosen = param(spec, "groups")
        if chosen is None:
            excluded = {"habitants", *(("equipe",) if param(spec, "exclude_team", True) else ())}
            chosen = [g for g in fw.group_ids if g not in excluded]
    elif kind in ("attendance_reach", "attendance_continuity") and param(spec, "group"):
        chosen = [param(spec, "group")]
    elif kind == "participation_per_1000" and param(spec, "group", "habitants") != ALL:
        chosen = [param(spec, "group", "habitants")]
    if chosen is None or set(chosen) >= set(fw.group_ids):
        return groups
    ordered = [g for g in fw.group_ids if g in set(chosen)] + sorted(set(chosen)
                                                                     - set(fw.group_ids))
    groups[groups == ALL] = SET_SEPARATOR.join(ordered)
    return groups


def _numerator(spec: Indicator, cube: pd.DataFrame) -> str | np.ndarray:
    """What a share counts among its population. The people a reach indicator knows are the
    same at every wave, those it reached are not: the wave is part of its numerator."""
    kind = spec.kind
    if kind == "attendance_reach":
        return (f"reached:{spec.id}:" + cube["wave"].astype(str)).to_numpy(dtype=object)
    if kind == "attendance_continuity":
        return "came_back"
    if kind == "facilitators_share":
        steps = param(spec, "steps")
        return "facilitated" + (f":{SET_SEPARATOR.join(map(str, steps))}" if steps else "")
    if kind == "likert_agree_share":
        return "agree"
    return ""


def _people_behind(data: Dataset, fw: Framework, spec: Indicator,
                   cube: pd.DataFrame) -> pd.DataFrame:
    """``did``/``did_not`` per row of the cube (NaN where the rule does not need them)."""
    kind = kind_of(spec)
    out = pd.DataFrame({"did": np.nan, "did_not": np.nan}, index=cube.index)
    if kind.statistic == "share" and "count" in cube.columns:
        count = pd.to_numeric(cube["count"], errors="coerce")
        n = pd.to_numeric(cube["n"], errors="coerce")
        out["did"], out["did_not"] = count, (n - count).clip(lower=0)
    elif kind.name in PEOPLE_BEHIND:
        behind = PEOPLE_BEHIND[kind.name](data, spec, fw)
        out = _merge_on_keys(cube, behind, list(KEYS))
    elif kind.name == "abc_profile":
        codes = param(spec, "codes", {"A": 1, "B": 2, "C": 3})
        parts = []
        for condition, items in param(spec, "conditions", {}).items():
            for level, code in codes.items():
                part = answer_levels(data, list(items), float(code), param(spec, "instrument"))
                parts.append(part.assign(condition=str(condition), level=str(level)))
        behind = pd.concat(parts, ignore_index=True)
        out = _merge_on_keys(cube, behind, [*KEYS, "condition", "level"])
    return out


def _merge_on_keys(cube: pd.DataFrame, behind: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    left = cube[keys].astype(str).reset_index(drop=True)
    right = behind.assign(**{k: behind[k].astype(str) for k in keys})
    merged = left.merge(right[[*keys, "did", "did_not"]], on=keys, how="left")
    merged = merged.fillna({"did": 0.0, "did_not": 0.0})
    return merged[["did", "did_not"]].set_axis(cube.index)


def indicator_tables(data: Dataset, fw: Framework, spec: Indicator) -> list[Table]:
    """The published table of one indicator (``frame``: its cube, columns as consumers read
    them; ``cells``: one per row), then its reliability table for a multi-item mean."""
    kind = kind_of(spec)
    cube = compute(data, fw, spec, mask=False)
    if kind.name in ALL_PERIODS_KINDS:
        cube = cube[(cube["wave"].astype(str) == ALL).to_numpy()]
    cube = cube.reset_index(drop=True)
    behind = _people_behind(data, fw, spec, cube)
    uniform = (pd.to_numeric(cube["sd"], errors="coerce") == 0).to_numpy() \
        if "sd" in cube.columns else np.zeros(len(cube), bool)
    statistic = kind.statistic
    numerator = _numerator(spec, cube) if statistic in ("share", "share_of_answers") else ""
    helper = cube.assign(did=behind["did"].to_numpy(), did_not=behind["did_not"].to_numpy(),
                         uniform=uniform)
    cells = make_cells(f"indicator:{spec.id}", helper, indicator=spec.id,
                       population=_populations(data, fw, spec, cube), statistic=statistic,
                       numerator=numerator, group=_cell_groups(fw, spec, cube),
                       subject=_subject(cube))
    if kind.name == "attendance_reach":  # the target is the framework's, not a count of people
        cells.loc[cells["population"].str.startswith("target:"), "primary"] = False
    frame = round_frame(cube[[c for c in PUBLISHED_COLUMNS if c in cube.columns]], statistic)
    tables = [Table(f"indicator:{spec.id}", frame, cells, meta={"indicator": spec.id,
                                                                 "kind": kind.name})]
    reliability = reliability_table(spec, cube)
    return tables if reliability is None else [*tables, reliability]


def _subject(cube: pd.DataFrame) -> np.ndarray:
    """Extra keys other than ``step`` (a factor, a condition and its level) as the subject."""
    parts = [cube[k].astype(str) for k in ("factor", "condition", "level") if k in cube.columns]
    if not parts:
        return np.full(len(cube), "", dtype=object)
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + ":" + part
    return joined.to_numpy(dtype=object)


def reliability_table(spec: Indicator, cube: pd.DataFrame) -> Table | None:
    """Cronbach's α of a multi-item ``likert_mean`` indicator per cell, with the number of
    people who answered every item (a count the method note shows)."""
    if spec.kind != "likert_mean" or "alpha" not in cube.columns:
        return None
    items = list(param(spec, "items", []))
    if len(items) < 2:
        return None
    frame = cube[list(KEYS)].assign(indicator=spec.id, value=cube["alpha"],
                                    n=cube["alpha_n"]).reset_index(drop=True)
    frame = round_frame(frame, "alpha")
    cells = make_cells("reliability", frame, indicator=spec.id,
                       population=f"complete:{_items_scope(items, spec)}", statistic="alpha")
    hidden = frame["n"].isna().to_numpy()  # the kind gave no count: fewer than the threshold
    cells.loc[hidden, "status"] = "masked"
    cells.loc[hidden, "reason"] = "small_cell"
    return Table("reliability:" + spec.id, frame, cells, meta={"indicator": spec.id})


__all__ = ["ALL_PERIODS_KINDS", "cutoff_names", "indicator_tables", "reliability_table"]
