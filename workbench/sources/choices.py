"""Checkbox (multiple-choice) cells: one cell holding several options joined by the tool.

Google Forms joins with ``", "``, Microsoft Forms writes ``A;B;``, Framaforms joins with
``","``, Kobo with spaces. An option may itself contain the separator (« Acteur de terrain
(association, école) »), so a cell is split by matching the known options, longest first.

>>> split_choices("Bel-Air, Les Tilleuls", ["Les Tilleuls", "Bel-Air"], ", ")
['Bel-Air', 'Les Tilleuls']
>>> split_choices("Oui, mais non;Autre;", ["Oui, mais non", "Autre"], ";")
['Oui, mais non', 'Autre']
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.normalise import normalise_label


def split_choices(text: str, options: Iterable[str], separator: str | None) -> list[str]:
    """The options found in ``text`` (as written in ``options``), in the cell's order.

    Options are compared after normalisation (case, accents, apostrophes, spaces); a piece that
    matches no option is kept as written (trimmed), so the caller can report it.
    """
    value = text.strip()
    if not value:
        return []
    known = sorted({o for o in options if o and o.strip()}, key=len, reverse=True)
    keys = [(normalise_label(o), o) for o in known]
    separators = [separator] if separator else []
    if separator and separator.strip() != separator:
        separators.append(separator.strip())  # ", " also written ","
    found: list[str] = []
    position = 0
    while position < len(value):
        rest = value[position:]
        match = None
        for key, option in keys:
            size = len(option)
            if normalise_label(rest[:size]) == key and _ends_piece(rest, size, separators):
                match = (option, size)
                break
        if match is None:
            cut = _next_separator(rest, separators)
            piece, size = rest[:cut].strip(), cut
            if piece:
                found.append(piece)
        else:
            found.append(match[0])
            size = match[1]
        position += size
        position += _separator_length(value[position:], separators)
    return found


def _ends_piece(rest: str, size: int, separators: list[str]) -> bool:
    tail = rest[size:]
    return not tail.strip() or any(tail.lstrip(" ").startswith(s.strip() or s)
                                   for s in separators)


def _next_separator(rest: str, separators: list[str]) -> int:
    cuts = [rest.find(s) for s in separators if s and rest.find(s) >= 0]
    return min(cuts) if cuts else len(rest)


def _separator_length(rest: str, separators: list[str]) -> int:
    stripped = len(rest) - len(rest.lstrip(" "))
    for s in sorted(separators, key=len, reverse=True):
        core = s.strip() or s
        if rest[stripped:].startswith(core):
            after = stripped + len(core)
            return after + (len(rest[after:]) - len(rest[after:].lstrip(" ")))
    return stripped
