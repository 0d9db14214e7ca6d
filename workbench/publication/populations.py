"""Whose people each published cell counts, and how the cells of one population add up.

A population is named ``<what>:<scope>`` (``answered:Q01+Q02``, ``present:all``,
``known:elus``…); cells of the same population at the same coordinates are the same people,
whatever table shows them, so the audit treats them as one unknown. ``population_spec(name)``
says how its cells add up (``workbench.privacy.audit.Population``) and ``audit_frame`` turns the
publication's cells into what the audit reads:

* a population whose scope fixes the events counted (``present:to:2023-11-16``) holds no wave
  key: every cell of it, whatever the wave it is shown under, is placed at wave ``"*"``;
* a cell covering a set of groups (``group = "elus+services+acteurs"``, the facilitation
  share's « Ensemble ») is left out: the publication shows it only when every group of the set
  is shown at the same place, so that it tells nothing the audit does not already see
  (``build.group_set_masks``);
* a share of answers pooled over people (``share_of_answers``) becomes a share of people whose
  rounding covers every number of people consistent with it (with k items answered per
  person, between a k-th and k times the share of answers).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.privacy.audit import Population

ALL = "*"
ROUNDING = 0.005  # shares are published in whole percents
NON_PEOPLE = ""  # population of a figure resting on no count of people
SET_SEPARATOR = "+"
# statistics the audit models (the others are figures whose n only is a count of people)
AUDITED_STATISTICS = {"count": "count", "share": "share", "share_of_answers": "share"}
CATEGORY_LADDER = ("levels", "ends", "middle_nsp", "agree")


@dataclass(frozen=True)
class PopulationSpec:
    """How one population's cells add up (see ``workbench.privacy.audit.Population``)."""

    additive: tuple[str, ...]
    incomplete: tuple[str, ...] = ()
    overlapping: tuple[str, ...] = ()
    partitions: tuple[tuple[str, ...], ...] = ()
    wave_in_name: bool = False  # the scope fixes the events counted: no wave key

    def audit_population(self) -> Population:
        return Population(additive=self.additive, incomplete=self.incomplete,
                          overlapping=self.overlapping, partitions=self.partitions)


def kind_of_population(name: str) -> str:
    return name.split(":", 1)[0]


def population_spec(name: str, *, items_levels: dict[str, list[str]] | None = None
                    ) -> PopulationSpec:
    """The additivity of population ``name`` (``items_levels``: the answer levels of each
    item, for the category partitions of ``responded:<item>``)."""
    what = kind_of_population(name)
    if what in ("answered", "responded", "complete"):
        partitions = ()
        if what == "responded" and items_levels and name.split(":", 1)[1] in items_levels:
            item = name.split(":", 1)[1]
            partitions = category_partitions(item, items_levels[item])
        # the waves pooled (``"*"``) count each person once: the union of the waves' people
        return PopulationSpec(("qpv", "group"), incomplete=("qpv",), overlapping=("wave",),
                              partitions=partitions)
    if what in ("present", "mainstream"):
        return PopulationSpec(("qpv", "group"), incomplete=("qpv",), overlapping=("step",),
                              wave_in_name=True)
    if what == "known":
        return PopulationSpec(("qpv",), incomplete=("qpv",), wave_in_name=True)
    if what == "target":  # a group's target, fixed by the framework: the same at every wave
        return PopulationSpec((), wave_in_name=True)
    if what == "contributors":
        return PopulationSpec(("qpv", "group"), incomplete=("qpv", "group"),
                              overlapping=("wave",))
    return PopulationSpec(())  # relational, target: one cell per wave (wave a fixed key)


# --- answer categories of a distribution ----------------------------------------------------------
def scale_sides(levels: list[str], agree_from: int) -> tuple[list[str], list[str], list[str]]:
    """(disagree, middle, agree) levels of a scale (``levels`` as text, NSP excluded)."""
    numbers = [int(v) for v in levels]
    centre = (min(numbers) + max(numbers)) / 2
    agree = [v for v in levels if int(v) >= agree_from]
    disagree = [v for v in levels if int(v) < centre and v not in agree]
    middle = [v for v in levels if v not in agree and v not in disagree]
    return disagree, middle, agree


def category_ladder(levels: list[str], agree_from: int) -> list[list[tuple[str, ...]]]:
    """The ways to group a scale's answers (and « ne se prononce pas »), finest first:
    every level; the two ends merged; NSP with the middle; everything but agreement."""
    disagree, middle, agree = scale_sides(levels, agree_from)
    nsp = ("nsp",)
    ladder = [[(v,) for v in levels] + [nsp],
              [tuple(disagree), *[(v,) for v in middle], tuple(agree), nsp],
              [tuple(disagree), (*middle, "nsp"), tuple(agree)],
              [(*disagree, *middle, "nsp"), tuple(agree)]]
    out: list[list[tuple[str, ...]]] = []
    for rung in ladder:
        rung = [c for c in rung if c]
        if rung not in out:
            out.append(rung)
    return out


def category_id(members: Iterable[str]) -> str:
    return SET_SEPARATOR.join(members)


def category_partitions(item: str, levels: list[str], agree_from: int | None = None
                        ) -> tuple[tuple[str, ...], ...]:
    """Numerator ids ``<item>:<category>`` of every rung of the ladder, plus the rungs that
    merge one end only (so that a merged end equals the sum of its levels for the audit)."""
    agree_from = agree_from if agree_from is not None else int(levels[-1]) - 1
    ladder = category_ladder(levels, agree_from)
    disagree, middle, agree = scale_sides(levels, agree_from)
    extra = [[tuple(disagree), *[(v,) for v in [*middle, *agree]], ("nsp",)],
             [*[(v,) for v in [*disagree, *middle]], tuple(agree), ("nsp",)]]
    rungs = [*ladder, *[[c for c in r if c] for r in extra]]
    parts = {tuple(f"{item}:{category_id(c)}" for c in rung) for rung in rungs}
    return tuple(sorted(parts))


# --- the frame the audit reads --------------------------------------------------------------------
def audit_frame(cells: pd.DataFrame, specs: dict[str, PopulationSpec], *,
                extra: pd.DataFrame | None = None
                ) -> tuple[pd.DataFrame, dict[str, Population]]:
    """The publication's people cells as the audit reads them, and their populations.

    ``extra``: rows already in the audit's form (counts a shown share gives away), with their
    ``row``. Returns the frame (``row``: the position of each cell in ``cells``) and
    ``{population: Population}``.
    """
    sets = cells["group"].map(is_group_set).astype(bool)
    people = (cells["population"].astype(str) != NON_PEOPLE) & ~sets
    frame = cells[people].copy()
    frame["row"] = np.flatnonzero(people.to_numpy())
    frame["statistic"] = frame["statistic"].map(AUDITED_STATISTICS).fillna(frame["statistic"])
    _relax_pooled_shares(frame, cells[people])
    if extra is not None and len(extra):
        frame = pd.concat([frame, extra], ignore_index=True)
    names = sorted(set(frame["population"]))
    populations: dict[str, Population] = {}
    for name in names:
        spec = specs.get(name) or population_spec(name)
        if spec.wave_in_name:
            frame.loc[(frame["population"] == name).to_numpy(), "wave"] = ALL
        populations[name] = spec.audit_population()
    return frame.reset_index(drop=True), populations


def is_group_set(group: object) -> bool:
    """A cell covering several groups at once (``"elus+services+acteurs"``)."""
    return SET_SEPARATOR in str(group)


def _relax_pooled_shares(frame: pd.DataFrame, cells: pd.DataFrame) -> None:
    """Pooled shares of answers as shares of people: with k items, the people who gave the
    answer at least once lie between (v − r)/k and k(v + r) of n (``rounding`` per row)."""
    pooled = (cells["statistic"] == "share_of_answers").to_numpy()
    frame["rounding"] = ROUNDING
    if not pooled.any():
        return
    k = cells["population"].map(_items_count).to_numpy(dtype=float)[pooled]
    v = pd.to_numeric(cells["value"], errors="coerce").to_numpy(dtype=float)[pooled]
    lo = np.clip((v - ROUNDING) / k, 0.0, 1.0)
    hi = np.clip((v + ROUNDING) * k, 0.0, 1.0)
    lo = np.where(v <= 0, 0.0, lo)  # "0 %": nobody gave that answer
    hi = np.where(v >= 1, 1.0, hi)
    lo = np.where(v >= 1, 1.0 - ROUNDING * k, lo)  # "100 %": nearly everyone
    where = np.flatnonzero(pooled)
    frame.iloc[where, frame.columns.get_loc("value")] = (lo + hi) / 2
    frame.iloc[where, frame.columns.get_loc("rounding")] = (hi - lo) / 2


def _items_count(population: str) -> int:
    scope = population.split(":", 1)[1] if ":" in population else ""
    return max(1, len(scope.split(":")[-1].split(SET_SEPARATOR)))


__all__ = ["ALL", "AUDITED_STATISTICS", "NON_PEOPLE", "ROUNDING", "PopulationSpec",
           "audit_frame", "category_id", "category_ladder", "category_partitions",
           "is_group_set", "kind_of_population", "population_spec", "scale_sides"]
