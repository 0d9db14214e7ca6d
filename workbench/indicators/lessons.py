"""The seven-lessons barometer: pure look-ups in precomputed (already suppressed) cubes.

>>> cubes = compute_all(data, fw)
>>> barometer(cubes, fw, qpv="tilleuls")          # lesson × wave × indicator, with trend
>>> barometer_overview(cubes, fw, group="elus")   # lesson × wave headline, for a heat-map
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.framework import Framework
from workbench.indicators.registry import ALL, EXTRA_KEYS

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


def _slice(cubes: dict[str, pd.DataFrame], *, qpv: str, group: str) -> pd.DataFrame:
    parts = []
    for cube in cubes.values():
        keep = (cube["qpv"] == qpv).to_numpy() & (cube["group"] == group).to_numpy()
        for extra in EXTRA_KEYS:
            if extra in cube.columns:
                keep &= (cube[extra] == ALL).to_numpy()
        parts.append(cube.loc[keep, ["indicator", "wave", "value", "n", "lower", "upper",
                                     "masked", "reason", "mode", "method"]])
    if not parts:
        return pd.DataFrame(columns=["indicator", "wave", "value", "n", "lower", "upper",
                                     "masked", "reason", "mode", "method"])
    return pd.concat(parts, ignore_index=True)


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
            "meets_target", "trend", "trend_sign"]
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
    rows = _slice({i: cubes[i] for i in headline["indicator"]}, qpv=qpv, group=group)
    out = grid.merge(rows, on=["indicator", "wave"], how="left")
    out["masked"] = out["masked"].fillna(False).astype(bool)
    out["qpv"], out["group"] = qpv, group
    return out[["lesson", "wave", "indicator", "qpv", "group", "value", "n", "lower", "upper",
                "masked", "reason", "target", "direction"]]
