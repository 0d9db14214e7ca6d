"""Serve the COPIL dashboard (``notebooks/dashboards/``) with Voilà, offline and on loopback only.

>>> voila_command(8866)[:2]   # doctest: +SKIP
['/…/.venv/bin/voila', '/…/notebooks/dashboards']

The flags follow what was measured on this stack (see STACK.md): preheated kernel pool (page
rendered before the request), idle kernels culled, kernels without ipykernel's debugger
(``workbench.meeting.kernel``), jupytext denied, sources stripped, and the
``workbench`` Voilà template — the ``lab`` template minus its two Font Awesome stylesheets
requested from a public CDN (voila.js already bundles Font Awesome), so that no request leaves the
machine. The template lives in ``workbench/assets/jupyter`` and is found through ``JUPYTER_PATH``.

A meeting (``serve_meeting``) runs the same Voilà through ``workbench.meeting.launch`` (login,
kernel pool sized to the meeting, visitor known to each kernel), on loopback unless asked
otherwise; ``https`` puts Caddy (``deploy/Caddyfile``) in front of it on the room's network.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.config import PACKAGE_DIR, Paths
from workbench.i18n import t

if TYPE_CHECKING:
    from workbench.meeting.prepare import PreparedMeeting

JUPYTER_ASSETS = PACKAGE_DIR / "assets" / "jupyter"
VOILA_TEMPLATE = "workbench"
HOST = "127.0.0.1"
HEALTH_PATH = "/voila/static/voila.js"  # requesting "/" would start a kernel each time
DASHBOARD_KERNEL_SPECS = "workbench.meeting.kernel.DashboardKernelSpecManager"
CADDYFILE = PACKAGE_DIR.parent / "deploy" / "Caddyfile"
HTTPS_PORT = 8443


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
    command = [*_voila_executable(), *_voila_options(port, HOST, show_tracebacks, root)]
    if preheat:
        command += ["--preheat_kernel=True", "--pool_size=1"]
    return command


def meeting_command(port: int = 8866, *, host: str = HOST, show_tracebacks: bool = False,
                    root: str | Path | None = None) -> list[str]:
    """The command line of a meeting's Voilà (``workbench.meeting.launch``: the login, the
    pool and the visitor's header are read from the session, ``WORKBENCH_MEETING``)."""
    return [sys.executable, "-m", "workbench.meeting.launch",
            *_voila_options(port, host, show_tracebacks, root)]


def _voila_options(port: int, host: str, show_tracebacks: bool,
                   root: str | Path | None) -> list[str]:
    return [
        str(Path(root) if root is not None else dashboards_dir()),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--template={VOILA_TEMPLATE}",
        "--theme=light",
        "--strip_sources=True",
        f"--show_tracebacks={show_tracebacks}",
        "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
        # the kernels run without ipykernel's debugger, which a page cannot use
        f"--VoilaConfiguration.kernel_spec_manager_class={DASHBOARD_KERNEL_SPECS}",
    ]


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
    return _run_foreground([subprocess.Popen(command, env=voila_env())])


def serve_meeting(prepared: PreparedMeeting, *, port: int = 8866, host: str = HOST,
                  https: str | None = None, https_port: int = HTTPS_PORT,
                  show_tracebacks: bool = False) -> int:
    """Serve a prepared meeting in the foreground (Ctrl+C stops it): Voilà on ``host`` (on
    loopback behind Caddy when ``https`` is given: the machine's name or address, "" for its
    address on the local network); prints the address and the codes first."""
    session = prepared.session
    behind_proxy = https is not None
    command = meeting_command(port, host=HOST if behind_proxy else host,
                              show_tracebacks=show_tracebacks)
    env = voila_env({**os.environ, "WORKBENCH_MEETING": str(session.folder)})
    lines = [t("meeting.cli.session", session=session.id, wave=session.wave,
               n=session.members),
             t("meeting.cli.member_code", code=prepared.member_code),
             t("meeting.cli.evaluator_code", code=prepared.evaluator_code)]
    if prepared.accounts:
        lines.append(t("meeting.cli.accounts", n=prepared.accounts,
                       path=session.server_settings().get("accounts_file", "")))
    processes = []
    if behind_proxy:
        site = https or lan_address()
        proxy = caddy_command()
        if proxy is None:
            print(t("meeting.cli.no_caddy"), file=sys.stderr)
            return 2
        url = f"https://{site}{'' if https_port == 443 else f':{https_port}'}/"
        processes.append(subprocess.Popen(proxy, env=caddy_env(
            site=site, https_port=https_port, upstream=f"{HOST}:{port}",
            data=session.folder.parent / "caddy")))
    else:
        shown = lan_address() if host in ("0.0.0.0", "::", "") else host
        url = f"http://{shown}:{port}/"
        lines.append(t("meeting.cli.loopback") if host == HOST else t("meeting.cli.plain_http"))
    lines += [t("meeting.cli.url", url=url + "voila/render/copil.ipynb"),
              t("meeting.cli.warming", n=session.members)]
    print("\n".join(lines), flush=True)
    processes.insert(0, subprocess.Popen(command, env=env))
    return _run_foreground(processes)


def _run_foreground(processes: list[subprocess.Popen]) -> int:
    """Wait for the first process; SIGTERM and Ctrl+C stop them all (Voilà shuts its kernels
    down)."""

    def forward(signum: int, _frame: object) -> None:
        for process in processes:
            process.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, forward)
    try:
        code = processes[0].wait()
        return code
    except KeyboardInterrupt:
        return 130
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        signal.signal(signal.SIGTERM, previous)


# --- the reverse proxy (HTTPS on the room's network) ------------------------------------------

def caddy_command(caddyfile: Path = CADDYFILE) -> list[str] | None:
    """``caddy run`` on the project's Caddyfile, or None when Caddy is not installed."""
    binary = shutil.which("caddy")
    if binary is None or not caddyfile.is_file():
        return None
    return [binary, "run", "--config", str(caddyfile), "--adapter", "caddyfile"]


def caddy_env(*, site: str, https_port: int, upstream: str, data: Path,
              http_port: int | None = None, base: dict[str, str] | None = None
              ) -> dict[str, str]:
    """The variables ``deploy/Caddyfile`` reads (its site, ports, Voilà, where its local
    certificate authority is kept: keep it, and a device that trusted it once keeps trusting)."""
    env = dict(os.environ if base is None else base)
    env.update(WORKBENCH_SITE=site, WORKBENCH_HTTPS_PORT=str(https_port),
               WORKBENCH_HTTP_PORT=str(http_port or (80 if https_port == 443 else 8080)),
               WORKBENCH_VOILA=upstream, WORKBENCH_CADDY_DATA=str(data))
    return env


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), else 127.0.0.1."""
    import socket

    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET: only picks the outgoing interface
        return probe.getsockname()[0]
    return HOST
