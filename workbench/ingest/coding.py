"""Codings of verbatims: one store transaction per click, the codebook and the quotes table.

Codes in ``codings.code``: a framework lesson id (``L1`` … ``L7``), a free theme ``#<label>``
(« #mobilité »), ``_valence`` (the row's ``valence`` holds −1, 0 or +1) or ``_none`` (the coder
read the verbatim and found no lesson). One row per verbatim × code × coder (upsert); unticking
deletes the row.

Coders are staff: their name is never stored. ``coder_id(name)`` is the keyed hash of the
name as typed (``Pseudonymiser().person_id``), so the same coder gets the same id every session
and on every machine sharing the secret key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.framework import Framework
from workbench.i18n import name_of, t, text_of
from workbench.normalise import normalise_label, spreadsheet_safe
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.stats.agreement import NO_CODE, RESERVED_CODES, VALENCE_CODE
from workbench.store import Store, now_iso

THEME_PREFIX = "#"
VALENCES = (-1, 0, 1)


class CodingError(WorkbenchError, ValueError):
    """A coding cannot be saved (unknown verbatim, empty theme, bad valence)."""

    key = "coding_invalid"


def coder_id(name: str, pseudonymiser: Pseudonymiser | None = None) -> str:
    """The pseudonymous id of a coder from the name typed once in the app."""
    if not name or not str(name).strip():
        raise CodingError(t("voices.coder_missing"), key="coder_missing", column="coder",
                          expected=t("voices.coder_prompt"), found="")
    return (pseudonymiser or Pseudonymiser()).person_id(str(name))


def theme_code(label: str, existing: Sequence[str] = ()) -> str:
    """``#<label>`` for a free theme; reuses an existing theme spelled the same way
    (case, accents, apostrophes and spaces folded)."""
    clean = re.sub(r"\s+", " ", str(label or "")).strip().lstrip(THEME_PREFIX).strip()
    if not clean:
        raise CodingError(t("voices.theme_empty"), key="theme_empty", column="theme",
                          expected=t("voices.theme_expected"), found=repr(label))
    wanted = normalise_label(clean)
    for code in existing:
        if code.startswith(THEME_PREFIX) and normalise_label(code[1:]) == wanted:
            return code
    return THEME_PREFIX + clean


def _check_verbatim(con, verbatim_id: str) -> None:
    if con.execute("SELECT 1 FROM verbatims WHERE verbatim_id = ?", (verbatim_id,)).fetchone():
        return
    raise CodingError(t("voices.unknown_verbatim", id=verbatim_id), key="unknown_verbatim",
                      column="verbatim_id", expected="verbatim_id", found=verbatim_id)


def set_code(store: Store, verbatim_id: str, code: str, coder: str, checked: bool) -> None:
    """Tick (upsert) or untick (delete) one code for one verbatim by one coder: ONE transaction."""
    if code == VALENCE_CODE:
        raise CodingError("use set_valence", key="coding_valence_code", found=code)
    with store.transaction() as con:
        _check_verbatim(con, verbatim_id)
        if checked:
            con.execute(
                "INSERT INTO codings (verbatim_id, code, coder, valence, coded_at) "
                "VALUES (?, ?, ?, NULL, ?) ON CONFLICT (verbatim_id, code, coder) "
                "DO UPDATE SET coded_at = excluded.coded_at",
                (verbatim_id, code, coder, now_iso()),
            )
        else:
            con.execute("DELETE FROM codings WHERE verbatim_id = ? AND code = ? AND coder = ?",
                        (verbatim_id, code, coder))


def set_valence(store: Store, verbatim_id: str, coder: str, valence: int | None) -> None:
    """Record the valence (−1, 0, +1) of a verbatim for a coder (``None`` clears it)."""
    if valence is not None and valence not in VALENCES:
        raise CodingError(t("voices.bad_valence", found=valence), key="coding_bad_valence",
                          column="valence", expected="-1, 0, 1", found=str(valence))
    with store.transaction() as con:
        _check_verbatim(con, verbatim_id)
        if valence is None:
            con.execute("DELETE FROM codings WHERE verbatim_id = ? AND code = ? AND coder = ?",
                        (verbatim_id, VALENCE_CODE, coder))
            return
        con.execute(
            "INSERT INTO codings (verbatim_id, code, coder, valence, coded_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (verbatim_id, code, coder) "
            "DO UPDATE SET valence = excluded.valence, coded_at = excluded.coded_at",
            (verbatim_id, VALENCE_CODE, coder, int(valence), now_iso()),
        )


def read_codings(store: Store, *, coder: str | None = None) -> pd.DataFrame:
    """The codings table (of one coder when given)."""
    store.initialise()
    frame = store.read("codings")
    return frame if coder is None else frame[frame["coder"] == coder].reset_index(drop=True)


# --- consensus, codebook, quotes -----------------------------------------------------------------
def consensus_codes(codings: pd.DataFrame, *, rule: str = "majority",
                    coder: str | None = None) -> pd.DataFrame:
    """Per coded verbatim and code, whether the verbatim *carries* the code.

    ``rule="majority"``: at least half of the coders who coded the verbatim ticked it;
    ``"any"``: one coder is enough; ``coder=``: that coder only. Columns: verbatim_id, code,
    carried (bool), coders (how many coded the verbatim), ticks.
    """
    rows = codings if coder is None else codings[codings["coder"] == coder]
    if rule not in ("majority", "any"):
        raise CodingError(f"rule « {rule} » inconnue", key="coding_bad_rule",
                          expected="majority, any", found=rule)
    codes = rows[~rows["code"].isin(list(RESERVED_CODES))]
    if codes.empty:  # nothing coded yet: no verbatim carries any code
        return pd.DataFrame({"verbatim_id": pd.Series(dtype=str), "code": pd.Series(dtype=str),
                             "carried": pd.Series(dtype=bool), "coders": pd.Series(dtype=int),
                             "ticks": pd.Series(dtype=int)})
    coders = rows.groupby("verbatim_id")["coder"].nunique().rename("coders")
    ticks = codes.groupby(["verbatim_id", "code"])["coder"].nunique().rename("ticks")
    out = ticks.reset_index().merge(coders.reset_index(), on="verbatim_id", how="left")
    needed = 1 if rule == "any" else None
    out["carried"] = (out["ticks"] >= needed) if needed else (2 * out["ticks"] >= out["coders"])
    return out[["verbatim_id", "code", "carried", "coders", "ticks"]]


def consensus_valence(codings: pd.DataFrame, *, coder: str | None = None) -> pd.Series:
    """The valence of each verbatim: the median of its coders' valences (rounded toward 0)."""
    rows = codings if coder is None else codings[codings["coder"] == coder]
    val = rows[rows["code"] == VALENCE_CODE].dropna(subset=["valence"])
    med = val.groupby("verbatim_id")["valence"].median()
    return med.apply(lambda v: int(v) if v == int(v) else 0).rename("valence")


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
                 quotable_only: bool = False) -> pd.DataFrame:
    """One row per coded verbatim, one 0/1 column per code of the codebook, the valence and
    the verbatim's context. Text columns are spreadsheet-safe (formulas neutralised)."""
    carried = consensus_codes(codings, rule=rule, coder=coder)
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
    valence = consensus_valence(codings, coder=coder)
    table["valence"] = table["verbatim_id"].map(valence).astype("Int64")
    for col in ("kind", "event_id", "wave", "qpv", "group_id", "prompt", "title", "text"):
        if col in table:
            table[col] = table[col].map(spreadsheet_safe).astype("str")
    return table


def write_codebook_csv(path: str | Path, fw: Framework,
                       codings: pd.DataFrame | None = None) -> Path:
    """The codebook as CSV (UTF-8 with BOM so that Excel reads accents; ``,`` separator)."""
    book = codebook(fw, codings)
    book = book.assign(**{c: book[c].map(spreadsheet_safe) for c in book.columns})
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


__all__ = ["NO_CODE", "THEME_PREFIX", "VALENCE_CODE", "CodingError", "code_demo_verbatims",
           "codebook", "coder_id",
           "consensus_codes", "consensus_valence", "lesson_codes", "quotes_table", "read_codings",
           "set_code", "set_valence", "theme_code", "write_codebook_csv", "write_quotes_csv"]


# --- demo ----------------------------------------------------------------------------------------
DEMO_CUES: dict[str, tuple[str, ...]] = {
    "L1": ("elu", "maire", "adjoint", "politique"),
    "L2": ("service", "droit commun", "decloison", "direction"),
    "L3": ("temps", "urgence", "rythme", "patience"),
    "L4": ("nous", "ensemble", "collectif", "solidar", "commun"),
    "L5": ("pratique", "posture", "anim", "cooper", "intelligence collective"),
    "L6": ("espoir", "envie", "desir", "avenir", "capable", "fier"),
    "L7": ("resultat", "pilotage", "appel a projet", "cite educative", "contagion", "change"),
}


def code_demo_verbatims(store: Store, fw: Framework, *, seed: int = 2023,
                        coders: Sequence[str] = ("Codeuse Démo A", "Codeur Démo B"),
                        disagreement: float = 0.15,
                        pseudonymiser: Pseudonymiser | None = None) -> int:
    """FOR THE DEMO ONLY: simulate coders on the demo verbatims (keyword cues per lesson, then
    each coder flips a decision with probability ``disagreement``), so that the voices section
    and the agreement table have something to show. Returns the number of rows written."""
    import numpy as np

    rng = np.random.default_rng(seed)
    verbatims = store.read("verbatims")
    lessons = set(lesson_codes(fw))
    ids = [coder_id(name, pseudonymiser) for name in coders]
    rows = []
    for vid, text in zip(verbatims["verbatim_id"], verbatims["text"], strict=True):
        key = normalise_label(text)
        cued = {code for code, cues in DEMO_CUES.items() if code in lessons
                and any(cue in key for cue in cues)}
        for coder in ids:
            flips = {code for code in lessons if rng.random() < disagreement / 3}
            codes = cued ^ flips
            for code in sorted(codes) or [NO_CODE]:
                rows.append((vid, code, coder, None))
            rows.append((vid, VALENCE_CODE, coder, int(rng.choice([-1, 0, 1, 1]))))
    frame = pd.DataFrame(rows, columns=["verbatim_id", "code", "coder", "valence"])
    frame["coded_at"] = now_iso()
    with store.transaction() as con:
        con.executemany("DELETE FROM codings WHERE coder = ?", [(c,) for c in ids])
        store.insert_frame(con, "codings", frame)
    return len(frame)
