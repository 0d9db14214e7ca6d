"""Files the apps produce, downloaded from the browser in one click (JupyterLab and Voilà alike).

``DownloadButton`` is a button (an ``anywidget``: a few lines of JavaScript bundled here, no
server route, no CDN). A click asks the kernel for the file; the kernel builds it at that moment
(from the current filters and the current store) and sends the bytes back; the browser saves
them under the file's name. Nothing is written on the server, so the file need not lie in the
folder JupyterLab serves.

``spreadsheet(...)`` writes an XLSX whose cells hold numbers as numbers, with a header block
saying what the table is, which filters made it and when.

>>> DownloadButton("Télécharger (XLSX)", lambda: ("tableau.xlsx", b"..."))   # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import mimetypes
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import anywidget
import pandas as pd
import traitlets

from workbench.i18n import t
from workbench.normalise import spreadsheet_safe

log = logging.getLogger("workbench.apps")
Producer = Callable[[], tuple[str, bytes]]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_ESM = """
function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jupyter-widgets jupyter-button widget-button wb-download-button";
  const note = document.createElement("span");
  note.className = "wb-download-note";
  const sync = () => {
    button.textContent = model.get("description");
    button.title = model.get("tooltip");
    button.disabled = model.get("disabled") || model.get("busy");
    note.textContent = model.get("message");
  };
  sync();
  for (const name of ["description", "tooltip", "disabled", "busy", "message"]) {
    model.on("change:" + name, sync);
  }
  button.addEventListener("click", () => model.send({ request: "file" }));
  model.on("msg:custom", (msg, buffers) => {
    if (!msg || msg.kind !== "file" || !buffers || !buffers.length) return;
    const blob = new Blob([buffers[0]], { type: msg.mime || "application/octet-stream" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = msg.filename;
    link.style.display = "none";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  });
  el.classList.add("wb-download");
  el.appendChild(button);
  el.appendChild(note);
}
export default { render };
"""

_CSS = """
.wb-download{display:flex;flex-wrap:wrap;align-items:center;gap:4px 10px;margin:4px 0;
 max-width:100%}
.wb-download .wb-download-button{width:auto;max-width:100%;height:auto;white-space:normal;
 min-height:var(--jp-widgets-inline-height,28px);line-height:1.3;padding:3px 12px;
 overflow:visible;text-overflow:clip}
.wb-download .wb-download-note{color:#444;font-size:13px;overflow-wrap:anywhere}
"""


class DownloadButton(anywidget.AnyWidget):
    """A button that downloads the file ``producer()`` returns (``(file name, bytes)``).

    The file is built when clicked, so it always matches what the page shows. A failure is
    said in French next to the button (the technical text is logged and kept in ``errors``).
    """

    _esm = _ESM
    _css = _CSS
    description = traitlets.Unicode("").tag(sync=True)
    tooltip = traitlets.Unicode("").tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    busy = traitlets.Bool(False).tag(sync=True)

    def __init__(self, description: str, producer: Producer, *, tooltip: str = "",
                 lang: str | None = None, **kwargs: Any) -> None:
        super().__init__(description=description, tooltip=tooltip or description, **kwargs)
        self._producer = producer
        self._lang = lang
        self.errors: list[str] = []
        self.last: tuple[str, int] | None = None
        self.on_msg(self._on_message)

    def prepare(self) -> tuple[str, bytes]:
        """What a click sends to the browser: ``(file name, bytes)``."""
        from workbench.i18n import language

        with language(self._lang):
            name, data = self._producer()
        return name, data

    def click(self) -> tuple[str, bytes] | None:
        """Build the file and send it to the browser (what the button does)."""
        from workbench.i18n import language

        self.busy = True
        try:
            name, data = self.prepare()
        except Exception as exc:
            self.errors.append(f"{type(exc).__name__}: {exc}")
            log.debug("download failed", exc_info=True)
            with language(self._lang):
                self.message = t("download.failed")
            return None
        finally:
            self.busy = False
        mime = XLSX_MIME if name.endswith(".xlsx") else (
            mimetypes.guess_type(name)[0] or "application/octet-stream")
        self.send({"kind": "file", "filename": name, "mime": mime}, buffers=[data])
        self.last = (name, len(data))
        with language(self._lang):
            self.message = t("download.sent", name=name, size=_size(len(data)))
        return name, data

    def _on_message(self, _widget: Any, content: Mapping[str, Any], _buffers: Any) -> None:
        if isinstance(content, Mapping) and content.get("request") == "file":
            self.click()


def _size(n_bytes: int) -> str:
    if n_bytes < 1024:
        return t("download.bytes", n=n_bytes)
    return t("download.kilobytes", n=f"{n_bytes / 1024:.0f}".replace(".", ","))


def file_bytes(write: Callable[[Path], Any], name: str) -> tuple[str, bytes]:
    """Run a writer that takes a path (``write_kumu``, ``write_codebook_csv``…) into a
    temporary folder and return ``(name, bytes)``; nothing is left on the server."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="workbench-download-") as folder:
        target = Path(folder) / name
        write(target)
        return name, target.read_bytes()


# --- spreadsheets with a header block ------------------------------------------------------------
def spreadsheet(table: pd.DataFrame, *, title: str, header: Sequence[tuple[str, str]] = (),
                sheet: str = "Tableau", number_formats: Mapping[str, str] | None = None,
                widths: Iterable[int] = ()) -> bytes:
    """One sheet: the title, the ``header`` lines (what, which filters), the export date, a
    blank line, then ``table`` with its own headings. Numbers stay numbers (``number_formats``
    per column: ``"0%"``, ``"0.00"``…); text a spreadsheet would run as a formula is neutralised
    (``workbench.normalise.spreadsheet_safe``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append([spreadsheet_safe(title, as_text=True)])
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    lines = [*header, (t("download.exported_on"), dt.datetime.now().strftime("%d/%m/%Y %H:%M"))]
    for label, value in lines:
        ws.append([spreadsheet_safe(label, as_text=True), spreadsheet_safe(value, as_text=True)])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.append([])
    head_row = ws.max_row + 1
    ws.append([spreadsheet_safe(str(c), as_text=True) for c in table.columns])
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    formats = dict(number_formats or {})
    for record in table.itertuples(index=False):
        ws.append([_cell_value(v) for v in record])
        for j, column in enumerate(table.columns, start=1):
            cell = ws.cell(row=ws.max_row, column=j)
            if column in formats and isinstance(cell.value, (int, float)):
                cell.number_format = formats[column]
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=head_row, column=j).column_letter].width = width
    ws.freeze_panes = ws.cell(row=head_row + 1, column=1)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would read a leading "=" as a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_value(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar → Python
        value = value.item()
    return spreadsheet_safe(value)


__all__ = ["DownloadButton", "file_bytes", "spreadsheet"]
