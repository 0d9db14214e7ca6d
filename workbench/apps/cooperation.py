"""The cooperation section: the network map by wave, what changed, the measures, pairs to discuss.

Everything is read once at construction from the publication (``views.network_section``: the
published frames, the one layout, the measures; then every map); the two dropdowns only look
figures up or draw from the section's frames. Embeddable in the COPIL dashboard
(``CooperationSection(pub)``) and shown alone by ``notebooks/04-cooperation.ipynb``
(``CooperationSection.from_store()``).
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import (
    TABLE_STYLE,
    dropdown,
    escape,
    guarded,
    html_table,
    in_language,
    message_html,
    options,
    show_figure,
    speaks,
)
from workbench.charts.network import masked_wave_text, network_table, sector_label, wave_name
from workbench.exports.section_figures import change_map, levels_figure, pairs_table, wave_map
from workbench.framework import Framework, load_framework
from workbench.i18n import resolve_language, t
from workbench.publication import Publication, publication_for, views
from workbench.store import Store


class CooperationSection(widgets.VBox):
    """« Réseau de coopération »: map by wave, new or stronger ties, measures per wave."""

    @speaks
    def __init__(self, pub: Publication, *, wave: str | None = None) -> None:
        framework = pub.fw
        self._fw = framework
        self.errors: list[str] = []
        self._section = views.network_section(pub)
        self._table = network_table(self._section.cubes, framework)
        self._maps = {w: wave_map(self._section, framework, w) for w in self._section.waves}
        self._status = widgets.HTML()
        self._guard = guarded(self._status, self.errors)
        waves = list(self._section.waves)
        choices = options((wave_name(framework, w), w) for w in waves)
        self._wave = dropdown(t("network.app.wave"), choices)
        self._compare_from = dropdown(t("network.app.compare_from"), choices)
        if waves:
            self._wave.value = wave if wave in waves else waves[-1]
            self._compare_from.value = waves[0]
        self._map_out = widgets.Output()
        self._changes_out = widgets.Output()
        self._levels_out = widgets.Output()
        self._nodes = widgets.HTML()
        self._pairs = widgets.HTML()
        self._wave.observe(in_language(
            self._lang, lambda _c: self._guard(self._show_wave)()), names="value")
        self._compare_from.observe(in_language(
            self._lang, lambda _c: self._guard(self._show_changes)()), names="value")
        super().__init__(children=self._layout())
        self.add_class("wb-cooperation")
        if waves:
            show_figure(self._levels_out, levels_figure(self._section, framework))
            self._guard(self._show_wave)()

    @classmethod
    def from_store(cls, store: Store | str | Path | None = None,
                   framework: Framework | str | Path | None = None, *,
                   lang: str | None = None) -> CooperationSection | widgets.HTML:
        """Load the store once and build the section (a message when there is no data)."""
        fw = framework if isinstance(framework, Framework) else load_framework(framework)
        lang = resolve_language(lang, fw.language)
        db = store if isinstance(store, Store) else Store(store)
        if not db.path.exists():
            return widgets.HTML(message_html(t("common.no_data", lang=lang)))
        return cls(publication_for(db, fw), lang=lang)

    def _layout(self) -> list[widgets.Widget]:
        head = (f"{TABLE_STYLE}<h3 style='margin:1.2em 0 0.2em 0'>{escape(t('network.title'))}"
                f"</h3><p class='wb-note'>{escape(t('network.method_note'))}</p>")
        if not self._section.waves:
            return [widgets.HTML(head + message_html(t("common.no_data")))]
        controls = widgets.HBox([self._wave, self._compare_from],
                                layout=widgets.Layout(flex_flow="row wrap"))
        table = html_table(self._table, caption=t("network.title"))
        return [widgets.HTML(head), controls, self._status, self._map_out, self._changes_out,
                widgets.HTML(table), self._levels_out, self._nodes, self._pairs]

    # --- callbacks -------------------------------------------------------------------------------
    def _show_wave(self) -> None:
        wave = self._wave.value
        show_figure(self._map_out, self._maps[wave])
        self._nodes.value = self._nodes_html(wave)
        pairs = pairs_table(self._section, self._fw, wave)
        body = (html_table(pairs) if len(pairs)
                else message_html(t("network.app.no_pairs")))
        self._pairs.value = f"<h4>{escape(t('network.app.pairs_title'))}</h4>{body}"
        self._show_changes()

    def _show_changes(self) -> None:
        show_figure(self._changes_out, change_map(self._section, self._fw,
                                                  self._compare_from.value, self._wave.value))

    def _nodes_html(self, wave: str) -> str:
        title = f"<h4>{escape(t('network.app.nodes_title'))}</h4>"
        if self._section.is_masked(wave):
            return title + message_html(masked_wave_text(self._fw, wave))
        nodes = self._section.nodes
        nodes = nodes[((nodes["wave"] == wave) & nodes["observed"]).to_numpy()]
        nodes = nodes.reset_index(drop=True).sort_values(["degree", "betweenness"],
                                                         ascending=False)
        shown = pd.DataFrame({
            t("network.col.organisation"): nodes["name"],
            t("network.col.sector"): [sector_label(s) for s in nodes["sector"]],
            t("network.col.degree"): nodes["degree"],
            t("network.col.betweenness"): [f"{b:.2f}".replace(".", ",")
                                           for b in nodes["betweenness"]],
        })
        return title + html_table(shown)

    # --- for tests and the dashboard -------------------------------------------------------------
    @property
    def outputs(self) -> dict[str, widgets.Output]:
        return {"map": self._map_out, "changes": self._changes_out, "levels": self._levels_out}

    @property
    def table(self) -> pd.DataFrame:
        return self._table

    def set_waves(self, wave: str | None = None, compare_from: str | None = None) -> None:
        if compare_from is not None:
            self._compare_from.value = compare_from
        if wave is not None:
            self._wave.value = wave
