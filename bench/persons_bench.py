"""Benchmark of the person-level figures (issue 12). Prints one line per figure:
``<figure>: <value> (goal <goal>, met|missed)`` and ratios to a plain pandas groupby-mean of the
same answers measured in the same run. Always exits 0.

(a) national scale (1,500 QPV × 5 waves, 30 items; ``indicators_bench.synthetic``: people drawn
    from a pool twice the wave size, so about half are seen at two waves or more), against the
    plain groupby-mean of the same answers timed in the same run (the machine is shared, so the
    goals are ratios): one person-level agreement cube (each person once, persons as clusters at
    « * », NSP share, α, panel counts, suppression) ≤ 3× the baseline; the wave-to-wave change
    in every QPV × group cell ≤ 1×; the composition-adjusted headline of the seven lessons ≤ 1×;
(b) the demo's COPIL dashboard, in process: every wave × QPV × group choice and every lesson
    (the sweep of ``bench/dashboard_start.py``), 95th percentile of a filter change ≤ 100 ms.

    .venv/bin/python bench/persons_bench.py [--quick]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indicators_bench import baseline_ms, national_framework, synthetic


def line(figure: str, value: float, unit: str, goal: float) -> None:
    status = "met" if value <= goal else "missed"
    print(f"{figure}: {value:.2f} {unit} (goal ≤ {goal:g} {unit}, {status})", flush=True)


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def bench_national(respondents: int) -> None:
    from workbench.indicators import compute
    from workbench.indicators.lessons import adjusted_headline
    from workbench.indicators.longitudinal import change_between

    fw = national_framework()
    data = synthetic(fw, respondents_per_wave=respondents // len(fw.waves), attendees=400)
    answers = len(data.answers)
    base = baseline_ms(data) / 1000
    spec = fw.indicator("L1-likert_agree_share")
    compute(data, fw, fw.indicator("L2-likert_agree_share"))  # the answer index, built once
    cube_s, cube = timed(compute, data, fw, spec)
    first, last = fw.wave_ids[0], fw.wave_ids[-1]
    change_s, change = timed(change_between, data, fw, spec, first, last, cube=cube)
    cubes = {s.id: compute(data, fw, s) for s in fw.indicators
             if s.kind == "likert_agree_share"}
    adjusted_s, _ = timed(adjusted_headline, data, fw, cubes=cubes)
    total = cube[(cube["wave"] == "*") & (cube["qpv"] == "*") & (cube["group"] == "*")].iloc[0]
    print(f"(a) national scale: {answers:,} answers; {int(total['n']):,} distinct people, "
          f"{int(total['n_obs']):,} person × wave scores; {len(cube):,} cells, "
          f"{len(change):,} change cells")
    print(f"(a) pandas groupby-mean baseline: {base:.2f} s; cube {cube_s:.2f} s, change "
          f"{change_s:.2f} s, adjusted headline {adjusted_s:.2f} s")
    line("(a) one person-level agreement cube / baseline", cube_s / base, "×", 3)
    line("(a) wave-to-wave change, every QPV × group cell / baseline", change_s / base, "×", 1)
    line("(a) composition-adjusted headline, seven lessons / baseline", adjusted_s / base, "×",
         1)


def bench_dashboard() -> None:
    from workbench.apps import CopilDashboard
    from workbench.config import Paths
    from workbench.demo.build import run_demo
    from workbench.framework import load_framework

    with tempfile.TemporaryDirectory(prefix="persons-bench-") as folder:
        home = Paths(Path(folder))
        run_demo(home)
        fw = load_framework(home.framework)
        start_s, dashboard = timed(CopilDashboard.from_store, home.store, fw)
        timings = []
        for wave in fw.wave_ids:
            for qpv in ["*", *fw.qpv_ids]:
                for group in ["*", *fw.group_ids]:
                    timings.append(dashboard.set_filters(wave=wave, qpv=qpv, group=group))
        for lesson in fw.lessons:
            timings.append(dashboard.set_filters(lesson=lesson.id))
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"(b) demo dashboard: built in {start_s:.1f} s; {len(timings)} filter changes, "
              f"median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms"
              + (f"; errors: {dashboard.errors[:2]}" if dashboard.errors else ""))
        line("(b) filter change, 95th percentile", p95, "ms", 100)


def main() -> int:
    warnings.simplefilter("ignore", RuntimeWarning)
    quick = "--quick" in sys.argv
    bench_national(20_000 if quick else 200_000)
    bench_dashboard()
    return 0


if __name__ == "__main__":
    sys.exit(main())
