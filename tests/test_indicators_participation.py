"""Attendance kinds on a hand-built set of sign-in sheets (arithmetic in the comments).

Waves: T0 2022-12-15, T1 2023-12-07, T2 2024-10-10. Elected officials' target: 24.
"""

from __future__ import annotations

import numpy as np
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


def test_reach_is_a_cumulative_full_count_of_the_target() -> None:
    compute(attendance(EVENTS, ROWS), framework(), spec("attendance_reach", group="elus"))
    cube = raw("attendance_reach", group="elus", min_steps=1)
    # T0: no event held yet → said so, no value (not 0 %)
    t0 = one(cube, wave="T0")
    assert t0["note"] == "no_event_yet" and np.isnan(t0["value"]) and np.isnan(t0["count"])
    # T1: e1 e2 e3 e4 e6 → 5 of the 24 targeted; T2 and all: + e5 (S8) → 6 of 24
    t1 = one(cube, wave="T1")
    assert t1["value"] == pytest.approx(5 / 24) and (t1["count"], t1["base"]) == (5, 24)
    assert t1["full_count"] and np.isnan(t1["lower"]) and np.isnan(t1["upper"])  # no interval
    assert t1["method"] == "full_count_of_target" and t1["base_unit"] == "people"
    assert one(cube, wave="T2", group="elus")["value"] == pytest.approx(6 / 24)
    assert one(cube, wave="*")["n"] == 24
    # tilleuls: e1 e2 e3 known and reached by T1 → 3 of 3 known; bel-air at T1: 1 of 2
    tilleuls = one(cube, wave="T1", qpv=T)
    assert tilleuls["value"] == 1.0 and tilleuls["n"] == 3
    assert tilleuls["method"] == "full_count_of_known"
    assert one(cube, wave="T1", qpv=B)["value"] == pytest.approx(1 / 2)


def test_reach_min_steps_on_listed_steps() -> None:
    cube = raw("attendance_reach", group="elus", steps=["S2", "S3", "S5"], min_steps=2)
    # e1 (S2, S3, S5) and e2 (S2, S3) → 2/24 from T1 on
    assert one(cube, wave="T1")["value"] == pytest.approx(2 / 24)
    assert one(cube, wave="*")["value"] == pytest.approx(2 / 24)


def test_mainstream_coverage_counts_organisations() -> None:
    cube = raw("mainstream_coverage", min_steps=1)
    # roster: 10 mainstream organisations (6 in services); regie is not mainstream
    # T1: ccas (S3), ville-sports (S5) → 2 of 10 organisations, 2 people; T2: + caf → 3 of 10
    t1 = one(cube, wave="T1")
    assert t1["value"] == pytest.approx(2 / 10) and (t1["count"], t1["base"]) == (2, 10)
    assert t1["base_unit"] == "organisations" and t1["n"] == 2  # n: the people (privacy)
    assert t1["full_count"] and np.isnan(t1["lower"])
    assert one(cube, wave="T2")["value"] == pytest.approx(3 / 10)
    assert one(cube, wave="T1", group="services")["value"] == pytest.approx(2 / 6)
    t0 = one(cube, wave="T0")
    assert t0["note"] == "no_event_yet" and np.isnan(t0["value"])


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
    ref = proportion_confint(3, 4, method="wilson")
    row = one(cube, wave="T1", step="S2")
    assert (row["lower"], row["upper"]) == pytest.approx(ref)
    # everyone present: e1 e2 e3 e4 e5 e6; two steps or more: e1 e2 e3 → 3/6
    assert one(cube, wave="*", step="*")["value"] == pytest.approx(3 / 6)


def test_continuity_leaves_out_the_steps_reserved_to_the_team() -> None:
    """S9 (drafting) is the project team's alone: someone of the team present at S8 and S9 did
    not « come back » to the process, and S9 is no step of its own."""
    events = [*EVENTS, ("S9-a", "S9", "2024-06-03"), ("S1-a", "S1", "2023-01-16")]
    rows = [*ROWS, ("S8-a", "t1", "equipe", None, None, 1), ("S9-a", "t1", "equipe", None, None,
                                                             1),
            ("S1-a", "t1", "equipe", None, None, 1)]
    cube = KINDS["attendance_continuity"].function(attendance(events, rows),
                                                   spec("attendance_continuity"), framework())
    assert select(cube, step="S9").empty and select(cube, step="S1").empty
    team = one(cube, wave="T2", step="S8", group="equipe")
    assert team["value"] == 0  # t1 at S8, then only at S9: not back
    counted = KINDS["attendance_continuity"].function(
        attendance(events, rows), spec("attendance_continuity", team_groups=[]), framework())
    assert one(counted, wave="T2", step="S8", group="equipe")["value"] == 1


def test_participation_per_1000_and_duration() -> None:
    cube = raw("participation_per_1000")
    # h1 h2 h3 of Les Tilleuls (4,200 inhabitants) at S7 (2024-01-20) → 3/4200 × 1000 at T2
    assert one(cube, wave="T2", qpv=T)["value"] == pytest.approx(3 / 4200 * 1000)
    assert one(cube, wave="T2")["value"] == pytest.approx(3 / 10200 * 1000)  # 4200+2900+1800+1300
    assert one(cube, wave="T1")["value"] == 0  # steps held, no resident yet: a true 0
    assert one(cube, wave="T0")["note"] == "no_event_yet"
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
