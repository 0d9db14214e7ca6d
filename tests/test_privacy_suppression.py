"""The one small-cell rule (privacy.suppress): hand cases and property tests (hypothesis).

The checkers below are written independently of the implementation: they only look at the
original counts and at which rows came out masked.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.privacy import suppress

ALL = "*"


def cube_from_leaves(leaves: dict[tuple[str, ...], int], dims: list[str],
                     residual: dict[tuple[str, ...], int] | None = None) -> pd.DataFrame:
    """Every margin of an additive count table; ``residual`` adds people who only count in
    margins where the first dim is "*" (like respondents with an unknown QPV)."""
    totals: dict[tuple[str, ...], int] = {}
    for key, count in leaves.items():
        for mask in itertools.product([False, True], repeat=len(dims)):
            cell = tuple(ALL if m else k for k, m in zip(key, mask, strict=True))
            totals[cell] = totals.get(cell, 0) + count
    for key, count in (residual or {}).items():  # key over dims[1:]
        for mask in itertools.product([False, True], repeat=len(dims) - 1):
            cell = (ALL, *(ALL if m else k for k, m in zip(key, mask, strict=True)))
            totals[cell] = totals.get(cell, 0) + count
    rows = [dict(zip(dims, cell, strict=True), n=n, value=float(n)) for cell, n in totals.items()]
    frame = pd.DataFrame(rows)
    frame["lower"] = frame["upper"] = frame["value"]
    return frame


def unsafe_cells(before: pd.DataFrame, masked: np.ndarray, dims: list[str], threshold: int,
                 additive: list[str]) -> list[str]:
    problems = []
    n = before["n"].to_numpy()
    small = (n >= 1) & (n < threshold) & ~masked
    problems += [f"visible small cell {before.iloc[i].to_dict()}" for i in np.flatnonzero(small)]
    frame = before.assign(_masked=masked)
    for d in additive:
        others = [k for k in dims if k != d]
        for _, line in frame.groupby(others):
            parent = line[line[d] == ALL]
            children = line[line[d] != ALL]
            if parent.empty or parent["_masked"].iloc[0]:
                continue
            hidden_children = children[children["_masked"]]
            if len(hidden_children) == 1:
                problems.append(f"lone masked cell in line {d} {line.iloc[0].to_dict()}")
            hidden = parent["n"].iloc[0] - children.loc[~children["_masked"], "n"].sum()
            if 0 < hidden < threshold:
                problems.append(f"recoverable remainder {hidden} along {d}")
    return problems


def test_hand_case_secondary_suppression() -> None:
    # qpv line at wave T1: a=30, b=4 (primary), c=20, total 54 → b masked, then c (next smallest)
    cube = pd.DataFrame({
        "wave": ["T1"] * 4, "qpv": ["a", "b", "c", ALL], "group": [ALL] * 4,
        "n": [30, 4, 20, 54], "value": [0.5, 0.25, 0.4, 0.44],
    })
    out = suppress(cube, threshold=11)
    assert out["masked"].tolist() == [False, True, True, False]
    assert out.loc[1, "reason"] == "small_cell"
    assert np.isnan(out.loc[1, "value"]) and pd.isna(out.loc[1, "n"])
    assert out.loc[0, "n"] == 30 and out.loc[0, "value"] == 0.5


def test_complement_rule() -> None:
    # total 40, cell 35: the other 5 people (unknown QPV) would be recoverable → mask the cell
    cube = pd.DataFrame({"wave": ["T1", "T1"], "qpv": ["a", ALL], "group": [ALL, ALL],
                         "n": [35, 40], "value": [1.0, 2.0]})
    out = suppress(cube, threshold=11)
    assert out["masked"].tolist() == [True, True] or out["masked"].tolist() == [True, False]
    assert out.loc[0, "masked"]


def test_zero_cells_stay_visible() -> None:
    cube = pd.DataFrame({"wave": ["T1"] * 3, "qpv": ["a", "b", ALL], "group": [ALL] * 3,
                         "n": [0, 25, 25], "value": [np.nan, 0.3, 0.3]})
    assert not suppress(cube, threshold=11)["masked"].any()


def test_cross_wave_newcomer_masks_later_wave() -> None:
    # cumulative: 20 people at T1, 23 at T2 → comparing would reveal 3 newcomers: T2 masked
    cube = pd.DataFrame({"wave": ["T1", "T2", ALL], "qpv": [ALL] * 3, "group": [ALL] * 3,
                         "n": [20, 23, 40], "value": [0.2, 0.23, 0.4]})
    out = suppress(cube, threshold=11, cumulative=True, additive=("qpv", "group"),
                   wave_order=["T1", "T2"])
    assert out["masked"].tolist() == [False, True, False]


@st.composite
def count_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, list[str], int]:
    n_dims = draw(st.integers(2, 3))
    dims = ["wave", "qpv", "group"][:n_dims]
    sizes = [draw(st.integers(2, 4)) for _ in dims]
    values = [[f"{d[0]}{i}" for i in range(s)] for d, s in zip(dims, sizes, strict=True)]
    counts = st.one_of(st.integers(0, 4), st.integers(5, 15), st.integers(16, 60))
    leaves = {key: draw(counts) for key in itertools.product(*values)}
    residual = None
    if draw(st.booleans()):  # people with an unknown first key
        residual = {key: draw(counts) for key in itertools.product(*values[1:])}
    threshold = draw(st.integers(5, 15))
    return cube_from_leaves(leaves, dims, residual), dims, threshold


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(count_tables())
def test_no_small_or_recoverable_cell(table: tuple[pd.DataFrame, list[str], int]) -> None:
    cube, dims, threshold = table
    out = suppress(cube, threshold=threshold, keys=dims)
    assert len(out) == len(cube)
    masked = out["masked"].to_numpy()
    assert unsafe_cells(cube, masked, dims, threshold, dims) == []
    assert out.loc[masked, "value"].isna().all()
    assert (out.loc[~masked, "value"].to_numpy() == cube.loc[~masked, "value"].to_numpy()).all()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_two_cumulative_waves_never_reveal_newcomers(data: st.DataObject) -> None:
    threshold = data.draw(st.integers(5, 15))
    qpvs = [f"q{i}" for i in range(data.draw(st.integers(2, 4)))]
    groups = [f"g{i}" for i in range(data.draw(st.integers(2, 3)))]
    counts = st.one_of(st.integers(0, 4), st.integers(5, 40))
    first = {(q, g): data.draw(counts) for q in qpvs for g in groups}
    growth = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 20))
    second = {k: v + data.draw(growth) for k, v in first.items()}
    parts = []
    for wave, leaves in (("T1", first), ("T2", second)):
        part = cube_from_leaves(leaves, ["qpv", "group"]).assign(wave=wave)
        parts.append(part)
    everything = cube_from_leaves(second, ["qpv", "group"]).assign(wave=ALL)
    cube = pd.concat([*parts, everything], ignore_index=True)
    out = suppress(cube, threshold=threshold, additive=("qpv", "group"), cumulative=True,
                   wave_order=["T1", "T2"])
    masked = out["masked"].to_numpy()
    dims = ["wave", "qpv", "group"]
    assert unsafe_cells(cube, masked, dims, threshold, ["qpv", "group"]) == []
    visible = cube.assign(_masked=masked)
    wide = visible[~visible["_masked"]].pivot_table(index=["qpv", "group"], columns="wave",
                                                     values="n")
    for a, b in (("T1", "T2"), ("T1", ALL), ("T2", ALL)):
        if a in wide and b in wide:
            diff = (wide[b] - wide[a]).abs().dropna()
            assert not ((diff > 0) & (diff < threshold)).any(), (a, b)


@pytest.mark.parametrize("threshold", [5, 11])
def test_suppression_is_idempotent(threshold: int) -> None:
    rng = np.random.default_rng(threshold)
    leaves = {(f"w{i}", f"q{j}"): int(rng.integers(0, 30)) for i in range(3) for j in range(4)}
    cube = cube_from_leaves(leaves, ["wave", "qpv"])
    once = suppress(cube, threshold=threshold, keys=["wave", "qpv"])
    again = suppress(once, threshold=threshold, keys=["wave", "qpv"])
    assert (once["masked"] == again["masked"]).all()
