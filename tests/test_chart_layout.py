"""Every chart of the demo, drawn by plotly.js in headless Chromium at the dashboard's width and
at a phone's (360 px): no text of a chart overlaps another, none runs outside the figure, the
pathway's box texts stay inside their boxes, no line of the attainment trend hides another.

The figures are those the apps show (the COPIL dashboard with several filters, the explorer, the
cooperation and pathway sections); plotly.js comes from the installed plotly package (offline).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.apps.display import PLOTLY_MIME, figure_bundle
from workbench.config import Paths

CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = (1100, 330)  # the dashboard's chart width, a phone's (360 px less the page margins)
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium absent (/usr/bin/chromium): browser tests need Debian's chromium "
    "(apt-get install -y chromium); no browser is ever downloaded")

# every visible text of a chart: its box, and the kind of text (class of the nearest group)
TEXT_BOXES_JS = """(sel) => {
  const gd = document.querySelector(sel);
  const box = gd.querySelector('.main-svg').getBoundingClientRect();  // the figure's own size
  const kinds = ['gtitle', 'legendtext', 'annotation-text', 'textpoint', 'bartext', 'xtick',
                 'ytick', 'g-xtitle', 'g-ytitle', 'cbaxis', 'slider', 'hm', 'legendtitletext'];
  const items = [];
  for (const el of gd.querySelectorAll('svg text')) {
    if (el.closest('.hoverlayer')) continue;
    const text = (el.textContent || '').trim();
    const style = getComputedStyle(el);
    if (!text || style.display === 'none' || style.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    let kind = '';
    for (let p = el; p && p !== gd; p = p.parentElement) {
      const c = (p.getAttribute && p.getAttribute('class')) || '';
      const hit = kinds.find(k => c.split(' ').some(w => w.startsWith(k)));
      if (hit) { kind = hit; break; }
    }
    items.push({text: text.slice(0, 70), kind, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
  }
  return {box: {x0: box.left, y0: box.top, x1: box.right, y1: box.bottom}, items};
}"""

# the pathway diagram: each box (a layout shape) and the text drawn over it
SHAPES_JS = """(sel) => Array.from(document.querySelectorAll(sel + ' .shapelayer path'))
  .map(p => { const r = p.getBoundingClientRect();
              return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; })"""


def overlaps(items: list[dict]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes cross by more than 2 px each way."""
    found = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            height = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            if width > 2 and height > 2:
                found.append((f"{a['kind']}:{a['text']}", f"{b['kind']}:{b['text']}"))
    return found


def outside(items: list[dict], box: dict) -> list[str]:
    return [f"{it['kind']}:{it['text']}" for it in items
            if it["x0"] < box["x0"] - 1 or it["x1"] > box["x1"] + 1
            or it["y0"] < box["y0"] - 1 or it["y1"] > box["y1"] + 1]


@pytest.fixture(scope="module")
def demo_figures(demo_home: Paths, demo_publication) -> dict:
    """The figures the apps show on the demo, by name."""
    from workbench.apps import CopilDashboard, ExplorerApp, figure_of
    from workbench.exports import section_figures as sf
    from workbench.publication import views

    pub = demo_publication
    fw = pub.fw
    figures: dict = {}
    dash = CopilDashboard(pub)
    for choice in ({}, {"qpv": "tilleuls"}, {"group": "elus", "wave": "T1"},
                   *({"lesson": le.id} for le in fw.lessons)):
        dash.set_filters(**choice)
        tag = "-".join(choice.values()) or "default"
        for name, out in dash.outputs.items():
            spec = figure_of(out)
            if spec is not None:
                figures.setdefault(json.dumps(spec, sort_keys=True), f"dashboard.{name}.{tag}")
    figures = {name: spec for spec, name in
               ((json.loads(s), n) for s, n in figures.items())}
    explorer = ExplorerApp(pub)
    for indicator, by in (("L1-agree", "qpv"), ("L1-agree", "group"), ("coop-density", "wave"),
                          ("participation-step", "step")):
        explorer.set_filters(indicator=indicator, by=by)
        figures[f"explorer.{indicator}.{by}"] = figure_of(explorer.chart_output)
    section = views.network_section(pub)
    for key, fig in sf.network_section_figures(pub).items():
        if hasattr(fig, "to_plotly_json"):
            figures[f"network.{key}"] = figure_bundle(fig)[PLOTLY_MIME]
    for wave in section.waves:
        figures[f"network.map.{wave}"] = figure_bundle(sf.wave_map(section, fw, wave))[PLOTLY_MIME]
    for key, fig in sf.pathway_figures(pub).items():
        figures[f"pathways.{key}"] = figure_bundle(fig)[PLOTLY_MIME]
    return figures


@pytest.fixture(scope="module")
def chart_page():
    """A blank page with plotly.js loaded, in Debian's Chromium."""
    import plotly
    from playwright.sync_api import sync_playwright

    script = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM),
                                     args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 2400})
        page.set_content("<html><body style='margin:0'><div id='box'><div id='g'></div></div>"
                         "</body></html>")
        page.add_script_tag(path=str(script))
        try:
            yield page
        finally:
            browser.close()


def draw(page, spec: dict, width: int) -> dict:
    page.evaluate("""([spec, width]) => {
        const box = document.getElementById('box'), g = document.getElementById('g');
        box.style.width = width + 'px';
        Plotly.purge(g);
        return Plotly.newPlot(g, spec.data, spec.layout, spec.config);
    }""", [spec, width])
    return page.evaluate(TEXT_BOXES_JS, "#g")


@pytest.mark.browser
@needs_chromium
def test_no_chart_text_overlaps_or_overflows(demo_figures, chart_page) -> None:
    problems = {}
    for width in WIDTHS:
        for name, spec in demo_figures.items():
            drawn = draw(chart_page, spec, width)
            assert drawn["items"], f"{name}: nothing drawn"
            bad = overlaps(drawn["items"]) + [(o, "outside") for o in
                                              outside(drawn["items"], drawn["box"])]
            if bad:
                problems[f"{name}@{width}"] = bad[:4]
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


@pytest.mark.browser
@needs_chromium
def test_pathway_box_texts_stay_inside_their_boxes(demo_figures, chart_page) -> None:
    spec = demo_figures["pathways.diagram"]
    for width in WIDTHS:
        drawn = draw(chart_page, spec, width)
        boxes = chart_page.evaluate(SHAPES_JS, "#g")
        labels = [it for it in drawn["items"] if it["kind"] == "annotation-text"
                  and it["text"][:12] in {a["text"].replace("<br>", "")[:12]
                                          for a in spec["layout"]["annotations"]
                                          if a.get("xref") == "x" and a.get("text")}]
        assert boxes and labels
        for label in labels:
            assert any(b["x0"] - 1 <= label["x0"] and label["x1"] <= b["x1"] + 1
                       and b["y0"] - 1 <= label["y0"] and label["y1"] <= b["y1"] + 1
                       for b in boxes), (width, label["text"])
