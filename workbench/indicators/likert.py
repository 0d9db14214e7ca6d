"""Questionnaire (Likert) kinds: agreement share, mean score, distribution per level.

Unit: a *respondent* is one questionnaire answered by one person at one wave
(wave × instrument × person). « Ne se prononce pas » (NSP: value empty, ``missing`` filled) never
enters a denominator unless ``nsp_in_denominator: true``; it is reported apart as ``n_nsp``
(number of NSP answers). Everything is vectorised: one integer id per respondent, ``bincount``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.registry import ALL, KEYS, param, register_kind, sum_rollup
from workbench.privacy.suppression import suppress
from workbench.stats.intervals import t_interval, wilson_interval
from workbench.store import Dataset

METHOD_AGREE = "wilson_pooled_respondents"
METHOD_MEAN = "t_mean_of_respondent_means"


# --- the respondent index (cached on the Dataset) ------------------------------------------------
def answer_index(data: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(answers, respondents)``: per answer its respondent id ``rid``, ``item`` code, value and
    NSP flag; per respondent (row = rid) its wave, instrument, person, qpv, group and ``cell``
    (an integer code of wave × qpv × group). Built once per Dataset, with integer codes only."""
    cached = data.frames.get("_likert_answers")
    if cached is not None:
        return cached, data.frames["_likert_respondents"]
    ans = data.answers
    combined = np.zeros(len(ans), dtype=np.int64)
    for col in ("wave", "instrument", "person_id"):
        codes, uniques = pd.factorize(ans[col])
        combined = combined * (len(uniques) + 1) + codes
    rid, _ = pd.factorize(combined)
    first = np.empty(rid.max() + 1 if len(rid) else 0, dtype=np.int64)
    first[rid[::-1]] = np.arange(len(rid) - 1, -1, -1)
    head = ans[["wave", "instrument", "person_id", "qpv", "group_id"]].take(first)
    respondents = head.rename(columns={"group_id": "group"}).reset_index(drop=True)
    respondents["cell"] = respondents.groupby(["wave", "qpv", "group"], dropna=False,
                                              sort=False).ngroup().to_numpy()
    item_codes, item_names = pd.factorize(ans["item_id"])
    value = pd.to_numeric(ans["value"], errors="coerce").to_numpy(dtype=float)
    frame = pd.DataFrame({
        "rid": rid.astype(np.int64), "item": item_codes, "value": value,
        "nsp": np.isnan(value) & ans["missing"].notna().to_numpy(),
    })
    frame.attrs["items"] = list(item_names)
    data.frames["_likert_answers"] = frame
    data.frames["_likert_respondents"] = respondents
    return frame, respondents


def item_mask(answers: pd.DataFrame, items: list[str]) -> np.ndarray:
    """Rows of the answer index whose item is one of ``items``."""
    names = answers.attrs.get("items", [])
    lookup = np.array([name in set(items) for name in names] + [False], dtype=bool)
    return lookup[answers["item"].to_numpy()]  # code −1 (no item) reads the last entry


def _selected(data: Dataset, spec: Indicator) -> tuple[pd.DataFrame, pd.DataFrame]:
    items = list(param(spec, "items", required=True))
    answers, respondents = answer_index(data)
    keep = item_mask(answers, items)
    instrument = param(spec, "instrument")
    if instrument is not None:
        allowed = (respondents["instrument"] == instrument).to_numpy()
        keep &= allowed[answers["rid"].to_numpy()]
    sel = pd.DataFrame({c: answers[c].to_numpy()[keep] for c in answers.columns})
    sel.attrs = answers.attrs
    return sel, respondents


def _agree_from(spec: Indicator, fw: Framework) -> float:
    given = param(spec, "agree_from")
    if given is not None:
        return float(given)
    first_item = fw.item(next(iter(param(spec, "items", required=True))))
    return float(fw.scales[first_item.scale].agree_from)


def respondent_scores(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """One row per respondent with ≥ 1 listed item answered or NSP: wave, qpv, group, person_id,
    ``answered``, ``agree`` (answers ≥ agree_from), ``nsp``, ``mean`` (mean of the answered items)
    and ``share`` (agree / answered, or / (answered + nsp) when NSP counts)."""
    answers, respondents = _selected(data, spec)
    size = len(respondents)
    rid = answers["rid"].to_numpy()
    value = answers["value"].to_numpy()
    answered = ~np.isnan(value)
    agree_from = _agree_from(spec, fw)
    count = np.bincount(rid, weights=answered, minlength=size)
    agree = np.bincount(rid, weights=answered & (np.nan_to_num(value) >= agree_from),
                        minlength=size)
    nsp = np.bincount(rid, weights=answers["nsp"].to_numpy(), minlength=size)
    total = np.bincount(rid, weights=np.nan_to_num(value), minlength=size)
    keep = (count > 0) | (nsp > 0)
    out = respondents[keep].copy()
    out["rid"] = np.flatnonzero(keep)
    out["answered"], out["agree"], out["nsp"] = count[keep], agree[keep], nsp[keep]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["mean"] = total[keep] / count[keep]
        denominator = count[keep] + (nsp[keep] if param(spec, "nsp_in_denominator", False) else 0)
        out["share"] = agree[keep] / denominator
    return out.reset_index(drop=True)


def _base(scores: pd.DataFrame, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """Sums of ``columns`` per wave × qpv × group cell (bincount on the cell code)."""
    cell = scores["cell"].to_numpy()
    size = int(cell.max()) + 1 if len(cell) else 0
    first = np.full(size, -1, dtype=np.int64)
    first[cell[::-1]] = np.arange(len(cell) - 1, -1, -1)
    present = first >= 0
    out = scores.iloc[first[present]][["wave", "qpv", "group"]].reset_index(drop=True)
    for name, values in columns.items():
        out[name] = np.bincount(cell, weights=np.asarray(values, dtype=float),
                                minlength=size)[present]
    return out


@register_kind("likert_agree_share", statistic="share_of_answers")
def likert_agree_share(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Share of answers ≥ agree_from among the answered listed items (pooled over respondents).

    Interval: Wilson score with the number of respondents as the sample size (a design effect
    for answers of one person being fully correlated: conservative). n = respondents with at
    least one listed item answered; at wave ``"*"`` a person answering two waves counts twice.
    """
    scores = respondent_scores(data, spec, fw)
    with_nsp = bool(param(spec, "nsp_in_denominator", False))
    denominator = scores["answered"] + (scores["nsp"] if with_nsp else 0)
    base = _base(scores, {
        "agree_answers": scores["agree"].to_numpy(),
        "answers": denominator.to_numpy(),
        "n": ((scores["answered"] > 0) if not with_nsp else (denominator > 0)).to_numpy(float),
        "n_nsp": scores["nsp"].to_numpy(),
    })
    cube = sum_rollup(base, KEYS, ["agree_answers", "answers", "n", "n_nsp"])
    with np.errstate(invalid="ignore", divide="ignore"):
        cube["value"] = np.where(cube["answers"] > 0, cube["agree_answers"] / cube["answers"],
                                 np.nan)
    cube["lower"], cube["upper"] = wilson_interval(cube["value"] * cube["n"], cube["n"])
    cube["mode"] = "cross_section"
    cube["method"] = METHOD_AGREE + ("_nsp_counted" if with_nsp else "")
    return cube.drop(columns=["agree_answers", "answers"])


@register_kind("likert_mean", statistic="mean")
def likert_mean(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Mean over respondents of each respondent's mean of the listed items; Student t interval;
    n = respondents; also Cronbach's α of the items (complete answers) with ``alpha_n``."""
    scores = respondent_scores(data, spec, fw)
    ok = scores["answered"].to_numpy() > 0
    m = np.where(ok, scores["mean"].to_numpy(), 0.0)
    columns = {"n": ok.astype(float), "s1": m, "s2": m**2, "n_nsp": scores["nsp"].to_numpy()}
    items = list(param(spec, "items", required=True))
    columns.update(_alpha_sums(data, spec, scores, items))
    base = _base(scores, columns)
    cube = sum_rollup(base, KEYS, list(columns))
    n = cube["n"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = cube["s1"] / n
        var = (cube["s2"] - cube["s1"] ** 2 / n) / (n - 1)
    cube["value"] = np.where(n > 0, mean, np.nan)
    cube["sd"] = np.sqrt(np.clip(var, 0, None)).where(n >= 2)
    cube["lower"], cube["upper"] = t_interval(cube["value"], cube["sd"], n)
    cube["alpha"], cube["alpha_n"] = _alpha_from_sums(cube, len(items), fw.min_cell)
    cube["mode"] = "cross_section"
    cube["method"] = METHOD_MEAN
    drop = [c for c in cube.columns if c in ("s1", "s2") or c.startswith("_a")]
    return cube.drop(columns=drop)


def _alpha_sums(data: Dataset, spec: Indicator, scores: pd.DataFrame,
                items: list[str]) -> dict[str, np.ndarray]:
    """Per respondent with every item answered: sums needed for α (x_j, x_j², T, T²)."""
    answers, respondents = _selected(data, spec)
    pos = np.full(len(respondents), -1, dtype=np.int64)
    pos[scores["rid"].to_numpy()] = np.arange(len(scores))
    wide = np.full((len(scores), len(items)), np.nan)
    for j, item in enumerate(items):
        rows = answers[item_mask(answers, [item])]
        where = pos[rows["rid"].to_numpy()]
        fine = where >= 0
        wide[where[fine], j] = rows["value"].to_numpy()[fine]
    complete = ~np.isnan(wide).any(axis=1)
    x = np.where(complete[:, None], wide, 0.0)
    out = {"_an": complete.astype(float)}
    for j in range(len(items)):
        out[f"_ax{j}"], out[f"_aq{j}"] = x[:, j], x[:, j] ** 2
    total = x.sum(axis=1)
    out["_at"], out["_aq"] = total, total**2
    return out


def _alpha_from_sums(cube: pd.DataFrame, k: int, min_cell: int) -> tuple[np.ndarray, np.ndarray]:
    n = cube["_an"].to_numpy()
    if k < 2:
        return np.full(len(cube), np.nan), n
    with np.errstate(invalid="ignore", divide="ignore"):
        item_var = sum((cube[f"_aq{j}"] - cube[f"_ax{j}"] ** 2 / n) / (n - 1) for j in range(k))
        total_var = (cube["_aq"] - cube["_at"] ** 2 / n) / (n - 1)
        alpha = k / (k - 1) * (1 - item_var / total_var)
    alpha = np.where((n >= max(2, min_cell)) & (total_var > 0), alpha, np.nan)
    # a count of complete answers under the threshold is itself a small cell: not published
    shown_n = np.where((n == 0) | (n >= min_cell), n, np.nan)
    return alpha, shown_n


def likert_distribution(
    data: Dataset, fw: Framework, *, items: list[str], by: list[str] | tuple[str, ...] = ("wave",),
    instrument: str | None = None,
) -> pd.DataFrame:
    """Counts per scale level and NSP, per item, for diverging Likert bars (suppressed).

    One row per ``by`` cell (margins included) × item × level (``"1"`` … ``"5"``, ``"nsp"``):
    ``count``, ``share`` (of the answered, NSP apart: its share is of answered + NSP), ``n``
    (respondents who answered or said NSP). A whole item × cell is masked when its n is small.
    """
    by = [k for k in by if k in KEYS]
    answers, respondents = answer_index(data)
    keep = item_mask(answers, items)
    if instrument is not None:
        keep &= (respondents["instrument"] == instrument).to_numpy()[answers["rid"].to_numpy()]
    sel = answers[keep]
    who = respondents.iloc[sel["rid"].to_numpy()].reset_index(drop=True)
    scale = fw.scales[fw.item(items[0]).scale]
    value = sel["value"].to_numpy()
    level = np.where(np.isnan(value), "nsp", np.nan_to_num(value).astype(int).astype(str))
    names = np.asarray(answers.attrs["items"], dtype=object)
    long = who[by].assign(item=names[sel["item"].to_numpy()].astype(str), level=level,
                          count=1.0)
    long = long[~(np.isnan(value) & ~sel["nsp"].to_numpy())]
    levels = [str(v) for v in range(scale.min, scale.max + 1)] + ["nsp"]
    wide = long.pivot_table(index=[*by, "item"], columns="level", values="count", aggfunc="sum",
                            fill_value=0.0, dropna=False, observed=True)
    wide = wide.reindex(columns=levels, fill_value=0.0).reset_index()
    wide.columns = [str(c) for c in wide.columns]
    wide["n"] = wide[levels].sum(axis=1)
    cube = sum_rollup(wide, [*by, "item"], [*levels, "n"])
    cube = cube[cube["item"] != ALL]
    cube = suppress(cube, threshold=fw.min_cell, keys=[*by, "item"], additive=by,
                    wave_order=fw.wave_ids)
    cube["answered"] = cube["n"].astype(float) - cube["nsp"]
    out = cube.melt(id_vars=[*by, "item", "n", "answered", "masked", "reason"],
                    value_vars=levels, var_name="level", value_name="count")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share"] = np.where(out["level"] == "nsp", out["count"] / out["n"].astype(float),
                                out["count"] / out["answered"])
    return out[[*by, "item", "level", "count", "share", "n", "masked",
                "reason"]].reset_index(drop=True)


def answer_distribution(data: Dataset, fw: Framework) -> pd.DataFrame | None:
    """Likert answers per level for every item × wave × QPV × group (``likert_distribution`` of
    all the framework's items), or None when nothing was answered."""
    items = [item.id for item in fw.items]
    if not items or data["responses"].empty:
        return None
    return likert_distribution(data, fw, items=items, by=("wave", "qpv", "group"))
