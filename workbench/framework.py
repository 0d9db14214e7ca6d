"""Load and validate the evaluation framework (YAML) into typed pydantic models.

>>> fw = load_framework()              # data/framework.yml, else the shipped default
>>> fw.lesson("L1").title_fr
"Travailler avec les élus, c'est possible et nécessaire"
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from workbench.config import DEFAULT_FRAMEWORK, Paths, store_without_password
from workbench.errors import FrameworkError
from workbench.secrecy import Privacy, RelationalPublication  # noqa: F401 (re-exported)

Evidence = Literal["perception", "behaviour", "relations", "voices", "change"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Qpv(_Model):
    id: str
    name: str
    population: int = Field(gt=0)


class Territory(_Model):
    id: str
    name_fr: str
    name_en: str
    fictional: bool = False
    qpvs: list[Qpv] = Field(min_length=1)


class Registrations(_Model):
    """Registration lists (who signed up, not who came) are always kept apart from presence;
    with ``invited: true`` the people registered for a group's events count among the people
    that reach indicators are computed over (the invited), beside everyone on a sign-in sheet."""

    invited: bool = False


class Group(_Model):
    id: str
    label_fr: str
    label_en: str
    target: int | None = Field(default=None, ge=0)


class Step(_Model):
    id: str
    number: int = Field(ge=1)
    label_fr: str
    label_en: str
    start: dt.date
    end: dt.date
    groups: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ordered(self) -> Step:
        if self.end < self.start:
            raise ValueError(f"la fin ({self.end}) précède le début ({self.start})")
        return self


class Wave(_Model):
    id: str
    label_fr: str
    label_en: str
    date: dt.date


class Lesson(_Model):
    id: str
    title_fr: str
    title_en: str
    text_fr: str = ""
    text_en: str = ""


class Scale(_Model):
    min: int
    max: int
    agree_from: int
    labels_fr: list[str]
    labels_en: list[str]
    missing_fr: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Scale:
        n = self.max - self.min + 1
        if len(self.labels_fr) != n or len(self.labels_en) != n:
            raise ValueError(f"{n} libellés attendus (de {self.min} à {self.max})")
        if not self.min <= self.agree_from <= self.max:
            raise ValueError(f"agree_from doit être entre {self.min} et {self.max}")
        return self


class Instrument(_Model):
    id: str
    kind: Literal["questionnaire", "attendance", "relational", "verbatims", "pathway"]
    label_fr: str
    label_en: str


class Item(_Model):
    id: str
    instrument: list[str]
    scale: str
    lessons: list[str] = Field(default_factory=list)
    text_fr: str
    text_en: str


class Organisation(_Model):
    id: str
    name: str
    sector: str
    group: str
    mainstream: bool = False


class Indicator(_Model):
    id: str
    lesson: str
    kind: str
    evidence: Evidence
    params: dict[str, Any] = Field(default_factory=dict)
    direction: Literal["up", "down", "none"] = "up"
    target: float | None = None
    label_fr: str
    label_en: str


class Framework(_Model):
    version: int = 1
    language: Literal["fr", "en"] = "fr"
    territory: Territory
    privacy: Privacy = Privacy()
    registrations: Registrations = Registrations()
    groups: list[Group] = Field(min_length=1)
    steps: list[Step]
    waves: list[Wave] = Field(min_length=1)
    lessons: list[Lesson] = Field(min_length=1)
    scales: dict[str, Scale]
    instruments: list[Instrument]
    items: list[Item]
    organisations: list[Organisation] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    store: str | None = None  # the team's store (see ``Paths.default``), never its password

    @field_validator("store")
    @classmethod
    def _no_password(cls, value: str | None) -> str | None:
        return store_without_password(value)

    @field_validator("groups", "steps", "waves", "lessons", "instruments", "items",
                     "organisations", "indicators")
    @classmethod
    def _unique_ids(cls, value: list[Any]) -> list[Any]:
        seen: set[str] = set()
        for entry in value:
            if entry.id in seen:
                raise ValueError(f"identifiant en double : « {entry.id} »")
            seen.add(entry.id)
        return value

    @model_validator(mode="after")
    def _references(self) -> Framework:
        checks: list[tuple[str, str, set[str]]] = []
        groups, lessons = {g.id for g in self.groups}, {le.id for le in self.lessons}
        instruments = {i.id for i in self.instruments}
        for i, step in enumerate(self.steps):
            checks += [(f"steps[{i}].groups", g, groups) for g in step.groups]
        for i, item in enumerate(self.items):
            checks += [(f"items[{i}].lessons", le, lessons) for le in item.lessons]
            checks += [(f"items[{i}].instrument", s, instruments) for s in item.instrument]
            checks.append((f"items[{i}].scale", item.scale, set(self.scales)))
        for i, org in enumerate(self.organisations):
            checks.append((f"organisations[{i}].group", org.group, groups))
        for i, ind in enumerate(self.indicators):
            checks.append((f"indicators[{i}].lesson", ind.lesson, lessons))
        for where, value, allowed in checks:
            if value not in allowed:
                raise ValueError(
                    f"{where} : « {value} » inconnu "
                    f"(attendu l'un de : {', '.join(sorted(allowed))})"
                )
        return self

    # --- look-ups -----------------------------------------------------------------------------
    def lesson(self, lesson_id: str) -> Lesson:
        return _by_id(self.lessons, lesson_id, "lessons")

    def group(self, group_id: str) -> Group:
        return _by_id(self.groups, group_id, "groups")

    def qpv(self, qpv_id: str) -> Qpv:
        return _by_id(self.territory.qpvs, qpv_id, "territory.qpvs")

    def item(self, item_id: str) -> Item:
        return _by_id(self.items, item_id, "items")

    def indicator(self, indicator_id: str) -> Indicator:
        return _by_id(self.indicators, indicator_id, "indicators")

    def step(self, step_id: str) -> Step:
        return _by_id(self.steps, step_id, "steps")

    @property
    def wave_ids(self) -> list[str]:
        return [w.id for w in sorted(self.waves, key=lambda w: w.date)]

    @property
    def qpv_ids(self) -> list[str]:
        return [q.id for q in self.territory.qpvs]

    @property
    def group_ids(self) -> list[str]:
        return [g.id for g in self.groups]

    @property
    def step_ids(self) -> list[str]:
        return [s.id for s in sorted(self.steps, key=lambda s: s.number)]

    @property
    def min_cell(self) -> int:
        return self.privacy.min_cell

    @property
    def min_category(self) -> int:
        return self.privacy.min_category

    def warnings(self) -> list[FrameworkWarning]:
        """What is valid but probably not meant (see :func:`framework_warnings`)."""
        return framework_warnings(self)


class FrameworkWarning(_Model):
    """A valid framework that probably does not say what was meant: an English ``key``, the
    French (or English) ``message``, and the entries it names."""

    key: str
    message: str
    item: str | None = None
    lesson: str | None = None


def indicator_items(indicator: Indicator) -> set[str]:
    """The questionnaire items an indicator reads: ``params.items``, and the items of
    ``params.factors`` / ``params.conditions`` (profiles)."""
    params = indicator.params
    found = {str(i) for i in params.get("items", []) or []}
    for grouped in ("factors", "conditions"):
        for items in (params.get(grouped) or {}).values():
            found |= {str(i) for i in items or []}
    return found


def framework_warnings(fw: Framework) -> list[FrameworkWarning]:
    """Warnings on a valid framework: an item tagged with a lesson that none of that lesson's
    indicators uses (its answers would enter no figure of the lesson, silently)."""
    from workbench.i18n import t

    used: dict[str, set[str]] = {}
    for ind in fw.indicators:
        used.setdefault(ind.lesson, set()).update(indicator_items(ind))
    out = []
    for item in fw.items:
        for lesson in item.lessons:
            if item.id not in used.get(lesson, set()):
                out.append(FrameworkWarning(
                    key="item_lesson_unused", item=item.id, lesson=lesson,
                    message=t("framework.warning.item_lesson_unused", item=item.id,
                              lesson=lesson)))
    return out


def _by_id(entries: list[Any], wanted: str, where: str) -> Any:
    for entry in entries:
        if entry.id == wanted:
            return entry
    raise FrameworkError(
        f"{where} : « {wanted} » introuvable dans le cadre d'évaluation",
        key="framework_unknown_id",
        found=wanted,
    )


def parse_framework(data: Any, *, source: str = "framework.yml") -> Framework:
    """Validate a mapping into a Framework; errors name the key, the value and the expectation."""
    if not isinstance(data, dict):
        raise FrameworkError(
            f"{source} : le cadre doit être un dictionnaire YAML, trouvé {type(data).__name__}",
            key="framework_not_mapping",
            file=source,
        )
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        lines = []
        first: dict[str, Any] = exc.errors()[0]
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "(racine)"
            value = err.get("input")
            shown = repr(value) if not isinstance(value, dict) and loc != "store" else "{…}"
            lines.append(f"clé « {loc} » : {_french(err)} (valeur trouvée : {shown[:80]})")
        raise FrameworkError(
            f"{source} : cadre d'évaluation invalide\n  - " + "\n  - ".join(lines),
            key="framework_invalid",
            file=source,
            column=".".join(str(p) for p in first["loc"]),
            expected=_french(first),
            found="{…}" if first["loc"] == ("store",) else repr(first.get("input"))[:80],
        ) from None


_FRENCH = {
    "missing": "clé obligatoire absente",
    "extra_forbidden": "clé inconnue",
    "int_parsing": "un nombre entier est attendu", "int_type": "un nombre entier est attendu",
    "float_parsing": "un nombre est attendu",
    "bool_parsing": "vrai/faux (true/false) attendu",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "date_parsing": "une date AAAA-MM-JJ est attendue", "string_type": "un texte est attendu",
    "list_type": "une liste est attendue",
    "dict_type": "un dictionnaire est attendu",
    "too_short": "la liste ne peut pas être vide",
    "literal_error": "valeur non autorisée",
    "greater_than": "doit être strictement positif",
    "greater_than_equal": "valeur trop petite",
}


def _french(err: dict[str, Any]) -> str:
    if err["type"] == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "literal_error":
        return f"valeur non autorisée ({err['ctx'].get('expected', '')})"
    if err["type"] == "greater_than_equal":
        return f"doit être au moins {err['ctx'].get('ge')}"
    return _FRENCH.get(err["type"], err["msg"])


def load_framework(path: str | Path | None = None) -> Framework:
    """Read a framework file: the given path, else ``data/framework.yml``, else the default."""
    if path is None:
        candidate = Paths.default().framework
        path = candidate if candidate.is_file() else DEFAULT_FRAMEWORK
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(
            f"Cadre d'évaluation introuvable : {path}", key="framework_missing", file=str(path)
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        raise FrameworkError(
            f"{path.name} : YAML illisible ligne {row} ({getattr(exc, 'problem', exc)})",
            key="framework_yaml_syntax",
            file=str(path),
            row=row,
        ) from None
    return parse_framework(data, source=path.name)


def install_framework(paths: Paths | None = None, *, overwrite: bool = False) -> Path:
    """Copy the shipped default to ``data/framework.yml`` for the evaluator to edit."""
    paths = paths or Paths.default()
    target = paths.framework
    if overwrite or not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_FRAMEWORK, target)
    return target


def _block(lines: list[str], key: str) -> tuple[int, int] | None:
    """``(start, end)``: the line of a top-level ``key:`` and the line after its last entry."""
    start = next((n for n, line in enumerate(lines)
                  if line.split("#", 1)[0].rstrip() in (f"{key}:", f"{key}: []", f"{key}: {{}}")),
                 None)
    if start is None:
        return None
    last = start + 1
    for end in range(start + 1, len(lines)):
        line = lines[end]
        if line.strip() and not line.startswith((" ", "\t", "#", "-")):
            break
        last = end + 1 if line.strip() and not line.lstrip().startswith("#") else last
    return start, last


def add_items(items: list[dict[str, Any]], scales: dict[str, dict[str, Any]] | None = None,
              paths: Paths | None = None) -> list[str]:
    """Append new questionnaire items (and the scales they need) to ``data/framework.yml``,
    keeping the file's comments and layout; ids already there are left alone. The result is
    validated before anything is written. Returns the ids added."""
    target = install_framework(paths)
    text = target.read_text(encoding="utf-8")
    current = yaml.safe_load(text) or {}
    known_items = {i.get("id") for i in current.get("items") or []}
    known_scales = set(current.get("scales") or {})
    new_items = [i for i in items if i["id"] not in known_items]
    new_scales = {k: v for k, v in (scales or {}).items() if k not in known_scales}
    lines = text.splitlines()
    for key, entries in (("scales", [f"{k}: {json.dumps(v, ensure_ascii=False)}"
                                     for k, v in new_scales.items()]),
                         ("items", [f"- {json.dumps(i, ensure_ascii=False)}"
                                    for i in new_items])):
        if not entries:
            continue
        found = _block(lines, key)
        if found is None:
            lines += [f"{key}:", *[f"  {e}" for e in entries]]
            continue
        start, end = found
        lines[start] = f"{key}:"
        body = [line for line in lines[start + 1:end] if line.strip()
                and not line.lstrip().startswith("#")]
        indent = (len(body[0]) - len(body[0].lstrip())) if body else 2
        lines[end:end] = [" " * indent + e for e in entries]
    updated = "\n".join(lines) + "\n"
    parse_framework(yaml.safe_load(updated), source=target.name)
    target.write_text(updated, encoding="utf-8")
    return [i["id"] for i in new_items]
