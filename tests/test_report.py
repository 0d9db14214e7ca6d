"""The HTML reports: one self-contained, offline file per QPV (plus the global one) and the XLSX.

One demo store and one build per session (tmp WORKBENCH_HOME, tmp secret). The checks do not
trust the code's own offline check: they grep the HTML themselves and, where Chromium exists,
open each file and record every request.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workbench.config import Paths
from workbench.errors import FrameworkError, StoreError
from workbench.framework import load_framework
from workbench.report import build_reports, external_urls
from workbench.report_tables import neutralise, tables_workbook

CHROMIUM = Path("/usr/bin/chromium")
QPVS = ["tilleuls", "bel-air", "la-source", "moulin"]
SECTIONS = ["barometre", *[f"lecon-L{i}" for i in range(1, 8)], "participation", "methode"]
PLOTLY_BANNER = "* plotly.js v"
MASKED = "effectif trop faible"


@pytest.fixture(scope="session")
def report_home(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """A tmp project home holding the imported demo territory (own secret, own store)."""
    from workbench.demo import run_demo

    base = tmp_path_factory.mktemp("report-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_HOME", str(base))
        mp.setenv("WORKBENCH_SECRET_FILE", str(base / "secret.key"))
        mp.delenv("WORKBENCH_STORE", raising=False)
        paths = Paths(base)
        run_demo(paths)
    return paths


@pytest.fixture(scope="session")
def built(report_home: Paths, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every report of the demo, built once (two worker processes)."""
    out = tmp_path_factory.mktemp("reports") / "2030-01-01"
    steps: list[tuple[int, int, str]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_HOME", str(report_home.root))
        mp.setenv("WORKBENCH_SECRET_FILE", str(report_home.root / "secret.key"))
        mp.delenv("WORKBENCH_STORE", raising=False)
        written = build_reports(report_home, out_dir=out, workers=2,
                                progress=lambda d, n, name: steps.append((d, n, name)))
    assert [d for d, _, _ in steps] == list(range(1, 6))
    return {p.name: p for p in written}


def _html(built: dict[str, Path], name: str) -> str:
    return built[name].read_text(encoding="utf-8")


def test_one_file_per_qpv_and_a_global_one(built: dict[str, Path]) -> None:
    expected = {"rapport-global.html", *[f"rapport-{q}.html" for q in QPVS], "tableaux.xlsx"}
    assert set(built) == expected
    assert all(p.parent.name == "2030-01-01" for p in built.values())


@pytest.mark.parametrize("qpv", ["global", *QPVS])
def test_report_is_self_contained(built: dict[str, Path], qpv: str,
                                  record_property: pytest.RecordProperty) -> None:
    html = _html(built, f"rapport-{qpv}.html")
    size = built[f"rapport-{qpv}.html"].stat().st_size
    record_property("size_bytes", size)
    print(f"rapport-{qpv}.html: {size / 1e6:.2f} Mo")
    # no remote script, stylesheet, image or CSS import (own grep, not the code's check)
    tags = re.findall(r"<(?:script|link|img|iframe|source|embed)\b[^>]*>", html, re.I)
    remote = [tag for tag in tags if re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                                                tag, re.I)]
    assert remote == []
    styles = "".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.S | re.I))
    assert not re.search(r"""url\(\s*["']?(?:https?:)?//|@import""", styles, re.I)
    assert external_urls(html) == []
    # plotly.js embedded exactly once
    assert html.count(PLOTLY_BANNER) == 1


@pytest.mark.parametrize("qpv", ["global", *QPVS])
def test_report_holds_charts_sections_toc_and_no_code(built: dict[str, Path], qpv: str) -> None:
    html = _html(built, f"rapport-{qpv}.html")
    # charts really there (nbconvert can silently drop plotly outputs)
    figures = html.count('class="wb-figure"')
    assert figures >= 1 + 1  # barometer + participation at least
    assert html.count("Plotly.newPlot(") == figures
    assert '"type":"heatmap"' in html
    # title page, fictional notice, table of contents whose links all land
    assert "Rapport d'évaluation" in html
    assert "Territoire fictif" in html
    toc = re.search(r'<nav class="wb-toc".*?</nav>', html, re.S)
    assert toc is not None
    links = re.findall(r'href="#([^"]+)"', toc.group(0))
    assert links == SECTIONS
    for anchor in links:
        assert f'id="{anchor}"' in html
    # print styles
    assert "@media print" in html and "break-inside: avoid" in html
    # no input cell, no prompt, no parameter cell, no traceback
    assert re.search(r'class="[^"]*\bjp-InputArea\b', html) is None
    assert re.search(r'class="[^"]*celltag_(?:injected-)?parameters\b', html) is None
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html
    for marker in ("open_report(", "show_lessons", "Traceback", "Erreur"):
        assert marker not in html
    # small-cell note
    assert "moins de 11 personnes" in html


def test_qpv_reports_name_their_qpv_and_differ(built: dict[str, Path]) -> None:
    fw = load_framework()
    bodies = {q: _html(built, f"rapport-{q}.html") for q in QPVS}
    for qpv, html in bodies.items():
        assert f'<p class="wb-subtitle">{fw.qpv(qpv).name}</p>' in html
    assert len({re.sub(r'id="[^"]+"', "", b) for b in bodies.values()}) == len(QPVS)


def test_masked_cells_read_effectif_trop_faible(built: dict[str, Path]) -> None:
    # the smallest QPV has breakdowns under 11 people: they must be masked, not dropped
    html = _html(built, "rapport-moulin.html")
    masked_cells = re.findall(r'<td class="wb-masked">([^<]*)</td>', html)
    assert masked_cells and set(masked_cells) == {MASKED}


def test_workbook_keeps_masks_and_has_no_formula(built: dict[str, Path]) -> None:
    book = load_workbook(built["tableaux.xlsx"])
    sheet = book["Indicateurs"]
    header = [c.value for c in sheet[1]]
    col = {name: i for i, name in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows
    masked = [r for r in rows if r[col["Valeur"]] == MASKED]
    assert masked, "the demo has small cells: some rows must be masked"
    for row in masked:
        assert row[col["Effectif (n)"]] is None
        assert row[col["Borne basse (95 %)"]] is None
        assert row[col["Borne haute (95 %)"]] is None
    visible = [r for r in rows if r[col["Valeur"]] != MASKED and r[col["Valeur"]] is not None]
    assert all(isinstance(r[col["Valeur"]], int | float) for r in visible)
    assert all(r[col["Effectif (n)"]] is None or r[col["Effectif (n)"]] >= 11 for r in visible
               if str(r[col["Code indicateur"]]).endswith(("-agree", "-mean")))
    for ws in book.worksheets:
        for line in ws.iter_rows():
            assert all(cell.data_type != "f" for cell in line)
    notes = " ".join(str(c.value) for line in book["Lisez-moi"].iter_rows() for c in line)
    assert "Territoire fictif" in notes and "11" in notes


def test_formula_like_text_is_neutralised(report_home: Paths, tmp_path: Path) -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+33 6") == "'+33 6"
    assert neutralise("-x") == "'-x"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("Élus") == "Élus" and neutralise(-3) == -3
    # a framework label written as a formula stays text in the workbook
    text = report_home.framework.read_text(encoding="utf-8")
    evil = '=HYPERLINK("http://exemple.invalid","clic")'
    text = text.replace('label_fr: "Accord : implication des élus"',
                        f"label_fr: '{evil}'", 1)
    assert evil in text
    framework = tmp_path / "framework.yml"
    framework.write_text(text, encoding="utf-8")
    target = tables_workbook(report_home.store, framework, tmp_path / "t.xlsx")
    cells = [c for line in load_workbook(target)["Indicateurs"].iter_rows() for c in line]
    labels = {c.value for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value}
    assert labels == {"'" + evil}
    assert all(c.data_type != "f" for c in cells)


def test_external_urls_finds_what_a_browser_would_fetch() -> None:
    page = (
        '<script src="https://cdn.example/a.js"></script>'
        '<link rel="stylesheet" href="//cdn.example/b.css">'
        '<style>@import "https://cdn.example/c.css"; .x{background:url(http://h.example/d.png)}'
        "</style>"
        '<a href="https://plotly.com">a link is not loaded</a>'
        '<script>var s = "<a href=\\"https://in.script.example\\">";</script>'
        '<img src="data:image/png;base64,AAAA"><script src="local.js"></script>'
    )
    assert external_urls(page) == [
        "//cdn.example/b.css", "http://h.example/d.png", "https://cdn.example/a.js",
        "https://cdn.example/c.css",
    ]


def test_unknown_qpv_and_missing_store_are_refused(report_home: Paths, tmp_path: Path) -> None:
    with pytest.raises(FrameworkError) as bad_qpv:
        build_reports(report_home, qpvs=["atlantide"], out_dir=tmp_path)
    assert bad_qpv.value.key == "report_unknown_qpv" and "atlantide" in bad_qpv.value.message
    empty = Paths(tmp_path / "empty")
    with pytest.raises(StoreError) as no_store:
        build_reports(empty, out_dir=tmp_path)
    assert no_store.value.key == "report_store_missing"
    assert list(tmp_path.glob("*.html")) == []


def test_single_report_in_one_process(report_home: Paths, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_HOME", str(report_home.root))
    monkeypatch.setenv("WORKBENCH_SECRET_FILE", str(report_home.root / "secret.key"))
    written = build_reports(report_home, qpvs=["tilleuls"], out_dir=tmp_path, lang="en")
    assert [p.name for p in written] == ["rapport-tilleuls.html", "tableaux.xlsx"]
    html = written[0].read_text(encoding="utf-8")
    assert "Evaluation report" in html and "Contents" in html
    assert html.count(PLOTLY_BANNER) == 1


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium absent (/usr/bin/chromium): "
                    "install it with apt-get install chromium to open the reports")
def test_reports_open_offline_in_chromium(built: dict[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            for name in ("rapport-global.html", "rapport-moulin.html"):
                page = browser.new_page()
                requests: list[str] = []
                errors: list[str] = []
                page.on("request", lambda r, seen=requests: seen.append(r.url))
                page.on("console", lambda m, seen=errors: seen.append(m.text)
                        if m.type == "error" else None)
                page.on("pageerror", lambda e, seen=errors: seen.append(str(e)))
                page.goto(built[name].as_uri())
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
                drawn = page.locator(".wb-figure .js-plotly-plot").count()
                assert drawn == page.locator(".wb-figure").count() >= 2
                assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
                assert errors == []
                page.close()
        finally:
            browser.close()


def test_report_template_is_found_outside_the_repo(report_home: Paths) -> None:
    from workbench.report import template_notebook

    assert not (report_home.notebooks / "reports").exists()
    found = template_notebook(report_home)
    assert found.name == "rapport.ipynb" and found.is_file()


def test_indicator_tables_list_waves_in_framework_order(built: dict[str, Path]) -> None:
    html = _html(built, "rapport-global.html")
    tables = re.findall(r"<caption>Indicateurs par vague</caption>.*?</table>", html, re.S)
    assert len(tables) == 7
    rank = {"T0": 0, "T1": 1, "T2": 2, "Toutes les vagues": 3}
    for table in tables:
        waves: dict[str, list[str]] = {}
        for name, wave in re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", table):
            waves.setdefault(name, []).append(wave)
        assert waves
        for listed in waves.values():
            assert listed == sorted(listed, key=rank.__getitem__)
