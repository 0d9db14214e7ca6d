"""The rows a questionnaire import writes, built column-wise: the long ``responses`` (one row per
person × item, text columns as categoricals) and the frames the store binds as they are."""

from __future__ import annotations

import contextlib
import ctypes
import itertools
from typing import Any

import numpy as np
import pandas as pd


def long_responses(wave: str, instrument: str, persons: np.ndarray, order: np.ndarray,
                   by_item: list[int], item_ids: list[str], codes: list[np.ndarray],
                   values: list[np.ndarray], labels: list[np.ndarray],
                   missing: list[np.ndarray]) -> pd.DataFrame:
    """One row per person (``persons``, rows of the file taken in ``order``) × item (``by_item``),
    in primary-key order. ``codes[k]`` gives each row's answer to item ``k`` as a position in
    ``values[k]``/``labels[k]``/``missing[k]``. Text columns are categoricals whose codes are
    filled item by item in their smallest integer type (no cell-sized index array): a million
    respondents × 30 items fit in a few hundred MB; the store writes the texts."""
    size, count = len(persons), len(by_item)
    label_of, label_names = _shared_codes([labels[k] for k in by_item])
    missing_of, missing_names = _shared_codes([missing[k] for k in by_item])
    value = np.empty((size, count), dtype=float)
    label = np.empty((size, count), dtype=code_dtype(len(label_names)))
    reason = np.empty((size, count), dtype=code_dtype(len(missing_names)))
    for column, k in enumerate(by_item):
        rows = codes[k][order]
        value[:, column] = values[k][rows]
        label[:, column] = label_of[column][rows]
        reason[:, column] = missing_of[column][rows]

    def constant(text: str) -> pd.Categorical:
        return pd.Categorical.from_codes(np.zeros(size * count, dtype=np.int8), [text])

    item_codes, item_categories = pd.factorize(np.asarray(item_ids, dtype=object))
    return pd.DataFrame(copy=False, data={
        "wave": constant(wave), "instrument": constant(instrument),
        "person_id": pd.Categorical.from_codes(
            np.repeat(np.arange(size, dtype=code_dtype(size)), count),
            categories=pd.Index(persons)),
        "item_id": pd.Categorical.from_codes(
            np.tile(item_codes.astype(code_dtype(len(item_categories))), size),
            categories=item_categories),
        "value": value.ravel(),
        "label": pd.Categorical.from_codes(label.ravel(), categories=label_names),
        "missing": pd.Categorical.from_codes(reason.ravel(), categories=missing_names),
    })


def _shared_codes(lookups: list[np.ndarray]) -> tuple[list[np.ndarray], pd.Index]:
    """Each item's texts (``None`` for none) as codes into the texts of all items together."""
    texts = np.concatenate(lookups) if lookups else np.array([], dtype=object)
    text_codes, distinct = pd.factorize(texts)
    small = text_codes.astype(code_dtype(len(distinct)))
    bounds = np.cumsum([0, *(len(lookup) for lookup in lookups)])
    return [small[a:b] for a, b in itertools.pairwise(bounds)], pd.Index(distinct)


def code_dtype(categories: int) -> type[np.signedinteger]:
    """The integer type pandas keeps the codes of ``categories`` categories in."""
    return next(t for t in (np.int8, np.int16, np.int32) if categories < np.iinfo(t).max)


def object_frame(columns: dict[str, Any]) -> pd.DataFrame:
    """A frame whose text columns stay Python objects (the store binds them as they are:
    converting millions of cells to Arrow strings and back costs seconds)."""
    size = max(len(v) for v in columns.values() if isinstance(v, np.ndarray))
    return pd.DataFrame({
        name: pd.Series(np.full(size, value, dtype=object) if isinstance(value, str) else value,
                        dtype=float if isinstance(value, np.ndarray) and value.dtype.kind == "f"
                        else object, copy=False)
        for name, value in columns.items()
    })


def release_columns(frame: pd.DataFrame, columns: list[str]) -> None:
    """Drop columns once every cell is coded (a million rows × 40 columns of text are most of
    an import's memory; the table's column list was taken before), and hand the memory freed
    back to the system (Arrow's pool, then the C heap where it is glibc's)."""
    for column in columns:
        del frame[column]
    if not columns:
        return
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: it keeps what it keeps
        ctypes.CDLL("libc.so.6").malloc_trim(0)
