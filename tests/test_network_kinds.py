"""Network indicator kinds: the cube contract and the common small-cell rule."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from test_network import full_response, nx_symmetrised, random_levels, small_framework

from workbench.framework import Indicator
from workbench.indicators import compute
from workbench.indicators import network as network_kinds
from workbench.store import Dataset

ORGS = [f"o{i:02d}" for i in range(14)]
FW = small_framework({o: ("municipal" if i % 3 else "association") for i, o in enumerate(ORGS)})


def spec(kind: str, **params) -> Indicator:
    return Indicator(id=f"test-{kind}", lesson="L4", kind=kind, evidence="relations",
                     params=params, label_fr="essai", label_en="test")


def dataset(respondents: dict[str, int]) -> tuple[Dataset, dict]:
    """Waves → number of responding organisations (first k of the roster, one person each)."""
    frames, levels_by_wave = [], {}
    for seed, (wave, k) in enumerate(respondents.items()):
        levels = random_levels(ORGS, seed + 20)
        levels_by_wave[wave] = levels
        answered = {pair: lv for pair, lv in levels.items() if pair[0] in ORGS[:k]}
        frames.append(full_response(answered, wave))
    return Dataset({"ties": pd.concat(frames, ignore_index=True)}), levels_by_wave


@pytest.mark.parametrize("kind", sorted(network_kinds.NETWORK_KINDS))
def test_every_kind_returns_the_cube_contract(kind: str) -> None:
    data, _ = dataset({"T0": 14, "T1": 12})
    cube = compute(data, FW, spec(kind))
    assert cube["wave"].tolist() == ["T0", "T1"]
    assert set(cube["qpv"]) == {"*"} and set(cube["group"]) == {"*"}
    for col in ("indicator", "value", "n", "lower", "upper", "masked", "reason", "mode", "method"):
        assert col in cube.columns, col
    assert not cube["masked"].any()
    assert cube["method"].str.contains("pair_min_if_both_else_single").all()


def test_density_cube_matches_networkx_and_masks_small_waves() -> None:
    data, levels = dataset({"T0": 14, "T1": 10, "T2": 11})
    cube = compute(data, FW, spec("network_density")).set_index("wave")
    graph = nx_symmetrised(levels["T0"], ORGS)
    assert cube.loc["T0", "value"] == pytest.approx(nx.density(graph))
    assert cube.loc["T0", "n"] == 14
    assert bool(cube.loc["T1", "masked"]) and np.isnan(cube.loc["T1", "value"])
    assert cube.loc["T1", "reason"] == "small_cell"
    assert not bool(cube.loc["T2", "masked"]) and cube.loc["T2", "n"] == 11


def test_threshold_follows_the_framework() -> None:
    data, _ = dataset({"T0": 8})
    lowered = FW.model_copy(update={"privacy": FW.privacy.model_copy(
        update={"min_cell": 5, "reason": "réseau de 14 organisations"})})
    assert bool(compute(data, FW, spec("collaboration_mean"))["masked"].iloc[0])
    assert not bool(compute(data, lowered, spec("collaboration_mean"))["masked"].iloc[0])


def test_min_level_parameter_changes_the_tie_definition() -> None:
    data, levels = dataset({"T0": 14})
    cube = compute(data, FW, spec("network_density", min_level=3))
    strong = {pair: int(lv >= 3) for pair, lv in levels["T0"].items()}
    assert cube["value"].iloc[0] == pytest.approx(nx.density(nx_symmetrised(strong, ORGS)))


def test_no_ties_gives_an_empty_cube() -> None:
    cube = compute(Dataset({}), FW, spec("partner_trust"))
    assert cube.empty
