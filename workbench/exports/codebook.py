"""The codebook and the quotes table (CSV, UTF-8 with BOM for Excel): the coding for other
tools (a spreadsheet, a QDA program)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.framework import Framework
from workbench.i18n import name_of, t, text_of
from workbench.indicators.consensus import consensus_codes, consensus_valence
from workbench.normalise import spreadsheet_safe
from workbench.stats.agreement import THEME_PREFIX


def lesson_codes(fw: Framework) -> list[str]:
    return [lesson.id for lesson in fw.lessons]


def codebook(fw: Framework, codings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Codebook (``name``, ``description``): the framework's lessons, then every free theme."""
    rows = []
    for le in fw.lessons:
        text = text_of(le)
        rows.append({"name": le.id, "description": f"{name_of(le)} : {text}" if text
                     else name_of(le)})
    if codings is not None and len(codings):
        themes = sorted({c for c in codings["code"].astype("str") if c.startswith(THEME_PREFIX)})
        rows += [{"name": c, "description": t("voices.free_theme", label=c[1:])} for c in themes]
    return pd.DataFrame(rows, columns=["name", "description"])


def quotes_table(verbatims: pd.DataFrame, codings: pd.DataFrame, fw: Framework, *,
                 rule: str = "majority", coder: str | None = None,
                 quotable_only: bool = False,
                 adjudications: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per coded verbatim, one 0/1 column per code of the codebook (the consolidation
    rule of ``indicators.consensus``, recorded ``adjudications`` included), the valence and
    the verbatim's context. Text columns are spreadsheet-safe (formulas neutralised)."""
    carried = consensus_codes(codings, rule=rule, coder=coder, adjudications=adjudications)
    coded_ids = set(carried["verbatim_id"]) | set(
        (codings if coder is None else codings[codings["coder"] == coder])["verbatim_id"])
    base = verbatims[verbatims["verbatim_id"].isin(coded_ids)]
    if quotable_only:
        base = base[base["quotable"].fillna(0).astype(int) == 1]
    context = ["verbatim_id", "kind", "event_id", "wave", "qpv", "group_id", "prompt", "title",
               "text", "quotable"]
    table = base[[c for c in context if c in base.columns]].reset_index(drop=True)
    hits = carried[carried["carried"]]
    for code in codebook(fw, codings)["name"]:
        ids = set(hits.loc[hits["code"] == code, "verbatim_id"])
        table[code] = table["verbatim_id"].isin(ids).astype(int)
    valence = consensus_valence(codings, coder=coder, adjudications=adjudications)
    table["valence"] = table["verbatim_id"].map(valence).astype("Int64")
    for col in ("kind", "event_id", "wave", "qpv", "group_id", "prompt", "title", "text"):
        if col in table:
            table[col] = table[col].map(lambda v: spreadsheet_safe(v, as_text=True)).astype("str")
    return table


def write_codebook_csv(path: str | Path, fw: Framework,
                       codings: pd.DataFrame | None = None) -> Path:
    """The codebook as CSV (UTF-8 with BOM so that Excel reads accents; ``,`` separator)."""
    book = codebook(fw, codings)
    book = book.assign(**{c: book[c].map(lambda v: spreadsheet_safe(v, as_text=True))
                          for c in book.columns})
    return _write_csv(book, path)


def write_quotes_csv(path: str | Path, verbatims: pd.DataFrame, codings: pd.DataFrame,
                     fw: Framework, **kw: object) -> Path:
    """The quotes table as CSV (see ``quotes_table``)."""
    return _write_csv(quotes_table(verbatims, codings, fw, **kw), path)


def _write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path
