"""Change between two waves, saying whether it follows the same people.

For a questionnaire indicator computed from the data (``likert_agree_share``, ``likert_mean``),
the person scores of both waves are compared as ``stats.panel.wave_change`` does (from additive
sums, ``wave_change_from_sums``, every QPV × group margin at once):

* ``value`` = mean at ``wave_b`` − mean at ``wave_a`` over everyone who answered either wave
  (an unbalanced panel), interval cluster-robust with people as clusters (t, G − 1 df), or
  Newcombe's hybrid from each wave's interval when too few people;
* ``paired_value`` (and its interval): the mean change of the ``n_both`` people who answered
  both waves (paired t);
* ``mode`` from the data, per cell: ``panel`` (the same people at both waves), ``mixed`` (some
  followed, some not) or ``cross_section`` (nobody answered both: successive photographs).

``mode="panel"`` keeps only the people present at both waves (value = the paired change);
``mode="cross_section"`` — or a cube given instead of the data — treats the two waves'
respondents as independent samples (Newcombe for shares, Welch for means), read from the
already suppressed cube.

Privacy: a change is masked where either wave's cell is masked in the indicator's cube, where
its ``n`` (distinct people at either wave) is small, and ``n_both`` goes through the small-cell
rule (with the paired change that rests on it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.errors import FrameworkError
from workbench.framework import Framework, Indicator
from workbench.indicators.likert import (
    PERSON_ADDITIVE,
    _cell_codes,
    _scale_bounds,
    person_wave_scores,
)
from workbench.indicators.published_counts import mask_sub_counts
from workbench.indicators.registry import ALL, compute, order_columns
from workbench.privacy.suppression import MASK_REASON_KEY, suppress
from workbench.stats.intervals import diff_means_from_summary, diff_proportions
from workbench.stats.panel import wave_change_from_sums
from workbench.store import Dataset

MODES = ("auto", "panel", "cross_section")
PANEL_KINDS = {"likert_agree_share": "share", "likert_mean": "mean"}
SHARE_KINDS = frozenset({"likert_agree_share", "abc_profile"})
SUBSETS = (["qpv", "group"], ["qpv"], ["group"], [])


def change_between(
    cube_or_data: pd.DataFrame | Dataset,
    fw: Framework,
    spec: Indicator | str,
    wave_a: str,
    wave_b: str,
    *,
    mode: str = "auto",
    cube: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per QPV × group cell (margins included): ``value`` = value at ``wave_b`` − value
    at ``wave_a``, ``lower``/``upper``, ``value_a``/``value_b``, ``n_a``/``n_b``, ``n`` (people
    in either wave), ``n_both``, ``mode`` and ``method``; masked like any cube. ``cube``: the
    indicator's already computed cube (else computed here)."""
    spec = fw.indicator(spec) if isinstance(spec, str) else spec
    if mode not in MODES:
        raise FrameworkError(f"mode « {mode} » inconnu (attendu : {', '.join(MODES)})",
                             key="change_unknown_mode", expected=", ".join(MODES), found=mode)
    from_data = isinstance(cube_or_data, Dataset)
    if mode == "panel" and (not from_data or spec.kind not in PANEL_KINDS):
        raise FrameworkError(
            f"Indicateur « {spec.id} » : le mode panel demande les données et un indicateur "
            f"de questionnaire ({', '.join(PANEL_KINDS)})",
            key="change_panel_unsupported", found=spec.kind)
    if from_data and cube is None:
        cube = compute(cube_or_data, fw, spec)
    elif not from_data:
        cube = cube_or_data
    if from_data and spec.kind in PANEL_KINDS and mode != "cross_section":
        out = _people(cube_or_data, fw, spec, wave_a, wave_b, cube, paired=mode == "panel")
    else:
        out = _cross_section(cube, wave_a, wave_b,
                             is_mean="sd" in cube.columns and spec.kind not in SHARE_KINDS)
    out = out.assign(indicator=spec.id, wave_a=wave_a, wave_b=wave_b)
    return order_columns(out, ["wave_a", "wave_b", "qpv", "group"])


def _visible(cube: pd.DataFrame, wave: str) -> pd.DataFrame:
    rows = cube[cube["wave"] == wave]
    for extra in ("step", "factor", "condition", "level"):
        if extra in rows.columns:
            rows = rows[rows[extra] == ALL]
    return rows


def _cross_section(cube: pd.DataFrame, wave_a: str, wave_b: str, *,
                   is_mean: bool) -> pd.DataFrame:
    keys = ["qpv", "group"]
    cols = [*keys, "value", "n", "masked", *(["sd"] if "sd" in cube.columns else [])]
    both = _visible(cube, wave_a)[cols].merge(_visible(cube, wave_b)[cols], on=keys,
                                               suffixes=("_a", "_b"))
    rows = []
    for rec in both.itertuples(index=False):  # one row per QPV × group cell (tens), not people
        if rec.masked_a or rec.masked_b:
            est = None
        elif is_mean:
            est = diff_means_from_summary(rec.value_a, rec.sd_a, rec.n_a, rec.value_b, rec.sd_b,
                                          rec.n_b)
        else:
            est = diff_proportions(rec.value_a * rec.n_a, rec.n_a, rec.value_b * rec.n_b, rec.n_b)
        rows.append({"value": est.value if est else np.nan,
                     "lower": est.lower if est else np.nan,
                     "upper": est.upper if est else np.nan,
                     "method": "welch_t_independent" if is_mean else "newcombe_independent"})
    out = pd.concat([both[[*keys, "value_a", "value_b", "n_a", "n_b"]].reset_index(drop=True),
                     pd.DataFrame(rows, index=range(len(both)))], axis=1)
    masked = (both["masked_a"] | both["masked_b"]).to_numpy()
    out["n"] = np.fmin(out["n_a"].astype(float), out["n_b"].astype(float))
    out["masked"] = masked
    out["reason"] = pd.Series(np.where(masked, MASK_REASON_KEY, None), dtype="str")
    out["mode"] = "cross_section"
    return out


def _people(data: Dataset, fw: Framework, spec: Indicator, wave_a: str, wave_b: str,
            cube: pd.DataFrame, *, paired: bool) -> pd.DataFrame:
    """``stats.panel.wave_change_from_sums`` on the person scores for every QPV × group margin
    (one ``bincount`` per margin), then the one small-cell rule."""
    score = PANEL_KINDS[spec.kind]
    bounds = (0.0, 1.0) if score == "share" else _scale_bounds(spec, fw)
    scores = person_wave_scores(data, spec, fw)
    scores = scores[scores[score].notna() & scores["wave"].isin([wave_a, wave_b])]
    scores = scores.reset_index(drop=True)
    parts = [_margin_change(scores, subset, score, wave_a, bounds) for subset in SUBSETS]
    parts = [p for p in parts if p is not None]
    if not parts:
        return pd.DataFrame(columns=["qpv", "group", "value", "n", "lower", "upper", "masked",
                                     "reason", "mode", "method"])
    out = pd.concat(parts, ignore_index=True)
    for key in PERSON_ADDITIVE:
        out[key] = out[key].astype("str")
    if paired:
        out["value"], out["lower"], out["upper"] = (out["paired_value"], out["paired_lower"],
                                                    out["paired_upper"])
        out["n"], out["method"], out["mode"] = out["n_both"], "paired_t_same_people", "panel"
    out = out.drop(columns=["se", "df"]).assign(wave=ALL)
    hidden = _masked_sides(cube, out, wave_a, wave_b)
    out = suppress(out.assign(masked=hidden), threshold=fw.min_cell, keys=["qpv", "group"],
                   additive=PERSON_ADDITIVE)
    out = mask_sub_counts(out, fw, counts={
        "n_both": ("paired_value", "paired_lower", "paired_upper")}, additive=PERSON_ADDITIVE)
    return out.drop(columns=["wave"])


def _margin_change(scores: pd.DataFrame, subset: list[str], score: str, wave_a: str,
                   bounds: tuple[float, float]) -> pd.DataFrame | None:
    """The change in every cell of one margin (``subset`` of qpv, group; the rest ``"*"``). A
    person is in a cell by each wave's own row; followed when both rows are in the cell."""
    cell, cells = _cell_codes(scores, subset)
    if not (cell >= 0).any():
        return None
    size = len(cells)
    person = pd.factorize(scores["person_id"])[0].astype(np.int64)
    y = scores[score].to_numpy(dtype=float)
    side_a = (scores["wave"] == wave_a).to_numpy() & (cell >= 0)
    side_b = ~(scores["wave"] == wave_a).to_numpy() & (cell >= 0)
    key = cell * (int(person.max()) + 1) + person
    a_of = pd.Series(y[side_a], index=key[side_a])
    followed = side_b & np.isin(key, key[side_a])
    a_val = a_of.reindex(key[followed]).to_numpy()
    b_val = y[followed]
    sums = {"n_a": _count(cell[side_a], np.ones(side_a.sum()), size),
            "y_a": _count(cell[side_a], y[side_a], size),
            "yy_a": _count(cell[side_a], y[side_a] ** 2, size),
            "n_b": _count(cell[side_b], np.ones(side_b.sum()), size),
            "y_b": _count(cell[side_b], y[side_b], size),
            "yy_b": _count(cell[side_b], y[side_b] ** 2, size),
            "n_both": _count(cell[followed], np.ones(len(b_val)), size),
            "both_a": _count(cell[followed], a_val, size),
            "both_b": _count(cell[followed], b_val, size),
            "both_aa": _count(cell[followed], a_val**2, size),
            "both_bb": _count(cell[followed], b_val**2, size),
            "both_ab": _count(cell[followed], a_val * b_val, size)}
    part = pd.concat([cells, wave_change_from_sums(sums, bounds=bounds)], axis=1)
    for key_name in PERSON_ADDITIVE:
        if key_name not in subset:
            part[key_name] = ALL
    return part


def _count(cell: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(cell, weights=np.asarray(weights, dtype=float), minlength=size)


def _masked_sides(cube: pd.DataFrame, out: pd.DataFrame, wave_a: str,
                  wave_b: str) -> np.ndarray:
    """True where the indicator's own cube masks the cell at either wave (or lacks it)."""
    masked = np.zeros(len(out), dtype=bool)
    for wave in (wave_a, wave_b):
        rows = _visible(cube, wave)
        lookup = dict(zip(zip(rows["qpv"].astype(str), rows["group"].astype(str), strict=True),
                          rows["masked"].astype(bool), strict=True))
        side_n = out["n_a" if wave == wave_a else "n_b"].to_numpy(dtype=float)
        for i, (q, g) in enumerate(zip(out["qpv"], out["group"], strict=True)):
            masked[i] |= bool(lookup.get((q, g), side_n[i] > 0))
    return masked


__all__ = ["MODES", "change_between"]
