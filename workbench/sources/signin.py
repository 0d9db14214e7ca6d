"""Sign-in sheets (émargement) as project teams keep them: where the list of people starts, what
each column holds, the date columns of a presence matrix, and the title block above the list.

Shapes read (nobody designs them for us): a title block of merged cells (« Séminaire « vision »
élus et services », « Jeudi 16 novembre 2023, 9h30-12h30 ») or of ``Label : value`` rows; one name
column (``Nom Prénom``) or two; presence as marks, signatures, or implied by being listed; a
presence matrix (one row per person, one column per meeting date); registration exports (who
signed up, not who came). Dates in French words are read by ``find_date`` (no fuzzy parser: a
date is a day, a month and a year, never guessed).

>>> find_date("Jeudi 16 novembre 2023, 9h30-12h30")
FoundDate(date='2023-11-16', start='09:30', end='12:30', span=(0, 34))
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from workbench.normalise import normalise_label, squash_label
from workbench.sources.grid import Grid

HEADER_SCAN_ROWS = 30
ROLE_ALIASES: dict[str, list[str]] = {
    "last_name": ["nom", "noms", "nom de famille", "nom d'usage", "nom de naissance",
                  "nom participant", "nom du participant", "last name", "surname", "family name"],
    "first_name": ["prénom", "prénoms", "prénom participant", "prénom du participant",
                   "first name", "given name"],
    "full_name": ["nom prénom", "nom et prénom", "nom prénoms", "prénom nom", "prénom et nom",
                  "noms et prénoms", "nom complet", "identité", "participant", "participante",
                  "participants", "personne", "full name", "name"],
    "civility": ["civilité", "madame monsieur", "m mme", "genre"],
    "structure": ["structure", "organisation", "organisme", "établissement", "institution",
                  "association", "employeur", "entreprise", "société", "company", "company name",
                  "labo", "laboratoire", "service", "collectivité", "structure organisme",
                  "organisme structure", "structure service", "nom de la structure",
                  "structure représentée", "organisme représenté"],
    "function": ["fonction", "poste", "qualité", "statut", "titre", "métier", "profession",
                 "job title", "fonction poste"],
    "category": ["catégorie", "collège", "type d'acteur", "groupe", "profil", "public",
                 "type de participant", "catégorie d'acteur"],
    "qpv": ["quartier", "qpv", "quartier d'habitation", "quartier prioritaire",
            "quartier de résidence"],
    "role": ["rôle", "rôle dans l'atelier", "rôle dans la séance"],
    "present": ["présent", "présente", "présents", "présence", "présent absent", "p a",
                "a participé", "venu"],
    "signature": ["signature", "signatures", "émargement", "visa", "paraphe"],
    "excused": ["excusé", "excusée", "excusés", "absent", "absente", "absents", "absent excusé"],
    "email": ["email", "e-mail", "mail", "courriel", "adresse e-mail", "adresse mail",
              "adresse email", "adresse électronique", "adresse de messagerie", "email address",
              "email payeur", "e-mail participant"],
    "phone": ["téléphone", "tél", "portable", "mobile", "phone", "numéro de téléphone"],
    "comment": ["commentaire", "commentaires", "remarque", "remarques", "observation",
                "observations", "informations complémentaires"],
    "number": ["n°", "numéro", "num", "rang", "ordre"],
    "registered_at": ["date d'inscription", "inscription", "inscrit", "inscrite",
                      "date de la commande", "date de commande"],
    "timestamp": ["horodateur", "horodatage", "timestamp"],  # an online form: came or signed up
    "ticket": ["numéro de billet", "billet", "type de billet", "tarif", "référence commande",
               "numéro de commande", "commande", "statut de la commande", "ticket"],
    "step": ["étape", "étape de la démarche", "step"],
    "date": ["date", "date de l'événement", "date de la séance", "date de la réunion",
             "date de l'atelier", "jour"],
    "event": ["événement", "atelier", "séance", "session", "réunion", "event", "intitulé",
              "workshop"],
    "time": ["horaire", "horaires", "heure", "heures"],
}
_ROLE_OF = {squash_label(alias): role for role, aliases in ROLE_ALIASES.items()
            for alias in aliases if squash_label(alias)}
NAME_ROLES = ("last_name", "first_name", "full_name")
PRESENCE_ROLES = ("present", "signature", "excused")
REGISTRATION_ROLES = ("registered_at", "ticket")
# headings that say what the list is, not which event it is
LIST_HEADINGS = {"feuille d'emargement", "feuille de presence", "liste de presence", "emargement",
                 "liste des presents", "liste d'emargement", "liste des participants",
                 "liste des participants et participantes", "liste des inscrits",
                 "liste des inscriptions", "inscriptions", "inscrits", "participants"}
_PRESENCE_WORDS = re.compile(r"emargement|presence|presents?\b|signature")
_REGISTRATION_WORDS = re.compile(r"inscri|registration|billetterie")
# presence marks (normalised): what a cell says about one person at one meeting
PRESENT_MARKS = {"x", "oui", "o", "present", "presente", "1", "yes", "y", "true", "vrai", "p",
                 "ok", "v", "✓", "✔", "☑", "☒", "✅", "+", "signe", "signee"}
ABSENT_MARKS = {"", "non", "n", "absent", "absente", "0", "no", "false", "faux", "excuse",
                "excusee", "exc", "e", "a", "abs"}
# title labels that give the event's label
LABEL_FIELDS = ("evenement", "objet", "intitule", "atelier", "seminaire", "reunion", "seance",
                "theme")
_TOTAL_ROW = re.compile(r"^(total|sous total|nombre de|nb\b|soit\b)")

# --- dates written by people ----------------------------------------------------------------
_MONTHS = {"janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3,
           "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
           "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11,
           "nov": 11, "decembre": 12, "dec": 12}
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = [
    ("words", re.compile(rf"(?:{_WEEKDAY},?\s+)?(?:le\s+)?(1er|\d{{1,2}})\s+({_MONTH})\.?"
                         r"\s+(\d{4})(?!\d)")),
    ("iso", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?!\d)")),
    ("compact", re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")),
]
_TIME = r"(\d{1,2})\s*(?:h|:)\s*(\d{2})?"
_TIME_RANGE = re.compile(rf"(?<![\d/.\-]){_TIME}\s*(?:-|–|—|a|>)\s*{_TIME}")
_ONE_TIME = re.compile(rf"(?<![\d/.\-])(?:a\s+|de\s+)?{_TIME}(?![\d/])")


@dataclass(frozen=True)
class FoundDate:
    """A date found in a text: ISO date, start and end times when written, where it was."""

    date: str
    start: str | None = None
    end: str | None = None
    span: tuple[int, int] = (0, 0)


def fold(text: str) -> str:
    """Lower case without accents, punctuation kept (positions match ``text`` for ASCII)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _date_of(kind: str, groups: tuple[str, ...]) -> dt.date | None:
    try:
        if kind == "words":
            day = 1 if groups[0] == "1er" else int(groups[0])
            return dt.date(int(groups[2]), _MONTHS[groups[1]], day)
        if kind in ("iso", "compact"):
            return dt.date(int(groups[0]), int(groups[1]), int(groups[2]))
        year = int(groups[2])
        return dt.date(year + 2000 if year < 100 else year, int(groups[1]), int(groups[0]))
    except (ValueError, KeyError):
        return None


def _clock(hour: str, minute: str | None) -> str | None:
    h, m = int(hour), int(minute or 0)
    return f"{h:02d}:{m:02d}" if h < 24 and m < 60 else None


def find_date(text: str | None) -> FoundDate | None:
    """The first full date (day, month, year) in ``text``, with the times written after it:
    « Jeudi 16 novembre 2023, 9h30-12h30 », « 16/11/2023 », « 2023-11-16 18:30:00 »,
    « seminaire_20231116 ». ``None`` when there is none (a date without a year is not read)."""
    if not text:
        return None
    folded = fold(text)
    found: list[tuple[int, int, dt.date]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(folded):
            date = _date_of(kind, match.groups())
            if date is not None and 1990 <= date.year <= 2100:
                found.append((match.start(), match.end(), date))
    if not found:
        return None
    start, end, date = min(found)
    rest = folded[end:end + 30]
    start_time = end_time = None
    if (span := _TIME_RANGE.search(rest)) is not None:
        start_time, end_time = _clock(*span.groups()[:2]), _clock(*span.groups()[2:])
        end += span.end()
    elif (one := _ONE_TIME.search(rest)) is not None and (one.group(2) or "h" in one.group(0)):
        start_time = _clock(one.group(1), one.group(2))
        end += one.end()
    return FoundDate(date.isoformat(), start_time, end_time, (start, end))


def find_step_number(text: str | None, *, bare: bool = True) -> int | None:
    """``3`` from « Étape 3 », « étape n°3 », and with ``bare`` from « S3 » (``_S3_`` in a file
    name, « S3 – 09/03/2023 » in a column header; not in free title text, where « Salle S3 »
    is no step)."""
    if not text:
        return None
    folded = fold(text)
    match = re.search(r"etape\s*(?:n\s*[°o]\s*)?(\d{1,2})(?!\d)", folded)
    if match is None and bare:
        match = re.search(r"(?<![a-z0-9])s(\d{1,2})(?![0-9a-z])", folded)
    return int(match.group(1)) if match else None


def serial_date(text: str) -> str | None:
    """An Excel serial day number typed as text (``44994`` → ``2023-03-09``)."""
    value = text.strip()
    if re.fullmatch(r"\d{5}(\.0)?", value) and 20000 < float(value) < 80000:
        return (dt.date(1899, 12, 30) + dt.timedelta(days=int(float(value)))).isoformat()
    return None


# --- the shape of one sheet -------------------------------------------------------------------
@dataclass(frozen=True)
class DateColumn:
    """A presence-matrix column: one meeting."""

    index: int
    header: str
    date: str
    start: str | None = None


@dataclass
class SigninShape:
    """One sheet read as a list of people (see the module docstring)."""

    grid: Grid
    header_index: int
    header: list[str]
    roles: dict[str, int]  # role → column index (its first column)
    dates: list[DateColumn]
    unknown: list[str]  # header cells that are neither a known role nor a date
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)  # title label → value, line
    title_lines: list[tuple[int, str]] = field(default_factory=list)  # free title lines
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells)
    skipped_totals: list[int] = field(default_factory=list)  # lines of « Total : 12 » rows

    @property
    def sheet(self) -> str | None:
        return self.grid.sheet

    @property
    def header_line(self) -> int:
        return self.grid.lines[self.header_index]

    @property
    def is_matrix(self) -> bool:
        return bool(self.dates)

    def column(self, role: str) -> str | None:
        """The header text of ``role``'s column (for messages)."""
        return self.header[self.roles[role]] if role in self.roles else None

    def cell(self, cells: list[str], role: str) -> str:
        """The stripped cell of ``role`` in a row (``""`` when the sheet has no such column)."""
        index = self.roles.get(role)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def texts(self) -> list[str]:
        """Every text of the title block (free lines and field values)."""
        return [text for _, text in self.title_lines] + [v for v, _ in self.fields.values()]

    @property
    def list_kind(self) -> str:
        """``presence`` (a presence column, signatures, a matrix, « émargement » in the title),
        ``registration`` (a registration date, ticket or order column, « inscrits » in the title)
        or ``unknown`` (a list of names that does not say: the user is asked)."""
        heading = fold(" ".join([self.grid.sheet or "", *self.texts()]))
        if self.dates or any(r in self.roles for r in PRESENCE_ROLES) or \
                _PRESENCE_WORDS.search(heading):
            return "presence"
        if any(r in self.roles for r in REGISTRATION_ROLES) or _REGISTRATION_WORDS.search(heading):
            return "registration"
        return "unknown"

    @property
    def has_event_clue(self) -> bool:
        """The title block or the columns say which event this is (a date, a step, a label)."""
        if ("step" in self.roles and "date" in self.roles) or any(
                k in self.fields for k in ("date", "etape", *LABEL_FIELDS)):
            return True
        return any(find_date(text) or find_step_number(text, bare=False)
                   for text in self.texts())


def role_of(label: str) -> str | None:
    """The role of a header cell (``"Nom Prénom"`` → ``full_name``), ``None`` when unknown."""
    key = squash_label(label)
    if not key:
        return None
    return _ROLE_OF.get(key)


def _header_roles(row: list[str]) -> tuple[dict[str, int], list[DateColumn], list[str]]:
    roles: dict[str, int] = {}
    dates: list[DateColumn] = []
    unknown: list[str] = []
    for index, cell in enumerate(row):
        text = cell.strip()
        if not text:
            continue
        role = role_of(text)
        if role is not None:
            roles.setdefault(role, index)
            continue
        found = find_date(text) or (FoundDate(d) if (d := serial_date(text)) else None)
        if found is not None:
            dates.append(DateColumn(index, text, found.date, found.start))
        else:
            unknown.append(text)
    return roles, dates, unknown


def _marks_under(grid: Grid, header_index: int, dates: list[DateColumn]) -> bool:
    """Cells under the date columns are presence marks (X, ✓, 1, oui…), not figures or text
    (a typo or two is reported by the importer, it does not hide the matrix)."""
    cells = [normalise_label(row[d.index]) for row in grid.rows[header_index + 1:]
             for d in dates if d.index < len(row) and row[d.index].strip()]
    marks = sum(c in PRESENT_MARKS | ABSENT_MARKS for c in cells)
    return marks >= 1 and (marks >= 0.6 * len(cells) or len(cells) - marks <= 2)


_TITLE_LABELS = {"date", "etape", "quartier", "qpv", "lieu", "horaire", "horaires", "heure",
                 *LABEL_FIELDS, "animation", "animateur", "animatrice", "date et heure"}


def title_block(grid: Grid, header_index: int) -> tuple[dict[str, tuple[str, int]],
                                                   list[tuple[int, str]]]:
    """``Label : value`` rows as fields, every other non-empty row as a free line."""
    fields: dict[str, tuple[str, int]] = {}
    lines: list[tuple[int, str]] = []
    for row, line in zip(grid.rows[:header_index], grid.lines[:header_index], strict=True):
        cells = [c.strip() for c in row if c.strip()]
        if not cells:
            continue
        first = cells[0]
        if len(cells) >= 2 and (first.endswith(":") or normalise_label(first) in _TITLE_LABELS):
            fields.setdefault(normalise_label(first), (" ".join(cells[1:]), line))
        elif ":" in first and len(cells) == 1 and normalise_label(first.partition(":")[0]) in \
                _TITLE_LABELS:
            head, _, tail = first.partition(":")
            fields.setdefault(normalise_label(head), (tail.strip(), line))
        else:
            lines.append((line, " ".join(cells)))
    return fields, lines


def read_shape(grid: Grid) -> SigninShape | None:
    """The sheet as a list of people when it is one (see ``matches``), else ``None``."""
    for index, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        roles, dates, unknown = _header_roles(row)
        named = any(r in roles for r in NAME_ROLES)
        if len(dates) >= 2 and not named and _marks_under(grid, index, dates):
            first_text = next((i for i, c in enumerate(row) if c.strip()), None)
            if first_text is not None and first_text not in {d.index for d in dates}:
                roles["full_name"] = first_text  # a matrix whose name column says « Élus »
                unknown = [u for u in unknown if u != row[first_text].strip()]
                named = True
        if not named:
            continue
        if dates and not _marks_under(grid, index, dates):
            unknown += [d.header for d in dates]
            dates = []
        shape = SigninShape(grid, index, [c.strip() for c in row], roles, dates, unknown)
        shape.fields, shape.title_lines = title_block(grid, index)
        if not _is_signin(shape):
            return None
        _read_rows(shape)
        return shape
    return None


def _is_signin(shape: SigninShape) -> bool:
    """A list of people that is a sign-in sheet or a registration list, not any table with a
    name column (a questionnaire, a relational survey, verbatims)."""
    roles = shape.roles
    if "last_name" in roles and not ({"first_name", "full_name"} & set(roles)) and \
            not shape.dates and "present" not in roles and "signature" not in roles:
        return False  # a lone « Nom » column: an organisation list, not people
    strong = bool(shape.dates) or any(r in roles for r in PRESENCE_ROLES)
    if strong:
        return len(shape.unknown) <= 3
    if shape.unknown:
        return False
    return (shape.has_event_clue or shape.list_kind != "unknown"
            or any(r in roles for r in ("email", "timestamp")))


def _read_rows(shape: SigninShape) -> None:
    grid, width = shape.grid, len(shape.header)
    name_roles = [r for r in NAME_ROLES if r in shape.roles]
    for row, line in zip(grid.rows[shape.header_index + 1:],
                         grid.lines[shape.header_index + 1:], strict=True):
        cells = [c for c in row] + [""] * (width - len(row))
        meaningful = [c for i, c in enumerate(cells)
                      if c.strip() and i != shape.roles.get("number")]
        if not meaningful:
            continue
        name = " ".join(shape.cell(cells, r) for r in name_roles).strip()
        if _TOTAL_ROW.match(normalise_label(name or meaningful[0])):
            shape.skipped_totals.append(line)
            continue
        shape.rows.append((line, cells))


def matches(grid: Grid) -> bool:
    """True when some sheet of ``grid`` (the main one or another) is a sign-in sheet, a presence
    matrix or a registration list."""
    return any(read_shape(g) is not None for g in (grid, *grid.other_sheets.values()))


def unique_names(header: list[str]) -> list[str]:
    """Header cells made unique for a frame (« 2014-01-20 » twice → « 2014-01-20 (2) »)."""
    seen: dict[str, int] = {}
    names = []
    for position, cell in enumerate(header, 1):
        name = cell or f"colonne_{position}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names
