"""Export the cooperation network to Kumu's spreadsheet format (kumu.io → Import → Excel).

One XLSX with two sheets: ``Elements`` (``Label``, ``Type``, ``Sector``, ``Group``,
``Mainstream``, ``Tags``, ``Responded``) and ``Connections`` (``From``, ``To``, ``Type``,
``Direction``, ``Level``, ``Wave``, ``Wave label``), one connection per tie per wave. Ties are the
symmetrised organisation-level ties (see ``workbench.indicators.network_graph``), never a person's
rating; a wave resting on fewer respondents than the framework's threshold is left out. Every text
cell is spreadsheet-safe (a cell starting with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'``).

>>> write_kumu("reseau.xlsx", store.load_dataset(), fw)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from workbench.charts.network import level_label, sector_label, wave_name
from workbench.framework import Framework
from workbench.i18n import name_of, t
from workbench.indicators.network_graph import TIE_MIN_LEVEL, networks_by_wave
from workbench.indicators.network_views import wave_is_masked
from workbench.normalise import spreadsheet_safe
from workbench.store import Dataset

ELEMENT_COLUMNS = ["Label", "Type", "Sector", "Group", "Mainstream", "Tags", "Responded"]
CONNECTION_COLUMNS = ["From", "To", "Type", "Direction", "Level", "Wave", "Wave label"]


def kumu_sheets(data: Dataset | pd.DataFrame, fw: Framework, *,
                min_level: int = TIE_MIN_LEVEL) -> dict[str, pd.DataFrame]:
    """The two sheets as frames (text cells already neutralised); waves too small are skipped."""
    ties = data["ties"] if isinstance(data, Dataset) else data
    networks = {w: n for w, n in networks_by_wave(ties, fw).items() if not wave_is_masked(n, fw)}
    groups = {g.id: name_of(g) for g in fw.groups}
    names = {o.id: o.name for o in fw.organisations}
    yes, no = t("network.kumu.yes"), t("network.kumu.no")
    responded = {o for net in networks.values() for o in net.responded}
    elements = [{
        "Label": o.name, "Type": t("network.kumu.type"), "Sector": sector_label(o.sector),
        "Group": groups.get(o.group, o.group), "Mainstream": yes if o.mainstream else no,
        "Tags": sector_label(o.sector), "Responded": yes if o.id in responded else no,
    } for o in fw.organisations]
    seen = {o.id for o in fw.organisations}
    for net in networks.values():  # organisations outside the roster, kept visible
        for node in net.nodes:
            if node not in seen:
                seen.add(node)
                elements.append({"Label": node, "Type": t("network.kumu.type"),
                                 "Sector": sector_label(net.sector[node]), "Group": "",
                                 "Mainstream": no, "Tags": "",
                                 "Responded": yes if node in net.responded else no})
    connections = [{
        "From": names.get(a, a), "To": names.get(b, b),
        "Type": level_label(int(level)).capitalize(),
        "Direction": t("network.kumu.undirected"), "Level": int(level), "Wave": wave,
        "Wave label": wave_name(fw, wave),
    } for wave, net in networks.items() for a, b, level in net.edges(min_level)]
    sheets = {"Elements": pd.DataFrame(elements, columns=ELEMENT_COLUMNS),
              "Connections": pd.DataFrame(connections, columns=CONNECTION_COLUMNS)}
    return {name: _safe(frame) for name, frame in sheets.items()}


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(lambda v: spreadsheet_safe(v, as_text=True)).astype("str")
    return out


def write_kumu(path: str | Path, data: Dataset | pd.DataFrame, fw: Framework, *,
               min_level: int = TIE_MIN_LEVEL) -> Path:
    """Write the Kumu workbook to ``path`` (parent folders created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheets = kumu_sheets(data, fw, min_level=min_level)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            _text_cells_as_strings(writer.sheets[name])
    return path


def _text_cells_as_strings(sheet: Any) -> None:
    """openpyxl reads a str starting with ``=`` as a formula: force the string type."""
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
