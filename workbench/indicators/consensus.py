"""What the coders agree a verbatim carries: the consolidation of several coders' codings.

Rule ``"majority"`` (the default) needs agreement: a verbatim carries a code when *more than
half* of the coders who coded it ticked it (1 of 1, 2 of 2, 2 of 3…). A tie (1 of 2, 2 of 4)
is a disagreement, not a decision: the code is not carried until someone records an
adjudication (``workbench.ingest.coding.adjudicate``, the adjudication panel of the coding
notebook). ``"any"``: one coder is enough (lenient, say so when used). ``coder=``: that
coder's codings only (no adjudication). An adjudication always has the last word.

Each pair verbatim × code has a ``status``: ``single`` (one coder), ``agreed`` (a strict
majority ticked it), ``tie`` (awaiting adjudication), ``minority`` (fewer than half ticked it),
``adjudicated``, or ``any`` (rule ``any``).

>>> codings = pd.DataFrame({"verbatim_id": ["v1", "v1", "v1"], "code": ["L1", "L1", "L2"],
...                         "coder": ["a", "b", "a"], "valence": None})
>>> consensus_codes(codings)[["code", "carried", "status"]].to_numpy().tolist()
[['L1', True, 'agreed'], ['L2', False, 'tie']]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.errors import WorkbenchError
from workbench.stats.agreement import RESERVED_CODES, VALENCE_CODE

RULES = ("majority", "any")
COLUMNS = ["verbatim_id", "code", "carried", "coders", "ticks", "status"]


class ConsensusError(WorkbenchError, ValueError):
    """An unknown consensus rule."""

    key = "coding_bad_rule"


def _latest(adjudications: pd.DataFrame | None) -> pd.DataFrame:
    """One decision per verbatim × code (the latest), as ``verbatim_id, code, decision``."""
    if adjudications is None or adjudications.empty:
        return pd.DataFrame({"verbatim_id": pd.Series(dtype=str), "code": pd.Series(dtype=str),
                             "decision": pd.Series(dtype=float)})
    frame = adjudications.sort_values("decided_at") if "decided_at" in adjudications else \
        adjudications
    frame = frame.drop_duplicates(["verbatim_id", "code"], keep="last")
    return frame[["verbatim_id", "code", "decision"]].astype(
        {"verbatim_id": str, "code": str, "decision": float})


def consensus_codes(codings: pd.DataFrame, *, rule: str = "majority",
                    coder: str | None = None,
                    adjudications: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per coded verbatim and code, whether the verbatim *carries* the code (module docstring).

    Columns: verbatim_id, code, carried (bool), coders (how many coded the verbatim), ticks,
    status. Pairs nobody ticked appear only when an adjudication names them."""
    if rule not in RULES:
        raise ConsensusError(f"rule « {rule} » inconnue", key="coding_bad_rule",
                             expected=", ".join(RULES), found=rule)
    rows = codings if coder is None else codings[codings["coder"] == coder]
    codes = rows[~rows["code"].isin(list(RESERVED_CODES))]
    decided = _latest(None if coder is not None else adjudications)
    decided = decided[decided["code"] != VALENCE_CODE]
    if codes.empty and decided.empty:  # nothing coded yet: no verbatim carries any code
        return pd.DataFrame({"verbatim_id": pd.Series(dtype=str), "code": pd.Series(dtype=str),
                             "carried": pd.Series(dtype=bool), "coders": pd.Series(dtype=int),
                             "ticks": pd.Series(dtype=int), "status": pd.Series(dtype=str)})
    coders = rows.groupby("verbatim_id")["coder"].nunique().rename("coders")
    ticks = codes.groupby(["verbatim_id", "code"])["coder"].nunique().rename("ticks")
    out = ticks.reset_index().astype({"verbatim_id": str, "code": str})
    out = out.merge(decided, on=["verbatim_id", "code"], how="outer")
    out["ticks"] = out["ticks"].fillna(0).astype(int)
    out["coders"] = out["verbatim_id"].map(coders).fillna(0).astype(int)
    twice = 2 * out["ticks"]
    if rule == "any":
        carried, status = out["ticks"] >= 1, np.full(len(out), "any", dtype=object)
    else:
        carried = twice > out["coders"]
        status = np.select([out["coders"] <= 1, twice > out["coders"], twice == out["coders"]],
                           ["single", "agreed", "tie"], default="minority")
    adjudicated = out["decision"].notna().to_numpy()
    out["carried"] = np.where(adjudicated, out["decision"].fillna(0) > 0, carried).astype(bool)
    out["status"] = pd.Series(np.where(adjudicated, "adjudicated", status), dtype="str")
    return out[COLUMNS].sort_values(["verbatim_id", "code"]).reset_index(drop=True)


def disagreements(codings: pd.DataFrame,
                  adjudications: pd.DataFrame | None = None) -> pd.DataFrame:
    """Verbatim × code pairs on which the coders of the verbatim disagree (some ticked, some
    did not; for the valence: different valences), ties first: verbatim_id, code, coders,
    ticks, status (``tie``, ``minority``, ``agreed`` — a majority but not unanimous —, or
    ``adjudicated``), decision (the adjudication, NaN when none), and ``coded_by`` / ``ticked_by``
    (the coders' pseudonymous ids, ``", "``-joined)."""
    table = consensus_codes(codings, adjudications=adjudications)
    table = table[(table["ticks"] > 0) & (table["ticks"] < table["coders"])]
    who = codings.groupby("verbatim_id")["coder"].agg(lambda c: ", ".join(sorted(set(c))))
    ticked = codings.groupby(["verbatim_id", "code"])["coder"].agg(
        lambda c: ", ".join(sorted(set(c))))
    valence = codings[codings["code"] == VALENCE_CODE].dropna(subset=["valence"])
    spread = valence.groupby("verbatim_id")["valence"].agg(["nunique", "size"])
    split = spread[spread["nunique"] > 1]
    decided = _latest(adjudications).set_index(["verbatim_id", "code"])["decision"]
    rows = pd.DataFrame({"verbatim_id": split.index.astype(str), "code": VALENCE_CODE,
                         "coders": split["size"].to_numpy(), "ticks": 0, "status": "tie"})
    shown = valence.assign(_t=valence["coder"].astype(str) + " : "
                           + valence["valence"].astype(int).map("{:+d}".format).astype(str))
    rows["ticked_by"] = rows["verbatim_id"].map(shown.groupby("verbatim_id")["_t"].agg(
        ", ".join)).fillna("")
    table = table.assign(ticked_by=[ticked.get((v, c), "") for v, c in
                                    zip(table["verbatim_id"], table["code"], strict=True)])
    out = pd.concat([table.drop(columns="carried"), rows], ignore_index=True)
    out["decision"] = [decided.get((v, c), np.nan) for v, c in
                       zip(out["verbatim_id"], out["code"], strict=True)]
    out.loc[out["decision"].notna(), "status"] = "adjudicated"
    out["coded_by"] = out["verbatim_id"].map(who).fillna("")
    order = out["status"].map({"tie": 0, "minority": 1, "agreed": 2}).fillna(3)
    out = out.assign(_o=order).sort_values(["_o", "verbatim_id", "code"]).drop(columns="_o")
    return out[["verbatim_id", "code", "coders", "ticks", "status", "decision", "coded_by",
                "ticked_by"]].reset_index(drop=True)


def consensus_valence(codings: pd.DataFrame, *, coder: str | None = None,
                      adjudications: pd.DataFrame | None = None) -> pd.Series:
    """The valence of each verbatim: an adjudicated valence when recorded, else the median of
    its coders' valences rounded toward 0 (two coders at −1 and +1 read 0)."""
    rows = codings if coder is None else codings[codings["coder"] == coder]
    val = rows[rows["code"] == VALENCE_CODE].dropna(subset=["valence"])
    med = val.groupby("verbatim_id")["valence"].median()
    out = med.apply(lambda v: int(v) if v == int(v) else 0).rename("valence")
    if coder is None:
        decided = _latest(adjudications)
        decided = decided[decided["code"] == VALENCE_CODE].set_index("verbatim_id")["decision"]
        if len(decided):
            out = pd.concat([out[~out.index.isin(decided.index)],
                             decided.astype(int).rename("valence")])
    return out.rename("valence")


__all__ = ["RULES", "ConsensusError", "consensus_codes", "consensus_valence", "disagreements"]
