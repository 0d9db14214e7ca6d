"""The attacker's-arithmetic audit of a publication (``audit``) and the protection loop.

A publication is a frame with one row per published cell: ``table``, ``indicator``,
``population`` (which people the count is about), ``wave``, ``qpv``, ``group``, ``step`` (``"*"``
= all), ``statistic`` (``"count"``, ``"share"``, ``"mean"``…), ``value`` (a share in [0, 1], as
published), ``n`` (the population cell the figure rests on), ``numerator`` (for a share, the id of
the sub-population counted) and ``status`` (``"shown"`` or ``"masked"``). ``audit`` computes, by
integer programming over everything shown (``audit_model``), the range of values an attacker can
deduce for every masked figure; ``protect`` masks more cells until no range gives a group away.

>>> pops = {"participants:T1": Population(("qpv", "group"))}
>>> audit(cells, pops, threshold=11).summary
'42 cellules masquées, toutes protégées ; intervalle le plus étroit : 0 à 23'
>>> published = protect(cells, pops, threshold=11)   # + "reason": "secondary" where it masked
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from workbench.privacy.audit_model import (
    ALL,
    KEYS,
    Model,
    Population,
    PublicationError,
    audit_keys,
    build_model,
)

__all__ = ["AuditResult", "Population", "PublicationError", "audit", "count_disclosure",
           "numerator_disclosure", "protect"]

ID_COLUMNS = ("table", "indicator", "population", *KEYS, "statistic", "numerator", "status")
SECONDARY_REASON = "secondary"
DISCLOSURE_REASON = "group_disclosure"


def count_disclosure(lo: np.ndarray, hi: np.ndarray, *, threshold: int, min_range: int = 1
                     ) -> np.ndarray:
    """Why a masked count whose attacker range is ``[lo, hi]`` is not protected (``""`` if it is).

    ``"pinned"``: ``hi − lo < min_range`` (1 by default: the attacker recovers it exactly);
    ``"small"``: ``hi < threshold`` (the whole range lies under the threshold: the attacker learns
    the group is small and, with a narrow range, nearly its size).

    >>> count_disclosure(np.array([3, 0, 0]), np.array([3, 7, 17]), threshold=11).tolist()
    ['pinned', 'small', '']
    """
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    return _count_rules(lo, hi, lo, hi, _Rules(threshold, min_range, 0, False))[2]


def numerator_disclosure(lo: np.ndarray, hi: np.ndarray, complement_hi: np.ndarray,
                         n_hi: np.ndarray, *, masked: np.ndarray, threshold: int,
                         min_category: int = 3, min_range: int = 1) -> np.ndarray:
    """Why a share's numerator (range ``[lo, hi]``; ``complement_hi``: most who did *not*;
    ``n_hi``: largest n) gives a group away (``""`` when it does not).

    ``"numerator_pinned"``: a masked share's numerator is recovered (``hi − lo < min_range``)
    while its group may be non-empty; ``"numerator_none"`` / ``"numerator_all"``: none / all of a
    possibly non-empty group did it; ``"numerator_few"``: at least one did it, maybe fewer than
    ``min_category`` (``1 ≤ lo < min_category``), and at most a small group (``hi < threshold``).

    >>> numerator_disclosure(np.array([2]), np.array([3]), np.array([131]), np.array([133]),
    ...                      masked=np.array([False]), threshold=11).tolist()   # "2 % of 133"
    ['numerator_few']
    """
    y = [np.asarray(x, float) for x in (lo, hi, lo, hi)]
    c, x = np.asarray(complement_hi, float), np.asarray(n_hi, float)
    rules = _Rules(threshold, min_range, min_category, False)
    return _numerator_rules(*y, c, c, x, x, np.asarray(masked, bool), rules)[2]


@dataclass(frozen=True)
class _Rules:
    threshold: int
    min_range: int
    min_category: int
    exact: bool


def _first_true(names: tuple[str, ...], true: list[np.ndarray], false: list[np.ndarray]
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(decided, failing, why): fails as soon as a rule is surely true, passes when all are
    surely false; ``why`` names the first surely true rule."""
    why = np.full(len(true[0]), "", dtype=object)
    done = np.zeros(len(true[0]), bool)
    for name, t in zip(names, true, strict=True):
        why[t & ~done] = name
        done |= t
    return done | np.logical_and.reduce(false), done, why


def _count_rules(ilo: np.ndarray, ihi: np.ndarray, olo: np.ndarray, ohi: np.ndarray,
                 rules: _Rules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The count rules on a range known between an inner and an outer interval
    (``olo ≤ lo ≤ ilo``, ``ihi ≤ hi ≤ ohi``); exact when inner = outer."""
    true = [ohi - olo < rules.min_range, ohi < rules.threshold]
    false = [ihi - ilo >= rules.min_range, ihi >= rules.threshold]
    return _first_true(("pinned", "small"), true, false)


def _numerator_rules(yilo: np.ndarray, yihi: np.ndarray, yolo: np.ndarray, yohi: np.ndarray,
                     cihi: np.ndarray, cohi: np.ndarray, xihi: np.ndarray, xohi: np.ndarray,
                     masked: np.ndarray, rules: _Rules
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The numerator rules, like ``_count_rules`` (y: numerator, c: complement, x: n)."""
    some, empty = xihi > 0, xohi <= 0
    mr, mc, th = rules.min_range, rules.min_category, rules.threshold
    true = [masked & some & (yohi - yolo < mr), some & (yohi <= 0), some & (cohi <= 0),
            (yolo >= 1) & (yilo < mc) & (yohi < th)]
    false = [~masked | empty | (yihi - yilo >= mr), empty | (yihi >= 1), empty | (cihi >= 1),
             (yilo < 1) | (yolo >= mc) | (yihi >= th)]
    names = ("numerator_pinned", "numerator_none", "numerator_all", "numerator_few")
    return _first_true(names, true, false)


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
    rules = _Rules(threshold, min_range, min_category, exact)
    model = build_model(cells, populations, rounding=rounding)
    return _result(model, _judge(model, rules, range(len(model.block_names))), rules)


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
    rules = _Rules(threshold, min_range, min_category, False)
    frame = cells.reset_index(drop=True).copy()
    reason = (frame["reason"].astype(object).where(frame["reason"].notna(), None).to_numpy()
              if "reason" in frame else np.full(len(frame), None, dtype=object))
    model = build_model(frame, populations, rounding=rounding)
    judged = _judge(model, rules, range(len(model.block_names)), explain=False)
    for _ in range(len(frame) + 1 if max_rounds is None else max_rounds):
        secondary, disclosure = _choose(model, judged, populations)
        if not secondary and not disclosure:
            break
        for rows, why in ((secondary, SECONDARY_REASON), (disclosure, DISCLOSURE_REASON)):
            frame.loc[rows, "status"] = "masked"
            reason[rows] = why
        model = build_model(frame, populations, rounding=rounding)
        judged = _judge(model, rules, np.unique(model.row_block[secondary + disclosure]), judged,
                        explain=False)
    frame["reason"] = pd.Series(reason, dtype=object)
    return frame


def _judge(model: Model, rules: _Rules, blocks: Iterable[int],
           out: dict[str, np.ndarray] | None = None, *, explain: bool = True
           ) -> dict[str, np.ndarray]:
    """Ranges and verdicts of the rows of ``blocks`` (written into ``out``). ``explain``:
    optimise the ranges of failing cells too (otherwise a sure verdict is enough)."""
    df, r = model.frame, len(model.frame)
    if out is None:
        out = {k: np.full(r, np.nan) for k in ("lo", "hi", "num_lo", "num_hi")}
        out |= {"exact": np.ones(r, bool), "why": np.full(r, "", dtype=object)}
    masked = (df["status"] == "masked").to_numpy()
    share = (df["statistic"] == "share").to_numpy()
    value = df["value"].to_numpy()
    is_count = (df["statistic"] == "count").to_numpy()
    count_t = masked & (is_count | ~model.cell_pinned[model.row_cell])
    num_t = share & (masked | np.isfinite(value))
    shown_n = ~masked & np.isfinite(df["n"].to_numpy())
    cell_n = np.full(len(model.cell_pinned), np.nan)
    cell_n[model.row_cell[shown_n]] = df["n"].to_numpy()[shown_n]
    order = np.argsort(model.row_block, kind="stable")
    ptr = np.searchsorted(model.row_block[order], np.arange(len(model.block_names) + 1))
    for b in blocks:
        rows = order[ptr[b]:ptr[b + 1]]
        for k in out:
            out[k][rows] = {"exact": True, "why": ""}.get(k, np.nan)
        d = np.unique(model.row_cell[rows[count_t[rows]]])
        nn = np.unique(model.row_num[rows[num_t[rows]]])
        kd, kn = len(d), len(nn)
        if not kd and not kn:
            continue
        xlo, xhi = _outer_counts(model, b, np.r_[d, model.num_cell[nn]], cell_n,
                                 np.unique(model.row_cell[rows[shown_n[rows]]]))
        ylo, yhi = _outer_numerators(model, nn, rows[share[rows] & ~masked[rows]], xlo[kd:],
                                     xhi[kd:])
        xn, y = (model.block_rows(model.cell_expr, model.num_cell[nn], b),
                 model.block_rows(model.num_expr, nn, b))
        exprs = sp.csr_array(sp.vstack([model.block_rows(model.cell_expr, d, b), y, xn - y, xn]))
        olo = np.r_[xlo[:kd], ylo, np.maximum(xlo[kd:] - yhi, 0), xlo[kd:]]
        ohi = np.r_[xhi[:kd], yhi, xhi[kd:] - ylo, xhi[kd:]]
        has_m = np.isin(nn, model.row_num[rows[masked[rows] & share[rows]]])
        parts = (slice(0, kd), slice(kd, kd + kn), slice(kd + kn, kd + 2 * kn),
                 slice(kd + 2 * kn, kd + 3 * kn))

        def verdicts(ilo: np.ndarray, ihi: np.ndarray, olo: np.ndarray, ohi: np.ndarray,
                     p: tuple[slice, ...] = parts, kn: int = kn) -> tuple:
            """Count verdicts; numerator verdicts as for a masked and for a shown share."""
            c = _count_rules(ilo[p[0]], ihi[p[0]], olo[p[0]], ohi[p[0]], rules)
            y = (ilo[p[1]], ihi[p[1]], olo[p[1]], ohi[p[1]], ihi[p[2]], ohi[p[2]], ihi[p[3]],
                 ohi[p[3]])
            return (c, _numerator_rules(*y, np.ones(kn, bool), rules),
                    _numerator_rules(*y, np.zeros(kn, bool), rules))

        def needed(ilo: np.ndarray, ihi: np.ndarray, olo: np.ndarray, ohi: np.ndarray,
                   kd: int = kd, kn: int = kn, has_m: np.ndarray = has_m) -> tuple:
            """Sides to optimise (verdict unsure, or failing to explain) and a goal for each."""
            (c_dec, c_fail, _), (m_dec, m_fail, _), (s_dec, s_fail, _) = verdicts(
                ilo, ihi, olo, ohi)
            c_open = ~c_dec | (explain & c_fail) | rules.exact
            n_open = (has_m & (~m_dec | (explain & m_fail))) | ~s_dec | (explain & s_fail)
            n_open |= rules.exact
            top = np.maximum(rules.threshold, ilo + rules.min_range)
            goal_hi = np.r_[top[:kd], np.maximum(top[kd:kd + kn], 1), np.ones(2 * kn)]
            goal_lo = np.r_[ihi[:kd] - rules.min_range, np.zeros(3 * kn)]
            return (np.r_[c_open, n_open, np.zeros(2 * kn, bool)],
                    np.r_[c_open, n_open, n_open, n_open], goal_lo, goal_hi)

        ones = np.r_[np.ones(kd + kn), np.zeros(2 * kn)]
        ilo, ihi, olo, ohi = model.bounds(
            b, exprs, needed, olo, ohi, [ones, -ones, np.r_[np.zeros(kd + kn), np.ones(kn),
                                                             np.zeros(kn)]])
        (_, _, c_why), (_, _, m_why), (_, _, s_why) = verdicts(ilo, ihi, olo, ohi)
        exact = (ilo == olo) & (ihi == ohi)
        at_rows = rows[count_t[rows]]
        at = np.searchsorted(d, model.row_cell[at_rows])
        out["lo"][at_rows], out["hi"][at_rows] = ilo[at], ihi[at]
        out["exact"][at_rows], out["why"][at_rows] = exact[at], c_why[at]
        pub = rows[masked[rows] & ~count_t[rows]]
        out["lo"][pub] = out["hi"][pub] = cell_n[model.row_cell[pub]]
        nr = rows[num_t[rows]]
        at = np.searchsorted(nn, model.row_num[nr])
        y_at = kd + at
        out["num_lo"][nr], out["num_hi"][nr] = ilo[y_at], ihi[y_at]
        out["exact"][nr] &= exact[y_at] & (ihi[y_at + kn] == ohi[y_at + kn])
        row_why = np.where(masked[nr], m_why[at], s_why[at])
        out["why"][nr] = np.where(out["why"][nr] != "", out["why"][nr], row_why)
    return out


def _outer_counts(model: Model, b: int, cells: np.ndarray, cell_n: np.ndarray,
                  shown: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sound bounds of cell counts: at least any shown cell inside, at most any shown around."""
    lo, hi = np.zeros(len(cells)), np.full(len(cells), np.inf)
    if not len(cells) or not len(shown):
        return lo, hi
    et = model.block_rows(model.cell_expr, cells, b)
    es = model.block_rows(model.cell_expr, shown, b)
    overlap = sp.coo_array(et @ es.T)
    size_t, size_s = np.diff(et.indptr), np.diff(es.indptr)
    i, j, v = overlap.row, overlap.col, overlap.data
    inner, outer = v == size_s[j], v == size_t[i]
    np.maximum.at(lo, i[inner], cell_n[shown][j[inner]])
    np.minimum.at(hi, i[outer], cell_n[shown][j[outer]])
    return lo, hi


def _outer_numerators(model: Model, nums: np.ndarray, rows: np.ndarray, xlo: np.ndarray,
                      xhi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sound bounds of numerators: ``(v − r)·min n ≤ y ≤ (v + r)·max n`` for each shown share."""
    lo, hi = np.zeros(len(nums)), xhi.copy()
    v = model.frame["value"].to_numpy()[rows]
    rows, v = rows[np.isfinite(v)], v[np.isfinite(v)]
    at = np.searchsorted(nums, model.row_num[rows])
    keep = (at < len(nums)) & (nums[np.minimum(at, len(nums) - 1)] == model.row_num[rows])
    at, v, half = at[keep], v[keep], model.half[rows[keep]]
    low = np.where(v - half > 0, np.ceil((v - half - 1e-9) * xlo[at] - 1e-6), 0)
    with np.errstate(invalid="ignore"):
        high = np.where(v + half < 1, np.floor((v + half + 1e-9) * xhi[at] + 1e-6), np.inf)
    np.maximum.at(lo, at, np.nan_to_num(low, nan=0.0))
    np.minimum.at(hi, at, np.nan_to_num(high, nan=np.inf))
    return lo, hi


def _result(model: Model, judged: dict[str, np.ndarray], rules: _Rules) -> AuditResult:
    df = model.frame
    masked = (df["status"] == "masked").to_numpy()
    keep = masked | (judged["why"] != "")
    table = df.loc[keep, list(ID_COLUMNS)].copy()
    for k, v in judged.items():
        table[k] = v[keep]
    table["ok"] = table["why"] == ""
    table["why"] = table["why"].astype(str)
    n_masked, bad = int(masked.sum()), int((masked & (judged["why"] != "")).sum())
    shown_bad = int((~masked & (judged["why"] != "")).sum())
    lo = np.where(np.isfinite(judged["lo"]), judged["lo"], judged["num_lo"])[masked]
    hi = np.where(np.isfinite(judged["lo"]), judged["hi"], judged["num_hi"])[masked]
    if n_masked == 0:
        text = "aucune cellule masquée"
    else:
        ok = judged["why"][masked] == ""
        pick = np.lexsort((hi, hi - lo, ok))[0]  # a failing cell first, then the narrowest
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
        line = np.where(dist == 1, diff.argmax(axis=1), -1)
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
