"""Questionnaire (Likert) kinds: agreement share, mean score, distribution per level.

**Each person counts once.** A person's *score* at a wave is computed from their own answers to
the indicator's items (their share of agreeing answers, or the mean of their answers); a cell's
value is the mean of those person scores, so a professional who answered two items weighs as
much as a resident who answered one. « Ne se prononce pas » (NSP: value empty, ``missing``
filled) never enters a person's share unless ``nsp_in_denominator: true``; each cell reports
``nsp_share``, the mean over its people of their share of NSP answers.

Intervals (``workbench.stats.persons`` / ``workbench.stats.panel``, method named per row):

* a wave's cell: Student t on the person scores, or Clopper–Pearson on the persons when the
  t interval would leave the scale, the scores do not vary or n < 10 (never zero width);
* the all-waves (``"*"``) cell: mean of the person × wave scores with persons as clusters
  (cluster-robust CR1, t with G − 1 df): ``n`` is the number of *distinct* people, ``n_obs``
  their person × wave scores, ``n_repeat`` those who answered at two waves or more.

``mode`` says how a cell reads over time: ``panel`` (the same people at every wave),
``cross_section`` (nobody answered twice: successive photographs) or ``mixed``; ``n_both`` (a
wave's people who also answered the previous wave) says how many are followed. Those counts go
through the small-cell rule like ``n`` (``published_counts``).

Reliability: Cronbach's α of the indicator's items (``scale_alpha``: pairwise covariances on the
people with ≥ 2 answered items, the score's population minus those who answered one item)
with ``alpha_n`` (those people), from additive sums so that every cell is computed at once;
displays read it with ``workbench.stats.alpha_warning``
(``alpha_low`` under 0.6, ``alpha_negative``).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.published_counts import mask_sub_counts
from workbench.indicators.registry import ALL, KEYS, param, register_kind, sum_rollup
from workbench.privacy.suppression import suppress
from workbench.stats.panel import clustered_mean_from_sums
from workbench.stats.persons import mean_from_sums
from workbench.stats.reliability import alpha_from_pair_sums, alpha_pair_sums
from workbench.store import Dataset

PERSON_ADDITIVE = ("qpv", "group")  # within a wave a person is in one cell; "*" counts people once
MODES = ("panel", "mixed", "cross_section")


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


def _scale_bounds(spec: Indicator, fw: Framework) -> tuple[float, float]:
    scale = fw.scales[fw.item(next(iter(param(spec, "items", required=True)))).scale]
    return float(scale.min), float(scale.max)


# --- person scores -------------------------------------------------------------------------------
def person_wave_scores(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """One row per person × wave with ≥ 1 listed item answered or NSP (answers to several
    instruments at one wave are pooled): wave, qpv, group, person_id, ``answered``, ``agree``
    (answers ≥ agree_from), ``nsp``, ``mean`` (of the answered items), ``share`` (agree /
    answered, or / (answered + nsp) when NSP counts) and ``nsp_share`` (nsp / (answered + nsp))."""
    answers, respondents = _selected(data, spec)
    size = len(respondents)
    rid = answers["rid"].to_numpy()
    value = answers["value"].to_numpy()
    answered = ~np.isnan(value)
    agree_from = _agree_from(spec, fw)
    sums = {
        "answered": np.bincount(rid, weights=answered, minlength=size),
        "agree": np.bincount(rid, weights=answered & (np.nan_to_num(value) >= agree_from),
                             minlength=size),
        "nsp": np.bincount(rid, weights=answers["nsp"].to_numpy(), minlength=size),
        "_total": np.bincount(rid, weights=np.nan_to_num(value), minlength=size),
    }
    keep = (sums["answered"] > 0) | (sums["nsp"] > 0)
    out = respondents.loc[keep, ["wave", "qpv", "group", "person_id"]].reset_index(drop=True)
    for name, column in sums.items():
        out[name] = column[keep]
    if out.duplicated(["wave", "person_id"]).any():  # one person, two instruments, one wave
        first = out.groupby(["wave", "person_id"], sort=False)[["qpv", "group"]].first()
        counts = out.groupby(["wave", "person_id"], sort=False)[list(sums)].sum()
        out = first.join(counts).reset_index()[out.columns]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["mean"] = out.pop("_total") / out["answered"]
        denominator = out["answered"] + (out["nsp"] if param(spec, "nsp_in_denominator", False)
                                         else 0)
        out["share"] = (out["agree"] / denominator).where(denominator > 0)
        out["nsp_share"] = out["nsp"] / (out["answered"] + out["nsp"])
    return out


def _subsets(keys: tuple[str, ...] = PERSON_ADDITIVE) -> list[list[str]]:
    return [list(c) for size in range(len(keys), -1, -1)
            for c in itertools.combinations(keys, size)]


def _with_margins(part: pd.DataFrame, subset: list[str]) -> pd.DataFrame:
    for key in PERSON_ADDITIVE:
        if key not in subset:
            part[key] = ALL
    return part


def _cell_codes(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer code of each row's cell over ``keys`` (−1 when a key is null: such a row counts
    only where that key is ``"*"``) and the cells, in code order."""
    if not keys:
        return np.zeros(len(frame), dtype=np.int64), pd.DataFrame(index=range(1))
    null = frame[keys].isna().any(axis=1).to_numpy()
    index = pd.MultiIndex.from_frame(frame[keys])
    cells = index[~null].unique().sort_values()
    codes = cells.get_indexer(index).astype(np.int64)
    codes[null] = -1
    return codes, cells.to_frame(index=False)


def _bincount(code: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    ok = code >= 0
    return np.bincount(code[ok], weights=np.asarray(weights, dtype=float)[ok], minlength=size)


def person_cube(scores: pd.DataFrame, fw: Framework, *, value: str,
                bounds: tuple[float, float]) -> pd.DataFrame:
    """Every wave × qpv × group cell (margins included) of the mean of person scores ``value``
    (``stats.persons.mean_from_sums``): value, sd, n (people with a score), lower, upper,
    method, nsp_share; wave ``"*"`` with persons as clusters
    (``stats.panel.clustered_mean_from_sums``: n = distinct people, ``n_obs`` their person ×
    wave scores)."""
    scores = scores[scores["wave"].isin(fw.wave_ids)].reset_index(drop=True)
    y = scores[value].to_numpy(dtype=float)
    has = ~np.isnan(y)
    y0 = np.where(has, y, 0.0)
    base = scores[["wave", "qpv", "group"]].assign(
        n=has.astype(float), s1=y0, s2=y0**2, nsp=scores["nsp_share"].to_numpy(), rows=1.0)
    sums = sum_rollup(base, PERSON_ADDITIVE, ["n", "s1", "s2", "nsp", "rows"], fixed=("wave",))
    per_wave = mean_from_sums(sums["n"], sums["s1"], sums["s2"], bounds=bounds)
    per_wave = pd.concat([sums[list(KEYS)], per_wave], axis=1).assign(n=sums["n"].to_numpy())
    with np.errstate(invalid="ignore", divide="ignore"):
        per_wave["nsp_share"] = sums["nsp"].to_numpy() / sums["rows"].to_numpy()
    parts = [per_wave]
    person = pd.factorize(scores["person_id"])[0]
    people = int(person.max()) + 1 if len(person) else 1  # no answer yet: nothing pooled
    for subset in _subsets():
        cell, cells = _cell_codes(scores, subset)
        size = len(cells)
        ok = cell >= 0
        nsp = _bincount(cell, scores["nsp_share"].to_numpy(), size)
        rows = _bincount(cell, np.ones(len(cell)), size)
        keep = ok & has
        pair = pd.factorize(cell[keep] * people + person[keep])[0]
        if not len(pair):
            continue
        first = np.full(pair.max() + 1, -1, dtype=np.int64)
        first[pair[::-1]] = np.arange(len(pair) - 1, -1, -1)
        total = np.bincount(pair, weights=y[keep])
        count = np.bincount(pair, weights=np.ones(len(pair)))
        owner = cell[keep][first]
        pooled = clustered_mean_from_sums(
            np.bincount(owner, minlength=size), _bincount(cell, has, size),
            _bincount(cell, y0, size), _bincount(cell, y0**2, size),
            np.bincount(owner, weights=total**2, minlength=size),
            np.bincount(owner, weights=total * count, minlength=size),
            np.bincount(owner, weights=count**2, minlength=size), bounds=bounds)
        pooled = pd.concat([cells, pooled.drop(columns="se")], axis=1)
        pooled["n"] = np.bincount(owner, minlength=size).astype(float)
        pooled["n_obs"] = _bincount(cell, has, size)
        with np.errstate(invalid="ignore", divide="ignore"):
            pooled["nsp_share"] = nsp / rows
        parts.append(_with_margins(pooled[pooled["n"] + rows > 0].assign(wave=ALL), subset))
    columns = [*KEYS, "value", "sd", "n", "lower", "upper", "method", "nsp_share", "n_obs"]
    cube = pd.concat(parts, ignore_index=True).reindex(columns=columns)
    # a cell where nobody has a score (only « ne se prononce pas ») publishes nothing: its
    # NSP share would rest on people the small-cell rule (which reads n) does not see
    cube["nsp_share"] = cube["nsp_share"].where(cube["n"] > 0)
    for key in KEYS:
        cube[key] = cube[key].astype("str")
    return cube


def panel_columns(scores: pd.DataFrame, fw: Framework) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How the same people are followed, per cell (margins included), from the person × wave
    scores: ``(per_wave, per_cell)``. ``per_wave``: wave, qpv, group, ``n_both`` (the cell's
    people at that wave who also have a score at the previous framework wave in the same cell;
    NaN at the first wave). ``per_cell``: qpv, group, ``n_repeat`` (people with scores at two
    waves or more) and ``mode``: ``cross_section`` (nobody twice), ``panel`` (everyone at every
    wave the cell has data for) or ``mixed``."""
    scored = scores[(scores["share"].notna() | scores["mean"].notna())
                    & scores["wave"].isin(fw.wave_ids)].reset_index(drop=True)
    rank = scored["wave"].map({w: i for i, w in enumerate(fw.wave_ids)}).to_numpy(np.int64)
    person = pd.factorize(scored["person_id"])[0].astype(np.int64)
    people, n_waves = int(person.max()) + 1 if len(person) else 1, len(fw.wave_ids)
    waves, cells = [], []
    for subset in _subsets():
        cell, keys = _cell_codes(scored, subset)
        ok = cell >= 0
        key = (cell * people + person) * n_waves + rank
        was = ok & (rank > 0) & np.isin(key - 1, key[ok])
        wave_cell = np.where(ok, cell * n_waves + rank, -1)
        size = len(keys) * n_waves
        present = _bincount(wave_cell, np.ones(len(cell)), size) > 0
        both = _bincount(wave_cell, was, size)
        grid = keys.loc[np.repeat(np.arange(len(keys)), n_waves)].reset_index(drop=True)
        grid["wave"] = np.tile(fw.wave_ids, len(keys))
        grid["n_both"] = np.where(np.tile(np.arange(n_waves), len(keys)) == 0, np.nan, both)
        waves.append(_with_margins(grid[present], subset))
        pair, pair_index = pd.factorize(np.where(ok, cell * people + person, -1))
        spread_cells = _bincount(wave_cell, np.ones(len(cell)), size).reshape(-1, n_waves)
        spread = (spread_cells > 0).sum(axis=1)
        per_person = np.bincount(pair, minlength=len(pair_index))  # waves of each person
        owner = np.asarray(pair_index) // people
        real = owner >= 0
        repeat = np.bincount(owner[real], weights=(per_person[real] >= 2), minlength=len(keys))
        fewest = np.full(len(keys), n_waves + 1)
        np.minimum.at(fewest, owner[real], per_person[real])
        mode = np.select([(repeat == 0) | (spread <= 1), fewest == spread],
                         ["cross_section", "panel"], default="mixed")
        cells.append(_with_margins(keys.assign(n_repeat=repeat, mode=mode), subset))
    per_wave = pd.concat(waves, ignore_index=True) if waves else \
        pd.DataFrame(columns=[*KEYS, "n_both"])
    per_cell = pd.concat(cells, ignore_index=True) if cells else \
        pd.DataFrame(columns=["qpv", "group", "n_repeat", "mode"])
    for frame in (per_wave, per_cell):
        for k in KEYS:
            if k in frame.columns:
                frame[k] = frame[k].astype("str")
    return per_wave, per_cell


def _attach_panel(cube: pd.DataFrame, scores: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    per_wave, per_cell = panel_columns(scores, fw)
    cube = cube.merge(per_wave, on=list(KEYS), how="left")
    cube = cube.merge(per_cell, on=["qpv", "group"], how="left")
    pooled = (cube["wave"] == ALL).to_numpy()
    cube["n_repeat"] = cube["n_repeat"].where(pooled)
    cube["n_obs"] = cube["n_obs"].where(pooled)
    cube["mode"] = cube["mode"].fillna("cross_section").astype("str")
    return cube


# --- reliability ---------------------------------------------------------------------------------
def alpha_cube(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Cronbach's α of the indicator's items per wave × qpv × group cell (margins; wave ``"*"``
    pools the person × wave answers): ``alpha`` and ``alpha_n`` (people with ≥ 2 answered
    items), pairwise covariances from additive sums (``stats.reliability.alpha_pair_sums``)."""
    items = list(param(spec, "items", required=True))
    answers, respondents = _selected(data, spec)
    rid = answers["rid"].to_numpy()
    keep = ~np.isnan(answers["value"].to_numpy())
    keep &= respondents["wave"].isin(fw.wave_ids).to_numpy()[rid]
    if len(items) < 2 or not keep.any():
        return pd.DataFrame(columns=[*KEYS, "alpha", "alpha_n"])
    rid = rid[keep]
    # one row per person × wave (integer codes of the respondents, not of every answer)
    wave_code = pd.factorize(respondents["wave"])[0].astype(np.int64)
    person_code = pd.factorize(respondents["person_id"])[0].astype(np.int64)
    combined = person_code * (int(wave_code.max()) + 1) + wave_code
    row, _ = pd.factorize(combined[rid])
    names = np.asarray(answers.attrs["items"], dtype=object)
    column = pd.Index(items).get_indexer(names[answers["item"].to_numpy()[keep]])
    wide = np.full((row.max() + 1, len(items)), np.nan)
    wide[row, column] = answers["value"].to_numpy()[keep]
    first = np.full(row.max() + 1, -1, dtype=np.int64)
    first[row[::-1]] = np.arange(len(row) - 1, -1, -1)
    base = respondents.iloc[rid[first]][["wave", "qpv", "group"]].reset_index(drop=True)
    sums = alpha_pair_sums(wide)
    base = base.assign(**sums)
    cube = sum_rollup(base, KEYS, list(sums))
    cube["alpha"] = alpha_from_pair_sums(cube, len(items))
    cube["alpha_n"] = cube["n"]
    return cube[[*KEYS, "alpha", "alpha_n"]]


def _attach_alpha(cube: pd.DataFrame, data: Dataset, spec: Indicator,
                  fw: Framework) -> pd.DataFrame:
    alpha = alpha_cube(data, spec, fw)
    return cube.merge(alpha, on=list(KEYS), how="left")


def publish_person_counts(cube: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """The small-cell rule on the counts beside ``n`` (``n_both``, ``n_repeat``, ``n_obs``,
    ``alpha_n``): a count, or its complement in ``n``, of 1 to threshold − 1 people is hidden;
    α is hidden with its count when that count is under the threshold."""
    return mask_sub_counts(cube, fw, counts={
        "n_both": (), "n_repeat": ("n_obs",), "alpha_n": ("alpha",)},
        additive=PERSON_ADDITIVE)


# --- kinds ---------------------------------------------------------------------------------------
def _finish(cube: pd.DataFrame, data: Dataset, spec: Indicator, fw: Framework,
            scores: pd.DataFrame) -> pd.DataFrame:
    cube = _attach_panel(cube, scores, fw)
    cube = _attach_alpha(cube, data, spec, fw)
    cube["base"], cube["base_unit"] = cube["n"], "people"
    return publish_person_counts(cube, fw)


@register_kind("likert_agree_share", additive=PERSON_ADDITIVE,
               statistic="share_of_answers")
def likert_agree_share(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Mean over people of each person's share of agreeing answers (≥ agree_from) to the listed
    items; n = people with at least one item answered; ``nsp_share`` and α beside it."""
    scores = person_wave_scores(data, spec, fw)
    cube = person_cube(scores, fw, value="share", bounds=(0.0, 1.0))
    return _finish(cube, data, spec, fw, scores)


@register_kind("likert_mean", additive=PERSON_ADDITIVE, statistic="mean")
def likert_mean(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Mean over people of each person's mean of the listed items (bounded by the scale);
    n = people; ``nsp_share``, Cronbach's α (``alpha``, ``alpha_n``)."""
    scores = person_wave_scores(data, spec, fw)
    cube = person_cube(scores, fw, value="mean", bounds=_scale_bounds(spec, fw))
    return _finish(cube, data, spec, fw, scores)


def likert_distribution(
    data: Dataset, fw: Framework, *, items: list[str], by: list[str] | tuple[str, ...] = ("wave",),
    instrument: str | None = None,
) -> pd.DataFrame:
    """Counts per scale level and NSP, per item, for diverging Likert bars (suppressed).

    One row per ``by`` cell (margins included) × item × level (``"1"`` … ``"5"``, ``"nsp"``):
    ``count``, ``share`` (of the answered, NSP apart: its share is of answered + NSP), ``n``
    (people who answered the item or said NSP: one answer per person and item at a wave). A
    whole item × cell is masked when its n is small.
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
