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
import math
import re
from dataclasses import dataclass
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
from workbench.framework import Framework, Scale, _french
from workbench.i18n import t
from workbench.normalise import normalise_label, squash_label
from workbench.sources.grid import RawTable
from workbench.sources.problems import fail, make_problem

MAPPING_SUFFIX = ".mapping.yml"
_WAVE_IN_NAME = re.compile(r"(?:^|[_\-\s.])(T\d+)(?=$|[_\-\s.])", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


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
    scale: str = "likert5"
    codes: dict[str, float] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)

    @field_validator("codes", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return _str_keys(value)

    @field_validator("missing", mode="before")
    @classmethod
    def _missing_text(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else value


class Mapping(_Model):
    """One questionnaire's mapping (see the shared contract for every key)."""

    instrument: str
    format: str | None = None
    wave: str | None = None
    person: PersonSpec | None = None
    group: ChoiceSpec | None = None
    qpv: ChoiceSpec | None = None
    organisation: ChoiceSpec | None = None
    items: dict[str, str] = Field(default_factory=dict)
    answers: AnswersSpec = Field(default_factory=AnswersSpec)
    open_text: dict[str, str] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)

    _path: Path | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)

    @field_validator("items", "open_text", mode="before")
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

    def used_columns(self) -> set[str]:
        """Every raw column this mapping reads or ignores on purpose."""
        used = set(self.items) | set(self.open_text) | set(self.ignore)
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


# --- matching values ---------------------------------------------------------------------------
GROUP_SYNONYMS: dict[str, list[str]] = {
    "elus": ["élu", "élue", "élus", "élues", "élu ou élue", "élu municipal", "élu communautaire",
             "maire", "adjoint", "adjointe", "conseiller municipal", "conseillère municipale"],
    "services": ["service", "services", "services de droit commun", "service de droit commun",
                 "service de la ville", "service de l'agglomération",
                 "service de la ville ou de l'agglomération", "technicien", "technicienne",
                 "agent", "direction", "directeur", "directrice", "dgs"],
    "acteurs": ["acteur de terrain", "acteurs de terrain", "actrice de terrain", "association",
                "associations", "associatif", "acteur associatif",
                "acteur de terrain (association, école, travail social)", "école",
                "travail social", "travailleur social", "travailleuse sociale"],
    "habitants": ["habitant", "habitante", "habitants", "habitantes", "résident", "résidente",
                  "conseil citoyen", "membre du conseil citoyen"],
    "partenaires": ["partenaire", "partenaires", "partenaire institutionnel",
                    "partenaire institutionnelle", "partenaires institutionnels", "institution",
                    "institutionnel", "état", "préfecture"],
    "equipe": ["équipe projet", "équipe", "comité technique", "cotech", "chef de projet",
               "cheffe de projet", "équipe projet ou comité technique",
               "équipe projet et comité technique"],
}


class ChoiceMatcher:
    """Text → framework id, after normalisation; explicit ``values`` win over built-in names.

    ``match`` returns ``(True, id_or_None)`` when recognised, ``(False, None)`` otherwise.
    """

    def __init__(self, values: dict[str, str | None], fallback: dict[str, str]) -> None:
        self._table: dict[str, str | None] = {}
        self._loose: dict[str, str | None] = {}
        for source in (fallback, values):  # values last: they override
            for text, target in source.items():
                self._table[normalise_label(text)] = target
                self._loose[squash_label(text)] = target
        self.expected = sorted(set(values)) or sorted(set(fallback))

    def match(self, text: str) -> tuple[bool, str | None]:
        key = normalise_label(text)
        if key in self._table:
            return True, self._table[key]
        loose = squash_label(text)
        if loose and loose in self._loose:
            return True, self._loose[loose]
        return False, None


def group_names(fw: Framework) -> dict[str, str]:
    """Every built-in way of naming a group: ids, French and English labels, synonyms."""
    names: dict[str, str] = {}
    known = set(fw.group_ids)
    for group_id, synonyms in GROUP_SYNONYMS.items():
        if group_id in known:
            names.update({s: group_id for s in synonyms})
    for group in fw.groups:
        names.update({group.id: group.id, group.label_fr: group.id, group.label_en: group.id})
    return names


def qpv_names(fw: Framework) -> dict[str, str]:
    return {name: q.id for q in fw.territory.qpvs for name in (q.id, q.name)}


def organisation_names(fw: Framework) -> dict[str, str]:
    return {name: o.id for o in fw.organisations for name in (o.id, o.name)}


# Other common French wordings of the likert5 labels (keys: a scale label after normalisation).
LIKERT_SYNONYMS: dict[str, list[str]] = {
    "pas du tout d'accord": ["tout à fait en désaccord", "pas d'accord du tout"],
    "plutot pas d'accord": ["plutôt en désaccord", "pas vraiment d'accord"],
    "ni d'accord ni pas d'accord": ["ni accord ni désaccord", "ni d'accord ni en désaccord",
                                    "ni d'accord, ni pas d'accord", "neutre"],
    "plutot d'accord": ["assez d'accord"],
    "tout a fait d'accord": ["totalement d'accord", "entièrement d'accord"],
}


@dataclass(frozen=True)
class Answer:
    """One read answer: a value on the scale, or a missing reason, or an error key."""

    value: float | None = None
    missing: str | None = None  # "nsp" | "no_answer"
    error: str | None = None  # "value_out_of_scale" | "answer_unknown"


class AnswerReader:
    """Reads Likert answers given as labels (any spelling), numbers or codes."""

    def __init__(self, scale: Scale, codes: dict[str, float] | None = None,
                 missing: list[str] | None = None) -> None:
        self.scale = scale
        self._values: dict[str, float] = {}
        self._loose: dict[str, float] = {}
        for value, label in enumerate(scale.labels_fr, start=scale.min):
            self._add(label, float(value))
            for synonym in LIKERT_SYNONYMS.get(normalise_label(label), []):
                self._add(synonym, float(value))
        for value, label in enumerate(scale.labels_en, start=scale.min):
            self._add(label, float(value))
        for code, value in (codes or {}).items():
            self._add(code, float(value))
        missing_labels = [*scale.missing_fr, "nsp", *(missing or [])]
        self._missing = {normalise_label(m) for m in missing_labels}
        self._missing_loose = {squash_label(m) for m in missing_labels} - {""}

    def _add(self, text: str, value: float) -> None:
        self._values[normalise_label(text)] = value
        if squash_label(text):
            self._loose[squash_label(text)] = value

    @property
    def expected(self) -> str:
        nsp = self.scale.missing_fr[0] if self.scale.missing_fr else t("common.nsp")
        return t("import.expected_scale", low=self.scale.min, high=self.scale.max, nsp=nsp)

    def read(self, text: str) -> Answer:
        if not text.strip():
            return Answer(missing="no_answer")
        key, loose = normalise_label(text), squash_label(text)
        if key in self._missing or (loose and loose in self._missing_loose):
            return Answer(missing="nsp")
        value = self._values.get(key)
        if value is None and loose:
            value = self._loose.get(loose)
        if value is None and _NUMBER.match(key):
            value = float(key.replace(",", "."))
        if value is None:
            return Answer(error="answer_unknown")
        if math.isnan(value) or not (self.scale.min <= value <= self.scale.max) or (
            not value.is_integer()
        ):
            return Answer(error="value_out_of_scale")
        return Answer(value=value)

    def recognises(self, text: str) -> bool:
        return self.read(text).error is None


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
    referenced += [(f"open_text.{c}", c) for c in mapping.open_text]
    for key, column in referenced:
        if column not in columns:
            add("mapping_unknown_column", key, found=column, data_file=raw.name)
    item_ids = {i.id: i for i in fw.items}
    seen: dict[str, str] = {}
    for column, item_id in mapping.items.items():
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
