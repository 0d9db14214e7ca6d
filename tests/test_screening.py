"""Name screening: names known from sign-in sheets become « [personne] », ordinary words stay."""

from __future__ import annotations

import pytest

from workbench.privacy.screening import (
    PLACEHOLDER,
    NameScreener,
    name_variants,
    names_from_full_names,
    names_from_people,
    screen_names,
)

P = PLACEHOLDER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hélène est venue.", f"{P} est venue."),
        ("helene est venue.", f"{P} est venue."),  # accents dropped in the text
        ("HÉLÈNE est venue.", f"{P} est venue."),  # capitals
        ("Comme dit Hélène Le Gall, c'est bien.", f"Comme dit {P}, c'est bien."),  # full name once
        ("Le Gall Hélène a parlé.", f"{P} a parlé."),  # last name first
        ("M. LE-GALL et m. le gall", f"M. {P} et m. {P}"),  # hyphen/space/case variants
        ("Le quartier de Legall", f"Le quartier de {P}"),  # parts written together
        ("d'Hélène et l’Hélène", f"d'{P} et l’{P}"),  # elision apostrophes are boundaries
    ],
)
def test_accents_case_and_compound_spellings(text: str, expected: str) -> None:
    assert screen_names(text, name_variants("Hélène", "Le Gall")) == expected


def test_hyphenated_first_name_in_all_spellings() -> None:
    names = ["Jean-Pierre"]
    assert screen_names("Jean-Pierre, jean pierre, JEAN–PIERRE, Jean‑Pierre.", names) == (
        f"{P}, {P}, {P}, {P}."
    )
    # a hyphenated name is one name: its parts alone are ordinary words
    assert screen_names("une pierre, Jean est là", names) == "une pierre, Jean est là"


def test_names_inside_other_words_are_untouched() -> None:
    names = ["Ali", "Rose", "Marc", "Léa"]
    text = "La totalité, un alibi, Alice, la rosée, la roseraie, marcher, le marché, Léandre."
    assert screen_names(text, names) == text
    assert screen_names("Ali, ALI et ali.", names) == f"{P}, {P} et {P}."


def test_lower_case_word_with_accents_the_name_lacks_stays() -> None:
    names = ["Rose"]
    assert screen_names("Un verre de rosé avec Rose.", names) == f"Un verre de rosé avec {P}."
    # written with a capital it may be the name: screened (over-screening is the safe side)
    assert screen_names("Rosé est venue.", names) == f"{P} est venue."
    # a name typed in capitals carries no accent information: every spelling is screened
    assert screen_names("helene, Hélène, hélène", ["HELENE"]) == f"{P}, {P}, {P}"


def test_names_that_are_common_words_need_the_exact_spelling() -> None:
    names = name_variants("Minh", "Lê")
    assert screen_names("Le quartier, le marché et Lê.", names) == f"Le quartier, le marché et {P}."
    assert screen_names("Minh Lê est là", names) == f"{P} est là"


def test_particles_of_full_names_are_not_screened_alone() -> None:
    names = names_from_full_names(["Éric Le Gall", "Tiago Da Silva", "Nadia Van der Berg"])
    assert "Le" not in names and "Gall" in names and "Silva" in names
    text = "Le quartier de la ville : Éric, Gall, Silva et Van der Berg parlent."
    assert screen_names(text, names) == f"Le quartier de la ville : {P}, {P}, {P} et {P} parlent."


def test_html_and_none_pass_through() -> None:
    screener = NameScreener(["Karim"])
    assert screener.screen(None) is None
    assert screener.screen("") == ""
    assert screener.screen("<b>Karim</b> <script>alert(1)</script>") == (
        f"<b>{P}</b> <script>alert(1)</script>"
    )


def test_names_from_people_builds_every_variant_and_skips_blanks() -> None:
    names = names_from_people([("Aïcha", "N'Diaye"), (None, "Kowalski"), ("", None)])
    assert names == ["Aïcha", "N'Diaye", "Aïcha N'Diaye", "N'Diaye Aïcha", "Kowalski"]
    text = "Aïcha N’Diaye et Mme Ndiaye, puis KOWALSKI."
    assert screen_names(text, names) == f"{P} et Mme {P}, puis {P}."


def test_empty_or_one_letter_names_screen_nothing() -> None:
    screener = NameScreener(["", "A", None, "  "])
    assert len(screener) == 0
    assert screener.screen("A la maison") == "A la maison"
