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

from workbench.sources.grid import Body, FileBytes, blocks_of

if TYPE_CHECKING:
    from workbench.sources.grid import Grid


def record_starts(body: Body, block: int = 1 << 26) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Byte offset, file line and emptiness of every CSV record of ``body``.

    A newline ends a record when an even number of ``"`` precede it (RFC 4180 quoting: a doubled
    quote inside a quoted field counts twice), so quoted newlines stay inside their record.
    The text is scanned ``block`` bytes at a time (read from disk for a file: a few hundred MB
    of work arrays otherwise).
    """
    ends, indices, cr_before = [], [], []
    quotes_before = newlines_before = offset = 0
    last = -1  # the byte before the current block
    for part in blocks_of(body, block):
        buf = np.frombuffer(part, dtype=np.uint8)
        newlines = np.flatnonzero(buf == 10)
        quotes = np.flatnonzero(buf == 34)
        even = (quotes_before + np.searchsorted(quotes, newlines)) % 2 == 0
        kept = newlines[even]
        ends.append(kept + offset)
        cr_before.append(np.where(kept > 0, buf[np.maximum(kept - 1, 0)], last) == 13)
        indices.append(np.flatnonzero(even) + newlines_before)
        quotes_before += len(quotes)
        newlines_before += len(newlines)
        last = int(buf[-1]) if len(buf) else last
        offset += len(buf)
    nothing = np.array([], dtype=np.int64)
    ends_all = np.concatenate([nothing, *ends])
    starts = np.concatenate(([0], ends_all + 1))
    lines = np.concatenate(([1], np.concatenate([nothing, *indices]) + 2))
    stops = np.concatenate((ends_all, [offset]))
    # a record of one byte, a CR: the byte before its newline (or the file's last byte)
    cr_only = (stops - starts == 1) & np.concatenate([np.array([], dtype=bool), *cr_before,
                                                      [last == 13]])
    empty = (stops - starts == 0) | cr_only
    return starts, lines, empty


def _arrow_csv(body: Body, delimiter: str, encoding: str | None,
               width: int) -> pd.DataFrame | None:
    """Every cell as text (``str`` dtype), columns numbered from 0; ``None`` when the parser
    refuses the text (ragged rows, bad quoting).

    Read block by block (pyarrow's streaming reader: the parser's work arrays for one block at a
    time, not for the whole file) straight into the large strings pandas keeps (no conversion
    copy); memory the parser freed is handed back to the system before the frame is used."""
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    as_text = {f"f{position}": pa.large_string() for position in range(width)}
    if isinstance(body, FileBytes):
        source = pa.OSFile(str(body.path))
        source.seek(body.start)
    else:
        source = pa.py_buffer(body)
    try:
        reader = pa_csv.open_csv(
            source,
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True,
                                            encoding=encoding or "utf8", block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, quote_char='"',
                                              double_quote=True, newlines_in_values=True,
                                              ignore_empty_lines=True),
            convert_options=pa_csv.ConvertOptions(
                check_utf8=True, strings_can_be_null=False, quoted_strings_can_be_null=False,
                null_values=[], column_types=as_text, auto_dict_encode=False,
                include_missing_columns=False),
        )
        table = reader.read_all()
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError, ValueError):
        return None
    finally:
        if isinstance(source, pa.NativeFile):
            source.close()
    if table.num_columns > width:  # more cells than the header: the csv module says where
        return None
    frame = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype(
        "pyarrow", na_value=np.nan)}.get, self_destruct=True)
    del table
    pa.default_memory_pool().release_unused()
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
    body = grid.body.after(offset) if isinstance(grid.body, FileBytes) else memoryview(
        grid.body)[offset:]
    frame = _arrow_csv(body, grid.delimiter or ";",
                       grid.body_encoding, width)
    if frame is None:
        return None
    if len(frame) != len(data_lines):
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
    for column in frame.columns:  # rows left blank so far only: most are filled at once
        blank = np.flatnonzero(~filled)
        if not len(blank):
            break
        filled[blank] = (frame[column].iloc[blank].str.strip() != "").to_numpy()
    if not filled.all():
        frame = frame.loc[filled].reset_index(drop=True)
        data_lines = data_lines[filled]
    return frame, [int(v) for v in data_lines]
