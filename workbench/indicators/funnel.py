"""The participation funnel across the steps, continuity, and who facilitated (L5).

The counts come from the registered attendance kinds (``participation_by_step``,
``attendance_continuity`` in ``participation.py``) through ``compute``, so the one small-cell
rule has already been applied; this module only shapes them for a COPIL reader (steps in order,
labels, the group's target) and adds ``facilitators_share``.

Facilitation: a present person whose sign-in role is « Animation » / « Co-animation »
(stored ``facilitator`` / ``co-facilitator``; both spellings are accepted).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.i18n import name_of, t
from workbench.indicators.participation import (
    PERSON_KEYS,
    _finish,
    _until,
    events_held,
    mark_no_event,
    presences,
    wave_cutoffs,
)
from workbench.indicators.registry import ALL, compute, param, register_kind, rollup, select
from workbench.normalise import normalise_label
from workbench.store import Dataset

FACILITATOR_ROLES = frozenset(normalise_label(r) for r in (
    "facilitator", "co-facilitator", "cofacilitator", "animation", "co-animation",
    "coanimation", "animateur", "animatrice", "co-animateur", "co-animatrice",
))
STAFF_EXCLUDED = ("habitants",)


def is_facilitator_role(role: object) -> bool:
    """True for « Animation », « Co-animation », ``facilitator`` … (case and accents folded)."""
    if role is None or (isinstance(role, float) and np.isnan(role)):
        return False
    return normalise_label(role) in FACILITATOR_ROLES


def _spec(kind: str, fw: Framework, **params: object) -> Indicator:
    """A transient indicator of ``kind`` (not declared in the framework) for ``compute``."""
    lesson = fw.lessons[0].id
    return Indicator(id=f"_{kind}", lesson=lesson, kind=kind, evidence="behaviour",
                     params=params, label_fr=kind, label_en=kind)


def _step_meta(fw: Framework) -> pd.DataFrame:
    return pd.DataFrame([{"step": s.id, "step_number": s.number, "step_label": name_of(s)}
                         for s in fw.steps])


def participation_funnel(data: Dataset, fw: Framework, *, qpv: str = ALL) -> pd.DataFrame:
    """Distinct people present per step × group (``group == "*"``: everyone), steps in order.

    Columns: step, step_number, step_label, group, group_label, n, value (= n), masked, reason,
    target (the group's framework target), share_of_target. Already suppressed.
    """
    cube = compute(data, fw, _spec("participation_by_step", fw))
    rows = select(cube, wave=ALL, qpv=qpv, group=None, step=None)
    rows = rows[rows["step"] != ALL].merge(_step_meta(fw), on="step", how="inner")
    targets = {g.id: g.target for g in fw.groups}
    labels = {g.id: name_of(g) for g in fw.groups}
    rows = rows.assign(
        group_label=rows["group"].map(labels).fillna(rows["group"]).where(
            rows["group"] != ALL, t("common.all")),
        target=rows["group"].map(targets).astype(float),
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        rows["share_of_target"] = rows["n"].astype(float) / rows["target"]
    columns = ["step", "step_number", "step_label", "group", "group_label", "n", "value",
               "masked", "reason", "target", "share_of_target"]
    return rows[columns].sort_values(["step_number", "group"]).reset_index(drop=True)


def continuity_by_step(data: Dataset, fw: Framework, *, qpv: str = ALL) -> pd.DataFrame:
    """Per step × group: people present, how many came back at a later step (``count``) and
    the share (Wilson interval); step ``"*"``: share of people present at two steps or more.
    Steps reserved to the project team are left out (``attendance_continuity``)."""
    cube = compute(data, fw, _spec("attendance_continuity", fw))
    rows = select(cube, wave=ALL, qpv=qpv, group=None, step=None)
    rows = rows.merge(_step_meta(fw), on="step", how="left")
    rows["step_number"] = rows["step_number"].fillna(len(fw.steps) + 1)
    return rows.sort_values(["step_number", "group"]).reset_index(drop=True)


# --- facilitation --------------------------------------------------------------------------------
def facilitation(data: Dataset, fw: Framework) -> pd.DataFrame:
    """Present rows with a ``facilitated`` flag (role « Animation » or « Co-animation »)."""
    pres = presences(data, fw)
    att = data["attendance"][["event_id", "person_id", "role"]].drop_duplicates(
        ["event_id", "person_id"])
    out = pres.merge(att, on=["event_id", "person_id"], how="left")
    return out.assign(facilitated=out["role"].map(is_facilitator_role).astype(bool))


def facilitators_by_step(data: Dataset, fw: Framework) -> pd.DataFrame:
    """Distinct facilitators per step and group (for the table under the funnel).

    Counts of facilitators are small by nature: this table is suppressed like every count.
    """
    from workbench.privacy.suppression import suppress

    fac = facilitation(data, fw)
    fac = fac[fac["facilitated"].to_numpy()]

    def aggregate(sub: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        if not by:
            return pd.DataFrame({"n": [float(sub["person_id"].nunique())]})
        return sub.groupby(by, sort=False)["person_id"].nunique().astype(float).rename(
            "n").to_frame()

    if fac.empty:
        return pd.DataFrame(columns=["step", "group", "n", "value", "masked", "reason"])
    cube = rollup(fac.assign(wave=ALL, qpv=ALL), ["group", "step"], aggregate)
    cube = cube.assign(wave=ALL, qpv=ALL, value=cube["n"])
    cube = suppress(cube, threshold=fw.min_cell, keys=["wave", "qpv", "group", "step"],
                    additive=["group"])
    return cube[["step", "group", "n", "value", "masked", "reason"]]


@register_kind("facilitators_share", additive=PERSON_KEYS, cumulative=True,
               population="present")
def facilitators_share(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Share of the present people of ``groups`` (default: everyone but residents, and not the
    project team when ``exclude_team`` is true — the default) who facilitated at least one
    session themselves; cumulative over events up to each wave's date; Wilson interval."""
    groups = param(spec, "groups")
    if groups is None:
        excluded = set(STAFF_EXCLUDED) | ({"equipe"} if param(spec, "exclude_team", True)
                                          else set())
        groups = [g.id for g in fw.groups if g.id not in excluded]
    steps = param(spec, "steps")
    fac = facilitation(data, fw)
    fac = fac[fac["group"].isin(list(groups)).to_numpy()]
    if steps is not None:
        fac = fac[fac["step"].isin([str(s) for s in steps]).to_numpy()]

    def aggregate(sub: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        keys = ["wave", *by]
        person = sub.groupby([*keys, "person_id"], sort=False)["facilitated"].any()
        out = person.groupby(level=keys).agg(["sum", "size"]).astype(float)
        return out.rename(columns={"sum": "count", "size": "n"})

    frames = [_until(fac, cutoff).assign(wave=wave) for wave, cutoff in wave_cutoffs(fw)]
    base = pd.concat(frames, ignore_index=True)
    if base.empty:
        cube = pd.DataFrame({"wave": [w for w, _ in wave_cutoffs(fw)], "qpv": ALL, "group": ALL,
                             "count": 0.0, "n": 0.0})
    else:
        cube = rollup(base, PERSON_KEYS, aggregate).drop(columns=["index"], errors="ignore")
    cube = _finish(cube, "count", "n", mode="cumulative", method="wilson_share_facilitated")
    return mark_no_event(cube, events_held(data, fw, steps))
