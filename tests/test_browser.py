"""The COPIL dashboard in a real browser: Voilà (served like ``make dashboard``) on a tmp demo
store, driven by Debian's Chromium through Playwright. Never downloads a browser.

Checks: widgets and a plotly chart render; changing a filter changes a chart; no error text or
traceback on the page; no console error; no request leaves 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from workbench.config import Paths
from workbench.serve import HEALTH_PATH, dashboard_url, voila_command, voila_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START_TIMEOUT = 90  # seconds for Voilà to answer its health check
PAGE_TIMEOUT = 90_000  # ms for the page to render its widgets and first chart
ERROR_TEXTS = ("Traceback", "There was an error", "Error:", "Exception", "NameError",
               "KeyError", "ModuleNotFoundError")

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium absent (/usr/bin/chromium): browser tests need Debian's chromium "
    "(apt-get install -y chromium); no browser is ever downloaded",
)

# every chart's data as text: changes when a filter redraws a chart
SNAPSHOT_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .map(gd => JSON.stringify(gd.data || [])).join('|')"""


@contextlib.contextmanager
def launched_chromium() -> Iterator:
    """Debian's headless Chromium under Playwright (every browser test's one launcher)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}{HEALTH_PATH}"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Voilà exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"Voilà did not answer {url} within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    """Stop the Voilà we started, then its process group (its kernels) if anything is left."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def served(command: Callable[[int], list[str]], env: dict[str, str], log: Path,
           timeout: float = START_TIMEOUT) -> Iterator[int]:
    """Voilà started by ``command(port)`` on a free loopback port with ``voila_env(env)``, its
    output in ``log``; yields the port once it answers, then stops it and its kernels (and shows
    the end of the log when it did not stop cleanly)."""
    port = free_port()
    with log.open("w") as sink:
        process = subprocess.Popen(command(port), env=voila_env(env), stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_healthy(port, process, timeout)
        yield port
    finally:
        stop(process)
        if process.returncode not in (0, -signal.SIGTERM, 128 + signal.SIGTERM):
            print(log.read_text(errors="replace")[-3000:])


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    from workbench.demo.build import run_demo

    base = tmp_path_factory.mktemp("browser-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_HOME", str(base))
        mp.setenv("WORKBENCH_SECRET_FILE", str(base / "secret.key"))
        mp.delenv("WORKBENCH_STORE", raising=False)
        run_demo(Paths(base))
    return Paths(base)


@pytest.fixture(scope="module")
def voila(demo_home: Paths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Voilà serving notebooks/dashboards on a free loopback port; yields the port."""
    base = {k: v for k, v in os.environ.items() if k != "WORKBENCH_STORE"}
    base.update(WORKBENCH_HOME=str(demo_home.root),
                WORKBENCH_SECRET_FILE=str(demo_home.root / "secret.key"))
    log = tmp_path_factory.mktemp("voila-log") / "voila.log"
    with served(lambda port: voila_command(port, show_tracebacks=True), base, log) as port:
        yield port


@pytest.mark.browser
@needs_chromium
def test_dashboard_renders_filters_and_stays_local(voila: int, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(PAGE_TIMEOUT)
    requests: list[str] = []
    console_errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("websocket", lambda ws: requests.append(ws.url))
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))

    loading: list[str] = []  # what the spinner says while the notebook runs, in French
    page.expose_function("__wbLoading", lambda text: loading.append(text))
    page.add_init_script("""new MutationObserver(() => {
        const el = document.getElementById('loading_text');
        if (el) { window.__wbLoading(el.textContent); }
    }).observe(document, {subtree: true, childList: true, characterData: true});""")
    page.goto(dashboard_url(voila))
    page.wait_for_selector(".widget-dropdown select")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page.locator(".jp-InputArea").count() == 0, "sources must be stripped"
    assert loading and all(text.startswith("Préparation du tableau de bord") for text in loading
                           if text), loading

    # pick the QPV filter (the dropdown offering « Les Tilleuls »), else the first dropdown
    selects = page.locator(".widget-dropdown select")
    target = selects.first
    for i in range(selects.count()):
        options = selects.nth(i).locator("option").all_inner_texts()
        if "Les Tilleuls" in options:
            target = selects.nth(i)
            break
    options = target.locator("option").all_inner_texts()
    current = target.evaluate("s => s.options[s.selectedIndex].text")
    choice = next(o for o in options if o != current)

    page.evaluate(f"() => {{ window.__before = ({SNAPSHOT_JS})(); }}")
    target.select_option(label=choice)
    page.wait_for_function(f"() => ({SNAPSHOT_JS})() !== window.__before && "
                           "document.querySelectorAll('.js-plotly-plot .main-svg').length > 0",
                           timeout=30_000)

    text = page.inner_text("body")
    assert not [e for e in ERROR_TEXTS if e in text], text[:2000]
    assert console_errors == []
    outside = [u for u in requests
               if not u.startswith(("data:", "blob:"))
               and urlsplit(u.removeprefix("blob:")).hostname != "127.0.0.1"]
    assert outside == [], f"requests leaving 127.0.0.1: {outside}"
    assert any(u.startswith("ws://127.0.0.1") for u in requests), "no kernel websocket seen"
    page.close()


def open_dashboard(browser, port: int):
    """A dashboard page with every request, console error and dialog recorded."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(PAGE_TIMEOUT)
    page.seen = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: page.seen["requests"].append(r.url))
    page.on("console", lambda m: page.seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (page.seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(dashboard_url(port))
    page.wait_for_selector(".widget-dropdown select")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    return page


def choose(page, option: str) -> None:
    """Pick ``option`` in the dropdown offering it (ipywidgets shows spaces as NBSP)."""
    selects = page.locator(".widget-dropdown select")
    for i in range(selects.count()):
        texts = [o.replace("\xa0", " ") for o in selects.nth(i).locator("option").all_inner_texts()]
        if option in texts:
            selects.nth(i).select_option(index=texts.index(option))
            return
    raise AssertionError(f"no dropdown offers {option!r}")


@pytest.mark.browser
@needs_chromium
def test_every_section_every_filter_and_inert_markup(voila: int, browser) -> None:
    from workbench.framework import load_framework
    from workbench.i18n import name_of, t

    fw = load_framework()
    page = open_dashboard(browser, voila)
    # the barometer and the lesson first; the four later sections one tap away (a phone in a
    # meeting gets its page sooner), then shown in full
    body = page.inner_text("body")
    later = ("participation", "network", "voices", "pathways")
    assert all(t(f"dashboard.section.{key}") in body for key in ("barometer", "lesson"))
    assert not [key for key in later if t(f"dashboard.section.{key}") in body]
    page.click(".wb-more-sections")
    page.wait_for_function("(text) => document.body.innerText.includes(text)",
                           arg=t("dashboard.section.pathways"), timeout=PAGE_TIMEOUT)
    body = page.inner_text("body")
    for key in ("barometer", "lesson", *later):
        assert t(f"dashboard.section.{key}") in body, key
    # a resident's verbatim carrying markup (demo, wave T2) is shown as text and does nothing
    assert "<script>alert(1)</script>" in body
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert page.seen["dialogs"] == []
    # each filter redraws charts
    first_wave = name_of(sorted(fw.waves, key=lambda w: w.date)[0])
    for option in ("Les Tilleuls", name_of(fw.group("elus")), first_wave):
        page.evaluate(f"() => {{ window.__before = ({SNAPSHOT_JS})(); }}")
        choose(page, option)
        page.wait_for_function(f"() => ({SNAPSHOT_JS})() !== window.__before", timeout=30_000)
    text = page.inner_text("body")
    assert not [e for e in ERROR_TEXTS if e in text], text[:2000]
    assert page.seen["errors"] == [] and page.seen["dialogs"] == []
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in page.seen["requests"]
               if not u.startswith(("data:", "blob:")))
    page.close()


@pytest.mark.browser
@needs_chromium
def test_reading_saved_from_the_page_is_stored_and_shown_after_reload(
    voila: int, browser, demo_home: Paths
) -> None:
    import uuid

    from workbench.i18n import t
    from workbench.store import Store

    unique = f"Lecture du comité n° {uuid.uuid4().hex[:8]} <b>sans balise</b>"
    page = open_dashboard(browser, voila)
    panel = page.locator(".wb-readings-panel")
    panel.locator("textarea").first.fill(unique)
    panel.locator("textarea").nth(1).fill("Relancer les services en janvier.")
    panel.locator(".widget-text input").fill("Camille Testeuse")
    panel.get_by_role("button", name=t("readings.save")).click()
    page.wait_for_function(
        "() => document.querySelector('.wb-readings-panel').innerText.includes('n° ')",
        timeout=30_000)
    readings = Store(demo_home.store).read("readings")
    saved = readings[readings["interpretation"] == unique]
    # a reading author's pseudonym is of its own purpose: never a respondent's « p_ » id
    assert len(saved) == 1 and saved["author_id"].iloc[0].startswith("a_")
    assert b"Camille" not in demo_home.store.read_bytes()
    page.reload()
    page.wait_for_selector(".wb-readings-panel")
    page.wait_for_function(
        f"() => document.body.innerText.includes({unique!r})", timeout=PAGE_TIMEOUT)
    assert page.locator(".wb-readings-panel b").filter(has_text="sans balise").count() == 0
    page.close()


@pytest.mark.browser
@needs_chromium
def test_health_check_answers_without_a_page(voila: int) -> None:
    url = f"http://127.0.0.1:{voila}{HEALTH_PATH}"
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
        assert len(response.read()) > 1000


def test_voila_command_serves_loopback_offline_and_preheated(tmp_path: Path) -> None:
    command = voila_command(8899)
    assert Path(command[0]).name == "voila" or command[1:3] == ["-m", "voila"]
    assert command[command.index("--no-browser") - 1].endswith("notebooks/dashboards")
    for flag in ("--Voila.ip=127.0.0.1", "--port=8899", "--template=workbench",
                 "--strip_sources=True", "--show_tracebacks=False", "--preheat_kernel=True",
                 "--pool_size=1", "--MappingKernelManager.cull_idle_timeout=600",
                 "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext"):
        assert flag in command
    bare = voila_command(8899, preheat=False, show_tracebacks=True, root=tmp_path)
    assert str(tmp_path) in bare and "--show_tracebacks=True" in bare
    assert "--preheat_kernel=True" not in bare


def test_voila_env_finds_the_template_and_keeps_the_callers_store(tmp_path: Path) -> None:
    env = voila_env({"WORKBENCH_HOME": str(tmp_path), "JUPYTER_PATH": "/elsewhere"})
    folders = env["JUPYTER_PATH"].split(os.pathsep)
    assert folders[1:] == ["/elsewhere"]
    template = Path(folders[0]) / "voila" / "templates" / "workbench"
    assert (template / "index.html.j2").is_file() and (template / "conf.json").is_file()
    assert "cdn.jsdelivr.net" not in (template / "index.html.j2").read_text(encoding="utf-8")
    assert env["WORKBENCH_HOME"] == str(tmp_path)
    assert "WORKBENCH_HOME" in voila_env({})
