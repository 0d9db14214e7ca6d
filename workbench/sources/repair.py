"""Text whose accents were mangled before it reached us: repaired where it can be, reported
where it cannot (the file is never modified; only what is read is repaired).

Two manglings are common: UTF-8 read as cp1252 or MacRoman and saved again (« Ã©tÃ© »,
« caf√© »), which ``ftfy`` repairs; and Latin-1 read as MacRoman (« nationalitÈ franÁaise »,
seen in a real survey export), which the standard codecs undo when ftfy sees nothing.

>>> repair_text("Ã©tÃ© trÃ¨s")
'été très'
>>> repair_text("nationalitÈ franÁaise")
'nationalité française'
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# an upper-case accented letter glued after a lower-case letter (« franÁaise », « nationalitÈ »)
_GLUED = re.compile(r"[a-zà-ÿ][À-ÖØ-Þ]")
_RECODINGS = (("mac_roman", "latin-1"), ("mac_roman", "cp1252"), ("cp1252", "mac_roman"))


def _distinct_non_ascii(series: pd.Series) -> list[str]:
    """The distinct cells of ``series`` holding a non-ASCII character (Arrow-backed text is
    filtered without a Python loop over its cells)."""
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        cells = pa.chunked_array(series.array.__arrow_array__())
        wanted = pc.filter(cells, pc.invert(pc.fill_null(pc.string_is_ascii(cells), True)))
        return [str(t) for t in pc.unique(wanted).to_pylist()]
    return [t for t in dict.fromkeys(str(v) for v in series.dropna()) if not t.isascii()]


def looks_mangled(text: str) -> bool:
    """True when ``text`` shows mangled accents (ftfy's test, or an accented capital inside a
    lower-case word)."""
    import ftfy.badness

    if text.isascii():
        return False
    return ftfy.badness.is_bad(text) or bool(_GLUED.search(text))


def repair_text(text: str) -> str:
    """``text`` with its mangled accents repaired, or unchanged when nothing better is found."""
    import ftfy

    if text.isascii():
        return text
    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        return fixed
    if not _GLUED.search(text):
        return text
    for wrong, right in _RECODINGS:
        try:
            candidate = text.encode(wrong).decode(right)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        changed = [b for a, b in zip(text, candidate, strict=False) if a != b]
        letters = all("À" <= ch <= "ÿ" and ch.isalpha() for ch in changed)
        if letters and not _GLUED.search(candidate) and not looks_mangled(candidate):
            return candidate
    return text


def repair_frame(frame: pd.DataFrame, names: list[str], lines: list[int], header_line: int
                 ) -> tuple[pd.DataFrame, list[str], dict[str, str], list[tuple[int, str, str]]]:
    """Repair the column names and every cell; returns the frame, the names, the repairs made
    (mangled → repaired) and the cells still mangled (line, column, text)."""
    repairs: dict[str, str] = {}
    left: list[tuple[int, str, str]] = []

    def fix(text: str) -> str:
        if text.isascii():
            return text
        repaired = repair_text(text)
        if repaired != text:
            repairs[text] = repaired
        return repaired

    new_names = [fix(n) for n in names]
    if len(set(new_names)) != len(new_names):  # a repair must not merge two columns
        new_names = names
    frame.columns = new_names
    for column in new_names:
        if not looks_mangled("\n".join(_distinct_non_ascii(frame[column]))):
            continue  # one look at the whole column: almost every column is clean
        codes, uniques = pd.factorize(frame[column])
        texts = [str(u) for u in uniques]
        fixed = [fix(t) for t in texts]
        if fixed != texts:
            frame[column] = pd.Series(np.asarray(fixed, dtype=object)[codes], dtype="str",
                                      index=frame.index)
        for position, text in enumerate(fixed):
            if looks_mangled(text):
                row = int(np.flatnonzero(codes == position)[0])
                left.append((lines[row] if row < len(lines) else row + 2, column, text))
    for name in new_names:
        if looks_mangled(name):
            left.append((header_line, name, name))
    return frame, new_names, repairs, left
