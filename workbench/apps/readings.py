"""The committee's reading panel: record, beside a lesson or an indicator, what the COPIL concluded.

Embeddable in the COPIL dashboard: ``ReadingPanel(store, fw, wave="T1", subject="L3")`` and,
when the dashboard's lesson or wave changes, ``panel.set_subject("L4")`` / ``panel.set_wave("T2")``.
The readings are read once at construction and again after each save (so that the readings
other members saved meanwhile appear too); changing subject or wave is a look-up.

>>> ReadingPanel(Store(), load_framework(), wave="T2", subject="L3")   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import TABLE_STYLE, escape, guarded, in_language, message_html, speaks
from workbench.apps.member_readings import VOTE_STYLE
from workbench.errors import WorkbenchError
from workbench.framework import Framework, load_framework
from workbench.i18n import language, resolve_language, t
from workbench.indicators.readings import (
    AGREEMENTS,
    agreement_label,
    load_readings,
    member_history_html,
    readings_for,
    readings_html,
    subject_choices,
    subject_label,
    vote_distribution,
)
from workbench.ingest.readings import record_reading
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.store import Store

READING_STYLE = """<style>
.wb-readings{list-style:none;padding:0;margin:4px 0;font-size:14px}
.wb-reading{border-left:4px solid #0072B2;background:#f7f9fb;padding:6px 10px;margin:6px 0}
.wb-reading-head{color:#444;font-size:13px;margin-bottom:2px}
.wb-ok{color:#1d5e2a;background:#eef7ee;border-left:4px solid #009E73;padding:8px 12px}
</style>"""


class ReadingPanel(widgets.VBox):
    """« Lecture du comité » for one subject (lesson or indicator) and one wave."""

    @speaks
    def __init__(self, store: Store | str | Path | None, framework: Framework | None = None, *,
                 wave: str | None = None, subject: str | None = None,
                 pseudonymiser: Pseudonymiser | None = None, editable: bool = True,
                 live_session: str | None = None, author: str | None = None) -> None:
        self._store = store if isinstance(store, Store) else Store(store)
        self._fw = framework or load_framework()
        self._pseudo = pseudonymiser
        self._editable, self._live_session = editable, live_session
        self.errors: list[str] = []
        self.last_reading_id: int | None = None
        self._readings = load_readings(self._store)
        self._members = self._store.member_readings()
        fw = self._fw
        self._subject = widgets.Dropdown(
            options=subject_choices(fw), description=t("readings.subject"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", min_width="320px", max_width="100%"))
        self._wave = widgets.Dropdown(
            options=[(w, w) for w in fw.wave_ids], description=t("readings.wave"),
            style={"description_width": "initial"}, layout=widgets.Layout(width="auto"))
        self._wave.value = wave if wave in fw.wave_ids else fw.wave_ids[-1]
        if subject in {value for _label, value in subject_choices(fw)}:
            self._subject.value = subject
        area = widgets.Layout(width="100%", max_width="760px", height="80px")
        self._interpretation = widgets.Textarea(
            placeholder=t("readings.interpretation_placeholder"), layout=area)
        self._action = widgets.Textarea(placeholder=t("readings.action_placeholder"),
                                        layout=area)
        self._agreement = widgets.ToggleButtons(
            options=[(agreement_label(k), k) for k in AGREEMENTS], value=AGREEMENTS[0],
            style={"button_width": "auto"})
        self._author = widgets.Text(placeholder=t("readings.author_placeholder"),
                                    description=t("readings.author"),
                                    style={"description_width": "initial"})
        self._signed_in = bool(author)
        if author:  # a meeting's evaluator: the server said who they are, nothing to type
            self._author.value = author
            self._author.layout.display = "none"
        self._save = widgets.Button(description=t("readings.save"), button_style="primary",
                                    icon="check")
        self._status = widgets.HTML()
        self._history = widgets.HTML()
        self._guard = guarded(self._status, self.errors)
        self._save.on_click(in_language(self._lang, lambda _button: self._guard(self.save)()))
        self._subject.observe(in_language(
            self._lang, lambda _c: self._guard(self._show_history)()), names="value")
        self._wave.observe(in_language(
            self._lang, lambda _c: self._guard(self._show_history)()), names="value")
        super().__init__(children=self._layout())
        self.add_class("wb-readings-panel")
        self._show_history()

    @classmethod
    def from_store(cls, store: Store | str | Path | None = None,
                   framework: Framework | str | Path | None = None, *, lang: str | None = None,
                   **kw: Any) -> ReadingPanel:
        fw = framework if isinstance(framework, Framework) else load_framework(framework)
        return cls(store, fw, lang=resolve_language(lang, fw.language), **kw)

    def _layout(self) -> list[widgets.Widget]:
        head = (f"{TABLE_STYLE}{READING_STYLE}<h4 style='margin:0.8em 0 0.2em 0'>"
                f"{escape(t('readings.title'))}</h4>"
                f"<p class='wb-note' style='margin:0'>{escape(t('readings.lead'))}</p>")
        if not self._editable:  # a committee member in a meeting: the history only
            return [widgets.HTML(f"{TABLE_STYLE}{READING_STYLE}<h4 style='margin:0.8em 0 0.2em 0'>"
                                 f"{escape(t('readings.title'))}</h4>"), self._history]
        return [
            widgets.HTML(head),
            widgets.HBox([self._subject, self._wave], layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HTML(f"<b>{escape(t('readings.interpretation'))}</b>"),
            self._interpretation,
            widgets.HTML(f"<b>{escape(t('readings.agreement'))}</b>"),
            self._agreement,
            widgets.HTML(f"<b>{escape(t('readings.action'))}</b>"),
            self._action,
            widgets.HBox([self._author, self._save], layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HTML("" if self._signed_in else f"<p class='wb-note' style='margin:0'>"
                         f"{escape(t('readings.author_note'))}</p>"),
            self._status,
            self._history,
        ]

    # --- for the dashboard -----------------------------------------------------------------------
    def set_subject(self, subject: str, *, wave: str | None = None) -> None:
        """Show (and record for) another lesson or indicator; optionally another wave."""
        if wave is not None:
            self.set_wave(wave)
        self._subject.value = subject

    def set_wave(self, wave: str) -> None:
        self._wave.value = wave

    def fill(self, *, interpretation: str = "", agreement: str = AGREEMENTS[0],
             action: str = "", author: str = "") -> None:
        """Fill the form (tests and demonstrations)."""
        self._interpretation.value = interpretation
        self._agreement.value = agreement
        self._action.value = action
        if author or not self._signed_in:
            self._author.value = author

    @property
    def subject(self) -> str:
        return self._subject.value

    @property
    def wave(self) -> str:
        return self._wave.value

    @property
    def readings(self) -> pd.DataFrame:
        """The readings shown: this subject, this wave and the earlier ones."""
        return readings_for(self._readings, subject=self.subject, up_to_wave=self.wave,
                            fw=self._fw)

    @property
    def history_html(self) -> str:
        return self._history.value

    @property
    def status_html(self) -> str:
        return self._status.value

    # --- actions ---------------------------------------------------------------------------------
    def save(self) -> int | None:
        """Record the form as a reading; a French message on a problem. Returns the id."""
        self._status.value = ""
        if not self._editable:
            return None
        try:
            reading_id = record_reading(
                self._store, wave=self.wave, subject=self.subject,
                interpretation=self._interpretation.value, agreement=self._agreement.value,
                action=self._action.value, author=self._author.value, fw=self._fw,
                pseudonymiser=self._pseudo)
        except WorkbenchError as exc:
            self._status.value = message_html(exc.message, kind="error")
            return None
        self.last_reading_id = reading_id
        self._readings = load_readings(self._store)
        self._interpretation.value = ""
        self._action.value = ""
        self._status.value = (READING_STYLE + "<div class='wb-ok'>" + escape(t(
            "readings.saved", subject=subject_label(self._fw, self.subject), wave=self.wave))
            + "</div>")
        self._show_history()
        return reading_id

    def reload(self) -> None:
        """Read the readings again from the store (others may have saved since the panel was
        built: a preheated dashboard is built before its visitor arrives)."""
        with language(self._lang):
            self._readings = load_readings(self._store)
            self._members = self._store.member_readings()
            self._show_history()

    def _show_history(self) -> None:
        shown = self.readings
        title = (f"<h5 style='margin:0.6em 0 0.2em 0'>"
                 f"{escape(t('readings.history_title', wave=self.wave))}</h5>")
        if shown.empty:
            body = f"<p class='wb-note'>{escape(t('readings.none', wave=self.wave))}</p>"
        else:
            body = readings_html(shown)
        members = self._members
        if self._live_session is not None:  # the meeting's own readings are shown live apart
            members = members[members["session"] != self._live_session]
        body += member_history_html(vote_distribution(members, self._fw), self._fw,
                                    subject=self.subject,
                                    up_to_wave=self.wave)
        self._history.value = READING_STYLE + VOTE_STYLE + title + body
