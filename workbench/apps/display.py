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
from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from workbench.i18n import language, resolve_language, t

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


def html_table(frame: pd.DataFrame, *, caption: str | None = None,
               masked_column: str | None = None) -> str:
    """A small styled HTML table; every cell escaped. Rows with ``masked_column`` true are grey."""
    head = "".join(f"<th>{escape(c)}</th>" for c in frame.columns)
    rows = []
    flags = (frame[masked_column].astype(bool).tolist() if masked_column in frame.columns
             else [False] * len(frame))
    for values, masked in zip(frame.itertuples(index=False), flags, strict=True):
        cls = ' class="wb-masked"' if masked else ""
        rows.append(f"<tr{cls}>" + "".join(f"<td>{escape(v)}</td>" for v in values) + "</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (f"{TABLE_STYLE}<table class='wb-table'>{cap}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


TABLE_STYLE = """<style>
.wb-table{border-collapse:collapse;font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif;
 font-size:14px;margin:4px 0 12px 0;min-width:60%}
.wb-table caption{text-align:left;font-weight:600;padding:4px 0}
.wb-table th{background:#f2f2f2;text-align:left;padding:6px 10px;border-bottom:2px solid #bbb}
.wb-table td{padding:5px 10px;border-bottom:1px solid #e3e3e3;vertical-align:top}
.wb-table tr.wb-masked td{color:#555;background:repeating-linear-gradient(135deg,#f4f4f4 0,
 #f4f4f4 6px,#e9e9e9 6px,#e9e9e9 12px)}
.wb-note{color:#444;font-size:14px}
.wb-error{color:#8a3b00;background:#fff4e5;border-left:4px solid #D55E00;padding:8px 12px}
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
