"""The demo territory's fictional people (names never reach the store) and its seeded random
streams."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.privacy.pseudonyms import normalise_person_key

DEFAULT_SEED = 2023
PEOPLE_COLUMNS = ["first_name", "last_name", "group_id", "organisation_id", "qpv"]

# --- fictional names (diverse, accents, hyphens, particles) --------------------------------------
FIRST_NAMES_F = [
    "Hélène", "Amélie", "Léa", "Chloé", "Inès", "Aïcha", "Fatoumata", "Nadia", "Sophie", "Camille",
    "Manon", "Élodie", "Zoé", "Maëlle", "Noémie", "Yasmina", "Khadija", "Awa", "Mireille",
    "Françoise", "Bérénice", "Océane", "Linh", "Mei", "Sylvie", "Josiane", "Anaïs", "Clémence",
    "Soazig", "Gwenaëlle", "Rose-Marie", "Marie-Claire", "Anne-Sophie", "Laetitia", "Farida",
    "Samira", "Salomé", "Mathilde", "Agnès", "Ophélie", "Nathalie", "Leïla", "Djamila", "Mariam",
    "Nour", "Jade", "Lina", "Rokia", "Ségolène", "Maïwenn", "Véronique", "Éloïse", "Thérèse",
    "Aminata", "Joëlle", "Lucie", "Hafsa", "Céline", "Margaux", "Sarah", "Ana", "Ilona",
]
FIRST_NAMES_M = [
    "Jean-Pierre", "Jean-Baptiste", "Karim", "Mamadou", "Moussa", "Théo", "Lucas", "Hugo", "Mathéo",
    "Nicolas", "Étienne", "Jérôme", "Cédric", "François", "Loïc", "Yannick", "Gaël", "Erwan",
    "Mehdi", "Rachid", "Youssef", "Ibrahima", "Sékou", "Olivier", "Thierry", "Didier", "Rémi",
    "Benoît", "Sébastien", "Aurélien", "Quang", "Minh", "Tiago", "Paulo", "Hamza", "Bilal",
    "Adama", "Noé", "Raphaël", "Joël", "Hervé", "Frédéric", "Pierre-Yves", "Marc-Antoine", "Kévin",
    "Anthony", "Grégoire", "Timothée", "Ahmed", "Samuel", "Abdoulaye", "Florian", "Dylan", "Jonas",
    "Hocine", "Bastien", "Alain", "Luc", "Omar", "Éric", "Nathan", "Vincent",
]
LAST_NAMES = [
    "Le Gall", "N'Diaye", "Martin-Lefèvre", "Dubois", "Lefèvre", "Girard", "Mercier", "Bénard",
    "Fournier", "Chevallier", "Ménard", "Rousseau", "Lemoine", "Faure", "Boyer", "Gauthier",
    "Garnier", "Le Goff", "Le Bihan", "Kerbrat", "Quéméner", "Diallo", "Traoré", "Keïta", "Koné",
    "Camara", "Coulibaly", "Sissoko", "Ben Ahmed", "Benali", "Belkacem", "Haddad", "Bouzid",
    "Amrani", "El Idrissi", "Mansouri", "Nguyen", "Tran", "Pham", "Lê", "Da Silva", "Pereira",
    "Ferreira", "Rodrigues", "Dos Santos", "Fernandes", "Moreira", "García", "López", "Martínez",
    "Kowalski", "Nowak", "Öztürk", "Yilmaz", "Demir", "Arslan", "de Kervéguen", "Le Roux",
    "D'Almeida", "De Oliveira", "Saint-Amand", "Van der Berg", "Le Meur", "Lévêque", "Prévost",
    "Hoarau", "Payet", "Grondin", "Pierre-Louis", "Okafor", "Mensah", "Kouassi", "Touré", "Bah",
    "Sow", "Fofana", "Cissé", "Zerrouki", "Cohen", "Azoulay", "Weber", "Müller", "Schmitt",
    "Kieffer", "Bianchi", "Rossi", "Marchetti", "Giraud-Ollivier", "Morel", "Roux", "Blanc",
    "Guérin", "Perrin", "Robin", "Clément", "Jolivet", "Caron", "Brunet", "Leclerc", "Barbier",
    "Fabre", "Aubert", "Hamon", "Pasquier", "Vasseur", "Lacroix", "Masson", "Colin", "Vidal",
    "Maréchal", "Ngo", "Huynh", "Doucouré", "Kanté", "Bouchard", "Lemaître", "Ribeiro", "Château",
]
FEMININE_FIRST_NAMES = frozenset(FIRST_NAMES_F)

# --- who is who: (organisation id or free text, count, QPV per person or None) -------------------
_Q = ("tilleuls", "bel-air", "la-source", "moulin")
_ROSTER_PLAN: dict[str, list[tuple[str, list[str | None]]]] = {
    "elus": [("ville-cabinet", [*[None] * 16, "tilleuls", "tilleuls", "bel-air", "bel-air",
                                "la-source", "la-source", "moulin", "moulin"])],
    "services": [(org, [None] * 6) for org in ("ville-education", "ville-sports", "ville-culture",
                                                "ccas", "agglo-emploi", "agglo-habitat")],
    "acteurs": [
        ("centre-social", ["tilleuls"] * 10),
        ("prevention", ["tilleuls"] * 2 + ["bel-air"] * 3 + ["la-source"] * 2 + ["moulin"]),
        ("mission-locale", ["tilleuls"] * 2 + ["bel-air"] * 3 + ["la-source"] * 2 + ["moulin"]),
        ("regie", ["tilleuls"] * 3 + ["bel-air"] * 3 + ["la-source", "moulin"]),
        ("École élémentaire Jules-Ferry", ["bel-air"] * 4),
        ("Collège Louise-Michel", ["tilleuls"] * 2 + ["la-source"] * 2),
        ("Association Femmes Relais du Val", ["tilleuls", "tilleuls", "bel-air", "moulin"]),
        ("Amicale des locataires de Bel-Air", ["bel-air"] * 3),
        ("Club sportif du Moulin", ["moulin"] * 3),
        ("Maison de santé de La Source", ["la-source"] * 3),
        ("Épicerie solidaire des Tilleuls", ["tilleuls", "bel-air", "la-source"]),
        ("Compagnie théâtrale La Fabrique", ["moulin"] * 2),
    ],
    "partenaires": [
        ("education-nationale", [None] * 3), ("france-travail", [None] * 2),
        ("prefecture", [None] * 2), ("caf", [None] * 2), ("departement", [None] * 3),
        ("bailleur", [None] * 2),
    ],
    "equipe": [("agglo-pv", [None] * 9)],
    "habitants": [
        (None, ["tilleuls"] * 80 + ["bel-air"] * 70 + ["la-source"] * 28 + ["moulin"] * 22)],
}


def child_rng(seed: int, stream: int) -> np.random.Generator:
    """An independent random stream per part of the demo, so that parts do not shift each other."""
    return np.random.default_rng([seed, stream])


def demo_people(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Val-de-Brume's fictional people: ``first_name, last_name, group_id, organisation_id, qpv``.

    24 élus, 36 services, 60 acteurs de terrain, 14 partenaires, 9 équipe projet and 200 habitants
    (80 Les Tilleuls, 70 Bel-Air, 28 La Source, 22 Le Moulin). ``organisation_id`` is a roster id of
    the framework or a free-text structure (schools, small associations); empty for residents.
    """
    rng = child_rng(seed, 1)
    rows: list[tuple[str, str, str, str | None, str | None]] = []
    used: set[str] = set()
    for group, plan in _ROSTER_PLAN.items():
        for organisation, qpvs in plan:
            for qpv in qpvs:
                while True:
                    pool = FIRST_NAMES_F if rng.random() < 0.52 else FIRST_NAMES_M
                    first = pool[int(rng.integers(len(pool)))]
                    last = LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]
                    key = normalise_person_key(first, last)
                    if key not in used:
                        used.add(key)
                        break
                rows.append((first, last, group, organisation, qpv))
    frame = pd.DataFrame(rows, columns=PEOPLE_COLUMNS)
    return frame.astype({c: "str" for c in PEOPLE_COLUMNS})
