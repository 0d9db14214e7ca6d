"""The demo's sign-in sheets (émargement): one XLSX per event across the nine steps.

Layout (shared contract): A1 "Feuille d'émargement"; A2 "Événement :" B2 label; A3 "Date :" B3 a
real Excel date; A4 "Étape :" B4 step number; A5 "Quartier :" B5 QPV name or empty; row 7 the header
``Nom | Prénom | Structure | Fonction | Catégorie | Quartier | Rôle | Présent``; data from row 8.
Invited people who did not come have an empty ``Présent``. Files are byte-for-byte deterministic:
the workbook properties and the ZIP entries carry the event's date, never the wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from workbench.demo.people import FEMININE_FIRST_NAMES, child_rng
from workbench.framework import Framework

HEADER = ["Nom", "Prénom", "Structure", "Fonction", "Catégorie", "Quartier", "Rôle", "Présent"]
FICTIONAL = "(données fictives)"
ZIP_TIME = (2024, 10, 1, 0, 0, 0)


@dataclass(frozen=True)
class Event:
    step: str
    date: dt.date
    label: str
    qpv: str | None = None
    present_mark: str = "X"


EVENTS = [
    Event("S1", dt.date(2023, 1, 19), "Comité technique n°1 : lancement de la démarche"),
    Event("S1", dt.date(2023, 2, 16), "Comité technique n°2 : méthode et calendrier"),
    Event("S2", dt.date(2023, 3, 9), "Séminaire des élus n°1 : ce que nous ne voulons plus"),
    Event("S2", dt.date(2023, 4, 13), "Séminaire des élus n°2 : ambitions pour les quartiers"),
    Event("S3", dt.date(2023, 5, 25), "Rencontre des élus et des directions générales"),
    Event("S4", dt.date(2023, 6, 22), "Séminaire des services : diagnostic partagé"),
    Event("S5", dt.date(2023, 9, 28), "Séminaire « vision » élus et services"),
    Event("S6", dt.date(2023, 11, 16), "Séminaire « vision » acteurs de terrain"),
    Event("S7", dt.date(2024, 1, 20), "Atelier habitants (photolangage)", "tilleuls"),
    Event("S7", dt.date(2024, 2, 3), "Atelier habitants (photolangage)", "bel-air"),
    Event("S7", dt.date(2024, 2, 24), "Atelier habitants (photolangage)", "la-source"),
    Event("S7", dt.date(2024, 3, 16), "Atelier habitants (photolangage)", "moulin"),
    Event("S8", dt.date(2024, 4, 11), "Séminaire « projets de quartier » n°1"),
    Event("S8", dt.date(2024, 5, 16), "Séminaire « projets de quartier » n°2"),
    Event("S9", dt.date(2024, 6, 13), "Réunion de rédaction du contrat de ville", None, "oui"),
]

# invited groups per step and the chance an invited person comes (before their own propensity)
INVITED: dict[str, dict[str, float]] = {
    "S1": {"equipe": 0.85},
    "S2": {"elus": 0.85},
    "S3": {"elus": 0.85, "directions": 0.85},
    "S4": {"services": 0.83},
    "S5": {"elus": 0.85, "services": 0.72},
    "S6": {"acteurs": 0.72},
    "S8": {"elus": 0.75, "services": 0.62, "acteurs": 0.55, "conseil": 0.6, "partenaires": 0.75},
    "S9": {"equipe": 0.9},
}
# residents who walk in to each workshop (La Source and Le Moulin small: masked)
WORKSHOP_RESIDENTS = {"tilleuls": 22, "bel-air": 17, "la-source": 7, "moulin": 5}
# Structure written by hand with another case or without accents on some sheets
STRUCTURE_VARIANTS = {
    ("S6", "centre-social"): "Centre Social des Tilleuls",
    ("S6", "mission-locale"): "mission locale",
    ("S8", "education-nationale"): "Education nationale",
    ("S8", "agglo-emploi"): "AGGLOMERATION : EMPLOI ET INSERTION",
}
FUNCTIONS: dict[str, list[tuple[str, str]]] = {  # (feminine, masculine)
    "elus": [("Adjointe au maire", "Adjoint au maire"),
             ("Conseillère municipale déléguée", "Conseiller municipal délégué"),
             ("Vice-présidente de l'agglomération", "Vice-président de l'agglomération")],
    "services": [("Directrice", "Directeur"), ("Cheffe de service", "Chef de service"),
                 ("Chargée de mission", "Chargé de mission"),
                 ("Coordinatrice", "Coordinateur")],
    "acteurs": [("Animatrice", "Animateur"), ("Éducatrice spécialisée", "Éducateur spécialisé"),
                ("Coordinatrice", "Coordinateur"), ("Bénévole", "Bénévole")],
    "partenaires": [("Chargée de mission", "Chargé de mission"),
                    ("Responsable territoriale", "Responsable territorial")],
    "equipe": [("Cheffe de projet politique de la ville", "Chef de projet politique de la ville"),
               ("Chargée d'évaluation", "Chargé d'évaluation"),
               ("Agente de développement local", "Agent de développement local")],
}


def _is_feminine(first_name: str) -> bool:

    return first_name in FEMININE_FIRST_NAMES


def _category(group: str, organisation: object, feminine: bool, step: str) -> str:
    if group == "elus":
        return "Élu·e" if step == "S8" else ("Élue" if feminine else "Élu")
    if group == "habitants":
        return "Habitant·e" if step == "S8" else ("Habitante" if feminine else "Habitant")
    if group == "acteurs":
        org = organisation if isinstance(organisation, str) else ""
        associative = org in ("centre-social", "prevention", "regie") or org.startswith(
            ("Association", "Amicale", "Club", "Compagnie", "Épicerie"))
        return "Association" if associative else "Acteur de terrain"
    if group == "equipe":
        return "Comité technique" if step == "S1" else "Équipe projet"
    return {"services": "Service", "partenaires": "Partenaire institutionnel"}[group]


def _structure(organisation: object, step: str, framework: Framework) -> str:
    if not isinstance(organisation, str):
        return ""
    variant = STRUCTURE_VARIANTS.get((step, organisation))
    if variant:
        return variant
    return {o.id: o.name for o in framework.organisations}.get(organisation, organisation)


def _function(people: pd.DataFrame, person: int) -> str:
    group = people.at[person, "group_id"]
    if group == "habitants":
        return ""
    same = people.index[people["group_id"] == group]
    rank = int(np.flatnonzero(same == person)[0])
    options = FUNCTIONS[group]
    if group == "partenaires" and people.at[person, "organisation_id"] == "prefecture":
        options = [("Déléguée du préfet", "Délégué du préfet")]
    feminine, masculine = options[rank % len(options)]
    return feminine if _is_feminine(people.at[person, "first_name"]) else masculine


def _members(people: pd.DataFrame, who: str) -> list[int]:
    if who == "directions":  # two heads per mainstream service
        services = people[people["group_id"] == "services"]
        return [int(i) for i in services.groupby("organisation_id", sort=True).head(2).index]
    if who == "conseil":  # residents sitting on the conseils citoyens: five per QPV
        residents = people[people["group_id"] == "habitants"]
        return [int(i) for i in residents.groupby("qpv", sort=True).head(5).index]
    return [int(i) for i in people.index[people["group_id"] == who]]


def attendance_plan(people: pd.DataFrame, seed: int) -> list[tuple[Event, pd.DataFrame]]:
    """For every event, the rows of its sheet: ``person, present, role`` (before formatting)."""

    rng = child_rng(seed, 50)
    fondness = np.clip(rng.normal(0.0, 0.12, len(people)), -0.3, 0.15)
    fondness[people.index[people["group_id"] == "elus"][-2:]] = -0.6  # two élus rarely come
    plan = []
    for event in EVENTS:
        rows: list[tuple[int, bool, str]] = []
        if event.step == "S7":
            residents = people.index[(people["group_id"] == "habitants")
                                     & (people["qpv"] == event.qpv)].to_numpy()
            order = np.argsort(-(fondness[residents] + rng.normal(0.0, 0.2, len(residents))),
                               kind="stable")
            count = WORKSHOP_RESIDENTS[event.qpv]
            rows += [(int(residents[i]), True, "") for i in order[:count]]
            rows += [(int(residents[i]), False, "") for i in order[count:count + 2]]
            field = people.index[(people["group_id"] == "acteurs")
                                 & (people["qpv"] == event.qpv)].to_numpy()
            rows += [(int(p), True, "Co-animation") for p in rng.choice(field, 2, replace=False)]
        else:
            for who, chance in INVITED[event.step].items():
                for person in _members(people, who):
                    rows.append((person, bool(rng.random() < chance + fondness[person]), ""))
            if event.step in ("S6", "S8"):
                rows = _facilitators(rows, people, rng, event.step)
        if event.step not in ("S1", "S9"):
            team = people.index[people["group_id"] == "equipe"].to_numpy()
            rows += [(int(p), True, "Animation") for p in rng.choice(team, 2, replace=False)]
        frame = pd.DataFrame(rows, columns=["person", "present", "role"])
        plan.append((event, frame.drop_duplicates("person", keep="last")))
    return plan


def _facilitators(rows: list[tuple[int, bool, str]], people: pd.DataFrame,
                  rng: np.random.Generator, step: str) -> list[tuple[int, bool, str]]:
    """Services and field actors who facilitated a table themselves (lesson L5)."""
    wanted = {"services": 2, "acteurs": 2} if step == "S8" else {"acteurs": 2}
    out = list(rows)
    for group, count in wanted.items():
        present = [i for i, (p, here, _) in enumerate(out)
                   if here and people.at[p, "group_id"] == group]
        for i in rng.choice(present, count, replace=False):
            out[int(i)] = (out[int(i)][0], True, "Animation" if rng.random() < 0.5
                           else "Co-animation")
    if step == "S6":  # mainstream staff came to co-facilitate the field actors' seminar
        services = people.index[people["group_id"] == "services"].to_numpy()
        out += [(int(p), True, "Co-animation") for p in rng.choice(services, 2, replace=False)]
    return out


def _sheet_rows(frame: pd.DataFrame, people: pd.DataFrame, event: Event,
                framework: Framework) -> list[list[str]]:
    qpv_names = {q.id: q.name for q in framework.territory.qpvs}
    from workbench.privacy.pseudonyms import normalise_person_key

    rows = []
    for person, present, role in frame.itertuples(index=False):
        who = people.loc[person]
        qpv = who["qpv"]
        rows.append([
            who["last_name"].upper() if event.step == "S4" else who["last_name"],
            who["first_name"],
            _structure(who["organisation_id"], event.step, framework),
            _function(people, person),
            _category(who["group_id"], who["organisation_id"],
                      _is_feminine(who["first_name"]), event.step),
            qpv_names[qpv] if isinstance(qpv, str) else "",
            role,
            event.present_mark if present else "",
        ])
    rows.sort(key=lambda r: (normalise_person_key(r[0]), normalise_person_key(r[1])))
    return rows


def _save_deterministic(workbook: Workbook, path: Path) -> None:
    """Save without wall-clock time: fixed document properties and ZIP entry dates."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    path.write_bytes(out.getvalue())


def _workbook(event: Event, rows: list[list[str]], framework: Framework) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Émargement"
    qpv = framework.qpv(event.qpv).name if event.qpv else ""
    number = framework.step(event.step).number
    sheet["A1"] = "Feuille d'émargement"
    sheet["A1"].font = Font(bold=True, size=14)
    for row, (label, value) in enumerate([("Événement :", f"{event.label} {FICTIONAL}"),
                                          ("Date :", event.date), ("Étape :", number),
                                          ("Quartier :", qpv or None)], start=2):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value)
    sheet["B3"].number_format = "DD/MM/YYYY"
    for col, title in enumerate(HEADER, start=1):
        sheet.cell(row=7, column=col, value=title).font = Font(bold=True)
    for r, values in enumerate(rows, start=8):
        for col, value in enumerate(values, start=1):
            if value != "":
                sheet.cell(row=r, column=col, value=value)
    for letter, width in zip("ABCDEFGH", (20, 16, 34, 36, 24, 14, 14, 9), strict=True):
        sheet.column_dimensions[letter].width = width
    moment = dt.datetime.combine(event.date, dt.time(18, 0))
    props = workbook.properties
    props.creator = props.lastModifiedBy = "Val-de-Brume (données fictives)"
    props.title = f"Feuille d'émargement {FICTIONAL}"
    props.created = props.modified = moment
    return workbook


def write_signin_sheets(raw_dir: Path, people: pd.DataFrame, framework: Framework,
                        seed: int) -> list[Path]:
    """One ``emargement_S<n>_<YYYY-MM-DD>.xlsx`` per event."""
    paths = []
    for event, frame in attendance_plan(people, seed):
        rows = _sheet_rows(frame, people, event, framework)
        number = framework.step(event.step).number
        path = raw_dir / f"emargement_S{number}_{event.date.isoformat()}.xlsx"
        _save_deterministic(_workbook(event, rows, framework), path)
        paths.append(path)
    return paths
