"""Benchmark: 20 concurrent COPIL dashboard sessions on one Voilà (no browser), loopback only.

Each session requests ``/voila/render/copil.ipynb`` (Voilà executes the notebook in a kernel of
its own), then opens that kernel's websocket and asks for its widget comms: the dashboard's
widget (the ``model_id`` in the page) must be alive in the kernel. Prints how many sessions came
alive, their times and the memory (RSS) of the kernels, then shuts everything down. Exit 0 either
way (a measurement, not a test). ``python bench/copil_sessions.py`` on the demo (built in a
temporary folder when ``WORKBENCH_HOME`` holds none).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from voila_server import is_kernel

from workbench.config import Paths
from workbench.serve import HEALTH_PATH, dashboard_url, voila_command, voila_env

SESSIONS = 20
START_TIMEOUT = 90  # s for Voilà to answer
SESSION_TIMEOUT = 150  # s for one page (all 20 compete for 2 cores)
WS_TIMEOUT = 30  # s for the kernel to answer on its websocket


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Voilà exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{HEALTH_PATH}", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("Voilà did not start")


async def _widget_comms(port: int, kernel_id: str) -> set[str]:
    """The ids of the kernel's open ``jupyter.widget`` comms, asked over its websocket."""
    from tornado.websocket import websocket_connect

    session = uuid.uuid4().hex
    url = f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?session_id={session}"
    conn = await asyncio.wait_for(websocket_connect(url), WS_TIMEOUT)
    try:
        msg_id = uuid.uuid4().hex
        await conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "comm_info_request", "username": "load",
                       "session": session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"target_name": "jupyter.widget"},
        }))
        deadline = time.monotonic() + WS_TIMEOUT
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(conn.read_message(), WS_TIMEOUT)
            if raw is None:
                break
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            if (msg.get("msg_type") == "comm_info_reply"
                    and msg.get("parent_header", {}).get("msg_id") == msg_id):
                return set(msg["content"].get("comms", {}))
        raise TimeoutError("no comm_info_reply")
    finally:
        conn.close()


def _session(port: int, index: int) -> dict:
    started = time.monotonic()
    with urllib.request.urlopen(dashboard_url(port), timeout=SESSION_TIMEOUT) as response:
        status, page = response.status, response.read().decode("utf-8", errors="replace")
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page)
    model = re.search(r'"application/vnd\.jupyter\.widget-view\+json":\s*\{"model_id":\s*'
                      r'"([0-9a-f]{32})"', page)
    problems = [word for word in ('"output_type": "error"', "Traceback", "There was an error")
                if word in page]
    result = {"index": index, "status": status, "problems": problems,
              "kernel": kernel.group(1) if kernel else None,
              "model": model.group(1) if model else None, "comms": set()}
    if result["kernel"] and result["model"]:
        result["comms"] = asyncio.run(_widget_comms(port, result["kernel"]))
    result["seconds"] = time.monotonic() - started
    return result


def _kernel_processes(server_pid: int) -> list:
    import psutil

    found = []
    for child in psutil.Process(server_pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if is_kernel(child.cmdline()):
                found.append(child)
    return found


def _shutdown_kernels(port: int, kernel_ids: list[str]) -> int:
    done = 0
    for kernel_id in kernel_ids:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/kernels/{kernel_id}", method="DELETE",
            headers={"X-XSRFToken": "loadtest", "Cookie": "_xsrf=loadtest"})
        with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=20) as answer:
            done += answer.status == 204
    return done


def _stop(process: subprocess.Popen, kernels: list) -> None:
    if process.poll() is None:
        process.terminate()  # Voilà shuts its kernels down on SIGTERM
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    for kernel in kernels:  # kernels run in their own sessions: end the ones we started
        with contextlib.suppress(Exception):
            if kernel.is_running():
                kernel.kill()


def measure(demo: Paths, work: Path) -> None:
    """Serve a copy of ``demo`` and open the sessions; print one line per figure."""
    home = work / "home"
    shutil.copytree(demo.data, home / "data")
    port = _free_port()
    base = {k: v for k, v in os.environ.items() if k != "WORKBENCH_STORE"}
    base["WORKBENCH_HOME"] = str(home)
    log = work / "voila.log"
    with log.open("w") as sink:
        process = subprocess.Popen(voila_command(port, show_tracebacks=True), env=voila_env(base),
                                   stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    kernels: list = []
    try:
        _wait_healthy(port, process)
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
            futures = [pool.submit(_session, port, i) for i in range(SESSIONS)]
            results, failures = [], []
            for future in futures:
                try:
                    results.append(future.result(timeout=SESSION_TIMEOUT + 2 * WS_TIMEOUT))
                except Exception as exc:
                    failures.append(f"{type(exc).__name__}: {exc}")
        elapsed = time.monotonic() - started
        alive = [r for r in results if r["status"] == 200 and not r["problems"] and r["kernel"]
                 and r["model"] and r["model"] in r["comms"]]
        verdict = "met" if len(alive) == SESSIONS else "missed"
        print(f"sessions alive: {len(alive)}/{SESSIONS} (goal {SESSIONS}, {verdict})")
        print(f"all sessions complete: {elapsed:.1f} s")
        if results:
            times = sorted(r["seconds"] for r in results)
            print(f"per session: {times[0]:.1f}–{times[-1]:.1f} s")
        for failure in failures:
            print(f"failed session: {failure}")
        kernels = _kernel_processes(process.pid)
        rss = sorted(k.memory_info().rss / 2**20 for k in kernels)
        if rss:
            print(f"kernel RSS (MiB): mean {sum(rss) / len(rss):.0f}, min {rss[0]:.0f}, "
                  f"max {rss[-1]:.0f}, total {sum(rss):.0f} over {len(rss)} kernels")
        culled = _shutdown_kernels(port, [r["kernel"] for r in results if r["kernel"]])
        print(f"kernels shut down through the API: {culled}")
    finally:
        kernels = kernels or _kernel_processes_safe(process.pid)
        _stop(process, kernels)


def _kernel_processes_safe(pid: int) -> list:
    with contextlib.suppress(Exception):
        return _kernel_processes(pid)
    return []


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="wb-sessions-") as tmp:
        work = Path(tmp)
        demo = Paths.default()
        if not demo.store.exists():
            from workbench.demo.build import run_demo

            demo = Paths(work / "demo")
            run_demo(demo)
        measure(demo, work)


if __name__ == "__main__":
    main()
