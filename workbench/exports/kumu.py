"""Export the cooperation network to Kumu's spreadsheet format (kumu.io → Import → Excel).

One XLSX with two sheets: ``Elements`` (``Label``, ``Type``, ``Sector``, ``Group``,
``Mainstream``, ``Tags``, ``Responded``) and ``Connections`` (``From``, ``To``, ``Type``,
``Direction``, ``Level``, ``Wave``, ``Wave label``), one connection per tie per wave. Everything
comes from the publication: the ties it draws (symmetrised, organisation-level — never a
person's rating, and only the pairs both organisations rated unless the framework publishes the
ratings per pair), the waves it shows (a wave resting on fewer respondents than the threshold is
left out). Every text cell is spreadsheet-safe (a cell starting with ``=``, ``+``, ``-`` or ``@``
gets a leading ``'``).

>>> write_kumu("reseau.xlsx", publication_for(store, fw))
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from workbench.charts.network import level_label, sector_label, wave_name
from workbench.i18n import name_of, t
from workbench.normalise import spreadsheet_safe
from workbench.publication import Publication

ELEMENT_COLUMNS = ["Label", "Type", "Sector", "Group", "Mainstream", "Tags", "Responded"]
CONNECTION_COLUMNS = ["From", "To", "Type", "Direction", "Level", "Wave", "Wave label"]


def kumu_sheets(pub: Publication) -> dict[str, pd.DataFrame]:
    """The two sheets as frames (text cells already neutralised), from the published network."""
    fw = pub.fw
    summary = pub.table("network:summary")
    shown = [str(w) for w, m in zip(summary["wave"], summary["masked"], strict=True)
             if not m] if len(summary) else []
    nodes = pub.table("network:nodes")
    nodes = nodes[nodes["wave"].astype(str).isin(shown).to_numpy()] if len(nodes) else nodes
    edges = pub.table("network:edges")
    edges = edges[edges["wave"].astype(str).isin(shown).to_numpy()] if len(edges) else edges
    groups = {g.id: name_of(g) for g in fw.groups}
    names = {o.id: o.name for o in fw.organisations}
    yes, no = t("network.kumu.yes"), t("network.kumu.no")
    responded = set(nodes.loc[nodes["responded"].astype(bool), "organisation"]) if len(nodes) \
        else set()
    elements = [{
        "Label": o.name, "Type": t("network.kumu.type"), "Sector": sector_label(o.sector),
        "Group": groups.get(o.group, o.group), "Mainstream": yes if o.mainstream else no,
        "Tags": sector_label(o.sector), "Responded": yes if o.id in responded else no,
    } for o in fw.organisations]
    seen = {o.id for o in fw.organisations}
    for row in nodes.to_dict("records") if len(nodes) else []:  # outside the roster, kept
        if row["organisation"] not in seen and bool(row.get("observed", True)):
            seen.add(row["organisation"])
            elements.append({"Label": row["organisation"], "Type": t("network.kumu.type"),
                             "Sector": sector_label(str(row["sector"])), "Group": "",
                             "Mainstream": no, "Tags": "",
                             "Responded": yes if row["organisation"] in responded else no})
    connections = [{
        "From": names.get(a, a), "To": names.get(b, b),
        "Type": level_label(int(level)).capitalize(),
        "Direction": t("network.kumu.undirected"), "Level": int(level), "Wave": wave,
        "Wave label": wave_name(fw, wave),
    } for wave, a, b, level in zip(edges["wave"], edges["org_a"], edges["org_b"],
                                    edges["level"], strict=True)] if len(edges) else []
    sheets = {"Elements": pd.DataFrame(elements, columns=ELEMENT_COLUMNS),
              "Connections": pd.DataFrame(connections, columns=CONNECTION_COLUMNS)}
    return {name: _safe(frame) for name, frame in sheets.items()}


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(lambda v: spreadsheet_safe(v, as_text=True)).astype("str")
    return out


def write_kumu(path: str | Path, pub: Publication) -> Path:
    """Write the Kumu workbook to ``path`` (parent folders created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheets = kumu_sheets(pub)
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
