"""Change between two waves, in one of two labelled modes.

* ``cross_section`` (repeated cross-sections): the two waves' respondents are treated as
  independent samples — Newcombe's hybrid score interval for shares, Welch's t for means; read
  from the (already suppressed) cubes, so a masked side masks the change.
* ``panel`` (same people): only people who answered both waves; per person the difference of
  their score (share of agreement or mean of the items); paired t interval; then the small-cell
  rule on the number of panel people.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.errors import FrameworkError
from workbench.framework import Framework, Indicator
from workbench.indicators.likert import respondent_scores
from workbench.indicators.registry import compute, order_columns, sum_rollup
from workbench.privacy.suppression import MASK_REASON_KEY, suppress
from workbench.stats.intervals import diff_means_from_summary, diff_proportions, t_interval
from workbench.store import Dataset

MODES = ("cross_section", "panel")
PANEL_KINDS = {"likert_agree_share": "share", "likert_mean": "mean"}


def change_between(
    cube_or_data: pd.DataFrame | Dataset,
    fw: Framework,
    spec: Indicator | str,
    wave_a: str,
    wave_b: str,
    *,
    mode: str = "cross_section",
) -> pd.DataFrame:
    """One row per QPV × group cell (margins included): ``value`` = value at ``wave_b`` − value
    at ``wave_a``, ``lower``/``upper`` its 95 % interval, ``value_a``/``value_b``, ``n_a``/``n_b``,
    ``n`` (panel: people in both waves), ``mode`` and ``method``; masked like any cube."""
    spec = fw.indicator(spec) if isinstance(spec, str) else spec
    if mode not in MODES:
        raise FrameworkError(f"mode « {mode} » inconnu (attendu : {', '.join(MODES)})",
                             key="change_unknown_mode", expected=", ".join(MODES), found=mode)
    if mode == "panel":
        if not isinstance(cube_or_data, Dataset) or spec.kind not in PANEL_KINDS:
            raise FrameworkError(
                f"Indicateur « {spec.id} » : le mode panel demande les données et un indicateur "
                f"de questionnaire ({', '.join(PANEL_KINDS)})",
                key="change_panel_unsupported", found=spec.kind)
        out = _panel(cube_or_data, fw, spec, wave_a, wave_b)
    else:
        cube = compute(cube_or_data, fw, spec) if isinstance(cube_or_data, Dataset) \
            else cube_or_data
        out = _cross_section(cube, spec, wave_a, wave_b)
    out = out.assign(indicator=spec.id, wave_a=wave_a, wave_b=wave_b, mode=mode)
    return order_columns(out, ["wave_a", "wave_b", "qpv", "group"])


def _cross_section(cube: pd.DataFrame, spec: Indicator, wave_a: str, wave_b: str) -> pd.DataFrame:
    keys = ["qpv", "group"]
    for extra in ("step", "factor", "condition", "level"):
        if extra in cube.columns:
            cube = cube[cube[extra] == "*"]
    cols = [*keys, "value", "n", "masked", *(["sd"] if "sd" in cube.columns else [])]
    a = cube[cube["wave"] == wave_a][cols]
    b = cube[cube["wave"] == wave_b][cols]
    both = a.merge(b, on=keys, suffixes=("_a", "_b"))
    rows = []
    is_mean = "sd" in cube.columns
    for rec in both.itertuples(index=False):  # one row per QPV × group cell (tens), not people
        if rec.masked_a or rec.masked_b:
            est = None
        elif is_mean:
            est = diff_means_from_summary(rec.value_a, rec.sd_a, rec.n_a, rec.value_b, rec.sd_b,
                                          rec.n_b)
        else:
            est = diff_proportions(rec.value_a * rec.n_a, rec.n_a, rec.value_b * rec.n_b, rec.n_b)
        rows.append({
            "value": est.value if est else np.nan, "lower": est.lower if est else np.nan,
            "upper": est.upper if est else np.nan,
            "method": "welch_t_independent" if is_mean else "newcombe_independent",
        })
    out = pd.concat([both[[*keys, "value_a", "value_b", "n_a", "n_b"]].reset_index(drop=True),
                     pd.DataFrame(rows, index=range(len(both)))], axis=1)
    masked = (both["masked_a"] | both["masked_b"]).to_numpy()
    out["n"] = np.fmin(out["n_a"].astype(float), out["n_b"].astype(float))
    out["masked"] = masked
    out["reason"] = pd.Series(np.where(masked, MASK_REASON_KEY, None), dtype="str")
    return out


def _panel(data: Dataset, fw: Framework, spec: Indicator, wave_a: str, wave_b: str) -> pd.DataFrame:
    score = PANEL_KINDS[spec.kind]
    scores = respondent_scores(data, spec, fw)
    scores = scores[scores["answered"] > 0]
    link = ["instrument", "person_id"]
    a = scores[scores["wave"] == wave_a][[*link, score]]
    b = scores[scores["wave"] == wave_b][[*link, "qpv", "group", score]]
    pairs = b.merge(a, on=link, suffixes=("_b", "_a"))  # breakdown: the person at wave_b
    d = (pairs[f"{score}_b"] - pairs[f"{score}_a"]).to_numpy()
    base = pairs[["qpv", "group"]].assign(
        n=1.0, sa=pairs[f"{score}_a"].to_numpy(), sb=pairs[f"{score}_b"].to_numpy(), sd1=d,
        sd2=d**2).groupby(["qpv", "group"], dropna=False, sort=False).sum().reset_index()
    cube = sum_rollup(base, ["qpv", "group"], ["n", "sa", "sb", "sd1", "sd2"])
    n = cube["n"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = cube["sd1"] / n
        sd = np.sqrt(np.clip((cube["sd2"] - cube["sd1"] ** 2 / n) / (n - 1), 0, None))
        cube["value_a"], cube["value_b"] = cube["sa"] / n, cube["sb"] / n
    cube["value"] = mean
    cube["lower"], cube["upper"] = t_interval(mean, sd.where(n >= 2), n)
    cube["n_a"] = cube["n_b"] = n
    cube["method"] = "paired_t_same_people"
    cube = suppress(cube.drop(columns=["sa", "sb", "sd1", "sd2"]), threshold=fw.min_cell,
                    keys=["qpv", "group"])
    return cube.assign(wave=wave_b)[[c for c in cube.columns if c != "wave"]]


__all__ = ["MODES", "change_between"]
