"""The attacker's-arithmetic audit of a publication (``audit``) and the protection loop.

A publication is a frame with one row per published cell: ``table``, ``indicator``,
``population`` (which people the count is about), ``wave``, ``qpv``, ``group``, ``step`` (``"*"``
= all), ``statistic`` (``"count"``, ``"share"``, ``"mean"``…), ``value`` (a share in [0, 1], as
published), ``n`` (the population cell the figure rests on), ``numerator`` (for a share, the id of
the sub-population counted) and ``status`` (``"shown"`` or ``"masked"``). ``audit`` computes, by
integer programming over everything shown (``audit_model`` builds the attacker's model,
``audit_rules`` settles the rules), the range of values an attacker can deduce for every masked
figure; ``protect`` masks more cells until no range gives a group away.

>>> pops = {"participants:T1": Population(("qpv", "group"))}
>>> audit(cells, pops, threshold=11).summary
'42 cellules masquées, toutes protégées ; intervalle le plus étroit : 0 à 23'
>>> published = protect(cells, pops, threshold=11)   # + "reason": "secondary" where it masked

Describing a publication so that it can be audited:

* the same ``population`` string on the rows counting the same people, in every table; every
  row's ``n`` is its population cell (share denominators included); shares in [0, 1]
  (``rounding`` is half the display step; an optional per-row ``rounding`` column);
* encode an answer level or condition in the ``numerator`` id or in the population string, or
  name the key in ``Population``; a blank numerator is read as ``table|indicator``;
* declare what applies: ``Population(overlapping=("wave",))`` when the all-waves cell is a
  union of people, ``incomplete`` when a total includes people with no value for a key
  (no QPV), ``partitions`` for Likert levels (without them "100 % − the other levels" leaks);
* means are not modelled beyond their n; a masked share whose n is shown elsewhere is judged
  on its numerator only; expect ``group_disclosure`` masks (0 %, 100 %, small numerators);
* ``protect`` keeps masked values in its output: blank them before writing anything out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.privacy.audit_model import (
    ALL,
    KEYS,
    Model,
    Population,
    PublicationError,
    audit_keys,
    build_model,
)
from workbench.privacy.audit_rules import (
    Rules,
    count_disclosure,
    judge,
    judged_counts,
    numerator_disclosure,
)

__all__ = ["AuditResult", "Population", "PublicationError", "audit", "count_disclosure",
           "numerator_disclosure", "protect"]

ID_COLUMNS = ("table", "indicator", "population", *KEYS, "statistic", "numerator", "status")
SECONDARY_REASON = "secondary"
DISCLOSURE_REASON = "group_disclosure"


@dataclass
class AuditResult:
    """One row per masked cell (and per shown share giving a group away): the identifying columns,
    ``lo``/``hi`` (range of its n), ``num_lo``/``num_hi`` (of a share's numerator), ``exact``
    (False: proved safe by reachable values, the true range is at least as wide), ``ok``, ``why``
    (English key); ``passed``; ``summary`` in French; ``key`` (``audit_passed``/``audit_failed``).
    """

    cells: pd.DataFrame
    passed: bool
    summary: str
    key: str


def audit(cells: pd.DataFrame, populations: Mapping[str, Population], *, threshold: int,
          rounding: float = 0.005, min_range: int = 1, min_category: int = 3,
          exact: bool = False) -> AuditResult:
    """What an attacker deduces about every masked cell from everything shown (HiGHS MILP).

    ``rounding``: half width of a share's rounding (0.005 for whole percents); ``exact=True``
    optimises every range (otherwise ranges proved safe by reachable values stay inner bounds).

    >>> audit(cells, pops, threshold=11, min_category=3).passed
    True
    """
    rules = Rules(threshold, min_range, min_category, exact)
    model = build_model(cells, populations, rounding=rounding)
    return _result(model, judge(model, rules, range(len(model.block_names))))


def protect(cells: pd.DataFrame, populations: Mapping[str, Population], *, threshold: int,
            rounding: float = 0.005, min_range: int = 1, min_category: int = 3,
            max_rounds: int | None = None) -> pd.DataFrame:
    """Mask more cells until ``audit`` passes; deterministic, and it terminates.

    Each round, for every failing cell, masks the cheapest shown cell (smallest n, zeros last)
    among those pinning it: the same cell in another table, then its lines (same population,
    one key differing; the lines with fewest hidden cells first, totals last), then any other
    shown cell of its block; a shown share giving a group away is masked itself. Only the
    touched blocks are audited again. Returns the frame with ``status`` updated and ``reason``
    (kept where present; ``"secondary"``, or ``"group_disclosure"`` for such a share).

    >>> protect(cells, pops, threshold=11).query("reason == 'secondary'")
    """
    rules = Rules(threshold, min_range, min_category)
    frame = cells.reset_index(drop=True).copy()
    reason = np.full(len(frame), None, dtype=object)
    if "reason" in frame:
        known = frame["reason"].notna().to_numpy()
        reason[known] = frame["reason"].to_numpy(dtype=object)[known]
    model = build_model(frame, populations, rounding=rounding)
    judged = judge(model, rules, range(len(model.block_names)), explain=False)
    for _ in range(len(frame) + 1 if max_rounds is None else max_rounds):
        secondary, disclosure = _choose(model, judged, populations)
        if not secondary and not disclosure:
            break
        for rows, why in ((secondary, SECONDARY_REASON), (disclosure, DISCLOSURE_REASON)):
            frame.loc[rows, "status"] = "masked"
            reason[rows] = why
        model = build_model(frame, populations, rounding=rounding)
        judged = judge(model, rules, np.unique(model.row_block[secondary + disclosure]), judged,
                        explain=False)
    frame["reason"] = pd.Series(reason, dtype=object)
    return frame


def _result(model: Model, judged: dict[str, np.ndarray]) -> AuditResult:
    df = model.frame
    masked = (df["status"] == "masked").to_numpy()
    keep = masked | (judged["why"] != "")
    table = df.loc[keep, list(ID_COLUMNS)].copy()
    for k, v in judged.items():
        table[k] = v[keep]
    n_public = masked & ~judged_counts(model)   # a share whose n is shown elsewhere
    table.insert(table.columns.get_loc("exact"), "n_public", n_public[keep])
    table.insert(table.columns.get_loc("why"), "ok", table["why"] == "")
    table["why"] = table["why"].astype(str)
    n_masked, bad = int(masked.sum()), int((masked & (judged["why"] != "")).sum())
    shown_bad = int((~masked & (judged["why"] != "")).sum())
    numerator = n_public | pd.Series(judged["why"]).str.startswith("numerator").to_numpy()
    lo = np.where(numerator, judged["num_lo"], judged["lo"])[masked]
    hi = np.where(numerator, judged["num_hi"], judged["hi"])[masked]
    if n_masked == 0:
        text = "aucune cellule masquée"
    else:
        ok = judged["why"][masked] == ""
        empty = ok & (hi == 0)  # a share of nobody: nothing to protect
        pick = np.lexsort((hi, hi - lo, empty, ok))[0]  # a failing cell first, then the narrowest
        words = _plural(n_masked, "cellule masquée", "cellules masquées")
        span = f"{_fmt(lo[pick])} à {_fmt(hi[pick])}"
        if bad:
            text = f"{words}, {bad} mal protégée{'s' * (bad > 1)} (la plus étroite : {span})"
        else:
            sure = "" if judged["exact"][masked][pick] else "au moins "
            everyone = "toutes protégées" if n_masked > 1 else "protégée"
            text = f"{words}, {everyone} ; intervalle le plus étroit : {sure}{span}"
    if shown_bad:
        text += (f" ; {_plural(shown_bad, 'part affichée révèle', 'parts affichées révèlent')}"
                 " un petit groupe")
    passed = not bad and not shown_bad
    return AuditResult(table.reset_index(drop=True), passed, text,
                       "audit_passed" if passed else "audit_failed")


def _plural(k: int, one: str, many: str) -> str:
    return f"{k} {one if k == 1 else many}"


def _fmt(x: float) -> str:
    return "∞" if not np.isfinite(x) else str(int(x))


def _choose(model: Model, judged: dict[str, np.ndarray], populations: Mapping[str, Population]
            ) -> tuple[list[int], list[int]]:
    """Rows to mask this round: (secondary, shown shares giving a group away)."""
    df = model.frame
    keys = audit_keys(populations)
    coords = df[keys].to_numpy(dtype=str)
    shown = (df["status"] == "shown").to_numpy()
    n = df["n"].to_numpy()
    cost = np.where(np.isfinite(n), n, np.inf)
    published_num = np.zeros(len(model.num_cell), bool)
    is_num = model.row_num >= 0
    published_num[model.row_num[shown & is_num & np.isfinite(df["value"].to_numpy())]] = True
    order = np.argsort(model.row_block, kind="stable")
    ptr = np.searchsorted(model.row_block[order], np.arange(len(model.block_names) + 1))
    secondary: set[int] = set()
    disclosure: set[int] = set()
    seen: set[tuple[str, int]] = set()
    for r in np.flatnonzero(judged["why"] != ""):
        numerator = str(judged["why"][r]).startswith("numerator")
        unit, ids = ("num", model.row_num) if numerator else ("cell", model.row_cell)
        if (unit, ids[r]) in seen:
            continue
        seen.add((unit, ids[r]))
        if shown[r]:  # a shown share giving a group away: masked with its copies
            disclosure |= set(np.flatnonzero(shown & (model.row_num == model.row_num[r])).tolist())
            continue
        spec = populations[df.at[r, "population"]]
        link = [keys.index(k) for k in (*spec.additive, *spec.overlapping)]
        rows = order[ptr[model.row_block[r]]:ptr[model.row_block[r] + 1]]
        diff = coords[np.ix_(rows, link)] != coords[r, link]
        dist = diff.sum(axis=1)
        total = (diff & (coords[np.ix_(rows, link)] == ALL)).any(axis=1)
        same = ((df["numerator"].to_numpy()[rows] == df.at[r, "numerator"]) & is_num[rows]
                if numerator else np.ones(len(rows), bool))
        pinned = (published_num[np.maximum(ids[rows], 0)] if numerator
                  else model.cell_pinned[ids[rows]])
        # hidden cells per line through r: the lines with none are those that pin it
        line = (np.where(dist == 1, diff.argmax(axis=1), -1) if link  # no key: no line
                else np.full(len(rows), -1))
        hidden = np.zeros(len(link) + 1)
        sel = (dist == 1) & ~pinned & same & (ids[rows] >= 0)
        for k in range(len(link)):
            hidden[k] = len(np.unique(ids[rows][sel & (line == k)]))
        hidden[-1] = np.inf
        cand = shown[rows]
        steps = [cand & same & (dist == 0), cand & same & (dist == 1), cand & (dist == 1), cand]
        for step, pool in enumerate(steps):
            if not pool.any():
                continue
            if step == 0:
                secondary |= set(rows[pool].tolist())
                break
            p = np.flatnonzero(pool)
            best = p[np.lexsort((rows[p], cost[rows[p]], cost[rows[p]] == 0, total[p],
                                 hidden[line[p]]))[0]]
            secondary.add(int(rows[best]))
            break
    return sorted(secondary - disclosure), sorted(disclosure)
