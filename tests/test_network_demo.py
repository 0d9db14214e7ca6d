"""The demo's relational survey, imported: the network shows the rising cooperation it was
generated with (T0 → T2), through the published (masked) indicator cubes."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench.demo.workshops as demo_workshops
import workbench.ingest as ingest
from workbench.demo.build import demo_people
from workbench.exports.section_figures import network_section_figures, wave_map
from workbench.framework import load_framework
from workbench.indicators.network_views import network_cubes, network_section
from workbench.store import Store


@pytest.fixture(scope="module")
def demo_network(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("network-demo")
    raw = base / "raw"
    raw.mkdir()
    demo_workshops.write_workshop_files(raw, demo_people(), 2023)
    store = Store(base / "store.sqlite").initialise()
    for path in sorted(Path(raw).glob("relations_T*.xlsx")):
        ingest.import_file(path, store=store)
    return store.load_dataset(), load_framework()


def _values(cubes, kind: str) -> list[float]:
    cube = cubes[kind].set_index("wave")
    assert not cube["masked"].any(), f"{kind}: a demo wave is masked"
    return [float(cube.loc[w, "value"]) for w in ("T0", "T1", "T2")]


def test_demo_cooperation_rises_from_t0_to_t2(demo_network) -> None:
    data, fw = demo_network
    assert sorted(data["ties"]["wave"].unique()) == ["T0", "T1", "T2"]
    cubes = network_cubes(data, fw)
    for kind in ("network_density", "collaboration_mean", "collaboration_share_coordination",
                 "partner_trust", "network_response_rate", "network_ei_index"):
        t0, t1, t2 = _values(cubes, kind)
        assert t0 < t1 < t2, (kind, t0, t1, t2)
    t0, _, t2 = _values(cubes, "network_centralisation")
    assert t2 < t0   # less dependent on the backbone team as ties spread


def test_demo_section_shows_every_wave(demo_publication) -> None:
    section = network_section_figures(demo_publication)
    assert section["waves"] == ["T0", "T1", "T2"]
    assert "effectif trop faible" not in " ".join(section["table"].astype(str).to_numpy().ravel())
    assert [s.label for s in section["map"].layout.sliders[0].steps] == ["T0", "T1", "T2"]
    assert len(section["pairs"]) >= 1   # the demo plants pairs rated two levels apart


def test_demo_maps_keep_every_organisation_in_place(demo_network) -> None:
    data, fw = demo_network
    section = network_section(data, fw)
    assert not section.summary["masked"].any()
    for wave in section.waves:
        fig = wave_map(section, fw, wave)
        drawn = {org: (x, y) for tr in fig.data if tr.customdata is not None
                 for org, x, y in zip(tr.customdata, tr.x, tr.y, strict=True)}
        assert drawn == {o.id: section.positions[o.id] for o in fw.organisations}
