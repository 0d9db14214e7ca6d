"""A proposed mapping for a questionnaire export (``workbench map FILE``, the import app's form),
for a person to check. It never guesses:

- a column goes to a framework item only when its question text says so (French or English,
  accents and punctuation folded, compared with ``rapidfuzz``), never by position or code; a
  close but uncertain match is proposed but inactive until confirmed;
- each question's answer scale is detected from its answers (``answers.detect_scale``) and
  written in the mapping (codes, « ne se prononce pas » variants), so a supported scale needs no
  hand editing;
- a scale question the framework does not know is proposed as a NEW item of the instrument (its
  text and scale), to be tagged with lessons, instead of being forced onto an existing item;
- personal columns (names, e-mails, IPs, phones) only make the pseudonymous id or are ignored.

>>> draft = build_draft(read_raw("data/raw/enquete_T1.csv"), load_framework())  # doctest: +SKIP
>>> draft.set_role("Votre avis sur…", "item", item="Q05"); print(draft.to_yaml())  # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workbench.framework import Framework, Item
from workbench.ingest.answers import DetectedScale, detect_scale
from workbench.ingest.mapping import (
    ChoiceMatcher,
    group_names,
    organisation_names,
    qpv_names,
    wave_from_name,
)
from workbench.ingest.mapping_yaml import draft_yaml, item_codes, question_texts
from workbench.normalise import normalise_label
from workbench.sources import kobo, limesurvey
from workbench.sources.grid import RawTable
from workbench.sources.personal import name_part

ROLES = ("item", "new_item", "open_text", "person", "group", "qpv", "organisation", "ignore",
         "other")
SURE = 90.0  # resemblance (0-100) from which a column is taken as the item's question
UNCERTAIN = 72.0  # from which a match is proposed, inactive until confirmed
_OPEN_TEXT_MIN_LENGTH = 25
_MATCH_SHARE = 0.5
_VALUES_KEPT = 200
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _folded(text: str) -> str:
    return _NOT_ALNUM.sub(" ", normalise_label(text)).strip()


def resemblance(column: str, item: Item) -> float:
    """0-100: how much a column's question reads like the item's (French or English)."""
    from rapidfuzz import fuzz

    best = 0.0
    for text in question_texts(column):
        mine = _folded(text)
        if len(mine) < 8:  # a code such as Q10 says nothing about the question
            continue
        for theirs in (item.text_fr, item.text_en):
            other = _folded(theirs)
            best = max(best, fuzz.ratio(mine, other), fuzz.token_sort_ratio(mine, other))
    return float(best)


def match_items(columns: list[str], items: list[Item]) -> dict[str, tuple[str, float]]:
    """Column → (item id, resemblance) for matches of at least ``UNCERTAIN``, each item and
    each column at most once, best resemblances first."""
    scored = sorted(((resemblance(c, i), c, i.id) for c in columns for i in items),
                    key=lambda s: -s[0])
    chosen: dict[str, tuple[str, float]] = {}
    taken: set[str] = set()
    for score, column, item_id in scored:
        if score < UNCERTAIN:
            break
        if column in chosen or item_id in taken:
            continue
        chosen[column] = (item_id, score)
        taken.add(item_id)
    return chosen


@dataclass
class ColumnProposal:
    """What the draft proposes for one column (``role`` among ``ROLES``)."""

    column: str
    role: str
    item: str | None = None  # role "item": the framework item
    score: float = 0.0  # resemblance of the column's question to ``item``
    confirmed: bool = True  # False: an uncertain match, inactive until confirmed
    scale: DetectedScale | None = None
    new_id: str | None = None  # role "new_item": the proposed id
    note: str = ""  # why (personal data kind, metadata…)
    values: list[str] = field(default_factory=list)  # distinct answers (a sample)
    lessons: list[str] = field(default_factory=list)  # a new item's lessons, when tagged

    @property
    def active_role(self) -> str:
        """The role the mapping applies: an unconfirmed match stays a new item."""
        return "new_item" if self.role == "item" and not self.confirmed else self.role


@dataclass
class MappingDraft:
    """Every column of a file with its proposal; ``to_yaml`` writes the mapping file."""

    file: str
    format: str
    instrument: str
    wave: str | None
    scale_id: str
    framework: Framework
    columns: list[ColumnProposal]
    person: list[str] = field(default_factory=list)
    person_note: str = ""

    def proposal(self, column: str) -> ColumnProposal:
        return next(p for p in self.columns if p.column == column)

    def set_role(self, column: str, role: str, *, item: str | None = None) -> None:
        """The person's choice for one column (confirmed); ``item`` for the role « item »."""
        if role not in ROLES:
            raise ValueError(f"role inconnu : {role} (attendu : {', '.join(ROLES)})")
        proposal = self.proposal(column)
        if role == "item" and item is None:
            raise ValueError("un item du cadre est attendu pour le rôle « item »")
        if role in ("group", "qpv", "organisation"):
            for other in self.columns:
                if other.role == role and other is not proposal:
                    other.role = "other"
        proposal.role, proposal.confirmed = role, True
        proposal.item = item if role == "item" else None
        if role == "person" and column not in self.person:
            self.person.append(column)
        elif role != "person" and column in self.person:
            self.person.remove(column)
        if role == "new_item" and proposal.new_id is None:
            proposal.new_id = self._next_id()
        if role in ("item", "new_item") and proposal.scale is None:  # read on the framework's
            scale = self.framework.scales[self.scale_id]
            proposal.scale = DetectedScale("framework", scale.min, scale.max)

    def confirm(self, column: str) -> None:
        """Confirm an uncertain match: the column's answers go to the proposed item."""
        self.proposal(column).confirmed = True

    @property
    def matched(self) -> dict[str, str]:
        return {p.column: p.item for p in self.columns
                if p.active_role == "item" and p.item is not None}

    @property
    def uncertain(self) -> dict[str, tuple[str, float]]:
        return {p.column: (p.item, p.score) for p in self.columns
                if p.role == "item" and not p.confirmed and p.item is not None}

    @property
    def new_items(self) -> dict[str, str]:
        return {p.column: p.new_id or "" for p in self.columns if p.active_role == "new_item"}

    def _next_id(self) -> str:
        prefix = _NOT_ALNUM.sub("_", normalise_label(Path(self.file).stem.split("_", 1)[0]))
        prefix = prefix.strip("_")[:16] or "item"
        taken = {i.id for i in self.framework.items} | {p.new_id for p in self.columns}
        number = 1
        while f"{prefix}_{number:02d}" in taken:
            number += 1
        return f"{prefix}_{number:02d}"

    def to_yaml(self) -> str:
        """The mapping file's text, loadable by ``load_mapping`` once saved."""
        return draft_yaml(self)


def _values(raw: RawTable, column: str) -> list[str]:
    return sorted({v for v in raw.frame[column].tolist() if v.strip()})


def _share(values: list[str], matcher: ChoiceMatcher) -> float:
    return sum(matcher.match(v)[0] for v in values) / len(values) if values else 0.0


def _identifies(raw: RawTable, column: str) -> bool:
    """True when a column's non-empty values (``anonymous`` aside) differ row by row."""
    values = [v.strip().casefold() for v in raw.frame[column].tolist()]
    filled = [v for v in values if v and v not in {"anonymous", "anonyme"}]
    return bool(filled) and len(set(filled)) == len(filled)


def _person_key(raw: RawTable) -> tuple[list[str], str]:
    """The person columns (names, else e-mail, else phone) when they identify respondents."""
    personal = raw.personal_columns
    names = {name_part(c): c for c in personal if personal[c] == "name" and name_part(c)}
    for candidate in ([names.get("first"), names.get("last")], [names.get("full")],
                      [next((c for c, k in personal.items() if k == "email"), None)],
                      [next((c for c, k in personal.items() if k == "phone"), None)]):
        columns = [c for c in candidate if c and (raw.frame[c].str.strip() != "").any()]
        if not columns:
            continue
        joined = raw.frame[columns].agg(" ".join, axis=1) if len(columns) > 1 else None
        if joined is not None:
            filled = [v.strip().casefold() for v in joined if v.strip()]
            if filled and len(set(filled)) == len(filled):
                return columns, ""
        elif _identifies(raw, columns[0]):
            return columns, ""
        else:
            return [], columns[0]
    return [], ""


def build_draft(raw: RawTable, fw: Framework) -> MappingDraft:
    """The proposal for every column of ``raw`` (see the module docstring)."""
    questionnaires = [i.id for i in fw.instruments if i.kind == "questionnaire"]
    prefix = Path(raw.name).stem.split("_", 1)[0]
    scale_id = next(iter(fw.scales)) if fw.scales else "likert5"
    framework_scale = fw.scales.get(scale_id)
    metadata = set(limesurvey.METADATA_COLUMNS) | set(kobo.METADATA_COLUMNS) | set(
        raw.metadata_columns)
    matchers = {"group": ChoiceMatcher({}, group_names(fw)),
                "qpv": ChoiceMatcher({}, qpv_names(fw)),
                "organisation": ChoiceMatcher({}, organisation_names(fw))}
    person, person_note = _person_key(raw)
    proposals: list[ColumnProposal] = []
    for column in raw.columns:
        values = _values(raw, column)
        proposal = ColumnProposal(column, "other", values=values[:_VALUES_KEPT])
        if column in raw.personal_columns:
            kind = raw.personal_columns[column]
            proposal.role = "person" if column in person else "ignore"
            proposal.note = f"personal:{kind}"
        elif column in metadata or kobo.canonical(column).startswith("_"):
            proposal.role, proposal.note = "ignore", "metadata"
        elif scale := detect_scale(values, framework_scale):
            proposal.role, proposal.scale = "new_item", scale
        elif values and (role := next((r for r, m in matchers.items()
                                        if not any(p.role == r for p in proposals)
                                        and _share(values, m) >= _MATCH_SHARE), None)):
            proposal.role = role
        elif values and (sum(map(len, values)) / len(values) >= _OPEN_TEXT_MIN_LENGTH
                         or any("\n" in v for v in values)):
            proposal.role = "open_text"
        proposals.append(proposal)
    scaled = [p.column for p in proposals if p.role == "new_item"]
    instrument = prefix if prefix in questionnaires else _best_instrument(
        scaled, fw, questionnaires)
    items = [i for i in fw.items if instrument in i.instrument]
    for column, (item_id, score) in match_items(scaled, items).items():
        proposal = next(p for p in proposals if p.column == column)
        item_scale = fw.scales[next(i.scale for i in items if i.id == item_id)]
        if item_codes(proposal.scale, item_scale) is None:  # 4 points cannot go on 5
            proposal.note = f"scale_mismatch:{item_id}"
            continue
        proposal.role, proposal.item, proposal.score = "item", item_id, score
        proposal.confirmed = score >= SURE
    draft = MappingDraft(file=raw.name, format=raw.format, instrument=instrument,
                         wave=wave_from_name(raw.name), scale_id=scale_id, framework=fw,
                         columns=proposals, person=person, person_note=person_note)
    for proposal in proposals:
        if proposal.active_role == "new_item":
            proposal.new_id = draft._next_id()
    return draft


def _best_instrument(columns: list[str], fw: Framework, questionnaires: list[str]) -> str:
    """The questionnaire whose items the columns' questions resemble most (the first one when
    nothing resembles)."""
    if not questionnaires:
        return "?"
    scores = {q: len([m for m in match_items(columns, [i for i in fw.items
                                                      if q in i.instrument]).values()
                      if m[1] >= SURE]) for q in questionnaires}
    best = max(questionnaires, key=lambda q: scores[q])
    return best if scores[best] else questionnaires[0]


def draft_mapping(raw: RawTable, fw: Framework) -> str:
    """The YAML text of ``build_draft`` (what ``workbench map FILE`` prints)."""
    return build_draft(raw, fw).to_yaml()
