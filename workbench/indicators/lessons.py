"""The seven-lessons barometer: pure look-ups in precomputed (already suppressed) cubes.

>>> cubes = compute_all(data, fw)
>>> barometer(cubes, fw, qpv="tilleuls")          # lesson × wave × indicator, with trend
>>> barometer_overview(cubes, fw, group="elus")   # lesson × wave headline, for a heat-map
>>> wave_composition(data, fw)                     # who answered each wave, by group
>>> adjusted_headline(data, fw)                    # the headline at the first wave's group mix

Who answers changes from one wave to the next: ``wave_composition`` shows each wave's group
mix beside the barometer and ``adjusted_headline`` recomputes each lesson's headline as if
every wave had the first wave's mix of stakeholder groups (direct standardisation), labelled
as such, so that a rise due to who answered is not read as a change of opinion.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.registry import ALL, EXTRA_KEYS
from workbench.privacy.suppression import MASK_REASON_KEY, suppress
from workbench.stats.persons import composition, standardised_mean
from workbench.store import Dataset

HEADLINE_KIND = "likert_agree_share"
_META_CACHE: dict[int, pd.DataFrame] = {}


def _meta(fw: Framework) -> pd.DataFrame:
    cached = _META_CACHE.get(id(fw))
    if cached is not None:
        return cached
    lesson_order = {le.id: i for i, le in enumerate(fw.lessons)}
    meta = pd.DataFrame([{
        "lesson": ind.lesson, "lesson_order": lesson_order[ind.lesson],
        "indicator_order": i, "indicator": ind.id, "kind": ind.kind,
        "evidence": ind.evidence, "direction": ind.direction,
        "target": np.nan if ind.target is None else float(ind.target),
    } for i, ind in enumerate(fw.indicators)])
    _META_CACHE[id(fw)] = meta
    return meta


SLICE_COLUMNS = ["indicator", "wave", "value", "n", "lower", "upper", "masked", "reason",
                 "mode", "method"]
# what says how far a figure can be trusted, carried along when a cube has it
TRUST_COLUMNS = ["nsp_share", "alpha", "alpha_n", "base", "base_unit", "full_count", "count",
                 "note", "reliability", "agreement", "agreement_alpha", "n_both", "n_repeat"]


OVERVIEW_TRUST = ["nsp_share", "alpha"]  # what the heat-map says beside a headline


def _slice(cubes: dict[str, pd.DataFrame], *, qpv: str, group: str,
           trust: list[str] = TRUST_COLUMNS) -> pd.DataFrame:
    parts = []
    for cube in cubes.values():
        keep = (cube["qpv"] == qpv).to_numpy() & (cube["group"] == group).to_numpy()
        for extra in EXTRA_KEYS:
            if extra in cube.columns:
                keep &= (cube[extra] == ALL).to_numpy()
        columns = [*SLICE_COLUMNS, *(c for c in trust if c in cube.columns)]
        parts.append(cube.loc[keep, columns])
    if not parts:
        return pd.DataFrame(columns=SLICE_COLUMNS + trust)
    return pd.concat(parts, ignore_index=True).reindex(columns=SLICE_COLUMNS + trust)


def barometer(
    cubes: dict[str, pd.DataFrame], fw: Framework, *, qpv: str = ALL, group: str = ALL
) -> pd.DataFrame:
    """One row per lesson × wave × indicator (framework order): evidence, value, n, interval,
    masked/reason, direction, target, ``meets_target`` and ``trend`` (change since the previous
    wave of the framework when both are visible; ``trend_sign`` +1/0/−1 in the wanted direction)."""
    rows = _slice(cubes, qpv=qpv, group=group)
    waves = fw.wave_ids
    rows = rows[rows["wave"].isin(waves)]
    rows = rows.merge(_meta(fw), on="indicator", how="inner")
    rows["wave_order"] = rows["wave"].map({w: i for i, w in enumerate(waves)})
    rows = rows.sort_values(["lesson_order", "indicator_order", "wave_order"], kind="stable")
    same = rows["indicator"].eq(rows["indicator"].shift())
    previous = rows["value"].shift().where(same)
    rows["trend"] = (rows["value"] - previous).where(~rows["masked"])
    sign = np.sign(rows["trend"]) * np.where(rows["direction"] == "down", -1, 1)
    rows["trend_sign"] = sign.where(rows["direction"] != "none")
    rows["meets_target"] = np.where(
        rows["target"].notna() & rows["value"].notna(),
        np.where(rows["direction"] == "down", rows["value"] <= rows["target"],
                 rows["value"] >= rows["target"]), None)
    rows["qpv"], rows["group"] = qpv, group
    cols = ["lesson", "wave", "indicator", "kind", "evidence", "qpv", "group", "value", "n",
            "lower", "upper", "masked", "reason", "mode", "method", "direction", "target",
            "meets_target", "trend", "trend_sign", *TRUST_COLUMNS]
    return rows[cols].reset_index(drop=True)


def barometer_overview(
    cubes: dict[str, pd.DataFrame], fw: Framework, *, qpv: str = ALL, group: str = ALL
) -> pd.DataFrame:
    """Lesson × wave headline for a heat-map: the lesson's first perception indicator of kind
    ``likert_agree_share`` (else its first perception indicator); masked stays masked.
    Every lesson × wave is present (value NaN, ``indicator`` empty when the lesson has none)."""
    meta = _meta(fw)
    perception = meta[meta["evidence"] == "perception"]
    preferred = perception.assign(rank=(perception["kind"] != HEADLINE_KIND).astype(int))
    preferred = preferred[preferred["indicator"].isin(list(cubes))]
    headline = preferred.sort_values(["rank", "indicator_order"]).drop_duplicates("lesson")
    grid = pd.MultiIndex.from_product([[le.id for le in fw.lessons], fw.wave_ids],
                                      names=["lesson", "wave"]).to_frame(index=False)
    grid = grid.merge(headline[["lesson", "indicator", "target", "direction"]], on="lesson",
                      how="left")
    rows = _slice({i: cubes[i] for i in headline["indicator"]}, qpv=qpv, group=group,
                  trust=OVERVIEW_TRUST)
    out = grid.merge(rows, on=["indicator", "wave"], how="left")
    out["masked"] = out["masked"].fillna(False).astype(bool)
    out["qpv"], out["group"] = qpv, group
    return out[["lesson", "wave", "indicator", "qpv", "group", "value", "n", "lower", "upper",
                "masked", "reason", "target", "direction", "mode", "method", *OVERVIEW_TRUST]]


# --- who answered: composition of each wave and a composition-adjusted headline -----------------
COMPOSITION_MOVED = 0.05  # a group's share moving by 5 points or more from the first wave
OTHER_GROUPS = "_other"
METHOD_ADJUSTED = "direct_standardisation_first_wave_groups"


def wave_composition(data: Dataset, fw: Framework, *, qpv: str = ALL,
                     spec: Indicator | None = None) -> pd.DataFrame:
    """Each wave's respondents by stakeholder group: wave, group, n (distinct people who
    answered at least one item — of ``spec``'s items when given), share of the wave, masked and
    reason by the small-cell rule (a masked group's share is hidden with its count), moved
    (the group's share differs from the first wave's by ≥ 5 points)."""
    scores = _respondents(data, fw, spec)
    if qpv != ALL:
        scores = scores[(scores["qpv"] == qpv).to_numpy()]
    if scores.empty:
        return pd.DataFrame(columns=["wave", "group", "n", "share", "masked", "reason", "moved"])
    table = composition(scores[scores["wave"].isin(fw.wave_ids)], value=None)
    table = table.dropna(subset=["group"])
    totals = table.groupby("wave", as_index=False)["n"].sum().assign(group=ALL)
    cube = pd.concat([table.drop(columns="share"), totals], ignore_index=True)
    cube = cube.assign(qpv=qpv, n=cube["n"].astype(float))
    cube = suppress(cube, threshold=fw.min_cell, keys=["wave", "qpv", "group"],
                    additive=["group"])
    total = cube["wave"].map(dict(zip(totals["wave"], totals["n"], strict=True)))
    cube["share"] = (cube["n"].astype(float) / total.astype(float)).where(~cube["masked"])
    first = cube[cube["wave"] == fw.wave_ids[0]].set_index("group")["share"] if \
        (cube["wave"] == fw.wave_ids[0]).any() else pd.Series(dtype=float)
    cube["moved"] = (cube["share"] - cube["group"].map(first)).abs() >= COMPOSITION_MOVED
    order = {w: i for i, w in enumerate(fw.wave_ids)}
    groups = {g: i for i, g in enumerate([*fw.group_ids, ALL])}
    cube = cube.assign(_w=cube["wave"].map(order), _g=cube["group"].map(groups).fillna(99))
    cube = cube.sort_values(["_w", "_g"]).drop(columns=["_w", "_g", "qpv"])
    return cube[["wave", "group", "n", "share", "masked", "reason", "moved"]].reset_index(
        drop=True)


def _respondents(data: Dataset, fw: Framework, spec: Indicator | None) -> pd.DataFrame:
    """People × wave with a score (of ``spec``, else any questionnaire answer)."""
    from workbench.indicators.likert import person_wave_scores

    if spec is not None:
        scores = person_wave_scores(data, spec, fw)
        return scores[scores["share"].notna()]
    resp = data["respondents"]
    return pd.DataFrame({"wave": resp["wave"].to_numpy(), "qpv": resp["qpv"].to_numpy(),
                         "group": resp["group_id"].to_numpy(),
                         "person_id": resp["person_id"].to_numpy()}).drop_duplicates(
        ["wave", "person_id"])


def adjusted_headline(data: Dataset, fw: Framework, *, qpv: str = ALL,
                      cubes: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The barometer's headline (each lesson's first ``likert_agree_share``) per wave, as
    published and standardised to the group mix of the lesson's first wave (direct
    standardisation, ``stats.persons.standardised_mean``): lesson, indicator, wave, value (the
    mean over people), adjusted, lower, upper (of the adjusted value), n, moved (the mix moved
    by ≥ 5 points for some group), masked, reason, method. Groups under the small-cell
    threshold at some wave are pooled into one stratum; no adjusted value where fewer than two
    strata remain (nothing to adjust) or the lesson has one wave. A wave masked in the
    headline's cube (``cubes``, else computed) is masked here too."""
    from workbench.indicators.likert import person_wave_scores
    from workbench.indicators.registry import compute

    columns = ["lesson", "indicator", "wave", "value", "adjusted", "lower", "upper", "n",
               "moved", "masked", "reason", "method"]
    rows = []
    for lesson in fw.lessons:
        spec = next((s for s in fw.indicators if s.lesson == lesson.id
                     and s.kind == HEADLINE_KIND and s.evidence == "perception"), None)
        if spec is None:
            continue
        scores = person_wave_scores(data, spec, fw)
        scores = scores[scores["share"].notna() & scores["wave"].isin(fw.wave_ids)
                        & scores["group"].notna()]
        if qpv != ALL:
            scores = scores[(scores["qpv"] == qpv).to_numpy()]
        if scores.empty:
            continue
        part = _standardised(scores, fw, spec).assign(lesson=lesson.id, indicator=spec.id)
        cube = cubes[spec.id] if cubes is not None and spec.id in cubes else \
            compute(data, fw, spec)
        cells = cube[(cube["qpv"] == qpv).to_numpy() & (cube["group"] == ALL).to_numpy()]
        hidden = part["wave"].map(cells.set_index("wave")["masked"]).fillna(True).astype(bool)
        for column in ("value", "adjusted", "lower", "upper", "n"):
            part[column] = part[column].where(~hidden)
        part["masked"] = hidden.to_numpy()
        part["reason"] = pd.Series(np.where(hidden, MASK_REASON_KEY, None), dtype="str")
        rows.append(part)
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.concat(rows, ignore_index=True)[columns]


def _standardised(scores: pd.DataFrame, fw: Framework, spec: Indicator) -> pd.DataFrame:
    counts = scores.groupby(["wave", "group"]).size().unstack("group", fill_value=0)
    small = [g for g in counts.columns if (counts[g] < fw.min_cell).any()]
    stratum = scores["group"].where(~scores["group"].isin(small), OTHER_GROUPS)
    scores = scores.assign(stratum=stratum)
    stats = scores.groupby(["wave", "stratum"])["share"].agg(["mean", "std", "size"])
    means, sds, ns = (stats[c].unstack("stratum") for c in ("mean", "std", "size"))
    waves = [w for w in fw.wave_ids if w in means.index]
    means, sds, ns = means.reindex(waves), sds.reindex(waves), ns.reindex(waves).fillna(0)
    reference = ns.iloc[0] / ns.iloc[0].sum()
    mix = ns.div(ns.sum(axis=1), axis=0)
    moved = (mix - reference).abs().max(axis=1) >= COMPOSITION_MOVED
    strata_ok = (ns.where(reference > 0, fw.min_cell) >= fw.min_cell).all(axis=1)
    adjusted = standardised_mean(means, sds, ns, reference)
    crude = scores.groupby("wave")["share"].agg(["mean", "size"]).reindex(waves)
    ok = strata_ok & (len(waves) > 1) & (means.shape[1] > 1)
    return pd.DataFrame({
        "wave": waves, "value": crude["mean"].to_numpy(), "n": crude["size"].to_numpy(),
        "adjusted": adjusted["value"].where(ok).to_numpy(),
        "lower": adjusted["lower"].where(ok).clip(0.0, 1.0).to_numpy(),
        "upper": adjusted["upper"].where(ok).clip(0.0, 1.0).to_numpy(),
        "moved": (moved & ok).to_numpy(), "method": METHOD_ADJUSTED})
