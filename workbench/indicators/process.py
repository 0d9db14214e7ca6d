"""Process and collaboration-profile kinds: process duration, Wilder-style factor profile,
Bilodeau-style A/B/C profile (each person counts once in both profiles)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.likert import (
    PERSON_ADDITIVE,
    answer_index,
    item_mask,
    likert_mean,
    person_cube,
)
from workbench.indicators.participation import (
    PERSON_KEYS,
    _complete_waves,
    _until,
    events_held,
    mark_no_event,
    presences,
    wave_cutoffs,
)
from workbench.indicators.registry import param, register_kind, rollup
from workbench.store import Dataset

DAYS_PER_MONTH = 365.25 / 12
BANDS = ((4.0, "strength"), (3.0, "discuss"), (-np.inf, "concern"))


@register_kind("process_duration", additive=PERSON_KEYS, cumulative=True, population="present",
               statistic="months")
def process_duration(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Months from the first event held (step 1 onwards) to the last event held by the wave's
    date; n = distinct people present at those events (a breakdown keeps the events that
    someone of that QPV or group attended)."""
    pres = presences(data, fw)
    pres = pres[pres["date"].notna()]

    def aggregate(sub: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        grouped = sub.groupby(["wave", *by], sort=False)
        first = pd.to_datetime(grouped["date"].min())
        last = pd.to_datetime(grouped["date"].max())
        months = ((last - first).dt.days / DAYS_PER_MONTH).rename("value")
        return pd.concat([months, grouped["person_id"].nunique().astype(float).rename("n")],
                         axis=1)

    frames = [_until(pres, cutoff).assign(wave=wave) for wave, cutoff in wave_cutoffs(fw)]
    cube = rollup(pd.concat(frames, ignore_index=True), PERSON_KEYS, aggregate)
    cube = _complete_waves(cube, fw, ["n"])
    cube["lower"] = cube["upper"] = np.nan
    cube["mode"], cube["method"] = "cumulative", "months_first_to_last_event"
    cube["base"], cube["base_unit"] = cube["n"], "people"
    return mark_no_event(cube, events_held(data, fw))


def band_of(value: float) -> str:
    """Wilder reading of a factor score: ≥ 4 strength, 3 to 3.9 to discuss, < 3 concern."""
    if value is None or np.isnan(value):
        return ""
    return next(name for floor, name in BANDS if value >= floor)


@register_kind("factor_profile", additive=PERSON_ADDITIVE, extra_keys=("factor",),
               statistic="mean")
def factor_profile(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Wilder-style profile: per factor (params ``factors: {id: [items]}``), the mean over
    people of each person's mean of the factor's items (``likert_mean``), with its band."""
    factors: dict[str, list[str]] = param(spec, "factors", required=True)
    parts = []
    for factor, items in factors.items():
        sub = spec.model_copy(update={"params": {**spec.params, "items": list(items)}})
        parts.append(likert_mean(data, sub, fw).assign(factor=str(factor)))
    cube = pd.concat(parts, ignore_index=True)
    cube["band"] = pd.Series([band_of(v) for v in cube["value"]], dtype="str")
    return cube


@register_kind("abc_profile", additive=PERSON_ADDITIVE, extra_keys=("condition", "level"),
               statistic="share_of_answers")
def abc_profile(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Bilodeau-style profile: per condition (params ``conditions: {id: [items]}``) the share
    of answers A, B, C (coded 1, 2, 3; ``codes`` may override), each person once: the mean over
    people of each person's share of their answers at that level (``likert.person_cube``)."""
    conditions: dict[str, list[str]] = param(spec, "conditions", required=True)
    codes: dict[str, float] = param(spec, "codes", {"A": 1, "B": 2, "C": 3})
    answers, respondents = answer_index(data)
    parts = []
    for condition, items in conditions.items():
        sel = answers[item_mask(answers, list(items))]
        sel = sel[~np.isnan(sel["value"].to_numpy())]
        rid = sel["rid"].to_numpy()
        size = len(respondents)
        answered = np.bincount(rid, minlength=size).astype(float)
        keep = answered > 0
        who = respondents.loc[keep, ["wave", "qpv", "group", "person_id"]].reset_index(drop=True)
        for name, code in codes.items():
            hits = np.bincount(rid, weights=(sel["value"].to_numpy() == code), minlength=size)
            scores = who.assign(share=hits[keep] / answered[keep], nsp_share=0.0)
            scores = scores.drop_duplicates(["wave", "person_id"])
            part = person_cube(scores, fw, value="share", bounds=(0.0, 1.0))
            parts.append(part.assign(condition=str(condition), level=name))
    cube = pd.concat(parts, ignore_index=True)
    cube["mode"] = "cross_section"
    cube["base"], cube["base_unit"] = cube["n"], "people"
    return cube.drop(columns=["nsp_share"])
