"""What the browser benchmarks share: Debian's Chromium, a free loopback port, and one Voilà
process (started in a session of its own, its log in a file) with its process tree, its CPU
time and memory, and a stop that leaves nothing behind.

    server = VoilaServer(lambda port: voila_command(port, root=root), env, log)
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import psutil

from workbench.serve import HEALTH_PATH, voila_env

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MiB = 1024 * 1024


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_kernel(cmdline: list[str]) -> bool:
    """A kernel's command line: it names its connection file (``-f …/kernel-<id>.json``),
    whatever module runs it (``ipykernel_launcher``, or the dashboards'
    ``workbench.meeting.kernel``)."""
    return any(Path(part).name.startswith("kernel-") and part.endswith(".json")
               for part in cmdline)


def percentile(values: list[float], q: float) -> float:
    """Nearest rank (a page that never became interactive counts as infinitely slow)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))]


def bench_environment(folder: str) -> dict[str, str]:
    """The environment of a bench project in ``folder`` (its own home and key, the default
    SQLite store), set in this process too; returns it for the servers."""
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_STORE"}
    env.update(WORKBENCH_HOME=folder, WORKBENCH_SECRET_FILE=str(Path(folder) / "secret.key"))
    os.environ.update(WORKBENCH_HOME=folder, WORKBENCH_SECRET_FILE=env["WORKBENCH_SECRET_FILE"])
    os.environ.pop("WORKBENCH_STORE", None)
    return env


class VoilaServer:
    """One Voilà process: ``command(port)`` run with ``voila_env(env)``, output in ``log``."""

    def __init__(self, command: Callable[[int], list[str]], env: dict[str, str],
                 log: Path) -> None:
        self.port, self.log = free_port(), log
        with log.open("w") as sink:
            self.process = subprocess.Popen(command(self.port), env=voila_env(env), stdout=sink,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        self.started = time.monotonic()

    def page_url(self, notebook: str) -> str:
        return f"http://127.0.0.1:{self.port}/voila/render/{notebook}"

    def answering(self) -> bool:
        """The health check answers (raises if Voilà stopped)."""
        if self.process.poll() is not None:
            raise RuntimeError(f"Voilà stopped: {self.log.read_text(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{self.port}{HEALTH_PATH}",
                                   timeout=2).close()
        except OSError:
            return False
        return True

    def tree(self) -> list[psutil.Process]:
        with contextlib.suppress(psutil.Error):
            parent = psutil.Process(self.process.pid)
            return [parent, *parent.children(recursive=True)]
        return []

    def cpu_seconds(self) -> float:
        total = 0.0
        for proc in self.tree():
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                total += times.user + times.system
        return total

    def pss_mib(self) -> tuple[float, int]:
        """PSS of the server and its kernels (MiB), and how many kernels there are."""
        total, kernels = 0, 0
        for proc in self.tree():
            with contextlib.suppress(psutil.Error):
                total += proc.memory_full_info().pss
                kernels += is_kernel(proc.cmdline())
        return total / MiB, kernels

    def wait_quiet(self, timeout: float) -> bool:
        """Until the tree used under 0.15 core for 3 s (False: not within ``timeout``)."""
        deadline = time.monotonic() + timeout
        quiet_since, last = None, self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(1)
            now = self.cpu_seconds()
            busy, last = now - last, now
            quiet_since = (quiet_since or time.monotonic()) if busy < 0.15 else None
            if quiet_since and time.monotonic() - quiet_since >= 3:
                return True
        return False

    def stop(self) -> None:
        """Stop Voilà, then its process group (its kernels: only what it started)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
