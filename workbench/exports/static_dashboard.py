"""A static copy of the COPIL dashboard: ONE self-contained HTML file, no server, no internet.

>>> write_static_dashboard(Paths.default())        # doctest: +SKIP
PosixPath('reports/tableau-de-bord-2026-11-25.html')

The sections follow the Voilà dashboard (barometer first, lesson drill-down, participation,
cooperation network, voices, pathways) plus the committee's readings. Client-side filters (QPV,
stakeholder group, wave, lesson) switch between figures precomputed for every combination from
the publication (masked stays masked); under each view a line says exactly what it shows for the
filters chosen (« toutes vagues » where a view does not follow the wave). Figures and tables are
stored once each (identical ones shared), the payload is gzip-compressed and base64-encoded,
plotly.js is embedded once: the vendored *cartesian* partial bundle (plotly.js-cartesian-dist-min
4.1.1, MIT, ``assets/plotly-cartesian.LICENSE``; heatmap, bar and scatter are all the charts
use). Free text (verbatims, readings) is shown with ``textContent`` only: never parsed as HTML.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import html
import json
from pathlib import Path
from typing import Any

from workbench.config import PACKAGE_DIR, Paths
from workbench.errors import StoreError
from workbench.exports.static_views import ViewBuilder
from workbench.framework import load_framework
from workbench.i18n import current_language, language, name_of, resolve_language, t
from workbench.indicators import ALL
from workbench.publication import Publication, publication_for
from workbench.store import Store

ASSETS = PACKAGE_DIR / "assets"
PLOTLY_BUNDLE = ASSETS / "plotly-cartesian.min.js"
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "showLink": False,
               "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


# --- the page -------------------------------------------------------------------------------------
SECTIONS: list[tuple[str, str, str | None, str]] = [
    # (anchor, heading key, lead key, builder method)
    ("barometre", "dashboard.section.barometer", "dashboard.barometer_lead", "barometer"),
    ("lecon", "dashboard.section.lesson", "dashboard.lesson_lead", "lessons"),
    ("participation", "dashboard.section.participation", "dashboard.participation_lead",
     "participation"),
    ("reseau", "static.section.network", "static.network_lead", "network"),
    ("paroles", "static.section.voices", "static.voices_lead", "voices"),
    ("chemins", "static.section.pathways", "static.pathways_lead", "pathways"),
    ("lectures", "static.section.readings", "static.readings_lead", "readings"),
]
SECTION_VIEWS = {
    "barometer": ["barometer"],
    "lessons": ["lesson_text", "trend", "lesson_table", "likert"],
    "participation": ["participation", "funnel", "continuity"],
    "network": ["network_map", "network_changes", "network_table", "network_levels",
                "network_pairs"],
    "voices": ["salience", "quotes"],
    "pathways": ["pathway_diagram", "pathway_trend", "pathway_ratings"],
    "readings": ["readings"],
}


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _select(name: str, label: str, choices: list[tuple[str, str]], chosen: str,
            cls: str = "") -> str:
    options = "".join(f'<option value="{_esc(v)}"{" selected" if v == chosen else ""}>'
                      f"{_esc(text)}</option>" for text, v in choices)
    return (f'<label class="{cls}">{_esc(label)}<select data-filter="{_esc(name)}">{options}'
            "</select></label>")


def _section_html(builder: ViewBuilder, anchor: str, heading: str, lead: str | None,
                  method: str) -> str:
    body = []
    if method == "lessons":
        choices = [(f"{le.id} · {name_of(le)}", le.id) for le in builder.fw.lessons]
        pick = _select("lesson", t("common.lesson"), choices, choices[0][1], "wb-lesson-pick")
        body.append(f"<p>{pick}</p>")
    if method == "voices":
        body.append('<div class="wb-view" data-view="salience"></div>'
                    f'<h3>{_esc(t("static.quotes_title"))}</h3>'
                    '<div class="wb-view" data-view="quotes"></div>')
    else:
        body += [f'<div class="wb-view" data-view="{v}"></div>'
                 for v in SECTION_VIEWS[method]]
    intro = f'<p class="wb-lead">{_esc(t(lead))}</p>' if lead else ""
    return (f'<section class="wb-section" id="{anchor}"><h2>{_esc(t(heading))}</h2>{intro}'
            f'{"".join(body)}</section>')


def render_page(pub: Publication, *, compress: bool = True,
                generated: dt.date | None = None) -> str:
    """The whole page as one HTML string (plotly.js, styles, data and script inline)."""
    fw = pub.fw
    builder = ViewBuilder(pub)
    builder.quotes, builder.readings_list = [], []
    for _anchor, _heading, _lead, method in SECTIONS:
        getattr(builder, method)()
    p = builder.p
    latest = builder.waves[-1]
    payload = {
        "defaults": {"qpv": ALL, "group": ALL, "wave": latest, "lesson": fw.lessons[0].id},
        "config": PLOT_CONFIG, "figures": p.figures, "tables": p.tables, "views": p.views,
        "quotes": builder.quotes, "readings": builder.readings_list,
        "names": {"qpv": builder.qpv_names, "group": builder.group_names},
        "texts": {"no_data": t("common.no_data"), "masked": t("common.masked"),
                  "shows": t("static.shows"), "all_qpv": t("common.all_qpv"),
                  "all_groups": t("common.all_groups"), "all_waves": t("common.all_waves"),
                  "wave_prefix": t("static.wave_prefix"),
                  "no_quotes": t("static.no_quotes"), "no_readings": t("readings.none"),
                  "scope": t("static.scope"), "interpretation": t("readings.interpretation"),
                  "action": t("readings.action")},
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if compress:
        blob = base64.b64encode(gzip.compress(text.encode("utf-8"), 9, mtime=0)).decode("ascii")
        data_tag = (f'<script type="application/json" id="wb-data" '
                    f'data-encoding="gzip+base64">{blob}</script>')
    else:
        safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        data_tag = f'<script type="application/json" id="wb-data">{safe}</script>'
    filters = "".join([
        _select("qpv", t("common.qpv"), [(builder.qpv_names[q], q) for q in builder.qpvs], ALL),
        _select("group", t("common.group"),
                [(builder.group_names[g], g) for g in builder.groups], ALL),
        _select("wave", t("common.wave"),
                [(name_of(w), w.id) for w in sorted(fw.waves, key=lambda w: w.date)], latest),
    ])
    fictional = (f'<p class="wb-fictional">{_esc(t("common.fictional"))}</p>'
                 if fw.territory.fictional else "")
    when = (generated or dt.date.today()).strftime("%d/%m/%Y")
    sections = "".join(_section_html(builder, *entry) for entry in SECTIONS)
    css = (ASSETS / "static_dashboard.css").read_text(encoding="utf-8")
    script = (ASSETS / "static_dashboard.js").read_text(encoding="utf-8")
    plotly_js = PLOTLY_BUNDLE.read_text(encoding="utf-8")
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(t('static.title'))}</title><style>{css}</style></head>"
        f'<body><main><header class="wb-head">{fictional}<h1>{_esc(t("static.title"))}</h1>'
        f'<p class="wb-territory">{_esc(name_of(fw.territory))}</p>'
        f'<p class="wb-note">{_esc(t("static.generated", date=when))} '
        f'{_esc(t("common.masked_note", k=fw.min_cell))}</p></header>'
        f'<noscript><p class="wb-fatal">{_esc(t("static.noscript"))}</p></noscript>'
        f'<p class="wb-fatal" id="wb-fatal" hidden>{_esc(t("static.noscript"))}</p>'
        f'<nav class="wb-filters">{filters}</nav><p id="wb-scope"></p>{sections}</main>'
        f"{data_tag}\n<script>{plotly_js}</script>\n<script>{script}</script></body></html>\n"
    )


def default_output(paths: Paths) -> Path:
    return paths.reports / f"tableau-de-bord-{dt.date.today().isoformat()}.html"


def write_static_dashboard(paths: Paths | None = None, *, out: str | Path | None = None,
                           compress: bool = True, lang: str | None = None) -> Path:
    """Write the static dashboard (default ``reports/tableau-de-bord-<date>.html``) in ``lang``
    (default: ``WORKBENCH_LANG``, else the framework's language)."""
    paths = paths or Paths.default()
    framework = paths.framework if paths.framework.is_file() else None
    fw = load_framework(framework)
    store = Store(paths.store)
    with language(resolve_language(lang, fw.language)):
        if not store.exists():
            raise StoreError(t("dashboard.no_store"), key="static_store_missing",
                             file=store.location)
        markup = render_page(publication_for(store, fw), compress=compress)
    target = Path(out) if out is not None else default_output(paths)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_text(markup, encoding="utf-8")
    partial.replace(target)
    return target


__all__ = ["render_page", "write_static_dashboard"]
