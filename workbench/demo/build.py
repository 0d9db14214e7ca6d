"""The demo territory "Val-de-Brume": fictional people and their raw exports, seeded.

>>> people = demo_people()                      # 343 fictional people (names never reach the store)
>>> files = generate_demo(Path("data/demo/raw"))  # LimeSurvey, Kobo, sign-in sheets, mappings
>>> reports = run_demo()                        # generate, then import through workbench.ingest

Every file is byte-for-byte identical for a given seed: no wall-clock time anywhere. The story the
numbers tell (cooperation rising, élus more engaged, hope rising in Les Tilleuls but not in Le
Moulin) lives in :mod:`workbench.demo.questionnaires`; the sign-in sheets in
:mod:`workbench.demo.signin`.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from workbench.config import Paths

if TYPE_CHECKING:
    from workbench.ingest.base import ImportReport
    from workbench.store import Store

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


def _name_key(first: str, last: str) -> str:
    from workbench.privacy.pseudonyms import normalise_person_key

    return normalise_person_key(first, last)


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
                    key = _name_key(first, last)
                    if key not in used:
                        used.add(key)
                        break
                rows.append((first, last, group, organisation, qpv))
    frame = pd.DataFrame(rows, columns=PEOPLE_COLUMNS)
    return frame.astype({c: "str" for c in PEOPLE_COLUMNS})


README_TEXT = """\
DONNÉES FICTIVES : territoire de démonstration « Val-de-Brume »
================================================================

Tous les fichiers de ce dossier sont fictifs. Les personnes, les noms, les
structures, les quartiers et les réponses ont été inventés par le programme
de démonstration du workbench (workbench demo, graine {seed}). Toute
ressemblance avec des personnes réelles serait une coïncidence.

Ces fichiers imitent des exports réels, avec leurs particularités :
- barometre_T0.csv, barometre_T1.csv, barometre_T2.csv : questionnaire
  « baromètre » (élus et professionnels), export CSV de LimeSurvey
  (UTF-8 avec BOM, séparateur « ; », réponses en texte complet) ;
  correspondances dans barometre.mapping.yml ;
- habitants_T0.csv, habitants_T1.csv, habitants_T2.csv : questionnaire
  habitants, export CSV de KoboToolbox (valeurs XML) ; correspondances dans
  habitants.mapping.yml ;
- emargement_S<étape>_<date>.xlsx : feuilles d'émargement des neuf étapes
  de la démarche (une par séance) ;
- autres fichiers éventuels : enquête relationnelle, verbatims d'ateliers et
  chemin de changement.

Ne modifiez pas ces fichiers : relancez « workbench demo --fresh » pour les
régénérer (les fichiers sont identiques d'une fois sur l'autre pour une même
graine).

English: every file in this folder is fictional demonstration data.
"""


def _write_readme(raw_dir: Path, seed: int) -> Path:
    path = raw_dir / "LISEZMOI.md"
    path.write_bytes(README_TEXT.format(seed=seed).encode("utf-8"))
    return path


def _workshop_writer() -> Callable[..., list[Path]] | None:
    """``workbench.demo.workshops.write_workshop_files`` when that module exists, else None."""
    if importlib.util.find_spec("workbench.demo.workshops") is None:
        return None
    module = importlib.import_module("workbench.demo.workshops")
    return getattr(module, "write_workshop_files", None)


def generate_demo(raw_dir: Path, *, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write every raw export of the demo territory into ``raw_dir``; return the paths written.

    Byte-for-byte deterministic for a given ``seed``.
    """
    from workbench.config import DEFAULT_FRAMEWORK
    from workbench.demo.questionnaires import write_barometer_files, write_resident_files
    from workbench.demo.signin import write_signin_sheets
    from workbench.framework import load_framework

    raw_dir = Path(raw_dir)
    raw_dir.mkdir(parents=True, exist_ok=True)
    framework = load_framework(DEFAULT_FRAMEWORK)
    people = demo_people(seed)
    paths = [_write_readme(raw_dir, seed)]
    paths += write_barometer_files(raw_dir, people, framework, seed)
    paths += write_resident_files(raw_dir, people, framework, seed)
    paths += write_signin_sheets(raw_dir, people, framework, seed)
    writer = _workshop_writer()
    if writer is not None:
        paths += list(writer(raw_dir, people, seed))
    return paths


def reset_store(paths: Paths | None = None) -> list[Path]:
    """Delete the SQLite store (and its ``-wal``/``-shm`` files); return what was removed.

    Used by ``workbench demo --fresh``: the pseudonymisation key and the raw files are kept.
    """
    paths = paths or Paths.default()
    removed = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = paths.store.with_name(paths.store.name + suffix)
        if candidate.exists():
            candidate.unlink()
            removed.append(candidate)
    return removed


def run_demo(
    paths: Paths | None = None,
    *,
    seed: int = DEFAULT_SEED,
    store: Store | None = None,
    progress: Callable[..., Any] | None = None,
) -> list[ImportReport]:
    """Install the framework copy if missing, (re)generate ``paths.demo_raw``, import it.

    The import goes through :func:`workbench.ingest.import_folder` like any user's files; a second
    run with the same seed is a no-op (every report ``already_imported``).
    """
    from workbench.framework import install_framework, load_framework
    from workbench.ingest.coding import code_demo_verbatims
    from workbench.ingest.dispatch import import_folder
    from workbench.report.narrative import write_demo_narrative
    from workbench.store import Store

    paths = paths or Paths.default()
    framework_path = install_framework(paths)
    framework = load_framework(framework_path)
    raw_dir = paths.demo_raw
    if raw_dir.exists():
        shutil.rmtree(raw_dir)  # a generated folder: stale files must not be imported
    generate_demo(raw_dir, seed=seed)
    store = store if store is not None else Store(paths.store)
    reports = list(import_folder(raw_dir, store=store, framework=framework, progress=progress))
    # Coding is what evaluators do in the coding app, not an import: the demo simulates two
    # coders through the same store functions the app uses, once.
    if store.counts()["codings"] == 0:
        code_demo_verbatims(store, framework, seed=seed)
    write_demo_narrative(paths)  # the evaluator's text of the reports (fictional; kept if edited)
    return reports
