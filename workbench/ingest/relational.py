"""Import a relational survey: each respondent rates each partner organisation of the roster.

Per partner: level of collaboration 0–5 (Frey et al.: aucune relation, mise en réseau,
coopération, coordination, coalition, collaboration), PARTNER-style trust items (ouverture,
fiabilité, mission partagée) and value items (influence, ressources, implication) rated 1–4, and
the frequency of contact. Two layouts are read:

- **wide**: one row per respondent (``Prénom``, ``Nom``, ``Organisation``), then per partner
  columns ``Niveau [CCAS]``, ``Ouverture [CCAS]``, …, ``Fréquence [CCAS]``;
- **long**: one row per respondent × partner with ``Organisation``, ``Partenaire``, ``Niveau``…

Organisations are matched to the framework roster by name or id. Self-ratings are ignored. The
respondent is stored as a pseudonymous id only (``ties.respondent_id``); names never reach the
store. Frequencies are stored as ids ordered in ``FREQUENCIES`` (``never`` … ``daily``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.errors import Problem, ProblemList
from workbench.framework import Framework
from workbench.i18n import t
from workbench.ingest._workshop_common import (
    Table,
    add_problem,
    find_tables,
    header_labels,
    is_spreadsheet,
    located,
    mapping_wave,
    name_columns,
    organisation_matcher,
    spreadsheet_format,
    wave_from_name,
)
from workbench.ingest.context import ImportContext, ImportReport
from workbench.normalise import normalise_label
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.store import Store

KIND = "relational"
TIE_COLUMNS = ["wave", "respondent_id", "from_org", "to_org", "level", "openness", "reliability",
               "mission", "influence", "resources", "involvement", "frequency"]
RATED = ["openness", "reliability", "mission", "influence", "resources", "involvement"]
DIMENSIONS: dict[str, list[str]] = {
    "level": ["niveau", "niveau de collaboration", "niveau de cooperation", "level",
              "level of collaboration", "collaboration"],
    "openness": ["ouverture", "ouverture a la discussion", "openness", "open to discussion"],
    "reliability": ["fiabilite", "reliability"],
    "mission": ["mission partagee", "mission", "engagement envers la mission", "shared mission",
                "mission congruence"],
    "influence": ["influence", "pouvoir et influence", "power/influence", "power influence"],
    "resources": ["ressources", "ressources apportees", "resources", "resource contribution"],
    "involvement": ["implication", "niveau d'implication", "involvement",
                    "level of involvement"],
    "frequency": ["frequence", "frequence des contacts", "frequence de contact", "frequency",
                  "frequency of contact"],
}
_DIMENSION_OF = {normalise_label(a): dim for dim, aliases in DIMENSIONS.items() for a in aliases}
LEVEL_LABELS: dict[int, list[str]] = {
    0: ["aucune relation", "aucune", "aucun", "aucun lien", "pas de relation", "none",
        "no relation"],
    1: ["mise en reseau", "reseautage", "networking"],
    2: ["cooperation"],
    3: ["coordination"],
    4: ["coalition"],
    5: ["collaboration"],
}
RATING_LABELS: dict[int, list[str]] = {
    1: ["pas du tout", "not at all"],
    2: ["un peu", "faiblement", "a small amount"],
    3: ["assez", "moyennement", "a fair amount"],
    4: ["beaucoup", "tout a fait", "fortement", "a great deal"],
}
FREQUENCIES: dict[str, list[str]] = {
    "never": ["jamais", "never", "aucun contact"],
    "yearly": ["une a deux fois par an", "1 a 2 fois par an", "quelques fois par an",
               "une fois par an", "annuelle", "rarement", "yearly", "a few times a year"],
    "quarterly": ["tous les trimestres", "chaque trimestre", "trimestrielle", "quarterly"],
    "monthly": ["tous les mois", "chaque mois", "mensuelle", "une fois par mois", "monthly"],
    "weekly": ["toutes les semaines", "chaque semaine", "hebdomadaire", "weekly"],
    "daily": ["tous les jours", "chaque jour", "quotidienne", "daily"],
}
_FREQUENCY_OF = {normalise_label(a): f for f, aliases in FREQUENCIES.items() for a in aliases}
MISSING = {"", "nsp", "ne sait pas", "ne se prononce pas", "sans avis", "je ne sais pas",
           "ne connait pas", "non concerne", "na", "n/a"}
_ORGANISATION = ["organisation", "votre organisation", "structure", "organisme", "organization",
                 "votre structure", "repondant organisation"]
_PARTNER = ["partenaire", "organisation partenaire", "partner", "partenaire evalue"]
_EMAIL = ["e-mail", "email", "courriel", "adresse e-mail", "adresse de messagerie"]
_WAVE = ["vague", "wave"]
_BRACKET = re.compile(r"^(.*?)\s*\[(.+)\]\s*$")
_SCALE_VALUE = re.compile(r"^(\d+)(?:[.,]0+)?(?:\s*[-–—:.)/]?\s*(.*))?$")


def _bracket_dimension(label: str) -> tuple[str, str] | None:
    match = _BRACKET.match(label.strip())
    if not match:
        return None
    dimension = _DIMENSION_OF.get(normalise_label(match.group(1)))
    return (dimension, match.group(2).strip()) if dimension else None


def _is_wide(labels: set[str]) -> bool:
    return any(_bracket_dimension(label) for label in labels)


def _is_long(labels: set[str]) -> bool:
    has_partner = bool(labels & {normalise_label(a) for a in _PARTNER})
    return has_partner and any(label in _DIMENSION_OF for label in labels)


def looks_like_relational(path: str | Path) -> bool:
    """True for a spreadsheet with a header row holding ``Niveau [<organisation>]``-style columns
    (wide) or ``Partenaire`` plus a dimension column such as ``Niveau`` (long)."""
    path = Path(path)
    if not is_spreadsheet(path):
        return False
    return any(_is_wide(labels) or _is_long(labels) for labels in header_labels(path))


def parse_scale(text: str | None, labels: dict[int, list[str]]) -> int | None:
    """« 3 », « 3 - Coordination », « Coordination » → 3; empty or « NSP » → None.

    Raises ValueError for a value out of the scale or a number contradicting its label.
    """
    key = normalise_label(text)
    if key in MISSING:
        return None
    by_label = {normalise_label(a): v for v, aliases in labels.items() for a in aliases}
    match = _SCALE_VALUE.match(key)
    if match:
        value = int(match.group(1))
        rest = (match.group(2) or "").strip()
        if value not in labels or (rest and by_label.get(rest) != value):
            raise ValueError(text)
        return value
    if key in by_label:
        return by_label[key]
    raise ValueError(text)


def _scale_expected(labels: dict[int, list[str]]) -> str:
    low, high = min(labels), max(labels)
    return t("workshops.expected_scale", low=low, high=high)


def _respondent_id(table: Table, row: list[str], columns: dict[str, str | None], org: str,
                   pseudonymiser: Pseudonymiser) -> str:
    first, last = table.get(row, columns["first"]), table.get(row, columns["last"])
    if first or last:
        return pseudonymiser.person_id(first, last)
    email = table.get(row, columns["email"])
    if email:
        return pseudonymiser.person_id(email)
    return pseudonymiser.person_id("organisation", org)  # one anonymous respondent per body


class _Reader:
    """Validates one table (wide or long) into tie rows, collecting every problem."""

    def __init__(self, table: Table, framework: Framework, pseudonymiser: Pseudonymiser,
                 problems: ProblemList, wave: str | None, seen: dict[tuple, int]) -> None:
        self.table, self.fw, self.pseudo, self.problems = table, framework, pseudonymiser, problems
        self.orgs = organisation_matcher(framework)
        self.wave = wave
        first, last, _ = name_columns(table.header)
        self.columns = {"first": first, "last": last, "email": table.find(_EMAIL),
                        "org": table.find(_ORGANISATION), "wave": table.find(_WAVE),
                        "partner": table.find(_PARTNER)}
        self.ties: list[dict[str, Any]] = []
        self.seen = seen  # (wave, respondent, from, to) → row, shared by the file's tables
        self.self_ratings = 0
        self.empty_rows = 0
        self.unmapped: list[str] = []

    def _problem(self, key: str, **kw: Any) -> None:
        add_problem(self.problems, key, sheet=self.table.sheet, **kw)

    def _row_wave(self, line: int, row: list[str]) -> str | None:
        wave = self.wave or self.table.get(row, self.columns["wave"])
        if wave is None:
            self._problem("wave_missing", row=line)
            return None
        wave = wave.strip().upper()
        if wave not in self.fw.wave_ids:
            self._problem("wave_unknown", row=line, column=self.columns["wave"], found=wave,
                          expected=", ".join(self.fw.wave_ids))
            return None
        return wave

    def _organisation(self, line: int, text: str | None, column: str | None) -> str | None:
        if text is None:
            self._problem("organisation_missing", row=line, column=column)
            return None
        org = self.orgs.match(text)
        if org is None:
            self._problem("organisation_unknown", row=line, column=column, found=text,
                          expected=self.orgs.expected)
        return org

    def _values(self, line: int, cells: dict[str, tuple[str, str | None]]) -> dict | None:
        """dimension → (column, text) into parsed values; None when nothing was answered."""
        values: dict[str, Any] = {}
        for dim, (column, text) in cells.items():
            if text is None:
                continue
            if dim == "frequency":
                values[dim] = self._frequency(line, column, text)
                continue
            labels = LEVEL_LABELS if dim == "level" else RATING_LABELS
            try:
                values[dim] = parse_scale(text, labels)
            except ValueError:
                self._problem("value_out_of_scale", row=line, column=column, found=text,
                              expected=_scale_expected(labels))
        return values if any(v is not None for v in values.values()) else None

    def _frequency(self, line: int, column: str, text: str) -> str | None:
        key = normalise_label(text)
        if key in MISSING:
            return None
        if key in _FREQUENCY_OF:
            return _FREQUENCY_OF[key]
        self._problem("frequency_unknown", row=line, column=column, found=text,
                      expected=t("workshops.expected_frequency"))
        return None

    def _add_tie(self, line: int, wave: str, respondent: str, org: str, partner: str,
                 values: dict[str, Any]) -> None:
        if partner == org:
            self.self_ratings += 1
            return
        key = (wave, respondent, org, partner)
        if key in self.seen:
            self._problem("duplicate_tie", row=line, found=partner, other=self.seen[key])
            return
        self.seen[key] = line
        tie = dict.fromkeys(TIE_COLUMNS)
        tie.update(wave=wave, respondent_id=respondent, from_org=org, to_org=partner, **values)
        self.ties.append(tie)

    def read_wide(self) -> None:
        partners: dict[str, dict[str, str]] = {}  # partner id → dimension → column
        for column in self.table.header:
            parsed = _bracket_dimension(column)
            if parsed is None:
                if column and column not in self.columns.values():
                    self.unmapped.append(column)
                continue
            dim, name = parsed
            partner = self.orgs.match(name)
            if partner is None:
                self._problem("partner_unknown", row=self.table.header_line, column=column,
                              found=name, expected=self.orgs.expected)
                continue
            partners.setdefault(partner, {})[dim] = column
        if self.columns["org"] is None:
            self._problem("column_missing", row=self.table.header_line, found="Organisation",
                          expected="Prénom, Nom, Organisation, Niveau [<partenaire>]…")
            return
        for line, row in self.table.records():
            org = self._organisation(line, self.table.get(row, self.columns["org"]),
                                     self.columns["org"])
            wave = self._row_wave(line, row)
            if org is None or wave is None:
                continue
            respondent = _respondent_id(self.table, row, self.columns, org, self.pseudo)
            answered = 0
            for partner, dims in partners.items():
                cells = {d: (c, self.table.get(row, c)) for d, c in dims.items()}
                values = self._values(line, cells)
                if values is not None:
                    answered += 1
                    self._add_tie(line, wave, respondent, org, partner, values)
            self.empty_rows += answered == 0

    def read_long(self) -> None:
        dims = {}
        for column in self.table.header:
            dim = _DIMENSION_OF.get(normalise_label(column))
            if dim and dim not in dims:
                dims[dim] = column
            elif column and column not in self.columns.values():
                self.unmapped.append(column)
        for line, row in self.table.records():
            org = self._organisation(line, self.table.get(row, self.columns["org"]),
                                     self.columns["org"])
            partner_text = self.table.get(row, self.columns["partner"])
            partner = self.orgs.match(partner_text)
            if partner_text is None:
                self._problem("partner_missing", row=line, column=self.columns["partner"])
            elif partner is None:
                self._problem("partner_unknown", row=line, column=self.columns["partner"],
                              found=partner_text, expected=self.orgs.expected)
            wave = self._row_wave(line, row)
            if org is None or partner is None or wave is None:
                continue
            respondent = _respondent_id(self.table, row, self.columns, org, self.pseudo)
            values = self._values(line, {d: (c, self.table.get(row, c)) for d, c in dims.items()})
            if values is not None:
                self._add_tie(line, wave, respondent, org, partner, values)


def import_relational(path: str | Path, **context: Any) -> ImportReport:
    """Validate every row of a relational survey, then write its ties in one transaction.

    Raises ``ImportProblem`` listing every problem (file, sheet, row, column) when any is found.
    ``context``: the ``ImportContext.open`` arguments.
    """
    return run(ImportContext.open(path, **context))


def run(ctx: ImportContext) -> ImportReport:
    """Import the context's relational survey (the dispatcher calls this)."""
    path, store, framework, pseudonymiser = (ctx.path, ctx.store, ctx.framework,
                                             ctx.pseudonymiser)
    wave, mapping = ctx.wave, ctx.mapping
    report = ctx.begin(KIND, format=spreadsheet_format(path),
                       instrument=ctx.instrument_of_kind(KIND))
    if report.already_imported:
        return report
    ctx.tell(0, 3)
    problems = ProblemList(path.name)
    tables = find_tables(path, lambda labels: _is_wide(labels) or _is_long(labels))
    if not tables:
        add_problem(problems, "not_relational",
                    expected="Niveau [<partenaire>] ou Partenaire + Niveau")
        problems.raise_if_any()
    chosen_wave = wave or mapping_wave(mapping) or wave_from_name(path)
    readers, seen = [], {}
    for table in tables:
        reader = _Reader(table, framework, pseudonymiser, problems, chosen_wave, seen)
        if _is_wide({normalise_label(h) for h in table.header if h}):
            reader.read_wide()
        else:
            reader.read_long()
        readers.append(reader)
    problems.raise_if_any()
    ties = pd.DataFrame([tie for r in readers for tie in r.ties], columns=TIE_COLUMNS)
    report.wave = chosen_wave or (ties["wave"].iloc[0] if ties["wave"].nunique() == 1 else None)
    report.rows_read = sum(len(r.table.rows) for r in readers)
    report.rows_imported = len(ties)
    report.unmapped_columns = [c for r in readers for c in r.unmapped]
    report.warnings += _warnings(path.name, readers, ties, store)
    report.detected = _detected(readers, ties, framework)
    ctx.tell(2, 3)
    report = ctx.write(report, {"ties": ties},
                       replace_keys={"ties": ["wave", "respondent_id", "from_org", "to_org"]})
    ctx.tell(3, 3)
    return report


def _warnings(file: str, readers: list[_Reader], ties: pd.DataFrame,
              store: Store) -> list[Problem]:
    warnings = []
    empty = sum(r.empty_rows for r in readers)
    if empty:
        warnings.append(located(file, "empty_responses", found=str(empty)))
    selfs = sum(r.self_ratings for r in readers)
    if selfs:
        warnings.append(located(file, "self_ratings_ignored", found=str(selfs)))
    existing = store.read("ties")
    if not existing.empty and not ties.empty:
        keys = ["wave", "respondent_id", "from_org", "to_org"]
        overlap = ties[keys].merge(existing[keys], on=keys)
        if len(overlap):
            warnings.append(located(file, "ties_replaced", found=str(len(overlap))))
    return warnings


def _detected(readers: list[_Reader], ties: pd.DataFrame, framework: Framework) -> dict:
    roster = len(framework.organisations)
    by_wave = ties.groupby("wave")["from_org"].nunique().to_dict() if len(ties) else {}
    return {
        "layout": ["wide" if any(_bracket_dimension(h) for h in r.table.header) else "long"
                   for r in readers],
        "respondents": int(ties["respondent_id"].nunique()) if len(ties) else 0,
        "organisations_responding": {w: int(n) for w, n in by_wave.items()},
        "roster_size": roster,
        "response_rate": {w: round(n / roster, 4) for w, n in by_wave.items()} if roster else {},
        "self_ratings_ignored": sum(r.self_ratings for r in readers),
        "empty_responses": sum(r.empty_rows for r in readers),
    }


matches = looks_like_relational  # the name the dispatcher's content detection looks for
