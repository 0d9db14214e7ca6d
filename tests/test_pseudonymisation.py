"""Pseudonymous ids: keyed, stable, insensitive to spelling variants, secret kept outside."""

from __future__ import annotations

import hashlib
import hmac
import re
import stat
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.errors import SecretError
from workbench.privacy import Pseudonymiser, load_or_create_secret, normalise_person_key


def test_id_is_hmac_sha256_of_normalised_key() -> None:
    secret = b"k" * 32
    expected = hmac.new(secret, b"durand gall helene le", hashlib.sha256).hexdigest()[:16]
    assert Pseudonymiser(secret).person_id("Hélène", "LE GALL-Durand") == "p_" + expected


@pytest.mark.parametrize(
    "variant",
    [("helene", "le gall durand"), ("HÉLÈNE", "Le Gall Durand"), ("Hélène ", " le  gall-durand"),
     ("Hélène", "Le Gall‑Durand"), ("LE GALL-DURAND", "Hélène"), ("LE GALL-DURAND Hélène", None),
     ("Hélène Le Gall Durand", ""), ("Le Gall Durand", "Helene")],
)
def test_spelling_variants_give_one_id(variant) -> None:
    p = Pseudonymiser(b"s" * 32)
    assert p.person_id(*variant) == p.person_id("Hélène", "LE GALL-Durand")


def test_different_secret_different_id_and_names_differ() -> None:
    a, b = Pseudonymiser(b"a" * 32), Pseudonymiser(b"b" * 32)
    assert a.person_id("Jean", "Martin") != b.person_id("Jean", "Martin")
    assert a.person_id("Jean", "Martin") != a.person_id("Jeanne", "Martin")
    assert a.person_id("Jean", "Martin") != a.person_id("Jean", "Martin-Dupont")


def test_order_of_first_and_last_name_is_folded() -> None:
    """Sign-in sheets write « NOM Prénom » in one column, questionnaires « Prénom » and « Nom »
    apart: one person either way (the price: Jean Martin and Martin Jean are one key)."""
    p = Pseudonymiser(b"o" * 32)
    assert p.person_id("Martin", "Jean") == p.person_id("Jean", "Martin") == p.person_id(
        "MARTIN Jean")


def test_empty_key_is_refused() -> None:
    with pytest.raises(ValueError):
        Pseudonymiser(b"a" * 32).person_id("", None)


def test_secret_created_once_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "secret.key"
    first = load_or_create_secret(path)
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == first


def test_short_secret_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.key"
    path.write_bytes(b"short")
    with pytest.raises(SecretError) as info:
        load_or_create_secret(path)
    assert info.value.key == "secret_too_short"


def test_default_secret_lives_outside_the_repo(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from workbench.config import secret_path

    monkeypatch.delenv("WORKBENCH_SECRET_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert secret_path() == tmp_path / "workbench" / "secret.key"
    repo = Path(__file__).resolve().parents[1]
    assert repo not in secret_path().parents


def test_normalise_person_key_examples() -> None:
    assert normalise_person_key("Éloïse", "N'Diaye") == "eloise ndiaye"
    assert normalise_person_key("N’DIAYE", "Éloïse") == "eloise ndiaye"
    assert normalise_person_key("marie.dupont@exemple.fr") == "marie dupont@exemple fr"


def _reference_key(*parts: str) -> str:
    """The person key spelled out step by step (NFKD, marks dropped, casefold, punctuation)."""
    text = " ".join(p for p in parts if p.strip())
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[\s\-‐‑‒–—.,;]+", " ", re.sub(r"['’ʼ`´]+", "", text)).strip()
    return text if "@" in text else " ".join(sorted(text.split()))


@given(st.lists(st.text(alphabet=st.sampled_from(list("aZé É-'’.,;@ ñÇœŒﬁ\t0")) | st.characters(),
                        max_size=12), min_size=1, max_size=3))
def test_person_key_same_with_or_without_the_ascii_shortcut(parts: list[str]) -> None:
    assert normalise_person_key(*parts) == _reference_key(*parts)
