"""Inter-coder agreement against the reference libraries (scikit-learn, krippendorff)."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from workbench.stats.agreement import agreement_by_code, cohen_kappa, krippendorff_alpha

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C:
# 4 observers × 12 units, published α nominal 0.743, interval 0.849.
KRIPP_EXAMPLE = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
    [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan],
])


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("categories", [2, 3])
def test_kappa_matches_sklearn(seed: int, categories: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, categories, 40)
    b = np.where(rng.random(40) < 0.6, a, rng.integers(0, categories, 40))
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


def test_kappa_hand_case_and_degenerate() -> None:
    # p_o = 3/4, p_e = (2·1 + 2·3)/16 = 1/2 → κ = 0.5
    assert cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx(0.5)
    assert np.isnan(cohen_kappa([1, 1, 1], [1, 1, 1]))  # chance agreement 1: undefined
    with pytest.raises(ValueError):
        cohen_kappa([1, 0], [1])


def test_alpha_published_example() -> None:
    assert krippendorff_alpha(KRIPP_EXAMPLE, level="nominal") == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha(KRIPP_EXAMPLE, level="interval") == pytest.approx(0.849, abs=5e-4)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
@pytest.mark.parametrize("seed", range(5))
def test_alpha_matches_krippendorff_package(level: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 5, 30)
    data = np.array([np.where(rng.random(30) < 0.7, truth, rng.integers(0, 5, 30))
                     for _ in range(3 + seed % 3)], dtype=float)
    data[rng.random(data.shape) < 0.15] = np.nan
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    assert krippendorff_alpha(data, level=level) == pytest.approx(expected, abs=1e-9)


def test_alpha_published_example_matches_package() -> None:
    for level in ("nominal", "ordinal", "interval"):
        expected = krippendorff.alpha(reliability_data=KRIPP_EXAMPLE, level_of_measurement=level)
        assert krippendorff_alpha(KRIPP_EXAMPLE, level=level) == pytest.approx(expected)


def _codings(ticks: dict[str, dict[str, set[str]]], valences: dict | None = None) -> pd.DataFrame:
    rows = []
    for coder, by_unit in ticks.items():
        for unit, codes in by_unit.items():
            for code in codes or {"_none"}:
                rows.append({"verbatim_id": unit, "code": code, "coder": coder, "valence": None})
    for (coder, unit), value in (valences or {}).items():
        rows.append({"verbatim_id": unit, "code": "_valence", "coder": coder, "valence": value})
    return pd.DataFrame(rows)


def test_agreement_by_code_two_coders_is_kappa() -> None:
    rng = np.random.default_rng(7)
    units = [f"v{i}" for i in range(30)]
    a = {u: {"L1"} if rng.random() < 0.5 else set() for u in units}
    b = {u: (a[u] if rng.random() < 0.75 else ({"L1"} - a[u])) for u in units}
    b.pop("v0")  # coded by one coder only: not a unit of agreement
    table = agreement_by_code(_codings({"c1": a, "c2": b})).set_index("code")
    both = units[1:]
    va = [int("L1" in a[u]) for u in both]
    vb = [int("L1" in b[u]) for u in both]
    row = table.loc["L1"]
    assert row["method"] == "cohen_kappa" and row["units"] == 29 and row["coders"] == 2
    assert row["value"] == pytest.approx(cohen_kappa_score(va, vb))
    assert row["observed"] == pytest.approx(np.mean(np.array(va) == np.array(vb)))


def test_agreement_by_code_three_coders_is_alpha() -> None:
    rng = np.random.default_rng(3)
    units = [f"v{i}" for i in range(25)]
    coders = {c: {u: {code for code in ("L2", "L4") if rng.random() < 0.4} for u in units
                  if rng.random() < 0.9} for c in ("a", "b", "c")}
    valences = {(c, u): int(rng.integers(-1, 2)) for c in coders for u in coders[c]}
    table = agreement_by_code(_codings(coders, valences)).set_index("code")
    for code in ("L2", "L4"):
        matrix = np.array([[float(code in coders[c][u]) if u in coders[c] else np.nan
                            for u in units] for c in ("a", "b", "c")])
        expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        assert table.loc[code, "method"] == "krippendorff_alpha_nominal"
        assert table.loc[code, "value"] == pytest.approx(expected)
    val = np.array([[valences.get((c, u), np.nan) for u in units] for c in ("a", "b", "c")])
    expected = krippendorff.alpha(reliability_data=val, level_of_measurement="ordinal")
    assert table.loc["_valence", "value"] == pytest.approx(expected)
