"""Attendance kinds on a hand-built set of sign-in sheets (arithmetic in the comments).

Waves: T0 2022-12-15, T1 2023-12-07, T2 2024-10-10. Elected officials' target: 24.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest_indicators import attendance, framework, spec
from statsmodels.stats.proportion import proportion_confint

from workbench.indicators import KINDS, compute, select

EVENTS = [("S2-a", "S2", "2023-03-09"), ("S3-a", "S3", "2023-05-25"),
          ("S5-a", "S5", "2023-09-28"), ("S7-a", "S7", "2024-01-20"),
          ("S8-a", "S8", "2024-04-11")]
T, B = "tilleuls", "bel-air"
ROWS = [
    ("S2-a", "e1", "elus", T, None, 1), ("S2-a", "e2", "elus", T, None, 1),
    ("S2-a", "e3", "elus", T, None, 1), ("S2-a", "e4", "elus", B, None, 1),
    ("S2-a", "e5", "elus", B, None, 0),  # invited, absent
    ("S3-a", "e1", "elus", T, None, 1), ("S3-a", "e2", "elus", T, None, 1),
    ("S5-a", "e1", "elus", T, None, 1), ("S5-a", "e6", "elus", None, None, 1),
    ("S8-a", "e3", "elus", T, None, 1), ("S8-a", "e5", "elus", B, None, 1),
    ("S3-a", "s1", "services", None, "ccas", 1), ("S3-a", "s4", "acteurs", None, "regie", 1),
    ("S5-a", "s3", "services", None, "ville-sports", 1),
    ("S8-a", "s2", "partenaires", None, "caf", 1),
    ("S7-a", "h1", "habitants", T, None, 1), ("S7-a", "h2", "habitants", T, None, 1),
    ("S7-a", "h3", "habitants", T, None, 1),
]


def raw(kind: str, **params: object) -> pd.DataFrame:
    return KINDS[kind].function(attendance(EVENTS, ROWS), spec(kind, **params), framework())


def one(cube: pd.DataFrame, **keys: str) -> pd.Series:
    rows = select(cube, **keys)
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_reach_is_cumulative_share_of_target() -> None:
    compute(attendance(EVENTS, ROWS), framework(), spec("attendance_reach", group="elus"))
    cube = raw("attendance_reach", group="elus", min_steps=1)
    # T0: no event yet → 0/24; T1: e1 e2 e3 e4 e6 → 5/24; T2 and all: + e5 (S8) → 6/24
    assert one(cube, wave="T0")["value"] == 0
    assert one(cube, wave="T1")["value"] == pytest.approx(5 / 24)
    assert one(cube, wave="T2", group="elus")["value"] == pytest.approx(6 / 24)
    assert one(cube, wave="*")["n"] == 24
    ref = proportion_confint(5, 24, method="wilson")
    assert (one(cube, wave="T1")["lower"], one(cube, wave="T1")["upper"]) == pytest.approx(ref)
    # tilleuls: e1 e2 e3 known and reached by T1 → 3/3; bel-air at T1: e4 of e4, e5 → 1/2
    assert one(cube, wave="T1", qpv=T)["value"] == 1.0 and one(cube, wave="T1", qpv=T)["n"] == 3
    assert one(cube, wave="T1", qpv=B)["value"] == pytest.approx(1 / 2)


def test_reach_min_steps_on_listed_steps() -> None:
    cube = raw("attendance_reach", group="elus", steps=["S2", "S3", "S5"], min_steps=2)
    # e1 (S2, S3, S5) and e2 (S2, S3) → 2/24 from T1 on
    assert one(cube, wave="T1")["value"] == pytest.approx(2 / 24)
    assert one(cube, wave="*")["value"] == pytest.approx(2 / 24)


def test_mainstream_coverage() -> None:
    cube = raw("mainstream_coverage", min_steps=1)
    # roster: 10 mainstream organisations (6 in services); regie is not mainstream
    # T1: ccas (S3), ville-sports (S5) → 2/10, 2 people; T2: + caf (S8) → 3/10, 3 people
    assert one(cube, wave="T1")["value"] == pytest.approx(2 / 10)
    assert one(cube, wave="T1")["n"] == 2
    assert one(cube, wave="T2")["value"] == pytest.approx(3 / 10)
    assert one(cube, wave="T1", group="services")["value"] == pytest.approx(2 / 6)
    assert one(cube, wave="T0")["value"] == 0


def test_participation_by_step() -> None:
    cube = raw("participation_by_step")
    # S2 (ends 2023-04-13) precedes T1: e1 e2 e3 e4 present (e5 absent) → 4
    assert one(cube, wave="T1", step="S2")["value"] == 4
    assert one(cube, wave="T1", step="S2", qpv=T, group="elus")["n"] == 3
    # S8 precedes T2: e3, e5, s2 → 3 people
    assert one(cube, wave="T2", step="S8")["n"] == 3
    assert select(cube, wave="T1", step="S8").empty
    # all steps, all waves: e1..e6 (e5 at S8), s1 s2 s3 s4, h1 h2 h3 → 13 distinct people
    assert one(cube, wave="*", step="*")["n"] == 13


def test_attendance_continuity() -> None:
    cube = raw("attendance_continuity", group="elus")
    # S2 present e1 e2 e3 e4: later e1 (S3, S5), e2 (S3), e3 (S8) → 3/4
    assert one(cube, wave="T1", step="S2")["value"] == pytest.approx(3 / 4)
    # everyone present: e1 e2 e3 e4 e5 e6; two steps or more: e1 e2 e3 → 3/6
    assert one(cube, wave="*", step="*")["value"] == pytest.approx(3 / 6)


def test_participation_per_1000_and_duration() -> None:
    cube = raw("participation_per_1000")
    # h1 h2 h3 of Les Tilleuls (4,200 inhabitants) at S7 (2024-01-20) → 3/4200 × 1000 at T2
    assert one(cube, wave="T2", qpv=T)["value"] == pytest.approx(3 / 4200 * 1000)
    assert one(cube, wave="T2")["value"] == pytest.approx(3 / 10200 * 1000)  # 4200+2900+1800+1300
    assert one(cube, wave="T1")["value"] == 0
    duration = raw("process_duration")
    # by T1: 2023-03-09 → 2023-09-28 = 203 days = 203 / 30.4375 months
    assert one(duration, wave="T1")["value"] == pytest.approx(203 / 30.4375)


def test_compute_with_default_threshold_masks_this_small_data() -> None:
    cube = compute(attendance(EVENTS, ROWS), framework(11), spec("participation_by_step"))
    # only the grand total (13 distinct people) survives; every step or group count is < 11
    # or would let a small cell be recovered by subtraction
    visible = cube[~cube["masked"]]
    assert len(visible) == 1 and visible.iloc[0]["n"] == 13
    assert (visible[["wave", "qpv", "group", "step"]] == "*").all(axis=None)
    reach = compute(attendance(EVENTS, ROWS), framework(11),
                    spec("attendance_reach", group="elus"))
    # n = target 24 where qpv = "*": visible; QPV rows rest on 2–3 known people: masked
    assert not one(reach, wave="T1")["masked"]
    assert one(reach, wave="T1", qpv=T)["masked"]
