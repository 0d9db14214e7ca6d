"""The HTML reports: one self-contained, offline file per QPV (plus the global one) and the XLSX.

One demo store and one build per session (tmp WORKBENCH_HOME, tmp secret). Before the build the
store gets one quotable coded verbatim and committee readings carrying ``<script>`` /
``<img onerror>`` markup, and the project a hostile narrative file for one QPV. The checks do
not trust the code's own offline check: they grep and parse the HTML themselves and, where
Chromium exists, open the files, record every request and watch for dialogs.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest_publication import hand_publication
from openpyxl import load_workbook

from workbench.config import Paths
from workbench.demo.narrative import write_demo_narrative
from workbench.errors import FrameworkError, StoreError
from workbench.exports.tables import tables_workbook
from workbench.framework import load_framework
from workbench.i18n import mask_reason, name_of, t
from workbench.ingest.readings import record_reading
from workbench.normalise import spreadsheet_safe as neutralise
from workbench.publication import build_publication
from workbench.publication.rule import REASONS
from workbench.report.build import build_reports, external_urls
from workbench.report.html import CARTESIAN_BUNDLE, CARTESIAN_TRACES
from workbench.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
QPVS = ["tilleuls", "bel-air", "la-source", "moulin"]
SECTIONS = ["barometre", *[f"lecon-L{i}" for i in range(1, 8)], "participation", "cooperation",
            "voix", "chemins", "conclusion", "methode"]
HEADINGS = {"barometre": "report.section.barometer", "participation":
            "report.section.participation", "cooperation": "report.section.cooperation",
            "voix": "report.section.voices", "chemins": "report.section.pathways",
            "conclusion": "report.section.conclusion", "methode": "report.section.method"}
PLOTLY_BANNER = "plotly.js (cartesian - minified) v4.1.1"
FULL_BANNER = "* plotly.js v"
MASKED = "effectif trop faible"
MASKS = {mask_reason(reason) for reason in REASONS}  # « effectif trop faible », « masqué … »
XSS_VERBATIM = "Verbatim piégé <script>alert(11)</script> puis <img src=x onerror=alert(12)> fin"
XSS_READING = "Lecture piégée <script>alert(21)</script> et <img src=x onerror=alert(22)>"
INDICATOR_READING = "=HYPERLINK(\"http://exemple.invalid\") lecture de l'indicateur L1-agree"
XSS_NARRATIVE = ("Récit piégé <script>alert(31)</script> et <img src=x onerror=alert(32)>.\n\n"
                 "[Lien distant](https://exemple.invalid/page) ![photo](https://exemple.invalid/p.png)"
                 " [vers la méthode](#methode)\n")
HOSTILE_MARKUP = ["<script>alert(11)", "<img src=x onerror=alert(12)>", "<script>alert(21)",
                  "<img src=x onerror=alert(22)>", "<script>alert(31)",
                  "<img src=x onerror=alert(32)>"]


def _add_hostile_verbatim(store: Store) -> None:
    """A quotable verbatim of Les Tilleuls, coded L1 by two coders (so its lesson is carried)."""
    with store.transaction() as con:
        source = Store.add_source(con, path="xss.csv", sha256="e" * 64, format="test",
                                  instrument="verbatims", rows=1)
        store.insert_frame(con, "verbatims", pd.DataFrame([{
            "verbatim_id": "v-xss-report", "kind": "open_answer", "wave": "T2", "qpv": "tilleuls",
            "group_id": "habitants", "text": XSS_VERBATIM, "quotable": 1}]),
            constants={"source_id": source})
        store.insert_frame(con, "codings", pd.DataFrame({
            "verbatim_id": "v-xss-report", "code": "L1", "coder": ["p_coder_a", "p_coder_b"],
            "coded_at": "2026-01-01T00:00:00+00:00"}))


@pytest.fixture(scope="session")
def report_home(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """A tmp project home holding the imported demo territory (own secret, own store)."""
    from workbench.demo.build import run_demo

    base = tmp_path_factory.mktemp("report-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_HOME", str(base))
        mp.setenv("WORKBENCH_SECRET_FILE", str(base / "secret.key"))
        mp.delenv("WORKBENCH_STORE", raising=False)
        paths = Paths(base)
        run_demo(paths)
        write_demo_narrative(paths)  # no-op for files run_demo already wrote
        (paths.narrative / "tilleuls").mkdir(parents=True, exist_ok=True)
        (paths.narrative / "tilleuls" / "L2.md").write_text(XSS_NARRATIVE, encoding="utf-8")
        fw = load_framework(paths.framework)
        store = Store(paths.store)
        _add_hostile_verbatim(store)
        record_reading(store, wave="T1", subject="L1", interpretation=XSS_READING,
                       agreement="partial", action="Relancer les élus", author="Membre A", fw=fw)
        record_reading(store, wave="T2", subject="L1-agree", interpretation=INDICATOR_READING,
                       agreement="consensus", action=None, author="Membre B", fw=fw)
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
    expected = {"rapport-global.html", *[f"rapport-{q}.html" for q in QPVS], "tableaux.xlsx",
                "publication.csv"}
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
    # plotly.js embedded exactly once: the cartesian partial bundle, never the full one
    assert html.count(PLOTLY_BANNER) == 1
    assert html.count(FULL_BANNER) == 0
    assert html.count('class="wb-plotlyjs"') == 1
    assert size <= 5_000_000


@pytest.mark.parametrize("qpv", ["global", *QPVS])
def test_report_holds_charts_sections_toc_and_no_code(built: dict[str, Path], qpv: str) -> None:
    html = _html(built, f"rapport-{qpv}.html")
    # charts really there (nbconvert can silently drop plotly outputs): one newPlot per figure
    figures = html.count('class="wb-figure"')
    assert html.count("Plotly.newPlot(") == figures
    assert '"type":"heatmap"' in html
    expected = {"barometre": 1, "participation": 2, "cooperation": 3, "voix": 1, "chemins": 2}
    for anchor, count in expected.items():
        assert _section(html, anchor).count("Plotly.newPlot(") >= count, anchor
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
    masked = [r for r in rows if r[col["Valeur"]] in MASKS]
    assert masked, "the demo has small cells: some rows must be masked"
    for row in masked:
        assert row[col["Effectif (n)"]] is None
        assert row[col["Borne basse (95 %)"]] is None
        assert row[col["Borne haute (95 %)"]] is None
    visible = [r for r in rows if r[col["Valeur"]] not in MASKS and r[col["Valeur"]] is not None]
    assert all(isinstance(r[col["Valeur"]], int | float) for r in visible)
    assert all(r[col["Effectif (n)"]] is None or r[col["Effectif (n)"]] >= 11 for r in visible
               if str(r[col["Code indicateur"]]).endswith(("-agree", "-mean")))
    for ws in book.worksheets:
        for line in ws.iter_rows():
            assert all(cell.data_type != "f" for cell in line)
    notes = " ".join(str(c.value) for line in book["Lisez-moi"].iter_rows() for c in line)
    assert "Territoire fictif" in notes and "11" in notes


def _sheet(book, name: str) -> tuple[dict[str, int], list[tuple]]:
    rows = list(book[name].iter_rows(values_only=True))
    return {h: i for i, h in enumerate(rows[0])}, rows[1:]


def test_workbook_holds_the_new_sections_tables(built: dict[str, Path]) -> None:
    book = load_workbook(built["tableaux.xlsx"])
    assert {"Réseau", "Participation", "Animation", "Lectures du comité"} <= set(book.sheetnames)
    col, rows = _sheet(book, "Réseau")
    assert {r[col["Vague"]] for r in rows} == {"T0", "T1", "T2"}
    density = [r for r in rows if r[col["Mesure"]].startswith("Densité")]
    assert len(density) == 3 and all(isinstance(r[col["Valeur"]], float) for r in density)
    col, rows = _sheet(book, "Participation")
    assert {r[col["Quartier (QPV)"]] for r in rows} >= {"Ensemble", "Le Moulin"}
    assert "1. Travail préparatoire avec le comité technique" in {r[col["Étape"]] for r in rows}
    masked = [r for r in rows if r[col["Présents"]] in MASKS]
    assert masked and all(r[col["Part de la cible"]] is None for r in masked)
    visible = [r for r in rows if r[col["Présents"]] not in MASKS]
    assert visible and all(r[col["Présents"]] >= 11 for r in visible)
    col, rows = _sheet(book, "Animation")
    assert any(r[col["Part des présents ayant animé"]] in MASKS for r in rows)
    assert all(v in MASKS or v is None or v >= 11 for v in (r[col["Présents"]] for r in rows))
    col, rows = _sheet(book, "Lectures du comité")
    texts = [r[col["Interprétation"]] for r in rows]
    assert XSS_READING in texts  # kept as text: a spreadsheet does not run markup
    assert "'" + INDICATOR_READING in texts  # a formula-like text is neutralised
    for ws in book.worksheets:
        for line in ws.iter_rows():
            assert all(cell.data_type != "f" for cell in line)


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
    pub = build_publication(Store(report_home.store).load_dataset(), load_framework(framework))
    target = tables_workbook(pub, tmp_path / "t.xlsx")
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
    assert [p.name for p in written] == ["rapport-tilleuls.html", "tableaux.xlsx",
                                         "publication.csv"]
    html = written[0].read_text(encoding="utf-8")
    assert "Evaluation report" in html and "Contents" in html
    assert html.count(PLOTLY_BANNER) == 1
    assert "Cooperation network between organisations" in html


def _section(html: str, anchor: str) -> str:
    found = re.search(rf'<section class="wb-section" id="{anchor}">(.*?)</section>', html, re.S)
    assert found is not None, f"section {anchor} missing"
    return found.group(1)


class _Parsed(HTMLParser):
    """Text and tags of an HTML fragment as a browser's parser sees them (script bodies apart)."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    @property
    def joined(self) -> str:
        return "".join(self.text)

    def injected(self) -> list[object]:
        """Elements that would run the injected code or load something (figure scripts are
        the report's own: plotly calls, no ``alert``)."""
        return [*(s for s in self.scripts if "alert(" in s),
                *((tag, attrs) for tag, attrs in self.tags
                  if tag in ("img", "iframe", "object", "embed")
                  or any(name.startswith("on") for name in attrs))]


def _plotted_traces(html: str) -> list[dict]:
    """Every trace handed to Plotly.newPlot, parsed as JSON (not by the code under test)."""
    decoder = json.JSONDecoder()
    traces = []
    for match in re.finditer(r"Plotly\.newPlot\(\s*", html):
        _, end = decoder.raw_decode(html, match.end())  # the div id
        start = re.compile(r"\s*,\s*").match(html, end).end()
        data, _ = decoder.raw_decode(html, start)
        traces += data
    return traces


def test_cartesian_bundle_holds_every_trace_type_used(built: dict[str, Path]) -> None:
    bundle = CARTESIAN_BUNDLE.read_text(encoding="utf-8")
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle))
    assert registered == CARTESIAN_TRACES
    for qpv in ["global", *QPVS]:
        html = _html(built, f"rapport-{qpv}.html")
        traces = _plotted_traces(html)
        assert len(traces) >= html.count('class="wb-figure"')
        used = {tr.get("type", "scatter") for tr in traces}
        assert used <= registered, used - registered
        assert {"bar", "heatmap", "scatter"} <= used


@pytest.mark.parametrize("qpv", ["global", *QPVS])
def test_every_section_heading_is_present(built: dict[str, Path], qpv: str) -> None:
    html = _html(built, f"rapport-{qpv}.html").replace("&#x27;", "'")
    fw = load_framework()
    for anchor in SECTIONS:
        heading = (f"{anchor[-2:]}. {name_of(fw.lesson(anchor[-2:]))}"
                   if anchor.startswith("lecon-") else t(HEADINGS[anchor]))
        assert f'<section class="wb-section" id="{anchor}"><h2>{heading}</h2>' in html, anchor
    # sections after the lessons, in this order
    positions = [html.index(f'id="{a}"') for a in SECTIONS]
    assert positions == sorted(positions)


def test_territory_wide_sections_say_so_in_qpv_reports(built: dict[str, Path]) -> None:
    note = "Cette partie porte sur l'ensemble du territoire"
    for qpv in QPVS:
        html = _html(built, f"rapport-{qpv}.html").replace("&#x27;", "'")
        for anchor in ("cooperation", "chemins"):
            assert note in _section(html, anchor), (qpv, anchor)
        assert note not in _section(html, "voix")  # voices follow the QPV
    assert note not in _html(built, "rapport-global.html").replace("&#x27;", "'")


def test_voices_follow_the_report_qpv(built: dict[str, Path]) -> None:
    for qpv in ("tilleuls", "global"):
        voices = _Parsed(_section(_html(built, f"rapport-{qpv}.html"), "voix"))
        assert XSS_VERBATIM in voices.text  # one text node: shown as text, whole
        assert voices.injected() == []
    assert XSS_VERBATIM not in _Parsed(_html(built, "rapport-moulin.html")).joined
    quotes = re.findall(r'<blockquote class="wb-quote">.*?</blockquote>',
                        _section(_html(built, "rapport-tilleuls.html"), "voix"), re.S)
    hostile = [q for q in quotes if XSS_VERBATIM in _Parsed(q).joined]
    assert len(hostile) == 1 and ">L1</span>" in hostile[0]


@pytest.mark.parametrize("qpv", ["global", *QPVS])
def test_hostile_text_is_escaped(built: dict[str, Path], qpv: str) -> None:
    html = _html(built, f"rapport-{qpv}.html")
    for markup in HOSTILE_MARKUP:
        assert markup not in html, markup
    # the committee's readings: in every report, under L1 only, as text
    lesson = _Parsed(_section(html, "lecon-L1"))
    assert XSS_READING in lesson.text and INDICATOR_READING in lesson.text
    assert "Relancer les élus" in lesson.text
    assert lesson.injected() == []
    assert XSS_READING not in _Parsed(_section(html, "lecon-L2")).joined
    for anchor in SECTIONS:
        assert _Parsed(_section(html, anchor)).injected() == [], anchor
    if qpv == "tilleuls":
        narrative = _Parsed(_section(html, "lecon-L2"))
        assert ("Récit piégé <script>alert(31)</script> et <img src=x onerror=alert(32)>."
                in narrative.joined)
        assert "(https://exemple.invalid/page)" in narrative.joined  # a remote link: text
        hrefs = [a.get("href") for tag, a in narrative.tags if tag == "a"]
        assert hrefs == ["#methode"]
        assert "photo" in narrative.joined  # an image: its description, never loaded


def test_narrative_per_section_with_qpv_override(built: dict[str, Path]) -> None:
    tilleuls = _section(_html(built, "rapport-tilleuls.html"), "lecon-L1")
    bel_air = _section(_html(built, "rapport-bel-air.html"), "lecon-L1")
    assert "Aux Tilleuls, les élus de quartier" in tilleuls
    assert "Aux Tilleuls" not in bel_air and "Les élus rencontrés" in bel_air
    html = _html(built, "rapport-global.html")
    for anchor in ("barometre", "participation", "cooperation", "voix", "chemins",
                   "conclusion"):
        block = re.search(r'<div class="wb-narrative"[^>]*>(.*?)</div>', _section(html, anchor),
                          re.S)
        assert block is not None and "Texte fictif" in block.group(1), anchor
    # the demo's inert <script> paragraph, as text
    assert "<script>alert(1)</script>" in _Parsed(_section(html, "lecon-L1")).joined
    method = _section(_html(built, "rapport-tilleuls.html"), "methode")
    assert "tilleuls/L1.md" in method and "conclusion.md" in method


def test_facilitators_and_funnel_tables_keep_masks(built: dict[str, Path]) -> None:
    section = _section(_html(built, "rapport-moulin.html"), "participation")
    cells = re.findall(r'<td class="wb-masked">([^<]*)</td>', section)
    assert cells and set(cells) == {MASKED}
    assert "Qui a animé" in section


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium absent (/usr/bin/chromium): "
                    "install it with apt-get install chromium to open the reports")
def test_reports_open_offline_in_chromium(built: dict[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for name in ("rapport-global.html", "rapport-tilleuls.html", "rapport-moulin.html"):
                page = browser.new_page()
                requests: list[str] = []
                errors: list[str] = []
                dialogs: list[str] = []
                page.on("request", lambda r, seen=requests: seen.append(r.url))
                page.on("console", lambda m, seen=errors: seen.append(m.text)
                        if m.type == "error" else None)
                page.on("pageerror", lambda e, seen=errors: seen.append(str(e)))
                page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
                page.goto(built[name].as_uri())
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
                page.wait_for_function(  # every figure drawn
                    "() => Array.from(document.querySelectorAll('.wb-figure'))"
                    ".every(f => f.querySelector('.js-plotly-plot .main-svg'))", timeout=30_000)
                figures = page.locator(".wb-figure").count()
                assert figures >= 9
                assert page.locator(".wb-figure .js-plotly-plot .main-svg").count() >= figures
                assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
                assert errors == [] and dialogs == []
                # no injected element: no <img>, no script carrying alert(
                assert page.locator("img").count() == 0
                assert page.evaluate("""() => Array.from(document.scripts)
                    .filter(s => s.text.includes('alert(')).length""") == 0
                if name != "rapport-moulin.html":
                    assert page.locator(".wb-quote-text", has_text=XSS_VERBATIM).count() == 1
                assert page.locator(".wb-reading", has_text=XSS_READING).count() == 1
                if name == "rapport-tilleuls.html":
                    assert page.locator(".wb-narrative",
                                        has_text="<img src=x onerror=alert(32)>").count() == 1
                page.close()
        finally:
            browser.close()


def test_report_template_is_found_outside_the_repo(report_home: Paths) -> None:
    from workbench.report.build import template_notebook

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


def test_a_figure_outside_the_cartesian_bundle_gets_the_full_plotly(tmp_path: Path) -> None:
    import plotly.graph_objects as go

    from workbench.report.html import figure_html
    from workbench.report.sections import ReportContext, head_html
    fw = load_framework()
    ctx = ReportContext(fw=fw, pub=hand_publication(fw), narrative=tmp_path, rendered={})
    figure_html(go.Figure(go.Bar(x=[1], y=[2])), ctx)
    head = head_html(ctx)
    assert head.count(PLOTLY_BANNER) == 1 and FULL_BANNER not in head
    figure_html(go.Figure(go.Scattergeo(lon=[2.35], lat=[48.85])), ctx)
    assert ctx.trace_types == {"bar", "scattergeo"}
    head = head_html(ctx)
    assert head.count(FULL_BANNER) == 1 and PLOTLY_BANNER not in head


def test_method_note_gives_each_scale_reliability(built: dict[str, Path], report_home) -> None:
    """Cronbach's α per lesson scale and wave, with its n, checked against pingouin; α resting
    on fewer people than the threshold is masked, never shown with its small n."""
    import pingouin as pg

    from workbench.store import Store

    method = _section(_html(built, "rapport-global.html"), "methode")
    assert "Alpha de Cronbach par vague" in method
    answers = Store(report_home.store).load_dataset().answers
    t2 = answers[(answers["wave"] == "T2") & answers["item_id"].isin(["Q01", "Q02"])]
    wide = t2.pivot_table(index=["instrument", "person_id"], columns="item_id", values="value")
    alpha, _ = pg.cronbach_alpha(wide, nan_policy="listwise")
    n = len(wide.dropna())
    expected = f"α = {alpha:.2f}".replace(".", ",") + f" (n = {n})"
    assert expected in method
    moulin = _section(_html(built, "rapport-moulin.html"), "methode")
    assert "effectif trop faible" in moulin and "(n = 3)" not in moulin


def test_report_says_how_far_each_figure_can_be_trusted(built: dict[str, Path]) -> None:
    html = _html(built, "rapport-global.html")
    barometer = _section(html, "barometre")
    assert "Qui a répondu à chaque vague" in barometer
    # the élus, masked at T1 and T2, are a stratum: no adjusted share is published, and the
    # report says so instead of a table of published shares under an « ajustée » title
    assert "ajustées à la composition de T0 ne sont pas publiées" in barometer
    assert "ajustée à T0" not in barometer and "Part d'accord ajustée" not in barometer
    lesson = _section(html, "lecon-L1")
    for text in ("Ne se prononce pas", "Fiabilité", "α faible", "en partie les mêmes personnes",
                 "Évolution de T0 à T2", "Personnes suivies aux deux vagues",
                 "Méthodes des chiffres ci-dessus", "chaque personne compte une fois",
                 "aucune étape tenue avant cette vague", "personnes"):
        assert text in lesson, text
    assert "24 sur 24" not in lesson  # all the targeted élus came: a group disclosure, masked
    assert "fiabilité faible" in _section(html, "lecon-L6")
    voices = _section(html, "voix")
    assert "Accord entre codeurs" in voices and "fiabilité faible" in voices
    method = _section(html, "methode")
    for text in ("Chaque personne compte une fois", "Toutes les vagues", "Clopper",
                 "14 sur 24", "L'item Q04"):
        assert text in method, text


def test_workbook_names_units_nsp_reliability_and_method(built: dict[str, Path]) -> None:
    book = load_workbook(built["tableaux.xlsx"])
    col, rows = _sheet(book, "Indicateurs")
    for name in ("Base de la part", "Unité de la base", "Décompte complet", "Remarque",
                 "Part « ne se prononce pas »", "α de Cronbach", "Fiabilité",
                 "Lecture dans le temps", "Méthode (en clair)"):
        assert name in col, name
    coverage = [r for r in rows if r[col["Code indicateur"]] == "L2-coverage"
                and r[col["Valeur"]] not in MASKS and r[col["Décompte complet"]]]
    assert coverage and all(r[col["Unité de la base"]] == "organisations" for r in coverage)
    assert all(r[col["Borne basse (95 %)"]] is None for r in coverage)
    masked = [r for r in rows if r[col["Valeur"]] in MASKS]
    assert all(not r[col["Méthode"]] and r[col["Part « ne se prononce pas »"]] is None
               for r in masked)
