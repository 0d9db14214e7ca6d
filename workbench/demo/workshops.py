"""Demo files of the fictional territory: relational survey, workshop verbatims, change pathway.

``write_workshop_files(raw_dir, people, seed)`` writes, byte-for-byte identical for a seed:
``relations_T0.xlsx`` … ``relations_T2.xlsx`` (wide layout, response rate rising from 61 % to
83 %, collaboration and trust rising, mainstream services connecting across sectors, a few pairs
rated two levels apart), ``photolangage_S7.xlsx`` (the four resident workshops),
``world-cafe.xlsx`` (S6 and S8), ``recits-changement_T2.xlsx`` (Most Significant Change) and
``chemin-changement.xlsx``. Every name, place and word in them is invented.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import Framework, load_framework

FIXED_TIME = dt.datetime(2024, 10, 1, 9, 0, 0)
FICTIONAL = ("DONNÉES FICTIVES : territoire de démonstration « Val-de-Brume ». Personnes, "
             "structures et propos inventés ; toute ressemblance serait une coïncidence.")
WAVES = ("T0", "T1", "T2")
RESPONDING = {"T0": 11, "T1": 13, "T2": 15}  # of the 18 roster organisations
LEVELS = ["Aucune relation", "Mise en réseau", "Coopération", "Coordination", "Coalition",
          "Collaboration"]
FREQUENCY = ["Jamais", "Une à deux fois par an", "Tous les trimestres", "Tous les mois",
             "Toutes les semaines", "Toutes les semaines"]
DIMENSIONS = ["Niveau", "Ouverture", "Fiabilité", "Mission partagée", "Influence", "Ressources",
              "Implication", "Fréquence"]
WORKSHOPS = {"tilleuls": dt.date(2024, 1, 20), "bel-air": dt.date(2024, 2, 3),
             "la-source": dt.date(2024, 2, 24), "moulin": dt.date(2024, 3, 16)}


# --- deterministic XLSX --------------------------------------------------------------------------
def save_workbook(book: Workbook, path: Path, title: str) -> Path:
    """Save with fixed document dates and zip timestamps: equal content gives equal bytes."""
    notice = book.create_sheet("Lisez-moi")
    notice.append([FICTIONAL])
    book.properties.title = title
    book.properties.creator = "workbench demo"
    book.properties.description = FICTIONAL
    book.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, data)
    path.write_bytes(out.getvalue())
    return path


def _sheet(book: Workbook, name: str, header: list[str], rows: list[list]) -> None:
    sheet = book.active if book.active.max_row == 1 and book.active.title == "Sheet" else None
    sheet = sheet or book.create_sheet()
    sheet.title = name
    sheet.append(header)
    for row in rows:
        sheet.append(row)


# --- relational survey ---------------------------------------------------------------------------
def _respondents(people: pd.DataFrame, framework: Framework, rng: np.random.Generator) -> dict:
    """One respondent (first, last) per roster organisation, kept across waves."""
    chosen = {}
    for org in framework.organisations:
        staff = people[people["organisation_id"] == org.id]
        if len(staff):
            row = staff.iloc[int(rng.integers(len(staff)))]
            chosen[org.id] = (str(row["first_name"]), str(row["last_name"]))
        else:
            chosen[org.id] = ("Camille", f"Fictif-{org.id}")
    return chosen


def _levels(framework: Framework, wave: int, rng: np.random.Generator) -> np.ndarray:
    """Directed collaboration levels 0–5 between roster organisations at wave ``wave`` (0, 1, 2).

    Within a sector ties exist from the start; ties between mainstream services of different
    sectors grow wave after wave (density and the E–I index rise); the backbone team is
    connected to everyone.
    """
    orgs = framework.organisations
    n = len(orgs)
    pair_effect = rng.normal(0.0, 0.5, (n, n))
    pair_effect = (pair_effect + pair_effect.T) / 2
    levels = np.zeros((n, n), dtype=int)
    for i, a in enumerate(orgs):
        for j, b in enumerate(orgs):
            if i == j:
                continue
            base = 0.3 + 0.35 * wave
            if a.sector == b.sector:
                base += 1.6
            elif a.mainstream and b.mainstream:
                base += (0.0, 1.2, 2.1)[wave]
            if "agglo-pv" in (a.id, b.id):
                base += 1.2 + 0.4 * wave
            value = base + pair_effect[i, j] + rng.normal(0.0, 0.45)
            levels[i, j] = int(np.clip(round(value), 0, 5))
    return levels


def _relations_rows(framework: Framework, wave: int, respondents: dict, order: list[int],
                    rng: np.random.Generator) -> list[list]:
    orgs = framework.organisations
    levels = _levels(framework, wave, rng)
    answering = sorted(order[:RESPONDING[WAVES[wave]]])
    for _ in range(3):  # pairs whose two ratings differ by two levels or more
        i, j = rng.choice(answering, 2, replace=False)
        levels[i, j] = min(5, levels[j, i] + 2) if levels[j, i] <= 3 else levels[j, i] - 2
    rows = []
    day = framework.waves[wave].date
    for i in answering:
        first, last = respondents[orgs[i].id]
        stamp = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=37 * len(rows))
        row: list = [stamp, first, last, orgs[i].name]
        for j, partner in enumerate(orgs):
            if i == j or rng.random() < 0.02:  # own organisation, or a skipped partner
                row += [None] * len(DIMENSIONS)
                continue
            level = int(levels[i, j])
            row.append(f"{level} - {LEVELS[level]}")
            if level == 0:
                row += [None] * 6 + [FREQUENCY[0]]
                continue
            trust = 1.9 + 0.4 * wave + 0.15 * level
            weight = 1.0 if partner.id in ("agglo-pv", "prefecture", "ville-cabinet") else 0.0
            items = [trust] * 3 + [1.8 + weight + 0.2 * wave, 1.9 + 0.3 * wave, 1.7 + 0.15 * level]
            row += [int(np.clip(round(v + rng.normal(0, 0.55)), 1, 4)) for v in items]
            row.append(FREQUENCY[level])
        rows.append(row)
    if wave == 1:  # someone opened the survey and answered nothing: not a response
        silent = orgs[order[-1]]
        rows.append([dt.datetime.combine(day, dt.time(18, 5)), *respondents[silent.id],
                     silent.name] + [None] * (len(DIMENSIONS) * len(orgs)))
    return rows


def write_relations(raw_dir: Path, people: pd.DataFrame, framework: Framework,
                    seed: int) -> list[Path]:
    rng = np.random.default_rng([seed, 71])
    respondents = _respondents(people, framework, rng)
    order = [int(i) for i in rng.permutation(len(framework.organisations))]
    backbone = [o.id for o in framework.organisations].index("agglo-pv")
    order.remove(backbone)  # the backbone team always answers
    order.insert(0, backbone)
    header = ["Horodateur", "Prénom", "Nom", "Organisation"]
    header += [f"{d} [{o.name}]" for o in framework.organisations for d in DIMENSIONS]
    paths = []
    for wave, name in enumerate(WAVES):
        book = Workbook()
        _sheet(book, "Réponses", header, _relations_rows(framework, wave, respondents, order, rng))
        paths.append(save_workbook(book, raw_dir / f"relations_{name}.xlsx",
                                   f"Enquête relationnelle {name} (fictive)"))
    return paths


# --- photolangage --------------------------------------------------------------------------------
TODAY = [
    "J'ai choisi cette photo parce que je me sens seule le soir dans mon immeuble.",
    "Moi je vois surtout les travaux qui n'avancent pas, je ne sais plus à qui m'adresser.",
    "Je passe tous les jours devant l'aire de jeux fermée, je trouve ça triste pour mes enfants.",
    "Je connais peu mes voisins : je rentre du travail et je reste chez moi.",
    "Cette photo, c'est mon marché du samedi, le seul moment où je croise du monde.",
    "Je me débrouille pour les papiers, mon assistante sociale a changé trois fois.",
    "J'ai pris la photo du bus : je mets une heure pour aller au travail.",
    "Je trouve que le quartier est calme, mais je m'ennuie un peu le dimanche.",
]
HOPED = {  # hope differs by neighbourhood
    "tilleuls": [
        "Nous voulons un quartier où nos enfants jouent dehors ; ensemble nous pouvons y arriver.",
        "Avec le centre social, nous avons déjà commencé : notre jardin partagé, notre fierté.",
        "Nous, les habitants, nous avons des idées ; demain nous voulons les porter avec la ville.",
    ],
    "bel-air": [
        "Nous aimerions une salle pour nos réunions ; je crois que c'est possible si on insiste.",
        "Notre amicale peut organiser la fête du quartier, nous avons envie d'y croire.",
        "Nous voulons des rues éclairées et des bancs, nous sommes prêts à en parler à la mairie.",
    ],
    "la-source": [
        "Je voudrais une maison de santé ouverte le soir ; on verra si on nous écoute.",
        "Nous aimerions que les jeunes aient un lieu à eux, mais je reste prudente.",
        "Un quartier plus vert, j'y crois à moitié ; nous en parlons depuis longtemps.",
    ],
    "moulin": [
        "On nous promet des choses depuis des années, je n'y crois plus vraiment.",
        "J'aimerais y croire, mais rien ne change ici, je suis fatiguée.",
        "Je voudrais juste que l'ascenseur marche ; le reste, je n'ose plus le demander.",
    ],
}
QUOTES = ["Comme l'a dit {name} tout à l'heure, ", "Je suis d'accord avec {name} : ",
          "{name} a raison, "]


def _photolangage_rows(people: pd.DataFrame, framework: Framework,
                       rng: np.random.Generator) -> list[list]:
    rows: list[list] = []
    for qpv_id, day in WORKSHOPS.items():
        residents = people[(people["group_id"] == "habitants") & (people["qpv"] == qpv_id)]
        take = min(6, len(residents))
        picked = residents.iloc[sorted(rng.choice(len(residents), take, replace=False))]
        names = [(str(r.first_name), str(r.last_name)) for r in picked.itertuples()]
        qpv_name = framework.qpv(qpv_id).name
        for k, (first, last) in enumerate(names):
            others = [n for n in names if n != (first, last)]
            for variant, question in (("Aujourd'hui", "Le quartier aujourd'hui"),
                                      ("Souhaité", "Le quartier que nous voulons")):
                pool = TODAY if variant == "Aujourd'hui" else HOPED[qpv_id]
                text = pool[int(rng.integers(len(pool)))]
                if others and rng.random() < 0.3:  # a neighbour quoted by name
                    other = others[int(rng.integers(len(others)))]
                    name = (other[0], f"{other[0]} {other[1]}", f"M. {other[1].upper()}")[
                        int(rng.integers(3))]
                    text = QUOTES[int(rng.integers(len(QUOTES)))].format(name=name) + \
                        text[0].lower() + text[1:]
                quotable = "non" if rng.random() < 0.2 else "oui"
                rows.append([7, day, qpv_name, "AB"[k % 2], f"{first} {last}", "Habitant·e",
                             question, f"P{int(rng.integers(1, 41)):02d}", variant, text,
                             quotable])
    if len(rows) > 3:  # markup typed into a form: stored as text, escaped by the displays
        # each carries a cue of lesson L4 ("ensemble"): the demo's coders code it, so the
        # dashboard and the reports show it (escaped) whatever order the store returns rows in
        rows[1][9] = ("<script>alert(1)</script> Je voulais voir si le site est bien protégé, "
                      "pour nous tous, ensemble.")
        rows[-2][9] = ("<img src=x onerror=alert(1)> La photo du pont, c'est notre quartier, "
                       "ensemble.")
        rows[1][10] = rows[-2][10] = "oui"
    return rows


def write_photolangage(raw_dir: Path, people: pd.DataFrame, framework: Framework,
                       seed: int) -> Path:
    rng = np.random.default_rng([seed, 72])
    book = Workbook()
    header = ["Étape", "Date", "Quartier", "Sous-groupe", "Participant", "Groupe", "Question",
              "Photo", "Aujourd'hui / Souhaité", "Ce qui a été dit", "Citable"]
    _sheet(book, "Photolangage", header, _photolangage_rows(people, framework, rng))
    return save_workbook(book, raw_dir / "photolangage_S7.xlsx",
                         "Ateliers habitants, photolangage (fictif)")


# --- world café ----------------------------------------------------------------------------------
CAFE_NOTES = [
    ("Cadre de vie", "Un référent unique par quartier pour les petits travaux."),
    ("Cadre de vie", "Nous proposons une marche exploratoire avec les habitants chaque saison."),
    ("Jeunesse", "Ouvrir le gymnase le samedi soir avec les éducateurs de prévention."),
    ("Jeunesse", "Nous voulons un conseil des jeunes relié au conseil citoyen."),
    ("Emploi", "Des permanences de France Travail au centre social, pas seulement en ville."),
    ("Emploi", "Nous pourrions monter ensemble un forum des métiers avec les entreprises."),
    ("Coopération", "Nos services se connaissent enfin : gardons ce séminaire chaque année."),
    ("Coopération", "Nous avons découvert ce que fait la CAF dans le quartier, à garder."),
    ("Coopération", "Je ne savais pas que l'habitat et l'éducation travaillaient sur la même rue."),
    ("Santé", "Une médiatrice santé partagée entre la maison de santé et le CCAS."),
]
# the field actors' "vision" seminar (S6, before T1): still more "je" than "nous"
EARLY_CAFE_NOTES = [
    ("Cadre de vie", "Je signale les mêmes problèmes d'éclairage depuis deux ans."),
    ("Jeunesse",
     "Mon association accueille les jeunes le soir, je ne sais pas qui d'autre le fait."),
    ("Emploi", "Je découvre aujourd'hui les permanences de la Mission locale."),
    ("Coopération", "Je connais mal les services de la ville, mon interlocuteur change souvent."),
    ("Coopération", "J'aimerais savoir à qui m'adresser pour mes dossiers de subvention."),
    ("Santé", "Mes familles attendent trois mois pour un rendez-vous, je ne vois pas de solution."),
    ("Coopération", "Nous pourrions nous revoir avant l'été pour continuer."),
]


def write_world_cafe(raw_dir: Path, people: pd.DataFrame, framework: Framework,
                     seed: int) -> Path:
    rng = np.random.default_rng([seed, 73])
    hosts = people[people["group_id"].isin(["equipe", "services"])].head(8)
    host_names = [f"{r.first_name} {r.last_name}" for r in hosts.itertuples()] or ["Camille Fictif"]
    rows = []
    for event in ("S6-2023-11-16", "S8-2024-04-11", "S8-2024-05-16"):
        notes = EARLY_CAFE_NOTES if event.startswith("S6") else CAFE_NOTES
        for table, qpv in enumerate(framework.qpv_ids, 1):
            host = host_names[(table - 1 + (event.endswith("16")) * 4) % len(host_names)]
            for round_no in (1, 2, 3):
                cluster, note = notes[int(rng.integers(len(notes)))]
                if round_no == 3 and table == 2:
                    note = f"Merci à {host.split()[0]} qui a tenu la table ; " + note
                quotable = "non" if rng.random() < 0.1 else "oui"
                rows.append([event, framework.qpv(qpv).name, round_no, table, host, note, cluster,
                             int(rng.integers(0, 9)), quotable])
    book = Workbook()
    header = ["Événement", "Quartier", "Tour", "Table", "Hôte de table", "Note", "Regroupement",
              "Votes", "Citable"]
    _sheet(book, "World café", header, rows)
    return save_workbook(book, raw_dir / "world-cafe.xlsx",
                         "Séminaires « vision » et projets de quartier, world café (fictif)")


# --- Most Significant Change ---------------------------------------------------------------------
STORIES = [
    ("elus", "tilleuls", "Pilotage", "Un comité de pilotage qui décide vraiment",
     "Nous avons arrêté de valider des dossiers : nous discutons des priorités du quartier.",
     "Nous, les élus, nous ne sommes plus seuls face aux demandes."),
    ("services", None, "Coopération", "Trois directions autour d'une même école",
     "L'éducation, les sports et la culture ont monté ensemble un projet pour l'école.",
     "Nous avons appris à travailler ensemble au lieu de nous renvoyer les dossiers."),
    ("acteurs", "bel-air", "Coopération", "La fête de quartier co-organisée",
     "Notre association et le service des sports ont préparé la fête ensemble.",
     "Nous nous connaissons maintenant par nos prénoms, c'est notre réseau."),
    ("habitants", "tilleuls", "Pouvoir d'agir", "Le jardin partagé",
     "Avec des voisins, nous avons obtenu une parcelle et nous la cultivons ensemble.",
     "Nous avons pris confiance : notre quartier peut changer si nous agissons."),
    ("habitants", "moulin", "Pouvoir d'agir", "L'ascenseur enfin réparé",
     "Après la réunion avec le bailleur, nous avons suivi le dossier ensemble.",
     "Je croyais que personne n'écoutait ; nous avons été entendus une fois."),
    ("services", None, "Pilotage", "Une convention de trois ans plutôt qu'un appel à projets",
     "Nous avons remplacé l'appel à projets par des conventions pluriannuelles.",
     "Nos partenaires associatifs peuvent enfin prévoir ; nous aussi."),
    ("acteurs", "la-source", "Santé", "La médiatrice santé partagée",
     "Le CCAS et la maison de santé financent ensemble une médiatrice.",
     "Nous touchons des familles que nous ne voyions jamais."),
    ("elus", None, "Contagion", "La Cité éducative reprend la méthode",
     "La Cité éducative a organisé ses ateliers comme nous l'avions fait.",
     "Notre façon de faire se diffuse : nous n'avons pas eu à l'imposer."),
]
SELECTED = {0: "Le panel y voit le changement de posture des élus, au cœur de l'enseignement 1.",
            3: "Une histoire portée par des habitants, qui montre le pouvoir d'agir collectif.",
            5: "Un changement d'organisation durable, signe de résultats (enseignement 7)."}


def write_stories(raw_dir: Path, people: pd.DataFrame, framework: Framework, seed: int) -> Path:
    rng = np.random.default_rng([seed, 74])
    rows, tellers = [], []
    for group, qpv, domain, title, what, why in STORIES:
        pool = people[(people["group_id"] == group) & ((people["qpv"] == qpv) if qpv else True)]
        pool = pool if len(pool) else people
        person = pool.iloc[int(rng.integers(len(pool)))]
        tellers.append(f"{person.first_name} {person.last_name}")
        rows.append([title, tellers[-1], framework.group(group).label_fr,
                     framework.qpv(qpv).name if qpv else "Plusieurs quartiers", domain, what, why,
                     None, "oui"])
    rows[4][5] += f" {tellers[3].split()[0]} nous a aidés à écrire au bailleur."
    rows[6][8] = "non"
    for index, reason in SELECTED.items():
        rows[index][7] = reason
    book = Workbook()
    header = ["Titre", "Participant", "Groupe", "Quartier", "Domaine", "Ce qui s'est passé",
              "Pourquoi c'est important", "Pourquoi retenue", "Citable"]
    _sheet(book, "Récits", header, rows)
    return save_workbook(book, raw_dir / "recits-changement_T2.xlsx",
                         "Récits de changement significatif T2 (fictifs)")


# --- change pathway ------------------------------------------------------------------------------
CHANGES = [
    ("V", "Vision", "Des quartiers où chacun peut agir, et où institutions et habitants "
     "coopèrent durablement", None, None),
    ("LT1", "Long terme", "Les politiques de droit commun sont mobilisées et coordonnées dans "
     "les quartiers", "Services", "politiques publiques"),
    ("LT2", "Long terme", "Les habitants prennent part aux décisions qui concernent leur quartier",
     "Habitants", "participation"),
    ("C1", "Intermédiaire", "Les élus pilotent ensemble le contrat dans une instance partagée",
     "Élus", "pilotage"),
    ("C2", "Intermédiaire", "Les élus rencontrent régulièrement les habitants dans les quartiers",
     "Élus", "relations"),
    ("C3", "Intermédiaire", "Les services construisent des actions communes par quartier",
     "Services", "pratiques"),
    ("C4", "Intermédiaire", "Les services partagent leurs données et leur diagnostic",
     "Services", "pratiques"),
    ("C5", "Intermédiaire", "Les acteurs de terrain coaniment des temps collectifs avec les "
     "services",
     "Acteurs de terrain", "coopération"),
    ("C6", "Intermédiaire", "Les habitants portent des projets avec l'appui des acteurs de "
     "terrain",
     "Habitants", "pouvoir d'agir"),
]
LINKS = [("C1", "LT1"), ("C3", "LT1"), ("C4", "C3"), ("C5", "LT1"), ("C5", "LT2"), ("C2", "LT2"),
         ("C6", "LT2"), ("LT1", "V"), ("LT2", "V")]
MARKERS = [  # id, group, tier, label, change, rating at T1 and T2 (0 none … 3 high)
    ("M01", "Élus", "Attendu", "Les élus participent aux séminaires du contrat", "C1", 2, 3),
    ("M02", "Élus", "Souhaité", "Les élus coaniment une rencontre dans un quartier", "C2", 1, 2),
    ("M03", "Élus", "Idéal", "Les élus arbitrent ensemble les priorités par quartier", "C1", 0, 1),
    ("M04", "Services", "Attendu", "Chaque service désigne un référent par quartier", "C3", 2, 3),
    ("M05", "Services", "Souhaité", "Plusieurs directions montent une action commune", "C3", 1, 2),
    ("M06", "Services", "Idéal", "Les services partagent un tableau de bord commun", "C4", 0, 1),
    ("M07", "Acteurs de terrain", "Attendu", "Les acteurs viennent aux réunions de projet de "
     "quartier", "C5", 2, 3),
    ("M08", "Acteurs de terrain", "Souhaité", "Des acteurs coaniment un atelier avec un service",
     "C5", 1, 2),
    ("M09", "Acteurs de terrain", "Idéal", "Des actions sont financées par convention "
     "pluriannuelle", "C5", 0, 2),
    ("M10", "Habitants", "Attendu", "Des habitants viennent aux ateliers de quartier", "C6", 2, 2),
    ("M11", "Habitants", "Souhaité", "Des habitants proposent un projet au conseil citoyen", "C6",
     1, 2),
    ("M12", "Habitants", "Idéal", "Des habitants siègent au comité de pilotage", "C6", 0, 1),
]
RATING_FR = ["Aucun", "Faible", "Moyen", "Élevé"]
EVIDENCE = {"T1": "Feuilles d'émargement des étapes 2 à 6 ; compte rendu du COPIL de décembre "
                  "2023 (fictif).",
            "T2": "Feuilles d'émargement des étapes 7 et 8 ; récits de changement ; compte rendu "
                  "du COPIL d'octobre 2024 (fictif)."}


def write_pathway(raw_dir: Path) -> Path:
    book = Workbook()
    _sheet(book, "Changements", ["Id", "Niveau", "Libellé", "Groupe d'acteurs", "Registre"],
           [list(c) for c in CHANGES])
    _sheet(book, "Liens", ["De", "Vers"], [list(link) for link in LINKS])
    _sheet(book, "Marqueurs", ["Id", "Groupe d'acteurs", "Palier", "Libellé", "Changement"],
           [list(m[:5]) for m in MARKERS])
    ratings = [[m[0], period, RATING_FR[m[5 + k]], EVIDENCE[period]]
               for k, period in enumerate(("T1", "T2")) for m in MARKERS]
    _sheet(book, "Notations", ["Marqueur", "Période", "Niveau", "Éléments de preuve"], ratings)
    return save_workbook(book, raw_dir / "chemin-changement.xlsx",
                         "Chemin de changement et marqueurs de progrès (fictif)")


def write_workshop_files(raw_dir: Path, people: pd.DataFrame, seed: int) -> list[Path]:
    """Write the relational survey, verbatim and pathway files of the demo; return their paths."""
    raw_dir = Path(raw_dir)
    raw_dir.mkdir(parents=True, exist_ok=True)
    framework = load_framework(DEFAULT_FRAMEWORK)
    people = people.reset_index(drop=True)
    paths = write_relations(raw_dir, people, framework, seed)
    paths.append(write_photolangage(raw_dir, people, framework, seed))
    paths.append(write_world_cafe(raw_dir, people, framework, seed))
    paths.append(write_stories(raw_dir, people, framework, seed))
    paths.append(write_pathway(raw_dir))
    return paths
