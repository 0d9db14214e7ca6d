"""Tiny hand-built datasets for the indicator tests (numbers worked out in the tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import Framework, Indicator, Privacy, load_framework
from workbench.store import Dataset

NSP = None  # marker: "ne se prononce pas"


def framework(min_cell: int = 5) -> Framework:
    fw = load_framework(DEFAULT_FRAMEWORK)
    if min_cell == fw.min_cell:
        return fw
    return fw.model_copy(update={"privacy": Privacy(min_cell=min_cell, reason="tests")})


def spec(kind: str, **params: object) -> Indicator:
    return Indicator(id=f"test-{kind}", lesson="L1", kind=kind, evidence="perception",
                     params=params, label_fr="test", label_en="test")


def questionnaire(rows: list[tuple[str, str, str, str | None, str, dict[str, float | None]]]
                  ) -> Dataset:
    """rows: (wave, person, group, qpv, instrument, {item: value or NSP})."""
    respondents, responses = [], []
    for wave, person, group, qpv, instrument, answers in rows:
        respondents.append({"source_id": 1, "wave": wave, "instrument": instrument,
                            "person_id": person, "group_id": group, "qpv": qpv,
                            "organisation": None, "submitted_at": None})
        for item, value in answers.items():
            responses.append({"source_id": 1, "wave": wave, "instrument": instrument,
                              "person_id": person, "item_id": item,
                              "value": np.nan if value is NSP else float(value), "label": None,
                              "missing": "nsp" if value is NSP else None})
    return Dataset({"respondents": pd.DataFrame(respondents),
                    "responses": pd.DataFrame(responses)})


def attendance(events: list[tuple[str, str, str]],
               rows: list[tuple[str, str, str, str | None, str | None, int]]) -> Dataset:
    """events: (event_id, step_id, date); rows: (event_id, person, group, qpv, org, present)."""
    ev = pd.DataFrame([{"event_id": e, "step_id": s, "date": d, "label": e, "qpv": None,
                        "source_id": 1} for e, s, d in events])
    att = pd.DataFrame([{"source_id": 1, "event_id": e, "person_id": p, "group_id": g, "qpv": q,
                         "organisation": o, "present": pr, "role": None}
                        for e, p, g, q, o, pr in rows])
    return Dataset({"events": ev, "attendance": att})
