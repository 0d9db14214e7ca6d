"""Benchmark: a coding click while the 03 notebook's live views follow the store.

On a demo store built in a tmp WORKBENCH_HOME, a coder ticks and unticks a lesson on successive
verbatims, inside a running asyncio event loop (as in a kernel): first with the coding app alone
(the baseline), then with the agreement table and the coded-voices summary watching the store
(``Store.watch``, recomputed a moment after the last click of a burst). Measured: the time a click
takes to be saved and answered, and the time for the views to show it after a burst.

    .venv/bin/python bench/coding_clicks.py [--clicks 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

CLICK_GOAL_MS = 100.0
RATIO_GOAL = 1.5
VIEWS_GOAL_S = 3.0


async def clicks(app, n: int) -> list[float]:
    """``n`` verbatims coded L4, one click each; milliseconds per click."""
    times = []
    box = app.controls["lessons"]["L4"]
    for _ in range(n):
        start = time.perf_counter()
        box.value = True
        times.append((time.perf_counter() - start) * 1000.0)
        app.controls["next"].click()
        await asyncio.sleep(0.05)  # a coder's pace, and room for the loop to run
    return times


async def main(n: int) -> None:
    from workbench.apps.coding import CodingApp
    from workbench.apps.voices import AgreementView, VoicesSummary
    from workbench.config import Paths
    from workbench.demo.build import run_demo
    from workbench.framework import load_framework
    from workbench.store import Store

    home = Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    os.environ.update(WORKBENCH_HOME=str(home), WORKBENCH_SECRET_FILE=str(home / "secret.key"))
    paths = Paths(home)
    run_demo(paths)
    fw, store = load_framework(paths.framework), Store(paths.store)

    alone = CodingApp(store, fw, coder_name="Bench Alone")
    baseline = await clicks(alone, n)
    agreement, voices = AgreementView(store, fw), VoicesSummary(store, fw)
    watched = CodingApp(store, fw, coder_name="Bench Watched")
    before = agreement.text
    with_views = await clicks(watched, n)
    start = time.perf_counter()
    while agreement.text == before and time.perf_counter() - start < 60:
        await asyncio.sleep(0.05)
    shown_s = time.perf_counter() - start
    assert voices.errors == [] and agreement.errors == []

    base, live = statistics.median(baseline), statistics.median(with_views)
    ratio = live / base if base else float("inf")
    print(f"coding click, app alone (baseline): {base:.1f} ms median over {n}")
    print(f"coding click with live views: {live:.1f} ms "
          f"(goal < {CLICK_GOAL_MS:.0f} ms, {'met' if live < CLICK_GOAL_MS else 'missed'})")
    print(f"click with views / alone: {ratio:.2f} "
          f"(goal < {RATIO_GOAL}, {'met' if ratio < RATIO_GOAL else 'missed'})")
    print(f"views updated after the last click: {shown_s:.1f} s "
          f"(goal < {VIEWS_GOAL_S:.0f} s, {'met' if shown_s < VIEWS_GOAL_S else 'missed'})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=30)
    asyncio.run(main(parser.parse_args().clicks))
    sys.exit(0)
