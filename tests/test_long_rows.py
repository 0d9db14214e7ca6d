"""The long responses an import writes, checked against a row-by-row construction."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.ingest.long_rows import code_dtype, long_responses

ANSWERS = [(1.0, "Pas du tout", None), (4.0, "Plutôt d'accord", None),
           (np.nan, "Ne se prononce pas", "nsp"), (np.nan, None, "no_answer")]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 6), st.integers(0, 4), st.data())
def test_long_responses_are_each_person_times_each_item(persons: int, items: int,
                                                        data: st.DataObject) -> None:
    """Row (person p, item i) holds the answer the file's row gave to item i, persons in
    ``order``, items in ``by_item`` order; texts and reasons as written, none as missing."""
    order = np.array(data.draw(st.permutations(range(persons))), dtype=np.int64)
    per_item = [data.draw(st.lists(st.sampled_from(ANSWERS), min_size=1, max_size=4))
                for _ in range(items)]
    codes = [np.array(data.draw(st.lists(st.integers(0, len(a) - 1), min_size=persons,
                                         max_size=persons)), dtype=np.int32) for a in per_item]
    by_item = data.draw(st.permutations(range(items)))
    names = [f"Q{k:02d}" for k in by_item]
    ids = np.array([f"p_{n}" for n in range(persons)], dtype=object)[order]
    got = long_responses("T1", "barometre", ids, order, list(by_item), names, codes,
                         [np.array([a[0] for a in answers]) for answers in per_item],
                         [np.array([a[1] for a in answers], dtype=object) for answers in per_item],
                         [np.array([a[2] for a in answers], dtype=object) for answers in per_item])
    expected = [("T1", "barometre", ids[p], f"Q{k:02d}", *per_item[k][codes[k][order[p]]])
                for p in range(persons) for k in by_item]
    rows = [(w, ins, per, item, v, None if pd.isna(lab) else lab, None if pd.isna(m) else m)
            for w, ins, per, item, v, lab, m in got.itertuples(index=False, name=None)]
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected, strict=True):
        assert row[:4] == want[:4] and row[5:] == want[5:]
        assert (np.isnan(row[4]) and np.isnan(want[4])) or row[4] == want[4]


def test_code_dtype_is_the_smallest_that_holds_the_codes() -> None:
    assert [code_dtype(n) for n in (0, 126, 127, 32_000, 40_000)] == [
        np.int8, np.int8, np.int16, np.int16, np.int32]
