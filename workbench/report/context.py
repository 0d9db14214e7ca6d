"""What one report reads: the framework, the data, every indicator cube, the QPV and the language
(``open_report`` loads them once)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.config import Paths
from workbench.errors import StoreError
from workbench.framework import Framework, load_framework
from workbench.i18n import resolve_language, t
from workbench.indicators import ALL
from workbench.report.inputs import compute_inputs, load_inputs
from workbench.store import Dataset, Store


@dataclass
class ReportContext:
    """What one report reads: framework, data, every indicator cube, and the QPV (``*`` = all)."""

    fw: Framework
    data: Dataset
    cubes: dict[str, pd.DataFrame]
    qpv: str = ALL
    generated: dt.date = field(default_factory=dt.date.today)
    narrative: Path | None = None  # the evaluator's Markdown folder (data/narrative)
    trace_types: set[str] = field(default_factory=set)  # of every figure drawn so far
    rendered: dict[str, str] | None = None  # anchor → section HTML, built once
    shared: dict[str, Any] = field(default_factory=dict)  # territory figures computed once
    lang: str = "fr"  # every section is rendered in this language

    @property
    def place(self) -> str:
        return t("report.whole_territory") if self.qpv == ALL else self.fw.qpv(self.qpv).name


def open_report(qpv: str = ALL, store: str | Path | None = None,
                framework: str | Path | None = None, lang: str | None = None,
                narrative: str | Path | None = None,
                inputs: str | Path | None = None) -> ReportContext:
    """Load the framework and the store once, compute every indicator once.

    ``narrative``: the folder of the evaluator's Markdown files (default ``data/narrative``);
    ``inputs``: the file ``build_reports`` wrote with the store already loaded and computed
    (``workbench.report.inputs``; ignored when absent or no longer matching the store)."""
    fw = load_framework(framework)
    lang = resolve_language(lang, fw.language)
    if qpv != ALL:
        fw.qpv(qpv)  # unknown id → FrameworkError naming it
    db = Store(store)
    if not db.exists():
        raise StoreError(t("report.no_store", path=db.location), key="report_store_missing",
                         file=db.location)
    loaded = load_inputs(inputs, db) if inputs else None
    if loaded is None:
        loaded = compute_inputs(db, fw, shared=False)
    folder = Path(narrative) if narrative else Paths.default().narrative
    return ReportContext(fw=fw, data=loaded.data, cubes=loaded.cubes, qpv=qpv,
                         narrative=folder, shared=loaded.shared, lang=lang)
