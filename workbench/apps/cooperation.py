"""The cooperation section: the measures, the network map by wave, what changed since an earlier
wave, the organisations (numbered as on the map), the pairs to discuss, and the Kumu file.

Everything is read once at construction from the publication (``views.network_section``: the
published frames, the one layout, the measures; then every map); the two dropdowns only look
figures up or draw from the section's frames. A wave is only ever compared with an earlier one:
the « compare from » choices are the waves before the one shown (none for the first wave, which
says so). Embeddable in the COPIL dashboard (``CooperationSection(pub)``) and shown alone by
``notebooks/04-cooperation.ipynb`` (``CooperationSection.from_store()``).
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import (
    TABLE_STYLE,
    FrenchTable,
    dropdown,
    escape,
    guarded,
    in_language,
    message_html,
    options,
    show_figure,
    speaks,
)
from workbench.apps.download import DownloadButton, file_bytes
from workbench.charts.network import (
    masked_wave_text,
    network_table,
    node_numbers,
    sector_label,
    wave_name,
)
from workbench.exports.section_figures import change_map, levels_figure, pairs_table, wave_map
from workbench.framework import Framework, load_framework
from workbench.i18n import resolve_language, t
from workbench.publication import Publication, publication_for, views
from workbench.store import Store


class CooperationSection(widgets.VBox):
    """« Réseau de coopération »: measures, map by wave, new or stronger ties since an earlier
    wave, the organisations, the pairs to discuss; the Kumu workbook to download.

    ``controls``: ``wave``, ``compare_from`` (dropdowns), ``kumu`` (download button)."""

    @speaks
    def __init__(self, pub: Publication, *, wave: str | None = None) -> None:
        framework = pub.fw
        self._fw, self._pub = framework, pub
        self.errors: list[str] = []
        self._section = views.network_section(pub)
        self._table = network_table(self._section.cubes, framework)
        self._maps = {w: wave_map(self._section, framework, w) for w in self._section.waves}
        self._numbers = node_numbers(self._section.positions, framework)
        self._status = widgets.HTML()
        self._guard = guarded(self._status, self.errors)
        waves = list(self._section.waves)
        self._wave = dropdown(t("network.app.wave"),
                              options((wave_name(framework, w), w) for w in waves))
        self._compare_from = dropdown(t("network.app.compare_from"), [])
        self._compare_note = widgets.HTML()
        self._kumu = DownloadButton(t("network.app.download_kumu"), self.kumu_file,
                                    lang=self._lang)
        self._map_out = widgets.Output()
        self._changes_out = widgets.Output()
        self._levels_out = widgets.Output()
        self._nodes = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self._pairs = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        if waves:
            self._wave.value = wave if wave in waves else waves[-1]
            self._fill_compare()
        self._wave.observe(in_language(
            self._lang, lambda _c: self._guard(self._on_wave)()), names="value")
        self._compare_from.observe(in_language(
            self._lang, lambda _c: self._guard(self._show_changes)()), names="value")
        super().__init__(children=self._layout())
        self.add_class("wb-cooperation")
        self.add_class("wb-app")
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
        if not db.exists():
            return widgets.HTML(message_html(t("common.no_data", lang=lang)))
        return cls(publication_for(db, fw), lang=lang)

    def _layout(self) -> list[widgets.Widget]:
        head = (f"{TABLE_STYLE}<h3 style='margin:1.2em 0 0.2em 0'>{escape(t('network.title'))}"
                f"</h3><p class='wb-note'>{escape(t('network.method_note'))}</p>")
        if not self._section.waves:
            return [widgets.HTML(head + message_html(t("network.app.no_survey")))]
        table = FrenchTable(self._table, caption=t("dashboard.network_table_caption"),
                            masked_column=None, reason_column=None)
        controls = widgets.HBox([self._wave, self._compare_from],
                                layout=widgets.Layout(flex_flow="row wrap"))
        return [widgets.HTML(head), table.widget(), controls, self._status, self._map_out,
                self._nodes, self._compare_note, self._changes_out, self._levels_out,
                self._pairs, widgets.HTML(f"<p class='wb-note'>"
                                          f"{escape(t('network.app.kumu_note'))}</p>"),
                self._kumu]

    # --- callbacks -------------------------------------------------------------------------------
    def _earlier(self, wave: str) -> list[str]:
        waves = list(self._section.waves)
        return waves[:waves.index(wave)] if wave in waves else []

    def _fill_compare(self) -> None:
        """Only earlier waves can be compared with the one shown (the latest of them first
        chosen, or the one chosen before when still earlier)."""
        earlier = self._earlier(self._wave.value)
        kept = self._compare_from.value if self._compare_from.value in earlier else None
        self._compare_from.options = options((wave_name(self._fw, w), w) for w in earlier)
        self._compare_from.value = kept or (earlier[0] if earlier else None)
        self._compare_from.disabled = not earlier

    def _on_wave(self) -> None:
        self._fill_compare()
        self._show_wave()

    def _show_wave(self) -> None:
        wave = self._wave.value
        show_figure(self._map_out, self._maps[wave])
        self._nodes.value = self._nodes_html(wave)
        pairs = pairs_table(self._section, self._fw, wave)
        body = (FrenchTable(pairs, masked_column=None, reason_column=None).html if len(pairs)
                else message_html(t("network.app.no_pairs")))
        self._pairs.value = f"{TABLE_STYLE}<h4>{escape(t('network.app.pairs_title'))}</h4>{body}"
        self._show_changes()

    def _show_changes(self) -> None:
        wave, before = self._wave.value, self._compare_from.value
        if before is None or before not in self._earlier(wave):
            self._changes_out.outputs = ()
            self._compare_note.value = message_html(t(
                "network.app.first_wave", wave=wave))
            return
        self._compare_note.value = ""
        show_figure(self._changes_out, change_map(self._section, self._fw, before, wave))

    def _nodes_html(self, wave: str) -> str:
        title = f"{TABLE_STYLE}<h4>{escape(t('network.app.nodes_title'))}</h4>"
        if self._section.is_masked(wave):
            return title + message_html(masked_wave_text(self._fw, wave))
        nodes = self._section.nodes
        nodes = nodes[(nodes["wave"] == wave).to_numpy()].drop_duplicates("organisation")
        nodes = nodes.assign(number=[self._numbers.get(o) for o in nodes["organisation"]])
        nodes = nodes.sort_values("number")
        shown = pd.DataFrame({
            "number": nodes["number"].astype(int).to_numpy(),
            "name": nodes["name"].to_numpy(),
            "sector": [sector_label(s) for s in nodes["sector"]],
            "answered": [t("table.yes") if r else t("table.no") for r in nodes["responded"]],
            "degree": nodes["degree"].astype(int).to_numpy(),
            "betweenness": nodes["betweenness"].astype(float).to_numpy(),
        })
        return title + FrenchTable(
            shown, note=t("network.app.nodes_note"), masked_column=None, reason_column=None,
            labels={"number": t("network.col.number"),
                    "name": t("network.col.organisation"),
                    "sector": t("network.col.sector"), "answered": t("network.col.answered"),
                    "degree": t("network.col.degree"),
                    "betweenness": t("network.col.betweenness")},
            formats={"number": "integer", "degree": "count"}).bare_html

    # --- files -----------------------------------------------------------------------------------
    def kumu_file(self) -> tuple[str, bytes]:
        """The Kumu workbook (``Elements`` / ``Connections``) of every unmasked wave."""
        from workbench.exports.kumu import write_kumu

        return file_bytes(lambda p: write_kumu(p, self._pub),
                          t("network.app.kumu_file"))

    # --- for tests and the dashboard -------------------------------------------------------------
    @property
    def controls(self) -> dict[str, widgets.Widget]:
        return {"wave": self._wave, "compare_from": self._compare_from, "kumu": self._kumu}

    @property
    def outputs(self) -> dict[str, widgets.Output]:
        return {"map": self._map_out, "changes": self._changes_out, "levels": self._levels_out}

    @property
    def table(self) -> pd.DataFrame:
        return self._table

    @property
    def compare_note(self) -> str:
        return self._compare_note.value

    def set_waves(self, wave: str | None = None, compare_from: str | None = None) -> None:
        """Show ``wave`` compared with ``compare_from`` (which must be an earlier wave)."""
        if wave is not None:
            self._wave.value = wave
        if compare_from is not None:
            if compare_from not in self._earlier(self._wave.value):
                raise ValueError(t("network.app.not_earlier", before=compare_from,
                                   after=self._wave.value))
            self._compare_from.value = compare_from
