"""On the demo territory: simulated coders, the voice and change indicators, the sections."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.config import DEFAULT_FRAMEWORK, Paths
from workbench.demo.coding import code_demo_verbatims
from workbench.exports.section_figures import participation_figures, pathway_figures, voices_figures
from workbench.framework import load_framework
from workbench.indicators import compute_all, select
from workbench.indicators.qualitative import voices_section
from workbench.stats.agreement import agreement_by_code
from workbench.store import Store


@pytest.fixture(scope="module")
def coded(demo_home: Paths, tmp_path_factory: pytest.TempPathFactory):
    target = tmp_path_factory.mktemp("coded") / "workbench.sqlite"
    shutil.copyfile(demo_home.store, target)  # never write codings into the shared demo store
    store = Store(Path(target))
    fw = load_framework(DEFAULT_FRAMEWORK)
    assert code_demo_verbatims(store, fw) > 0
    return store, fw, store.load_dataset()


def test_demo_indicators_and_sections(coded, demo_publication) -> None:
    _store, fw, data = coded
    cubes = compute_all(data, fw)
    for indicator in ("L4-voices", "L4-we-share", "L5-facilitators", "L7-markers"):
        top = select(cubes[indicator], wave="*" if indicator != "L7-markers" else "T2")
        assert len(top) == 1 and 0 <= top.iloc[0]["value"] <= 1, indicator
    section = voices_section(data, fw)
    quotable = set(data["verbatims"].loc[data["verbatims"]["quotable"] == 1, "verbatim_id"])
    assert len(section) and set(section["verbatim_id"]) <= quotable
    assert section["lessons"].str.match(r"^L\d(, L\d)*$").all()
    table = agreement_by_code(data["codings"])
    assert set(table["method"]) == {"cohen_kappa"} and (table["units"] > 100).all()
    pub = demo_publication  # the demo store's publication (figures come from there)
    figures = {**participation_figures(pub), **voices_figures(pub), **pathway_figures(pub)}
    assert all(fig.data for fig in figures.values())
    assert len(figures["diagram"].layout.shapes) == len(data["changes"])
