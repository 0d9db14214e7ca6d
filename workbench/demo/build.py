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

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.config import DEFAULT_FRAMEWORK, Paths
from workbench.demo.coding import code_demo_verbatims
from workbench.demo.narrative import write_demo_narrative
from workbench.demo.people import DEFAULT_SEED, demo_people
from workbench.demo.questionnaires import write_barometer_files, write_resident_files
from workbench.demo.signin import write_signin_sheets
from workbench.demo.workshops import write_workshop_files
from workbench.framework import install_framework, load_framework
from workbench.ingest.context import ImportReport
from workbench.ingest.dispatch import import_folder
from workbench.store import Store

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


def generate_demo(raw_dir: Path, *, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write every raw export of the demo territory into ``raw_dir``; return the paths written.

    Byte-for-byte deterministic for a given ``seed``.
    """
    raw_dir = Path(raw_dir)
    raw_dir.mkdir(parents=True, exist_ok=True)
    framework = load_framework(DEFAULT_FRAMEWORK)
    people = demo_people(seed)
    paths = [_write_readme(raw_dir, seed)]
    paths += write_barometer_files(raw_dir, people, framework, seed)
    paths += write_resident_files(raw_dir, people, framework, seed)
    paths += write_signin_sheets(raw_dir, people, framework, seed)
    paths += write_workshop_files(raw_dir, people, seed)
    return paths


def reset_store(paths: Paths | None = None) -> list[str]:
    """Delete the store (the SQLite file and its ``-wal``/``-shm`` files, or every table of a
    PostgreSQL store); return what was removed.

    Used by ``workbench demo --fresh``: the pseudonymisation key and the raw files are kept.
    """
    paths = paths or Paths.default()
    return Store(paths.store).destroy()


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
    from workbench.publication import publication_for

    publication_for(store, framework)  # built once, kept beside the store for every reader
    return reports
