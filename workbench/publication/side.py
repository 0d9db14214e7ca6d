"""The figures printed beside an indicator's value: « ne se prononce pas », the people followed
from one wave to the next, Cronbach's α and its count, « x sur y » of a full count.

They are published with their row (a masked row keeps none of them) and each is a cell of
``publication.csv``. The share of « ne se prononce pas » answers follows the rule on what a
figure reveals like any share of answers: it is shown only when ``min_category`` people or more
said « ne se prononce pas » and ``min_category`` or more answered on the scale (« 0 % » would
say that none of the group did, « 100 % » that all of them did).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.likert import person_wave_scores
from workbench.indicators.registry import KEYS, sum_rollup
from workbench.publication.rule import GROUP_DISCLOSURE
from workbench.publication.tables import make_cells, rounded
from workbench.store import Dataset

# beside the value: column → statistic in publication.csv
SIDE_FIGURES: dict[str, str] = {
    "nsp_share": "nsp_share", "count": "count", "base": "count", "n_both": "count",
    "n_repeat": "count", "n_obs": "count", "alpha": "alpha", "alpha_n": "count",
    "agreement": "agreement", "agreement_alpha": "alpha", "agreement_units": "count",
}
NSP_KINDS = ("likert_agree_share", "likert_mean")
ADDITIVE = ("qpv", "group")


def nsp_people(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Per wave × qpv × group (margins, wave ``"*"`` counting each person once): people with at
    least one « ne se prononce pas » (``did``) and with at least one answer on the scale
    (``did_not``)."""
    scores = person_wave_scores(data, spec, fw)
    scores = scores[scores["wave"].isin(fw.wave_ids)]
    base = scores[["wave", "qpv", "group"]].assign(
        did=(scores["nsp"] > 0).to_numpy(float), did_not=(scores["answered"] > 0).to_numpy(float))
    per_wave = sum_rollup(base, ADDITIVE, ["did", "did_not"], fixed=("wave",))
    people = scores.groupby("person_id", sort=False).agg(
        qpv=("qpv", "first"), group=("group", "first"), nsp=("nsp", "sum"),
        answered=("answered", "sum")).reset_index(drop=True)
    pooled = people[["qpv", "group"]].assign(
        wave="*", did=(people["nsp"] > 0).to_numpy(float),
        did_not=(people["answered"] > 0).to_numpy(float))
    pooled = sum_rollup(pooled, ADDITIVE, ["did", "did_not"], fixed=("wave",))
    out = pd.concat([per_wave, pooled], ignore_index=True)
    for key in KEYS:
        out[key] = out[key].astype(str)
    return out.drop_duplicates(list(KEYS), keep="first")


def nsp_hidden(frame: pd.DataFrame, people: pd.DataFrame, min_category: int) -> np.ndarray:
    """Rows of ``frame`` whose NSP share would tell that fewer than ``min_category`` people (or
    none, or all) of the cell said « ne se prononce pas »."""
    keys = list(KEYS)
    left = frame[keys].astype(str).reset_index(drop=True)
    merged = left.merge(people[[*keys, "did", "did_not"]], on=keys, how="left")
    did = merged["did"].fillna(0).to_numpy(float)
    did_not = merged["did_not"].fillna(0).to_numpy(float)
    return (did < min_category) | (did_not < min_category)


def publish_side(frame: pd.DataFrame, data: Dataset, spec: Indicator | None,
                 fw: Framework) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicator frame with its side figures blanked where they may not be shown (a masked
    row, an NSP share that reveals a small category), and their cells for publication.csv."""
    frame = frame.copy()
    masked = frame["masked"].astype(bool).to_numpy() if "masked" in frame else \
        np.zeros(len(frame), bool)
    reasons = frame["reason"].to_numpy(dtype=object) if "reason" in frame else \
        np.full(len(frame), None, dtype=object)
    parts = []
    indicator = spec.id if spec is not None else ""
    for column, statistic in SIDE_FIGURES.items():
        if column not in frame.columns:
            continue
        values = pd.to_numeric(frame[column], errors="coerce")
        hidden = masked.copy()
        reason = reasons.copy()
        if column == "nsp_share" and spec is not None and spec.kind in NSP_KINDS:
            small = nsp_hidden(frame, nsp_people(data, spec, fw), fw.min_category) & ~masked
            hidden |= small
            reason[small] = GROUP_DISCLOSURE
        frame[column] = pd.Series(rounded(values, statistic), index=frame.index).where(~hidden)
        present = values.notna().to_numpy() | hidden
        if not present.any():
            continue
        rows = frame[present].assign(_side=values[present].to_numpy())
        cells = make_cells(f"indicator:{indicator}", rows, indicator=indicator,
                           statistic=statistic, value="_side", n="_none",
                           subject=f"{column}")
        cells["status"] = np.where(hidden[present], "masked", "shown")
        cells["reason"] = np.where(hidden[present], reason[present], None)
        cells.loc[hidden[present], "value"] = np.nan
        cells["primary"] = False
        parts.append(cells)
    cells = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return frame, cells


__all__ = ["NSP_KINDS", "SIDE_FIGURES", "nsp_hidden", "nsp_people", "publish_side"]
