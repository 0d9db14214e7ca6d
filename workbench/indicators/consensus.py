"""What the coders agree a verbatim carries: the consensus of several coders' codings."""

from __future__ import annotations

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.stats.agreement import RESERVED_CODES, VALENCE_CODE


class ConsensusError(WorkbenchError, ValueError):
    """An unknown consensus rule."""

    key = "coding_bad_rule"


def consensus_codes(codings: pd.DataFrame, *, rule: str = "majority",
                    coder: str | None = None) -> pd.DataFrame:
    """Per coded verbatim and code, whether the verbatim *carries* the code.

    ``rule="majority"``: at least half of the coders who coded the verbatim ticked it;
    ``"any"``: one coder is enough; ``coder=``: that coder only. Columns: verbatim_id, code,
    carried (bool), coders (how many coded the verbatim), ticks.
    """
    rows = codings if coder is None else codings[codings["coder"] == coder]
    if rule not in ("majority", "any"):
        raise ConsensusError(f"rule « {rule} » inconnue", key="coding_bad_rule",
                          expected="majority, any", found=rule)
    codes = rows[~rows["code"].isin(list(RESERVED_CODES))]
    if codes.empty:  # nothing coded yet: no verbatim carries any code
        return pd.DataFrame({"verbatim_id": pd.Series(dtype=str), "code": pd.Series(dtype=str),
                             "carried": pd.Series(dtype=bool), "coders": pd.Series(dtype=int),
                             "ticks": pd.Series(dtype=int)})
    coders = rows.groupby("verbatim_id")["coder"].nunique().rename("coders")
    ticks = codes.groupby(["verbatim_id", "code"])["coder"].nunique().rename("ticks")
    out = ticks.reset_index().merge(coders.reset_index(), on="verbatim_id", how="left")
    needed = 1 if rule == "any" else None
    out["carried"] = (out["ticks"] >= needed) if needed else (2 * out["ticks"] >= out["coders"])
    return out[["verbatim_id", "code", "carried", "coders", "ticks"]]


def consensus_valence(codings: pd.DataFrame, *, coder: str | None = None) -> pd.Series:
    """The valence of each verbatim: the median of its coders' valences (rounded toward 0)."""
    rows = codings if coder is None else codings[codings["coder"] == coder]
    val = rows[rows["code"] == VALENCE_CODE].dropna(subset=["valence"])
    med = val.groupby("verbatim_id")["valence"].median()
    return med.apply(lambda v: int(v) if v == int(v) else 0).rename("valence")
