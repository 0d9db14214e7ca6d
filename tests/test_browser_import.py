"""A new questionnaire from upload to store in a real browser: the import notebook
(``notebooks/01-import.ipynb``) served by Voilà on a tmp project, driven in Debian's Chromium.
A Google Forms CSV and a LimeSurvey export are uploaded through the page's file input, their
proposed mapping saved from the form, checked and imported; the store is read afterwards."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_formats import write_google_forms
from conftest_quirks import LS_FR_META, write_limesurvey_mode
from test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ERROR_TEXTS,
    needs_chromium,
    served,
)

from workbench.config import Paths
from workbench.framework import install_framework
from workbench.serve import voila_command
from workbench.store import Store

NOTEBOOK = Path(__file__).parents[1] / "notebooks" / "01-import.ipynb"
TIMEOUT = 90_000
LS_QUESTIONS = ["Le calendrier laisse assez de place à la concertation.",
                "J'ai de l'espoir pour l'avenir du quartier."]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    base = tmp_path_factory.mktemp("import-home")
    paths = Paths(base)
    install_framework(paths)
    (base / "served").mkdir()
    shutil.copy(NOTEBOOK, base / "served" / NOTEBOOK.name)
    return paths


@pytest.fixture(scope="module")
def voila(project: Paths, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_STORE"}
    env.update(WORKBENCH_HOME=str(project.root),
               WORKBENCH_SECRET_FILE=str(project.root / "secret.key"))
    log = tmp_path_factory.mktemp("voila-import-log") / "voila.log"
    command = functools.partial(voila_command, preheat=False, show_tracebacks=True,
                                root=project.root / "served")
    with served(command, env, log) as port:
        yield port


def _upload_save_import(page, path: Path, answers: int) -> None:
    """Upload ``path``, save the proposed mapping, wait for the check, import."""
    with page.expect_file_chooser() as chooser:  # the page's own file dialog
        page.locator(".widget-upload").click()
    chooser.value.set_files(str(path))
    save = page.get_by_role("button", name="Enregistrer la correspondance")
    page.wait_for_function(
        "() => document.body.innerText.includes('Pas encore de correspondance pour "
        f"{path.name}')", timeout=TIMEOUT)
    save.click()
    page.wait_for_function(
        f"() => document.body.innerText.includes('({answers} réponse(s) aux items)')",
        timeout=TIMEOUT)
    page.get_by_role("button", name="Importer").click()
    page.wait_for_function(
        f"() => document.body.innerText.includes('Importé') && "
        f"document.body.innerText.includes('({path.name})')", timeout=TIMEOUT)


@pytest.mark.browser
@needs_chromium
def test_upload_map_and_import_in_the_browser(voila: int, project: Paths,
                                              tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    forms = write_google_forms(tmp_path / "enquete_T1.csv")
    limesurvey = write_limesurvey_mode(
        tmp_path / "habitants_T2.csv", LS_FR_META, LS_QUESTIONS,
        [["Plutôt d'accord", "Tout à fait d'accord"], ["Sans avis", "Pas du tout d'accord"],
         ["Tout à fait d'accord", "Plutôt pas d'accord"]])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(TIMEOUT)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"http://127.0.0.1:{voila}/voila/render/{NOTEBOOK.name}")
            page.wait_for_selector(".widget-upload")
            _upload_save_import(page, forms, answers=15)
            _upload_save_import(page, limesurvey, answers=6)
            text = page.inner_text("body")
            assert not [e for e in ERROR_TEXTS if e in text], text[:2000]
            assert errors == []
        finally:
            browser.close()
    assert (project.raw / "enquete_T1.csv").read_bytes() == forms.read_bytes()
    assert (project.raw / "enquete.mapping.yml").is_file()
    assert (project.raw / "habitants.mapping.yml").is_file()
    store = Store(project.store)
    sources = store.read("sources").set_index("path")
    assert sources.loc["enquete_T1.csv", "format"] == "google_forms"
    assert sources.loc["habitants_T2.csv", "format"] == "limesurvey"
    responses = store.read("responses")
    assert set(responses[responses["wave"] == "T1"]["item_id"]) == {"Q01", "Q02", "Q03", "Q04",
                                                                   "Q05"}
    habitants = responses[responses["wave"] == "T2"]
    assert len(habitants) == 6 and "Q11" in set(habitants["item_id"])
