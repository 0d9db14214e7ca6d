"""Serve the COPIL dashboard (``notebooks/dashboards/``) with Voilà, offline and on loopback only.

>>> voila_command(8866)[:2]   # doctest: +SKIP
['/…/.venv/bin/voila', '/…/notebooks/dashboards']

The flags follow what was measured on this stack (see STACK.md): preheated kernel pool (page
rendered before the request), idle kernels culled, jupytext denied, sources stripped, and the
``workbench`` Voilà template — the ``lab`` template minus its two Font Awesome stylesheets
requested from a public CDN (voila.js already bundles Font Awesome), so that no request leaves the
machine. The template lives in ``workbench/assets/jupyter`` and is found through ``JUPYTER_PATH``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from workbench.config import PACKAGE_DIR, Paths
from workbench.i18n import t

JUPYTER_ASSETS = PACKAGE_DIR / "assets" / "jupyter"
VOILA_TEMPLATE = "workbench"
HOST = "127.0.0.1"
HEALTH_PATH = "/voila/static/voila.js"  # requesting "/" would start a kernel each time


def dashboards_dir() -> Path:
    """The folder Voilà serves: the project's ``notebooks/dashboards`` (else the repository's)."""
    candidate = Paths.default().notebooks / "dashboards"
    if candidate.is_dir():
        return candidate
    return PACKAGE_DIR.parent / "notebooks" / "dashboards"


def _voila_executable() -> list[str]:
    beside = Path(sys.executable).with_name("voila")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("voila")
    return [found] if found else [sys.executable, "-m", "voila"]


def voila_command(
    port: int = 8866,
    *,
    preheat: bool = True,
    show_tracebacks: bool = False,
    root: str | Path | None = None,
) -> list[str]:
    """The Voilà command line serving ``root`` (default ``notebooks/dashboards/``) on 127.0.0.1.

    Run it with ``voila_env()`` as environment (template path and the caller's store).
    """
    command = [
        *_voila_executable(),
        str(Path(root) if root is not None else dashboards_dir()),
        "--no-browser",
        f"--Voila.ip={HOST}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--template={VOILA_TEMPLATE}",
        "--theme=light",
        "--strip_sources=True",
        f"--show_tracebacks={show_tracebacks}",
        "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
    ]
    if preheat:
        command += ["--preheat_kernel=True", "--pool_size=1"]
    return command


def voila_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Voilà and its kernels: the caller's, plus the template folder on
    ``JUPYTER_PATH`` and ``WORKBENCH_HOME`` pinned so that kernels read the caller's store."""
    env = dict(os.environ if base is None else base)
    previous = env.get("JUPYTER_PATH")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(JUPYTER_ASSETS), previous) if p)
    env.setdefault("WORKBENCH_HOME", str(Paths.default().root))
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def dashboard_url(port: int = 8866, notebook: str = "copil.ipynb") -> str:
    return f"http://{HOST}:{port}/voila/render/{notebook}"


def serve_dashboard(port: int = 8866, *, show_tracebacks: bool = False) -> int:
    """Run Voilà in the foreground (Ctrl+C stops it); prints the dashboard URL first.

    SIGTERM sent to this process is passed on to Voilà, which then shuts its kernels down.
    """
    command = voila_command(port, show_tracebacks=show_tracebacks)
    print(t("report.serve_url", url=dashboard_url(port)), flush=True)
    process = subprocess.Popen(command, env=voila_env())

    def forward(signum: int, _frame: object) -> None:
        process.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, forward)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
