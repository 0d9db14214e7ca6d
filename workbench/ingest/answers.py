"""Answer scales: reading one answer (``AnswerReader``) and recognising a question's scale from
the answers a file holds (``detect_scale``), so that a draft mapping needs no hand editing for a
supported scale.

Recognised: the framework's scales (its French and English labels and common French wordings),
agree/disagree scales in French and English with 4 to 7 points, frequency, satisfaction,
importance and quality scales, labels carrying their code (« Agree (6) », « (1) No goals »,
« 1 - Pas du tout », « 4) »), grids whose ends only are labelled, plain numbers; and the many
ways of saying « ne se prononce pas » (kept apart from the scale, as missing by choice).

>>> scale = detect_scale(["Agree (6)", "Disagree (2)", "(4)", "(7) Strongly agree",
...                       "Not Applicable (8)"])
>>> scale.codes["Agree (6)"], scale.missing, (scale.low, scale.high)
(6.0, ['Not Applicable (8)'], (1, 7))
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from workbench.framework import Scale
from workbench.i18n import t
from workbench.normalise import normalise_label, squash_label

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")

# Other common French wordings of the likert5 labels (keys: a scale label after normalisation).
LIKERT_SYNONYMS: dict[str, list[str]] = {
    "pas du tout d'accord": ["tout à fait en désaccord", "pas d'accord du tout"],
    "plutot pas d'accord": ["plutôt en désaccord", "pas vraiment d'accord"],
    "ni d'accord ni pas d'accord": ["ni accord ni désaccord", "ni d'accord ni en désaccord",
                                    "ni d'accord, ni pas d'accord", "neutre"],
    "plutot d'accord": ["assez d'accord"],
    "tout a fait d'accord": ["totalement d'accord", "entièrement d'accord"],
}

# « don't know » and its kin: missing by choice (counted, outside the scale)
DONT_KNOW = (
    "ne se prononce pas", "nsp", "ns/nc", "ns nc", "nspp", "sans avis", "sans opinion",
    "je ne sais pas", "je ne sais plus", "je ne sais pas encore", "ne sait pas", "non concerne",
    "non concernee", "pas concerne", "non applicable", "ne souhaite pas repondre",
    "je prefere ne pas repondre", "refus", "i don't know", "don't know", "dont know",
    "do not know", "i do not know", "not sure", "no answer", "prefer not to say",
    "prefer not to answer", "i prefer not to answer", "not applicable", "no opinion",
    "dont_know", "prefer_not_answer", "keine angabe", "ich weiss es nicht", "weiss nicht",
    "no sabe", "ns", "je ne sais pas/ i don't know",
)
_DONT_KNOW_WORDS = ("sais pas", "sait pas", "prononce", "sans avis", "sans opinion", "concerne",
                    "don't know", "dont know", "do not know", "prefer not", "not applicable",
                    "no answer", "keine angabe", "weiss es nicht", "ne souhaite pas")
# LimeSurvey writes N/A for a question that was not shown: no answer, not « don't know »
NOT_SHOWN = ("n/a",)


def is_dont_know(text: str) -> bool:
    key = re.sub(r"\s*\(\d+\)\s*$", "", normalise_label(text))
    return key in _DONT_KNOW_KEYS or any(word in key for word in _DONT_KNOW_WORDS)


_DONT_KNOW_KEYS = {normalise_label(m) for m in DONT_KNOW}


@dataclass(frozen=True)
class Answer:
    """One read answer: a value on the scale, or a missing reason, or an error key."""

    value: float | None = None
    missing: str | None = None  # "nsp" | "no_answer" | "user_missing"
    error: str | None = None  # "value_out_of_scale" | "answer_unknown"


class AnswerReader:
    """Reads Likert answers given as labels (any spelling), numbers or codes.

    ``codes`` map answer texts to values, ``missing`` lists texts meaning « don't know »,
    ``blank`` texts meaning no answer (LimeSurvey's N/A), ``declared`` texts the file declares
    missing (SPSS user-missing codes).
    """

    def __init__(self, scale: Scale, codes: dict[str, float] | None = None,
                 missing: list[str] | None = None, *, blank: list[str] | None = None,
                 declared: dict[str, str] | None = None) -> None:
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
        self._blank = {normalise_label(b) for b in (blank or [])}
        self._declared = {str(k).strip(): v for k, v in (declared or {}).items()}

    def _add(self, text: str, value: float) -> None:
        self._values[normalise_label(text)] = value
        if squash_label(text):
            self._loose[squash_label(text)] = value

    @property
    def expected(self) -> str:
        nsp = self.scale.missing_fr[0] if self.scale.missing_fr else t("common.nsp")
        return t("import.expected_scale", low=self.scale.min, high=self.scale.max, nsp=nsp)

    def read(self, text: str) -> Answer:
        if text.strip() in self._declared:
            return Answer(missing=self._declared[text.strip()])
        key, loose = normalise_label(text), squash_label(text)
        if not text.strip() or key in self._blank:
            return Answer(missing="no_answer")
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


# --- scales seen in real exports: (id, French labels, English labels), low to high ---------------
LIBRARY: list[tuple[str, list[str], list[str]]] = [
    ("accord4", ["Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord",
                 "Tout à fait d'accord"],
     ["Strongly disagree", "Disagree", "Agree", "Strongly agree"]),
    ("accord5", ["Pas du tout d'accord", "Pas d'accord", "Ni d'accord ni pas d'accord",
                 "D'accord", "Tout à fait d'accord"],
     ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]),
    ("accord5n", ["Pas du tout d'accord", "Pas d'accord", "Neutre", "D'accord",
                  "Tout à fait d'accord"],
     ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]),
    ("accord6", ["Pas du tout d'accord", "Pas d'accord", "Plutôt pas d'accord", "Plutôt d'accord",
                 "D'accord", "Tout à fait d'accord"],
     ["Strongly disagree", "Disagree", "Somewhat disagree", "Somewhat agree", "Agree",
      "Strongly agree"]),
    ("accord7", ["Pas du tout d'accord", "Pas d'accord", "Plutôt pas d'accord",
                 "Ni d'accord ni pas d'accord", "Plutôt d'accord", "D'accord",
                 "Tout à fait d'accord"],
     ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
      "Somewhat agree", "Agree", "Strongly agree"]),
    ("frequence4", ["Jamais", "Parfois", "Souvent", "Toujours"],
     ["Never", "Sometimes", "Often", "Always"]),
    ("frequence5", ["Jamais", "Rarement", "Parfois", "Souvent", "Toujours"],
     ["Never", "Rarely", "Sometimes", "Often", "Always"]),
    ("satisfaction4", ["Pas du tout satisfait", "Plutôt pas satisfait", "Plutôt satisfait",
                       "Très satisfait"],
     ["Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied"]),
    ("satisfaction5", ["Très insatisfait", "Insatisfait", "Ni satisfait ni insatisfait",
                       "Satisfait", "Très satisfait"],
     ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]),
    ("importance5", ["Pas du tout important", "Peu important", "Moyennement important",
                     "Très important", "Extrêmement important"],
     ["Not at all important", "Slightly important", "Moderately important", "Very important",
      "Extremely important"]),
    ("qualite5", ["Très mauvais", "Mauvais", "Moyen", "Bon", "Très bon"],
     ["Very poor", "Poor", "Fair", "Good", "Very good"]),
    ("utilite4", ["Pas utile", "Peu utile", "Utile", "Très utile"],
     ["Not useful", "Slightly useful", "Useful", "Very useful"]),
]
_LEADING_CODE = re.compile(r"^\(?\s*(?P<code>\d{1,2})\s*[).:\-–]\s*(?P<text>.*)$")
_TRAILING_CODE = re.compile(r"^(?P<text>.*?)\s*\(\s*(?P<code>\d{1,2})\s*\)$")
_MAX_POINTS = 11


@dataclass
class DetectedScale:
    """A question's scale as read from its answers: ``codes`` maps each answer text to its
    value (empty when the framework scale reads them), ``missing`` the « don't know » texts,
    ``blank`` the « not shown » texts; ``labels_fr``/``labels_en`` name the points."""

    kind: str  # "framework" | a LIBRARY id | "coded" | "numeric"
    low: int
    high: int
    codes: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    labels_fr: list[str] = field(default_factory=list)
    labels_en: list[str] = field(default_factory=list)

    @property
    def points(self) -> int:
        return self.high - self.low + 1

    @property
    def agree_from(self) -> int:
        """The first « agreeing » point: the upper half (above the middle point when odd)."""
        return self.low + self.points // 2 + (self.points % 2)


def _split_missing(values: list[str]) -> tuple[list[str], list[str], list[str]]:
    answers, missing, blank = [], [], []
    for value in values:
        if normalise_label(value) in NOT_SHOWN:
            blank.append(value)
        elif is_dont_know(value):
            missing.append(value)
        else:
            answers.append(value)
    return answers, missing, blank


def _coded(values: list[str]) -> dict[str, tuple[int, str]] | None:
    """``{text: (code, label)}`` when every answer carries its code, else ``None``."""
    found = {}
    if all(v.strip().isdigit() for v in values):
        return None  # plain numbers: a numeric scale, or no scale (0/1 ticks, counts)
    for value in values:
        text = value.strip()
        match = _TRAILING_CODE.match(text) or _LEADING_CODE.match(text)
        if match is None and text.isdigit() and len(text) <= 2:
            found[value] = (int(text), "")
            continue
        if match is None:
            return None
        found[value] = (int(match.group("code")), match.group("text").strip())
    return found


def _library_point(answer: str, table: dict[str, int]) -> int | None:
    """The point of ``answer`` on a library scale; bilingual labels (« Souvent /Often ») are
    read by either half when both halves agree."""
    key = normalise_label(answer)
    if key in table:
        return table[key]
    halves = {table.get(normalise_label(part)) for part in answer.split("/") if part.strip()}
    halves.discard(None)
    return halves.pop() if len(halves) == 1 and "/" in answer else None


def detect_scale(values: list[str], framework_scale: Scale | None = None) -> DetectedScale | None:
    """The scale of one question from its distinct answers (see the module docstring), or
    ``None`` when they are no ordered scale (yes/no, names, free text, 0/1 ticks)."""
    answers, missing, blank = _split_missing([v for v in values if v.strip()])
    if not answers:
        return None
    if framework_scale is not None:
        reader = AnswerReader(framework_scale)
        labelled = any(not _NUMBER.match(a.strip()) for a in answers)
        if all(reader.read(a).value is not None for a in answers) and (
                labelled or len(set(answers)) >= 3):
            return DetectedScale("framework", framework_scale.min, framework_scale.max,
                                 missing=missing, blank=blank,
                                 labels_fr=list(framework_scale.labels_fr),
                                 labels_en=list(framework_scale.labels_en))
    for scale_id, french, english in LIBRARY:
        table = {normalise_label(label): position for labels in (french, english)
                 for position, label in enumerate(labels, 1)}
        points = {a: _library_point(a, table) for a in answers}
        if None not in points.values() and len(set(points.values())) >= 2:
            codes = {a: float(p) for a, p in points.items() if p is not None}
            return DetectedScale(scale_id, 1, len(french), codes=codes, missing=missing,
                                 blank=blank, labels_fr=list(french), labels_en=list(english))
    coded = _coded(answers)
    if coded and len({code for code, _ in coded.values()}) >= 2:
        codes = {text: float(code) for text, (code, _) in coded.items()}
        low, high = min(codes.values()), max(codes.values())
        labels = {code: label for code, label in coded.values() if label}
        low = min(int(low), 1) if low >= 0 else int(low)
        if high - low + 1 <= _MAX_POINTS:
            names = [labels.get(point, str(point)) for point in range(low, int(high) + 1)]
            return DetectedScale("coded", low, int(high), codes=codes, missing=missing,
                                 blank=blank, labels_fr=names, labels_en=names)
    if all(_NUMBER.match(a.strip()) for a in answers):
        numbers = sorted({float(a.strip().replace(",", ".")) for a in answers})
        if len(numbers) >= 3 and all(n.is_integer() for n in numbers) and numbers[0] >= 0 and (
                numbers[-1] - min(numbers[0], 1) + 1 <= _MAX_POINTS):
            low, high = int(min(numbers[0], 1)), int(numbers[-1])
            names = [str(point) for point in range(low, high + 1)]
            return DetectedScale("numeric", low, high, missing=missing, blank=blank,
                                 labels_fr=names, labels_en=names)
    return None
