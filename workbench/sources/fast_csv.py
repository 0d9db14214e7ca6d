"""The fast reader of large delimited files: pyarrow's CSV parser for the cells, a byte scan
for the file line of every record (quoted newlines included), so that messages keep exact lines.

Used by ``base.table_from_grid`` for text files above ``base.FAST_PATH_BYTES``; whenever the
file is irregular (ragged rows, stray quotes, counts that disagree) it returns ``None`` and the
csv module reads the file instead, with its exact problem reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from workbench.sources.grid import Grid


def record_starts(body: bytes, block: int = 1 << 26) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Byte offset, file line and emptiness of every CSV record of ``body``.

    A newline ends a record when an even number of ``"`` precede it (RFC 4180 quoting: a doubled
    quote inside a quoted field counts twice), so quoted newlines stay inside their record.
    The text is scanned ``block`` bytes at a time (a few hundred MB of work arrays otherwise).
    """
    buf = np.frombuffer(body, dtype=np.uint8)
    ends, indices = [], []
    quotes_before = newlines_before = 0
    for first in range(0, len(buf), block):
        part = buf[first:first + block]
        newlines = np.flatnonzero(part == 10)
        quotes = np.flatnonzero(part == 34)
        even = (quotes_before + np.searchsorted(quotes, newlines)) % 2 == 0
        ends.append(newlines[even] + first)
        indices.append(np.flatnonzero(even) + newlines_before)
        quotes_before += len(quotes)
        newlines_before += len(newlines)
    ends_all = np.concatenate([np.array([], dtype=np.int64), *ends])
    starts = np.concatenate(([0], ends_all + 1))
    lines = np.concatenate(([1], np.concatenate([np.array([], dtype=np.int64), *indices]) + 2))
    stops = np.concatenate((ends_all, [len(buf)]))
    length = stops - starts
    cr_only = (length == 1) & (buf[np.minimum(starts, max(len(buf) - 1, 0))] == 13)
    empty = (length == 0) | cr_only
    return starts, lines, empty


def _arrow_csv(body: bytes | memoryview, delimiter: str,
               encoding: str | None) -> pd.DataFrame | None:
    """Every cell as text (``str`` dtype), columns numbered from 0; ``None`` when the parser
    refuses the text (ragged rows, bad quoting)."""
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    try:
        table = pa_csv.read_csv(
            pa.py_buffer(body),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True,
                                            encoding=encoding or "utf8", block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, quote_char='"',
                                              double_quote=True, newlines_in_values=True,
                                              ignore_empty_lines=True),
            convert_options=pa_csv.ConvertOptions(
                check_utf8=True, strings_can_be_null=False, quoted_strings_can_be_null=False,
                null_values=[], column_types={}, auto_dict_encode=False,
                include_missing_columns=False),
        )
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError, ValueError):
        return None
    table = table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow",
                                                                      na_value=np.nan)}.get)
    frame.columns = range(frame.shape[1])
    return frame


def fast_table_body(
    grid: Grid, header_index: int, width: int
) -> tuple[pd.DataFrame, list[int]] | None:
    """The records after ``header_index`` read by pyarrow's CSV parser, with their file lines.

    ``None`` when anything is irregular (ragged rows, stray quotes, a count that does not
    agree with the byte scan): the caller then reads the file with the csv module.
    """
    if grid.body is None:
        return None
    starts, lines, empty = record_starts(grid.body)
    if header_index + 1 >= len(starts):
        return None
    offset = int(starts[header_index + 1])
    keep = ~empty[header_index + 1:]
    data_lines = lines[header_index + 1:][keep]
    frame = _arrow_csv(memoryview(grid.body)[offset:], grid.delimiter or ";",
                       grid.body_encoding)
    if frame is None:
        return None
    if len(frame) != len(data_lines) or frame.shape[1] > width:
        return None
    if frame.isna().any().any():  # no copy of every cell when nothing is missing
        frame = frame.fillna("")
    for position in range(frame.shape[1], width):
        frame[position] = ""
    frame.columns = range(width)
    for column in frame.columns:
        series = frame[column]
        if series.str.contains("\r\n", regex=False).any():
            frame[column] = series.str.replace("\r\n", "\n", regex=False)
    filled = np.zeros(len(frame), dtype=bool)
    for column in frame.columns:
        filled |= (frame[column].str.strip() != "").to_numpy()
    if not filled.all():
        frame = frame.loc[filled].reset_index(drop=True)
        data_lines = data_lines[filled]
    return frame, [int(v) for v in data_lines]
