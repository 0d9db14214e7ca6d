"""Every string a user reads, in French (default) and English.

``t("dashboard.title")`` returns the text in the current language (``WORKBENCH_LANG`` or
``set_language``); ``name_of(obj)`` picks ``label_fr``/``label_en`` (or ``title_*``) of a framework
entry. Keys are grouped by area; add new keys to the area's block only.
"""

from __future__ import annotations

from typing import Any

from .config import language as _env_language

_current: str | None = None

TEXTS: dict[str, tuple[str, str]] = {
    # --- common ---------------------------------------------------------------------------------
    "common.all": ("Ensemble", "All"),
    "common.all_waves": ("Toutes les vagues", "All waves"),
    "common.all_qpv": ("Tous les quartiers", "All neighbourhoods"),
    "common.all_groups": ("Tous les groupes", "All groups"),
    "common.wave": ("Vague", "Wave"),
    "common.qpv": ("Quartier (QPV)", "Neighbourhood (QPV)"),
    "common.group": ("Groupe d'acteurs", "Stakeholder group"),
    "common.lesson": ("Enseignement", "Lesson"),
    "common.indicator": ("Indicateur", "Indicator"),
    "common.step": ("Étape", "Step"),
    "common.value": ("Valeur", "Value"),
    "common.n": ("Effectif (n)", "Count (n)"),
    "common.interval": ("Intervalle à 95 %", "95% interval"),
    "common.masked": ("effectif trop faible", "group too small"),
    "common.masked_note": (
        "Les résultats portant sur moins de {k} personnes sont masqués (« effectif trop faible »).",
        "Results resting on fewer than {k} people are hidden (\"group too small\").",
    ),
    "common.fictional": (
        "Territoire fictif : données de démonstration.",
        "Fictional territory: demonstration data.",
    ),
    "common.no_data": ("Aucune donnée pour cette sélection.", "No data for this selection."),
    "common.nsp": ("Ne se prononce pas", "Don't know"),
    "common.mode_cross_section": ("coupes transversales répétées", "repeated cross-sections"),
    "common.mode_panel": ("panel (mêmes personnes)", "panel (same people)"),
    "common.evidence.perception": ("Perceptions (questionnaires)", "Perception (questionnaires)"),
    "common.evidence.behaviour": ("Comportements (présences)", "Behaviour (attendance)"),
    "common.evidence.relations": ("Relations (réseau)", "Relations (network)"),
    "common.evidence.voices": ("Paroles (verbatims)", "Voices (verbatims)"),
    "common.evidence.change": ("Changements (marqueurs)", "Change (progress markers)"),
    # --- import ---------------------------------------------------------------------------------
    "import.title": ("Importer des données", "Import data"),
    # --- indicators -----------------------------------------------------------------------------
    "indicator.share": ("Part d'accord", "Agreement share"),
    "indicator.mean": ("Score moyen (1 à 5)", "Mean score (1 to 5)"),
    # --- charts ---------------------------------------------------------------------------------
    "chart.participants": ("Participants", "Participants"),
    # --- dashboard ------------------------------------------------------------------------------
    "dashboard.title": (
        "Évaluation du contrat de ville : tableau de bord du comité de pilotage",
        "Urban contract evaluation: steering committee dashboard",
    ),
    # --- report ---------------------------------------------------------------------------------
    "report.title": ("Rapport d'évaluation", "Evaluation report"),
    # --- cli ------------------------------------------------------------------------------------
    "cli.done": ("Terminé.", "Done."),
}


def set_language(lang: str | None) -> None:
    """Force the UI language (``"fr"`` or ``"en"``); ``None`` returns to ``WORKBENCH_LANG``."""
    global _current
    if lang is not None and lang not in ("fr", "en"):
        raise ValueError(f"language must be 'fr' or 'en', got {lang!r}")
    _current = lang


def current_language() -> str:
    return _current or _env_language()


def t(key: str, **fmt: Any) -> str:
    """The text for ``key`` in the current language, formatted with ``fmt``."""
    try:
        fr, en = TEXTS[key]
    except KeyError:
        raise KeyError(f"unknown label key {key!r}") from None
    text = en if current_language() == "en" else fr
    return text.format(**fmt) if fmt else text


def name_of(entry: Any) -> str:
    """The display name of a framework entry (``label_*``, ``title_*`` or ``name_*``/``name``)."""
    lang = current_language()
    for stem in ("label", "title", "name"):
        value = getattr(entry, f"{stem}_{lang}", None)
        if value:
            return value
    return getattr(entry, "name", None) or getattr(entry, "id", str(entry))
