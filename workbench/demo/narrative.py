"""The demo's short fictional narrative: the evaluator's Markdown texts of the reports."""

from __future__ import annotations

from pathlib import Path

from workbench.config import Paths
from workbench.report.narrative import narrative_folder

DEMO_NOTICE = "*Texte fictif, écrit pour la démonstration de l'atelier.*"
DEMO_TEXTS: dict[str, str] = {
    "barometre": (
        "Entre la première et la dernière vague, la plupart des enseignements progressent, "
        "mais pas au même rythme. Le comité de pilotage est invité à lire chaque ligne avec "
        "son effectif : un écart de quelques points sur moins de trente réponses n'est pas un "
        "changement.\n\nVoir aussi la [note de méthode](#methode)."),
    "L1": (
        "Les élus rencontrés disent s'impliquer davantage dans les instances du contrat de "
        "ville ; les habitants le perçoivent moins.\n\n"
        "Un participant a saisi dans le questionnaire : <script>alert(1)</script> "
        "<img src=x onerror=alert(1)> — ce texte reste inerte : il s'affiche tel quel."),
    "L2": (
        "Les services de droit commun sont plus présents aux ateliers, surtout à partir de "
        "l'étape 5. Le [référentiel de l'Agence](https://exemple.invalid/referentiel) n'est "
        "cité ici qu'en texte."),
    "L4": (
        "## Du « je » au « nous »\n\nLe vocabulaire collectif gagne du terrain dans les "
        "paroles recueillies ; les liens entre structures se densifient (voir la partie "
        "[coopération](#cooperation))."),
    "participation": (
        "La participation est forte au lancement, plus fragile au milieu de la démarche. "
        "Les habitants qui reviennent d'une étape à l'autre sont ceux qu'on est allé "
        "chercher."),
    "cooperation": (
        "Le réseau se resserre : des liens nouveaux apparaissent entre associations et "
        "services, et les niveaux de coordination montent."),
    "voix": (
        "Les verbatims cités ici ont été choisis parmi ceux que leurs auteurs ont accepté de "
        "voir publiés. Les noms ont été remplacés par « [personne] »."),
    "chemins": (
        "Les changements intermédiaires portés par les acteurs de terrain avancent plus vite "
        "que ceux qui dépendent des institutions."),
    "conclusion": (
        "À ce stade, la démarche a surtout changé la façon de travailler ensemble ; "
        "l'effet sur la vie des habitants reste à documenter à la prochaine vague.\n\n"
        "- consolider la participation des habitants entre les étapes ;\n"
        "- associer les services de droit commun dès le diagnostic."),
}
DEMO_QPV_TEXTS: dict[tuple[str, str], str] = {
    ("tilleuls", "L1"): (
        "Aux Tilleuls, les élus de quartier ont animé eux-mêmes deux ateliers : c'est le "
        "signe le plus net d'implication du territoire."),
}


def write_demo_narrative(paths: Paths | None = None, *, overwrite: bool = False) -> list[Path]:
    """Write the demo's short fictional narrative under ``data/narrative/`` (each file marked
    « texte fictif », one paragraph carrying ``<script>`` to show it stays inert). Existing
    files are kept unless ``overwrite``. Returns the files written."""
    folder = narrative_folder(paths)
    written = []
    entries = [(folder / f"{s}.md", text) for s, text in DEMO_TEXTS.items()]
    entries += [(folder / q / f"{s}.md", text) for (q, s), text in DEMO_QPV_TEXTS.items()]
    for file, text in entries:
        if file.exists() and not overwrite:
            continue
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"{DEMO_NOTICE}\n\n{text}\n", encoding="utf-8")
        written.append(file)
    return written
