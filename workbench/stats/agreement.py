"""Agreement between coders of verbatims: Cohen's κ (two coders), Krippendorff's α (more).

A *unit* is a verbatim that a coder has coded (any row of that coder in ``codings``: a code,
the valence or « aucun enseignement »). For one code, a coder who coded a unit scores 1 when
the code is ticked and 0 otherwise; a coder who did not code the unit is missing.

>>> round(cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]), 3)
0.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbench.stats.reliability import agreement_flag

THEME_PREFIX = "#"  # a free theme's code is "#<label>"
VALENCE_CODE = "_valence"
NO_CODE = "_none"
RESERVED_CODES = frozenset({VALENCE_CODE, NO_CODE})


def cohen_kappa(first: Sequence[object], second: Sequence[object]) -> float:
    """Cohen's κ of two coders' labels on the same units (NaN when chance agreement is 1).

    κ = (p_o − p_e) / (1 − p_e), with p_e from each coder's own marginal distribution.
    """
    a = pd.Series(list(first), dtype=object)
    b = pd.Series(list(second), dtype=object)
    if len(a) != len(b):
        raise ValueError(f"two coders need the same units ({len(a)} vs {len(b)})")
    if len(a) == 0:
        return float("nan")
    labels = pd.Index(pd.unique(pd.concat([a, b], ignore_index=True)))
    ia, ib = labels.get_indexer(a), labels.get_indexer(b)
    k = len(labels)
    confusion = np.zeros((k, k))
    np.add.at(confusion, (ia, ib), 1)
    n = confusion.sum()
    p_o = np.trace(confusion) / n
    p_e = float((confusion.sum(axis=1) * confusion.sum(axis=0)).sum()) / n**2
    if np.isclose(p_e, 1.0):
        return float("nan")
    return float((p_o - p_e) / (1 - p_e))


def krippendorff_alpha(reliability: np.ndarray | pd.DataFrame, *,
                       level: str = "nominal") -> float:
    """Krippendorff's α of a coders × units matrix (NaN = not coded).

    ``level``: ``nominal``, ``ordinal`` or ``interval``. Units with fewer than two values are
    not pairable and are left out. NaN when no pairable unit or no variation at all.
    """
    matrix = np.asarray(reliability, dtype=float)
    if matrix.ndim != 2:
        raise ValueError("reliability data must be a coders × units matrix")
    present = ~np.isnan(matrix)
    values = np.unique(matrix[present])
    if len(values) == 0:
        return float("nan")
    # counts[u, c] = coders giving value c to unit u
    counts = np.stack([(matrix == v).sum(axis=0) for v in values], axis=1).astype(float)
    m_u = counts.sum(axis=1)
    pairable = m_u >= 2
    if not pairable.any():
        return float("nan")
    counts, m_u = counts[pairable], m_u[pairable]
    weights = 1.0 / (m_u - 1)
    coincidence = np.einsum("u,uc,uk->ck", weights, counts, counts)
    coincidence -= np.diag((counts * weights[:, None]).sum(axis=0))
    n_c = coincidence.sum(axis=1)
    n = n_c.sum()
    delta = _distance(values, n_c, level)
    expected = float((np.outer(n_c, n_c) * delta).sum())
    if expected == 0:
        return float("nan")
    observed = float((coincidence * delta).sum())
    return 1.0 - (n - 1) * observed / expected


def _distance(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    """Squared distance δ² between every pair of values for the level of measurement."""
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    if level == "interval":
        return np.subtract.outer(values, values) ** 2
    if level == "ordinal":
        cumulative = np.cumsum(n_c)
        k = len(values)
        delta = np.zeros((k, k))
        for i in range(k):
            for j in range(i + 1, k):
                between = cumulative[j] - (cumulative[i - 1] if i else 0.0)
                delta[i, j] = delta[j, i] = (between - (n_c[i] + n_c[j]) / 2) ** 2
        return delta
    raise ValueError(f"level must be nominal, ordinal or interval, got {level!r}")


def reliability_matrix(codings: pd.DataFrame, code: str, *,
                       coders: Sequence[str] | None = None) -> pd.DataFrame:
    """Coders × units (verbatims) for one code: 1 ticked, 0 coded without it, NaN not coded.

    For ``code == "_valence"`` the cells hold the valence (−1, 0, 1) or NaN.
    """
    rows = codings if coders is None else codings[codings["coder"].isin(list(coders))]
    coded = rows[["coder", "verbatim_id"]].drop_duplicates()
    if code == VALENCE_CODE:
        val = rows[rows["code"] == VALENCE_CODE]
        wide = val.pivot_table(index="coder", columns="verbatim_id", values="valence",
                               aggfunc="first")
        return wide.astype(float)
    base = coded.assign(value=0.0)
    ticked = rows.loc[rows["code"] == code, ["coder", "verbatim_id"]].drop_duplicates()
    base = base.merge(ticked.assign(hit=1.0), on=["coder", "verbatim_id"], how="left")
    base["value"] = base["hit"].fillna(0.0)
    return base.pivot(index="coder", columns="verbatim_id", values="value").astype(float)


def agreement_by_code(codings: pd.DataFrame, *, codes: Sequence[str] | None = None,
                      coders: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per code (and ``_valence``): coders, units coded by ≥ 2 of them, the method
    (``cohen_kappa`` with two coders on the units both coded, else ``krippendorff_alpha``
    nominal; valence: ordinal α), the value, the observed share of agreeing pairs, how many
    units at least one coder ticked (``units_ticked``), and always Krippendorff's ``alpha``
    (nominal; valence ordinal) with its reading ``flag`` (``reliable`` ≥ 0.800, ``tentative``
    ≥ 0.667, ``low``, ``undefined``: see :func:`workbench.stats.reliability.agreement_flag`)."""
    rows = codings if coders is None else codings[codings["coder"].isin(list(coders))]
    if codes is None:
        codes = sorted(c for c in rows["code"].astype("str").unique() if c not in RESERVED_CODES)
        if (rows["code"] == VALENCE_CODE).any():
            codes = [*codes, VALENCE_CODE]
    out = []
    for code in codes:
        wide = reliability_matrix(rows, code)
        pairable = wide.notna().sum(axis=0) >= 2
        wide = wide.loc[:, pairable]
        n_coders = int((wide.notna().sum(axis=1) > 0).sum())
        record = {"code": code, "coders": n_coders, "units": int(wide.shape[1]),
                  "method": "", "value": float("nan"), "observed": float("nan"),
                  "units_ticked": int((wide == 1).any(axis=0).sum()) if code != VALENCE_CODE
                  else 0, "alpha": float("nan")}
        if wide.shape[1] and n_coders >= 2:
            record["observed"] = _observed_agreement(wide.to_numpy())
            record["alpha"] = krippendorff_alpha(
                wide.to_numpy(), level="ordinal" if code == VALENCE_CODE else "nominal")
            if n_coders == 2:
                both = wide.dropna(axis=1)
                record["units"] = int(both.shape[1])
                record["method"] = "cohen_kappa"
                record["value"] = cohen_kappa(both.iloc[0].tolist(), both.iloc[1].tolist())
            else:
                level = "ordinal" if code == VALENCE_CODE else "nominal"
                record["method"] = f"krippendorff_alpha_{level}"
                record["value"] = krippendorff_alpha(wide.to_numpy(), level=level)
        out.append(record)
    table = pd.DataFrame(out, columns=["code", "coders", "units", "method", "value", "observed",
                                       "units_ticked", "alpha"])
    table["flag"] = pd.Series(agreement_flag(table["alpha"].to_numpy()), dtype="str") \
        if len(table) else pd.Series(dtype="str")
    return table


def _observed_agreement(matrix: np.ndarray) -> float:
    """Share of agreeing pairs of coders over all pairable units (pairs within a unit)."""
    agree = pairs = 0.0
    for column in matrix.T:
        vals = column[~np.isnan(column)]
        m = len(vals)
        if m < 2:
            continue
        _, counts = np.unique(vals, return_counts=True)
        agree += float((counts * (counts - 1)).sum()) / 2
        pairs += m * (m - 1) / 2
    return agree / pairs if pairs else float("nan")
