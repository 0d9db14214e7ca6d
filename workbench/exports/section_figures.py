"""The figures of the evidence sections, drawn from the publication: for the report, the apps,
the notebooks.

Each helper reads the section's published frames (``workbench.publication.views``) and draws
them with ``workbench.charts``, which never compute nor mask. The dashboards that keep frames
and redraw on a filter change call the views and the charts themselves.

>>> network_section_figures(pub)["map"]          # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from workbench.charts.network import (
    discussion_table,
    levels_over_waves,
    network_map,
    network_table,
    network_waves_map,
    tie_change_map,
)
from workbench.charts.pathways import (
    attainment_trend_chart,
    continuity_chart,
    funnel_chart,
    marker_ratings_chart,
    pathway_diagram,
    salience_chart,
)
from workbench.charts.style import ALL, empty_figure
from workbench.framework import Framework
from workbench.i18n import t
from workbench.indicators.network_views import NetworkSection
from workbench.publication import Publication, views
from workbench.store import Dataset


# --- participation and voices --------------------------------------------------------------------
def participation_figures(pub: Publication, *, qpv: str = ALL) -> dict[str, go.Figure]:
    """``{"funnel": …, "continuity": …}`` for a QPV (``"*"``: the whole territory)."""
    return {"funnel": funnel_chart(views.funnel(pub, qpv), pub.fw),
            "continuity": continuity_chart(views.continuity(pub, qpv), pub.fw)}


def voices_figures(pub: Publication, *, wave: str = ALL, qpv: str = ALL,
                   group: str = ALL) -> dict[str, go.Figure]:
    """``{"salience": …}``: share of coded verbatims carrying each lesson for the filter."""
    table = views.salience_table(pub, wave=wave, qpv=qpv, group=group)
    return {"salience": salience_chart(table, pub.fw)}


# --- change pathways -----------------------------------------------------------------------------
def pathway_diagram_figure(pub: Publication, *, period: str | None = None,
                           title: str | None = None) -> go.Figure:
    """The pathway diagram at ``period`` (the latest rated period when None)."""
    view = views.pathway_diagram(pub, period)
    return pathway_diagram(view.boxes, view.links, pub.fw, period=view.period, title=title)


def pathway_diagram_of(data: Dataset, fw: Framework, *, period: str | None = None,
                       pathway: str | None = None, title: str | None = None) -> go.Figure:
    """One pathway's diagram drawn from the store (the evaluators' pathways app: no figure about
    people; what the reports show comes from ``pathway_diagram_figure``)."""
    from workbench.indicators.pathway_views import diagram_view

    view = diagram_view(data, fw, period=period, pathway=pathway)
    return pathway_diagram(view.boxes, view.links, fw, period=view.period, title=title)


def pathway_figures(pub: Publication, *, period: str | None = None) -> dict[str, go.Figure]:
    """``{"diagram": …, "trend": …, "ratings": …}`` (latest period when None)."""
    return {"diagram": pathway_diagram_figure(pub, period=period),
            "trend": attainment_trend_chart(pub.section_cube("markers"), pub.fw),
            "ratings": marker_ratings_chart(pub.table("pathway:markers"), pub.fw)}


# --- cooperation network -------------------------------------------------------------------------
def wave_map(section: NetworkSection, fw: Framework, wave: str) -> go.Figure:
    """One wave's map of an already computed section."""
    return network_map(section.summary, section.nodes, section.edges, section.positions, fw,
                       wave=wave, min_level=section.min_level)


def change_map(section: NetworkSection, fw: Framework, before: str, after: str) -> go.Figure:
    """The ties new or stronger from ``before`` to ``after`` of an already computed section."""
    return tie_change_map(section.summary, section.nodes, section.edges, section.changes,
                          section.positions, fw, before=before, after=after)


def levels_figure(section: NetworkSection, fw: Framework) -> go.Figure:
    return levels_over_waves(section.levels, section.summary, fw)


def pairs_table(section: NetworkSection, fw: Framework, wave: str) -> pd.DataFrame:
    """The pairs to discuss of one wave (none when the wave is masked), as a French table; who
    rated what only when the framework publishes the ratings per pair (with consent)."""
    pairs = section.pairs[(section.pairs["wave"] == wave).to_numpy()] if len(section.pairs) \
        else section.pairs
    table = discussion_table(pairs, fw)
    if "rating_a" in pairs.columns and len(pairs):
        names = {o.id: o.name for o in fw.organisations}
        table[t("network.col.ratings")] = [
            t("network.pair_ratings", a=names.get(a, a), ra=int(ra), b=names.get(b, b),
              rb=int(rb))
            for a, b, ra, rb in zip(pairs["org_a"], pairs["org_b"], pairs["rating_a"],
                                    pairs["rating_b"], strict=True)]
    return table


def network_section_figures(pub: Publication, wave: str | None = None, *,
                            compare_from: str | None = None,
                            section: NetworkSection | None = None) -> dict[str, Any]:
    """What the report (and notebook 04) show of the network, for one wave.

    Returns ``{"map", "changes", "levels"}`` figures, ``"table"`` (measures × waves, masked cells
    labelled), ``"pairs"`` (pairs to discuss), ``"note"`` (the method, in words, and what the
    framework lets the reports say of the ratings) and ``"waves"``. ``section``: an already read
    ``views.network_section(pub)``.
    """
    fw = pub.fw
    section = section if section is not None else views.network_section(pub)
    note = f"{t('network.method_note')} {relational_note(fw)}"
    if not section.waves:
        empty = empty_figure(title=t("network.title"))
        return {"map": empty, "changes": empty, "levels": empty, "table": pd.DataFrame(),
                "pairs": pd.DataFrame(), "note": note, "waves": []}
    waves = list(section.waves)
    wave = wave if wave in waves else waves[-1]
    compare_from = compare_from if compare_from in waves else waves[0]
    return {
        "map": network_waves_map(section.summary, section.nodes, section.edges,
                                 section.positions, fw, min_level=section.min_level,
                                 active=wave),
        "changes": change_map(section, fw, compare_from, wave),
        "levels": levels_figure(section, fw),
        "table": network_table(section.cubes, fw),
        "pairs": pairs_table(section, fw, wave),
        "note": note,
        "waves": waves,
    }


def relational_note(fw: Framework) -> str:
    """What the reports say of the relational survey's ratings, and the respondents' consent
    when the framework publishes them per pair."""
    from workbench.i18n import current_language

    choice = fw.privacy.relational
    if choice.ratings != "per_pair":
        return t("network.ratings_symmetrised")
    consent = (choice.consent_en if current_language() == "en" and choice.consent_en
               else choice.consent_fr)
    return t("network.ratings_per_pair", consent=consent or "")


__all__ = [
    "change_map", "levels_figure", "network_section_figures", "pairs_table",
    "participation_figures", "pathway_diagram_figure", "pathway_diagram_of", "pathway_figures",
    "relational_note",
    "voices_figures",
    "wave_map",
]
