"""Finding the header row of a table typed or re-saved by people, and naming its columns.

Real exports are not always clean: a stray line above the header (« Export du 12/03/2024 »), a
title merged across the first row of a workbook, a second header row (the question, then its
sub-questions, as Excel users reshape LimeSurvey exports), repeated names (LimeSurvey full-text
headings repeat ``[Commentaire]``, Kobo labels repeat across groups). Every column is kept.

>>> unique_names(["Q", "Lequel ?", "Lequel ?", ""])
(['Q', 'Lequel ?', 'Lequel ? (2)', 'colonne_4'], {'Lequel ? (2)': 'Lequel ?'})
"""

from __future__ import annotations

from collections import Counter

from workbench.sources.grid import Grid

_HEADER_SCAN = 12  # a header is looked for among the first rows
_WIDTH_SAMPLE = 60  # rows used to learn the table's usual width
_DATA_SAMPLE = 200  # data rows checked when deciding whether a second header row exists


def width(row: list[str]) -> int:
    """Position after the last non-blank cell (0 for a blank row)."""
    for position in range(len(row) - 1, -1, -1):
        if row[position].strip():
            return position + 1
    return 0


def usual_width(grid: Grid, start: int = 0) -> int:
    """The most common width of the non-blank rows from ``start`` (the data's width)."""
    widths = [width(r) for r in grid.rows[start:start + _WIDTH_SAMPLE]]
    widths = [w for w in widths if w]
    if not widths:
        return 0
    counts = Counter(widths)
    return max(counts, key=lambda w: (counts[w], w))


def header_index(grid: Grid) -> int | None:
    """Index of the header row: the first non-blank row (among the first dozen) at least half
    as wide as the table's usual width; the lines above it are stray lines (a title, a date)."""
    first = grid.first_nonempty()
    if first is None:
        return None
    usual = usual_width(grid, first)
    for index in range(first, min(len(grid.rows), first + _HEADER_SCAN)):
        size = width(grid.rows[index])
        if size and size >= max(2, usual * 0.5):
            return index
    return first


def second_header_row(grid: Grid, index: int) -> bool:
    """True when the row under the header completes it: the header leaves cells blank (a
    question over several sub-columns, or a merged title cell) and the next row names those
    columns with texts that no data row below holds in the same column."""
    if index + 2 >= len(grid.rows):
        return False
    top, below = grid.rows[index], grid.rows[index + 1]
    span = width(below)
    gaps = [p for p in range(span) if not (p < len(top) and top[p].strip())]
    filled = [p for p in gaps if below[p].strip()]
    if len(gaps) < max(2, span // 4) or len(filled) < len(gaps) // 2:
        return False  # a header with a blank cell or two is not a question over sub-columns
    data = grid.rows[index + 2:index + 2 + _DATA_SAMPLE]
    if not any(width(r) for r in data):
        return False
    for position in filled:
        label = below[position].strip()
        if any(position < len(r) and r[position].strip() == label for r in data):
            return False  # an answer, not a sub-question's name
    return True


def joined_names(top: list[str], below: list[str]) -> list[str]:
    """``Question [Sub-question]`` from a two-row header: a question written once over its
    sub-columns (or in a merged cell) is carried to the right until the next one."""
    size = max(width(top), width(below))
    names, current = [], ""
    for position in range(size):
        head = top[position].strip() if position < len(top) else ""
        sub = below[position].strip() if position < len(below) else ""
        if head:
            current = head
        question = head or current
        if question and sub and sub != question:
            names.append(f"{question} [{sub}]")
        else:
            names.append(question or sub)
    return names


def widen(names: list[str], grid: Grid, index: int) -> list[str]:
    """``names`` extended by position (``colonne_9``…) when data rows under the header are wider
    than it: codes typed in unnamed columns beside the answers (any row of a workbook, most rows
    of a text file, where one wider row rather means a misplaced separator)."""
    widths = [w for w in (width(r) for r in grid.rows[index + 1:]) if w]
    wider = [w for w in widths if w > len(names)]
    if grid.format == "xlsx":
        usual = max(wider, default=0)
    else:
        many = len(wider) >= 2 and len(wider) * 2 > len(widths)
        usual = Counter(wider).most_common(1)[0][0] if many else 0
    if usual <= len(names):
        return names
    return names + [f"colonne_{p}" for p in range(len(names) + 1, usual + 1)]


def unique_names(header: list[str]) -> tuple[list[str], dict[str, str]]:
    """Column names from header cells: blank ones named by position (``colonne_4``), repeated
    ones numbered from their second occurrence (``Lequel ? (2)``). Returns the names and the
    renamed ones (new name → header as written)."""
    cells = list(header)
    while cells and not cells[-1].strip():
        cells.pop()
    names = [cell if cell.strip() else f"colonne_{position}"
             for position, cell in enumerate(cells, 1)]
    taken = set(names)
    seen: Counter[str] = Counter()
    renamed: dict[str, str] = {}
    result = []
    for name in names:
        seen[name] += 1
        if seen[name] == 1:
            result.append(name)
            continue
        number = seen[name]
        candidate = f"{name.rstrip()} ({number})"
        while candidate in taken:
            number += 1
            candidate = f"{name.rstrip()} ({number})"
        taken.add(candidate)
        renamed[candidate] = name
        result.append(candidate)
    return result, renamed
