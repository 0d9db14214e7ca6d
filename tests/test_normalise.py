"""normalise_label folds spelling variants of one label and keeps distinct labels apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import load_framework
from workbench.normalise import (
    is_formula_like,
    neutralise_formula,
    normalise_label,
    spreadsheet_safe,
    squash_label,
)

FW = load_framework(DEFAULT_FRAMEWORK)
SCALE = FW.scales["likert5"]
LABELS = [*SCALE.labels_fr, *SCALE.missing_fr]
GROUP_WORDS = ["Élu", "Habitant", "Acteur de terrain", "Partenaire institutionnel"]


def _variants(label: str) -> st.SearchStrategy[str]:
    """Case, accents, apostrophe, NBSP, spacing and trailing-dot variants of ``label``."""
    plain = {"à": "a", "é": "e", "è": "e", "ô": "o", "É": "E"}
    accentless = "".join(plain.get(c, c) for c in label)
    return st.tuples(
        st.sampled_from([label, accentless]),
        st.sampled_from([str.upper, str.lower, str.title, lambda s: s]),
        st.sampled_from(["'", "’"]),
        st.sampled_from([" ", "\u00a0", "\u202f", "  "]),
        st.sampled_from(["", ".", " .", "  "]),
        st.sampled_from(["", " ", "\u00a0"]),
    ).map(lambda p: p[5] + p[1](p[0]).replace("'", p[2]).replace(" ", p[3]) + p[4])


@pytest.mark.parametrize("label", LABELS)
@given(data=st.data())
def test_variants_of_every_scale_label_normalise_equal(label: str, data: st.DataObject) -> None:
    variant = data.draw(_variants(label))
    assert normalise_label(variant) == normalise_label(label)


def test_distinct_scale_labels_stay_distinct() -> None:
    keys = [normalise_label(x) for x in LABELS]
    assert len(set(keys)) == len(keys)
    squashed = [squash_label(x) for x in LABELS]
    assert len(set(squashed)) == len(squashed)


@given(st.text(max_size=60))
def test_idempotent(text: str) -> None:
    once = normalise_label(text)
    assert normalise_label(once) == once


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_output_is_trimmed_and_single_spaced(text: str) -> None:
    out = normalise_label(text)
    assert out == out.strip()
    assert "  " not in out
    assert "’" not in out and "\u00a0" not in out


@pytest.mark.parametrize("word", GROUP_WORDS)
@pytest.mark.parametrize("form", ["{w}·e", "{w}(e)", "{w}.e", "{w}e"])
def test_inclusive_forms(word: str, form: str) -> None:
    variant = form.format(w=word)
    if form == "{w}e":  # the feminine is a different word; the synonym table links it
        assert normalise_label(variant) != normalise_label(word)
    else:
        assert normalise_label(variant) == normalise_label(word)


def test_plural_inclusive_forms() -> None:
    assert normalise_label("Élu·e·s") == normalise_label("élus") == normalise_label("élu(e)s")


def test_examples() -> None:
    assert normalise_label("Vous êtes\u00a0:") == "vous etes"
    assert normalise_label("TOUT À FAIT D’ACCORD.") == "tout a fait d'accord"
    assert normalise_label("Bel-Air") == normalise_label("Bel Air")
    assert normalise_label(None) == ""
    assert squash_label("plutot_d_accord") == squash_label("Plutôt d'accord")


@pytest.mark.parametrize(
    ("text", "formula"),
    [("=SUM(A1:A3)", True), ("+33 6 12", True), ("@cmd", True), ("-x", True), ("-3", False),
     ("+3,5", False), ("Plutôt d'accord", False), ("", False), ("\tx", True)],
)
def test_formula_like_and_spreadsheet_safe(text: str, formula: bool) -> None:
    assert is_formula_like(text) is formula
    assert spreadsheet_safe(text) == ("'" + text if formula else text)
    assert neutralise_formula(text) == text  # stored as text, never evaluated


def test_neutralise_formula_converts_spreadsheet_values() -> None:
    import datetime as dt

    assert neutralise_formula(None) == ""
    assert neutralise_formula(3.0) == "3"
    assert neutralise_formula(2.5) == "2.5"
    assert neutralise_formula(dt.datetime(2023, 3, 9)) == "2023-03-09"
    assert neutralise_formula(dt.datetime(2023, 3, 9, 10, 30)) == "2023-03-09 10:30:00"
    assert neutralise_formula(True) == "1"


# --- dates: checked against the standard library's reading of each text --------------------
def _stdlib_iso(text: str) -> str | None:
    """The expected result for the shapes the strategy writes, read by ``datetime``."""
    import datetime as dt

    text = text.strip()
    if not text:
        return None
    for fmt, out in (("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S"), ("%Y-%m-%dT%H:%M:%S",
                     "%Y-%m-%d %H:%M:%S"), ("%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S"),
                     ("%d/%m/%Y", "%Y-%m-%d")):
        try:
            return dt.datetime.strptime(text, fmt).strftime(out)
        except ValueError:
            continue
    return text  # no date: kept as written


_DAY = st.tuples(st.integers(2000, 2030), st.integers(1, 12), st.integers(1, 31),
                 st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))


@given(st.lists(st.one_of(
    _DAY.map(lambda d: "{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}".format(*d)),
    _DAY.map(lambda d: " {:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}".format(*d)),
    _DAY.map(lambda d: f"{d[2]:02d}/{d[1]:02d}/{d[0]:04d} {d[3]:02d}:{d[4]:02d}"),
    _DAY.map(lambda d: f"{d[2]:02d}/{d[1]:02d}/{d[0]:04d}"),
    st.sampled_from(["", "  ", "pas de date", "2024-02-30 10:00:00"])), max_size=40))
def test_iso_datetimes_agree_with_the_standard_library(texts: list[str]) -> None:
    """Every cell (repeated ones, impossible dates, blanks included) reads as ``datetime``
    reads it; a day-first column (``13/01``) is forced so that ``01/02`` stays ambiguous-free."""
    import pandas as pd

    from workbench.normalise import iso_datetimes

    got = iso_datetimes(pd.Series(texts * 2, dtype="str"), day_first=True)
    assert got == [_stdlib_iso(text) for text in texts * 2]
