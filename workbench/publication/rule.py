"""The rule for what a figure reveals, applied to every cell before the audit (primary masks).

1. A count or a denominator resting on 1 to ``min_cell`` − 1 people is masked (``small_cell``).
2. A share must not let a reader deduce that fewer than ``min_category`` people of the group
   gave an answer or did something, nor that none or all of them did (``group_disclosure``):

   * a share of *answers* (agreement, a level of a scale) is about two answers, the one counted
     and the others: both must be given by ``min_category`` people or more;
   * a share of people who *did* something (came, came back, facilitated, spoke of a lesson)
     must count ``min_category`` of them or more, and not the whole group;
   * a mean on which every person gave the same answer (no spread) tells each one's answer.

The people behind a share (``did``, ``did_not``) are counted by ``people.py``; the categories
of the Likert distributions are merged beforehand (``likert.py``). Cells the framework fixes
(a group's target) or that count no people are left alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SMALL_CELL = "small_cell"
GROUP_DISCLOSURE = "group_disclosure"
SECONDARY = "secondary"
ANSWER_SHARES = ("share_of_answers",)
BEHAVIOUR_SHARES = ("share", "share_of_things")
REASONS = (SMALL_CELL, GROUP_DISCLOSURE, SECONDARY)


def primary_masks(cells: pd.DataFrame, *, threshold: int, min_category: int) -> pd.DataFrame:
    """``cells`` with ``status``/``reason`` set by rules 1 and 2 (already masked cells kept)."""
    out = cells.copy()
    shown = (out["status"] == "shown").to_numpy() & out["primary"].astype(bool).to_numpy()
    n = pd.to_numeric(out["n"], errors="coerce").to_numpy(dtype=float)
    small = shown & (n >= 1) & (n < threshold)
    did = pd.to_numeric(out["did"], errors="coerce").to_numpy(dtype=float)
    did_not = pd.to_numeric(out["did_not"], errors="coerce").to_numpy(dtype=float)
    stat = out["statistic"].astype(str).to_numpy()
    known = np.isfinite(did) & np.isfinite(did_not) & (n >= 1)
    likert = (out["table"] == "likert").to_numpy()
    answers = np.isin(stat, ANSWER_SHARES) | likert
    behaviour = np.isin(stat, BEHAVIOUR_SHARES) & ~likert
    reveals = known & (
        (answers & ((did < min_category) | (did_not < min_category)))
        | (behaviour & ((did < min_category) | (did_not <= 0))))
    uniform = out["uniform"].fillna(False).astype(bool).to_numpy() & (n >= 1)
    disclosure = shown & ~small & (reveals | uniform)
    out.loc[small, ["status", "reason"]] = ["masked", SMALL_CELL]
    out.loc[disclosure, ["status", "reason"]] = ["masked", GROUP_DISCLOSURE]
    return out


__all__ = ["GROUP_DISCLOSURE", "REASONS", "SECONDARY", "SMALL_CELL", "primary_masks"]
