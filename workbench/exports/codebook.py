"""The codebook and the quotes table (CSV, UTF-8 with BOM for Excel): the coding for other
tools (a spreadsheet, a QDA program).

``quotes_table`` is the evaluators' working export (every coded verbatim, for a QDA program;
never published). What is published — ``write_quotes_csv`` — comes from the publication: the
quotable verbatims (consent given, names screened at import) with the lessons they carry."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.framework import Framework
from workbench.i18n import name_of, t, text_of
from workbench.indicators.consensus import consensus_codes, consensus_valence
from workbench.normalise import spreadsheet_safe
from workbench.publication import Publication
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


def published_quotes(pub: Publication) -> pd.DataFrame:
    """The publication's quotes, one row per quotable coded verbatim: its context, the text,
    one 0/1 column per lesson it carries, its valence (text columns spreadsheet-safe)."""
    quotes = pub.quotes
    context = ["verbatim_id", "kind", "event_id", "wave", "qpv", "group", "prompt", "title",
               "text"]
    table = quotes.reindex(columns=context).reset_index(drop=True)
    carried = quotes["lessons"].fillna("").astype(str).str.split(", ") if len(quotes) else []
    for code in lesson_codes(pub.fw):
        table[code] = [int(code in lessons) for lessons in carried]
    table["valence"] = quotes["valence"].astype("Int64").to_numpy() if len(quotes) else []
    for col in ("kind", "event_id", "wave", "qpv", "group", "prompt", "title", "text"):
        table[col] = table[col].map(lambda v: spreadsheet_safe(v, as_text=True)).astype("str")
    return table


def write_quotes_csv(path: str | Path, pub: Publication) -> Path:
    """The published quotes as CSV (see ``published_quotes``)."""
    return _write_csv(published_quotes(pub), path)


def _write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path
