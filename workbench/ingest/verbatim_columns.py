"""The columns of workshop verbatim sheets: each role's accepted header labels, and which kind of
sheet a header row makes (photolangage, world café, Most Significant Change, workshop notes typed
from post-its and flip charts)."""

from __future__ import annotations

from workbench.normalise import normalise_label

ALIASES = {  # column role → accepted header labels (normalised when compared)
    "event": ["evenement", "atelier", "seance", "event"],
    "step": ["etape", "step"],
    "date": ["date", "date de l'atelier", "date de la seance"],
    "qpv": ["quartier", "qpv", "quartier (qpv)", "quartier prioritaire"],
    "group": ["groupe", "categorie", "college", "groupe d'acteurs", "profil"],
    "subgroup": ["sous-groupe", "petit groupe", "groupe de travail"],
    "quotable": ["citable", "accord pour citation", "peut etre cite", "quotable"],
    "wave": ["vague", "wave"],
    "prompt": ["question", "consigne"],
    "photo": ["photo", "photo choisie", "n° photo", "numero de photo"],
    "variant": ["aujourd'hui / souhaite", "aujourd'hui/souhaite", "aujourd'hui ou souhaite",
                "variante", "moment"],
    "said": ["ce qui a ete dit", "verbatim", "propos", "paroles"],
    "round": ["tour", "round"],
    "table": ["table", "n° de table"],
    "note": ["note", "notes", "idee", "idees", "post-it", "post-its", "postit", "texte",
             "contenu", "contribution", "proposition", "expression", "ce qui a ete ecrit",
             "mot", "mots", "texte du post-it", "note du paperboard"],
    "cluster": ["regroupement", "theme", "thematique", "cluster", "grappe", "domaine",
                "domaine de changement"],
    "votes": ["votes", "nombre de votes", "gommettes"],
    "title": ["titre", "titre de l'histoire"],
    "what": ["ce qui s'est passe", "histoire", "recit"],
    "why": ["pourquoi c'est important", "pourquoi est-ce important"],
    "selection": ["pourquoi retenue", "pourquoi cette histoire a ete retenue", "raison du choix"],
    "author": ["participant", "participante", "conteur", "conteuse", "auteur", "autrice",
               "personne", "nom et prenom", "prenom et nom", "prenom nom", "nom prenom", "temoin"],
    "first": ["prenom", "first name"],
    "last": ["nom", "last name", "nom de famille"],
}
LABELS = {role: {normalise_label(a) for a in aliases} for role, aliases in ALIASES.items()}
# columns a typed-up post-it sheet may hold besides the roles above
NOTE_EXTRA = {"couleur", "couleur du post-it", "support", "n°", "no", "numero", "id", "rang",
               "commentaire", "commentaires"}
KNOWN = set().union(*LABELS.values()) | {normalise_label(x) for x in NOTE_EXTRA}

def kind_of(labels: set[str]) -> str | None:
    """The verbatim kind of a header row (its normalised labels), ``None`` for another table."""
    if labels & LABELS["title"] and labels & LABELS["what"]:
        return "msc"
    if labels & LABELS["round"] and labels & LABELS["table"] and labels & LABELS["note"]:
        return "world_cafe"
    said_with = LABELS["photo"] | LABELS["variant"] | LABELS["prompt"]
    if labels & LABELS["said"] and labels & said_with:
        return "photolangage"
    if labels & (LABELS["note"] | LABELS["said"]) and labels <= KNOWN:
        return "workshop_note"
    return None
