"""The verbatim coding app: read one verbatim, tick lessons and themes, set the valence.

Every click is saved at once in its own store transaction (``workbench.ingest.coding``). The coder's
name is asked once (Enter or « Commencer ») and only its keyed hash is stored (``coder_id``).
Several coders can code the same verbatims; the app only ever shows and edits the current coder's
codings. « Aucun enseignement » and the lessons exclude each other: ticking one unticks (and
deletes) the other first, so the store never holds both for a verbatim and a coder.

>>> app = CodingApp.from_store()      # in 03-code-verbatims.ipynb; the last expression shows it
"""

from __future__ import annotations

import datetime as dt
import html
import re

import ipywidgets as widgets
import pandas as pd

from workbench.apps.display import TABLE_STYLE, escape, in_language, speaks
from workbench.errors import WorkbenchError
from workbench.framework import Framework, load_framework
from workbench.i18n import name_of, resolve_language, t
from workbench.ingest.coding import coder_id, read_codings, set_code, set_valence, theme_code
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.stats.agreement import NO_CODE, RESERVED_CODES, THEME_PREFIX, VALENCE_CODE
from workbench.store import Store

ALL = "*"
KIND_KEYS = ("photolangage", "world_cafe", "msc", "msc_selection", "open_answer", "workshop_note")


class CodingApp(widgets.VBox):
    """Code verbatims against the framework's lessons, free themes and a valence."""

    @speaks
    def __init__(self, store: Store, fw: Framework, *, coder_name: str | None = None,
                 pseudonymiser: Pseudonymiser | None = None) -> None:
        self._store = store.initialise()
        self._fw = fw
        self._pseudo = pseudonymiser
        self._coder: str | None = None
        self._loading = False
        self._mine: dict[str, set[str]] = {}
        self._valences: dict[str, int] = {}
        self._verbatims = store.read("verbatims").sort_values("verbatim_id").reset_index(drop=True)
        events = store.read("events")
        self._event_rows = {str(r["event_id"]): r for r in events.to_dict("records")}
        self._rows = self._verbatims
        self._index = 0
        self._themes: list[str] = sorted(
            c for c in store.read("codings")["code"].astype("str").unique()
            if c.startswith(THEME_PREFIX))

        self._name = widgets.Text(placeholder=t("voices.coder_placeholder"),
                                  description=t("voices.coder_prompt"),
                                  style={"description_width": "initial"})
        self._start = widgets.Button(description=t("voices.start"), button_style="primary")
        self._start.on_click(in_language(self._lang, lambda _: self.start(self._name.value)))
        self._name.on_msg(in_language(self._lang, self._on_name_message))  # Enter starts
        self._who = widgets.HTML()

        self._kind = widgets.Dropdown(description=t("voices.filter_kind"))
        self._event = widgets.Dropdown(description=t("voices.filter_event"))
        self._qpv = widgets.Dropdown(description=t("common.qpv"))
        self._state = widgets.Dropdown(description=t("voices.filter_state"))
        self._fill_filters()
        for control in (self._kind, self._event, self._qpv, self._state):
            control.style = {"description_width": "initial"}
            control.layout = widgets.Layout(width="auto", max_width="100%")
            control.observe(in_language(self._lang, self._on_filter), names="value")

        self._position = widgets.HTML()
        self._text = widgets.HTML()
        self._lessons = {
            le.id: widgets.Checkbox(description=f"{le.id} · {name_of(le)}", indent=False,
                                    layout=widgets.Layout(width="auto"))
            for le in fw.lessons
        }
        self._none = widgets.Checkbox(description=t("voices.no_lesson"), indent=False,
                                      layout=widgets.Layout(width="auto"))
        self._theme_boxes: dict[str, widgets.Checkbox] = {}
        self._theme_area = widgets.VBox()
        self._theme_input = widgets.Text(placeholder=t("voices.theme_placeholder"))
        self._add_theme = widgets.Button(description=t("voices.add_theme"))
        self._add_theme.on_click(in_language(
            self._lang, lambda _: self.add_theme(self._theme_input.value)))
        self._valence = widgets.ToggleButtons(
            options=[("−", -1), ("0", 0), ("+", 1)], value=None,
            description=t("voices.valence"), style={"button_width": "3em"})
        self._previous = widgets.Button(description=t("voices.previous"), icon="arrow-left")
        self._next = widgets.Button(description=t("voices.next"), icon="arrow-right")
        self._previous.on_click(in_language(self._lang, lambda _: self.go(-1)))
        self._next.on_click(in_language(self._lang, lambda _: self.go(+1)))
        self._status = widgets.HTML()

        for code, box in [*self._lessons.items(), (NO_CODE, self._none)]:
            box.observe(in_language(self._lang, self._on_code(code)), names="value")
        self._valence.observe(in_language(self._lang, self._on_valence), names="value")
        for theme in self._themes:
            self._theme_box(theme)

        self._coding = widgets.VBox([
            widgets.HBox([self._kind, self._event, self._qpv, self._state],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self._position, self._text,
            widgets.HTML(f"<b>{escape(t('voices.lessons'))}</b>"),
            widgets.VBox([*self._lessons.values(), self._none]),
            widgets.HTML(f"<b>{escape(t('voices.themes'))}</b>"),
            self._theme_area, widgets.HBox([self._theme_input, self._add_theme]),
            self._valence, widgets.HBox([self._previous, self._next]), self._status,
        ])
        self._coding.layout.display = "none"
        super().__init__([widgets.HTML(TABLE_STYLE), widgets.HBox([self._name, self._start]),
                          self._who, self._coding])
        self.add_class("wb-app")
        if coder_name:
            self.start(coder_name)

    @classmethod
    def from_store(cls, path: str | None = None, *, framework: Framework | None = None,
                   coder_name: str | None = None, lang: str | None = None) -> CodingApp:
        """The app on the project's store (``data/workbench.sqlite``) and framework."""
        fw = framework or load_framework()
        return cls(Store(path), fw, coder_name=coder_name,
                   lang=resolve_language(lang, fw.language))

    # -- public actions (buttons call these; tests may too) -----------------------------------
    @property
    def controls(self) -> dict[str, widgets.Widget]:
        """The widgets a coder touches: ``name``, ``start``, the filters ``kind``, ``event``,
        ``qpv``, ``state``; ``lessons`` (lesson id → checkbox), ``no_lesson``, ``themes`` (theme
        code → checkbox), ``theme_input``, ``add_theme``, ``valence``, ``previous``, ``next``."""
        return {"name": self._name, "start": self._start, "kind": self._kind,
                "event": self._event, "qpv": self._qpv, "state": self._state,
                "lessons": dict(self._lessons), "no_lesson": self._none,
                "themes": dict(self._theme_boxes), "theme_input": self._theme_input,
                "add_theme": self._add_theme, "valence": self._valence,
                "previous": self._previous, "next": self._next}

    @property
    def status(self) -> str:
        """The last message shown under the verbatim (saved, not saved…), as text."""
        return html.unescape(re.sub(r"<[^>]+>", "", self._status.value))

    @property
    def verbatim_html(self) -> str:
        """The current verbatim as shown (escaped HTML: kind, event, place, text)."""
        return self._text.value

    @property
    def shown(self) -> list[str]:
        """The verbatim ids the filters keep, in order."""
        return [str(v) for v in self._rows["verbatim_id"]]

    @property
    def coder(self) -> str | None:
        """The pseudonymous id of the coder (None until a name is given)."""
        return self._coder

    @property
    def current_verbatim(self) -> str | None:
        """The verbatim shown (None before the coder has given a name, or when none is left)."""
        if self._coder is None or self._rows.empty:
            return None
        return str(self._rows.iloc[self._index]["verbatim_id"])

    def start(self, name: str) -> None:
        """Take the coder's name (hashed at once, never stored) and show the first verbatim."""
        if self._coder is not None:
            return
        try:
            self._coder = coder_id(name, self._pseudo)
        except WorkbenchError as exc:
            self._who.value = f"<span style='color:#D55E00'>{escape(exc.message)}</span>"
            return
        self._name.value = ""
        self._name.layout.display = self._start.layout.display = "none"
        self._who.value = escape(t("voices.coder_id", id=self._coder))
        mine = read_codings(self._store, coder=self._coder)
        self._mine = mine.groupby("verbatim_id")["code"].agg(set).to_dict() if len(mine) else {}
        val = mine[mine["code"] == VALENCE_CODE].dropna(subset=["valence"])
        self._valences = dict(zip(val["verbatim_id"], val["valence"].astype(int), strict=True))
        self._coding.layout.display = None
        self._apply_filters()

    def go(self, step: int) -> None:
        """Move to the previous (−1) or next (+1) verbatim of the filtered list."""
        if not self._rows.empty:
            self._index = min(max(self._index + step, 0), len(self._rows) - 1)
        self._show()

    def add_theme(self, label: str) -> str | None:
        """Add a free theme (reusing one spelled alike) and tick it on the current verbatim."""
        try:
            code = theme_code(label, self._themes)
        except WorkbenchError as exc:
            self._say(exc.message, error=True)
            return None
        if code not in self._themes:
            self._themes.append(code)
        box = self._theme_boxes.get(code) or self._theme_box(code)
        self._theme_input.value = ""
        box.value = True  # saved by the checkbox's own callback
        return code

    # -- internals ------------------------------------------------------------------------------
    def _on_name_message(self, _widget: widgets.Widget, content: dict, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.start(self._name.value)

    def _theme_box(self, code: str) -> widgets.Checkbox:
        box = widgets.Checkbox(description=code[len(THEME_PREFIX):], indent=False)
        box.observe(in_language(self._lang, self._on_code(code)), names="value")
        self._theme_boxes[code] = box
        self._theme_area.children = tuple(self._theme_boxes[c] for c in sorted(self._theme_boxes))
        return box

    def _fill_filters(self) -> None:
        verb = self._verbatims
        kinds = sorted(verb["kind"].dropna().astype("str").unique())
        self._kind.options = [(t("voices.all_kinds"), ALL)] + [
            (self._kind_name(k), k) for k in kinds]
        events = sorted(verb["event_id"].dropna().astype("str").unique(),
                        key=lambda e: (str(self._event_rows.get(e, {}).get("date") or ""), e))
        self._event.options = [(t("voices.all_events"), ALL)] + [
            (self._event_name(e), e) for e in events]
        qpvs = [q for q in self._fw.qpv_ids if q in set(verb["qpv"].dropna())]
        self._qpv.options = [(t("common.all_qpv"), ALL)] + [(self._fw.qpv(q).name, q)
                                                            for q in qpvs]
        states = [(t("voices.state_uncoded"), "uncoded"), (t("voices.state_coded"), "coded"),
                  (t("voices.state_all"), ALL)]
        for le in self._fw.lessons:
            states += [(t("voices.state_with", code=le.id), f"+{le.id}"),
                       (t("voices.state_without", code=le.id), f"-{le.id}")]
        self._state.options = states
        # start on what is left to do, every kind, event and neighbourhood
        self._kind.value = self._event.value = self._qpv.value = ALL
        self._state.value = "uncoded"

    def _event_name(self, event_id: object) -> str:
        """An event as a coder tells it apart: its label, its neighbourhood and its date."""
        row = self._event_rows.get(event_id)
        if row is None:
            return str(event_id)
        label = str(row.get("label") or event_id)
        parts = [label]
        qpv = row.get("qpv")
        if isinstance(qpv, str) and qpv in self._fw.qpv_ids:
            parts.append(self._fw.qpv(qpv).name)
        date = row.get("date")
        if isinstance(date, str) and date:
            parts.append(_french_date(date))
        return " · ".join(parts)

    @staticmethod
    def _kind_name(kind: str) -> str:
        return t(f"voices.kind.{kind}") if kind in KIND_KEYS else kind

    def _on_filter(self, _change: dict) -> None:
        if self._coder is not None:
            self._apply_filters()

    def _apply_filters(self) -> None:
        verb = self._verbatims
        keep = pd.Series(True, index=verb.index)
        for column, control in (("kind", self._kind), ("event_id", self._event),
                                ("qpv", self._qpv)):
            if control.value not in (None, ALL):
                keep &= verb[column] == control.value
        state = self._state.value
        if state not in (None, ALL):
            codes = verb["verbatim_id"].map(lambda v: self._mine.get(v, set()))
            if state == "uncoded":
                keep &= codes.map(len) == 0
            elif state == "coded":
                keep &= codes.map(len) > 0
            else:
                has = codes.map(lambda c, code=state[1:]: code in c)
                keep &= has if state.startswith("+") else ~has
        self._rows = verb[keep.to_numpy()].reset_index(drop=True)
        self._index = 0
        self._show()

    def _show(self) -> None:
        self._loading = True
        try:
            empty = self._rows.empty
            for control in (*self._lessons.values(), self._none, self._valence,
                            *self._theme_boxes.values(), self._add_theme, self._theme_input):
                control.disabled = empty
            self._previous.disabled = empty or self._index == 0
            self._next.disabled = empty or self._index >= len(self._rows) - 1
            if empty:
                self._position.value = escape(t("voices.nothing_to_code"))
                self._text.value = ""
                return
            row = self._rows.iloc[self._index]
            vid = str(row["verbatim_id"])
            self._position.value = escape(t("voices.position", index=self._index + 1,
                                            total=len(self._rows)))
            self._text.value = self._verbatim_html(row)
            mine = self._mine.get(vid, set())
            for code, box in [*self._lessons.items(), (NO_CODE, self._none),
                              *self._theme_boxes.items()]:
                box.value = code in mine
            self._valence.value = self._valences.get(vid)
        finally:
            self._loading = False

    def _verbatim_html(self, row: pd.Series) -> str:
        meta = [self._kind_name(str(row["kind"]))]
        if pd.notna(row.get("event_id")):
            meta.append(self._event_name(str(row["event_id"])))
        elif pd.notna(row.get("qpv")) and row["qpv"] in self._fw.qpv_ids:
            meta.append(self._fw.qpv(row["qpv"]).name)
        if pd.notna(row.get("group_id")) and row["group_id"] in self._fw.group_ids:
            meta.append(name_of(self._fw.group(row["group_id"])))
        head = " · ".join(escape(m) for m in meta)
        parts = [f"<div style='color:#555'>{head}</div>"]
        for column in ("title", "prompt"):
            if pd.notna(row.get(column)) and str(row[column]).strip():
                parts.append(f"<div><b>{escape(row[column])}</b></div>")
        body = escape(row["text"]).replace("\n", "<br>")
        parts.append("<blockquote style='font-size:1.15em;border-left:4px solid #0072B2;"
                     f"padding-left:0.8em;margin:0.5em 0'>{body}</blockquote>")
        if not int(row.get("quotable") or 0):
            parts.append(f"<div style='color:#555'><i>{escape(t('voices.not_quotable'))}</i></div>")
        return "".join(parts)

    def _on_code(self, code: str):
        def callback(change: dict) -> None:
            if self._loading or self._coder is None or self.current_verbatim is None:
                return
            vid = self.current_verbatim
            ticked = bool(change["new"])
            clashing = self._clashing(code) if ticked else []
            try:  # first remove what the new tick excludes, so both are never stored
                for other in clashing:
                    set_code(self._store, vid, other, self._coder, False)
                    self._mine.setdefault(vid, set()).discard(other)
                set_code(self._store, vid, code, self._coder, ticked)
            except Exception as exc:  # the click is not saved: say so and undo it on screen
                self._undo(change["owner"], change["old"], exc)
                self._show_codes(vid)
                return
            codes = self._mine.setdefault(vid, set())
            (codes.add if ticked else codes.discard)(code)
            if clashing:
                self._show_codes(vid)
            self._say(t("voices.saved", time=dt.datetime.now().strftime("%H:%M:%S")))
        return callback

    def _clashing(self, code: str) -> list[str]:
        """The current coder's codes a tick of ``code`` excludes on this verbatim."""
        mine = self._mine.get(self.current_verbatim or "", set())
        if code == NO_CODE:
            return [c for c in self._lessons if c in mine]
        if code in self._lessons:
            return [NO_CODE] if NO_CODE in mine else []
        return []

    def _show_codes(self, vid: str) -> None:
        """Tick on screen exactly the codes stored for ``vid`` (no save triggered)."""
        self._loading = True
        try:
            mine = self._mine.get(vid, set())
            for code, box in [*self._lessons.items(), (NO_CODE, self._none),
                              *self._theme_boxes.items()]:
                box.value = code in mine
        finally:
            self._loading = False

    def _on_valence(self, change: dict) -> None:
        if self._loading or self._coder is None or self.current_verbatim is None:
            return
        vid = self.current_verbatim
        try:
            set_valence(self._store, vid, self._coder, change["new"])
        except Exception as exc:
            self._undo(self._valence, change["old"], exc)
            return
        codes = self._mine.setdefault(vid, set())
        if change["new"] is None:
            self._valences.pop(vid, None)
            codes.discard(VALENCE_CODE)
        else:
            self._valences[vid] = int(change["new"])
            codes.add(VALENCE_CODE)
        self._say(t("voices.saved", time=dt.datetime.now().strftime("%H:%M:%S")))

    def _undo(self, control: widgets.Widget, old: object, exc: Exception) -> None:
        self._loading = True
        try:
            control.value = old
        finally:
            self._loading = False
        message = exc.message if isinstance(exc, WorkbenchError) else str(exc)
        self._say(t("voices.not_saved", error=message), error=True)

    def _say(self, message: str, *, error: bool = False) -> None:
        colour = "#D55E00" if error else "#009E73"
        self._status.value = f"<span style='color:{colour}'>{escape(message)}</span>"


def _french_date(iso: str) -> str:
    """``2024-01-20`` → ``20/01/2024`` (text kept when it is no ISO date)."""
    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return iso


__all__ = ["RESERVED_CODES", "CodingApp"]
