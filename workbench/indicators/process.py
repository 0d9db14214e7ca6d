"""Process and collaboration-profile kinds: process duration, Wilder-style factor profile,
Bilodeau-style A/B/C profile."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.likert import answer_index, item_mask, likert_mean
from workbench.indicators.participation import (
    PERSON_KEYS,
    _complete_waves,
    _until,
    presences,
    wave_cutoffs,
)
from workbench.indicators.registry import KEYS, param, register_kind, rollup, sum_rollup
from workbench.stats.intervals import wilson_interval
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
    return cube


def band_of(value: float) -> str:
    """Wilder reading of a factor score: ≥ 4 strength, 3 to 3.9 to discuss, < 3 concern."""
    if value is None or np.isnan(value):
        return ""
    return next(name for floor, name in BANDS if value >= floor)


@register_kind("factor_profile", extra_keys=("factor",), statistic="mean")
def factor_profile(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Wilder-style profile: per factor (params ``factors: {id: [items]}``), the mean over
    respondents of each respondent's mean of the factor's items (t interval), with its band."""
    factors: dict[str, list[str]] = param(spec, "factors", required=True)
    parts = []
    for factor, items in factors.items():
        sub = spec.model_copy(update={"params": {**spec.params, "items": list(items)}})
        parts.append(likert_mean(data, sub, fw).assign(factor=str(factor)))
    cube = pd.concat(parts, ignore_index=True)
    cube["band"] = pd.Series([band_of(v) for v in cube["value"]], dtype="str")
    cube["method"] = "t_mean_of_respondent_means_wilder_bands"
    return cube


@register_kind("abc_profile", extra_keys=("condition", "level"), statistic="share_of_answers")
def abc_profile(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Bilodeau-style profile: per condition (params ``conditions: {id: [items]}``) the shares of
    answers A, B, C (coded 1, 2, 3; ``codes`` may override) pooled over respondents; Wilson
    interval with n = respondents."""
    conditions: dict[str, list[str]] = param(spec, "conditions", required=True)
    codes: dict[str, float] = param(spec, "codes", {"A": 1, "B": 2, "C": 3})
    answers, respondents = answer_index(data)
    parts = []
    for condition, items in conditions.items():
        sel = answers[item_mask(answers, list(items))]
        sel = sel[~np.isnan(sel["value"].to_numpy())]
        who = respondents.iloc[sel["rid"].to_numpy()][list(KEYS)].reset_index(drop=True)
        counts = {name: (sel["value"].to_numpy() == code).astype(float)
                  for name, code in codes.items()}
        base = who.assign(answers=1.0, **{f"_{k}": v for k, v in counts.items()},
                          rid=sel["rid"].to_numpy())
        first = ~base.duplicated("rid")
        base = base.assign(n=first.to_numpy(float)).drop(columns="rid")
        base = base.groupby(list(KEYS), dropna=False, sort=False).sum().reset_index()
        cube = sum_rollup(base, KEYS, ["answers", "n", *(f"_{k}" for k in codes)])
        for name in codes:
            part = cube[[*KEYS, "n", "answers"]].assign(condition=str(condition), level=name)
            with np.errstate(invalid="ignore", divide="ignore"):
                part["value"] = cube[f"_{name}"] / cube["answers"]
            part["lower"], part["upper"] = wilson_interval(part["value"] * part["n"], part["n"])
            parts.append(part.drop(columns="answers"))
    cube = pd.concat(parts, ignore_index=True)
    cube["mode"], cube["method"] = "cross_section", "wilson_pooled_respondents"
    return cube
