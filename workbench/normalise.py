"""Text normalisation for matching labels typed by people, and spreadsheet-safe text.

``normalise_label`` folds what differs between two spellings of the same answer in French exports:
case, accents, the two apostrophes, non-breaking spaces, spaces before ``: ; ? !``, a trailing full
stop and inclusive forms (« Élu·e », « Habitant(e) »).

>>> normalise_label("TOUT À FAIT D’ACCORD.") == normalise_label("Tout a fait d'accord")
True
>>> normalise_label("Élu·e") == normalise_label("élu")
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

import numpy as np
import pandas as pd

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "′": "'"})
_DASHES = re.compile(r"[-‐‑‒–—―−]+")
_MIDDLE_DOTS = "·‧⋅•∙"
_INCLUSIVE = [
    (re.compile(rf"(?<=\w)[{_MIDDLE_DOTS}]e[{_MIDDLE_DOTS}]?s\b"), "s"),  # élu·e·s, élu·es
    (re.compile(rf"(?<=\w)[{_MIDDLE_DOTS}]e\b"), ""),  # élu·e
    (re.compile(rf"(?<=\w)[{_MIDDLE_DOTS}]s\b"), "s"),
    (re.compile(r"(?<=[a-z])\.e\.?s\b(?!\.\w)"), "s"),  # élu.e.s
    (re.compile(r"(?<=[a-z])\.e\b(?!\.\w)"), ""),  # élu.e
    (re.compile(r"(?<=\w)\s?\(e\)"), ""),  # habitant(e)
    (re.compile(r"(?<=\w)\s?\(e?s\)"), "s"),  # élu(e)s, élu(es)
]
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([:;?!,.])")
_SPACES = re.compile(r"\s+")
_TRAILING_PUNCT = re.compile(r"[\s.;:!?…,]+$")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _normalise_once(text: str) -> str:
    text = _strip_accents(text).casefold()
    text = _strip_accents(text)  # casefold can yield decomposable characters
    text = text.translate(_APOSTROPHES)
    text = _SPACES.sub(" ", text)  # NBSP, narrow NBSP, tabs, newlines → one space
    for pattern, repl in _INCLUSIVE:
        text = pattern.sub(repl, text)
    text = _DASHES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACES.sub(" ", text).strip()
    return _TRAILING_PUNCT.sub("", text).strip()


def normalise_label(text: object) -> str:
    """The matching key of a label: ``"Tout à fait d’accord."`` → ``"tout a fait d'accord"``.

    Idempotent; ``None`` gives ``""``.
    """
    if text is None:
        return ""
    current = str(text)
    for _ in range(8):  # reach the fixed point (one pass almost always suffices)
        following = _normalise_once(current)
        if following == current:
            break
        current = following
    return current


def squash_label(text: object) -> str:
    """A looser key: the normalised label without spaces or punctuation.

    Matches KoboToolbox XML names to labels: ``"plutot_d_accord"`` ≈ ``"Plutôt d'accord"``.
    """
    return _NOT_ALNUM.sub("", normalise_label(text))


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula (``=``, ``+``, ``-``, ``@`` …).

    Plain numbers such as ``-3`` or ``+33,5`` are not formulas.
    """
    return bool(text) and text.startswith(_FORMULA_START) and not _NUMBER.match(text.strip())


def neutralise_formula(value: object) -> str:
    """A cell as plain text, never evaluated: formulas (``=SUM(A1)``, ``@cmd``) stay text.

    Spreadsheet values become text too: ``None`` → ``""``, ``3.0`` → ``"3"``, a date → ISO 8601.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def spreadsheet_safe(value: object, *, as_text: bool = False) -> object:
    """A cell for a spreadsheet export (the one formula neutraliser of the workbench): text a
    spreadsheet would read as a formula gets a leading ``'``; numbers, dates and empty cells are
    returned as they are, or as text with ``as_text`` (``None`` → ``""``, ``3.0`` → ``"3"``).

    >>> spreadsheet_safe('=HYPERLINK("http://x")'), spreadsheet_safe(-3), spreadsheet_safe("-3")
    ('\'=HYPERLINK("http://x")', -3, '-3')
    """
    if as_text:
        value = neutralise_formula(value)
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


# --- dates as written by French tools ---------------------------------------------------------
_ISO_DATE = (r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
             r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?")
_SLASH_DATE = (r"^\s*(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2})"
               r"(?:\s*(?:-|à|,)?\s*(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?)?")


def iso_datetimes(values: pd.Series, *, day_first: bool | None = None) -> list[str | None]:
    """Dates and times as ``YYYY-MM-DD HH:MM:SS`` (or ``YYYY-MM-DD`` without a time).

    Reads ISO 8601 and ``15/03/2024 10:22`` (day first, the French way; a column where some
    first number exceeds 12 is day-first, where some second number does is month-first, as US
    Google Forms write; ``day_first`` forces the order). Empty cells give ``None``; a cell that
    is no date is kept as written.

    >>> iso_datetimes(pd.Series(["15/03/2024 10:22:33", "2024-03-16T08:00:00", ""]))
    ['2024-03-15 10:22:33', '2024-03-16 08:00:00', None]
    """
    codes, uniques = pd.factorize(values.reset_index(drop=True).astype("str").str.strip())
    distinct = _iso_of_distinct(pd.Series(uniques, dtype="str"), day_first)
    return np.asarray([*distinct, None], dtype=object)[codes].tolist()


_CANONICAL = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"  # LimeSurvey's: already what we write


def _iso_of_distinct(text: pd.Series, day_first: bool | None) -> list[str | None]:
    """``iso_datetimes`` of distinct stripped texts (a column's dates are read once each)."""
    out: list[str | None] = [v if v else None for v in text.tolist()]
    canonical = np.array(text.str.fullmatch(_CANONICAL).fillna(False), dtype=bool)
    if canonical.any():  # valid ones are kept as they are; only the others are parsed
        valid = pd.to_datetime(text[canonical], format="%Y-%m-%d %H:%M:%S", errors="coerce")
        canonical[np.flatnonzero(canonical)[valid.isna().to_numpy()]] = False
    others = np.flatnonzero(~canonical)
    for position, stamp in zip(others, _parsed(text.iloc[others].reset_index(drop=True),
                                               day_first), strict=True):
        if stamp is not None:
            out[position] = stamp
    return out


def _parsed(text: pd.Series, day_first: bool | None) -> list[str | None]:
    """Each text read as an ISO or a slashed date (``None`` where it is no date)."""
    out: list[str | None] = [None] * len(text)
    iso = text.str.extract(_ISO_DATE)
    slash = text.str.extract(_SLASH_DATE)
    if day_first is None:
        first = pd.to_numeric(slash["a"], errors="coerce")
        second = pd.to_numeric(slash["b"], errors="coerce")
        day_first = not ((second > 12).any() and not (first > 12).any())
    day = slash["a"] if day_first else slash["b"]
    month = slash["b"] if day_first else slash["a"]
    year = pd.to_numeric(slash["y"], errors="coerce")
    year = year.where(year >= 100, year + 2000)
    for parts, y in ((iso, pd.to_numeric(iso["y"], errors="coerce")), (
            pd.DataFrame({"d": day, "m": month, "H": slash["H"], "M": slash["M"],
                          "S": slash["S"]}), year)):
        found = y.notna().to_numpy()
        if not found.any():
            continue
        stamp = pd.to_datetime(pd.DataFrame({
            "year": y, "month": pd.to_numeric(parts["m"], errors="coerce"),
            "day": pd.to_numeric(parts["d"], errors="coerce"),
            "hour": pd.to_numeric(parts["H"], errors="coerce").fillna(0),
            "minute": pd.to_numeric(parts["M"], errors="coerce").fillna(0),
            "second": pd.to_numeric(parts["S"], errors="coerce").fillna(0),
        }).loc[found].reindex(range(len(text))), errors="coerce")
        timed = parts["H"].notna().to_numpy()
        full = stamp.dt.strftime("%Y-%m-%d %H:%M:%S").tolist()
        short = stamp.dt.strftime("%Y-%m-%d").tolist()
        for index in np.flatnonzero(found & stamp.notna().to_numpy()):
            out[index] = full[index] if timed[index] else short[index]
    return out
