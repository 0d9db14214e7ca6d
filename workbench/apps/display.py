"""Putting figures and HTML into widgets safely (Voilà, JupyterLab, nbclient/nbval alike).

Outputs are set directly (``out.outputs = (...)``), never with ``with out:``: capturing during the
first render can freeze a Voilà page and crashes nbclient (see STACK.md). Figures go in as the
``application/vnd.plotly.v1+json`` mimetype (drawn by the jupyterlab-plotly extension that
JupyterLab and Voilà load; no CDN, no plotly.js copy per chart) plus a short ``text/plain``.
"""

from __future__ import annotations

import base64
import functools
import html
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from workbench.i18n import language, mask_reason, resolve_language, t

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOT_CONFIG: dict[str, Any] = {"displaylogo": False, "responsive": True,
                               "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
log = logging.getLogger("workbench.apps")


def figure_bundle(fig: go.Figure) -> dict[str, Any]:
    """The display bundle of a figure, independent of ``plotly.io.renderers.default``.

    ``fig._repr_mimebundle_()`` depends on the renderer: outside a kernel it is empty, and the
    ``notebook`` renderer adds a CDN MathJax script. Build the plotly mimetype ourselves.
    """
    spec = fig.to_plotly_json()
    data = {"data": spec.get("data", []), "layout": spec.get("layout", {}),
            "config": dict(PLOT_CONFIG)}
    title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else ""
    return {PLOTLY_MIME: _jsonable(data), "text/plain": t("dashboard.figure_plain", title=title)}


def show_figure(out: widgets.Output, fig: go.Figure) -> None:
    """Replace the content of ``out`` with ``fig``."""
    out.outputs = ({"output_type": "display_data", "data": figure_bundle(fig), "metadata": {}},)


def figure_of(out: widgets.Output) -> dict[str, Any] | None:
    """The plotly JSON currently shown in ``out`` (for tests and benchmarks)."""
    for item in out.outputs:
        data = item.get("data", {})
        if PLOTLY_MIME in data:
            return data[PLOTLY_MIME]
    return None


def escape(value: Any) -> str:
    """HTML-escaped text of any value (free text from data never goes raw into HTML)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


# --- the French table (every table an evaluator or the COPIL reads) -----------------------------
NUMBER_FORMATS = ("share", "count", "number", "score", "rate", "months", "integer", "decimal")


def format_cell(value: Any, unit: str | Callable[[Any], str] | None = None) -> str:
    """French text of one cell: ``0,62``, ``1 204``, ``62 %``; ``–`` for a missing number,
    ``oui``/``non`` for booleans, text as it is. ``unit`` as in ``NUMBER_FORMATS`` or a
    function; without it, integers are counts and other numbers get two decimals."""
    if callable(unit):
        return unit(value)
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "–" if unit in NUMBER_FORMATS else ""
    if isinstance(value, (bool, np.bool_)):
        return t("table.yes") if value else t("table.no")
    if isinstance(value, (int, np.integer)) and unit in (None, "count", "integer"):
        return f"{int(value):,}".replace(",", "\u202f")
    if isinstance(value, (int, float, np.number)):
        v = float(value)
        if unit == "share":
            return f"{v * 100:.0f}\u202f%"
        if unit in ("count", "integer"):
            return f"{v:,.0f}".replace(",", "\u202f")
        if unit == "months":
            return f"{v:.1f} mois".replace(".", ",")
        if unit in ("score", "rate"):
            return f"{v:.1f}".replace(".", ",")
        return f"{v:,.2f}".replace(",", "\u202f").replace(".", ",").replace("-", "\u2212")
    return str(value)


class FrenchTable:
    """A table as the evaluator reads it: French headings, French numbers, masked cells
    labelled with their reason, no index column, long text wrapped (never cut).

    ``frame`` holds the data (numbers as numbers); ``labels`` renames columns (columns not in
    ``labels`` keep their name; ``columns`` picks and orders them); ``formats`` gives a unit per
    column (``share``, ``count``, ``number``… or a function). Rows whose ``masked_column`` is
    true show the reason (``reason_column``, « effectif trop faible ») in place of every
    formatted column. Displayed in a notebook as HTML (its plain text is a readable table too).

    >>> FrenchTable(pd.DataFrame({"value": [0.5]}), labels={"value": "Part"},
    ...             formats={"value": "share"}).rows
    [['50\u202f%']]
    """

    def __init__(self, frame: pd.DataFrame, *, caption: str | None = None,
                 labels: Mapping[str, str] | None = None,
                 formats: Mapping[str, str | Callable[[Any], str]] | None = None,
                 columns: Iterable[str] | None = None, masked_column: str | None = "masked",
                 reason_column: str | None = "reason", note: str | None = None,
                 empty: str | None = None) -> None:
        self.caption, self.note = caption, note
        self.empty = empty or t("common.no_data")
        labels, formats = dict(labels or {}), dict(formats or {})
        hidden = {masked_column, reason_column} - {None}
        shown = [c for c in (columns if columns is not None else frame.columns)
                 if c not in hidden or c in labels]
        masked = (frame[masked_column].fillna(False).astype(bool).tolist()
                  if masked_column in frame.columns else [False] * len(frame))
        reasons = (frame[reason_column].tolist() if reason_column in frame.columns
                   else [None] * len(frame))
        numeric = {c for c in shown if c in formats or (
            pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]))}
        self.headers = [str(labels.get(c, c)) for c in shown]
        self.numeric = [c in numeric for c in shown]
        self.masked = masked
        self.rows: list[list[str]] = []
        for i, record in enumerate(frame[shown].itertuples(index=False)):
            reason = reasons[i] if isinstance(reasons[i], str) else None
            self.rows.append([
                mask_reason(reason) if masked[i] and c in numeric
                else format_cell(v, formats.get(c)) for c, v in zip(shown, record, strict=True)])

    @property
    def frame(self) -> pd.DataFrame:
        """The table as shown (French text cells, French headings)."""
        return pd.DataFrame(self.rows, columns=self.headers)

    @property
    def html(self) -> str:
        return TABLE_STYLE + self.bare_html

    @property
    def bare_html(self) -> str:
        """The table without the style sheet (for a page that already has it)."""
        cap = f"<caption>{escape(self.caption)}</caption>" if self.caption else ""
        note = f"<p class='wb-note'>{escape(self.note)}</p>" if self.note else ""
        if not self.rows:
            title = f"<p class='wb-caption'>{escape(self.caption)}</p>" if self.caption else ""
            return f"{title}<div class='wb-note'>{escape(self.empty)}</div>{note}"
        num_class = ' class="wb-num"'
        head = "".join(f"<th{num_class if num else ''}>{escape(h)}</th>"
                       for h, num in zip(self.headers, self.numeric, strict=True))
        body = []
        for cells, masked in zip(self.rows, self.masked, strict=True):
            tds = "".join(f"<td{num_class if num else ''}>{escape(v)}</td>"
                          for v, num in zip(cells, self.numeric, strict=True))
            row_class = ' class="wb-masked"' if masked else ""
            body.append(f"<tr{row_class}>{tds}</tr>")
        return (f"<div class='wb-table-wrap'><table class='wb-table'>{cap}<thead><tr>{head}"
                f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>{note}")

    @property
    def text(self) -> str:
        """Plain text: the caption, then one line per row, cells separated by `` | ``."""
        lines = [self.caption] if self.caption else []
        lines.append(" | ".join(self.headers))
        lines += [" | ".join(row) for row in self.rows] or [self.empty]
        return "\n".join(lines)

    def widget(self) -> widgets.HTML:
        """The table in an ``HTML`` widget (to place inside an app)."""
        return widgets.HTML(self.html, layout=widgets.Layout(max_width="100%"))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.html, "text/plain": self.text}

    def __repr__(self) -> str:
        return self.text


def html_table(frame: pd.DataFrame, *, caption: str | None = None,
               masked_column: str | None = None) -> str:
    """A frame already in French (headings and text cells) as the shared table; every cell
    escaped. Rows with ``masked_column`` true are grey (the column itself is not shown)."""
    return FrenchTable(frame, caption=caption, masked_column=masked_column,
                       reason_column=None).html


TABLE_STYLE = """<style>
.wb-table-wrap{max-width:100%;overflow-x:auto}
.wb-table{border-collapse:collapse;font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif;
 font-size:14px;margin:4px 0 12px 0;min-width:60%;max-width:100%}
.wb-table caption{text-align:left;font-weight:600;padding:4px 0}
.wb-table th{background:#f2f2f2;text-align:left;padding:6px 10px;border-bottom:2px solid #bbb;
 white-space:normal;overflow-wrap:break-word}
.wb-table td{padding:5px 10px;border-bottom:1px solid #e3e3e3;vertical-align:top;
 white-space:normal;overflow-wrap:break-word;max-width:48em}
.wb-table .wb-num{text-align:right;white-space:nowrap}
.wb-table tr.wb-masked td{color:#555;background:repeating-linear-gradient(135deg,#f4f4f4 0,
 #f4f4f4 6px,#e9e9e9 6px,#e9e9e9 12px)}
.wb-note{color:#444;font-size:14px}
.wb-scroll{max-height:560px;overflow-y:auto;border:1px solid #e3e3e3;padding:0 6px}
.wb-caption{font-weight:600;margin:4px 0}
.wb-error{color:#8a3b00;background:#fff4e5;border-left:4px solid #D55E00;padding:8px 12px}
.wb-app .widget-button,.wb-app .widget-toggle-button,.wb-app .jupyter-button,
.wb-copil .jupyter-button,.wb-meeting .jupyter-button{width:auto;
 max-width:100%;height:auto;min-height:var(--jp-widgets-inline-height,28px);white-space:normal;
 overflow:visible;text-overflow:clip;line-height:1.3;padding-top:3px;padding-bottom:3px}
.wb-app .widget-toggle-buttons .widget-toggle-button{margin-bottom:2px}
.wb-app .widget-toggle-buttons{flex-wrap:wrap;height:auto}
.wb-app .widget-toggle-buttons>div{display:flex;flex-wrap:wrap}
.wb-app .widget-label,.wb-app .widget-label-basic,.wb-app .widget-checkbox label span{
 white-space:normal;overflow:visible;text-overflow:clip;height:auto;line-height:1.3}
.wb-app .widget-label-basic{max-width:100%}
.wb-app .widget-inline-hbox{flex-wrap:wrap;max-width:100%;height:auto}
.wb-app .widget-checkbox{width:auto;max-width:100%;height:auto}
.wb-app .widget-checkbox label{white-space:normal;height:auto;align-items:flex-start}
.wb-app .widget-dropdown>select,.wb-app .widget-text>input{min-width:0;max-width:100%}
.wb-app .widget-hbox{flex-wrap:wrap;max-width:100%}
.wb-app .widget-html-content{white-space:normal}
</style>"""


def message_html(text: str, *, kind: str = "note") -> str:
    """A short French message as escaped HTML (``kind``: ``note`` or ``error``)."""
    return f"{TABLE_STYLE}<div class='wb-{kind}'>{escape(text)}</div>"


def in_language(lang: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` run in ``lang``: widget callbacks run long after the app was built, outside the
    ``language`` block it was built in, so every callback an app registers goes through this."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        with language(lang):
            return fn(*args, **kwargs)

    return run


def speaks(init: Callable[..., None]) -> Callable[..., None]:
    """Decorator for an app's ``__init__``: it takes ``lang=`` (default ``WORKBENCH_LANG``, else
    French), keeps it as ``self._lang`` and builds the app in that language. Callbacks must be
    registered through ``in_language(self._lang, …)`` (or ``guarded(…, lang=self._lang)``)."""

    @functools.wraps(init)
    def build(self: Any, *args: Any, lang: str | None = None, **kwargs: Any) -> None:
        self._lang = resolve_language(lang)
        with language(self._lang):
            init(self, *args, **kwargs)

    return build


def guarded(status: widgets.HTML, errors: list[str], *,
            lang: str | None = None) -> Callable[[Callable[..., Any]], Any]:
    """Decorator for callbacks: any exception becomes a message in ``status`` (no code, no
    traceback on the page); the technical text is kept in ``errors`` and logged at DEBUG.
    With ``lang``, the callback runs in that language. The app clears ``status`` at the start
    of each refresh."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                with language(lang):
                    result = fn(*args, **kwargs)
            except Exception as exc:  # shown as a sentence, kept for the evaluator
                errors.append(f"{type(exc).__name__}: {exc}")
                log.debug("callback failed", exc_info=True)
                status.value = message_html(t("dashboard.error"), kind="error")
                return None
            return result

        wrapper.__name__ = getattr(fn, "__name__", "callback")
        wrapper.__doc__ = fn.__doc__
        return wrapper

    return decorate


class Debounced:
    """``fn`` run once, ``delay`` seconds after the last of a burst of ``schedule()`` calls
    (e.g. a view of the store after several quick coding clicks); immediately when no event
    loop runs (scripts, tests). In a kernel the run happens on its event loop, between
    messages, so the click that caused it answers at once."""

    def __init__(self, fn: Callable[[], Any], delay: float = 0.8) -> None:
        self._fn, self._delay = fn, delay
        self._handle: Any = None

    def schedule(self) -> None:
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._fn()
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self._delay, self._run)

    def _run(self) -> None:
        self._handle = None
        try:
            self._fn()
        except Exception:  # a view that cannot refresh says so itself; never kill the loop
            log.warning("delayed refresh failed", exc_info=True)


class Chart:
    """A figure a notebook cell shows (the plotly mimetype, whatever the renderer)."""

    def __init__(self, figure: go.Figure) -> None:
        self.figure = figure

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return figure_bundle(self.figure)

    def __repr__(self) -> str:
        title = self.figure.layout.title.text if self.figure.layout.title else ""
        return t("dashboard.figure_plain", title=title or "")


MODE_KEYS = {"cross_section": "common.mode_cross_section", "panel": "common.mode_panel",
             "mixed": "common.mode_mixed"}


def dropdown(description: str, choices: list[tuple[str, Any]]) -> widgets.Dropdown:
    """A labelled dropdown whose label is never cut (its width follows the text)."""
    return widgets.Dropdown(options=choices, description=description,
                            style={"description_width": "initial"},
                            layout=widgets.Layout(width="auto", min_width="240px"))


def options(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Dropdown options (label, value) with labels as given (ipywidgets escapes them)."""
    return [(str(label), str(value)) for label, value in pairs]


def _jsonable(value: Any) -> Any:
    """Plain JSON types only (numpy arrays and scalars, NaN → None) for the widget protocol."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:  # plotly's base64 typed array → a list
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            if "shape" in value:
                shape = value["shape"]
                shape = [int(x) for x in shape.split(",")] if isinstance(shape, str) else shape
                array = array.reshape(shape)
            return _jsonable(array.tolist())
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "tolist"):
        return _jsonable(value.tolist())
    if isinstance(value, float) and value != value:
        return None
    return value
