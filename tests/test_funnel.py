"""Participation funnel, continuity and facilitation on crafted attendance (hand counts)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from workbench.charts.pathways import continuity_chart, funnel_chart
from workbench.config import DEFAULT_FRAMEWORK
from workbench.exports.section_figures import participation_figures
from workbench.framework import Indicator, parse_framework
from workbench.indicators.funnel import (
    continuity_by_step,
    facilitators_by_step,
    facilitators_share,
    is_facilitator_role,
    participation_funnel,
)
from workbench.indicators.registry import compute, select
from workbench.publication import build_publication
from workbench.store import Dataset

RAW = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
FW5 = parse_framework({**RAW, "privacy": {"min_cell": 5, "reason": "tests : petits effectifs"}})

EVENTS = pd.DataFrame([
    {"event_id": "e2", "step_id": "S2", "date": "2023-03-09", "label": "Séminaire élus 1"},
    {"event_id": "e3", "step_id": "S3", "date": "2023-05-25", "label": "Rencontre élus-DGS"},
    {"event_id": "e5", "step_id": "S5", "date": "2023-09-28", "label": "Séminaire vision"},
    {"event_id": "e8", "step_id": "S8", "date": "2024-04-11", "label": "Projets de quartier"},
]).assign(qpv=None, source_id=1)


def att(event: str, people: list[str], group: str, *, present: int = 1,
        role: str = "participant") -> list[dict]:
    return [{"event_id": event, "person_id": p, "group_id": group, "organisation": None,
             "qpv": None, "present": present, "role": role, "source_id": 1} for p in people]


def crafted(extra: list[dict] | None = None) -> Dataset:
    elus = [f"E{i}" for i in range(12)]
    services = [f"V{i}" for i in range(12)]
    rows = (att("e2", elus, "elus") + att("e2", ["E12"], "elus", present=0)
            + att("e3", elus[:6], "elus") + att("e3", services[:6], "services")
            + att("e5", elus[:6], "elus") + att("e5", services[2:], "services")
            + att("e5", services[:2], "services", role="facilitator")
            + att("e8", services[6:], "services") + (extra or []))
    return Dataset({"attendance": pd.DataFrame(rows), "events": EVENTS})


def test_funnel_counts_by_hand() -> None:
    funnel = participation_funnel(crafted(), FW5)
    got = {(r.group, r.step): r.n for r in funnel.itertuples()}
    assert got == {("elus", "S2"): 12, ("*", "S2"): 12,
                   ("elus", "S3"): 6, ("services", "S3"): 6, ("*", "S3"): 12,
                   ("elus", "S5"): 6, ("services", "S5"): 12, ("*", "S5"): 18,
                   ("services", "S8"): 6, ("*", "S8"): 6}
    assert not funnel["masked"].any()
    assert list(funnel["step"].drop_duplicates()) == ["S2", "S3", "S5", "S8"]
    elus_s2 = funnel[(funnel["group"] == "elus") & (funnel["step"] == "S2")].iloc[0]
    assert elus_s2["share_of_target"] == pytest.approx(12 / 24)  # target 24 in the framework
    assert elus_s2["group_label"] == "Élus"


def test_funnel_small_cells_masked_with_secondary() -> None:
    extra = att("e8", ["P0", "P1"], "partenaires")
    funnel = participation_funnel(crafted(extra), FW5).set_index(["group", "step"])
    assert funnel.loc[("partenaires", "S8"), "masked"]
    assert funnel.loc[("partenaires", "S8"), "reason"] == "small_cell"
    # services (6) = total (8) − partners (2): masked too, else partners are recoverable
    assert funnel.loc[("services", "S8"), "masked"]
    assert funnel.loc[("*", "S8"), "n"] == 8
    fig = funnel_chart(funnel.reset_index(), FW5)
    texts = [x for tr in fig.data if tr.text is not None for row in tr.text for x in row]
    hovers = json.dumps([tr.customdata for tr in fig.data if tr.customdata is not None],
                        default=str, ensure_ascii=False)
    assert "12" in texts and "effectif trop faible" in hovers  # grey cell, said on hover
    assert "effectif trop faible" in [tr.name for tr in fig.data]  # and in the legend


def test_continuity_by_hand() -> None:
    table = continuity_by_step(crafted(), FW5).set_index(["group", "step"])
    assert table.loc[("elus", "S2"), "value"] == pytest.approx(6 / 12)
    assert table.loc[("elus", "S2"), "n"] == 12
    assert table.loc[("services", "S3"), "value"] == pytest.approx(1.0)
    # over steps: people present at two steps or more — 6 elus + 12 services of 24
    assert table.loc[("*", "*"), "value"] == pytest.approx(18 / 24)
    assert continuity_chart(table.reset_index(), FW5).data


def test_facilitation() -> None:
    assert is_facilitator_role("Co-animation") and is_facilitator_role("facilitator")
    assert not is_facilitator_role("Participant") and not is_facilitator_role(None)
    spec = Indicator(id="L5-fac", lesson="L5", kind="facilitators_share", evidence="behaviour",
                     label_fr="x", label_en="x")
    raw = facilitators_share(crafted(), spec, FW5)
    assert select(raw, wave="*").iloc[0][["count", "n"]].tolist() == [2, 24]
    assert select(raw, wave="T1", group="services").iloc[0][["count", "n"]].tolist() == [2, 12]
    cube = compute(crafted(), FW5, spec)
    top = select(cube, wave="T2").iloc[0]
    assert top["value"] == pytest.approx(2 / 24) and top["n"] == 24
    assert 0 < top["lower"] < 2 / 24 < top["upper"]
    by_step = facilitators_by_step(crafted(), FW5)
    assert by_step["masked"].all()  # two facilitators: below any threshold


def test_participation_figures_on_empty_data() -> None:
    figs = participation_figures(build_publication(Dataset({}), FW5))
    assert set(figs) == {"funnel", "continuity"}
