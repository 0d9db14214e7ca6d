"""The figures of the evidence sections, computed and drawn: for the report, the apps, notebooks.

Each helper computes the section's frames once (``workbench.indicators`` and their views) and
draws them with ``workbench.charts``, which never compute nor mask. The dashboards that keep
frames and redraw on a filter change call the views and the charts themselves.

>>> network_section_figures(data, fw)["map"]          # doctest: +SKIP
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
from workbench.indicators.network_views import NetworkSection, network_section
from workbench.store import Dataset


# --- participation and voices --------------------------------------------------------------------
def participation_figures(data: Dataset, fw: Framework, *, qpv: str = ALL) -> dict[str, go.Figure]:
    """``{"funnel": …, "continuity": …}`` for a QPV (``"*"``: the whole territory)."""
    from workbench.indicators.funnel import continuity_by_step, participation_funnel

    return {"funnel": funnel_chart(participation_funnel(data, fw, qpv=qpv), fw),
            "continuity": continuity_chart(continuity_by_step(data, fw, qpv=qpv), fw)}


def voices_figures(data: Dataset, fw: Framework, *, wave: str = ALL, qpv: str = ALL,
                   group: str = ALL) -> dict[str, go.Figure]:
    """``{"salience": …}``: share of coded verbatims carrying each lesson for the filter."""
    from workbench.indicators.qualitative import salience_by_lesson

    table = salience_by_lesson(data, fw, wave=wave, qpv=qpv, group=group)
    return {"salience": salience_chart(table, fw)}


# --- change pathways -----------------------------------------------------------------------------
def pathway_diagram_figure(data: Dataset, fw: Framework, *, period: str | None = None,
                           pathway: str | None = None, title: str | None = None) -> go.Figure:
    """The pathway diagram at ``period`` (the latest rated period when None)."""
    from workbench.indicators.pathway_views import diagram_view

    view = diagram_view(data, fw, period=period, pathway=pathway)
    return pathway_diagram(view.boxes, view.links, fw, period=view.period, title=title)


def pathway_figures(data: Dataset, fw: Framework, *, period: str | None = None,
                    pathway: str | None = None) -> dict[str, go.Figure]:
    """``{"diagram": …, "trend": …, "ratings": …}`` (latest period when None)."""
    from workbench.indicators.pathway_views import marker_grid
    from workbench.indicators.pathways import marker_attainment_cube

    return {"diagram": pathway_diagram_figure(data, fw, period=period, pathway=pathway),
            "trend": attainment_trend_chart(marker_attainment_cube(data, fw), fw),
            "ratings": marker_ratings_chart(marker_grid(data), fw)}


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
    """The pairs to discuss of one wave (none when the wave is masked), as a French table."""
    return discussion_table(section.pairs[(section.pairs["wave"] == wave).to_numpy()], fw)


def network_section_figures(data: Dataset, fw: Framework, wave: str | None = None, *,
                            compare_from: str | None = None,
                            section: NetworkSection | None = None) -> dict[str, Any]:
    """What the report (and notebook 04) show of the network, for one wave.

    Returns ``{"map", "changes", "levels"}`` figures, ``"table"`` (measures × waves, masked cells
    labelled), ``"pairs"`` (pairs to discuss), ``"note"`` (the method, in words) and ``"waves"``.
    ``section``: an already computed ``network_section(data, fw)``.
    """
    section = section if section is not None else network_section(data, fw)
    note = t("network.method_note")
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


__all__ = [
    "change_map", "levels_figure", "network_section_figures", "pairs_table",
    "participation_figures", "pathway_diagram_figure", "pathway_figures", "voices_figures",
    "wave_map",
]
