"""The people behind a share: in each cell, how many gave the answer (``did``) and how many gave
another one (``did_not``), for the rule on what a figure reveals (``rule.py``).

A pooled share of answers (agreement over two items) or of verbatims is not a count of people:
these functions go back to the people. Frames returned: the cube's keys (every margin, ``"*"``)
with ``did`` and ``did_not``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.likert import answer_index, item_mask, person_wave_scores
from workbench.indicators.qualitative import (
    I_FORMS,
    WE_FORMS,
    pronoun_counts,
    salience_base,
    verbatim_frame,
)
from workbench.indicators.registry import KEYS, param, rollup, sum_rollup
from workbench.store import Dataset


def likert_agreement(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """People who agreed with at least one listed item (``did``) and who gave at least one
    other answer on the scale (``did_not``), each person once per wave; NSP counts as another
    answer when it is in the denominator."""
    scores = person_wave_scores(data, spec, fw)
    with_nsp = bool(param(spec, "nsp_in_denominator", False))
    other = scores["answered"] - scores["agree"] + (scores["nsp"] if with_nsp else 0)
    base = scores[["wave", "qpv", "group"]].assign(
        did=(scores["agree"] > 0).to_numpy(float), did_not=(other > 0).to_numpy(float))
    return sum_rollup(base, KEYS, ["did", "did_not"])


def answer_levels(data: Dataset, items: list[str], code: float,
                  instrument: str | None = None) -> pd.DataFrame:
    """Respondents who gave answer ``code`` to one of ``items`` at least once (``did``) and who
    gave another answer at least once (``did_not``): the people behind a pooled level share."""
    answers, respondents = answer_index(data)
    keep = item_mask(answers, items) & ~np.isnan(answers["value"].to_numpy())
    if instrument is not None:
        keep &= (respondents["instrument"] == instrument).to_numpy()[answers["rid"].to_numpy()]
    sel = answers[keep]
    rid = sel["rid"].to_numpy()
    hit = sel["value"].to_numpy() == code
    size = len(respondents)
    did = np.bincount(rid, weights=hit, minlength=size) > 0
    other = np.bincount(rid, weights=~hit, minlength=size) > 0
    present = did | other
    base = respondents.loc[present, ["wave", "qpv", "group"]].assign(
        did=did[present].astype(float), did_not=other[present].astype(float))
    return sum_rollup(base, KEYS, ["did", "did_not"])


def _distinct(flags: pd.DataFrame) -> pd.DataFrame:
    """Per wave × qpv × group margin: distinct contributors with each flag."""

    def aggregate(sub: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        per = sub.groupby([*by, "contributor"], sort=False, dropna=False)[
            ["did", "did_not"]].max().reset_index()
        if not by:
            return per[["did", "did_not"]].sum().to_frame().T
        return per.groupby(by, sort=False, dropna=False)[["did", "did_not"]].sum()

    if flags.empty:
        return pd.DataFrame({**{k: pd.Series(dtype=str) for k in KEYS},
                             "did": pd.Series(dtype=float), "did_not": pd.Series(dtype=float)})
    return rollup(flags, KEYS, aggregate).drop(columns=["index"], errors="ignore")


def salience_contributors(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Contributors with a coded verbatim carrying the code (``did``) or not (``did_not``)."""
    code = str(param(spec, "code", spec.lesson))
    base = salience_base(data, spec, code)
    flags = base[["wave", "qpv", "group", "contributor"]].assign(
        did=(base["carries"] > 0).to_numpy(float), did_not=(base["carries"] <= 0).to_numpy(float))
    return _distinct(flags)


def pronoun_contributors(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Contributors who used a « nous » form (``did``) or a « je » form (``did_not``)."""
    verb = verbatim_frame(data, spec)
    counts = pronoun_counts(verb["text"], we_forms=param(spec, "we_forms", WE_FORMS),
                            i_forms=param(spec, "i_forms", I_FORMS))
    flags = verb[["wave", "qpv", "group", "contributor"]].assign(
        did=(counts["we"] > 0).to_numpy(float), did_not=(counts["i"] > 0).to_numpy(float))
    flags = flags[(flags["did"] + flags["did_not"]) > 0]
    return _distinct(flags)


PEOPLE_BEHIND: dict[str, Callable[[Dataset, Indicator, Framework], pd.DataFrame]] = {
    "likert_agree_share": likert_agreement,
    "code_salience": salience_contributors,
    "we_share": pronoun_contributors,
}


__all__ = ["PEOPLE_BEHIND", "answer_levels", "likert_agreement", "pronoun_contributors",
           "salience_contributors"]
