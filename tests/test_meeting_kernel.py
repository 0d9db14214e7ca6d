"""What a meeting's kernel holds (twenty to forty of them run at once): the visitor learned
through Voilà's protocol without its server modules, no computing library the page does not
use, and the sections after the lesson prepared only when a member opens them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from workbench.config import Paths
from workbench.meeting.session import VISITOR_ENV, visitor_header
from workbench.meeting.visit import query_url, wait_for_request

ROOT = Path(__file__).resolve().parents[1]


# --- the visitor ----------------------------------------------------------------------------------
def test_a_preheated_kernel_learns_its_request_from_the_server(monkeypatch) -> None:
    from websockets.sync.server import serve

    header = visitor_header("member:code:abc", "member")
    asked: list[str] = []

    def answer(socket) -> None:
        asked.append(socket.request.path)
        socket.send(json.dumps({VISITOR_ENV: header, "SCRIPT_NAME": "/"}))

    with serve(answer, "127.0.0.1", 0) as server:
        port = server.socket.getsockname()[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        for key, value in {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k-42",
                           "VOILA_APP_PORT": str(port), "VOILA_SERVER_URL": "/"}.items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv(VISITOR_ENV, raising=False)
        monkeypatch.delenv("VOILA_WS_BASE_URL", raising=False)
        wait_for_request()
        server.shutdown()
    assert asked == ["/voila/query/k-42"]
    assert os.environ[VISITOR_ENV] == header


def test_a_kernel_started_for_its_request_does_not_wait(monkeypatch) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("VOILA_APP_PORT", "1")  # nothing listens there: it must not connect
    wait_for_request()


def test_the_query_address_is_voilas() -> None:
    env = {"VOILA_WS_PROTOCOL": "wss", "VOILA_APP_IP": "10.0.0.2", "VOILA_APP_PORT": "9000",
           "VOILA_SERVER_URL": "/copil/", "VOILA_KERNEL_ID": "abc"}
    assert query_url(env) == "wss://10.0.0.2:9000/copil/voila/query/abc"
    assert query_url({**env, "VOILA_WS_BASE_URL": "/ws/"}) == "wss://10.0.0.2:9000/ws/voila/query/abc"


# --- what the kernel imports ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def meeting_env(demo_home: Paths, tmp_path_factory) -> dict[str, str]:
    from workbench.meeting.prepare import prepare_meeting

    home = Paths(tmp_path_factory.mktemp("meeting"))
    shutil.copytree(demo_home.data, home.data)
    old = os.environ.get("WORKBENCH_HOME")
    os.environ["WORKBENCH_HOME"] = str(home.root)
    try:
        prepared = prepare_meeting(home, members=3)
    finally:
        if old is None:
            os.environ.pop("WORKBENCH_HOME")
        else:
            os.environ["WORKBENCH_HOME"] = old
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_STORE"}
    env.update(WORKBENCH_HOME=str(home.root), WORKBENCH_MEETING=str(prepared.session.folder))
    return env


KERNEL = """
import json, sys, types
from workbench.meeting import copil_page, wait_for_request
page = copil_page()
loaded = sorted({name.split(".")[0] for name, module in sys.modules.items()
                 if type(module) is types.ModuleType})
print(json.dumps({"page": type(page).__name__, "loaded": loaded,
                  "special": type(sys.modules.get("scipy.special")).__name__}))
"""


def test_a_meeting_kernel_loads_no_server_module_and_no_computing_library(meeting_env) -> None:
    done = subprocess.run([sys.executable, "-c", KERNEL], capture_output=True, text=True,
                          cwd=ROOT, env=meeting_env, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["page"] == "MeetingPage"
    unwanted = {"voila", "jupyter_server", "jupyterlab_server", "nbconvert", "networkx",
                "statsmodels", "openpyxl", "sklearn", "matplotlib"}
    assert unwanted & set(seen["loaded"]) == set()
    assert seen["special"] in ("NoneType", "_LazyModule")  # scipy.special never imported


# --- the folded sections --------------------------------------------------------------------------
def test_folded_sections_are_prepared_when_opened_and_show_the_same(demo_publication) -> None:
    from workbench.apps import CopilDashboard

    folded = CopilDashboard(demo_publication, fold_sections=True)
    later = ("participation", "network_map", "network_table", "salience", "pathway")
    assert folded.children[-1].description.startswith("Afficher la suite")
    assert folded._sections == {} and folded.errors == []  # nothing prepared for them yet
    assert all(folded.outputs.get(n, None) is None or folded.outputs[n].outputs == ()
               for n in later)
    assert folded.html["network_table"] == ""
    folded.show_later_sections()
    whole = CopilDashboard(demo_publication)
    assert set(folded._sections) == {"participation", "network", "voices", "pathways"}
    assert len(folded.children) == len(whole.children)
    for name in ("participation", "network_map", "salience", "pathway"):
        assert folded.outputs[name].outputs == whole.outputs[name].outputs != ()
    assert folded.html == whole.html
    folded.set_filters(wave=demo_publication.fw.wave_ids[0])
    whole.set_filters(wave=demo_publication.fw.wave_ids[0])
    assert folded.outputs["network_map"].outputs == whole.outputs["network_map"].outputs


# --- the served dashboards' kernel ----------------------------------------------------------------
def test_served_dashboards_start_their_kernels_without_the_debugger() -> None:
    from jupyter_client.manager import KernelManager

    from workbench.meeting.kernel import DashboardKernelSpecManager, dashboard_argv
    from workbench.serve import DASHBOARD_KERNEL_SPECS, meeting_command, voila_command

    option = f"--VoilaConfiguration.kernel_spec_manager_class={DASHBOARD_KERNEL_SPECS}"
    assert option in voila_command(8866) and option in meeting_command(8866)
    assert dashboard_argv(["py", "-m", "ipykernel_launcher", "-f", "{connection_file}"]) == [
        "py", "-m", "workbench.meeting.kernel", "-f", "{connection_file}"]
    assert dashboard_argv(["R", "--slave", "-e", "IRkernel::main()"]) == [
        "R", "--slave", "-e", "IRkernel::main()"]

    manager = KernelManager(kernel_name="python3", kernel_spec_manager=DashboardKernelSpecManager())
    manager.start_kernel(stdin=subprocess.DEVNULL)
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=60)
        info = client.kernel_info(reply=True, timeout=30)["content"]
        assert not info.get("debugger")
        shown: list[str] = []
        reply = client.execute_interactive(
            "import sys, ipywidgets; print(sorted(m for m in sys.modules "
            "if m.startswith(('pydevd', '_pydevd', 'debugpy.'))))",
            timeout=60, output_hook=lambda msg: shown.append(msg["content"].get("text", "")))
        assert reply["content"]["status"] == "ok"
        assert "".join(shown).strip() == "[]"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
