"""Import workshop verbatims: photolangage, world café notes and Most Significant Change stories.

Each sheet is recognised by its columns:

- **photolangage** (``kind="photolangage"``): ``Question``, ``Photo``, ``Aujourd'hui / Souhaité``
  (stored as ``variant`` ``today``/``hoped``), ``Ce qui a été dit``;
- **world café** (``kind="world_cafe"``): ``Tour``, ``Table``, ``Note``, ``Regroupement``
  (``cluster``), ``Votes``;
- **Most Significant Change** (``kind="msc"``): ``Titre``, ``Ce qui s'est passé``, ``Pourquoi
  c'est important`` (both in ``text``), ``Pourquoi retenue`` (the panel's reason, stored as its
  own verbatim of kind ``msc_selection`` with id ``<story id>:retenue``; the story then gets
  ``variant="selected"``), optional ``Domaine`` (``cluster``);
- **workshop notes** typed from post-its and flip charts (``kind="workshop_note"``): one line per
  note, a note column (``Post-it``, ``Note``, ``Idée``, ``Texte``, ``Contenu``, ``Verbatim``…)
  and only known columns besides (``Thème``/``Regroupement``, ``Question``, ``Groupe``,
  ``Table``, ``Couleur``, ``Votes``…), in an XLSX, a CSV or a Word table (``.docx``, read with
  python-docx). Without event columns, the event comes from the title above the table (or the
  paragraphs above a Word table), the file name, else the answers (``--step``, ``--date``,
  ``--qpv``), remembered for the series like a sign-in sheet's (``workshop_events``).

Common optional columns: ``Événement`` (an id ``S7-2024-01-20-tilleuls``; else the id is built
from ``Étape`` + ``Date`` + ``Quartier`` like the sign-in importer does), ``Quartier``,
``Groupe``/``Catégorie``, ``Sous-groupe``, ``Participant`` (« Prénom Nom ») or ``Prénom`` +
``Nom`` (stored only as a pseudonymous id), ``Citable`` (oui/non; absent means not quotable),
``Vague``. The wave is, in order: the argument, ``_T<n>`` in the file name, the ``Vague`` column,
else the wave that follows the event (first wave dated on or after it).

Every free text is screened BEFORE storage (``privacy.screening``): names of this file's people
columns, of every sheet with name columns in the same folder (sign-in sheets), of the project's
list ``data/noms-a-masquer.txt`` (one name per line, ``#`` for a comment) and the ``extra_names``
given (the command line's ``--nom``/``--noms``, the import app) become « [personne] ».

Screening fails closed: when a spreadsheet of the folder cannot be read, its names cannot be
screened, so nothing is imported and the problem names that file — unless the import is told
otherwise (``skip_unreadable_names=True``, ``--ignorer-illisibles``), which the report then
says. Text is otherwise stored raw; escaping is the displays' job.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.errors import Problem, ProblemList
from workbench.framework import Framework
from workbench.i18n import t
from workbench.ingest._workshop_common import (
    NO_QPV,
    Table,
    add_problem,
    find_tables,
    group_matcher,
    header_labels,
    is_spreadsheet,
    located,
    mapping_wave,
    names_in_table,
    parse_date,
    parse_yes_no,
    qpv_matcher,
    spreadsheet_format,
    wave_from_name,
    wave_of_date,
)
from workbench.ingest.context import ImportContext, ImportQuestion, ImportReport
from workbench.ingest.names import names_to_screen
from workbench.ingest.series_memory import remember_answers, remembered_answers
from workbench.ingest.verbatim_columns import ALIASES as _A
from workbench.ingest.verbatim_columns import kind_of
from workbench.ingest.workshop_events import Clues, Event, Resolver, questions
from workbench.normalise import normalise_label
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.privacy.screening import NameScreener
from workbench.store import Store, table_columns

KIND = "verbatims"
_VARIANTS = {"aujourd'hui": "today", "aujourdhui": "today", "today": "today", "actuel": "today",
             "souhaite": "hoped", "souhaitee": "hoped", "demain": "hoped", "reve": "hoped",
             "hoped": "hoped", "voulu": "hoped"}
_EVENT_ID = re.compile(r"^S\d+-\d{4}-\d{2}-\d{2}(-[a-z0-9-]+)?$")
_STEP_NUMBER = re.compile(r"(\d+)")
VERBATIM_COLUMNS = [c for c in table_columns("verbatims") if c != "source_id"]
_TEXT_FIELDS = ("prompt", "title", "cluster", "text")
# Stored with the data (the workshops' language), not UI text: the same whatever WORKBENCH_LANG.
MSC_WHY_PREFIX = "Pourquoi c'est important :"
MSC_SELECTION_PROMPT = "Pourquoi cette histoire a été retenue"


def looks_like_verbatims(path: str | Path) -> bool:
    """True for a spreadsheet (or a Word table) with a header row of photolangage (``Ce qui a été
    dit`` with ``Photo``/``Question``/``Aujourd'hui / Souhaité``), world café (``Tour``,
    ``Table``, ``Note``), Most Significant Change (``Titre``, ``Ce qui s'est passé``) or workshop
    note (``Post-it``, ``Note``, ``Idée``… and only known columns) columns."""
    path = Path(path)
    if not is_spreadsheet(path):
        return False
    return any(kind_of(labels) for labels in header_labels(path))


class _SheetReader:
    """Validates one sheet of verbatims into store rows, collecting every problem."""

    def __init__(self, table: Table, kind: str, *, framework: Framework,
                 pseudonymiser: Pseudonymiser, problems: ProblemList, wave: str | None,
                 id_prefix: str, event: Event | None = None) -> None:
        self.table, self.kind, self.fw, self.pseudo = table, kind, framework, pseudonymiser
        self.problems, self.wave, self.id_prefix = problems, wave, id_prefix
        self.event = event  # the table's event when its rows name none (workshop notes)
        self.col = {role: table.find(aliases) for role, aliases in _A.items()}
        self.qpvs, self.groups = qpv_matcher(framework), group_matcher(framework)
        self.rows: list[dict[str, Any]] = []
        self.warnings: list[Problem] = []
        self.skipped = 0

    def _problem(self, key: str, role: str | None = None, **kw: Any) -> None:
        add_problem(self.problems, key, sheet=self.table.sheet,
                    column=self.col.get(role) if role else None, **kw)

    def _get(self, row: list[str], role: str) -> str | None:
        return self.table.get(row, self.col[role])

    def read(self) -> None:
        if self.col["quotable"] is None:
            self.warnings.append(located(self.table.file, "quotable_missing",
                                         sheet=self.table.sheet))
        for line, row in self.table.records():
            self._read_row(line, row)

    def _read_row(self, line: int, row: list[str]) -> None:
        base = dict.fromkeys(VERBATIM_COLUMNS)
        base["kind"] = self.kind
        base["verbatim_id"] = f"{self.id_prefix}{line}"
        base["qpv"] = self._qpv(line, row)
        base["group_id"] = self._group(line, row)
        base["event_id"], date = self._event(line, row, base["qpv"])
        base["wave"] = self._wave(line, row, date)
        base["person_id"] = self._person(row)
        base["quotable"] = self._yes_no(line, row, "quotable")
        base["table_no"] = self._get(row, "subgroup")
        getattr(self, f"_read_{self.kind}")(line, row, base)

    def _qpv(self, line: int, row: list[str]) -> str | None:
        text = self._get(row, "qpv")
        if text is None or normalise_label(text) in NO_QPV:
            return None
        qpv = self.qpvs.match(text)
        if qpv is None:
            self._problem("qpv_unknown", "qpv", row=line, found=text, expected=self.qpvs.expected)
        return qpv

    def _group(self, line: int, row: list[str]) -> str | None:
        text = self._get(row, "group")
        if text is None:
            return None
        group = self.groups.match(text)
        if group is None:
            self._problem("group_unknown", "group", row=line, found=text,
                          expected=self.groups.expected)
        return group

    def _event(self, line: int, row: list[str], qpv: str | None) -> tuple[str | None, Any]:
        given, step_text = self._get(row, "event"), self._get(row, "step")
        date_text = self._get(row, "date")
        if self.event is not None and not (given or step_text or date_text):
            return self.event.event_id, dt.date.fromisoformat(self.event.date or "")
        date = parse_date(date_text)
        if date_text and date is None:
            self._problem("date_invalid", "date", row=line, found=date_text)
        if given and _EVENT_ID.match(given):
            if date is None:
                date = parse_date(given.split("-", 1)[1][:10])
            return given, date
        if step_text is None or date is None:
            return None, date
        match = _STEP_NUMBER.search(step_text)
        step_id = f"S{match.group(1)}" if match else None
        if step_id not in self.fw.step_ids:
            self._problem("step_unknown", "step", row=line, found=step_text,
                          expected=", ".join(self.fw.step_ids))
            return None, date
        event = f"{step_id}-{date.isoformat()}"
        return (f"{event}-{qpv}" if qpv else event), date

    def _wave(self, line: int, row: list[str], date: Any) -> str | None:
        wave = self.wave or self._get(row, "wave")
        if wave is not None:
            wave = wave.strip().upper()
            if wave not in self.fw.wave_ids:
                self._problem("wave_unknown", "wave", row=line, found=wave,
                              expected=", ".join(self.fw.wave_ids))
            return wave
        return wave_of_date(date, self.fw) if date is not None else None

    def _person(self, row: list[str]) -> str | None:
        first, last = self._get(row, "first"), self._get(row, "last")
        if first or last:
            return self.pseudo.person_id(first, last)
        author = self._get(row, "author")
        return self.pseudo.person_id(author) if author else None

    def _yes_no(self, line: int, row: list[str], role: str) -> int:
        text = self._get(row, role)
        try:
            return int(bool(parse_yes_no(text)))
        except ValueError:
            self._problem("yes_no_invalid", role, row=line, found=text,
                          expected=t("workshops.expected_yes_no"))
            return 0

    def _emit(self, line: int, row: dict[str, Any]) -> None:
        if not (row["text"] or "").strip():
            self.skipped += 1
            self.warnings.append(located(self.table.file, "text_missing", sheet=self.table.sheet,
                                         row=line))
            return
        self.rows.append(row)

    def _read_photolangage(self, line: int, row: list[str], base: dict[str, Any]) -> None:
        variant = self._get(row, "variant")
        if variant is not None:
            base["variant"] = _VARIANTS.get(normalise_label(variant).replace(" ", ""))
            if base["variant"] is None:
                self._problem("variant_unknown", "variant", row=line, found=variant,
                              expected=t("workshops.expected_variant"))
        base.update(prompt=self._get(row, "prompt"), photo_id=self._get(row, "photo"),
                    text=self._get(row, "said"))
        self._emit(line, base)

    def _votes(self, line: int, row: list[str], base: dict[str, Any]) -> None:
        votes = self._get(row, "votes")
        if votes is not None:
            if re.fullmatch(r"\d+(?:[.,]0+)?", votes.strip()):
                base["votes"] = int(re.split(r"[.,]", votes.strip())[0])
            else:
                self._problem("number_invalid", "votes", row=line, found=votes)

    def _read_workshop_note(self, line: int, row: list[str], base: dict[str, Any]) -> None:
        self._votes(line, row, base)
        base.update(round=self._get(row, "round"), cluster=self._get(row, "cluster"),
                    table_no=self._get(row, "table") or base["table_no"],
                    prompt=self._get(row, "prompt"),
                    text=self._get(row, "note") or self._get(row, "said"))
        if base["qpv"] is None and self.event is not None:
            base["qpv"] = self.event.qpv
        self._emit(line, base)

    def _read_world_cafe(self, line: int, row: list[str], base: dict[str, Any]) -> None:
        self._votes(line, row, base)
        base.update(round=self._get(row, "round"), table_no=self._get(row, "table"),
                    cluster=self._get(row, "cluster"), prompt=self._get(row, "prompt"),
                    text=self._get(row, "note"))
        self._emit(line, base)

    def _read_msc(self, line: int, row: list[str], base: dict[str, Any]) -> None:
        what, why = self._get(row, "what"), self._get(row, "why")
        text = what or ""
        if why:
            text = f"{text}\n\n{MSC_WHY_PREFIX} {why}".strip()
        selection = self._get(row, "selection")
        base.update(title=self._get(row, "title"), cluster=self._get(row, "cluster"), text=text,
                    variant="selected" if selection else None)
        self._emit(line, base)
        if selection and what:
            chosen = dict(base, verbatim_id=f"{base['verbatim_id']}:retenue",
                          kind="msc_selection", person_id=None, group_id=None, variant=None,
                          prompt=MSC_SELECTION_PROMPT, text=selection)
            self.rows.append(chosen)


def _screen(rows: list[dict[str, Any]], screener: NameScreener) -> int:
    """Screen every free-text field in place; returns how many verbatims had a name removed."""
    changed = 0
    for row in rows:
        before = [row[f] for f in _TEXT_FIELDS]
        for field in _TEXT_FIELDS:
            row[field] = screener.screen(row[field])
        changed += before != [row[f] for f in _TEXT_FIELDS]
    return changed


def _against_store(frame: pd.DataFrame, store: Store, problems: ProblemList) -> pd.DataFrame:
    """Rows whose id is already stored: identical ones are dropped (kept as they are, with their
    coding); changed ones replace the stored row unless that row is coded (a problem)."""
    stored = store.read("verbatims")
    if stored.empty or frame.empty:
        return frame
    coded = set(store.read("codings")["verbatim_id"])
    stored = stored.set_index("verbatim_id")
    keep = []
    for _, row in frame.iterrows():
        vid = row["verbatim_id"]
        if vid not in stored.index:
            keep.append(True)
            continue
        same = all(_same(row[c], stored.at[vid, c]) for c in VERBATIM_COLUMNS if c != "verbatim_id")
        if not same and vid in coded:
            add_problem(problems, "verbatim_coded_changed", found=vid)
        keep.append(not same)
    return frame[keep]


def _same(a: Any, b: Any) -> bool:
    if pd.isna(a) or pd.isna(b):
        return bool(pd.isna(a) and pd.isna(b))
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


def import_verbatims(path: str | Path, **context: Any) -> ImportReport:
    """Validate and screen every verbatim of ``path``, then write them in one transaction.

    ``context``: the ``ImportContext.open`` arguments; ``extra_names`` adds names to screen
    (e.g. a list typed by the evaluator) to those read from the file itself, from the sign-in
    sheets of its folder and from ``data/noms-a-masquer.txt``; ``names_file`` another such list;
    ``skip_unreadable_names=True`` imports even when a spreadsheet of the folder cannot be read.
    """
    return run(ImportContext.open(path, **context))


def run(ctx: ImportContext) -> ImportReport:
    """Import the context's verbatims (the dispatcher calls this)."""
    path, store, framework, pseudonymiser = (ctx.path, ctx.store, ctx.framework,
                                             ctx.pseudonymiser)
    wave, mapping = ctx.wave, ctx.mapping
    extra_names: Iterable[str] = ctx.options.get("extra_names") or []
    report = ctx.begin(KIND, format=spreadsheet_format(path),
                       instrument=ctx.instrument_of_kind(KIND))
    if report.already_imported:
        return report
    ctx.tell(0, 3)
    problems = ProblemList(path.name)
    tables = find_tables(path, lambda labels: kind_of(labels) is not None)
    if not tables:
        add_problem(problems, "not_verbatims",
                    expected="Ce qui a été dit + Photo ; Tour + Table + Note ; "
                             "Titre + Ce qui s'est passé")
        problems.raise_if_any()
    chosen_wave = wave or mapping_wave(mapping) or wave_from_name(path)
    resolver = _resolver(ctx, problems)
    readers = []
    for table in tables:
        kind = kind_of({normalise_label(h) for h in table.header if h})
        prefix = f"{path.stem}:" if len(tables) == 1 else f"{path.stem}:{table.sheet}:"
        reader = _SheetReader(table, kind, framework=framework, pseudonymiser=pseudonymiser,
                              problems=problems, wave=chosen_wave, id_prefix=prefix,
                              event=_table_event(table, kind, resolver, several=len(tables) > 1))
        reader.read()
        readers.append(reader)
    resolver.report_missing()
    problems.raise_if_any()
    names = [n for r in readers for n in names_in_table(r.table)]
    more, skipped = names_to_screen(path, ctx.options, problems)
    names += more + list(extra_names)
    ctx.tell(1, 3)
    screener = NameScreener(names)
    rows = [row for r in readers for row in r.rows]
    screened = _screen(rows, screener)
    frame = pd.DataFrame(rows, columns=VERBATIM_COLUMNS)
    frame = _against_store(frame, store, problems)
    problems.raise_if_any()
    report.rows_read = sum(len(r.table.rows) for r in readers)
    report.rows_imported = len(frame)
    report.rows_rejected = sum(r.skipped for r in readers)
    if report.rows_rejected:
        report.rejected_reasons = {"text_missing": report.rows_rejected}
    report.warnings += [w for r in readers for w in r.warnings]
    report.warnings += [Problem(key="screening_sheet_skipped", file=name,
                                message=t("screening.skipped", file=name)) for name in skipped]
    waves = frame["wave"].dropna().unique()
    report.wave = chosen_wave or (str(waves[0]) if len(waves) == 1 else None)
    report.detected = {
        "kinds": frame["kind"].value_counts().to_dict(),
        "quotable": int(frame["quotable"].sum()) if len(frame) else 0,
        "screened_verbatims": screened,
        "names_screened_for": len(screener),
        "unreadable_not_screened": skipped,
        "unchanged_already_stored": len(rows) - len(frame),
    }
    ctx.tell(2, 3)
    report = ctx.write(report, {"verbatims": frame}, replace_keys={"verbatims": ["verbatim_id"]})
    events = sorted({r.event.event_id for r in readers if r.event is not None})
    if events:
        report.detected["events"] = events
    if not report.dry_run:
        used = {k: ctx.answers[k] for k in resolver.used_answers if k != "date"}
        kept = remember_answers(path, report.instrument or KIND, used)
        if kept is not None:
            report.detected["remembered_in"] = kept.name
    ctx.tell(3, 3)
    return report


def _resolver(ctx: ImportContext, problems: ProblemList) -> Resolver:
    instrument = ctx.instrument_of_kind(KIND)
    mapping = ctx.mapping if isinstance(ctx.mapping, (str, Path)) else None
    return Resolver(ctx.framework, problems, dict(ctx.answers),
                    remembered_answers(ctx.path, instrument, mapping))


def _table_event(table: Table, kind: str | None, resolver: Resolver, *,
                 several: bool) -> Event | None:
    """The event of a workshop-note table whose rows name none: from its title block, the
    file and sheet names, else the answers (what is missing is recorded by ``resolver``)."""
    if kind != "workshop_note" or any(table.find(_A[r]) for r in ("event", "step", "date")):
        return None
    resolver.sheet = table.sheet if several else None
    event = resolver.event(Clues(table.fields, table.title,
                                 [Path(table.file).stem, table.sheet or ""]))
    resolver.sheet = None
    return event if event.step and event.date else None


def questions_of(ctx: ImportContext) -> list[ImportQuestion]:
    """What a workshop-note file cannot tell (its event's step, date, QPV): the dispatcher's
    ``QUESTIONS`` entry for verbatims. Other verbatim sheets name their event in columns."""
    if ctx.store.source_by_sha256(ctx.sha256):
        return []  # already imported: nothing to ask
    problems = ProblemList(ctx.path.name)
    resolver = _resolver(ctx, problems)
    try:
        tables = find_tables(ctx.path, lambda labels: kind_of(labels) is not None)
    except Exception:  # an unreadable file asks nothing: the import says what is wrong
        return []
    for table in tables:
        kind = kind_of({normalise_label(h) for h in table.header if h})
        _table_event(table, kind, resolver, several=len(tables) > 1)
    return questions(ctx.framework, resolver.missing)


matches = looks_like_verbatims  # the name the dispatcher's content detection looks for
