"""Attendance kinds (sign-in sheets): reach, mainstream coverage, people per step, continuity,
participation per 1,000 inhabitants. Cumulative figures count the events dated on or before the
wave's date; wave ``"*"`` counts every event held. A person's group, organisation and QPV are
those of the sign-in sheet, else of the ``people`` table.

Honest units: ``base`` is what a share is over, named by ``base_unit`` (``people``,
``organisations``, ``inhabitants``); ``n`` stays the number of people the figure rests on (the
small-cell rule reads it). Reach and coverage count people or organisations against a list (the
framework's target, the known people, the roster): a full count, shown « x sur y » with no
interval (``full_count`` true, ``count`` = x, ``base`` = y). A wave dated before any event of
the indicator says so (``note`` = ``no_event_yet``, no value) instead of reading 0 %.
Continuity (« Qui revient ? ») leaves out the steps reserved to the project team (a step whose
framework groups are all team groups, ``team_groups`` param, default ``equipe``): coming back to
the drafting that only the team attends is not coming back."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.registry import ALL, param, register_kind, rollup, sum_rollup
from workbench.stats.intervals import wilson_interval
from workbench.store import Dataset

PERSON_KEYS = ("qpv", "group")
TEAM_GROUPS = ("equipe",)
NO_EVENT_YET = "no_event_yet"
FULL_COUNT_METHODS = {"target": "full_count_of_target", "known": "full_count_of_known",
                      "roster": "full_count_of_roster"}


def presences(data: Dataset, fw: Framework) -> pd.DataFrame:
    """Present rows: person_id, group, qpv, organisation, event_id, step, date (cached)."""
    cached = data.frames.get("_presences")
    if cached is not None:
        return cached
    att = data["attendance"]
    att = att[pd.to_numeric(att["present"], errors="coerce").fillna(0).to_numpy() > 0]
    people = people_table(data)
    events = data["events"][["event_id", "step_id", "date"]]
    out = att[["person_id", "event_id", "group_id", "qpv", "organisation"]].merge(
        events, on="event_id", how="left")
    known = people.set_index("person_id")
    for col, src in (("group", "group_id"), ("qpv", "qpv"), ("organisation", "organisation")):
        fallback = out["person_id"].map(known[src]) if len(known) else np.nan
        out[col] = out[src].where(out[src].notna(), fallback)
    out["step"] = out["step_id"].astype("str")
    out["date"] = pd.to_datetime(out["date"], errors="coerce").dt.date
    cached = out[["person_id", "group", "qpv", "organisation", "event_id", "step", "date"]]
    data.frames["_presences"] = cached
    return cached


def people_table(data: Dataset, fw: Framework | None = None) -> pd.DataFrame:
    """Everyone known (people table, then anyone on a sign-in sheet, then — when the framework
    counts registration lists as the invited, ``registrations.invited`` — anyone registered):
    person_id, group_id, organisation, qpv — one row per person."""
    columns = ["person_id", "group_id", "organisation", "qpv"]
    frames = [data["people"][columns], data["attendance"][columns]]
    if fw is not None and fw.registrations.invited:
        frames.append(data["registrations"][columns])
    both = pd.concat(frames, ignore_index=True)
    return both.groupby("person_id", sort=False).first().reset_index()


def wave_cutoffs(fw: Framework) -> list[tuple[str, dt.date | None]]:
    """(wave id, last date counted) in wave order, then ``("*", None)`` = everything."""
    return [*((w.id, w.date) for w in sorted(fw.waves, key=lambda w: w.date)), (ALL, None)]


def _until(frame: pd.DataFrame, cutoff: dt.date | None) -> pd.DataFrame:
    if cutoff is None:
        return frame
    return frame[frame["date"].notna() & (frame["date"] <= cutoff)]


def _finish(cube: pd.DataFrame, success: str, denominator: str, *, mode: str,
            method: str, unit: str = "people") -> pd.DataFrame:
    den = cube[denominator].to_numpy(dtype=float)
    hits = cube[success].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        cube["value"] = np.where(den > 0, hits / den, np.nan)
    cube["lower"], cube["upper"] = wilson_interval(np.minimum(hits, den), den)
    cube["mode"], cube["method"] = mode, method
    cube["base"], cube["base_unit"] = den, unit
    return cube


def _full_count(cube: pd.DataFrame, present: str, listed: str, *, method: str,
                unit: str) -> pd.DataFrame:
    """x of the y listed (people, organisations): value x / y, no interval (nothing sampled)."""
    x = cube[present].to_numpy(dtype=float)
    y = cube[listed].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        cube["value"] = np.where(y > 0, x / y, np.nan)
    cube["lower"] = cube["upper"] = np.nan
    cube["mode"], cube["method"] = "cumulative", method
    cube["count"], cube["base"], cube["base_unit"] = x, y, unit
    cube["full_count"] = True
    return cube


def events_held(data: Dataset, fw: Framework, steps: list[str] | None = None) -> dict[str, int]:
    """Wave (and ``"*"``) → events of ``steps`` (all when None) dated on or before its date."""
    events = data["events"]
    if steps is not None:
        events = events[events["step_id"].astype(str).isin([str(s) for s in steps])]
    dates = pd.to_datetime(events["date"], errors="coerce").dt.date.dropna()
    return {wave: int(len(dates) if cutoff is None else (dates <= cutoff).sum())
            for wave, cutoff in wave_cutoffs(fw)}


def mark_no_event(cube: pd.DataFrame, held: dict[str, int],
                  clear: tuple[str, ...] = ("value", "lower", "upper")) -> pd.DataFrame:
    """Rows of a wave before any event: ``note`` = ``no_event_yet`` and no value (not 0 %)."""
    before = cube["wave"].map(held).fillna(1).to_numpy() == 0
    cube["note"] = pd.Series(np.where(before, NO_EVENT_YET, None), dtype="str")
    for column in clear:
        if column in cube.columns:
            cube[column] = cube[column].where(~before)
    return cube


@register_kind("attendance_reach", additive=PERSON_KEYS, cumulative=True, population="known")
def attendance_reach(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Share of a group's target present at ≥ ``min_steps`` distinct steps (of ``steps`` if given),
    a full count « x sur y » (no interval).

    qpv ``"*"``: reached ÷ the group's framework target (n = base = target; known people when
    the framework sets none). qpv rows: reached ÷ the group's known people of that QPV.
    """
    group = param(spec, "group", required=True)
    steps = param(spec, "steps")
    min_steps = int(param(spec, "min_steps", 1))
    pres = presences(data, fw)
    pres = pres[(pres["group"] == group).to_numpy()]
    if steps is not None:
        pres = pres[pres["step"].isin([str(s) for s in steps]).to_numpy()]
    known = people_table(data, fw)
    known = known[(known["group_id"] == group).to_numpy()].rename(columns={"group_id": "group"})
    parts = []
    for wave, cutoff in wave_cutoffs(fw):
        counted = _until(pres, cutoff).groupby("person_id")["step"].nunique()
        reached = set(counted[counted >= min_steps].index)
        parts.append(known[["qpv", "group"]].assign(
            wave=wave, reached=known["person_id"].isin(reached).to_numpy(float), known=1.0))
    base = pd.concat(parts, ignore_index=True)
    cube = sum_rollup(base, PERSON_KEYS, ["reached", "known"], fixed=("wave",))
    target = fw.group(group).target
    top = (cube["qpv"] == ALL).to_numpy()
    cube["n"] = np.where(top & (target is not None), float(target or 0), cube["known"])
    listed = np.where(top & (target is not None), "target", "known")
    cube = _full_count(cube, "reached", "n", method="", unit="people")
    cube["method"] = pd.Series(listed).map(FULL_COUNT_METHODS).to_numpy()
    cube = mark_no_event(cube, events_held(data, fw, steps), ("value", "count"))
    return cube.drop(columns=["reached", "known"])


@register_kind("mainstream_coverage", additive=PERSON_KEYS, cumulative=True,
               population="mainstream", statistic="share_of_things")
def mainstream_coverage(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Share of the roster's mainstream organisations represented at ≥ ``min_steps`` steps.

    group rows: organisations of that roster group; qpv rows: represented by present people of
    that QPV. A full count « x sur y organisations » (``base`` = the roster's organisations, no
    interval); n = distinct present people from those organisations (the privacy count).
    """
    min_steps = int(param(spec, "min_steps", 1))
    roster = {o.id: o.group for o in fw.organisations if o.mainstream}
    pres = presences(data, fw)
    pres = pres[pres["organisation"].isin(list(roster)).to_numpy()]
    pres = pres.assign(group=pres["organisation"].map(roster))
    orgs = pd.Series(roster).value_counts()

    def aggregate(sub: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        keys = ["wave", *by]
        steps = sub.groupby([*keys, "organisation"], sort=False)["step"].nunique()
        covered = (steps >= min_steps).groupby(level=keys).sum().rename("covered")
        people = sub.groupby(keys, sort=False)["person_id"].nunique().rename("n")
        return pd.concat([covered, people], axis=1).fillna(0.0)

    frames = [_until(pres, cutoff).assign(wave=wave) for wave, cutoff in wave_cutoffs(fw)]
    cube = rollup(pd.concat(frames, ignore_index=True), PERSON_KEYS, aggregate)
    cube = _complete_waves(cube, fw, ["covered", "n"])
    cube["organisations"] = np.where(cube["group"] == ALL, float(len(roster)),
                                     cube["group"].map(orgs).fillna(0).astype(float))
    cube = _full_count(cube, "covered", "organisations", method=FULL_COUNT_METHODS["roster"],
                       unit="organisations")
    cube = mark_no_event(cube, events_held(data, fw), ("value", "count"))
    return cube.drop(columns=["covered", "organisations"])


def _complete_waves(cube: pd.DataFrame, fw: Framework, zeros: list[str]) -> pd.DataFrame:
    """Add the (wave, *, *) rows of waves before any event, with zero counts."""
    have = set(cube.loc[(cube["qpv"] == ALL) & (cube["group"] == ALL), "wave"])
    missing = [w for w, _ in wave_cutoffs(fw) if w not in have]
    if not missing:
        return cube
    extra = pd.DataFrame({"wave": missing, "qpv": ALL, "group": ALL, **{c: 0.0 for c in zeros}})
    return pd.concat([cube, extra], ignore_index=True)


def step_waves(fw: Framework) -> dict[str, str]:
    """Step id → the wave it precedes (first wave dated after the step's end)."""
    waves = sorted(fw.waves, key=lambda w: w.date)
    out = {}
    for step in fw.steps:
        later = [w.id for w in waves if w.date > step.end]
        if later:
            out[step.id] = later[0]
    return out


def _distinct_people(sub: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    if not by:
        return pd.DataFrame({"n": [float(sub["person_id"].nunique())]})
    return sub.groupby(by, sort=False)["person_id"].nunique().astype(float).rename("n").to_frame()


@register_kind("participation_by_step", additive=PERSON_KEYS, extra_keys=("step",),
               population="present", statistic="count")
def participation_by_step(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Distinct present people per step × group × QPV; value = n = that count."""
    pres = presences(data, fw)
    pres = pres.assign(wave=pres["step"].map(step_waves(fw)))
    cube = rollup(pres, ["wave", "qpv", "group", "step"], _distinct_people)
    cube["value"] = cube["n"]
    cube["lower"] = cube["upper"] = np.nan
    cube["mode"], cube["method"] = "per_step", "distinct_people_count"
    cube["base"], cube["base_unit"] = cube["n"], "people"
    return cube


@register_kind("attendance_continuity", additive=PERSON_KEYS, extra_keys=("step",),
               population="present")
def attendance_continuity(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Share of the people present at a step who come back at a later step (by step number),
    the steps reserved to the project team left out (``team_groups``, default ``equipe``).

    step ``"*"``: share of everyone present who attended two steps or more. Wilson interval.
    """
    pres = presences(data, fw)
    if param(spec, "group") is not None:
        pres = pres[(pres["group"] == param(spec, "group")).to_numpy()]
    team = set(param(spec, "team_groups", TEAM_GROUPS))
    number = {s.id: s.number for s in fw.steps if not reserved_to_team(s.groups, team)}
    pres = pres.assign(number=pres["step"].map(number), wave=pres["step"].map(step_waves(fw)))
    pres = pres[pres["number"].notna()]
    last = pres.groupby("person_id")["number"].transform("max")
    distinct = pres.groupby("person_id")["number"].transform("nunique")
    per_step = pres.assign(back=(last > pres["number"]).astype(float))
    per_step = per_step.drop_duplicates(["person_id", "step"])

    def aggregate(sub: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        if "step" not in by:  # over steps: people with ≥ 2 distinct steps among those present
            sub = sub.assign(back=(sub["multi"] > 1).astype(float)).drop_duplicates(
                [*by, "person_id"])
        if not by:
            return pd.DataFrame({"back": [sub["back"].sum()], "n": [float(len(sub))]})
        grouped = sub.groupby(by, sort=False)
        return pd.concat([grouped["back"].sum(), grouped.size().astype(float).rename("n")],
                         axis=1)

    frame = per_step.assign(multi=distinct.loc[per_step.index])
    cube = rollup(frame, ["wave", "qpv", "group", "step"], aggregate)
    cube = _finish(cube, "back", "n", mode="per_step", method="wilson_came_back_later")
    return cube.rename(columns={"back": "count"})


def reserved_to_team(groups: list[str], team: set[str] | frozenset[str] = frozenset(TEAM_GROUPS),
                     ) -> bool:
    """Whether a step's framework groups are all project-team groups (S1, S9 of the demo)."""
    return bool(groups) and set(groups) <= set(team)


@register_kind("participation_per_1000", additive=PERSON_KEYS, cumulative=True,
               population="present", statistic="rate")
def participation_per_1000(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Distinct people of a QPV present (group ``habitants`` unless ``group`` says otherwise)
    per 1,000 inhabitants of the QPV (framework population); Wilson interval × 1,000."""
    group = param(spec, "group", "habitants")
    pres = presences(data, fw)
    pres = pres[(pres["group"] == group).to_numpy() if group != ALL else slice(None)]
    population = {q.id: float(q.population) for q in fw.territory.qpvs}
    pres = pres[pres["qpv"].isin(list(population)).to_numpy()]
    frames = [_until(pres, cutoff).assign(wave=wave) for wave, cutoff in wave_cutoffs(fw)]
    cube = rollup(pd.concat(frames, ignore_index=True), PERSON_KEYS,
                  lambda sub, by: _distinct_people(sub, ["wave", *by]))
    cube = _complete_waves(cube, fw, ["n"])
    cube["population"] = np.where(cube["qpv"] == ALL, sum(population.values()),
                                  cube["qpv"].map(population).astype(float))
    cube = _finish(cube, "n", "population", mode="cumulative",
                   method="wilson_per_1000_population", unit="inhabitants")
    for col in ("value", "lower", "upper"):
        cube[col] = cube[col] * 1000
    return mark_no_event(cube, events_held(data, fw))
