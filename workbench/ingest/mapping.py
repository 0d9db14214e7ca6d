"""The mapping file of a questionnaire: which raw column means which framework item, group, QPV.

>>> mapping = load_mapping("data/raw/barometre.mapping.yml")
>>> mapping.items["G01Q01[SQ001]"]
'Q01'

``find_mapping(path)`` applies the look-up rule (``<stem>.mapping.yml`` then
``<prefix>.mapping.yml``), ``check_mapping`` lists what does not fit the file or the framework
(``mapping_draft.draft_mapping`` writes a starting point for ``workbench map FILE``). Answer and
choice matching (``AnswerReader``, ``ChoiceMatcher``) live here so that every importer matches
labels alike.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from workbench.errors import Problem, ProblemList
from workbench.framework import Framework, Item, Scale, _french
from workbench.i18n import t
from workbench.ingest.answers import LIKERT_SYNONYMS, Answer, AnswerReader
from workbench.ingest.choice_names import (
    GROUP_SYNONYMS,
    ChoiceMatcher,
    group_names,
    organisation_names,
    qpv_names,
)
from workbench.normalise import normalise_label
from workbench.sources.grid import RawTable
from workbench.sources.problems import fail, make_problem

MAPPING_SUFFIX = ".mapping.yml"
_WAVE_IN_NAME = re.compile(r"(?:^|[_\-\s.])(T\d+)(?=$|[_\-\s.])", re.IGNORECASE)
__all__ = ["GROUP_SYNONYMS", "LIKERT_SYNONYMS", "Answer", "AnswerReader", "ChoiceMatcher",
           "Mapping", "check_mapping", "group_names", "load_mapping", "organisation_names",
           "qpv_names"]


def _str_keys(value: Any) -> Any:
    """YAML reads ``1: x`` with an int key: mapping keys are always text."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonSpec(_Model):
    columns: list[str] = Field(min_length=1)


class ChoiceSpec(_Model):
    """A column whose values map to framework ids, or one constant ``value`` for every row."""

    column: str | None = None
    value: str | None = None
    values: dict[str, str | None] = Field(default_factory=dict)

    @field_validator("values", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return _str_keys(value)

    @model_validator(mode="after")
    def _column_or_value(self) -> ChoiceSpec:
        if (self.column is None) == (self.value is None):
            raise ValueError("donnez soit « column » (une colonne), soit « value » (une constante)")
        return self


class AnswersSpec(_Model):
    """How answers are read: on ``scale``; ``codes`` (answer text → value) for labels the
    scale does not know; ``missing`` the « don't know » texts; ``blank`` texts meaning no
    answer (LimeSurvey's « N/A », a question not shown)."""

    scale: str = "likert5"
    codes: dict[str, float] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)
    blank: list[str] = Field(default_factory=list)

    @field_validator("codes", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return _str_keys(value)

    @field_validator("missing", "blank", mode="before")
    @classmethod
    def _missing_text(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else value


class ColumnItem(_Model):
    """A column's item with its own answer codes (a reversed item, a scale of its own)."""

    item: str
    codes: dict[str, float] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)

    @field_validator("codes", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return _str_keys(value)


class NewItem(_Model):
    """A question the framework does not know, proposed as a new item of the instrument: its
    answers are stored under ``id``; add it to the framework (with its lessons) to use it in
    indicators."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    text_fr: str
    text_en: str = ""
    scale: str = "likert5"
    lessons: list[str] = Field(default_factory=list)
    codes: dict[str, float] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)

    @field_validator("codes", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return _str_keys(value)


class Mapping(_Model):
    """One questionnaire's mapping (see the shared contract for every key)."""

    instrument: str
    format: str | None = None
    wave: str | None = None
    person: PersonSpec | None = None
    group: ChoiceSpec | None = None
    qpv: ChoiceSpec | None = None
    organisation: ChoiceSpec | None = None
    items: dict[str, str | ColumnItem] = Field(default_factory=dict)
    new_items: dict[str, NewItem] = Field(default_factory=dict)
    new_scales: dict[str, Scale] = Field(default_factory=dict)
    answers: AnswersSpec = Field(default_factory=AnswersSpec)
    open_text: dict[str, str] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)

    _path: Path | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)

    @field_validator("items", "open_text", "new_items", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return _str_keys(value)

    @field_validator("wave", mode="before")
    @classmethod
    def _wave_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def sha256(self) -> str | None:
        return self._sha256

    @property
    def file_name(self) -> str:
        return self._path.name if self._path else "mapping"

    @property
    def item_ids(self) -> dict[str, str]:
        """Column → item id, for the framework's items and the new ones alike."""
        ids = {c: (v if isinstance(v, str) else v.item) for c, v in self.items.items()}
        ids.update({c: n.id for c, n in self.new_items.items()})
        return ids

    def column_answers(self, column: str) -> tuple[dict[str, float], list[str]]:
        """The codes and « don't know » texts of one column (the shared ``answers`` ones, with
        the column's own on top)."""
        spec = self.items.get(column) or self.new_items.get(column)
        codes, missing = dict(self.answers.codes), list(self.answers.missing)
        if spec is not None and not isinstance(spec, str):
            codes.update(spec.codes)
            missing += spec.missing
        return codes, missing

    def extended_framework(self, fw: Framework) -> Framework:
        """``fw`` with this mapping's new scales and new items (those the framework does not
        hold yet; once added to the framework file, the framework's own win)."""
        scales = {**self.new_scales, **fw.scales}
        known = {i.id for i in fw.items}
        added = [Item(id=n.id, instrument=[self.instrument], scale=n.scale, lessons=n.lessons,
                      text_fr=n.text_fr, text_en=n.text_en or n.text_fr)
                 for n in self.new_items.values() if n.id not in known]
        if not added and scales == fw.scales:
            return fw
        return fw.model_copy(update={"scales": scales, "items": [*fw.items, *added]})

    def used_columns(self) -> set[str]:
        """Every raw column this mapping reads or ignores on purpose."""
        used = set(self.items) | set(self.new_items) | set(self.open_text) | set(self.ignore)
        if self.person:
            used |= set(self.person.columns)
        for spec in (self.group, self.qpv, self.organisation):
            if spec and spec.column:
                used.add(spec.column)
        return used


def load_mapping(path: str | Path) -> Mapping:
    """Read and validate a mapping file; every problem names the file and the key."""
    path = Path(path)
    if not path.is_file():
        raise fail("mapping_not_found", path.name, expected=str(path), file_name=path.name)
    data = path.read_bytes()
    try:
        content = yaml.safe_load(data.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise fail("mapping_yaml_syntax", path.name, row=mark.line + 1 if mark else None,
                   found=str(getattr(exc, "problem", exc))) from None
    if not isinstance(content, dict):
        raise fail("mapping_invalid", path.name, expected=t("import.expected_mapping_dict"),
                   found=type(content).__name__)
    try:
        mapping = Mapping.model_validate(content)
    except ValidationError as exc:
        problems = ProblemList(path.name)
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"]) or "(racine)"
            problems.problems.append(make_problem(
                "mapping_invalid", path.name, column=key, at_key=True, expected=_french(err),
                found=repr(err.get("input"))[:80]))
        problems.raise_if_any()
        raise  # pragma: no cover
    mapping._path = path
    mapping._sha256 = hashlib.sha256(data).hexdigest()
    return mapping


def mapping_candidates(raw_path: str | Path) -> list[Path]:
    """Where the mapping of ``raw_path`` may be: ``<stem>.mapping.yml``, then
    ``<prefix>.mapping.yml`` (prefix = the name before its first ``_``)."""
    raw_path = Path(raw_path)
    stem = raw_path.stem
    candidates = [raw_path.with_name(stem + MAPPING_SUFFIX)]
    prefix = stem.split("_", 1)[0]
    if prefix and prefix != stem:
        candidates.append(raw_path.with_name(prefix + MAPPING_SUFFIX))
    return candidates


def find_mapping(raw_path: str | Path, explicit: str | Path | None = None) -> Path | None:
    """The mapping file for ``raw_path``: ``explicit`` (must exist), else the look-up rule."""
    if explicit is not None:
        explicit = Path(explicit)
        if not explicit.is_file():
            raise fail("mapping_not_found", Path(raw_path).name, expected=str(explicit),
                       file_name=Path(raw_path).name)
        return explicit
    return next((c for c in mapping_candidates(raw_path) if c.is_file()), None)


def resolve_mapping(path: Path, mapping: str | Path | Mapping | None) -> Mapping | None:
    """The mapping of ``path``: ``mapping`` itself when loaded, else the file it names, else the
    one found next to the raw file (``None`` when there is none)."""
    if isinstance(mapping, Mapping):
        return mapping
    found = find_mapping(path, mapping)
    return load_mapping(found) if found else None


def wave_from_name(path: str | Path) -> str | None:
    """``barometre_T1.csv`` → ``"T1"`` (a ``_T<digits>`` token in the file name)."""
    match = _WAVE_IN_NAME.search(Path(path).stem)
    return match.group(1).upper() if match else None


# --- checking a mapping against the file and the framework ----------------------------------------
def check_mapping(mapping: Mapping, raw: RawTable, fw: Framework) -> list[Problem]:
    """Every key of ``mapping`` that names a missing column or an unknown framework id."""
    file = mapping.file_name
    problems: list[Problem] = []

    def add(key: str, column: str, **kw: Any) -> None:
        problems.append(make_problem(key, file, column=column, at_key=True, **kw))

    columns = set(raw.columns)
    instruments = {i.id: i for i in fw.instruments}
    if mapping.instrument not in instruments:
        add("mapping_unknown_instrument", "instrument", found=mapping.instrument,
            expected=", ".join(i for i, v in instruments.items() if v.kind == "questionnaire"))
    if mapping.answers.scale not in fw.scales:
        add("mapping_unknown_scale", "answers.scale", found=mapping.answers.scale,
            expected=", ".join(fw.scales))
    referenced: list[tuple[str, str]] = []
    if mapping.person:
        referenced += [("person.columns", c) for c in mapping.person.columns]
    for name in ("group", "qpv", "organisation"):
        spec = getattr(mapping, name)
        if spec and spec.column:
            referenced.append((f"{name}.column", spec.column))
    referenced += [(f"items.{c}", c) for c in mapping.items]
    referenced += [(f"new_items.{c}", c) for c in mapping.new_items]
    referenced += [(f"open_text.{c}", c) for c in mapping.open_text]
    for key, column in referenced:
        if column not in columns:
            add("mapping_unknown_column", key, found=column, data_file=raw.name)
        elif column in raw.personal_columns and not key.startswith("person."):
            add("mapping_personal_column", key, found=column,
                kind=t(f"import.personal.{raw.personal_columns[column]}"))
    item_ids = {i.id: i for i in fw.items}
    scales = {**mapping.new_scales, **fw.scales}
    seen: dict[str, str] = {}
    for column, spec in mapping.items.items():
        item_id = spec if isinstance(spec, str) else spec.item
        item = item_ids.get(item_id)
        if item is None:
            add("mapping_unknown_item", f"items.{column}", found=item_id,
                expected=", ".join(item_ids))
        elif mapping.instrument in instruments and mapping.instrument not in item.instrument:
            add("mapping_item_not_in_instrument", f"items.{column}", found=item_id,
                expected=mapping.instrument)
        if item_id in seen:
            add("mapping_item_twice", f"items.{column}", found=item_id)
        seen[item_id] = column
    for column, new in mapping.new_items.items():
        existing = item_ids.get(new.id)
        if existing is not None and normalise_label(existing.text_fr) != normalise_label(
                new.text_fr):
            add("mapping_new_item_clash", f"new_items.{column}.id", found=new.id,
                expected=existing.text_fr)
        if new.scale not in scales:
            add("mapping_unknown_scale", f"new_items.{column}.scale", found=new.scale,
                expected=", ".join(scales))
        unknown_lessons = [le for le in new.lessons if le not in {x.id for x in fw.lessons}]
        if unknown_lessons:
            add("mapping_unknown_lesson", f"new_items.{column}.lessons",
                found=", ".join(unknown_lessons), expected=", ".join(x.id for x in fw.lessons))
        if new.id in seen:
            add("mapping_item_twice", f"new_items.{column}", found=new.id)
        seen[new.id] = column
    known = {
        "group": ("mapping_unknown_group", set(fw.group_ids)),
        "qpv": ("mapping_unknown_qpv", set(fw.qpv_ids)),
        "organisation": ("mapping_unknown_organisation", {o.id for o in fw.organisations}),
    }
    for name, (key, allowed) in known.items():
        spec: ChoiceSpec | None = getattr(mapping, name)
        if spec is None or (name == "organisation" and not allowed):
            continue
        targets = [("value", spec.value)] if spec.value is not None else []
        targets += [(f"values.{k}", v) for k, v in spec.values.items()]
        for where, target in targets:
            if target is not None and target not in allowed:
                add(key, f"{name}.{where}", found=target, expected=", ".join(sorted(allowed)))
    return problems


def raise_mapping_problems(problems: list[Problem], file: str) -> None:
    if problems:
        listed = ProblemList(file, problems)
        listed.raise_if_any()
