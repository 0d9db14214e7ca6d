"""Change pathways app: the pathway diagram at a chosen period, the markers' trend and ratings.

Loads the store once and the rated markers once; a filter change redraws from the loaded frames
(the diagram lays the chosen pathway out again). A pathway is named by its vision (the change at
the ``vision`` level), never by the identifier its file gave it; with one pathway there is
nothing to choose and the chooser is not shown.

>>> PathwaysApp.from_store()          # in 05-pathways.ipynb
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import TABLE_STYLE, escape, in_language, show_figure, speaks
from workbench.charts.pathways import attainment_trend_chart, marker_ratings_chart
from workbench.exports.section_figures import pathway_diagram_of
from workbench.framework import Framework, load_framework
from workbench.i18n import name_of, resolve_language, t
from workbench.indicators.pathway_views import marker_grid, rating_periods
from workbench.store import Dataset, Store

ALL = "*"


def pathway_names(changes: pd.DataFrame) -> dict[str, str]:
    """Each pathway's name for a reader: « Vision : … » (its vision's text), else its
    identifier written as words (``chemin-changement`` → « Chemin changement »)."""
    names = {}
    for pathway in sorted(changes["pathway"].dropna().astype(str).unique()):
        part = changes[(changes["pathway"].astype(str) == pathway).to_numpy()]
        vision = part.loc[part["level"].astype(str) == "vision", "label"].dropna()
        if len(vision):
            names[pathway] = t("voices.pathway_named", vision=str(vision.iloc[0]))
        else:
            words = pathway.replace("-", " ").replace("_", " ").strip()
            names[pathway] = words[:1].upper() + words[1:]
    return names


class PathwaysApp(widgets.VBox):
    """Pathway (when there are several) and period above the diagram; actor group above the
    markers' ratings. ``controls``: ``pathway``, ``period``, ``group``."""

    @speaks
    def __init__(self, data: Dataset, fw: Framework, *, attainment_cube=None) -> None:
        self._data, self._fw = data, fw
        self._cube = attainment_cube
        self._rated = marker_grid(data)  # once: the group filter only redraws
        periods = rating_periods(data, fw)
        self.pathways = pathway_names(data["changes"])
        groups = [g for g in fw.group_ids
                  if g in set(data["progress_markers"]["actor_group"].dropna())]
        self._period = widgets.Dropdown(options=periods, value=periods[-1] if periods else None,
                                        description=t("voices.period_axis"))
        choices = [(t("voices.all_pathways"), ALL)] + [(n, p) for p, n in self.pathways.items()]
        self._pathway = widgets.RadioButtons(
            options=choices, value=ALL if len(self.pathways) != 1 else next(iter(self.pathways)),
            description=t("voices.pathway"), layout=widgets.Layout(width="auto"))
        self._pathway.layout.display = None if len(self.pathways) > 1 else "none"
        single = (f"<p class='wb-note'><b>{escape(next(iter(self.pathways.values())))}</b></p>"
                  if len(self.pathways) == 1 else "")
        self._group = widgets.Dropdown(
            options=[(t("common.all_groups"), ALL)] + [(name_of(fw.group(g)), g) for g in groups],
            description=t("common.group"))
        for control in (self._period, self._pathway, self._group):
            control.style = {"description_width": "initial"}
        self._diagram, self._trend, self._ratings = (widgets.Output() for _ in range(3))
        self._period.observe(in_language(self._lang, lambda _: self._draw_diagram()), names="value")
        self._pathway.observe(in_language(
            self._lang, lambda _: self._draw_diagram()), names="value")
        self._group.observe(in_language(self._lang, lambda _: self._draw_ratings()), names="value")
        super().__init__([widgets.HTML(TABLE_STYLE + single), self._pathway, self._period,
                          self._diagram, self._trend, self._group, self._ratings])
        self.add_class("wb-app")
        self._draw_diagram()
        self._draw_trend()
        self._draw_ratings()

    @classmethod
    def from_store(cls, path: str | None = None, *,
                   framework: Framework | None = None, lang: str | None = None) -> PathwaysApp:
        fw = framework or load_framework()
        return cls(Store(path).load_dataset(), fw, lang=resolve_language(lang, fw.language))

    @property
    def controls(self) -> dict[str, widgets.Widget]:
        return {"pathway": self._pathway, "period": self._period, "group": self._group}

    @property
    def outputs(self) -> dict[str, widgets.Output]:
        return {"diagram": self._diagram, "trend": self._trend, "ratings": self._ratings}

    def _draw_diagram(self) -> None:
        pathway = None if self._pathway.value == ALL else self._pathway.value
        show_figure(self._diagram, pathway_diagram_of(
            self._data, self._fw, period=self._period.value, pathway=pathway))

    def _draw_trend(self) -> None:
        from workbench.indicators.pathways import marker_attainment_cube

        cube = self._cube if self._cube is not None else marker_attainment_cube(self._data,
                                                                                self._fw)
        show_figure(self._trend, attainment_trend_chart(cube, self._fw))

    def _draw_ratings(self) -> None:
        group = None if self._group.value == ALL else self._group.value
        show_figure(self._ratings, marker_ratings_chart(self._rated, self._fw, actor_group=group))
