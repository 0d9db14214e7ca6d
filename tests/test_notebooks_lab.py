"""The evaluator's notebooks used in a real JupyterLab, as an evaluator would, in Debian's Chromium
through Playwright (never a downloaded browser).

For each notebook (00-accueil, 02-explore, 03-code-verbatims, 04-cooperation, 05-pathways): run
every cell from the Run menu, use its widgets, and check that no output shows a raw DataFrame,
a Python object's repr, an English DataTables text or an error; that the files download through
the browser (Playwright ``expect_download``); the coding and explorer fixes; and, at 360 px wide,
that no button or label text is cut. The explorer's download is also checked in Voilà.

JupyterLab is started the way ``make lab`` starts it: on the project folder, so that ``data/raw/``
and ``reports/`` are in its file browser.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import free_port, needs_chromium, stop

from workbench.config import Paths

REPO = Path(__file__).resolve().parents[1]
TOKEN = "workbench-test"
TIMEOUT = 120_000  # ms: a notebook's cells on a loaded 2-core machine
# what must never appear in an output an evaluator reads
RAW_TEXTS = ("PosixPath(", "<Figure", "dtype:", "DataFrame", " at 0x", "object at", "Traceback",
             "Error", "Exception", "No data available", "Showing ", "entries", "NaN", "None")
SCREENSHOTS = Path(os.environ.get("WORKBENCH_SCREENSHOTS", "build/screenshots"))
pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def lab_home(demo_home: Paths, tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """A project folder: the demo's data, the repository's notebooks, empty raw/ and reports/."""
    root = tmp_path_factory.mktemp("lab-project")
    shutil.copytree(demo_home.data, root / "data")
    shutil.copytree(REPO / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "data" / "raw").mkdir(exist_ok=True)
    (root / "reports").mkdir(exist_ok=True)
    return Paths(root)


def _env(home: Paths) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_STORE"}
    env.update(WORKBENCH_HOME=str(home.root),
               WORKBENCH_SECRET_FILE=os.environ.get("WORKBENCH_SECRET_FILE",
                                                    str(home.root / "secret.key")))
    return env


def _wait_up(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} within {timeout} s")


@pytest.fixture(scope="module")
def lab(lab_home: Paths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """JupyterLab on the project folder (as ``make lab``), on a free loopback port."""
    port = free_port()
    log = tmp_path_factory.mktemp("lab-log") / "lab.log"
    # every cell laid out (no windowing: off-screen widgets are measured too), no news prompt
    settings = tmp_path_factory.mktemp("lab-settings")
    for path, value in (("@jupyterlab/notebook-extension/tracker", '{"windowingMode": "none"}'),
                        ("@jupyterlab/apputils-extension/notification",
                         '{"fetchNews": "false", "checkForUpdates": false}')):
        target = settings / f"{path}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(value, encoding="utf-8")
    env = {**_env(lab_home), "JUPYTERLAB_SETTINGS_DIR": str(settings)}
    command = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--allow-root", f"--ServerApp.token={TOKEN}", "--ServerApp.ip=127.0.0.1",
               f"--port={port}", f"--ServerApp.root_dir={lab_home.root}",
               "--LabApp.default_url=/lab/tree/notebooks/00-accueil.ipynb"]
    with log.open("w") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(f"{base}/api/status?token={TOKEN}", process)
        yield base
    finally:
        stop(process)
    if process.returncode not in (0, -signal.SIGTERM, 128 + signal.SIGTERM):
        print(log.read_text(errors="replace")[-3000:])


@pytest.fixture
def page(lab: str, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


# --- driving JupyterLab --------------------------------------------------------------------------
def open_notebook(page, lab: str, name: str) -> None:
    """Open ``notebooks/name`` and wait until its kernel is connected and idle."""
    page.goto(f"{lab}/lab/tree/notebooks/{name}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
    page.wait_for_function("() => Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))"
                           ".some(e => /ipykernel\\) \\| Idle/.test(e.textContent))")
    news = page.get_by_role("button", name="No", exact=True)
    if news.count():  # JupyterLab's question about its news feed, not ours
        news.first.click()


def run_all(page) -> None:
    """Run ▸ Run All Cells, then wait until every code cell has run and the kernel is idle
    (a screenshot is kept under ``build/screenshots`` when it does not happen)."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    try:
        page.wait_for_function("""() => {
            const prompts = Array.from(document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt'));
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""")
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    except Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "run-all-failed.png"), full_page=True)
        raise


def wait_text(page, text: str) -> None:
    """Wait until the notebook's outputs say ``text``."""
    page.wait_for_function(
        "t => Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
        ".jp-OutputArea')).some(o => o.innerText.replace(/\\u00a0/g, ' ').includes(t))", arg=text)


def outputs(page) -> str:
    return "\n".join(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea")
                     .all_inner_texts())


def assert_no_raw_output(page) -> None:
    """No raw frame, object repr, English DataTables text, error or stderr in any output."""
    text = outputs(page)
    found = [raw for raw in RAW_TEXTS if raw in text]
    assert not found, (found, text[:3000])
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden) "
    assert page.locator(panel + "table.dataframe").count() == 0
    assert page.locator(panel + "[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.errors == []


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the dropdown labelled ``label`` (ipywidgets writes NBSP for spaces)."""
    box = page.locator(".widget-dropdown").filter(
        has=page.locator(".widget-label", has_text=label)).first
    select = box.locator("select")
    texts = [o.replace("\xa0", " ") for o in select.locator("option").all_inner_texts()]
    select.select_option(index=texts.index(option))


def selected(page, label: str) -> str:
    box = page.locator(".widget-dropdown").filter(
        has=page.locator(".widget-label", has_text=label)).first
    return box.locator("select").evaluate(
        "s => s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text").replace("\xa0", " ")


def download(page, button_text: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("button", name=button_text).click()
    done = info.value
    return done.suggested_filename, Path(done.path()).read_bytes()


def cut_texts(page) -> list[str]:
    """Buttons and labels of the outputs whose text is wider than their box (cut)."""
    return page.evaluate("""() => {
        const sel = ['button', '.widget-label', '.widget-label-basic', '.widget-checkbox label',
                     '.widget-radio-box label', '.widget-toggle-button'];
        const out = [];
        for (const el of document.querySelectorAll(
                sel.map(s => '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea ' + s)
                   .join(','))) {
            if (!el.offsetParent || !el.textContent.trim()) continue;
            if (el.scrollWidth > el.clientWidth + 1) out.push(el.textContent.trim());
        }
        return out;
    }""")


def at_phone_width(page, name: str) -> list[str]:
    """The page at 360 px (JupyterLab's side panel closed, the notebook alone), a screenshot
    kept under ``build/screenshots``, and the buttons and labels whose text is cut."""
    open_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if open_tab.count():  # a click on the open side panel's tab closes it
        open_tab.first.click()
        page.wait_for_selector("#jp-left-stack", state="hidden")
    page.set_viewport_size({"width": 360, "height": 780})
    page.wait_for_function("() => window.innerWidth === 360")
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    page.wait_for_function(f"() => document.querySelector('{panel}').clientWidth > 250")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-360.png"))
    return cut_texts(page)


# --- the notebooks -------------------------------------------------------------------------------
def test_00_accueil_says_where_the_evaluation_stands(page, lab: str) -> None:
    open_notebook(page, lab, "00-accueil.ipynb")
    run_all(page)
    wait_text(page, "Où en est l'évaluation ?")
    text = outputs(page)
    for expected in ("Questionnaires importés", "Verbatims codés", "Enseignements lus par le "
                     "comité", "Avant le prochain comité de pilotage (vague T2)",
                     "Carnet à ouvrir ensuite"):
        assert expected in text, expected
    assert_no_raw_output(page)
    # the project folder is the file browser's root: data/raw/ and reports/ are reachable
    page.locator(".jp-BreadCrumbs-home").click()
    page.wait_for_function("() => ['data', 'notebooks', 'reports'].every(name => Array.from("
                           "document.querySelectorAll('.jp-DirListing-itemText')).some("
                           "e => e.textContent.trim() === name))")
    assert at_phone_width(page, "00-accueil") == []
    # the link to the next notebook opens it in JupyterLab
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(".jp-OutputArea a", has_text="02 · Explorer les indicateurs").first.click()
    page.wait_for_selector(".lm-TabBar-tabLabel:text-is('02-explore.ipynb')")


def test_01_import_reads_a_file_and_lists_the_imports(page, lab: str) -> None:
    open_notebook(page, lab, "01-import.ipynb")
    run_all(page)
    wait_text(page, "Importer un export")
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-upload")
    # a file of the demo chosen with the mouse: what was recognised, in French
    box = page.locator(".widget-dropdown").filter(
        has=page.locator(".widget-label", has_text="Fichier")).first
    box.locator("select").select_option(index=1)
    wait_text(page, "Ce qui a été reconnu")
    assert_no_raw_output(page)
    assert at_phone_width(page, "01-import") == []


def test_02_explore_offers_what_exists_and_downloads_the_xlsx(page, lab: str) -> None:
    from openpyxl import load_workbook

    open_notebook(page, lab, "02-explore.ipynb")
    run_all(page)
    page.wait_for_selector(".jp-OutputArea .js-plotly-plot .main-svg")
    assert_no_raw_output(page)
    # a network measure: only the wave breakdown, a French sentence says why
    choose(page, "Indicateur", "L2 · Décloisonnement : indice E–I des liens entre secteurs")
    wait_text(page, "porte sur le réseau des organisations")
    toggles = page.locator(".widget-toggle-button").all_inner_texts()
    assert [t.strip() for t in toggles] == ["Vague"]
    assert "No data available" not in outputs(page) and "Aucune donnée" not in outputs(page)
    # a questionnaire indicator by group, filtered on a wave: downloaded with its filters
    choose(page, "Indicateur", "L1 · Accord : implication des élus")
    page.get_by_role("button", name="Groupe d'acteurs").click()
    choose(page, "Vague", "T1")
    wait_text(page, "Réponses détaillées, vague T1")   # the kernel has taken the filter
    wait_text(page, "Partenaires institutionnels")
    name, content = download(page, "Télécharger le tableau (XLSX)")
    assert name == "L1-agree-group-T1.xlsx"
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    header = {r[0]: r[1] for r in rows[:10] if r[0]}
    assert header["Ventiler par"] == "Groupe d'acteurs" and header["Vague"] == "T1"
    assert "Exporté le" in header
    start = next(i for i, r in enumerate(rows) if r[0] == "Groupe d'acteurs")
    values = [r[1] for r in rows[start + 1:] if r[0]]
    assert any(isinstance(v, float) and 0 <= v <= 1 for v in values)   # numbers, not "41 %"
    assert_no_raw_output(page)
    assert at_phone_width(page, "02-explore") == []


def test_03_coding_enter_starts_filters_exclusions_and_live_agreement(page, lab: str) -> None:
    open_notebook(page, lab, "03-code-verbatims.ipynb")
    run_all(page)
    wait_text(page, "Accord entre codeurs, code par code")
    assert_no_raw_output(page)
    assert "κ de Cohen" in outputs(page) and "world_cafe" not in outputs(page)
    # Enter in the name field starts
    name = page.locator(".widget-text input").first
    name.fill("Camille Testeuse")
    name.press("Enter")
    wait_text(page, "Vous codez sous l'identifiant")
    assert selected(page, "Type") == "Tous les types"
    assert selected(page, "Événement") == "Tous les événements"
    assert selected(page, "Codage") == "Non codés (par moi)"
    events = page.locator(".widget-dropdown").filter(
        has=page.locator(".widget-label", has_text="Événement")).locator("option")
    labels = [e.replace("\xa0", " ") for e in events.all_inner_texts()]
    assert len(set(labels)) == len(labels)                     # events told apart
    assert any("Les Tilleuls" in e and "/2024" in e for e in labels)
    # « Aucun enseignement » and a lesson exclude each other
    none = page.locator(".widget-checkbox", has_text="Aucun enseignement").locator("input")
    lesson = page.locator(".widget-checkbox", has_text="L1 · ").locator("input")
    none.check()
    wait_text(page, "Enregistré")
    lesson.check()
    page.wait_for_function(
        "() => !Array.from(document.querySelectorAll('.widget-checkbox')).find("
        "b => b.textContent.includes('Aucun enseignement')).querySelector('input').checked")
    # a third coder: the agreement table recomputes by itself (α of Krippendorff for L1)
    wait_text(page, "α de Krippendorff (nominal)")
    name_, content = download(page, "Télécharger le livre de codes (CSV)")
    assert name_ == "livre_de_codes.csv" and content.startswith(b"\xef\xbb\xbfname,description")
    name_, content = download(page, "Télécharger les verbatims codés (CSV)")
    assert name_ == "verbatims_codes.csv" and b"verbatim_id" in content
    assert_no_raw_output(page)
    assert at_phone_width(page, "03-code-verbatims") == []


def test_04_cooperation_compares_with_earlier_waves_and_downloads_kumu(page, lab: str) -> None:
    from openpyxl import load_workbook

    open_notebook(page, lab, "04-cooperation.ipynb")
    run_all(page)
    page.wait_for_selector(".jp-OutputArea .js-plotly-plot .main-svg")
    assert_no_raw_output(page)
    assert "Mesures du réseau, vague par vague" in outputs(page)
    compare = page.locator(".widget-dropdown").filter(
        has=page.locator(".widget-label", has_text="Comparer depuis")).locator("option")
    assert [o.replace("\xa0", " ").split(" ")[0] for o in compare.all_inner_texts()] == [
        "T0", "T1"]
    choose(page, "Vague", "T0 : avant la démarche")
    wait_text(page, "est la première vague de l'enquête relationnelle")
    assert compare.count() == 0
    name, content = download(page, "Télécharger le fichier pour Kumu (XLSX)")
    assert name == "reseau_kumu.xlsx"
    assert load_workbook(io.BytesIO(content)).sheetnames == ["Elements", "Connections"]
    assert_no_raw_output(page)
    assert at_phone_width(page, "04-cooperation") == []


def test_05_pathways_names_the_pathway_and_redraws(page, lab: str) -> None:
    open_notebook(page, lab, "05-pathways.ipynb")
    run_all(page)
    page.wait_for_selector(".jp-OutputArea .js-plotly-plot .main-svg")
    assert_no_raw_output(page)
    text = outputs(page)
    assert "chemin-changement" not in text and "Chemin vers : « Des quartiers" in text
    page.evaluate("() => { window.__before = Array.from(document.querySelectorAll("
                  "'.js-plotly-plot')).map(g => JSON.stringify(g.layout.title)).join('|'); }")
    choose(page, "Période", "T1")
    page.wait_for_function("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                           ".map(g => JSON.stringify(g.layout.title)).join('|') !== "
                           "window.__before")
    assert_no_raw_output(page)
    assert at_phone_width(page, "05-pathways") == []


# --- Voilà: the same download button -------------------------------------------------------------
@pytest.fixture(scope="module")
def voila_notebooks(lab_home: Paths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from workbench.serve import HEALTH_PATH, voila_command, voila_env

    port = free_port()
    log = tmp_path_factory.mktemp("voila-nb-log") / "voila.log"
    command = voila_command(port, preheat=False, show_tracebacks=True,
                            root=lab_home.notebooks)
    with log.open("w") as sink:
        process = subprocess.Popen(command, env=voila_env(_env(lab_home)), stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base + HEALTH_PATH, process)
        yield base
    finally:
        stop(process)


def test_explorer_download_works_in_voila(voila_notebooks: str, browser) -> None:
    page = browser.new_context(accept_downloads=True).new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{voila_notebooks}/voila/render/02-explore.ipynb")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger le tableau (XLSX)").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"
