"""Adjudicating the coders' disagreements: one disputed verbatim × code at a time.

With two coders, a code ticked by one and not the other is a tie: the consolidation rule
(``workbench.indicators.consensus``) does not carry it until someone decides. This panel lists
the disagreements (ties first, then minorities and non-unanimous majorities, then the valences
the coders set differently), shows the verbatim (escaped) and who ticked what (pseudonymous ids),
and records « Retenir » / « Écarter » (or the valence kept) at once, in one store transaction
(``workbench.ingest.coding.adjudicate``). The adjudicator's name is hashed at once, never stored.

It is a plain ``VBox`` meant to sit under the coding app (``apps.coding``) or alone in a notebook:

>>> AdjudicationPanel.from_store()          # doctest: +SKIP
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import TABLE_STYLE, escape, in_language, message_html, speaks
from workbench.errors import WorkbenchError
from workbench.framework import Framework, load_framework
from workbench.i18n import name_of, resolve_language, t
from workbench.indicators.consensus import disagreements
from workbench.ingest.coding import adjudicate, coder_id, read_adjudications, read_codings
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.stats.agreement import THEME_PREFIX, VALENCE_CODE
from workbench.store import Store

__all__ = ["AdjudicationPanel"]


class AdjudicationPanel(widgets.VBox):
    """Decide the codes the coders disagree on; every decision is saved at once."""

    @speaks
    def __init__(self, store: Store, fw: Framework, *, adjudicator_name: str | None = None,
                 pseudonymiser: Pseudonymiser | None = None) -> None:
        self._store = store.initialise()
        self._fw, self._pseudo = fw, pseudonymiser
        self._adjudicator: str | None = None
        self._texts = store.read("verbatims").set_index("verbatim_id")["text"].astype(str)
        self._rows = pd.DataFrame()
        self._index = 0
        self._name = widgets.Text(placeholder=t("adjudication.name_placeholder"),
                                  description=t("adjudication.name"),
                                  style={"description_width": "initial"})
        self._start = widgets.Button(description=t("adjudication.start"), button_style="primary")
        self._start.on_click(in_language(self._lang, lambda _: self.start(self._name.value)))
        self._summary, self._position, self._text = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self._keep = widgets.Button(description=t("adjudication.keep"), button_style="success")
        self._drop = widgets.Button(description=t("adjudication.drop"), button_style="warning")
        self._valence = widgets.ToggleButtons(options=[("−", -1), ("0", 0), ("+", 1)],
                                              value=None, description=t("adjudication.valence"),
                                              style={"button_width": "3em"})
        self._skip = widgets.Button(description=t("adjudication.skip"), icon="arrow-right")
        self._withdraw = widgets.Button(description=t("adjudication.withdraw"))
        self._status = widgets.HTML()
        self._keep.on_click(in_language(self._lang, lambda _: self.decide(1)))
        self._drop.on_click(in_language(self._lang, lambda _: self.decide(0)))
        self._skip.on_click(in_language(self._lang, lambda _: self.go(+1)))
        self._withdraw.on_click(in_language(self._lang, lambda _: self.decide(None)))
        self._valence.observe(in_language(self._lang, self._on_valence), names="value")
        self._work = widgets.VBox([
            self._summary, self._position, self._text,
            widgets.HBox([self._keep, self._drop]), self._valence,
            widgets.HBox([self._skip, self._withdraw]), self._status])
        self._work.layout.display = "none"
        super().__init__([
            widgets.HTML(TABLE_STYLE), widgets.HTML(f"<h4>{escape(t('adjudication.title'))}</h4>"
                         f"<p class='wb-note'>{escape(t('adjudication.lead'))}</p>"),
            widgets.HBox([self._name, self._start]), self._work])
        self.add_class("wb-app")
        self._reload()
        if adjudicator_name:
            self.start(adjudicator_name)

    @classmethod
    def from_store(cls, path: str | None = None, *, framework: Framework | None = None,
                   adjudicator_name: str | None = None,
                   lang: str | None = None) -> AdjudicationPanel:
        """The panel on the project's store and framework."""
        fw = framework or load_framework()
        return cls(Store(path), fw, adjudicator_name=adjudicator_name,
                   lang=resolve_language(lang, fw.language))

    # -- public actions (buttons call these; tests may too) ---------------------------------------
    @property
    def adjudicator(self) -> str | None:
        """The adjudicator's pseudonymous id (None until a name is given)."""
        return self._adjudicator

    @property
    def disagreements(self) -> pd.DataFrame:
        """Every disagreement (``consensus.disagreements``), ties first."""
        return self._rows

    @property
    def current(self) -> dict | None:
        """The disagreement shown (verbatim_id, code, …), None when there is none."""
        return None if self._rows.empty else self._rows.iloc[self._index].to_dict()

    def start(self, name: str) -> None:
        """Take the adjudicator's name (hashed at once, never stored), show the first one."""
        try:
            self._adjudicator = coder_id(name, self._pseudo)
        except WorkbenchError:
            self._status.value = message_html(t("adjudication.need_name"), kind="error")
            self._work.layout.display = None
            return
        self._work.layout.display = None
        self._status.value = ""
        self._show()

    def decide(self, decision: int | None) -> None:
        """Record the decision on the disagreement shown (1 keep, 0 drop, a valence, None
        withdraws), then show the next one still open."""
        row = self.current
        if row is None:
            return
        if self._adjudicator is None:
            self._status.value = message_html(t("adjudication.need_name"), kind="error")
            return
        try:
            adjudicate(self._store, row["verbatim_id"], row["code"], self._adjudicator, decision)
        except WorkbenchError as exc:
            self._status.value = message_html(exc.message, kind="error")
            return
        shown = (row["verbatim_id"], row["code"])
        self._reload()
        keys = list(zip(self._rows["verbatim_id"], self._rows["code"], strict=True))
        self._index = keys.index(shown) if shown in keys else 0
        self._status.value = message_html(t("adjudication.decided", decision=self._word(
            row["code"], decision)))
        if decision is not None:
            self._next_open()
        self._show(keep_status=True)

    def go(self, step: int) -> None:
        if not self._rows.empty:
            self._index = (self._index + step) % len(self._rows)
            self._status.value = ""
            self._show()

    # -- internals --------------------------------------------------------------------------------
    def _reload(self) -> None:
        codings = read_codings(self._store)
        self._rows = disagreements(codings, read_adjudications(self._store)) \
            if not codings.empty else pd.DataFrame(columns=["verbatim_id", "code", "coders",
                                                            "ticks", "status", "decision",
                                                            "coded_by", "ticked_by"])

    def _next_open(self) -> None:
        for step in range(1, len(self._rows) + 1):
            k = (self._index + step) % len(self._rows)
            if self._rows.iloc[k]["status"] == "tie":
                self._index = k
                return

    def _word(self, code: str, decision: int | None) -> str:
        if decision is None:
            return "–"
        if code == VALENCE_CODE:
            return f"{int(decision):+d}"
        return t("adjudication.kept") if decision else t("adjudication.dropped")

    def _code_label(self, code: str) -> str:
        if code == VALENCE_CODE:
            return t("voices.valence")
        if code.startswith(THEME_PREFIX):
            return code[len(THEME_PREFIX):]
        lesson = next((le for le in self._fw.lessons if le.id == code), None)
        return f"{code} · {name_of(lesson)}" if lesson is not None else code

    def _show(self, *, keep_status: bool = False) -> None:
        rows = self._rows
        open_ties = int((rows["status"] == "tie").sum()) if len(rows) else 0
        self._summary.value = (f"<p class='wb-note'>"
                               f"{escape(t('adjudication.count', n=len(rows), open=open_ties))}"
                               "</p>")
        if not keep_status:
            self._status.value = ""
        row = self.current
        for button in (self._keep, self._drop, self._skip, self._withdraw):
            button.disabled = row is None
        if row is None:
            self._position.value, self._text.value = "", message_html(t("adjudication.none"))
            self._valence.layout.display = "none"
            return
        is_valence = row["code"] == VALENCE_CODE
        self._keep.layout.display = self._drop.layout.display = "none" if is_valence else None
        self._valence.layout.display = None if is_valence else "none"
        status = t(f"adjudication.status.{row['status']}")
        decided = row.get("decision")
        if decided is not None and not pd.isna(decided):
            status += f" — {self._word(row['code'], int(decided))}"
        ticks = ("" if is_valence else
                 t("adjudication.ticks", ticks=int(row["ticks"]), coders=int(row["coders"]),
                   who=row["ticked_by"]))
        self._position.value = (
            f"<b>{escape(t('adjudication.position', i=self._index + 1, n=len(rows)))}</b> · "
            f"{escape(t('adjudication.code', code=self._code_label(row['code'])))} · "
            f"{escape(status)}<br><span class='wb-note'>"
            f"{escape(ticks or row['ticked_by'])}</span>")
        text = self._texts.get(row["verbatim_id"], "")
        self._text.value = (f"<blockquote style='border-left:4px solid #009E73;padding:4px 10px;"
                            f"margin:6px 0'>{escape(text)}</blockquote>")

    def _on_valence(self, change: dict) -> None:
        if change["new"] is not None and self.current is not None \
                and self.current["code"] == VALENCE_CODE:
            self.decide(int(change["new"]))
            self._valence.value = None
