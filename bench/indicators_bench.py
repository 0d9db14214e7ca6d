"""Indicator benchmark (issue 4). Prints one line per figure:
``<figure>: <value> (goal <goal>, met|missed)`` plus ratios to a plain pandas groupby-mean of
the same data in the same run. Always exits 0.

(a) demo-size data: one filter change (look-ups in precomputed cubes + the barometer) ≤ 100 ms;
(b) national scale: 1,500 QPV × 5 waves × 200,000 respondents (40,000 a wave) × 30 items,
    every framework indicator with suppression ≤ 10 s and ≤ 2 GB peak (run in a child process).

    .venv/bin/python bench/indicators_bench.py [--quick]
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import Framework, load_framework, parse_framework
from workbench.store import Dataset


def synthetic(fw: Framework, respondents_per_wave: int, seed: int = 1,
              attendees: int = 400) -> Dataset:
    """Respondents spread over QPVs and groups; each answers every item (10 % NSP/empty)."""
    rng = np.random.default_rng(seed)
    items = [i.id for i in fw.items]
    qpvs = np.array([*fw.qpv_ids, None], dtype=object)
    groups = np.array(fw.group_ids, dtype=object)
    resp, answers = [], []
    for wave in fw.wave_ids:
        people = np.array([f"p{i:07d}" for i in rng.choice(respondents_per_wave * 2,
                                                             respondents_per_wave, replace=False)])
        r = pd.DataFrame({"source_id": 1, "wave": wave, "instrument": "barometre",
                          "person_id": people,
                          "group_id": groups[rng.integers(0, len(groups), len(people))],
                          "qpv": qpvs[rng.integers(0, len(qpvs), len(people))],
                          "organisation": None, "submitted_at": None})
        resp.append(r)
        value = rng.integers(1, 7, size=(len(people), len(items))).astype(float)
        nsp = value == 6
        value[nsp] = np.nan
        answers.append(pd.DataFrame({
            "source_id": 1, "wave": wave, "instrument": "barometre",
            "person_id": np.repeat(people, len(items)), "item_id": np.tile(items, len(people)),
            "value": value.ravel(), "label": None,
            "missing": np.where(nsp.ravel(), "nsp", None)}))
    orgs = [o.id for o in fw.organisations]
    events, att = [], []
    for step in fw.steps:
        eid = f"{step.id}-{step.start}"
        events.append({"event_id": eid, "step_id": step.id, "date": str(step.start),
                       "label": step.id, "qpv": None, "source_id": 1})
        who = rng.choice(attendees * 3, attendees, replace=False)
        att.append(pd.DataFrame({
            "source_id": 1, "event_id": eid, "person_id": [f"a{i}" for i in who],
            "group_id": groups[who % len(groups)],
            "organisation": [orgs[i % len(orgs)] for i in who],
            "qpv": qpvs[who % len(qpvs)], "present": (rng.random(attendees) < 0.85).astype(int),
            "role": None}))
    return Dataset({"respondents": pd.concat(resp, ignore_index=True),
                    "responses": pd.concat(answers, ignore_index=True),
                    "events": pd.DataFrame(events),
                    "attendance": pd.concat(att, ignore_index=True)})


def national_framework(n_qpv: int = 1500, n_waves: int = 5, n_items: int = 30) -> Framework:
    import yaml

    raw = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    raw["territory"]["qpvs"] = [{"id": f"q{i:04d}", "name": f"QPV {i}",
                                 "population": 1000 + i} for i in range(n_qpv)]
    raw["waves"] = [{"id": f"T{i}", "label_fr": f"T{i}", "label_en": f"T{i}",
                     "date": f"{2022 + i}-12-15"} for i in range(n_waves)]
    lessons = [le["id"] for le in raw["lessons"]]
    raw["items"] = [{"id": f"Q{i + 1:02d}", "instrument": ["barometre"], "scale": "likert5",
                     "lessons": [lessons[i % len(lessons)]], "text_fr": "x", "text_en": "x"}
                    for i in range(n_items)]
    indicators = [ind for ind in raw["indicators"] if ind["kind"] not in
                  ("likert_agree_share", "likert_mean")]
    for lesson in lessons:
        items = [it["id"] for it in raw["items"] if lesson in it["lessons"]]
        for kind in ("likert_agree_share", "likert_mean"):
            indicators.append({"id": f"{lesson}-{kind}", "lesson": lesson, "kind": kind,
                               "evidence": "perception", "params": {"items": items},
                               "label_fr": "x", "label_en": "x"})
    raw["indicators"] = indicators
    return parse_framework(raw)


def compute_every(data: Dataset, fw: Framework) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """``compute_all`` one indicator at a time, so that a kind failing on synthetic data (a table
    it needs is empty) is reported instead of stopping the benchmark."""
    from workbench.indicators import compute

    cubes, failed = {}, []
    for spec in fw.indicators:
        try:
            cubes[spec.id] = compute(data, fw, spec)
        except Exception as exc:  # reported, not hidden
            failed.append(f"{spec.id} ({spec.kind}: {type(exc).__name__})")
    return cubes, failed


def baseline_ms(data: Dataset) -> float:
    """A plain pandas groupby-mean of the same answers (the yardstick)."""
    answers = data.answers
    start = time.perf_counter()
    answers.groupby(["wave", "qpv", "group_id", "item_id"])["value"].mean()
    return (time.perf_counter() - start) * 1000


def line(figure: str, value: float, unit: str, goal: float) -> None:
    status = "met" if value <= goal else "missed"
    print(f"{figure}: {value:.1f} {unit} (goal ≤ {goal:g} {unit}, {status})", flush=True)


def bench_demo() -> None:
    from workbench.indicators import compute, select  # importing registers every kind
    from workbench.indicators.lessons import barometer, barometer_overview

    fw = load_framework(DEFAULT_FRAMEWORK)
    data = synthetic(fw, respondents_per_wave=300)
    base = baseline_ms(data)
    start = time.perf_counter()
    cubes, failed = compute_every(data, fw)
    first = (time.perf_counter() - start) * 1000
    filters = [(q, g) for q in ["*", *fw.qpv_ids] for g in ["*", *fw.group_ids]]
    times = []
    for q, g in filters:
        start = time.perf_counter()
        barometer(cubes, fw, qpv=q, group=g)
        barometer_overview(cubes, fw, qpv=q, group=g)
        for cube in cubes.values():
            select(cube, wave=None, qpv=q, group=g)
        times.append((time.perf_counter() - start) * 1000)
    change = statistics.median(times)
    start = time.perf_counter()
    compute(data, fw, "L1-agree")
    one = (time.perf_counter() - start) * 1000
    print(f"(a) demo-size data: {len(data['responses']):,} answers, {len(cubes)} indicators"
          + (f"; failed on this synthetic data: {', '.join(failed)}" if failed else ""))
    line("(a) one filter change (look-ups + barometer), median", change, "ms", 100)
    line("(a) recomputing one indicator instead", one, "ms", 100)
    print(f"(a) all indicators at start-up: {first:.0f} ms")
    print(f"(a) pandas groupby-mean baseline: {base:.1f} ms; filter change = "
          f"{change / base:.1f}× baseline, start-up = {first / base:.1f}× baseline")


def bench_national_child(respondents: int) -> None:
    """Runs in a child process; prints one JSON line of figures."""
    import workbench.indicators  # noqa: F401  (registers every kind: start-up, not computing)
    fw = national_framework()
    data = synthetic(fw, respondents_per_wave=respondents // len(fw.waves), attendees=4000)
    generated = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    answers = data.answers
    join = time.perf_counter() - start
    base = baseline_ms(data) / 1000
    start = time.perf_counter()
    cubes, failed = compute_every(data, fw)
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"answers": len(answers), "indicators": len(cubes),
                      "rows": int(sum(len(c) for c in cubes.values())),
                      "masked": int(sum(c["masked"].sum() for c in cubes.values())),
                      "join_s": join, "compute_s": total, "baseline_s": base,
                      "rss_after_data_mb": generated, "peak_mb": peak, "failed": failed}))


def bench_national(respondents: int) -> None:
    out = subprocess.run([sys.executable, __file__, "--child", str(respondents)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(f"(b) national scale: failed\n{out.stderr[-2000:]}")
        return
    fig = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"(b) national scale: {fig['answers']:,} answers, {fig['indicators']} indicators, "
          f"{fig['rows']:,} cube rows ({fig['masked']:,} masked)"
          + (f"; failed on this synthetic data: {', '.join(fig['failed'])}" if fig["failed"]
             else ""))
    line("(b) all framework indicators with suppression", fig["compute_s"], "s", 10)
    line("(b) peak memory (whole process, data included)", fig["peak_mb"], "MB", 2048)
    print(f"(b) answers join (store's Dataset.answers, done once): {fig['join_s']:.1f} s; "
          f"memory after generating the data: {fig['rss_after_data_mb']:.0f} MB")
    print(f"(b) pandas groupby-mean baseline: {fig['baseline_s']:.2f} s; all indicators = "
          f"{fig['compute_s'] / fig['baseline_s']:.1f}× baseline")


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        bench_national_child(int(sys.argv[2]))
        return 0
    quick = "--quick" in sys.argv
    bench_demo()
    bench_national(20_000 if quick else 200_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
