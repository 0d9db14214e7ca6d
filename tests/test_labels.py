"""One i18n package: French by default, English on demand, every key in both, the language
scoped by ``language()`` and never switched by loading a framework."""

from __future__ import annotations

import string

import pytest

from workbench import i18n
from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import load_framework


def test_french_by_default() -> None:
    assert i18n.t("common.masked") == "effectif trop faible"


def test_english_by_env_by_block_or_by_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    assert i18n.t("common.masked", lang="en") == "group too small"
    with i18n.language("en"):
        assert i18n.t("common.wave") == "Wave"
        with i18n.language("fr"):
            assert i18n.t("common.wave") == "Vague"
        assert i18n.t("common.wave") == "Wave"
    assert i18n.t("common.wave") == "Vague"
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    assert i18n.t("common.masked") == "group too small"


def test_every_key_has_both_languages_and_same_placeholders() -> None:
    for key, (fr, en) in i18n.TEXTS.items():
        assert fr.strip() and en.strip(), key
        fields = {f for _, f, _, _ in string.Formatter().parse(fr) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(en) if f}, key


def test_no_key_is_defined_twice_across_areas() -> None:
    from workbench.i18n import (
        common,
        dashboard,
        figures,
        imports,
        meeting,
        readings,
        report,
        voices,
        workshops,
    )

    areas = [common, dashboard, figures, imports, meeting, readings, report, voices, workshops]
    assert sum(len(a.TEXTS) for a in areas) == len(i18n.TEXTS)


def test_name_of_framework_entries() -> None:
    fw = load_framework()
    assert i18n.name_of(fw.lesson("L4")).startswith("Du « je »")
    with i18n.language("en"):
        assert i18n.name_of(fw.group("elus")) == "Elected officials"
        assert i18n.name_of(fw.qpv("moulin")) == "Le Moulin"
    assert i18n.name_of(fw.group("elus"), lang="en") == "Elected officials"


def test_unknown_key_and_language_fail_loudly() -> None:
    with pytest.raises(KeyError):
        i18n.t("nope.nope")
    with pytest.raises(ValueError), i18n.language("de"):
        pass


def test_mask_reasons_are_rendered_from_keys() -> None:
    assert i18n.mask_reason("small_cell") == "effectif trop faible"
    assert i18n.mask_reason("small_cell", lang="en") == "group too small"


def test_loading_a_framework_never_switches_the_language(tmp_path) -> None:
    english = tmp_path / "framework.yml"
    english.write_text(DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace(
        "language: fr", "language: en", 1), encoding="utf-8")
    fw = load_framework(english)
    assert fw.language == "en"
    assert i18n.t("common.masked") == "effectif trop faible"
    # the entry points read it: explicit choice, then WORKBENCH_LANG, then the framework
    assert i18n.resolve_language(None, fw.language) == "en"
    assert i18n.resolve_language("fr", fw.language) == "fr"


def test_framework_language_is_below_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_LANG", "fr")
    assert i18n.resolve_language(None, "en") == "fr"
