"""Every string a user reads, in French (default) and English.

The language is chosen where the work starts and passed down explicitly: an app, a report or a
command takes ``lang`` and runs its work inside ``with language(lang):``. Inside, ``t(key)`` and
``name_of(entry)`` answer in that language; ``t(key, lang="en")`` forces one. Outside any
``language`` block the language is ``WORKBENCH_LANG`` (``fr`` when unset). Nothing switches the
language as a side effect: loading a framework does not (its ``language`` setting is read by the
entry points, see ``resolve_language``).

>>> with language("en"):
...     t("common.masked")
'group too small'
>>> t("common.masked")
'effectif trop faible'
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

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

LANGUAGES: tuple[str, ...] = ("fr", "en")

TEXTS: dict[str, tuple[str, str]] = {
    **common.TEXTS, **imports.TEXTS, **workshops.TEXTS, **dashboard.TEXTS, **report.TEXTS,
    **voices.TEXTS, **readings.TEXTS, **figures.TEXTS, **meeting.TEXTS,
}

_scoped: ContextVar[str | None] = ContextVar("workbench_language", default=None)


def check_language(lang: str) -> str:
    """``lang`` itself when supported (``"fr"`` or ``"en"``), else a ``ValueError``."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be 'fr' or 'en', got {lang!r}")
    return lang


def environment_language() -> str | None:
    """``WORKBENCH_LANG`` when it names a supported language (``None`` otherwise)."""
    lang = os.environ.get("WORKBENCH_LANG", "").strip().lower()[:2]
    return lang if lang in LANGUAGES else None


def resolve_language(explicit: str | None = None, framework_language: str | None = None) -> str:
    """The language an entry point works in: ``explicit`` first, then ``WORKBENCH_LANG``, then
    the framework's ``language``, then French."""
    if explicit:
        return check_language(explicit)
    env = environment_language()
    if env:
        return env
    return framework_language if framework_language in LANGUAGES else "fr"


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Run a block in ``lang`` (``None`` keeps the language already in force)."""
    token = _scoped.set(check_language(lang) if lang else _scoped.get())
    try:
        yield current_language()
    finally:
        _scoped.reset(token)


def current_language() -> str:
    """The language in force: the innermost ``language`` block, else ``WORKBENCH_LANG``, else
    French."""
    return _scoped.get() or environment_language() or "fr"


def t(key: str, *, lang: str | None = None, **fmt: Any) -> str:
    """The text for ``key`` in ``lang`` (default: the language in force), formatted with ``fmt``."""
    try:
        fr, en = TEXTS[key]
    except KeyError:
        raise KeyError(f"unknown label key {key!r}") from None
    text = en if (lang or current_language()) == "en" else fr
    return text.format(**fmt) if fmt else text


def known(key: str) -> bool:
    """Whether ``key`` has a text (for keys built from data, e.g. a verbatim's kind)."""
    return key in TEXTS


def texts_of(key: str) -> tuple[str, str]:
    """Both texts of ``key`` (French, English), e.g. to accept an answer typed in either."""
    return TEXTS[key]


def mask_reason(key: str | None, *, lang: str | None = None) -> str:
    """The text shown for a masked cell's ``reason`` key (« effectif trop faible »…)."""
    wanted = f"mask.{key}"
    return t(wanted if wanted in TEXTS else "common.masked", lang=lang)


def name_of(entry: Any, *, lang: str | None = None) -> str:
    """The display name of a framework entry (``label_*``, ``title_*`` or ``name_*``/``name``)."""
    lang = lang or current_language()
    for stem in ("label", "title", "name"):
        value = getattr(entry, f"{stem}_{lang}", None)
        if value:
            return value
    return getattr(entry, "name", None) or getattr(entry, "id", str(entry))


def text_of(entry: Any, *, lang: str | None = None) -> str:
    """The long text of a framework entry (``text_fr``/``text_en``), empty when it has none."""
    return getattr(entry, f"text_{lang or current_language()}", "") or ""
