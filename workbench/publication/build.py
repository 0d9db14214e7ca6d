"""Build the publication of one store: every table, masked together, audited.

1. every table any output shows is computed from the store, unmasked (``cubes.py``,
   ``likert.py``, ``sections.py``), each cell placed in the population it counts;
2. the rule on what a figure reveals masks cells (``rule.py``: primary masks);
3. the attacker's arithmetic (``workbench.privacy.audit.protect``) masks more cells until no
   masked cell can be recovered or narrowed under the threshold from everything shown, across
   every table counting the same people (secondary masks); the cells shown together (the
   categories of one Likert bar, a wave of the network) are masked together;
4. the audit is run on the result and kept with the publication; the maps and the pathway
   views are drawn for what remains shown.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.i18n import texts_of
from workbench.indicators.network import NETWORK_KINDS
from workbench.indicators.network_views import SECTION_KINDS
from workbench.indicators.registry import ALL, param
from workbench.privacy.audit import audit, protect
from workbench.publication.cubes import cutoff_names, indicator_tables
from workbench.publication.likert import likert_table
from workbench.publication.populations import (
    SET_SEPARATOR,
    audit_frame,
    is_group_set,
    population_spec,
)
from workbench.publication.rule import SECONDARY, primary_masks
from workbench.publication.sections import (
    facilitators_table,
    network_cells,
    network_frames,
    network_waves_table,
    pathway_cells,
)
from workbench.publication.tables import Table
from workbench.store import Dataset

MAX_ROUNDS = 50
REVEALED = " (reached)"  # the table of a count a shown share gives away


# --- which tables ---------------------------------------------------------------------------------
def _transient(kind: str, ident: str, fw: Framework, lesson: str | None = None,
               **params: object) -> Indicator:
    """An indicator the outputs show although the framework does not declare it."""
    lesson = lesson or fw.lessons[0].id
    key = f"network.kind.{kind}"
    try:
        label_fr, label_en = texts_of(key)
    except KeyError:
        label_fr = label_en = kind
    return Indicator(id=ident, lesson=lesson, kind=kind, evidence="behaviour", params=params,
                     label_fr=label_fr, label_en=label_en)


def section_specs(fw: Framework) -> dict[str, Indicator]:
    """The indicators the sections show: the framework's own when it declares a matching one,
    else a default (``role`` → indicator): ``participation``, ``continuity``,
    ``salience:<lesson>``, ``network:<kind>``, ``markers``."""
    declared = fw.indicators
    out: dict[str, Indicator] = {}

    def first(kind: str, accept=lambda spec: True) -> Indicator | None:
        return next((s for s in declared if s.kind == kind and accept(s)), None)

    out["participation"] = first("participation_by_step") or _transient(
        "participation_by_step", "_participation_by_step", fw)
    out["continuity"] = first("attendance_continuity", lambda s: not param(s, "group")) or \
        _transient("attendance_continuity", "_attendance_continuity", fw)
    for lesson in fw.lessons:
        out[f"salience:{lesson.id}"] = first("code_salience", lambda s, le=lesson.id: (
            str(s.params.get("code", s.lesson)) == le
            and s.params.get("rule", "majority") == "majority"
            and not set(s.params) - {"rule", "code"})) or Indicator(
            id=f"_voices-{lesson.id}", lesson=lesson.id, kind="code_salience",
            evidence="voices", params={"rule": "majority"}, label_fr=lesson.id,
            label_en=lesson.id)
    network_lesson = "L4" if any(le.id == "L4" for le in fw.lessons) else None
    for kind in SECTION_KINDS:
        assert kind in NETWORK_KINDS, kind
        out[f"network:{kind}"] = first(kind) or _transient(kind, f"_{kind}", fw, network_lesson)
    lesson = "L7" if any(le.id == "L7" for le in fw.lessons) else fw.lessons[-1].id
    out["markers"] = first("marker_attainment") or Indicator(
        id="_marker_attainment", lesson=lesson, kind="marker_attainment", evidence="change",
        label_fr="Atteinte des marqueurs de progrès", label_en="Progress-marker attainment")
    return out


def compute_tables(data: Dataset, fw: Framework) -> list[Table]:
    """Every table of people the outputs show, unmasked."""
    specs = {s.id: s for s in fw.indicators}
    for spec in section_specs(fw).values():
        specs.setdefault(spec.id, spec)
    tables: list[Table] = []
    for spec in specs.values():
        tables += indicator_tables(data, fw, spec)
    for extra in (likert_table(data, fw), facilitators_table(data, fw),
                  network_waves_table(data, fw)):
        if extra is not None:
            tables.append(extra)
    return tables


# --- masking together -----------------------------------------------------------------------------
def _units(cells: pd.DataFrame) -> np.ndarray:
    """Cells shown together, masked together: one Likert bar (item × cell), one frame row."""
    unit = cells["table"].astype(str) + "#" + cells["row"].astype(str)
    likert = (cells["table"] == "likert").to_numpy()
    if likert.any():
        sub = cells[likert]
        item = sub["population"].str.split(":", n=1).str[1]
        unit[likert] = ("likert#" + sub["wave"].astype(str) + "|" + sub["qpv"].astype(str)
                        + "|" + sub["group"].astype(str) + "|" + item)
    return pd.factorize(unit)[0]


def _revealed_counts(cells: pd.DataFrame, data: Dataset, fw: Framework) -> pd.DataFrame:
    """Counts a shown share gives away although its population is another's: the people a
    reach indicator counts as reached (present at one step or more) are people present."""
    rows = []
    cutoffs = cutoff_names(data, fw, "present")
    for spec in fw.indicators:
        if spec.kind != "attendance_reach" or param(spec, "steps") is not None \
                or int(param(spec, "min_steps", 1)) != 1:
            continue
        mine = cells[(cells["indicator"] == spec.id).to_numpy()
                     & (cells["status"] == "shown").to_numpy()]
        for index, cell in mine.iterrows():
            if not np.isfinite(cell["did"]):
                continue
            rows.append({"table": f"{cell['table']}{REVEALED}", "indicator": spec.id,
                         "population": cutoffs.get(cell["wave"], "present:all"),
                         "wave": ALL, "qpv": cell["qpv"], "group": param(spec, "group"),
                         "step": ALL, "statistic": "count", "value": cell["did"],
                         "n": cell["did"], "numerator": "", "status": "shown", "row": index,
                         "rounding": 0.005})
    return pd.DataFrame(rows)


def _blank(cells: pd.DataFrame) -> pd.DataFrame:
    """Masked cells as published: no value, bound or count."""
    out = cells.copy()
    masked = (out["status"] == "masked").to_numpy()
    out.loc[masked, ["value", "lower", "upper", "n"]] = np.nan
    return out


def audit_input(cells: pd.DataFrame, data: Dataset | None, fw: Framework
                ) -> tuple[pd.DataFrame, dict]:
    """The frame and populations the audit reads for ``cells`` (masked values blanked)."""
    blank = _blank(cells)
    specs = {name: population_spec(name, items_levels=_items_levels(fw))
             for name in set(blank["population"]) if name}
    extra = _revealed_counts(cells, data, fw) if data is not None else None
    return audit_frame(blank, specs, extra=extra)


def _items_levels(fw: Framework) -> dict[str, list[str]]:
    out = {}
    for item in fw.items:
        scale = fw.scales[item.scale]
        out[item.id] = [str(v) for v in range(scale.min, scale.max + 1)]
    return out


def mask_together(cells: pd.DataFrame, data: Dataset, fw: Framework, *,
                  log: list[str] | None = None) -> pd.DataFrame:
    """Primary masks, then secondary masks until the audit passes for every table together.

    Populations are independent in the attacker's model: each is protected on its own, and
    only the populations whose cells changed (a Likert bar or a frame row masked whole, a
    share's revealed count) are protected again."""
    cells = primary_masks(cells, threshold=fw.min_cell, min_category=fw.min_category)
    units = _units(cells)
    todo: set[str] | None = None  # None: every population
    for round_ in range(MAX_ROUNDS):
        cells = _spread(cells, units)
        frame, populations = audit_input(cells, data, fw)
        names = sorted(populations) if todo is None else sorted(todo & set(populations))
        start = time.perf_counter()
        masked_rows: list[pd.DataFrame] = []
        for name in names:
            sub = frame[(frame["population"] == name).to_numpy()]
            out = protect(sub, {name: populations[name]}, threshold=fw.min_cell,
                          min_category=fw.min_category)
            masked_rows.append(out[(out["status"] == "masked").to_numpy()
                                   & (out["row"] >= 0).to_numpy()])
        if log is not None:
            log.append(f"round {round_}: {len(names)} populations "
                       f"({', '.join(names[:3])}{'…' if len(names) > 3 else ''}), "
                       f"{time.perf_counter() - start:.1f} s")
        hit = pd.concat(masked_rows, ignore_index=True) if masked_rows else frame.iloc[0:0]
        newly = np.unique(hit["row"].to_numpy(dtype=int))
        newly = newly[(cells["status"].to_numpy()[newly] == "shown")]
        if not len(newly):
            return group_set_masks(_spread(cells, units))
        if log is not None:
            log.append("  newly: " + "; ".join(
                f"{r.table} {r.wave}/{r.qpv}/{r.group}/{r.step} {r.statistic} n={r.n}"
                for r in cells.iloc[newly[:6]].itertuples()))
        reasons = hit.drop_duplicates("row").set_index("row")["reason"]
        cells.loc[newly, "status"] = "masked"
        cells.loc[newly, "reason"] = reasons.reindex(newly).fillna(SECONDARY).to_numpy()
        protected = cells["status"].to_numpy().copy()
        spread = _spread(cells, units)
        # protect's own masks pass its audit: only what spreading added is checked again
        changed = np.flatnonzero(spread["status"].to_numpy() != protected)
        todo = set(spread["population"].to_numpy()[changed])
        todo |= _revealed_populations(spread, np.r_[changed, newly], data, fw)
        via = hit[hit["table"].astype(str).str.endswith(REVEALED)]["row"].to_numpy(dtype=int)
        todo |= set(spread["population"].to_numpy()[via])  # a share masked for its count
        todo.discard("")
        cells = spread
        if not todo:
            return group_set_masks(cells)
    raise RuntimeError("secondary masking did not settle")  # protect always terminates


def group_set_masks(cells: pd.DataFrame) -> pd.DataFrame:
    """A cell covering several groups (``"elus+services"``) is shown only when every group of
    the set is shown at the same place of the same table: then it is their sum and tells
    nothing more; otherwise it is masked (``secondary``)."""
    sets = cells["group"].map(is_group_set).to_numpy() & (cells["status"] == "shown").to_numpy()
    if not sets.any():
        return cells
    out = cells.copy()
    shown = out[(out["status"] == "shown").to_numpy()]
    have = set(zip(shown["table"], shown["wave"], shown["qpv"], shown["step"], shown["group"],
                   strict=True))
    for index in np.flatnonzero(sets):
        row = out.iloc[index]
        members = str(row["group"]).split(SET_SEPARATOR)
        if not all((row["table"], row["wave"], row["qpv"], row["step"], g) in have
                   for g in members):
            out.iloc[index, out.columns.get_loc("status")] = "masked"
            out.iloc[index, out.columns.get_loc("reason")] = SECONDARY
    return out


def _revealed_populations(cells: pd.DataFrame, changed: np.ndarray, data: Dataset,
                          fw: Framework) -> set[str]:
    """The populations where a changed share's revealed counts sit (see ``_revealed_counts``)."""
    touched = set(cells["indicator"].to_numpy()[changed])
    reach = [s.id for s in fw.indicators if s.kind == "attendance_reach" and s.id in touched]
    if not reach:
        return set()
    return set(cutoff_names(data, fw, "present").values())


def _spread(cells: pd.DataFrame, units: np.ndarray) -> pd.DataFrame:
    """Mask every cell of a unit with a masked cell (reason ``secondary`` for the others)."""
    masked = (cells["status"] == "masked").to_numpy()
    bad_units = np.zeros(units.max() + 1 if len(units) else 0, dtype=bool)
    bad_units[units[masked]] = True
    spread = bad_units[units] & ~masked
    if spread.any():
        cells = cells.copy()
        cells.loc[spread, "status"] = "masked"
        cells.loc[spread, "reason"] = SECONDARY
    return cells


# --- the whole build ------------------------------------------------------------------------------
def build_tables(data: Dataset, fw: Framework, *, log: list[str] | None = None
                 ) -> tuple[list[Table], pd.DataFrame]:
    """Every table and every cell, masked together (the publication's raw material)."""
    tables = compute_tables(data, fw)
    parts = []
    for index, table in enumerate(tables):
        part = table.cells.assign(table=table.name, _table=index)
        parts.append(part)
    cells = pd.concat(parts, ignore_index=True)
    cells = mask_together(cells, data, fw, log=log)
    return tables, cells


def network_section_frames(data: Dataset, fw: Framework, cells: pd.DataFrame) -> dict:
    """The maps' frames for the waves whose respondents are shown."""
    waves = cells[(cells["table"] == "network_waves").to_numpy()
                  & (cells["subject"] == "respondents").to_numpy()]
    masked = {str(w): s == "masked" for w, s in zip(waves["wave"], waves["status"],
                                                    strict=True)}
    return network_frames(data, fw, masked)


def derived_cells(frames: dict, pathways: dict) -> pd.DataFrame:
    parts = [p for p in (network_cells(frames), pathway_cells(pathways)) if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def run_audit(cells: pd.DataFrame, data: Dataset | None, fw: Framework):
    """The attacker's arithmetic on the publication's people cells."""
    frame, populations = audit_input(cells, data, fw)
    return audit(frame, populations, threshold=fw.min_cell, min_category=fw.min_category), frame


__all__ = ["audit_input", "build_tables", "compute_tables", "derived_cells", "mask_together",
           "network_section_frames", "run_audit", "section_specs"]
