"""The attacker's integer model behind ``workbench.privacy.audit`` (built here, solved with HiGHS).

Per population, non-negative integer *atoms* over the cross-classification of its additive keys,
one set per *slice* (a value of each non-additive key); a cell of any table is the sum of the atoms
it covers (``"*"`` covers all), so cells that share population and coordinates are the same
variables whatever table shows them. A share's numerator is a sub-population ``y ≤ x`` atom-wise,
shared across tables by its ``numerator`` id. Slices that no constraint links are separate
*blocks*, solved one by one.

>>> model = build_model(cells, {"participants:T1": Population(("qpv", "group"))})
>>> model.block_rows(model.cell_expr, np.arange(model.cell_ptr[1]), 0)   # block 0's cells
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from workbench.errors import WorkbenchError

ALL = "*"
UNKNOWN = "?"
KEYS: tuple[str, ...] = ("wave", "qpv", "group", "step")
TEXT_COLUMNS = ("table", "indicator", "population", "statistic", "numerator", "status")
_EPS = 1e-9  # share bounds are inclusive: a true value may sit on a rounding boundary


class PublicationError(WorkbenchError, ValueError):
    """The published cells cannot be audited (unknown population, contradictory figures)."""

    key = "publication_inconsistent"


@dataclass(frozen=True)
class Population:
    """How the cells of one population (people or organisations) add up.

    ``additive``: keys along which cells partition their ``"*"`` total (one person, one cell);
    ``incomplete``: additive keys whose ``"*"`` total also counts people without a value for it
    (e.g. no QPV given); ``overlapping``: non-additive keys along which the ``"*"`` cell is the
    union of the others (each ≤ ``"*"`` ≤ their sum; every value must appear in the frame);
    ``partitions``: groups of numerator ids that split the population exactly (Σ y = x).

    >>> Population(("qpv", "group"), overlapping=("wave",))
    """

    additive: tuple[str, ...]
    incomplete: tuple[str, ...] = ()
    overlapping: tuple[str, ...] = ()
    partitions: tuple[tuple[str, ...], ...] = ()


def audit_keys(populations: Mapping[str, Population]) -> list[str]:
    """``KEYS`` and any other key a population names (e.g. ``"level"``)."""
    extra = {k for p in populations.values() for k in (*p.additive, *p.overlapping)}
    return [*KEYS, *sorted(extra - set(KEYS))]


def normalise(cells: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """A clean copy: string keys (missing = ``"*"``), float ``value``/``n``, default numerators."""
    df = cells.reset_index(drop=True).copy()
    for col in keys:
        df[col] = (df[col].fillna(ALL) if col in df else pd.Series(ALL, index=df.index)).astype(str)
    for col in TEXT_COLUMNS:
        df[col] = (df[col].fillna("") if col in df else pd.Series("", index=df.index)).astype(str)
    for col in ("value", "n"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    count = (df["statistic"] == "count").to_numpy()
    df.loc[count, "n"] = df.loc[count, "n"].fillna(df.loc[count, "value"])
    bad = sorted(set(df["status"]) - {"shown", "masked"})
    if bad:
        raise PublicationError(f"Statut inconnu : {bad[0]!r} (attendu « shown » ou « masked »)",
                               key="publication_bad_status", column="status", found=bad[0])
    share = (df["statistic"] == "share").to_numpy()
    if ((df["value"].to_numpy()[share] < 0) | (df["value"].to_numpy()[share] > 1)).any():
        raise PublicationError("Une part publiée sort de [0, 1] (attendu une proportion)",
                               key="publication_bad_share", column="value", expected="[0, 1]")
    share = share & (df["numerator"] == "").to_numpy()
    df.loc[share, "numerator"] = df.loc[share, "table"] + "|" + df.loc[share, "indicator"]
    return df


def _ids(columns: list[np.ndarray], n: int) -> np.ndarray:
    """Dense ids (sorted by the columns, first most significant) of the tuples of int codes."""
    key = np.zeros(n, dtype=np.int64)
    for col in columns:
        key = key * (int(col.max(initial=0)) + 2) + col.astype(np.int64) + 1
    return np.unique(key, return_inverse=True)[1].reshape(-1)


def _codes(column: pd.Series, values: list[str]) -> np.ndarray:
    """Position of each entry in ``values`` (−1 when absent, e.g. ``"*"``)."""
    return pd.Index(values, dtype=object).get_indexer(column.to_numpy(dtype=object)).astype(int)


def _integral(bound: np.ndarray, sign: int) -> tuple[np.ndarray, np.ndarray]:
    """A share bound ``Y ≥ k·X`` (sign −1) or ``Y ≤ k·X`` (+1) as ``s·Y ≷ (s·k)·X`` with
    integral coefficients where ``k`` has at most 6 decimals (exact, kind to HiGHS's presolve);
    otherwise ``k`` widened by a hair (the bounds are inclusive)."""
    scale, coef = np.ones(len(bound)), bound + sign * _EPS
    todo = np.ones(len(bound), bool)
    for digits in range(7):
        scaled = bound * 10.0**digits
        hit = todo & (np.abs(scaled - np.rint(scaled)) < 1e-9 * 10.0**digits)
        scale[hit], coef[hit] = 10.0**digits, np.rint(scaled[hit])
        todo &= ~hit
    return scale, coef


def _expand(cov: sp.csr_array, pattern: np.ndarray, offset: np.ndarray,
            weight: np.ndarray | float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, data) of rows ``cov[pattern] * weight`` shifted right by ``offset``."""
    counts = np.diff(cov.indptr)[pattern]
    rows = np.repeat(np.arange(len(pattern)), counts)
    flat = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    cols = cov.indices[np.repeat(cov.indptr[pattern], counts) + flat] + offset[rows]
    data = np.broadcast_to(np.asarray(weight, dtype=float), len(pattern))[rows]
    return rows, cols, data


@dataclass
class Model:
    """Variables, constraints (``lower ≤ a·z ≤ upper``) and expressions, grouped by block."""

    frame: pd.DataFrame
    block_names: list[str]
    var_ptr: np.ndarray  # variables of block b: var_ptr[b]:var_ptr[b+1]
    con_ptr: np.ndarray
    a: sp.csr_array
    lower: np.ndarray
    upper: np.ndarray
    cell_expr: sp.csr_array  # one row per cell (population × coordinates): its count x
    cell_ptr: np.ndarray
    num_expr: sp.csr_array  # one row per numerator cell: its count y
    num_cell: np.ndarray
    num_ptr: np.ndarray
    row_block: np.ndarray
    row_cell: np.ndarray
    row_num: np.ndarray  # −1 when the row is not a share
    cell_pinned: np.ndarray  # a shown row publishes the cell's count
    half: np.ndarray  # half width of each row's rounding
    cap: float

    def block_rows(self, matrix: sp.csr_array, rows: np.ndarray, b: int) -> sp.csr_array:
        """Rows of a global expression matrix, on block ``b``'s local variables."""
        sub = sp.csr_array(matrix[rows])
        v0, v1 = self.var_ptr[b], self.var_ptr[b + 1]
        return sp.csr_array((sub.data, sub.indices - v0, sub.indptr), shape=(len(rows), v1 - v0))


class _Rows:
    """A sparse matrix built by appending groups of rows, each as (row, column, data)."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.n = 0

    def add(self, rcd: tuple[np.ndarray, np.ndarray, np.ndarray], n_rows: int) -> None:
        self.parts.append((rcd[0] + self.n, rcd[1], rcd[2]))
        self.n += n_rows

    def csr(self, n_cols: int) -> sp.csr_array:
        if not self.parts:
            return sp.csr_array((self.n, n_cols))
        r, c, d = (np.concatenate(x) for x in zip(*self.parts, strict=True))
        return sp.csr_array((d, (r, c)), shape=(self.n, n_cols))


class _Builder:
    """Accumulates variables, expressions and constraints, population after population."""

    def __init__(self, df: pd.DataFrame, shown_n: np.ndarray, half: np.ndarray) -> None:
        self.df, self.shown_n, self.half = df, shown_n, half
        self.cell, self.num, self.con = _Rows(), _Rows(), _Rows()
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.con_block: list[np.ndarray] = []
        self.var_sizes: list[np.ndarray] = []
        self.num_cell: list[np.ndarray] = []
        self.names: list[str] = []
        self.n_vars = self.block_base = 0
        r = len(df)
        self.row_block, self.row_cell, self.row_num = (np.full(r, -1) for _ in range(3))

    def constrain(self, rcd: tuple, lower: np.ndarray, upper: np.ndarray, block: np.ndarray
                  ) -> None:
        self.con.add(rcd, len(lower))
        self.lower.append(np.asarray(lower, float))
        self.upper.append(np.asarray(upper, float))
        self.con_block.append(np.asarray(block, int) + self.block_base)

    def population(self, pop: str, spec: Population, idx: np.ndarray, keys: list[str]) -> None:
        """Variables, cells and constraints of one population (rows ``idx`` of the frame)."""
        sub = self.df.iloc[idx]
        add = list(spec.additive)
        over = [k for k in spec.overlapping if k not in add]
        fixed = [k for k in keys if k not in add and k not in over]
        values = {}
        for k in add:
            values[k] = sorted(set(sub[k]) - {ALL})
            if not values[k] or k in spec.incomplete:
                values[k].append(UNKNOWN)  # people counted only in the "*" total
        dims = tuple(len(values[k]) for k in add)
        m = math.prod(dims)
        atoms = np.indices(dims).reshape(len(add), m)
        rcodes = np.array([_codes(sub[k], values[k]) for k in add],
                          dtype=int).reshape(len(add), len(sub))
        pattern = _ids(list(rcodes), len(sub))
        pc = rcodes[:, np.unique(pattern, return_index=True)[1]][:, :, None]
        cov = sp.csr_array(((pc == -1) | (pc == atoms[:, None, :])).all(axis=0).astype(float))
        ovals = {k: sorted(set(sub[k])) for k in over}
        sdims = tuple(len(ovals[k]) for k in over)
        n_slices = math.prod(sdims)
        scodes = [_codes(sub[k], ovals[k]) for k in over]
        slice_ = np.ravel_multi_index(scodes, sdims) if over else np.zeros(len(sub), int)
        block = _ids([pd.factorize(sub[k], sort=True)[0] for k in fixed], len(sub))
        n_blocks = int(block.max(initial=-1)) + 1
        self.block_base = len(self.names)
        self.names += [f"{pop} ({', '.join(f'{k}={sub[k].iloc[i]}' for k in fixed)})"
                       for i in np.unique(block, return_index=True)[1]]
        # numerator slices (block, slice, numerator id), partitions completed
        share = (sub["statistic"] == "share").to_numpy()
        nid_names = sorted({*sub.loc[share, "numerator"], *(x for p in spec.partitions for x in p)})
        n_ids = max(len(nid_names), 1)
        nid = _codes(sub["numerator"], nid_names)
        triple = np.unique(np.stack([block, slice_, nid])[:, share], axis=1)
        for part in spec.partitions:
            members = np.array([nid_names.index(x) for x in part])
            hit = np.unique(triple[:2, np.isin(triple[2], members)], axis=1)
            extra = np.stack([np.repeat(hit[0], len(members)), np.repeat(hit[1], len(members)),
                              np.tile(members, hit.shape[1])])
            triple = np.unique(np.concatenate([triple, extra], axis=1), axis=1)
        nb, ns, nn = triple
        k_b = np.bincount(nb, minlength=n_blocks)
        size = (n_slices + k_b) * m
        start = self.n_vars + np.r_[0, np.cumsum(size)][:-1]
        rank = np.arange(len(nb)) - np.repeat(np.cumsum(k_b) - k_b, k_b)
        y_off = start[nb] + (n_slices + rank) * m

        def x_of(b: np.ndarray, s: np.ndarray | int) -> np.ndarray:
            return start[b] + s * m

        # cells (ids sorted by block) and numerator cells (sorted by cell)
        cell = _ids([block, slice_, pattern], len(sub))
        cfirst = np.unique(cell, return_index=True)[1]
        c_block, c_slice, c_pat = block[cfirst], slice_[cfirst], pattern[cfirst]
        j = np.searchsorted((nb * n_slices + ns) * n_ids + nn,
                            (block * n_slices + slice_) * n_ids + nid)
        num = np.full(len(sub), -1)
        num[share] = _ids([cell[share], j[share]], int(share.sum()))
        nfirst = np.unique(num[share], return_index=True)[1]
        n_cell, n_j = cell[share][nfirst], j[share][nfirst]
        base_cell = self.cell.n
        self.cell.add(_expand(cov, c_pat, x_of(c_block, c_slice)), len(cfirst))
        self.num.add(_expand(cov, c_pat[n_cell], y_off[n_j]), len(nfirst))
        self.num_cell.append(n_cell + base_cell)
        self.row_block[idx] = block + self.block_base
        self.row_cell[idx] = cell + base_cell
        self.row_num[idx] = np.where(share, num + self.num.n - len(nfirst), -1)
        # a shown count pins its cell
        pin = self.shown_n[idx]
        n = self.df["n"].to_numpy()[idx][pin]
        spread = pd.Series(n).groupby(cell[pin]).agg(["min", "max"])
        clash = (spread["max"] - spread["min"]).to_numpy() > 0.5
        if clash.any():
            c = int(spread.index[clash.argmax()])
            raise PublicationError(
                f"Deux effectifs différents publiés pour une même cellule de "
                f"{self.names[self.block_base + c_block[c]]}",
                key="publication_contradictory_n", found=pop)
        pc_ = spread.index.to_numpy(int)
        target = np.rint(spread["min"].to_numpy())
        self.constrain(_expand(cov, c_pat[pc_], x_of(c_block[pc_], c_slice[pc_])), target, target,
                       c_block[pc_])
        # a shown share v: (v − r)·X ≤ Y ≤ (v + r)·X
        v = self.df["value"].to_numpy()[idx]
        half = self.half[idx]
        shown_share = share & (self.df["status"].to_numpy()[idx] == "shown") & np.isfinite(v)
        for sign, bound in ((-1, v - half), (1, v + half)):
            use = shown_share & ((bound > 0) if sign < 0 else (bound < 1))
            uniq = np.unique(np.stack([num[use], bound[use]]), axis=1)
            which, (scale, coef) = uniq[0].astype(int), _integral(uniq[1], sign)
            cc, jj = n_cell[which], n_j[which]
            ry, cy, dy = _expand(cov, c_pat[cc], y_off[jj], scale)
            rx, cx, dx = _expand(cov, c_pat[cc], x_of(c_block[cc], c_slice[cc]), -coef)
            zero, inf = np.zeros(len(which)), np.full(len(which), np.inf)
            self.constrain((np.r_[ry, rx], np.r_[cy, cx], np.r_[dy, dx]),
                           zero if sign < 0 else -inf, inf if sign < 0 else zero, c_block[cc])
        # numerators are sub-populations (y ≤ x atom-wise); partitions add up (Σ y = x)
        eye, t = np.arange(m), len(nb)
        rows = np.arange(t * m)
        ya = (y_off[:, None] + eye).ravel()
        xa = (x_of(nb, ns)[:, None] + eye).ravel()
        self.constrain((np.r_[rows, rows], np.r_[ya, xa], np.r_[np.ones(t * m), -np.ones(t * m)]),
                       np.full(t * m, -np.inf), np.zeros(t * m), np.repeat(nb, m))
        for part in spec.partitions:
            member = np.isin(nn, [nid_names.index(x) for x in part])
            group = _ids([nb[member], ns[member]], int(member.sum()))
            g = int(group.max(initial=-1)) + 1
            gfirst = np.unique(group, return_index=True)[1]
            ry = (group[:, None] * m + eye).ravel()
            xs = (x_of(nb[member][gfirst], ns[member][gfirst])[:, None] + eye).ravel()
            ys = ya.reshape(-1, m)[member].ravel()
            self.constrain((np.r_[ry, np.arange(g * m)], np.r_[ys, xs],
                            np.r_[np.ones(len(ry)), -np.ones(g * m)]),
                           np.zeros(g * m), np.zeros(g * m), np.repeat(nb[member][gfirst], m))
        self._unions(over, ovals, sdims, n_blocks, m, x_of)
        self.var_sizes.append(size)
        self.n_vars += int(size.sum())

    def _unions(self, over: list[str], ovals: dict[str, list[str]], sdims: tuple[int, ...],
                n_blocks: int, m: int, x_of: Callable[..., np.ndarray]) -> None:
        """Overlapping keys: every child slice ≤ its ``"*"`` slice ≤ their sum, atom-wise."""
        if not over:
            return
        grid = np.indices(sdims).reshape(len(sdims), -1)
        b = np.repeat(np.arange(n_blocks), m)
        at, rows = np.tile(np.arange(m), n_blocks), np.arange(n_blocks * m)
        ones, none = np.ones(len(b)), np.full(len(b), -np.inf)
        for d, key in enumerate(over):
            if ALL not in ovals[key]:
                continue
            star = ovals[key].index(ALL)
            for p in np.flatnonzero(grid[d] == star):
                kids = [int(np.ravel_multi_index(tuple(np.r_[grid[:d, p], v, grid[d + 1:, p]]),
                                                 sdims)) for v in range(sdims[d]) if v != star]
                xp = x_of(b, p) + at
                xk = [x_of(b, kid) + at for kid in kids]
                for x in xk:  # kid − parent ≤ 0
                    self.constrain((np.r_[rows, rows], np.r_[x, xp], np.r_[ones, -ones]),
                                   none, np.zeros(len(b)), b)
                if xk:  # parent − Σ kids ≤ 0
                    self.constrain((np.r_[rows, np.tile(rows, len(xk))], np.r_[xp, *xk],
                                    np.r_[ones, -np.ones(len(b) * len(xk))]),
                                   none, np.zeros(len(b)), b)


def build_model(cells: pd.DataFrame, populations: Mapping[str, Population], *,
                rounding: float = 0.005) -> Model:
    """The attacker's model of ``cells`` (see the module docstring). ``rounding`` is the half
    width of a published share's rounding (a ``rounding`` column overrides it per row)."""
    keys = audit_keys(populations)
    df = normalise(cells, keys)
    n = df["n"].to_numpy()
    shown_n = (df["status"] == "shown").to_numpy() & np.isfinite(n)
    cap = max(1000.0, 10.0 * float(np.max(n[shown_n], initial=0.0)))
    half = np.full(len(df), float(rounding))
    if "rounding" in df:
        half = pd.to_numeric(df["rounding"], errors="coerce").fillna(rounding).to_numpy(float)
    b = _Builder(df, shown_n, half)
    codes, pops = pd.factorize(df["population"], sort=True)
    for code, pop in enumerate(pops):
        if pop not in populations:
            raise PublicationError(f"Population « {pop} » non décrite", column="population",
                                   key="publication_unknown_population", found=pop)
        b.population(pop, populations[pop], np.flatnonzero(codes == code), keys)
    con_block = np.concatenate(b.con_block or [np.zeros(0, int)])
    order = np.argsort(con_block, kind="stable")
    n_blocks = len(b.names)
    cell_block = np.full(b.cell.n, -1)
    cell_block[b.row_cell] = b.row_block
    num_cell = np.concatenate(b.num_cell or [np.zeros(0, int)])
    pinned = np.zeros(b.cell.n, bool)
    pinned[b.row_cell[shown_n]] = True
    return Model(
        frame=df, block_names=b.names,
        var_ptr=np.r_[0, np.cumsum(np.concatenate(b.var_sizes or [np.zeros(0, int)]))],
        con_ptr=np.searchsorted(con_block[order], np.arange(n_blocks + 1)),
        a=sp.csr_array(b.con.csr(b.n_vars)[order]),
        lower=np.concatenate(b.lower or [np.zeros(0)])[order],
        upper=np.concatenate(b.upper or [np.zeros(0)])[order],
        cell_expr=b.cell.csr(b.n_vars),
        cell_ptr=np.searchsorted(cell_block, np.arange(n_blocks + 1)),
        num_expr=b.num.csr(b.n_vars), num_cell=num_cell,
        num_ptr=np.searchsorted(cell_block[num_cell], np.arange(n_blocks + 1)),
        row_block=b.row_block, row_cell=b.row_cell, row_num=b.row_num, cell_pinned=pinned,
        half=half, cap=cap)
