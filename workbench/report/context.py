"""What one report reads: the framework, the publication (every published table, masked together
and audited), the QPV and the language (``open_report`` loads them once)."""

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
from workbench.publication import Publication
from workbench.report.inputs import report_publication
from workbench.store import Store


@dataclass
class ReportContext:
    """What one report reads: framework, publication, and the QPV (``*`` = all)."""

    fw: Framework
    pub: Publication
    qpv: str = ALL
    generated: dt.date = field(default_factory=dt.date.today)
    narrative: Path | None = None  # the evaluator's Markdown folder (data/narrative)
    trace_types: set[str] = field(default_factory=set)  # of every figure drawn so far
    rendered: dict[str, str] | None = None  # anchor → section HTML, built once
    shared: dict[str, Any] = field(default_factory=dict)  # territory figures computed once
    lang: str = "fr"  # every section is rendered in this language

    @property
    def cubes(self) -> dict[str, pd.DataFrame]:
        """Every indicator's published cube."""
        return self.pub.cubes

    @property
    def place(self) -> str:
        return t("report.whole_territory") if self.qpv == ALL else self.fw.qpv(self.qpv).name


def open_report(qpv: str = ALL, store: str | Path | None = None,
                framework: str | Path | None = None, lang: str | None = None,
                narrative: str | Path | None = None,
                inputs: str | Path | None = None) -> ReportContext:
    """Load the framework and the store's publication once.

    ``narrative``: the folder of the evaluator's Markdown files (default ``data/narrative``);
    ``inputs``: the publication file ``build_reports`` saved (``workbench.report.inputs``;
    without it the store's publication is read or built)."""
    fw = load_framework(framework)
    lang = resolve_language(lang, fw.language)
    if qpv != ALL:
        fw.qpv(qpv)  # unknown id → FrameworkError naming it
    db = Store(store)
    if not db.exists():
        raise StoreError(t("report.no_store", path=db.location), key="report_store_missing",
                         file=db.location)
    pub = report_publication(db, fw, inputs=inputs)
    folder = Path(narrative) if narrative else Paths.default().narrative
    return ReportContext(fw=fw, pub=pub, qpv=qpv, narrative=folder, lang=lang)
