"""The indicator registry: kinds, ``compute`` (kind → cube), look-ups in cubes.

Each kind declares what its cells count (``population``: whose people or things its ``n`` is)
and what its ``value`` is (``statistic``), so that the publication (``workbench.publication``)
masks together every cell counting the same people, whatever table shows them. What users see
is always the publication's cube; ``compute(..., mask=True)`` (the default, for a notebook or a
test) applies the one-cube rule of ``privacy.suppress``, ``mask=False`` returns the raw cube the
publication masks.

>>> cubes = compute_all(dataset, fw, mask=False)           # the publication's input
>>> select(cubes["L1-agree"], wave="T1", group="elus")     # a filter change: a look-up
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from workbench.errors import FrameworkError
from workbench.framework import Framework, Indicator
from workbench.privacy.suppression import suppress
from workbench.store import Dataset

ALL = "*"
KEYS: tuple[str, ...] = ("wave", "qpv", "group")
EXTRA_KEYS: tuple[str, ...] = ("step", "factor", "condition", "level")
RESULT_COLUMNS: tuple[str, ...] = (
    "indicator", "wave", "qpv", "group", "value", "n", "lower", "upper", "masked", "reason",
    "mode", "method",
)

KindFunction = Callable[[Dataset, Indicator, Framework], pd.DataFrame]


# what a kind's n counts (the publication names the concrete population from it)
POPULATIONS: tuple[str, ...] = (
    "respondents",   # questionnaire respondents of a wave who answered the listed items
    "present",       # people present at the events (sign-in sheets) held by the wave's date
    "known",         # people of the indicator's group known to the evaluation (reach)
    "mainstream",    # present people from the roster's mainstream organisations
    "contributors",  # authors of coded verbatims (an anonymous verbatim is its own author)
    "relational",    # respondents of the relational survey of the wave
    "none",          # the figure rests on no count of people (ratings of progress markers)
)
# what a kind's value is
STATISTICS: tuple[str, ...] = (
    "share",             # a share of the people counted by n (its numerator: people too)
    "share_of_answers",  # a share of answers pooled over the people counted by n
    "share_of_things",   # a share of verbatims, tokens, organisations or pairs
    "mean", "count", "rate", "months", "number",
)


@dataclass(frozen=True)
class Kind:
    """A registered kind: how its cells add up, whom it counts and what its value is."""

    name: str
    function: KindFunction
    additive: tuple[str, ...]
    cumulative: bool
    extra_keys: tuple[str, ...]
    population: str = "respondents"
    statistic: str = "share"


KINDS: dict[str, Kind] = {}


def register_kind(
    name: str,
    *,
    additive: Sequence[str] = KEYS,
    cumulative: bool = False,
    extra_keys: Sequence[str] = (),
    population: str = "respondents",
    statistic: str = "share",
) -> Callable[[KindFunction], KindFunction]:
    """Register ``fn(data, spec, fw) -> cube`` under ``name``.

    ``additive``: keys whose cells sum to their ``"*"`` total (people counted once per cell);
    ``cumulative``: the figure accumulates over waves (the cross-wave newcomer rule applies);
    ``population``: whom ``n`` counts (one of ``POPULATIONS``); ``statistic``: what ``value`` is
    (one of ``STATISTICS``).
    """
    if population not in POPULATIONS or statistic not in STATISTICS:
        raise ValueError(f"kind {name}: population {population!r} or statistic {statistic!r} "
                         "unknown")

    def decorate(fn: KindFunction) -> KindFunction:
        KINDS[name] = Kind(name, fn, tuple(additive), cumulative, tuple(extra_keys),
                           population, statistic)
        return fn

    return decorate


def _spec(fw: Framework, spec_or_id: Indicator | str) -> Indicator:
    return fw.indicator(spec_or_id) if isinstance(spec_or_id, str) else spec_or_id


def kind_of(spec: Indicator) -> Kind:
    """The registered kind of an indicator (a French error naming it when unknown)."""
    kind = KINDS.get(spec.kind)
    if kind is None:
        raise FrameworkError(
            f"Indicateur « {spec.id} » : type « {spec.kind} » inconnu "
            f"(attendu l'un de : {', '.join(sorted(KINDS))})",
            key="indicator_unknown_kind",
            column="kind",
            expected=", ".join(sorted(KINDS)),
            found=spec.kind,
        )
    return kind


def compute(data: Dataset, fw: Framework, spec_or_id: Indicator | str, *,
            mask: bool = True) -> pd.DataFrame:
    """Run the indicator's kind, label it, order the columns; with ``mask`` (the default, for
    standalone use) apply the one-cube small-cell rule. What is shown comes from the
    publication, which computes with ``mask=False`` and masks every cube together."""
    spec = _spec(fw, spec_or_id)
    kind = kind_of(spec)
    cube = kind.function(data, spec, fw)
    cube = cube.assign(indicator=spec.id)
    keys = [*KEYS, *[k for k in kind.extra_keys if k in cube.columns]]
    if mask:
        cube = suppress(cube, threshold=fw.min_cell, keys=keys, additive=kind.additive,
                        cumulative=kind.cumulative, wave_order=fw.wave_ids)
    return order_columns(cube, keys)


def compute_all(data: Dataset, fw: Framework, *, mask: bool = True) -> dict[str, pd.DataFrame]:
    """Every framework indicator, computed once (``mask=False``: the publication's input)."""
    return {spec.id: compute(data, fw, spec, mask=mask) for spec in fw.indicators}


def order_columns(cube: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Result columns first (extra keys after ``group``), informational columns last."""
    head = ["indicator", *keys, *[c for c in RESULT_COLUMNS if c not in ("indicator", *KEYS)]]
    head = [c for c in head if c in cube.columns]
    rest = [c for c in cube.columns if c not in head]
    return cube[head + rest].reset_index(drop=True)


def select(
    cube: pd.DataFrame, *, wave: str = ALL, qpv: str = ALL, group: str = ALL, **extra: str | None
) -> pd.DataFrame:
    """Rows of a cube for one filter choice; ``None`` for a key keeps every value of that key.

    Extra keys not named are left free (every value is returned).
    """
    mask = np.ones(len(cube), dtype=bool)
    for key, value in {"wave": wave, "qpv": qpv, "group": group, **extra}.items():
        if value is not None and key in cube.columns:
            mask &= (cube[key] == value).to_numpy()
    return cube[mask]


# --- helpers shared by the kinds -----------------------------------------------------------------
def param(spec: Indicator, name: str, default: Any = None, *, required: bool = False) -> Any:
    """A kind's parameter, with a French error naming the indicator when it is missing."""
    if name in spec.params:
        return spec.params[name]
    if required:
        raise FrameworkError(
            f"Indicateur « {spec.id} » ({spec.kind}) : paramètre « {name} » manquant",
            key="indicator_missing_param",
            column=f"params.{name}",
            expected=name,
        )
    return default


def rollup(
    frame: pd.DataFrame,
    keys: Sequence[str],
    aggregate: Callable[[pd.DataFrame, list[str]], pd.DataFrame],
) -> pd.DataFrame:
    """Every margin of ``keys``: ``aggregate(frame, by)`` for each subset ``by`` of the keys,
    the other keys set to ``"*"``. Rows whose key is null count only in that key's ``"*"``."""
    parts = []
    for size in range(len(keys), -1, -1):
        for by in itertools.combinations(keys, size):
            by = list(by)
            sub = frame.dropna(subset=by) if by else frame
            result = aggregate(sub, by)
            named = any(name is not None for name in result.index.names)
            part = result.reset_index(drop=not named)
            for key in keys:
                if key not in by:
                    part[key] = ALL
            parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    for key in keys:
        out[key] = out[key].astype("str")
    return out


def sum_rollup(
    base: pd.DataFrame, keys: Sequence[str], columns: Iterable[str], *, fixed: Sequence[str] = ()
) -> pd.DataFrame:
    """Margins of additive sums (``columns``) over ``keys``; ``fixed`` keys are never rolled up.

    Works on integer codes (``bincount``), so it stays fast with thousands of QPVs."""
    cols = list(columns)
    names = [*fixed, *keys]
    codes, uniques = {}, {}
    for key in names:
        codes[key], uniques[key] = pd.factorize(base[key])  # null → −1
    values = {c: base[c].to_numpy(dtype=float) for c in cols}
    parts = []
    for size in range(len(keys), -1, -1):
        for subset in itertools.combinations(keys, size):
            by = [*fixed, *subset]
            ok = np.ones(len(base), dtype=bool)
            for key in by:
                ok &= codes[key] >= 0
            if by:
                dims = [len(uniques[k]) for k in by]
                flat = np.ravel_multi_index([codes[k][ok] for k in by], dims)
                cells, inverse = np.unique(flat, return_inverse=True)
                position = np.unravel_index(cells, dims)
            else:
                cells, inverse, position = np.zeros(1), np.zeros(ok.sum(), dtype=int), ()
            part = {k: np.asarray(uniques[k], dtype=object)[position[i]]
                    for i, k in enumerate(by)}
            for key in keys:
                if key not in subset:
                    part[key] = np.full(len(cells), ALL, dtype=object)
            for c in cols:
                part[c] = np.bincount(inverse, weights=values[c][ok], minlength=len(cells))
            parts.append(pd.DataFrame(part))
    out = pd.concat(parts, ignore_index=True)
    for key in names:
        out[key] = out[key].astype("str")
    return out


def empty_cube(extra: Sequence[str] = ()) -> pd.DataFrame:
    cols = ["wave", "qpv", "group", *extra, "value", "n", "lower", "upper", "mode", "method"]
    return pd.DataFrame({c: pd.Series(dtype="float" if c in ("value", "n", "lower", "upper")
                                      else "str") for c in cols})
