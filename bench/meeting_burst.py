"""Benchmark: a COPIL meeting's members all open the dashboard at once.

A meeting of ``--members`` (default 20) is prepared on a demo store built in a tmp
WORKBENCH_HOME and served as ``workbench dashboard --reunion N`` serves it
(``workbench.meeting.launch``: login, pool of N preheated kernels, refilled after the burst).
The baseline, in the same run, is the bare one-widget page (``bench/bare/bare.ipynb``) served the
very same way: the same launcher, session, login and pool (the notebook is put in a folder of its
own under the dashboard's name). The two servers run one after the other, each alone.

For each server: every member signs in with the meeting's code (before the clock starts: the
login page is not what is measured), the server's pool is filled and its processes idle; then
headless Debian Chromium opens N pages at once, each in a fresh context (cold cache, 360 px wide
like a phone). A page is interactive when its widgets are rendered and its first plotly chart is
drawn and — on the meeting's page — the member's reading form is shown (the kernel learned who
its visitor is and sent the update: a round trip through the kernel). Time counts from the
request; a page not interactive within ``--timeout`` s (default 120) is counted as not
interactive. Memory: the proportional set size (PSS) of the server and all its kernels (the
members' and the ones the pool keeps ready for late-comers) once the burst is over and the
server idle again (the refills started and settled), the pages still open; divided by the
number of members.

    .venv/bin/python bench/meeting_burst.py [--members 20] [--timeout 120]

Prints p50/p95 of both, the p95 ratio, the not-interactive count and the memory per member,
with their goals. Exits 0 either way (a measurement, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import re
import shutil
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
from workbench.serve import dashboards_dir, meeting_command

ROOT = Path(__file__).resolve().parents[1]
BARE = ROOT / "bench" / "bare" / "bare.ipynb"
NOTEBOOK = "copil.ipynb"
CODE = "4821 7731"
PHONE = {"width": 360, "height": 740}
RATIO_GOAL = 2.0
MEMORY_GOAL_MIB = 150.0
QUIET_PERIOD = 30  # s: the meeting's refill_quiet_period (prepare_meeting's default)
POOL_FILLED = re.compile(rf"Kernel pool of {re.escape(NOTEBOOK)} is filled")


class MeetingServer(VoilaServer):
    """One meeting's Voilà serving ``root`` (which holds a ``copil.ipynb``)."""

    def __init__(self, root: Path, env: dict[str, str], log: Path) -> None:
        super().__init__(lambda port: meeting_command(port, root=root), env, log)

    @property
    def url(self) -> str:
        return self.page_url(NOTEBOOK)

    def wait_ready(self, timeout: float = 900) -> float:
        """Answering, pool filled, then 3 s with the server's tree under 0.15 core; returns the
        seconds since start."""
        deadline = time.monotonic() + timeout
        while not (self.answering()
                   and POOL_FILLED.search(self.log.read_text(errors="replace"))):
            if time.monotonic() > deadline:
                raise TimeoutError(f"pool not filled within {timeout} s ({self.log})")
            time.sleep(0.5)
        ready = time.monotonic() - self.started
        self.wait_quiet(deadline - time.monotonic())
        return ready


async def sign_in(browser, port: int):
    """A fresh phone-sized context signed in with the meeting's code (not timed)."""
    context = await browser.new_context(viewport=PHONE)
    # offline, like the room: nothing but this machine answers
    await context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"),
                        lambda route: route.abort())
    page = await context.new_page()
    await page.goto(f"http://127.0.0.1:{port}/login?next=/voila/static/voila.js")
    await page.fill("#code", CODE)
    await page.click("#login_submit")
    await page.wait_for_url("**/voila.js", timeout=60_000)
    return page


async def open_page(page, url: str, form: bool, deadline: float) -> float:
    """Seconds from the request to an interactive page, ``inf`` when not within the deadline."""
    from playwright.async_api import Error as PageError

    start = time.perf_counter()

    def left() -> float:
        return max(1.0, (deadline - time.perf_counter()) * 1000)

    try:
        await page.goto(url, wait_until="commit", timeout=left())
        await page.wait_for_selector(".widget-dropdown select", timeout=left())
        await page.wait_for_selector(".js-plotly-plot .main-svg", timeout=left())
        if form:
            await page.wait_for_selector(".wb-member-panel .wb-member-level", state="visible",
                                         timeout=left())
        return time.perf_counter() - start
    except PageError as exc:
        shown = ""
        with contextlib.suppress(PageError):
            shown = (await page.inner_text("body", timeout=2000))[:200].replace("\n", " ")
        print(f"  not interactive: {str(exc).splitlines()[0][:120]} — page shows {shown!r}")
        return math.inf


async def burst(server: MeetingServer, members: int, timeout: float, form: bool
                ) -> tuple[list[float], float, int]:
    """Times to interactive, then the PSS (MiB) and kernels once the server settled, the pages
    still open."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = await asyncio.gather(*(sign_in(browser, server.port)
                                           for _ in range(members)))
            server.wait_ready()  # the sign-ins are over: the server is idle again
            deadline = time.perf_counter() + timeout
            times = list(await asyncio.gather(*(open_page(page, server.url, form, deadline)
                                                for page in pages)))
            # the pool's refills for late-comers start once no visitor came for its quiet
            # period: wait for them, then for the whole tree to idle (the pages stay open)
            await asyncio.sleep(QUIET_PERIOD + 5)
            if not await asyncio.to_thread(server.wait_quiet, 180):
                print("  the server did not idle within 180 s: memory measured busy")
            pss, kernels = server.pss_mib()
            return times, pss, kernels
        finally:
            await browser.close()


def measure(name: str, root: Path, env: dict[str, str], members: int, timeout: float,
            form: bool, log: Path) -> tuple[list[float], float]:
    server = MeetingServer(root, env, log)
    try:
        ready = server.wait_ready()
        print(f"  {name}: pool of {members} preheated in {ready:.0f} s", flush=True)
        times, pss, kernels = asyncio.run(burst(server, members, timeout, form))
    finally:
        server.stop()
    late = sum(1 for v in times if not v <= timeout)
    if late:  # what the server did with the pages that did not come
        events = re.compile(r"heated|Kernel started|Meeting|ERROR|Error")
        for line in log.read_text(errors="replace").splitlines():
            if events.search(line):
                print(f"    {line[:160]}")
    shown = ", ".join("—" if math.isinf(v) else f"{v:.1f}" for v in sorted(times))
    print(f"{name}: time to interactive p50 {percentile(times, 50):.1f} s, p95 "
          f"{percentile(times, 95):.1f} s; not interactive within {timeout:.0f} s: "
          f"{late}/{members}; server+kernels PSS {pss:.0f} MiB ({kernels} kernels) = "
          f"{pss / members:.0f} MiB per member  [{shown}]", flush=True)
    return times, pss / members


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="wb-meeting-bench-") as tmp:
        home = Paths(Path(tmp))
        env = bench_environment(tmp)
        from workbench.demo.build import run_demo
        from workbench.meeting.prepare import prepare_meeting

        run_demo(home)
        prepared = prepare_meeting(home, members=args.members, code=CODE)
        env["WORKBENCH_MEETING"] = str(prepared.session.folder)
        bare_root = Path(tmp) / "bare"
        bare_root.mkdir()
        shutil.copy(BARE, bare_root / NOTEBOOK)
        bare, _ = measure("bare page", bare_root, env, args.members, args.timeout, False,
                          Path(tmp) / "bare.log")
        meeting, per_member = measure("meeting dashboard", dashboards_dir(), env, args.members,
                                      args.timeout, True, Path(tmp) / "meeting.log")

    late = sum(1 for v in meeting if not v <= args.timeout)
    ratio = percentile(meeting, 95) / percentile(bare, 95)
    print(f"meeting pages interactive: {args.members - late}/{args.members} "
          f"(goal {args.members}/{args.members}, {'met' if late == 0 else 'missed'})")
    print(f"meeting p95 / bare p95: {ratio:.2f} (goal {RATIO_GOAL}, "
          f"{'met' if ratio <= RATIO_GOAL else 'missed'})")
    print(f"memory per member MiB: {per_member:.1f} (goal {MEMORY_GOAL_MIB:.0f}, "
          f"{'met' if per_member <= MEMORY_GOAL_MIB else 'missed'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
