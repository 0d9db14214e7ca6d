"""One labels module: French by default, English on demand, every key in both."""

from __future__ import annotations

import pytest

import workbench.i18n as labels
from workbench.framework import load_framework


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    labels.set_language(None)
    labels.use_framework_language(None)


def test_french_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_LANG", raising=False)
    assert labels.t("common.masked") == "effectif trop faible"


def test_english_by_env_or_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    assert labels.t("common.masked") == "group too small"
    monkeypatch.setenv("WORKBENCH_LANG", "fr")
    labels.set_language("en")
    assert labels.t("common.wave") == "Wave"


def test_every_key_has_both_languages_and_same_placeholders() -> None:
    import string

    for key, (fr, en) in labels.TEXTS.items():
        assert fr.strip() and en.strip(), key
        fields = {f for _, f, _, _ in string.Formatter().parse(fr) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(en) if f}, key


def test_name_of_framework_entries() -> None:
    fw = load_framework()
    labels.set_language("fr")
    assert labels.name_of(fw.lesson("L4")).startswith("Du « je »")
    labels.set_language("en")
    assert labels.name_of(fw.group("elus")) == "Elected officials"
    assert labels.name_of(fw.qpv("moulin")) == "Le Moulin"


def test_unknown_key_fails_loudly() -> None:
    with pytest.raises(KeyError):
        labels.t("nope.nope")


def test_framework_language_is_the_default_below_env_and_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    from workbench.config import DEFAULT_FRAMEWORK

    english = tmp_path / "framework.yml"
    english.write_text(DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace(
        "language: fr", "language: en", 1), encoding="utf-8")
    monkeypatch.delenv("WORKBENCH_LANG", raising=False)
    load_framework(english)
    assert labels.t("common.masked") == "group too small"
    monkeypatch.setenv("WORKBENCH_LANG", "fr")  # the person's setting wins
    assert labels.t("common.masked") == "effectif trop faible"
    monkeypatch.delenv("WORKBENCH_LANG")
    labels.set_language("fr")
    assert labels.t("common.masked") == "effectif trop faible"
