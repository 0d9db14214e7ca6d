"""The answer-by-answer distributions of the Likert items, with small categories merged.

Every item's answers (scale levels and « ne se prononce pas ») are counted per wave × QPV ×
group, by QPV or by group — never both at once, where nearly every cell would be small — (each
wave apart: separate samples), as shares of the people who answered the item or said NSP. A reader
must not deduce that fewer than ``min_category`` people of a group gave an answer, nor that all
or none of them did, so the categories are grouped along a ladder (``category_ladder``): every
level; the two ends of the scale merged; NSP with the middle; everything but agreement. The
cells of one breakdown (the same keys at ``"*"``) share the finest rung that all of them can
show with every category at ``min_category`` people or more; a cell that cannot show even the
last rung is masked (reason ``group_disclosure``), and so is a cell under the threshold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.framework import Framework
from workbench.indicators.likert import answer_index, item_mask
from workbench.indicators.registry import ALL, KEYS, sum_rollup
from workbench.publication.populations import category_id, category_ladder
from workbench.publication.tables import Table, make_cells
from workbench.store import Dataset

COLUMNS = ["wave", "qpv", "group", "item", "category", "share", "n", "rung"]


def answer_counts(data: Dataset, fw: Framework) -> pd.DataFrame | None:
    """People per item × level (``"1"``… and ``"nsp"``) per wave × QPV × group, margins
    included; ``n``: people who answered the item or said NSP. None when nothing was answered."""
    items = [item.id for item in fw.items]
    if not items or data["responses"].empty:
        return None
    answers, respondents = answer_index(data)
    value = answers["value"].to_numpy()
    keep = item_mask(answers, items) & (~np.isnan(value) | answers["nsp"].to_numpy())
    sel = answers[keep]
    if sel.empty:
        return None
    names = np.asarray(answers.attrs["items"], dtype=object)
    who = respondents.iloc[sel["rid"].to_numpy()][list(KEYS)].reset_index(drop=True)
    level = np.where(np.isnan(sel["value"].to_numpy()), "nsp",
                     np.nan_to_num(sel["value"].to_numpy()).astype(int).astype(str))
    long = who.assign(item=names[sel["item"].to_numpy()].astype(str), level=level, one=1.0)
    levels = [*sorted({lv for lv in level if lv != "nsp"}, key=int), "nsp"]
    for item in fw.items:  # every level of every scale, even when nobody chose it
        scale = fw.scales[item.scale]
        levels += [str(v) for v in range(scale.min, scale.max + 1) if str(v) not in levels]
    wide = long.pivot_table(index=[*KEYS, "item"], columns="level", values="one",
                            aggfunc="sum", fill_value=0.0, dropna=False, observed=True)
    wide = wide.reindex(columns=levels, fill_value=0.0).reset_index()
    wide.columns = [str(c) for c in wide.columns]
    wide["n"] = wide[levels].sum(axis=1)
    wide = wide[wide["wave"].notna()]
    out = sum_rollup(wide, ["qpv", "group"], [*levels, "n"], fixed=("item", "wave"))
    crossed = (out["qpv"] != ALL).to_numpy() & (out["group"] != ALL).to_numpy()
    return out[~crossed].reset_index(drop=True)


def _breakdown(frame: pd.DataFrame) -> np.ndarray:
    """Which keys of each row are margins (``"*"``): a code per combination."""
    code = np.zeros(len(frame), dtype=int)
    for i, key in enumerate(KEYS):
        code |= (frame[key].astype(str) == ALL).to_numpy().astype(int) << i
    return code


def likert_table(data: Dataset, fw: Framework) -> Table | None:
    """The published distributions (``frame``: wave, qpv, group, item, category, share, n,
    rung; a masked item-cell is one row with an empty category)."""
    counts = answer_counts(data, fw)
    if counts is None:
        return None
    threshold, few = fw.min_cell, fw.min_category
    frames, cells = [], []
    for item in fw.items:
        part = counts[counts["item"] == item.id].reset_index(drop=True)
        part = part[part["n"] > 0].reset_index(drop=True)
        if part.empty:
            continue
        scale = fw.scales[item.scale]
        levels = [str(v) for v in range(scale.min, scale.max + 1)]
        ladder = category_ladder(levels, scale.agree_from)
        n = part["n"].to_numpy()
        fits = np.stack([np.all(np.stack([part[list(c)].sum(axis=1).to_numpy() >= few
                                          for c in rung]), axis=0) for rung in ladder])
        small = n < threshold
        hidden = small | ~fits.any(axis=0)
        rung = np.full(len(part), -1)
        level = _breakdown(part)
        for code in np.unique(level):
            rows = (level == code) & ~hidden
            if rows.any():  # the finest rung every shown cell of this breakdown can take
                rung[rows] = int(np.flatnonzero(fits[:, rows].all(axis=1))[0])
        frame, cell = _rows(part, item.id, ladder, rung, hidden, small)
        frames.append(frame)
        cells.append(cell)
    if not frames:
        return None
    frame = pd.concat(frames, ignore_index=True)
    cell = pd.concat(cells, ignore_index=True)
    return Table("likert", frame, cell)


def _rows(part: pd.DataFrame, item: str, ladder: list[list[tuple[str, ...]]],
          rung: np.ndarray, hidden: np.ndarray, small: np.ndarray
          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Display rows (one per shown category, one per masked item-cell) and their cells."""
    records = []
    for i, row in enumerate(part.to_dict("records")):
        keys = {k: str(row[k]) for k in KEYS}
        if hidden[i]:
            records.append({**keys, "item": item, "category": "", "share": np.nan,
                            "n": row["n"], "rung": -1, "_small": bool(small[i])})
            continue
        for members in ladder[rung[i]]:
            count = float(sum(row[m] for m in members))
            records.append({**keys, "item": item, "category": category_id(members),
                            "share": round(count / row["n"], 2), "n": row["n"],
                            "rung": int(rung[i]), "_small": False, "did": count,
                            "did_not": row["n"] - count})
    frame = pd.DataFrame(records)
    shown = frame["category"] != ""
    cells = make_cells("likert", frame, population=f"responded:{item}",
                       statistic=np.where(shown, "share", "count"),
                       numerator=np.where(shown, item + ":" + frame["category"], ""),
                       subject=np.where(shown, item + ":" + frame["category"], item),
                       value="share")
    masked = (~shown).to_numpy()
    cells.loc[masked, "status"] = "masked"
    cells.loc[masked, "reason"] = np.where(frame.loc[masked, "_small"], "small_cell",
                                           "group_disclosure")
    cells.loc[masked, "value"] = np.nan
    for col in ("did", "did_not"):
        if col not in frame:
            frame[col] = np.nan
    return frame[[*COLUMNS]], cells


__all__ = ["answer_counts", "likert_table"]
