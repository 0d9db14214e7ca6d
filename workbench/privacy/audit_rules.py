"""The disclosure rules and how ``audit`` settles them on a model (``audit_model``) with HiGHS.

A masked count fails when its range is pinned or lies under the threshold; a share's numerator
when it gives a group away (``count_disclosure``, ``numerator_disclosure``). Exact ranges are
rarely needed to settle a rule: each range is known between an *inner* interval (the span of the
values in the solutions found, all reachable) and an *outer* one (sound bounds: shown cells
around or inside it, a share's rounding, then optimisation), and integer programs are solved only
while a verdict is unsure — or, with ``explain``, to give a failing cell its exact range.

>>> count_disclosure(np.array([3]), np.array([3]), threshold=11).tolist()
['pinned']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from workbench.privacy.audit_model import Model, PublicationError

COUNT_WHY = ("pinned", "small")
NUMERATOR_WHY = ("numerator_pinned", "numerator_none", "numerator_all", "numerator_few")
Needed = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, ...]]


@dataclass(frozen=True)
class Rules:
    """The thresholds of the disclosure rules; ``exact``: optimise every range anyway."""

    threshold: int
    min_range: int = 1
    min_category: int = 3
    exact: bool = False


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
    return _settle(COUNT_WHY, *_count_rules(lo, hi, lo, hi, Rules(threshold, min_range)))[2]


def numerator_disclosure(lo: np.ndarray, hi: np.ndarray, complement_hi: np.ndarray,
                         n_hi: np.ndarray, *, masked: np.ndarray, threshold: int,
                         min_category: int = 3, min_range: int = 1) -> np.ndarray:
    """Why a share's numerator (range ``[lo, hi]``; ``complement_hi``: most who did *not*;
    ``n_hi``: largest n) gives a group away (``""`` when it does not).

    ``"numerator_pinned"``: a masked share's numerator is recovered (``hi − lo < min_range``)
    while its group may be non-empty; ``"numerator_none"`` / ``"numerator_all"``: none / all of a
    possibly non-empty group did it; ``"numerator_few"``: fewer than ``min_category`` did it, some
    maybe (``1 ≤ hi < min_category``), or at least one did, maybe fewer than ``min_category``,
    and at most a small group (``1 ≤ lo < min_category`` and ``hi < threshold``).

    >>> numerator_disclosure(np.array([2]), np.array([3]), np.array([131]), np.array([133]),
    ...                      masked=np.array([False]), threshold=11).tolist()   # "2 % of 133"
    ['numerator_few']
    """
    y = [np.asarray(x, float) for x in (lo, hi, lo, hi)]
    c, x = np.asarray(complement_hi, float), np.asarray(n_hi, float)
    rules = Rules(threshold, min_range, min_category)
    return _settle(NUMERATOR_WHY, *_numerator_rules(*y, c, c, x, x, np.asarray(masked), rules))[2]


def _settle(names: tuple[str, ...], true: list[np.ndarray], false: list[np.ndarray]
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(decided, failing, why): fails once a rule is surely true, passes when all are surely
    false; ``why`` names the first surely true rule."""
    why = np.full(len(true[0]), "", dtype=object)
    done = np.zeros(len(true[0]), bool)
    for name, t in zip(names, true, strict=True):
        why[t & ~done] = name
        done |= t
    return done | np.logical_and.reduce(false), done, why


def _count_rules(ilo: np.ndarray, ihi: np.ndarray, olo: np.ndarray, ohi: np.ndarray,
                 rules: Rules) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Each rule surely true / surely false for a range with ``olo ≤ lo ≤ ilo``,
    ``ihi ≤ hi ≤ ohi`` (both exact when inner = outer)."""
    true = [ohi - olo < rules.min_range, ohi < rules.threshold]
    false = [ihi - ilo >= rules.min_range, ihi >= rules.threshold]
    return true, false


def _numerator_rules(yilo: np.ndarray, yihi: np.ndarray, yolo: np.ndarray, yohi: np.ndarray,
                     cihi: np.ndarray, cohi: np.ndarray, xihi: np.ndarray, xohi: np.ndarray,
                     masked: np.ndarray, rules: Rules) -> tuple[list[np.ndarray], ...]:
    """As ``_count_rules`` for a numerator y, its complement c (hi only) and its n (hi only)."""
    some, empty = xihi > 0, xohi <= 0
    mr, mc, th = rules.min_range, rules.min_category, rules.threshold
    few = ((yolo >= 1) & (yilo < mc) & (yohi < th)) | ((yihi >= 1) & (yohi < mc))
    not_few = ((yilo < 1) | (yolo >= mc) | (yihi >= th)) & ((yohi < 1) | (yihi >= mc))
    true = [masked & some & (yohi - yolo < mr), some & (yohi <= 0), some & (cohi <= 0), few]
    false = [~masked | empty | (yihi - yilo >= mr), empty | (yihi >= 1), empty | (cihi >= 1),
             not_few]
    return true, false


def bounds(model: Model, b: int, exprs: sp.csr_array, needed: Needed, outer_lo: np.ndarray,
           outer_hi: np.ndarray, witnesses: list[np.ndarray]
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Inner and outer bounds of each expression (rows over block ``b``'s variables).

    Every solution found is a *witness*: the span of its values is an inner interval
    ``[ilo, ihi]`` (reachable); ``outer_lo/hi`` are sound bounds from the caller, tightened to
    the optimum when a side is optimised (then inner = outer: exact). ``needed(ilo, ihi, olo,
    ohi)`` gives the sides still to tighten and a goal for each (``need_lo, need_hi, goal_lo,
    goal_hi``): first the ``witnesses`` (weights over the expressions, maximised), then
    grouped witnesses pushing every open side towards its goal while they make progress,
    then one optimisation per side. Returns ``ilo, ihi, olo, ohi`` (``inf``: unbounded).
    """
    k, nv = exprs.shape
    r0, r1 = model.con_ptr[b], model.con_ptr[b + 1]
    a = model.a[r0:r1]
    a = sp.csr_array((a.data, a.indices - model.var_ptr[b], a.indptr), shape=(r1 - r0, nv))
    cons = [LinearConstraint(a, model.lower[r0:r1], model.upper[r0:r1])] if r1 > r0 else []
    ilo, ihi = np.full(k, np.inf), np.full(k, -np.inf)
    olo, ohi = np.array(outer_lo, float), np.array(outer_hi, float)

    def feasible(z: np.ndarray) -> bool:
        act = a @ z
        tol = 1e-6 * np.maximum(1.0, np.abs(act))
        return bool(np.all(z >= 0) and np.all(z <= model.cap)
                    and np.all(act >= model.lower[r0:r1] - tol)
                    and np.all(act <= model.upper[r0:r1] + tol))

    def solve(weight: np.ndarray, goal: np.ndarray | None = None) -> np.ndarray:
        """Maximise Σ weight·e, or with ``goal``: Σ min(e, goal) where weight > 0 and
        −Σ max(e, goal) where weight < 0 (pushes many expressions just far enough)."""
        c, cons_, bounds, kind = -(exprs.T @ weight), cons, Bounds(0, model.cap), np.ones(nv)
        if goal is not None:
            pick = np.flatnonzero(weight)
            up = weight[pick] > 0
            sign = np.where(up, 1.0, -1.0)  # up: z − e ≤ 0 (z ≤ goal); down: e − w ≤ 0
            aux = sp.hstack([-sp.diags_array(sign) @ exprs[pick], sp.diags_array(sign)])
            cons_ = [*(LinearConstraint(sp.hstack([a, sp.csr_array((r1 - r0, len(pick)))]),
                                        model.lower[r0:r1], model.upper[r0:r1])
                       for _ in cons), LinearConstraint(aux, -np.inf, 0)]
            goal = np.minimum(goal[pick], model.cap * nv)
            c = np.r_[np.zeros(nv), -sign]
            bounds = Bounds(np.r_[np.zeros(nv), np.where(up, 0, goal)],
                            np.r_[np.full(nv, model.cap), np.where(up, goal, model.cap * nv)])
            kind = np.r_[kind, np.zeros(len(pick))]
        for presolve in (True, False):  # HiGHS's presolve sometimes errs on share rows
            res = milp(c, integrality=kind, bounds=bounds, constraints=cons_,
                       options={"mip_rel_gap": 0.0, "presolve": presolve})
            z = np.rint(res.x[:nv]) if res.x is not None else None
            if res.status == 0 and z is not None and feasible(z):  # a witness must be one
                break
        else:
            raise PublicationError(
                f"Chiffres publiés contradictoires ou insolubles pour {model.block_names[b]} "
                f"({res.message})", key="publication_inconsistent", found=model.block_names[b])
        values = np.rint(exprs @ z)
        for inner, outer, keep in ((ilo, olo, np.minimum), (ihi, ohi, np.maximum)):
            keep(inner, values, out=inner)
            keep(outer, inner, out=outer)  # reached values are possible, whatever was assumed
        return values

    for weight in witnesses:
        if weight.any():
            solve(weight)
    last, grouped = np.inf, True
    while True:
        need_lo, need_hi, goal_lo, goal_hi = needed(ilo, ihi, olo, ohi)
        need_lo, need_hi = need_lo & (ilo > olo), need_hi & (ihi < ohi)
        count = int(need_lo.sum() + need_hi.sum())
        if not count:
            break
        grouped &= count < last
        if grouped and count > 1:  # grouped witnesses while they help
            last = count
            if need_hi.any():
                solve(need_hi.astype(float), goal_hi)
            if need_lo.any():
                solve(-need_lo.astype(float), goal_lo)
            continue
        i = int(np.flatnonzero(need_lo | need_hi)[0])
        up = bool(need_hi[i])
        value = solve(np.where(np.arange(k) == i, 1.0 if up else -1.0, 0.0))[i]
        (ohi if up else olo)[i] = value
    ihi[ihi >= model.cap], ohi[ohi >= model.cap] = np.inf, np.inf
    return ilo, ihi, olo, ohi


def nesting(et: sp.csr_array, es: sp.csr_array) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Pairs (t, s) of expressions (0/1 rows) with s inside t, and with t inside s."""
    overlap = sp.coo_array(et @ es.T)
    i, j, v = overlap.row, overlap.col, overlap.data
    inside, around = v == np.diff(es.indptr)[j], v == np.diff(et.indptr)[i]
    return (i[inside], j[inside]), (i[around], j[around])


@dataclass
class _Facts:
    """Per-row facts of a model, shared by every block."""

    masked: np.ndarray
    share: np.ndarray
    count_t: np.ndarray  # its count is judged: a masked count, or a masked n nowhere shown
    num_t: np.ndarray  # its numerator is judged: a masked share, or a shown share with a value
    shown_share: np.ndarray
    shown_n: np.ndarray
    cell_n: np.ndarray  # published n of each cell (NaN: not published)
    order: np.ndarray
    ptr: np.ndarray

    @classmethod
    def of(cls, model: Model) -> _Facts:
        df = model.frame
        masked = (df["status"] == "masked").to_numpy()
        share = (df["statistic"] == "share").to_numpy()
        value, n = df["value"].to_numpy(), df["n"].to_numpy()
        is_count = (df["statistic"] == "count").to_numpy()
        shown_n = ~masked & np.isfinite(n)
        cell_n = np.full(len(model.cell_pinned), np.nan)
        cell_n[model.row_cell[shown_n]] = n[shown_n]
        order = np.argsort(model.row_block, kind="stable")
        return cls(masked, share, masked & (is_count | ~model.cell_pinned[model.row_cell]),
                   share & (masked | np.isfinite(value)), share & ~masked & np.isfinite(value),
                   shown_n, cell_n, order,
                   np.searchsorted(model.row_block[order], np.arange(len(model.block_names) + 1)))


def judged_counts(model: Model) -> np.ndarray:
    """Rows whose n is judged: masked counts, and masked figures whose n is shown nowhere."""
    return _Facts.of(model).count_t


def judge(model: Model, rules: Rules, blocks: Iterable[int],
          out: dict[str, np.ndarray] | None = None, *, explain: bool = True
          ) -> dict[str, np.ndarray]:
    """Per row: ``lo``/``hi`` (range of its n when judged), ``num_lo``/``num_hi`` (of a share's
    numerator), ``exact`` and ``why`` ("" = protected), for the rows of ``blocks`` (written into
    ``out``). ``explain``: optimise the ranges of failing cells too (else a sure verdict will do).
    """
    r = len(model.frame)
    if out is None:
        out = {k: np.full(r, np.nan) for k in ("lo", "hi", "num_lo", "num_hi")}
        out |= {"exact": np.ones(r, bool), "why": np.full(r, "", dtype=object)}
    facts = _Facts.of(model)
    for b in blocks:
        _judge_block(model, rules, facts, int(b), out, explain)
    return out


def _judge_block(model: Model, rules: Rules, f: _Facts, b: int, out: dict[str, np.ndarray],
                 explain: bool) -> None:
    rows = f.order[f.ptr[b]:f.ptr[b + 1]]
    for k in out:
        out[k][rows] = {"exact": True, "why": ""}.get(k, np.nan)
    d = np.unique(model.row_cell[rows[f.count_t[rows]]])
    nn = np.unique(model.row_num[rows[f.num_t[rows]]])
    kd, kn = len(d), len(nn)
    if not kd and not kn:
        return
    # outer bounds: shown cells around / inside, then shares' rounding, spread to nested shares
    share_rows = rows[f.shown_share[rows]]
    shown_nums = np.unique(model.row_num[share_rows])
    nums = np.union1d(nn, shown_nums).astype(int)
    xlo, xhi = np.zeros(kd + len(nums)), np.full(kd + len(nums), np.inf)
    cells = np.r_[d, model.num_cell[nums]]
    shown_cells = np.unique(model.row_cell[rows[f.shown_n[rows]]])
    if len(shown_cells):
        (i, j), (i2, j2) = nesting(model.block_rows(model.cell_expr, cells, b),
                                   model.block_rows(model.cell_expr, shown_cells, b))
        np.maximum.at(xlo, i, f.cell_n[shown_cells][j])
        np.minimum.at(xhi, i2, f.cell_n[shown_cells][j2])
    nlo, nhi = xlo[kd:], xhi[kd:]
    ylo, yhi = np.zeros(len(nums)), nhi.copy()
    at = np.searchsorted(nums, model.row_num[share_rows])
    v, h = model.frame["value"].to_numpy()[share_rows], model.half[share_rows]
    np.maximum.at(ylo, at, np.where(v - h > 0, np.ceil((v - h - 1e-9) * nlo[at] - 1e-6), 0))
    np.minimum.at(yhi, at, np.where(v + h < 1, np.floor((v + h + 1e-9) * nhi[at] + 1e-6), np.inf))
    chi = nhi - ylo
    t = np.searchsorted(nums, nn)
    ylo_t, yhi_t, chi_t, nlo_t, nhi_t = ylo[t], yhi[t], chi[t], nlo[t], nhi[t]
    if len(shown_nums):
        s = np.searchsorted(nums, shown_nums)
        (i, j), (i2, j2) = nesting(model.block_rows(model.num_expr, nn, b),
                                   model.block_rows(model.num_expr, shown_nums, b))
        np.maximum.at(ylo_t, i, ylo[s][j])
        np.minimum.at(yhi_t, i2, yhi[s][j2])
        np.minimum.at(chi_t, i2, chi[s][j2])
    y = model.block_rows(model.num_expr, nn, b)
    xn = model.block_rows(model.cell_expr, model.num_cell[nn], b)
    exprs = sp.csr_array(sp.vstack([model.block_rows(model.cell_expr, d, b), y, xn - y, xn]))
    olo = np.r_[xlo[:kd], ylo_t, np.maximum(nlo_t - yhi_t, 0), nlo_t]
    ohi = np.r_[xhi[:kd], np.minimum(yhi_t, nhi_t), np.minimum(chi_t, nhi_t - ylo_t), nhi_t]
    has = {True: np.isin(nn, model.row_num[rows[f.masked[rows] & f.share[rows]]]),
           False: np.isin(nn, shown_nums)}
    p = (slice(0, kd), slice(kd, kd + kn), slice(kd + kn, kd + 2 * kn), slice(kd + 2 * kn, None))

    def verdicts(ilo: np.ndarray, ihi: np.ndarray, olo: np.ndarray, ohi: np.ndarray) -> tuple:
        """(true, false) of the count rules, then of the numerator rules for masked / shown."""
        y = (ilo[p[1]], ihi[p[1]], olo[p[1]], ohi[p[1]], ihi[p[2]], ohi[p[2]], ihi[p[3]],
             ohi[p[3]])
        return (_count_rules(ilo[p[0]], ihi[p[0]], olo[p[0]], ohi[p[0]], rules),
                *(_numerator_rules(*y, np.full(kn, m), rules) for m in (True, False)))

    def needed(ilo: np.ndarray, ihi: np.ndarray, olo: np.ndarray, ohi: np.ndarray) -> tuple:
        """The sides whose bound may change an unsure verdict (all: to explain a failure)."""
        (ct, cf), *num = verdicts(ilo, ihi, olo, ohi)
        dec, fail, _ = _settle(COUNT_WHY, ct, cf)
        unsure = [~a & ~z for a, z in zip(ct, cf, strict=True)]
        full = (explain & fail) | rules.exact
        c_lo, c_hi = (~dec & unsure[0]) | full, (~dec & (unsure[0] | unsure[1])) | full
        y_lo, y_hi, c_h, x_h = (np.zeros(kn, bool) for _ in range(4))
        some_unsure = (ihi[p[3]] <= 0) & (ohi[p[3]] > 0)
        for (nt, nf), rel in zip(num, (has[True], has[False]), strict=True):
            dec, fail, _ = _settle(NUMERATOR_WHY, nt, nf)
            u = [~a & ~z for a, z in zip(nt, nf, strict=True)]
            open_, full = rel & ~dec, rel & rules.exact
            shown_range = full | (rel & explain & fail)   # the reported range: y's
            y_lo |= (open_ & (u[0] | u[3])) | shown_range
            y_hi |= (open_ & (u[0] | u[1] | u[3])) | shown_range
            c_h |= (open_ & u[2]) | full
            x_h |= (open_ & some_unsure) | full
        top = np.maximum(rules.threshold, ilo + rules.min_range)
        goal_hi = np.r_[top[:kd], np.maximum(top[p[1]], 1), np.ones(2 * kn)]
        goal_lo = np.r_[ihi[:kd] - rules.min_range, np.zeros(3 * kn)]
        return (np.r_[c_lo, y_lo, np.zeros(2 * kn, bool)], np.r_[c_hi, y_hi, c_h, x_h],
                goal_lo, goal_hi)

    up = np.r_[np.ones(kd + kn), np.zeros(2 * kn)]
    ilo, ihi, olo, ohi = bounds(model, b, exprs, needed, olo, ohi,
                                [up, -up, np.r_[np.zeros(kd + kn), np.ones(kn), np.zeros(kn)]])
    (ct, cf), (mt, mf), (st, sf) = verdicts(ilo, ihi, olo, ohi)
    settled = [_settle(COUNT_WHY, ct, cf)[0], ~has[True] | _settle(NUMERATOR_WHY, mt, mf)[0],
               ~has[False] | _settle(NUMERATOR_WHY, st, sf)[0]]
    if not all(x.all() for x in settled):  # never expected: every rule's sides were optimised
        raise RuntimeError(f"audit: verdict left unsure in {model.block_names[b]}")
    exact = (ilo == olo) & (ihi == ohi)
    at_rows = rows[f.count_t[rows]]
    at = np.searchsorted(d, model.row_cell[at_rows])
    out["lo"][at_rows], out["hi"][at_rows] = ilo[at], ihi[at]
    out["exact"][at_rows], out["why"][at_rows] = exact[at], _settle(COUNT_WHY, ct, cf)[2][at]
    pub = rows[f.masked[rows] & ~f.count_t[rows]]
    out["lo"][pub] = out["hi"][pub] = f.cell_n[model.row_cell[pub]]
    nr = rows[f.num_t[rows]]
    at = np.searchsorted(nn, model.row_num[nr])
    out["num_lo"][nr], out["num_hi"][nr] = ilo[kd + at], ihi[kd + at]
    out["exact"][nr] &= exact[kd + at]
    why = np.where(f.masked[nr], _settle(NUMERATOR_WHY, mt, mf)[2][at],
                   _settle(NUMERATOR_WHY, st, sf)[2][at])
    out["why"][nr] = np.where(out["why"][nr] != "", out["why"][nr], why)
