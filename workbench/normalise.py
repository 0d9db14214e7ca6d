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


def spreadsheet_safe(text: object) -> str:
    """Text to write into a spreadsheet export: formula-like cells get a leading ``'``."""
    value = neutralise_formula(text)
    return "'" + value if is_formula_like(value) else value
