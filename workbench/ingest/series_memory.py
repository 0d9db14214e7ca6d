"""Answers remembered for a series of workshop records: what the user answered once (step, QPV,
presence or registration) is written beside the raw file in ``<series>.<instrument>.mapping.yml``
(``signin:`` block), where the series is the file name without its dates and step:
``atelier-tilleuls_2024-01-20.xlsx`` and ``atelier-tilleuls_2024-02-17.xlsx`` share
``atelier-tilleuls.emargement.mapping.yml``. A date is never remembered. The folder import skips
these files (``.mapping.yml``); an explicit ``--mapping`` file's ``signin:`` block is read the
same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from workbench.i18n import t

REMEMBERED_KEYS = ("step", "qpv", "list")
_SERIES_NOISE = re.compile(
    r"(\d{4}[-_.]\d{1,2}[-_.]\d{1,2}|\d{1,2}[-_.]\d{1,2}[-_.]\d{2,4}|(?<!\d)20\d{6}(?!\d)"
    r"|(?<![a-z0-9])s\d{1,2}(?![a-z0-9])|(?<![a-z0-9])t\d(?![a-z0-9]))", re.IGNORECASE)


def series_name(path: Path) -> str:
    """The file name without its dates and step: ``atelier-tilleuls_2024-01-20`` →
    ``atelier-tilleuls``."""
    stem = _SERIES_NOISE.sub(" ", path.stem)
    stem = re.sub(r"[\s_\-.]+", lambda m: m.group(0)[0], stem).strip(" _-.")
    return stem or path.stem


def series_file(path: Path, instrument: str) -> Path:
    """Where the answers for ``path``'s series are remembered."""
    series = series_name(path)
    name = f"{instrument}.mapping.yml" if series == instrument else \
        f"{series}.{instrument}.mapping.yml"
    return path.with_name(name)


def remembered_answers(path: Path, instrument: str, mapping: Any = None) -> dict[str, str]:
    """The ``signin:`` answers of an explicit mapping (path or dict), else of the series file."""
    if isinstance(mapping, dict):
        data: Any = mapping
    else:
        source = Path(mapping) if isinstance(mapping, (str, Path)) else series_file(
            path, instrument)
        if not source.is_file():
            return {}
        try:
            data = yaml.safe_load(source.read_text(encoding="utf-8-sig")) or {}
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            return {}
    block = data.get("signin") if isinstance(data, dict) else None
    if not isinstance(block, dict):
        return {}
    return {str(k): str(v) for k, v in block.items() if k in REMEMBERED_KEYS and v is not None}


def remember_answers(path: Path, instrument: str, answers: dict[str, str]) -> Path | None:
    """Write ``answers`` (step, qpv, list) into the series file, keeping what it already holds;
    ``None`` when there is nothing to remember or the folder cannot be written."""
    kept = {k: str(v) for k, v in answers.items() if k in REMEMBERED_KEYS and v}
    if not kept:
        return None
    target = series_file(path, instrument)
    data: dict[str, Any] = {"instrument": instrument, "signin": {}}
    if target.is_file():
        try:
            old = yaml.safe_load(target.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            old = None
        if isinstance(old, dict) and isinstance(old.get("signin", {}), dict):
            data = {**old, "signin": dict(old.get("signin") or {})}
    data["signin"].update(kept)
    text = t("workshops.series_comment", file=path.name) + "\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return target
