"""Import a change pathway (chemin de changement) with its progress markers and their ratings.

XLSX with four sheets (only ``Changements`` is required):

- ``Changements``: ``Id``, ``Niveau`` (vision / long terme / intermédiaire), ``Libellé``,
  ``Groupe d'acteurs`` (who carries the change; several separated by « , »), ``Registre``;
- ``Liens``: ``De``, ``Vers`` (« de » contribue à « vers »);
- ``Marqueurs``: ``Id``, ``Groupe d'acteurs``, ``Palier`` (attendu / souhaité / idéal, i.e.
  Outcome Mapping's expect / like / love to see), ``Libellé``, ``Changement``;
- ``Notations``: ``Marqueur``, ``Période``, ``Niveau`` (aucun / faible / moyen / élevé),
  ``Éléments de preuve``.

The same content as YAML: sections ``changements``, ``liens``, ``marqueurs``, ``notations``
(English ``changes``, ``links``, ``markers``, ``ratings`` too), each a list of mappings whose keys
are the column names above; an optional ``chemin:`` names the pathway (default: file name).

Stored ids: levels ``vision``/``long_term``/``intermediate``, tiers ``expect``/``like``/``love``,
ratings ``none``/``low``/``medium``/``high``. A link to a missing change, a cycle (named), an
unknown level, tier or rating is a problem naming file, sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.errors import Problem, ProblemList
from workbench.framework import Framework
from workbench.i18n import t
from workbench.ingest._pathway_files import looks_like_pathway, read_tables
from workbench.ingest._workshop_common import (
    Table,
    add_problem,
    group_matcher,
    located,
    spreadsheet_format,
)
from workbench.ingest.context import ImportContext, ImportReport
from workbench.ingest.names import names_to_screen
from workbench.normalise import normalise_label
from workbench.privacy.screening import NameScreener
from workbench.store import Store

KIND = "pathway"
LEVELS = {"vision": ["vision"],
          "long_term": ["long terme", "changement de long terme", "changement a long terme",
                        "long term", "long-term"],
          "intermediate": ["intermediaire", "changement intermediaire", "intermediate"]}
LEVEL_RANK = {"intermediate": 0, "long_term": 1, "vision": 2}
TIERS = {"expect": ["attendu", "on s'attend a voir", "expect", "expect to see"],
         "like": ["souhaite", "souhaitable", "on aimerait voir", "like", "like to see"],
         "love": ["ideal", "on adorerait voir", "love", "love to see"]}
RATINGS = {"none": ["aucun", "aucune", "nul", "none", "0"],
           "low": ["faible", "low", "1"],
           "medium": ["moyen", "moyenne", "medium", "2"],
           "high": ["eleve", "elevee", "fort", "forte", "high", "3"]}
_C = {  # column role → accepted labels
    "id": ["id", "identifiant", "code"],
    "level": ["niveau", "level"],
    "label": ["libelle", "label", "intitule", "enonce"],
    "group": ["groupe d'acteurs", "acteurs", "groupe", "porte par", "actor group", "actor_group"],
    "register": ["registre", "register"],
    "pathway": ["chemin", "pathway"],
    "from": ["de", "from", "source"],
    "to": ["vers", "to", "contribue a", "cible"],
    "tier": ["palier", "tier"],
    "change": ["changement", "change"],
    "marker": ["marqueur", "marker"],
    "period": ["periode", "period", "vague"],
    "rating": ["niveau", "notation", "rating", "degre d'atteinte"],
    "evidence": ["elements de preuve", "element de preuve", "preuves", "evidence", "sources"],
}
REQUIRED = {"changes": ["id", "level", "label"], "links": ["from", "to"],
            "markers": ["id", "group", "tier", "label"], "ratings": ["marker", "period", "rating"]}
_FRENCH_SECTION = {"changes": "Changements", "links": "Liens", "markers": "Marqueurs",
                   "ratings": "Notations"}


def _lookup(table: dict[str, list[str]]) -> dict[str, str]:
    return {normalise_label(a): ident for ident, aliases in table.items() for a in aliases}


class _Validator:
    """Checks the four tables against each other and the framework; builds store frames."""

    def __init__(self, tables: dict[str, Table], framework: Framework,
                 problems: ProblemList) -> None:
        self.tables, self.fw, self.problems = tables, framework, problems
        self.groups = group_matcher(framework)
        self.changes: dict[str, dict[str, Any]] = {}
        self.change_rows: dict[str, int] = {}
        self.links: list[dict[str, Any]] = []
        self.link_rows: dict[tuple[str, str], int] = {}
        self.markers: dict[str, dict[str, Any]] = {}
        self.marker_rows: dict[str, int] = {}
        self.ratings: list[dict[str, Any]] = []
        self.warnings: list[Problem] = []
        self._periods_warned: set[str] = set()

    def _where(self, section: str) -> dict[str, str | None]:
        table = self.tables[section]
        return {"section": table.section} if table.section else {"sheet": table.sheet}

    def _problem(self, section: str, key: str, **kw: Any) -> None:
        add_problem(self.problems, key, **self._where(section), **kw)

    def _columns(self, section: str) -> dict[str, str | None] | None:
        table = self.tables.get(section)
        if table is None:
            return None
        columns = {role: table.find(_C[role]) for role in _C}
        for role in REQUIRED[section]:
            if columns[role] is None:
                self._problem(section, "column_missing", row=table.header_line,
                              found=_C[role][0], expected=", ".join(_C[r][0] for r in
                                                                    REQUIRED[section]))
        return columns if all(columns[r] for r in REQUIRED[section]) else None

    def _choice(self, section: str, line: int, column: str, text: str | None, key: str,
                choices: dict[str, list[str]]) -> str | None:
        ident = _lookup(choices).get(normalise_label(text)) if text else None
        if ident is None:
            self._problem(section, key, row=line, column=column, found=text or "",
                          expected=", ".join(aliases[0] for aliases in choices.values()))
        return ident

    def _actor_groups(self, section: str, line: int, column: str | None,
                      text: str | None) -> str | None:
        if not text:
            return None
        ids = []
        for part in [p for p in text.replace(";", ",").replace("/", ",").split(",") if p.strip()]:
            group = self.groups.match(part)
            if group is None:
                self._problem(section, "group_unknown", row=line, column=column,
                              found=part.strip(), expected=self.groups.expected)
            elif group not in ids:
                ids.append(group)
        return ",".join(ids) or None

    def _id(self, section: str, line: int, column: str, text: str | None,
            seen: dict[str, int]) -> str | None:
        if not text:
            self._problem(section, "id_missing", row=line, column=column)
            return None
        if text in seen:
            self._problem(section, "duplicate_id", row=line, column=column, found=text,
                          other=seen[text])
            return None
        seen[text] = line
        return text

    def read_changes(self, pathway: str) -> None:
        cols = self._columns("changes")
        if cols is None:
            return
        table = self.tables["changes"]
        for line, row in table.records():
            ident = self._id("changes", line, cols["id"], table.get(row, cols["id"]),
                             self.change_rows)
            level = self._choice("changes", line, cols["level"], table.get(row, cols["level"]),
                                 "level_unknown", LEVELS)
            label = table.get(row, cols["label"])
            if not label:
                self._problem("changes", "label_missing", row=line, column=cols["label"])
            group = self._actor_groups("changes", line, cols["group"],
                                       table.get(row, cols["group"]))
            if ident and level and label:
                self.changes[ident] = {
                    "change_id": ident, "pathway": table.get(row, cols["pathway"]) or pathway,
                    "level": level, "label": label, "actor_group": group,
                    "register": table.get(row, cols["register"])}

    def read_links(self) -> None:
        cols = self._columns("links")
        if cols is None:
            return
        table = self.tables["links"]
        known = ", ".join(self.change_rows) or "—"
        for line, row in table.records():
            ends = []
            for role in ("from", "to"):
                value = table.get(row, cols[role])
                if value not in self.change_rows:
                    self._problem("links", "change_missing", row=line, column=cols[role],
                                  found=value or "", expected=known)
                ends.append(value)
            source, target = ends
            if source == target and source is not None:
                self._problem("links", "link_to_itself", row=line, column=cols["to"],
                              found=source)
                continue
            if (source, target) in self.link_rows:
                self._problem("links", "duplicate_link", row=line, found=f"{source} → {target}",
                              other=self.link_rows[(source, target)])
                continue
            if source in self.changes and target in self.changes:
                self.link_rows[(source, target)] = line
                self.links.append({"from_change": source, "to_change": target})
                self._check_direction("links", line, source, target)

    def _check_direction(self, section: str, line: int, source: str, target: str) -> None:
        if LEVEL_RANK[self.changes[source]["level"]] > LEVEL_RANK[self.changes[target]["level"]]:
            self.warnings.append(located(self.problems.file, "link_backwards", row=line,
                                         found=f"{source} → {target}", **self._where(section)))

    def check_cycles(self) -> None:
        """Every cycle met by a depth-first search is a problem naming it (C1 → C2 → C1)."""
        following: dict[str, list[str]] = {}
        for link in self.links:
            following.setdefault(link["from_change"], []).append(link["to_change"])
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        for start in self.changes:
            if state.get(start):
                continue
            path, stack = [start], [iter(following.get(start, []))]
            state[start] = 1
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    state[path.pop()] = 2
                    stack.pop()
                elif state.get(nxt) == 1:
                    cycle = [*path[path.index(nxt):], nxt]
                    self._problem("links", "cycle", row=self.link_rows[(path[-1], nxt)],
                                  found=" → ".join(cycle))
                elif not state.get(nxt):
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append(iter(following.get(nxt, [])))

    def read_markers(self) -> None:
        cols = self._columns("markers")
        if cols is None:
            return
        table = self.tables["markers"]
        for line, row in table.records():
            ident = self._id("markers", line, cols["id"], table.get(row, cols["id"]),
                             self.marker_rows)
            group_text = table.get(row, cols["group"])
            group = self._actor_groups("markers", line, cols["group"], group_text)
            if group_text is None:
                self._problem("markers", "group_unknown", row=line, column=cols["group"],
                              found="", expected=self.groups.expected)
            tier = self._choice("markers", line, cols["tier"], table.get(row, cols["tier"]),
                                "tier_unknown", TIERS)
            label = table.get(row, cols["label"])
            if not label:
                self._problem("markers", "label_missing", row=line, column=cols["label"])
            change = table.get(row, cols["change"])
            if change is not None and change not in self.change_rows:
                self._problem("markers", "change_missing", row=line, column=cols["change"],
                              found=change, expected=", ".join(self.change_rows) or "—")
            if ident and group and tier and label:
                self.markers[ident] = {"marker_id": ident, "change_id": change,
                                       "actor_group": group, "tier": tier, "label": label}

    def read_ratings(self) -> None:
        cols = self._columns("ratings")
        if cols is None:
            return
        table, seen = self.tables["ratings"], {}
        known = ", ".join(self.marker_rows) or "—"
        for line, row in table.records():
            marker = table.get(row, cols["marker"])
            if marker not in self.marker_rows:
                self._problem("ratings", "marker_missing", row=line, column=cols["marker"],
                              found=marker or "", expected=known)
            period = table.get(row, cols["period"])
            if not period:
                self._problem("ratings", "period_missing", row=line, column=cols["period"])
            elif period.upper() in self.fw.wave_ids:
                period = period.upper()
            elif period not in self._periods_warned:
                self._periods_warned.add(period)
                self.warnings.append(located(self.problems.file, "period_not_wave", row=line,
                                             column=cols["period"], found=period,
                                             expected=", ".join(self.fw.wave_ids),
                                             **self._where("ratings")))
            rating = self._choice("ratings", line, cols["rating"], table.get(row, cols["rating"]),
                                  "rating_unknown", RATINGS)
            if (marker, period) in seen:
                self._problem("ratings", "duplicate_rating", row=line, found=marker,
                              other=seen[(marker, period)])
                continue
            seen[(marker, period)] = line
            if marker in self.markers and period and rating:
                self.ratings.append({"marker_id": marker, "period": period, "rating": rating,
                                     "evidence": table.get(row, cols["evidence"])})


def _screen(frames: dict[str, pd.DataFrame], screener: NameScreener) -> dict[str, pd.DataFrame]:
    fields = {"changes": ["label"], "progress_markers": ["label"], "marker_ratings": ["evidence"]}
    out = dict(frames)
    for table, columns in fields.items():
        frame = frames[table].copy()
        for column in columns:
            frame[column] = [screener.screen(v) if isinstance(v, str) else v for v in frame[column]]
        out[table] = frame
    return out


def import_pathway(path: str | Path, **context: Any) -> ImportReport:
    """Validate a pathway (XLSX or YAML) as a whole, then write it in one transaction.

    ``context``: the ``ImportContext.open`` arguments; ``wave`` is not used (ratings carry their
    own period). Names known from the sign-in sheets of the folder, the project's list
    ``data/noms-a-masquer.txt`` and ``extra_names`` are screened out of labels and evidence; a
    spreadsheet of the folder that cannot be read stops the import (its names are unknown),
    unless ``skip_unreadable_names`` (then the report says which were not screened).
    """
    return run(ImportContext.open(path, **context))


def run(ctx: ImportContext) -> ImportReport:
    """Import the context's change pathway (the dispatcher calls this)."""
    path, store, framework = ctx.path, ctx.store, ctx.framework
    extra_names: Iterable[str] = ctx.options.get("extra_names") or []
    yaml_file = path.suffix.lower() in (".yml", ".yaml")
    report = ctx.begin(KIND, format="yaml" if yaml_file else spreadsheet_format(path),
                       instrument=ctx.instrument_of_kind(KIND))
    if report.already_imported:
        return report
    ctx.tell(0, 3)
    problems = ProblemList(path.name)
    tables, pathway = read_tables(path, problems)
    if "changes" not in tables and not problems.problems:
        add_problem(problems, "sheet_missing", found="Changements",
                    expected="Changements, Liens, Marqueurs, Notations")
    problems.raise_if_any()
    check = _Validator(tables, framework, problems)
    check.read_changes(pathway or path.stem)
    check.read_links()
    check.check_cycles()
    check.read_markers()
    check.read_ratings()
    _against_store(check, store, problems)
    problems.raise_if_any()
    frames = {
        "changes": pd.DataFrame(list(check.changes.values()),
                                columns=["change_id", "pathway", "level", "label", "actor_group",
                                         "register"]),
        "change_links": pd.DataFrame(check.links, columns=["from_change", "to_change"]),
        "progress_markers": pd.DataFrame(list(check.markers.values()),
                                         columns=["marker_id", "change_id", "actor_group", "tier",
                                                  "label"]),
        "marker_ratings": pd.DataFrame(check.ratings,
                                       columns=["marker_id", "period", "rating", "evidence"]),
    }
    names, skipped = names_to_screen(path, ctx.options, problems)  # fails closed
    frames = _screen(frames, NameScreener(names + list(extra_names)))
    report.rows_read = sum(len(tb.rows) for tb in tables.values())
    report.rows_imported = sum(len(f) for f in frames.values())
    report.warnings += check.warnings
    report.warnings += [Problem(key="screening_sheet_skipped", file=name,
                                message=t("screening.skipped", file=name)) for name in skipped]
    report.detected = {
        "pathway": pathway or path.stem,
        "sections": {_FRENCH_SECTION[s]: len(tb.rows) for s, tb in tables.items()},
        "levels": frames["changes"]["level"].value_counts().to_dict(),
        "tiers": frames["progress_markers"]["tier"].value_counts().to_dict(),
        "periods": sorted(frames["marker_ratings"]["period"].unique().tolist()),
    }
    ctx.tell(2, 3)
    report = ctx.write(report, frames, replace_keys={
        "changes": ["change_id"], "change_links": ["from_change", "to_change"],
        "progress_markers": ["marker_id"], "marker_ratings": ["marker_id", "period"]})
    ctx.tell(3, 3)
    return report


def _against_store(check: _Validator, store: Store, problems: ProblemList) -> None:
    """Ids owned by another pathway are a problem; this pathway's stored changes that the file
    no longer holds stay in the store (a warning says so)."""
    stored = store.read("changes")
    if stored.empty:
        return
    owner = dict(zip(stored["change_id"], stored["pathway"], strict=True))
    pathways = {c["pathway"] for c in check.changes.values()}
    for ident, change in check.changes.items():
        other = owner.get(ident)
        if other is not None and other != change["pathway"]:
            add_problem(problems, "id_in_other_pathway", row=check.change_rows[ident],
                        **check._where("changes"), found=ident, other=other)
    left = [i for i, p in owner.items() if p in pathways and i not in check.changes]
    if left:
        check.warnings.append(located(problems.file, "changes_left_in_store", found=str(len(left))))


matches = looks_like_pathway  # the name the dispatcher's content detection looks for
