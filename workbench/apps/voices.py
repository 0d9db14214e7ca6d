"""What the coding gives, kept current (03-code-verbatims): agreement between coders, the lessons
the coded verbatims carry, the quotable verbatims, and the codebook and quotes files.

Each view reads the store when built and again after every write to it in this kernel (a coding
click, an import, a reading: ``Store.watch``), a moment after the last click of a burst, so the
notebook never needs a cell run again. Tables are the shared French table; files download from
the browser.

>>> AgreementView.from_store()       # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import (
    TABLE_STYLE,
    Debounced,
    FrenchTable,
    escape,
    guarded,
    message_html,
    show_figure,
    speaks,
)
from workbench.apps.download import DownloadButton, file_bytes
from workbench.framework import Framework, load_framework
from workbench.i18n import known, name_of, resolve_language, t
from workbench.stats.agreement import NO_CODE, THEME_PREFIX, VALENCE_CODE
from workbench.store import Store

DELAY = 0.8  # seconds after the last write before the views recompute


def code_label(fw: Framework, code: str) -> str:
    """« L4 · Du je au nous », « Thème : mobilité », « Tonalité », « Aucun enseignement »."""
    if code == VALENCE_CODE:
        return t("voices.valence")
    if code == NO_CODE:
        return t("voices.no_lesson")
    if code.startswith(THEME_PREFIX):
        return t("voices.free_theme", label=code[len(THEME_PREFIX):])
    lesson = next((le for le in fw.lessons if le.id == code), None)
    return f"{code} · {name_of(lesson)}" if lesson is not None else code


def method_label(method: str) -> str:
    key = f"voices.method.{method}"
    return t(key) if method and known(key) else (method or "–")


def agreement_table(codings: pd.DataFrame, fw: Framework) -> FrenchTable:
    """Agreement between coders per code as the French table (κ with two coders, α beyond)."""
    from workbench.stats.agreement import agreement_by_code

    table = agreement_by_code(codings) if len(codings) else pd.DataFrame()
    if table.empty:
        return FrenchTable(pd.DataFrame(), caption=t("voices.agreement_caption"),
                           empty=t("voices.agreement_none"))
    order = {le.id: i for i, le in enumerate(fw.lessons)}
    table = table.assign(_order=[order.get(c, len(order) + (c == VALENCE_CODE))
                                 for c in table["code"]]).sort_values(["_order", "code"])
    shown = pd.DataFrame({
        "code": [code_label(fw, c) for c in table["code"]],
        "coders": table["coders"].astype(int).to_numpy(),
        "units": table["units"].astype(int).to_numpy(),
        "ticked": [None if c == VALENCE_CODE else int(n)
                   for c, n in zip(table["code"], table["units_ticked"], strict=True)],
        "method": [method_label(m) for m in table["method"]],
        "value": table["value"].to_numpy(), "observed": table["observed"].to_numpy(),
    })
    return FrenchTable(
        shown, caption=t("voices.agreement_caption"),
        labels={"code": t("voices.col.code"), "coders": t("voices.col.coders"),
                "units": t("voices.col.units"), "ticked": t("voices.col.ticked"),
                "method": t("voices.col.method"), "value": t("voices.col.value"),
                "observed": t("voices.col.observed")},
        formats={"coders": "count", "units": "count", "ticked": "count", "value": "number",
                 "observed": "share"},
        note=t("voices.agreement_note"))


def quotes_table(quotes: pd.DataFrame, fw: Framework) -> FrenchTable:
    """The quotable coded verbatims (``voices_section``) as the French table, full text."""
    qpvs = {q.id: q.name for q in fw.territory.qpvs}
    groups = {g.id: name_of(g) for g in fw.groups}

    def kind(value: object) -> str:
        key = f"voices.kind.{value}"
        return t(key) if known(key) else ("" if pd.isna(value) else str(value))

    frame = pd.DataFrame({
        "lessons": quotes["lessons"].astype(str).to_numpy(),
        "kind": [kind(k) for k in quotes["kind"]],
        "qpv": [qpvs.get(q, "" if pd.isna(q) else str(q)) for q in quotes["qpv"]],
        "group": [groups.get(g, "" if pd.isna(g) else str(g)) for g in quotes["group"]],
        "text": quotes["text"].astype(str).to_numpy(),
    })
    return FrenchTable(frame, caption=t("voices.quotes_caption", n=len(frame)),
                       labels={"lessons": t("voices.lessons"), "kind": t("voices.filter_kind"),
                               "qpv": t("common.qpv"), "group": t("common.group"),
                               "text": t("voices.col.text")},
                       empty=t("dashboard.quotes_none"))


class _StoreView(widgets.VBox):
    """A view of the store that recomputes after each write (debounced)."""

    def _watch(self, store: Store) -> None:
        self._store = store
        self.errors: list[str] = []
        self._status = widgets.HTML()
        self._later = Debounced(self._refresh_safe, DELAY)
        store.watch(self._on_write)

    def _on_write(self) -> None:
        if self.comm is not None:  # a closed view (its cell run again) stops following
            self._later.schedule()

    def _refresh_safe(self) -> None:
        guarded(self._status, self.errors, lang=self._lang)(self.refresh)()

    def refresh(self) -> None:
        raise NotImplementedError


class AgreementView(_StoreView):
    """« Accord entre codeurs », per code; follows every coding saved in this kernel."""

    @speaks
    def __init__(self, store: Store, fw: Framework) -> None:
        self._fw = fw
        self._watch(store)
        self._table = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        super().__init__([self._status, self._table])
        self.add_class("wb-app")
        self.refresh()

    @classmethod
    def from_store(cls, path: str | Path | None = None, *, framework: Framework | None = None,
                   lang: str | None = None) -> AgreementView:
        fw = framework or load_framework()
        return cls(Store(path), fw, lang=resolve_language(lang, fw.language))

    def refresh(self) -> None:
        """Read the codings again and redraw the table."""
        self._status.value = ""
        self.table = agreement_table(self._store.read("codings"), self._fw)
        self._table.value = self.table.html

    @property
    def text(self) -> str:
        return self.table.text


class VoicesSummary(_StoreView):
    """The share of coded verbatims carrying each lesson, then the quotable verbatims (full
    text); follows every coding saved in this kernel."""

    @speaks
    def __init__(self, store: Store, fw: Framework) -> None:
        self._fw = fw
        self._watch(store)
        self._chart = widgets.Output()
        self._quotes = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        super().__init__([self._status, self._chart, self._quotes])
        self.add_class("wb-app")
        self.refresh()

    @classmethod
    def from_store(cls, path: str | Path | None = None, *, framework: Framework | None = None,
                   lang: str | None = None) -> VoicesSummary:
        fw = framework or load_framework()
        return cls(Store(path), fw, lang=resolve_language(lang, fw.language))

    def refresh(self) -> None:
        """Read the store again, redraw the chart and the quotes."""
        from workbench.exports.section_figures import voices_figures
        from workbench.publication import publication_for

        self._status.value = ""
        counts = self._store.counts()
        if not counts.get("verbatims") or not counts.get("codings"):
            self._chart.outputs = ()
            self.quotes = quotes_table(pd.DataFrame(columns=[
                "lessons", "kind", "qpv", "group", "text"]), self._fw)
            self._quotes.value = message_html(t("voices.nothing_coded"))
            return
        pub = publication_for(self._store, self._fw)  # what the outputs will show, masked
        show_figure(self._chart, voices_figures(pub)["salience"])
        self.quotes = quotes_table(pub.quotes, self._fw)
        self._quotes.value = (f"{TABLE_STYLE}<div class='wb-scroll'>{self.quotes.bare_html}"
                              "</div>")

    @property
    def chart_output(self) -> widgets.Output:
        return self._chart


class CodingExports(widgets.VBox):
    """Two buttons: the codebook and the quotes table as CSV, built from the store at the
    moment of the click (UTF-8 with BOM, formulas neutralised: ``workbench.exports.codebook``)."""

    @speaks
    def __init__(self, store: Store, fw: Framework) -> None:
        self._store, self._fw = store, fw
        self.codebook = DownloadButton(t("voices.download_codebook"), self.codebook_csv,
                                       lang=self._lang)
        self.quotes = DownloadButton(t("voices.download_quotes"), self.quotes_csv,
                                     lang=self._lang)
        super().__init__([widgets.HTML(f"{TABLE_STYLE}<p class='wb-note'>"
                                       f"{escape(t('voices.downloads_note'))}</p>"),
                          self.codebook, self.quotes])
        self.add_class("wb-app")

    @classmethod
    def from_store(cls, path: str | Path | None = None, *, framework: Framework | None = None,
                   lang: str | None = None) -> CodingExports:
        fw = framework or load_framework()
        return cls(Store(path), fw, lang=resolve_language(lang, fw.language))

    @property
    def controls(self) -> dict[str, DownloadButton]:
        return {"codebook": self.codebook, "quotes": self.quotes}

    def codebook_csv(self) -> tuple[str, bytes]:
        from workbench.exports.codebook import write_codebook_csv

        codings = self._store.read("codings")
        return file_bytes(lambda p: write_codebook_csv(p, self._fw, codings),
                          t("voices.codebook_file"))

    def quotes_csv(self) -> tuple[str, bytes]:
        from workbench.exports.codebook import write_quotes_csv
        from workbench.publication import publication_for

        pub = publication_for(self._store, self._fw)
        return file_bytes(lambda p: write_quotes_csv(p, pub), t("voices.quotes_file"))


__all__ = ["AgreementView", "CodingExports", "VoicesSummary", "agreement_table", "code_label",
           "quotes_table"]
