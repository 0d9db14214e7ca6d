"""The static copy of the COPIL dashboard: one self-contained file, every section, filters that
switch figures in headless Chromium, masked cells kept masked, hostile verbatims shown as text.

The demo store is copied to a tmp home, its verbatims coded (demo coders), then one quotable
verbatim and one committee reading carrying ``<script>`` / ``<img onerror>`` markup are added.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import shutil
from html.parser import HTMLParser

import pandas as pd
import pytest
from test_browser import CHROMIUM, SNAPSHOT_JS, launched_chromium

from workbench.config import Paths
from workbench.demo.coding import code_demo_verbatims
from workbench.exports.static_dashboard import SECTIONS, write_static_dashboard
from workbench.framework import load_framework
from workbench.i18n import mask_reason, t
from workbench.indicators import ALL
from workbench.ingest.readings import record_reading
from workbench.publication import publication_for
from workbench.publication.rule import REASONS
from workbench.publication.side import SIDE_FIGURES
from workbench.store import Store

XSS_QUOTE = "Avant <script>alert(1)</script> après <img src=x onerror=alert(1)> fin"
XSS_READING = "Lecture <img src=x onerror=alert(2)> du comité"

RENDERED_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

pytestmark = pytest.mark.slow


def _add_hostile_verbatim(store: Store) -> None:
    with store.transaction() as con:
        source = Store.add_source(con, path="xss.csv", sha256="f" * 64, format="test",
                                  instrument="verbatims", rows=1)
        store.insert_frame(con, "verbatims", pd.DataFrame([{
            "verbatim_id": "v-xss", "kind": "open_answer", "wave": "T2", "qpv": "tilleuls",
            "group_id": "habitants", "text": XSS_QUOTE, "quotable": 1}]),
            constants={"source_id": source})
        store.insert_frame(con, "codings", pd.DataFrame({
            "verbatim_id": "v-xss", "code": "L1", "coder": ["p_coder_a", "p_coder_b"],
            "coded_at": "2026-01-01T00:00:00+00:00"}))


@pytest.fixture(scope="module")
def built(demo_home: Paths, tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("static-home")
    shutil.copytree(demo_home.data, base / "data")
    paths = Paths(base)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_HOME", str(base))
        mp.delenv("WORKBENCH_STORE", raising=False)
        fw = load_framework(paths.framework)
        store = Store(paths.store)
        if store.read("codings").empty:
            code_demo_verbatims(store, fw)
        _add_hostile_verbatim(store)
        record_reading(store, wave="T1", subject="L1", interpretation=XSS_READING,
                       agreement="partial", action="Relancer les élus", author="Membre A", fw=fw)
        target = write_static_dashboard(paths, out=base / "copie" / "tableau.html")
        cubes = publication_for(store, fw).cubes  # what the page publishes
    return target, fw, cubes


def _payload(markup: str) -> dict:
    match = re.search(r'<script type="application/json" id="wb-data"([^>]*)>(.*?)</script>',
                      markup, re.S)
    assert match, "no embedded payload"
    if "gzip+base64" in match.group(1):
        return json.loads(gzip.decompress(base64.b64decode(match.group(2))).decode("utf-8"))
    return json.loads(match.group(2))


class _Fetches(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "action", "poster") and value:
                self.urls.append(value)


def test_one_self_contained_file(built) -> None:
    target, _fw, _cubes = built
    assert target.is_file() and not list(target.parent.glob("*.part"))
    markup = target.read_text(encoding="utf-8")
    parser = _Fetches()
    parser.feed(markup)
    assert not [u for u in parser.urls if re.match(r"\s*(https?:)?//", u, re.I)]
    assert "link" not in parser.tags and "iframe" not in parser.tags
    assert not re.search(r"""url\(\s*['"]?(https?:)?//""", markup, re.I)  # no remote CSS
    assert not re.search(r"<script[^>]+src=", markup, re.I)
    assert markup.count("plotly.js (cartesian - minified)") == 1  # one plotly.js copy
    size_mb = target.stat().st_size / 1e6
    assert size_mb < 5, f"{size_mb:.1f} MB"


def test_every_section_heading_is_present(built) -> None:
    markup = built[0].read_text(encoding="utf-8")
    for _anchor, heading, _lead, _method in SECTIONS:
        assert f"<h2>{t(heading)}</h2>" in markup.replace("&#x27;", "'"), heading
    assert t("dashboard.section.barometer") in markup.split(t("dashboard.section.lesson"))[0]


def test_filters_cover_every_combination_and_masked_stays_masked(built) -> None:
    target, fw, cubes = built
    payload = _payload(target.read_text(encoding="utf-8"))
    views = payload["views"]
    qpvs, groups = [ALL, *fw.qpv_ids], [ALL, *fw.group_ids]
    assert len(views["barometer"]["items"]) == len(qpvs) * len(groups)
    assert len(views["lesson_table"]["items"]) == len(fw.lessons) * 3 * len(qpvs) * len(groups)
    masked_labels = {mask_reason(reason) for reason in REASONS}
    checked = 0
    for lesson in fw.lessons:
        specs = [s for s in fw.indicators if s.lesson == lesson.id and s.id in cubes]
        for wave in fw.wave_ids:
            for qpv in qpvs:
                for group in groups:
                    table = payload["tables"][
                        views["lesson_table"]["items"][f"{lesson.id}|{wave}|{qpv}|{group}"]]
                    for spec, row in zip(specs, table["rows"], strict=True):
                        cube = cubes[spec.id]
                        hit = cube[(cube["wave"] == wave) & (cube["qpv"] == qpv)
                                   & (cube["group"] == group)]
                        for extra in ("step",):
                            if extra in hit.columns:
                                hit = hit[hit[extra] == ALL]
                        if len(hit) and bool(hit["masked"].iloc[0]):
                            # indicator, evidence, wave covered, value, interval, n
                            assert row[2] == wave, (spec.id, wave, qpv, group, row)
                            assert row[3] in masked_labels, (spec.id, wave, qpv, group, row)
                            assert row[4] == "" and row[5] == ""
                            checked += 1
    assert checked > 50  # the demo has many small cells


def test_each_view_says_what_a_filter_it_does_not_follow_means(built) -> None:
    """Filtered on T0, the participation figures (all waves) read « toutes vagues », never T0;
    the network, not split by QPV, reads « ensemble du territoire »."""
    payload = _payload(built[0].read_text(encoding="utf-8"))
    views = payload["views"]
    for name in ("participation", "funnel", "continuity"):
        assert "wave" not in views[name]["dims"]
        assert views[name]["fixed"]["wave"] == t("common.all_waves"), name
    assert "qpv" not in views["network_map"]["dims"] and views["network_map"]["fixed"]["qpv"]


def test_hostile_text_is_only_in_the_payload(built) -> None:
    markup = built[0].read_text(encoding="utf-8")
    assert "<script>alert(1)" not in markup and "onerror=alert" not in markup
    payload = _payload(markup)
    assert XSS_QUOTE in [q["text"] for q in payload["quotes"]]
    assert XSS_READING in [r["interpretation"] for r in payload["readings"]]


# --- in a real browser -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def page_of(built):
    if not CHROMIUM.exists():
        pytest.skip("Chromium absent (/usr/bin/chromium): apt-get install -y chromium")
    with launched_chromium() as browser:  # one for the module: the page is opened offline
        yield browser


@pytest.mark.browser
def test_filters_switch_figures_offline_and_text_stays_inert(built, page_of) -> None:
    target = built[0]
    page = page_of.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(60_000)
    requests, errors, dialogs = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(target.as_uri())
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator(".js-plotly-plot .main-svg").count() >= 10
    first = page.evaluate(SNAPSHOT_JS)

    for name, value in (("qpv", "tilleuls"), ("group", "habitants"), ("wave", "T1"),
                        ("wave", "T2"), ("lesson", "L4")):
        before = page.evaluate(SNAPSHOT_JS)
        count = int(page.evaluate("() => document.body.dataset.refreshed || 0"))
        page.select_option(f"select[data-filter='{name}']", value)
        page.wait_for_function(f"() => Number(document.body.dataset.refreshed) > {count}")
        page.wait_for_function(f"(before) => ({SNAPSHOT_JS})() !== before", arg=before,
                               timeout=10_000)  # fails if the filter changed no figure
    assert page.evaluate(SNAPSHOT_JS) != first
    scope = page.locator("#wb-scope").inner_text()
    assert "Les Tilleuls" in scope and "T2" in scope

    # the hostile verbatim (Tilleuls · habitants · T2) is visible as plain text
    quote = page.locator(".wb-quote-text", has_text="après <img src=x onerror=alert(1)> fin")
    assert quote.count() == 1 and quote.first.is_visible()
    assert quote.first.inner_text() == XSS_QUOTE
    page.select_option("select[data-filter='lesson']", "L1")
    reading = page.locator(".wb-reading", has_text="<img src=x onerror=alert(2)>")
    assert reading.count() == 1 and reading.first.is_visible()
    page.evaluate(RENDERED_JS)  # two frames drawn: an injected handler would have fired
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("main script").count() == 0

    outside = [u for u in requests if not u.startswith(("file://", "data:", "blob:"))]
    assert outside == []
    assert errors == []
    page.close()


def test_every_lesson_table_figure_is_a_cell_of_publication_csv(built, tmp_path) -> None:
    """Each value and n the static copy's lesson tables show is, as displayed, the value and n
    of a shown cell of ``publication.csv`` for that indicator, wave, QPV and group."""
    from workbench.charts import style

    target, fw, _cubes = built
    base = target.parent.parent
    pub = publication_for(Store(Paths(base).store), fw)
    record = pd.read_csv(pub.write_csv(tmp_path / "publication.csv"), encoding="utf-8-sig",
                         dtype={"wave": str, "qpv": str, "group": str})
    shown = record[(record["status"] == "shown") & record["table"].str.startswith("indicator:")
                   & ~record["subject"].isin(list(SIDE_FIGURES))]  # the value, not a side figure
    cells: dict[tuple, list] = {}
    for r in shown.itertuples():  # a kind of one group (élus) shows that group's cell
        cells.setdefault((r.indicator, r.wave, r.qpv), []).append(r.value)
    payload = _payload(target.read_text(encoding="utf-8"))
    views = payload["views"]
    checked = 0
    for lesson in fw.lessons:
        specs = [s for s in fw.indicators if s.lesson == lesson.id and s.id in pub.cubes]
        for wave in fw.wave_ids:
            for qpv in [ALL, *fw.qpv_ids]:
                table = payload["tables"][
                    views["lesson_table"]["items"][f"{lesson.id}|{wave}|{qpv}|{ALL}"]]
                for spec, row in zip(specs, table["rows"], strict=True):
                    covers, value = row[2], row[3]
                    if not value or value in {mask_reason(r) for r in REASONS} \
                            or value == t("dashboard.no_value"):
                        continue
                    values = cells.get((spec.id, wave if covers == wave else ALL, qpv), [])
                    unit = style.unit_of(spec.kind)
                    assert value in {style.format_value(v, unit) for v in values}, \
                        (spec.id, wave, qpv, row, values)
                    checked += 1
    assert checked > 100
