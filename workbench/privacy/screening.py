"""Name screening: known people's names in free text become « [personne] » before storage.

>>> names = name_variants("Hélène", "Le Gall")   # Hélène, Le Gall, Hélène Le Gall, Le Gall Hélène
>>> screen_names("Comme disait Hélène Le Gall, la totalité du quartier…", names)
'Comme disait [personne], la totalité du quartier…'

Matching is case-insensitive and accent-insensitive, whole words only (``Ali`` never touches
« totalité » or « Alice »), and the parts of a compound name may be joined by a space, a hyphen,
an apostrophe or nothing (« Jean-Pierre », « jean pierre », « JEAN-PIERRE »). Two guards keep
ordinary words intact:

- a lower-case word carrying accents the name does not have is left alone (name « Rose »: the word
  « rosé » stays; « Rosé » capitalised is screened). A name written in capitals (« HELENE »)
  carries no accent information, so every accent variant of it is screened;
- a name that is also a common French word (« Lê » ~ « le ») is screened only where it is written
  exactly, accents included, with a capital letter.

Over-screening is the safe side: a last name that is also a word (« Blanc ») is screened wherever
that word appears.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

PLACEHOLDER = "[personne]"
MIN_NAME_LENGTH = 2

_APOSTROPHES = "'’‘ʼ´`′"
_DASHES = "-‐‑‒–—―−"
_SEPARATOR = r"[\s\-'.]*"
_SPLIT = re.compile(r"[\s\-'.]+")
# Short French words that are also names somewhere (« Lê », « Ma », « Du »…): exact match only.
_COMMON_WORDS_TEXT = """
    a ai au aux as avec ce ces ci ca de des du dit en est et eu il ils je la le les lui ma me
    mes mi moi mon ne ni nos notre nous on ou par pas peu plus pour qu que qui sa se ses si son
    sur ta te tes toi ton tu un une va vie vu y ont oui non bon bien mal tout tous rien car or
    donc mais sans sous chez vers elle elles leur eux celle cela dans fait fois jour ans an mer
    sol loi roi foi lit mot mur nom nul pire"""
COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())
# Particles of compound last names (« Le Gall », « Van der Berg »): never screened on their own.
PARTICLES = frozenset(
    ["de", "d", "du", "des", "le", "la", "les", "l", "van", "von", "der", "den", "da", "das", "do",
     "dos", "di", "el", "al", "ben", "bin", "ter", "ten", "mac", "mc", "saint", "sainte", "st"]
)


def _fold_char(char: str) -> str:
    """One character folded for matching: accents dropped, case folded, separators unified."""
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    if char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(
        c for c in unicodedata.normalize("NFKD", base) if not unicodedata.combining(c)
    )


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of its original character."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = _fold_char(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def fold_name(name: str) -> str:
    """The matching key of a name: folded, its parts joined by single spaces."""
    folded, _ = fold_with_positions(name.strip())
    return " ".join(part for part in _SPLIT.split(folded) if part)


def _accent_form(text: str) -> str:
    """Case folded, accents kept, separators dropped: compares the accents of two spellings."""
    text = unicodedata.normalize("NFC", text).casefold()
    return "".join(p for p in _SPLIT.split("".join(_fold_sep(c) for c in text)) if p)


def _fold_sep(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    return " " if char.isspace() else char


def _has_accents(text: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", text))


@dataclass(frozen=True)
class _Spelling:
    accent_form: str
    trusted_accents: bool  # False for names written in capitals (accents often dropped there)


class NameScreener:
    """Compiled once for a list of names; ``screen(text)`` replaces them by ``PLACEHOLDER``."""

    def __init__(self, names: Iterable[str | None]) -> None:
        self._spellings: dict[str, list[_Spelling]] = {}  # key without separators → spellings
        self._keys: set[str] = set()
        for raw in names:
            if raw is None:
                continue
            name = str(raw).strip()
            key = fold_name(name)
            if len(key.replace(" ", "")) < MIN_NAME_LENGTH or not any(c.isalpha() for c in key):
                continue
            letters = [c for c in name if c.isalpha()]
            trusted = not all(c.isupper() for c in letters)
            self._spellings.setdefault(key.replace(" ", ""), []).append(
                _Spelling(_accent_form(name), trusted)
            )
            self._keys.add(key)
        keys = sorted(self._keys, key=lambda k: (-len(k), k))
        alternatives = [_SEPARATOR.join(re.escape(p) for p in key.split(" ")) for key in keys]
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
            if alternatives
            else None
        )

    def __len__(self) -> int:
        return len(self._spellings)

    def _is_name(self, occurrence: str) -> bool:
        key = fold_name(occurrence).replace(" ", "")
        spellings = self._spellings.get(key, [])
        if not spellings:
            return False
        form = _accent_form(occurrence)
        capitalised = occurrence[:1].isupper()
        if key in COMMON_WORDS:
            return capitalised and any(s.accent_form == form for s in spellings)
        if any(s.accent_form == form or not s.trusted_accents for s in spellings):
            return True
        if not _has_accents(occurrence):  # accents dropped in the text: still the name
            return True
        return capitalised

    def screen(self, text: str | None) -> str | None:
        """``text`` with every known name replaced by ``PLACEHOLDER`` (``None`` stays ``None``)."""
        if text is None or self._pattern is None or not text:
            return text
        folded, origin = fold_with_positions(text)
        pieces: list[str] = []
        kept_until = 0
        position = 0
        while True:
            match = self._pattern.search(folded, position)
            if match is None:
                break
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            if self._is_name(text[start:end]) and start >= kept_until:
                pieces.append(text[kept_until:start])
                pieces.append(PLACEHOLDER)
                kept_until = end
                position = match.end()
            else:
                position = match.start() + 1
        pieces.append(text[kept_until:])
        return "".join(pieces)


_NOT_ALONE = COMMON_WORDS | PARTICLES


def screen_names(text: str | None, names: Iterable[str | None]) -> str | None:
    """Replace every name of ``names`` found in ``text`` by « [personne] » (see module doc)."""
    return NameScreener(names).screen(text)


def name_variants(first_name: str | None, last_name: str | None) -> list[str]:
    """The spellings to screen for one person: first name, last name and both orders."""
    first = (first_name or "").strip()
    last = (last_name or "").strip()
    variants = [v for v in (first, last) if v]
    if first and last:
        variants += [f"{first} {last}", f"{last} {first}"]
    return variants


def names_from_people(pairs: Iterable[tuple[str | None, str | None]]) -> list[str]:
    """Screening list from (first name, last name) pairs, e.g. the rows of a sign-in sheet."""
    names: list[str] = []
    for first, last in pairs:
        names += name_variants(_text(first), _text(last))
    return names


def names_from_full_names(values: Iterable[str | None]) -> list[str]:
    """Screening list from « Prénom Nom » cells: the whole name and each space-separated part
    (a hyphenated part such as « Jean-Pierre » stays whole; particles such as « Le » of
    « Le Gall » and common words are not screened on their own)."""
    names: list[str] = []
    for value in values:
        text = _text(value)
        if not text:
            continue
        names.append(text)
        parts = text.split()
        names += [part for part in parts if fold_name(part) not in _NOT_ALONE]
        if len(parts) > 2:  # « Nadia Van der Berg »: the last name may be all but the first word
            names += [" ".join(parts[1:]), " ".join(parts[:-1])]
    return names


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return str(value).strip()
