"""Benchmark: time to an interactive COPIL dashboard vs a bare one-widget Voilà page.

Both are served the same way in the same run (``workbench.serve.voila_command``: preheated kernel
pool, ``workbench`` template) on a demo store built in a tmp WORKBENCH_HOME. For each page and
repetition, headless Debian Chromium (Playwright) measures request → interactive: widgets
rendered and the first plotly chart drawn. Each measurement waits until both servers have
refilled their kernel pools (nothing else runs meanwhile), so every visitor meets a warm server
(the COPIL case). Then the server-side
filter-change latency is measured in-process from ``CopilDashboard.update_ms`` over every filter
value. Prints the figures and the goals; exits 0 either way.

    .venv/bin/python bench/dashboard_start.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from voila_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VoilaServer,
    bench_environment,
    percentile,
)

from workbench.config import Paths
from workbench.serve import dashboards_dir, voila_command

ROOT = Path(__file__).resolve().parents[1]

BARE_DIR = ROOT / "bench" / "bare"
RATIO_GOAL = 1.5
LATENCY_GOAL_MS = 100.0
SETTLE_S = 1.0  # idle pause before each measurement
POOL_FILLED = re.compile(r"Kernel pool of (\S+) is filled")


class Server(VoilaServer):
    """One Voilà process serving ``root``; its log tells when the kernel pool is refilled."""

    def __init__(self, root: Path, notebook: str, env: dict[str, str], log: Path) -> None:
        super().__init__(lambda port: voila_command(port, root=root), env, log)
        self.notebook = notebook

    @property
    def url(self) -> str:
        return self.page_url(self.notebook)

    def pools_filled(self) -> int:
        text = self.log.read_text(errors="replace")
        return sum(1 for name in POOL_FILLED.findall(text) if name == self.notebook)

    def wait_ready(self, filled_at_least: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.answering() and self.pools_filled() >= filled_at_least:
                return
            time.sleep(0.2)
        raise TimeoutError(f"{self.notebook}: kernel pool not refilled within {timeout} s")


def time_to_interactive(browser, url: str, timeout_ms: int = 60_000) -> float | None:
    """Seconds from the request to widgets rendered and the first plotly chart drawn
    (``None`` when the page is not interactive within the timeout). Each visit uses a fresh
    browser context: a cold cache, like a committee member's first visit."""
    from playwright.sync_api import TimeoutError as PageTimeout

    context = browser.new_context(viewport={"width": 1280, "height": 900})  # cold cache
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, timeout=timeout_ms)
        page.wait_for_selector(".widget-dropdown select", timeout=timeout_ms)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout_ms)
        return time.perf_counter() - start
    except PageTimeout:
        shown = page.inner_text("body")[:300].replace("\n", " ") if not page.is_closed() else ""
        print(f"  not interactive within {timeout_ms / 1000:.0f} s: {url} — page shows: {shown!r}")
        return None
    finally:
        context.close()


def filter_latencies(home: Paths) -> list[float]:
    """Server-side refresh time (ms) for every wave × QPV × group choice and every lesson."""
    from workbench.apps import CopilDashboard
    from workbench.framework import load_framework

    fw = load_framework(home.framework)
    dashboard = CopilDashboard.from_store(home.store, fw)
    timings = []
    for wave in fw.wave_ids:
        for qpv in ["*", *fw.qpv_ids]:
            for group in ["*", *fw.group_ids]:
                timings.append(dashboard.set_filters(wave=wave, qpv=qpv, group=group))
    for lesson in fw.lessons:
        timings.append(dashboard.set_filters(lesson=lesson.id))
    if dashboard.errors:
        print(f"dashboard errors during the sweep: {dashboard.errors[:3]}")
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="measurements per page (default 5)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="wb-bench-") as tmp:
        home = Paths(Path(tmp))
        env = bench_environment(tmp)
        from workbench.demo.build import run_demo

        started = time.perf_counter()
        run_demo(home)
        print(f"demo store built in {time.perf_counter() - started:.1f} s")

        servers = {
            "bare": Server(BARE_DIR, "bare.ipynb", env, Path(tmp) / "bare.log"),
            "dashboard": Server(dashboards_dir(), "copil.ipynb", env, Path(tmp) / "copil.log"),
        }
        times: dict[str, list[float]] = {name: [] for name in servers}
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    for _ in range(args.repeat):
                        for name, server in servers.items():
                            # both pools refilled: no kernel is starting while we measure
                            for other, each in servers.items():
                                each.wait_ready(1 + len(times[other]))
                            time.sleep(SETTLE_S)
                            elapsed = time_to_interactive(browser, server.url)
                            times[name].append(elapsed)
                            shown = "timeout" if elapsed is None else f"{elapsed:.2f} s"
                            print(f"  {name}: {shown}", flush=True)
                finally:
                    browser.close()
        finally:
            for server in servers.values():
                server.stop()

        medians = {}
        for name in servers:
            ok = [v for v in times[name] if v is not None]
            medians[name] = statistics.median(ok) if ok else float("nan")
            shown = ", ".join("timeout" if v is None else f"{v:.2f}" for v in times[name])
            print(f"{name} time to interactive s (median of {len(ok)}/{args.repeat}): "
                  f"{medians[name]:.2f}  [{shown}]")
        ratio = medians["dashboard"] / medians["bare"]
        met = "met" if ratio <= RATIO_GOAL and None not in times["dashboard"] else "missed"
        print(f"dashboard time to interactive ratio: {ratio:.2f} (goal {RATIO_GOAL}, {met})")

        latencies = filter_latencies(home)
        p95 = percentile(latencies, 95)
        print(f"filter changes measured: {len(latencies)}; median ms: "
              f"{statistics.median(latencies):.1f}; max ms: {max(latencies):.1f}")
        print(f"filter change latency p95 ms: {p95:.1f} "
              f"(goal {LATENCY_GOAL_MS:.0f}, {'met' if p95 <= LATENCY_GOAL_MS else 'missed'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
