"""Every string a user reads, in French (default) and English.

``t("dashboard.title")`` returns the text in the current language (``WORKBENCH_LANG`` or
``set_language``); ``name_of(obj)`` picks ``label_fr``/``label_en`` (or ``title_*``) of a framework
entry. Keys are grouped by area; add new keys to the area's block only.
"""

from __future__ import annotations

import os
from typing import Any

from workbench.config import language as _env_language

_current: str | None = None
_framework_default: str | None = None  # the framework's `language`, weakest setting

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
    "import.at_file": ("Fichier `{file}`", "File `{file}`"),
    "import.at_row": (", ligne {row}", ", line {row}"),
    "import.at_column": (", colonne `{column}`", ", column `{column}`"),
    "import.at_key": (", clé `{column}`", ", key `{column}`"),
    "import.problem.file_not_found": ("fichier introuvable ({found})", "file not found ({found})"),
    "import.problem.file_empty": (
        "le fichier est vide (aucune ligne de données)", "the file is empty (no data rows)"),
    "import.problem.no_data_rows": (
        "aucune réponse sous la ligne d'en-tête", "no response below the header row"),
    "import.problem.file_unreadable": (
        "classeur illisible ou endommagé ({found})", "unreadable or damaged workbook ({found})"),
    "import.problem.format_unsupported": (
        "format non pris en charge (attendu {expected}, trouvé {found})",
        "unsupported format (expected {expected}, found {found})"),
    "import.problem.format_unknown": (
        "format « {found} » inconnu (attendu l'un de : {expected})",
        "unknown format \"{found}\" (expected one of: {expected})"),
    "import.problem.file_truncated": (
        "le fichier s'arrête au milieu d'une ligne ({found}) : export incomplet ou coupé, "
        "téléchargez-le à nouveau",
        "the file stops in the middle of a row ({found}): incomplete or cut export, "
        "download it again"),
    "import.problem.encoding_invalid": (
        "le texte ne se lit pas dans l'encodage {found} (attendu {expected})",
        "the text cannot be read as {found} (expected {expected})"),
    "import.problem.binary_content": (
        "contenu binaire dans un fichier texte (attendu {expected})",
        "binary content in a text file (expected {expected})"),
    "import.truncated_quote": ("guillemet jamais refermé", "quote never closed"),
    "import.truncated_row": (
        "{found} cellules sur {expected}, sans fin de ligne",
        "{found} of {expected} cells, no line end"),
    "import.problem.duplicate_column": (
        "nom de colonne en double « {found} »", "duplicate column name \"{found}\""),
    "import.problem.row_too_many_fields": (
        "{found} cellules alors que l'en-tête en compte {expected} "
        "(séparateur ou guillemet mal placé ?)",
        "{found} cells where the header has {expected} (misplaced separator or quote?)"),
    "import.problem.kind_unknown": (
        "type de données non reconnu (attendu {expected}) : créez une correspondance avec "
        "« workbench map » ou précisez --kind",
        "unrecognised kind of data (expected {expected}): write a mapping with "
        "\"workbench map\" or give --kind"),
    "import.problem.importer_missing": (
        "aucun importeur pour le type « {found} » (disponibles : {expected})",
        "no importer for kind \"{found}\" (available: {expected})"),
    "import.problem.mapping_not_found": (
        "aucun fichier de correspondance (cherché : {expected}) ; proposez-en un avec "
        "« workbench map {file_name} »",
        "no mapping file (looked for: {expected}); draft one with \"workbench map {file_name}\""),
    "import.problem.mapping_yaml_syntax": ("YAML illisible ({found})", "unreadable YAML ({found})"),
    "import.problem.mapping_invalid": (
        "{expected} (trouvé : {found})", "{expected} (found: {found})"),
    "import.problem.mapping_unknown_column": (
        "la colonne « {found} » n'existe pas dans `{data_file}`",
        "column \"{found}\" does not exist in `{data_file}`"),
    "import.problem.mapping_unknown_item": (
        "item « {found} » inconnu du cadre d'évaluation (attendu l'un de : {expected})",
        "item \"{found}\" unknown to the framework (expected one of: {expected})"),
    "import.problem.mapping_item_not_in_instrument": (
        "l'item « {found} » n'appartient pas au questionnaire « {expected} » dans le cadre",
        "item \"{found}\" does not belong to questionnaire \"{expected}\" in the framework"),
    "import.problem.mapping_item_twice": (
        "l'item « {found} » est associé à deux colonnes", "item \"{found}\" is mapped twice"),
    "import.problem.mapping_unknown_instrument": (
        "questionnaire « {found} » inconnu du cadre (attendu l'un de : {expected})",
        "instrument \"{found}\" unknown to the framework (expected one of: {expected})"),
    "import.problem.mapping_unknown_group": (
        "groupe « {found} » inconnu du cadre (attendu l'un de : {expected})",
        "group \"{found}\" unknown to the framework (expected one of: {expected})"),
    "import.problem.mapping_unknown_qpv": (
        "quartier « {found} » inconnu du cadre (attendu l'un de : {expected})",
        "neighbourhood \"{found}\" unknown to the framework (expected one of: {expected})"),
    "import.problem.mapping_unknown_organisation": (
        "organisation « {found} » inconnue du cadre (attendu l'une de : {expected})",
        "organisation \"{found}\" unknown to the framework (expected one of: {expected})"),
    "import.problem.mapping_unknown_scale": (
        "échelle « {found} » inconnue du cadre (attendu l'une de : {expected})",
        "scale \"{found}\" unknown to the framework (expected one of: {expected})"),
    "import.problem.wave_missing": (
        "vague inconnue : précisez --wave, « wave: » dans la correspondance, ou nommez le "
        "fichier avec _T1, _T2…",
        "unknown wave: give --wave, \"wave:\" in the mapping, or name the file with _T1, _T2…"),
    "import.problem.wave_unknown": (
        "vague « {found} » absente du cadre d'évaluation (attendu l'une de : {expected})",
        "wave \"{found}\" is not in the framework (expected one of: {expected})"),
    "import.problem.value_out_of_scale": (
        "valeur « {found} » hors échelle (attendu {expected})",
        "value \"{found}\" out of scale (expected {expected})"),
    "import.problem.answer_unknown": (
        "réponse « {found} » non reconnue (attendu {expected})",
        "answer \"{found}\" not recognised (expected {expected})"),
    "import.problem.group_unknown": (
        "groupe « {found} » non reconnu (attendu l'un de : {expected})",
        "group \"{found}\" not recognised (expected one of: {expected})"),
    "import.problem.group_several": (
        "plusieurs groupes cochés « {found} » (attendu un seul de : {expected})",
        "several groups ticked \"{found}\" (expected one of: {expected})"),
    "import.problem.qpv_unknown": (
        "quartier « {found} » non reconnu (attendu l'un de : {expected})",
        "neighbourhood \"{found}\" not recognised (expected one of: {expected})"),
    "import.problem.duplicate_respondent": (
        "cette personne a déjà répondu ligne {other} pour la vague {wave}",
        "this person already answered on line {other} for wave {wave}"),
    "import.problem.respondent_already_in_store": (
        "cette personne a déjà une réponse en vague {wave} dans la base (fichier {other})",
        "this person already has a wave {wave} response in the store (file {other})"),
    "import.problem.person_missing": (
        "ni nom ni prénom : impossible de relier la personne",
        "neither first nor last name: the person cannot be identified"),
    "import.problem.column_missing": (
        "colonne « {found} » absente (colonnes attendues : {expected})",
        "column \"{found}\" missing (expected columns: {expected})"),
    "import.problem.event_field_missing": (
        "« {found} » manquant (attendu {expected})", "\"{found}\" missing (expected {expected})"),
    "import.problem.step_unknown": (
        "étape « {found} » inconnue (attendu l'une de : {expected})",
        "step \"{found}\" unknown (expected one of: {expected})"),
    "import.problem.date_invalid": (
        "date « {found} » illisible (attendu {expected})",
        "unreadable date \"{found}\" (expected {expected})"),
    "import.problem.category_unknown": (
        "catégorie « {found} » non reconnue (attendu l'une de : {expected})",
        "category \"{found}\" not recognised (expected one of: {expected})"),
    "import.problem.present_invalid": (
        "« {found} » dans la colonne de présence (attendu {expected})",
        "\"{found}\" in the attendance column (expected {expected})"),
    "import.problem.role_unknown": (
        "rôle « {found} » non reconnu (attendu {expected})",
        "role \"{found}\" not recognised (expected {expected})"),
    "import.problem.duplicate_attendee": (
        "cette personne figure déjà ligne {other} pour l'événement {event}",
        "this person is already listed on line {other} for event {event}"),
    "import.problem.event_already_imported": (
        "l'événement « {found} » a déjà été importé depuis un autre fichier ({other})",
        "event \"{found}\" was already imported from another file ({other})"),
    "import.expected_scale": ("{low} à {high} ou « {nsp} »", "{low} to {high} or \"{nsp}\""),
    "import.expected_present": ("X, oui, 1 ou vide", "X, yes, 1 or empty"),
    "import.expected_role": (
        "Animation, Co-animation, Participant ou vide",
        "Animation, Co-animation, Participant or empty"),
    "import.expected_date": (
        "une date Excel, JJ/MM/AAAA ou AAAA-MM-JJ", "an Excel date, DD/MM/YYYY or YYYY-MM-DD"),
    "import.expected_mapping_dict": (
        "un dictionnaire YAML (instrument:, items:…)", "a YAML mapping (instrument:, items:…)"),
    "import.unfinished": ("réponse non terminée", "unfinished response"),
    "import.app.title": ("Importer un export", "Import an export"),
    "import.app.file": ("Fichier", "File"),
    "import.app.no_files": (
        "Aucun fichier dans {folders} : déposez-y vos exports puis rouvrez cette page.",
        "No file in {folders}: put your exports there, then reopen this page."),
    "import.app.choose": ("Choisissez un fichier.", "Choose a file."),
    "import.app.check": ("Vérifier à nouveau", "Check again"),
    "import.app.confirm": ("Importer", "Import"),
    "import.app.detected": ("Ce qui a été reconnu", "What was detected"),
    "import.app.kind": ("Type de données", "Kind of data"),
    "import.app.format": ("Format", "Format"),
    "import.app.encoding": ("Encodage", "Encoding"),
    "import.app.delimiter": ("Séparateur", "Separator"),
    "import.app.header_rows": ("Lignes d'en-tête", "Header rows"),
    "import.app.responses": ("Lignes de données", "Data rows"),
    "import.app.unfinished": ("Réponses non terminées (écartées)",
                              "Unfinished responses (left out)"),
    "import.app.wave": ("Vague", "Wave"),
    "import.app.mapping": ("Correspondance", "Mapping"),
    "import.app.no_mapping_needed": (
        "Pas de fichier de correspondance pour ce type de données.",
        "No mapping file for this kind of data."),
    "import.app.no_mapping": (
        "Aucun fichier de correspondance : voici une proposition à enregistrer sous {name} "
        "(ou « workbench map {file} -o {name} »), à vérifier puis compléter.",
        "No mapping file: here is a draft to save as {name} (or \"workbench map {file} -o "
        "{name}\"), to check and complete."),
    "import.app.unmapped": ("Colonnes non utilisées : {columns}", "Unused columns: {columns}"),
    "import.app.all_mapped": ("Toutes les colonnes sont utilisées ou ignorées volontairement.",
                              "Every column is used or deliberately ignored."),
    "import.app.problems": ("Problèmes trouvés", "Problems found"),
    "import.app.no_problem": (
        "Aucun problème : {rows} ligne(s) prête(s) à importer.",
        "No problem: {rows} row(s) ready to import."),
    "import.app.problem_count": (
        "{count} problème(s) : rien ne sera importé tant qu'ils ne sont pas corrigés.",
        "{count} problem(s): nothing will be imported until they are fixed."),
    "import.app.col.file": ("Fichier", "File"),
    "import.app.col.row": ("Ligne", "Row"),
    "import.app.col.column": ("Colonne", "Column"),
    "import.app.col.expected": ("Attendu", "Expected"),
    "import.app.col.found": ("Trouvé", "Found"),
    "import.app.col.message": ("Message", "Message"),
    "import.app.already": ("Ce fichier est déjà dans la base : rien à faire.",
                           "This file is already in the store: nothing to do."),
    "import.app.done": ("Importé : {rows} ligne(s) dans la base ({file}).",
                        "Imported: {rows} row(s) into the store ({file})."),
    "import.app.failed": ("Échec de l'import, rien n'a été écrit : {message}",
                          "Import failed, nothing was written: {message}"),
    "import.unmapped_columns": (
        "colonnes non utilisées par la correspondance : {columns}",
        "columns not used by the mapping: {columns}"),
    # --- workshops (relational survey, verbatims, change pathway) ------------------------------
    "workshops.at_sheet": (", feuille `{sheet}`", ", sheet `{sheet}`"),
    "workshops.at_section": (", section `{sheet}`", ", section `{sheet}`"),
    "workshops.expected_scale": ("un nombre de {low} à {high} ou son libellé",
                                 "a number from {low} to {high} or its label"),
    "workshops.expected_frequency": (
        "Jamais, Une à deux fois par an, Tous les trimestres, Tous les mois, "
        "Toutes les semaines ou Tous les jours",
        "Never, Yearly, Quarterly, Monthly, Weekly or Daily"),
    "workshops.expected_yes_no": ("oui ou non", "yes or no"),
    "workshops.expected_yaml_list": (
        "une liste d'éléments « clé: valeur »", "a list of \"key: value\" entries"),
    "workshops.expected_variant": ("Aujourd'hui ou Souhaité", "Today or Hoped"),
    "workshops.problem.not_relational": (
        "aucune enquête relationnelle reconnue (attendu des colonnes {expected})",
        "no relational survey recognised (expected columns {expected})"),
    "workshops.problem.not_verbatims": (
        "aucun tableau de verbatims reconnu (attendu des colonnes {expected})",
        "no verbatim table recognised (expected columns {expected})"),
    "workshops.problem.column_missing": (
        "colonne « {found} » absente (attendu : {expected})",
        "column \"{found}\" missing (expected: {expected})"),
    "workshops.problem.wave_missing": (
        "vague inconnue : précisez --wave, une colonne « Vague » ou nommez le fichier avec "
        "_T1, _T2…",
        "unknown wave: give --wave, a \"Vague\" column or name the file with _T1, _T2…"),
    "workshops.problem.wave_unknown": (
        "vague « {found} » absente du cadre d'évaluation (attendu l'une de : {expected})",
        "wave \"{found}\" is not in the framework (expected one of: {expected})"),
    "workshops.problem.organisation_missing": (
        "organisation du répondant non renseignée", "the respondent's organisation is empty"),
    "workshops.problem.organisation_unknown": (
        "organisation « {found} » absente de la liste du cadre (attendu l'une de : {expected})",
        "organisation \"{found}\" is not in the framework roster (expected one of: {expected})"),
    "workshops.problem.partner_missing": ("partenaire non renseigné", "partner is empty"),
    "workshops.problem.partner_unknown": (
        "partenaire « {found} » absent de la liste du cadre (attendu l'un de : {expected})",
        "partner \"{found}\" is not in the framework roster (expected one of: {expected})"),
    "workshops.problem.value_out_of_scale": (
        "valeur « {found} » non reconnue (attendu {expected})",
        "value \"{found}\" not recognised (expected {expected})"),
    "workshops.problem.frequency_unknown": (
        "fréquence « {found} » non reconnue (attendu : {expected})",
        "frequency \"{found}\" not recognised (expected: {expected})"),
    "workshops.problem.duplicate_tie": (
        "ce répondant a déjà noté « {found} » ligne {other}",
        "this respondent already rated \"{found}\" on line {other}"),
    "workshops.problem.empty_responses": (
        "{found} répondant(s) sans aucune notation : non comptés comme réponses",
        "{found} respondent(s) without any rating: not counted as responses"),
    "workshops.problem.self_ratings_ignored": (
        "{found} notation(s) de sa propre organisation ignorée(s)",
        "{found} rating(s) of one's own organisation ignored"),
    "workshops.problem.ties_replaced": (
        "{found} notation(s) déjà en base remplacée(s) par celles de ce fichier",
        "{found} rating(s) already in the store replaced by this file's"),
    "workshops.problem.qpv_unknown": (
        "quartier « {found} » non reconnu (attendu l'un de : {expected})",
        "neighbourhood \"{found}\" not recognised (expected one of: {expected})"),
    "workshops.problem.group_unknown": (
        "groupe « {found} » non reconnu (attendu l'un de : {expected})",
        "group \"{found}\" not recognised (expected one of: {expected})"),
    "workshops.problem.step_unknown": (
        "étape « {found} » inconnue (attendu l'une de : {expected})",
        "step \"{found}\" unknown (expected one of: {expected})"),
    "workshops.problem.date_invalid": (
        "date « {found} » illisible (attendu JJ/MM/AAAA ou AAAA-MM-JJ)",
        "unreadable date \"{found}\" (expected DD/MM/YYYY or YYYY-MM-DD)"),
    "workshops.problem.yes_no_invalid": (
        "« {found} » non reconnu (attendu {expected})",
        "\"{found}\" not recognised (expected {expected})"),
    "workshops.problem.variant_unknown": (
        "« {found} » non reconnu (attendu {expected})",
        "\"{found}\" not recognised (expected {expected})"),
    "workshops.problem.number_invalid": (
        "« {found} » n'est pas un nombre entier positif",
        "\"{found}\" is not a whole positive number"),
    "workshops.problem.text_missing": (
        "texte vide : ligne ignorée", "empty text: row skipped"),
    "workshops.problem.quotable_missing": (
        "pas de colonne « Citable » : aucun verbatim ne sera cité (accord non recueilli)",
        "no \"Citable\" column: no verbatim will be quoted (consent not recorded)"),
    "workshops.problem.verbatim_coded_changed": (
        "ce verbatim ({found}) a déjà été codé et son texte a changé : supprimez d'abord son "
        "codage ou gardez le texte d'origine",
        "this verbatim ({found}) is already coded and its text changed: remove its coding "
        "first or keep the original text"),
    "workshops.problem.sheet_missing": (
        "feuille « {found} » absente (feuilles attendues : {expected})",
        "sheet \"{found}\" missing (expected sheets: {expected})"),
    "workshops.problem.yaml_syntax": ("YAML illisible ({found})", "unreadable YAML ({found})"),
    "workshops.problem.yaml_invalid": (
        "structure inattendue (attendu {expected}, trouvé {found})",
        "unexpected structure (expected {expected}, found {found})"),
    "workshops.problem.id_missing": ("identifiant vide", "empty identifier"),
    "workshops.problem.label_missing": ("libellé vide", "empty label"),
    "workshops.problem.duplicate_id": (
        "identifiant « {found} » déjà utilisé ligne {other}",
        "identifier \"{found}\" already used on line {other}"),
    "workshops.problem.level_unknown": (
        "niveau « {found} » inconnu (attendu l'un de : {expected})",
        "level \"{found}\" unknown (expected one of: {expected})"),
    "workshops.problem.tier_unknown": (
        "palier « {found} » inconnu (attendu l'un de : {expected})",
        "tier \"{found}\" unknown (expected one of: {expected})"),
    "workshops.problem.rating_unknown": (
        "notation « {found} » inconnue (attendu l'une de : {expected})",
        "rating \"{found}\" unknown (expected one of: {expected})"),
    "workshops.problem.change_missing": (
        "changement « {found} » introuvable (attendu un identifiant de la feuille `Changements` : "
        "{expected})",
        "change \"{found}\" not found (expected an identifier of sheet `Changements`: {expected})"),
    "workshops.problem.marker_missing": (
        "marqueur « {found} » introuvable (attendu un identifiant de la feuille `Marqueurs` : "
        "{expected})",
        "marker \"{found}\" not found (expected an identifier of sheet `Marqueurs`: {expected})"),
    "workshops.problem.link_to_itself": (
        "le changement « {found} » ne peut pas contribuer à lui-même",
        "change \"{found}\" cannot contribute to itself"),
    "workshops.problem.duplicate_link": (
        "lien « {found} » déjà déclaré ligne {other}",
        "link \"{found}\" already given on line {other}"),
    "workshops.problem.cycle": (
        "les liens « contribue à » forment une boucle : {found} (un chemin de changement va "
        "des changements intermédiaires vers la vision, sans retour)",
        "the \"contributes to\" links form a cycle: {found} (a change pathway runs from "
        "intermediate changes to the vision, never back)"),
    "workshops.problem.period_missing": ("période vide", "empty period"),
    "workshops.problem.id_in_other_pathway": (
        "l'identifiant « {found} » appartient déjà au chemin « {other} » dans la base : "
        "choisissez des identifiants propres à ce chemin",
        "identifier \"{found}\" already belongs to pathway \"{other}\" in the store: "
        "use identifiers specific to this pathway"),
    "workshops.problem.duplicate_rating": (
        "le marqueur « {found} » est déjà noté pour cette période ligne {other}",
        "marker \"{found}\" is already rated for this period on line {other}"),
    "workshops.problem.period_not_wave": (
        "période « {found} » qui n'est pas une vague du cadre ({expected}) : gardée telle quelle",
        "period \"{found}\" is not a framework wave ({expected}): kept as is"),
    "workshops.problem.link_backwards": (
        "le lien « {found} » va d'un niveau supérieur vers un niveau inférieur (attendu : "
        "intermédiaire → long terme → vision)",
        "link \"{found}\" runs from a higher level to a lower one (expected: intermediate → "
        "long term → vision)"),
    "workshops.problem.changes_left_in_store": (
        "{found} changement(s) de ce chemin déjà en base ne figurent plus dans ce fichier : "
        "ils restent dans la base",
        "{found} change(s) of this pathway already in the store are no longer in this file: "
        "they stay in the store"),
    # --- indicators -----------------------------------------------------------------------------
    "indicator.share": ("Part d'accord", "Agreement share"),
    "indicator.mean": ("Score moyen (1 à 5)", "Mean score (1 to 5)"),
    "indicator.change": ("Évolution", "Change"),
    "indicator.trend": ("Tendance depuis la vague précédente", "Trend since the previous wave"),
    "indicator.target": ("Cible", "Target"),
    "indicator.n_nsp": ("Réponses « ne se prononce pas »", "\"Don't know\" answers"),
    "indicator.alpha": ("α de Cronbach", "Cronbach's α"),
    "indicator.mode.cross_section": ("coupes transversales répétées", "repeated cross-sections"),
    "indicator.mode.panel": ("panel (mêmes personnes)", "panel (same people)"),
    "indicator.mode.cumulative": ("cumulé jusqu'à la vague", "cumulative up to the wave"),
    "indicator.mode.per_step": ("par étape de la démarche", "per process step"),
    "indicator.band.strength": ("point fort (≥ 4)", "strength (≥ 4)"),
    "indicator.band.discuss": ("à discuter (3 à 3,9)", "to discuss (3 to 3.9)"),
    "indicator.band.concern": ("point de vigilance (< 3)", "concern (< 3)"),
    "indicator.method.wilson_pooled_respondents": (
        "Part des réponses (hors « ne se prononce pas ») ; intervalle de Wilson à 95 % calculé "
        "sur le nombre de répondants (prudent : les réponses d'une personne se ressemblent)",
        "Share of answers (\"don't know\" excluded); 95% Wilson interval on the number of "
        "respondents (conservative: one person's answers are alike)",
    ),
    "indicator.method.wilson_pooled_respondents_nsp_counted": (
        "Part des réponses, « ne se prononce pas » compris au dénominateur ; intervalle de "
        "Wilson à 95 % sur le nombre de répondants",
        "Share of answers, \"don't know\" in the denominator; 95% Wilson interval on the "
        "number of respondents",
    ),
    "indicator.method.t_mean_of_respondent_means": (
        "Moyenne des scores moyens des répondants ; intervalle de Student à 95 %",
        "Mean of the respondents' mean scores; 95% Student t interval",
    ),
    "indicator.method.t_mean_of_respondent_means_wilder_bands": (
        "Score du facteur = moyenne de ses items (façon Wilder) ; intervalle de Student à 95 %",
        "Factor score = mean of its items (Wilder-style); 95% Student t interval",
    ),
    "indicator.method.wilson_share_of_target": (
        "Personnes présentes rapportées à la cible du cadre ; intervalle de Wilson à 95 %",
        "People present over the framework's target; 95% Wilson interval",
    ),
    "indicator.method.wilson_share_of_known": (
        "Personnes présentes rapportées aux personnes connues ; intervalle de Wilson à 95 %",
        "People present over the people known; 95% Wilson interval",
    ),
    "indicator.method.wilson_share_of_roster": (
        "Organisations représentées rapportées à la liste du cadre ; intervalle de Wilson à 95 %",
        "Organisations represented over the framework's roster; 95% Wilson interval",
    ),
    "indicator.method.distinct_people_count": (
        "Nombre de personnes différentes présentes", "Number of distinct people present"),
    "indicator.method.wilson_came_back_later": (
        "Part des présents revenus à une étape ultérieure ; intervalle de Wilson à 95 %",
        "Share of those present who came back at a later step; 95% Wilson interval",
    ),
    "indicator.method.wilson_per_1000_population": (
        "Personnes présentes pour 1 000 habitants du quartier ; intervalle de Wilson à 95 %",
        "People present per 1,000 inhabitants; 95% Wilson interval",
    ),
    "indicator.method.months_first_to_last_event": (
        "Mois entre le premier et le dernier temps tenus",
        "Months from the first to the last event",
    ),
    "indicator.method.newcombe_independent": (
        "Différence de parts, échantillons indépendants (intervalle de Newcombe à 95 %)",
        "Difference of shares, independent samples (95% Newcombe interval)",
    ),
    "indicator.method.welch_t_independent": (
        "Différence de moyennes, échantillons indépendants (intervalle de Welch à 95 %)",
        "Difference of means, independent samples (95% Welch interval)",
    ),
    "indicator.method.paired_t_same_people": (
        "Évolution moyenne des mêmes personnes (intervalle de Student apparié à 95 %)",
        "Mean change of the same people (95% paired t interval)",
    ),
    # --- charts ---------------------------------------------------------------------------------
    "chart.participants": ("Participants", "Participants"),
    "chart.unknown": ("non renseigné", "not given"),
    "chart.step_short": ("É{number}", "S{number}"),
    "chart.barometer_title": (
        "Baromètre des sept enseignements, vague par vague",
        "The seven lessons barometer, wave by wave",
    ),
    "chart.target": ("cible : {value}", "target: {value}"),
    "chart.target_of": ("cible {name} : {value}", "target {name}: {value}"),
    "chart.unit.share": ("Part (%)", "Share (%)"),
    "chart.unit.score": ("Score moyen (1 à 5)", "Mean score (1 to 5)"),
    "chart.unit.count": ("Participants", "Participants"),
    "chart.unit.rate": ("Pour 1 000 habitants", "Per 1,000 residents"),
    "chart.unit.months": ("Durée (mois)", "Duration (months)"),
    "chart.nsp_short": ("NSP", "Don't know"),
    # --- dashboard ------------------------------------------------------------------------------
    "dashboard.title": (
        "Évaluation du contrat de ville : tableau de bord du comité de pilotage",
        "Urban contract evaluation: steering committee dashboard",
    ),
    "dashboard.figure_plain": ("Graphique : {title}", "Chart: {title}"),
    "dashboard.error": (
        "Cette partie n'a pas pu être mise à jour. Les autres parties restent valables ; "
        "si le problème persiste, prévenez l'équipe d'évaluation.",
        "This part could not be updated. The other parts remain valid; if the problem "
        "persists, tell the evaluation team.",
    ),
    "dashboard.no_store": (
        "Aucune donnée n'a encore été importée. Lancez « workbench demo » (démonstration) ou "
        "« workbench import » puis rechargez la page.",
        "No data has been imported yet. Run \"workbench demo\" (demonstration) or "
        "\"workbench import\", then reload the page.",
    ),
    "dashboard.filters_note": (
        "Choisissez un quartier, un groupe d'acteurs et une vague : chaque partie suit les "
        "filtres qui la concernent et dit, en petit texte, ceux qui ne s'y appliquent pas.",
        "Choose a neighbourhood, a stakeholder group and a wave: each part follows the "
        "filters that concern it and says, in small text, those that do not apply.",
    ),
    "dashboard.section.barometer": (
        "1. Le baromètre des sept enseignements", "1. The seven lessons barometer"),
    "dashboard.barometer_lead": (
        "Part des personnes d'accord avec les affirmations de chaque enseignement, à chaque "
        "vague. Chaque case indique la valeur et l'effectif (n).",
        "Share of people agreeing with each lesson's statements, at each wave. Each cell "
        "shows the value and the count (n).",
    ),
    "dashboard.section.lesson": ("2. Un enseignement en détail", "2. One lesson in detail"),
    "dashboard.lesson_lead": (
        "Choisissez un enseignement : évolution de ses indicateurs (avec intervalle à 95 % et "
        "cible), tableau de la vague choisie et réponses détaillées.",
        "Choose a lesson: its indicators over time (with 95% interval and target), the chosen "
        "wave's table and the detailed answers.",
    ),
    "dashboard.section.participation": (
        "3. La participation aux neuf étapes", "3. Participation in the nine steps"),
    "dashboard.participation_lead": (
        "Nombre de personnes présentes à chaque étape de la démarche (É1 à É9), par groupe "
        "d'acteurs. Survolez une case pour le nom de l'étape.",
        "Number of people present at each step of the process (S1 to S9), by stakeholder "
        "group. Hover a cell for the step's name.",
    ),
    "dashboard.barometer_title": (
        "Part d'accord par enseignement ({scope})", "Agreement share by lesson ({scope})"),
    "dashboard.trend_title": ("{lesson} : évolution ({scope})", "{lesson}: over time ({scope})"),
    "dashboard.table_caption": ("Indicateurs à la vague {wave}", "Indicators at wave {wave}"),
    "dashboard.likert_title": (
        "Réponses détaillées, vague {wave}", "Detailed answers, wave {wave}"),
    "dashboard.participation_title": (
        "Participants par étape ({scope})", "Participants per step ({scope})"),
    "dashboard.evidence": ("Type de preuve", "Kind of evidence"),
    "dashboard.no_value": ("pas de donnée", "no data"),
    "dashboard.target": ("Cible", "Target"),
    "dashboard.mode": ("Lecture dans le temps", "Reading over time"),
    "dashboard.mode_header": (
        "Lecture dans le temps des questionnaires : {mode}. {explain}",
        "Reading the questionnaires over time: {mode}. {explain}"),
    "dashboard.mode_explain.cross_section": (
        "Les personnes qui répondent peuvent changer d'une vague à l'autre : on compare des "
        "photographies successives, pas l'évolution des mêmes personnes.",
        "The people answering may change from one wave to the next: successive snapshots "
        "are compared, not the same people over time."),
    "dashboard.mode_explain.panel": (
        "Les mêmes personnes sont suivies d'une vague à l'autre.",
        "The same people are followed from one wave to the next."),
    "dashboard.scope.barometer": (
        "Suit les filtres quartier et groupe. Toutes les vagues sont côte à côte : le choix "
        "de la vague ne change pas ce tableau.",
        "Follows the neighbourhood and group filters. Every wave is shown side by side: the "
        "wave choice does not change this table."),
    "dashboard.scope.participation": (
        "Suit les filtres quartier et groupe. La participation couvre toute la démarche "
        "(étapes 1 à 9) : le choix de la vague ne s'y applique pas.",
        "Follows the neighbourhood and group filters. Participation covers the whole process "
        "(steps 1 to 9): the wave choice does not apply."),
    "dashboard.section.network": ("4. Le réseau de coopération", "4. The cooperation network"),
    "dashboard.scope.network": (
        "Suit le choix de la vague. Le réseau porte sur les organisations, pas sur les "
        "quartiers ni sur les groupes d'acteurs : ces deux filtres ne s'y appliquent pas.",
        "Follows the wave choice. The network is about organisations, not neighbourhoods or "
        "stakeholder groups: those two filters do not apply."),
    "dashboard.network_changes_title": (
        "Liens apparus ou renforcés : {wave}", "Ties that appeared or strengthened: {wave}"),
    "dashboard.network_first_wave": (
        "{wave} est la première vague de l'enquête relationnelle : pas encore de comparaison.",
        "{wave} is the first wave of the relational survey: nothing to compare with yet."),
    "dashboard.network_no_wave": (
        "Pas d'enquête relationnelle à la vague « {wave} ».",
        "No relational survey at wave \"{wave}\"."),
    "dashboard.network_none": (
        "Aucune enquête relationnelle importée pour l'instant.",
        "No relational survey imported yet."),
    "dashboard.network_table_caption": (
        "Mesures du réseau, vague par vague", "Network measures, wave by wave"),
    "dashboard.section.voices": ("5. Les paroles recueillies", "5. What people said"),
    "dashboard.voices_lead": (
        "Part des verbatims codés qui évoquent chaque enseignement, puis les verbatims "
        "citables (accord recueilli, noms retirés) avec leurs enseignements.",
        "Share of coded verbatims evoking each lesson, then the quotable verbatims (consent "
        "given, names removed) with their lessons."),
    "dashboard.scope.voices": (
        "Suit les filtres vague, quartier et groupe. Les notes de world café n'ont pas de "
        "groupe d'acteurs : elles n'apparaissent qu'avec « Tous les groupes ».",
        "Follows the wave, neighbourhood and group filters. World café notes have no "
        "stakeholder group: they appear only with \"All groups\"."),
    "dashboard.salience_title": (
        "Enseignements évoqués dans les paroles codées ({scope})",
        "Lessons evoked in the coded verbatims ({scope})"),
    "dashboard.quotes_count": (
        "{n} verbatim(s) citable(s) pour cette sélection.",
        "{n} quotable verbatim(s) for this selection."),
    "dashboard.quotes_none": (
        "Aucun verbatim citable et codé pour cette sélection.",
        "No quotable coded verbatim for this selection."),
    "dashboard.section.pathways": ("6. Le chemin de changement", "6. The change pathway"),
    "dashboard.pathways_lead": (
        "Chaque case est un changement attendu ; sa couleur dit dans quelle mesure ses marqueurs "
        "de progrès sont atteints à la vague choisie (gris pointillé : pas encore noté).",
        "Each box is an expected change; its colour says how far its progress markers are "
        "reached at the chosen wave (dotted grey: not rated yet)."),
    "dashboard.scope.pathways": (
        "Suit le choix de la vague. Le chemin de changement porte sur tout le territoire : "
        "les filtres quartier et groupe ne s'y appliquent pas.",
        "Follows the wave choice. The change pathway covers the whole territory: the "
        "neighbourhood and group filters do not apply."),
    "dashboard.pathway_not_yet": (
        "Aucun marqueur de progrès n'était encore noté à la vague « {wave} » (première "
        "notation : {first}).",
        "No progress marker was rated yet at wave \"{wave}\" (first rating: {first})."),
    "dashboard.pathway_period": (
        "Couleurs : dernière notation disponible à cette vague ({period}).",
        "Colours: latest rating available at this wave ({period})."),
    "dashboard.pathway_trend_title": (
        "Atteinte des marqueurs de progrès dans le temps, par groupe d'acteurs",
        "Progress-marker attainment over time, by stakeholder group"),
    "dashboard.funnel_title": (
        "Personnes présentes à chaque étape ({scope})", "People present at each step ({scope})"),
    "dashboard.continuity_title": (
        "Qui revient ? Part des présents revenus à une étape suivante ({scope})",
        "Who comes back? Share of those present back at a later step ({scope})"),
    "explorer.title": ("Explorer les indicateurs", "Explore the indicators"),
    "explorer.breakdown": ("Ventiler par", "Break down by"),
    "explorer.export": ("Exporter le tableau (XLSX)", "Export the table (XLSX)"),
    "explorer.exported": ("Tableau enregistré : {path}", "Table saved: {path}"),
    "explorer.table_caption": ("Valeurs affichées", "Values shown"),
    "explorer.mode": ("Lecture dans le temps", "Reading over time"),
    "explorer.mode_none": ("sans objet", "not applicable"),
    "importview.title": ("Données importées", "Imported data"),
    "importview.file": ("Fichier", "File"),
    "importview.format": ("Format", "Format"),
    "importview.instrument": ("Instrument", "Instrument"),
    "importview.rows": ("Lignes", "Rows"),
    "importview.rejected": ("Lignes rejetées", "Rejected rows"),
    "importview.imported_at": ("Importé le (UTC)", "Imported on (UTC)"),
    "importview.reason": ("Motif", "Reason"),
    "importview.reason_unknown": ("motif non enregistré", "reason not recorded"),
    "importview.content": ("Contenu", "Content"),
    "importview.empty": (
        "Aucun fichier importé pour l'instant : lancez « workbench demo » ou "
        "« workbench import <fichier> ».",
        "No file imported yet: run \"workbench demo\" or \"workbench import <file>\".",
    ),
    "importview.summary": (
        "{files} fichier(s) importé(s) ; {rejected} ligne(s) rejetée(s) au total.",
        "{files} file(s) imported; {rejected} row(s) rejected in total.",
    ),
    "importview.sources_caption": ("Fichiers importés", "Imported files"),
    "importview.counts_caption": ("Contenu de la base", "Content of the store"),
    "importview.rejected_caption": ("Lignes rejetées et motifs", "Rejected rows and reasons"),
    "importview.rejected_counts_only": (
        "Des lignes ont été rejetées (voir la colonne « Lignes rejetées ») ; le détail des "
        "motifs s'affiche au moment de l'import (workbench import).",
        "Some rows were rejected (see the \"Rejected rows\" column); the reasons are shown "
        "at import time (workbench import).",
    ),
    "importview.none_rejected": ("Aucune ligne rejetée.", "No row rejected."),
    "importview.table.people": ("Personnes (pseudonymisées)", "People (pseudonymised)"),
    "importview.table.respondents": ("Répondants par vague", "Respondents per wave"),
    "importview.table.responses": ("Réponses aux questions", "Answers to items"),
    "importview.table.events": (
        "Événements (ateliers, séminaires)", "Events (workshops, seminars)"),
    "importview.table.attendance": ("Présences (émargements)", "Attendance (sign-in sheets)"),
    "importview.table.ties": ("Relations déclarées", "Declared ties"),
    "importview.table.verbatims": ("Verbatims", "Verbatims"),
    "importview.table.codings": ("Codages de verbatims", "Verbatim codings"),
    "importview.table.changes": ("Changements (chemin de changement)", "Changes (pathway)"),
    "importview.table.markers": ("Marqueurs de progrès", "Progress markers"),
    "importview.table.ratings": ("Notations des marqueurs", "Marker ratings"),
    # --- report ---------------------------------------------------------------------------------
    "report.reliability.lead": (
        "Fiabilité des échelles : l'alpha de Cronbach dit si les affirmations d'un même "
        "enseignement mesurent la même chose (au-delà de 0,7 : cohérentes ; en dessous de 0,5 : "
        "à lire item par item). n = personnes ayant répondu à toutes les affirmations.",
        "Scale reliability: Cronbach's alpha says whether a lesson's statements measure the same "
        "thing (above 0.7: consistent; below 0.5: read item by item). n = people who answered "
        "every statement.",
    ),
    "report.reliability.caption": ("Alpha de Cronbach par vague", "Cronbach's alpha by wave"),
    "report.reliability.scale": ("Échelle", "Scale"),
    "report.reliability.cell": ("α = {alpha} (n = {n})", "α = {alpha} (n = {n})"),
    "report.title": ("Rapport d'évaluation", "Evaluation report"),
    "report.serve_url": (
        "Tableau de bord du comité de pilotage : {url}  (Ctrl+C pour arrêter)",
        "Steering committee dashboard: {url}  (Ctrl+C to stop)",
    ),
    "report.whole_territory": ("Ensemble du territoire", "Whole territory"),
    "report.territory": ("Territoire", "Territory"),
    "report.waves": ("Vagues d'enquête", "Survey waves"),
    "report.generated": ("Rapport produit le", "Report produced on"),
    "report.toc": ("Sommaire", "Contents"),
    "report.section.barometer": (
        "Baromètre des sept enseignements", "Barometer of the seven lessons"),
    "report.section.participation": (
        "Participation aux étapes de la démarche", "Participation across the process steps"),
    "report.section.method": ("Note de méthode", "Method note"),
    "report.barometer_lead": (
        "Pour chaque enseignement, l'indicateur principal à chaque vague : valeur et effectif (n).",
        "For each lesson, the headline indicator at each wave: value and count (n).",
    ),
    "report.trend_title": ("Évolution entre les vagues", "Change across waves"),
    "report.table_by_wave": ("Indicateurs par vague", "Indicators by wave"),
    "report.table_by_group": (
        "Par groupe d'acteurs, vague {wave}", "By stakeholder group, wave {wave}"),
    "report.participation_lead": (
        "Nombre de participants présents à chaque étape, par groupe d'acteurs.",
        "Number of participants present at each step, by stakeholder group.",
    ),
    "report.participation_table": (
        "Participants par étape et par groupe", "Participants per step and group"),
    "report.method_intervals": (
        "Les intervalles sont des intervalles de confiance à 95 % (Wilson pour les parts, "
        "Student pour les moyennes) : ils disent la précision de chaque chiffre.",
        "Intervals are 95% confidence intervals (Wilson for shares, Student for means): they "
        "show how precise each figure is.",
    ),
    "report.method_pseudonyms": (
        "Aucun nom ni courriel n'est conservé : chaque personne est suivie d'une vague à "
        "l'autre par un identifiant pseudonyme (empreinte à clé secrète).",
        "No name or e-mail is kept: each person is followed across waves through a "
        "pseudonymous id (keyed hash).",
    ),
    "report.no_store": (
        "Base de données introuvable : {path}. Lancez d'abord « workbench demo » ou "
        "« workbench import ».",
        "Store not found: {path}. Run \"workbench demo\" or \"workbench import\" first.",
    ),
    "report.no_template": (
        "Modèle de rapport introuvable : notebooks/reports/rapport.ipynb.",
        "Report template not found: notebooks/reports/rapport.ipynb.",
    ),
    "report.unknown_qpv": (
        "Quartier inconnu : {found} (attendu l'un de : {expected}).",
        "Unknown neighbourhood: {found} (expected one of: {expected}).",
    ),
    "report.failed": (
        "Le rapport {name} n'a pas pu être produit : {detail}",
        "Report {name} could not be produced: {detail}",
    ),
    "report.not_offline": (
        "Le rapport {name} chargerait des ressources en ligne ({urls}) : refusé.",
        "Report {name} would load online resources ({urls}): refused.",
    ),
    "report.xlsx.readme_sheet": ("Lisez-moi", "Read me"),
    "report.xlsx.indicators_sheet": ("Indicateurs", "Indicators"),
    "report.xlsx.indicator_id": ("Code indicateur", "Indicator code"),
    "report.xlsx.lower": ("Borne basse (95 %)", "Lower bound (95%)"),
    "report.xlsx.upper": ("Borne haute (95 %)", "Upper bound (95%)"),
    "report.xlsx.method": ("Méthode", "Method"),
    "report.xlsx.masking": ("Secret statistique", "Statistical secrecy"),
    "report.xlsx.notice": ("Avertissement", "Notice"),
    "report.xlsx.star": ("« Ensemble »", "\"All\""),
    "report.xlsx.star_text": (
        "Une ligne « Ensemble » regroupe toutes les vagues, tous les quartiers ou tous les "
        "groupes.",
        "An \"All\" row covers every wave, neighbourhood or group.",
    ),
    "report.section.cooperation": (
        "Réseau de coopération entre organisations", "Cooperation network between organisations"),
    "report.section.voices": ("Paroles recueillies", "Voices"),
    "report.section.pathways": ("Chemins de changement", "Change pathways"),
    "report.section.conclusion": ("Conclusion de l'évaluation", "Evaluation conclusion"),
    "report.cooperation_lead": (
        "Qui travaille avec qui, à quel niveau, et ce qui a changé depuis la première vague "
        "(enquête relationnelle auprès des organisations).",
        "Who works with whom, how closely, and what changed since the first wave (relational "
        "survey of the organisations).",
    ),
    "report.voices_lead": (
        "Part des verbatims codés qui évoquent chaque enseignement, puis les verbatims citables "
        "avec les enseignements qu'ils portent.",
        "Share of coded verbatims carrying each lesson, then the quotable verbatims with the "
        "lessons they carry.",
    ),
    "report.pathways_lead": (
        "Le chemin de changement coloré selon l'atteinte des marqueurs de progrès à la dernière "
        "période notée, puis l'évolution de cette atteinte.",
        "The change pathway coloured by progress-marker attainment at the latest rated period, "
        "then how attainment evolved.",
    ),
    "report.scope.territory_wide": (
        "Cette partie porte sur l'ensemble du territoire, pas seulement sur {place} :",
        "This part covers the whole territory, not only {place}:",
    ),
    "report.scope.network": (
        "le réseau relie des organisations, qui ne sont pas rattachées à un seul quartier.",
        "the network links organisations, which do not belong to a single neighbourhood.",
    ),
    "report.scope.pathways": (
        "le chemin de changement et ses marqueurs de progrès sont communs au territoire.",
        "the change pathway and its progress markers are shared by the territory.",
    ),
    "report.scope.facilitators": (
        "les personnes qui ont animé sont comptées sur toutes les séances.",
        "facilitators are counted over every session.",
    ),
    "report.scope.readings": (
        "les lectures du comité de pilotage valent pour tout le territoire.",
        "the steering committee's readings apply to the whole territory.",
    ),
    "report.facilitators_title": (
        "Qui a animé ? (enseignement L5)", "Who facilitated? (lesson L5)"),
    "report.facilitators_lead": (
        "Personnes (hors habitants) qui ont animé ou co-animé une séance elles-mêmes, d'après "
        "les feuilles d'émargement.",
        "People (residents excepted) who facilitated or co-facilitated a session themselves, "
        "from the sign-in sheets.",
    ),
    "report.facilitators_table": (
        "Personnes ayant animé, par étape et par groupe", "Facilitators per step and group"),
    "report.all_steps": ("Toutes les étapes", "All steps"),
    "report.no_network": (
        "Aucune enquête relationnelle n'est importée.", "No relational survey imported."),
    "report.network_table": (
        "Mesures du réseau par vague", "Network measures by wave"),
    "report.quotes_title": ("Verbatims citables ({n})", "Quotable verbatims ({n})"),
    "report.quotes_note": (
        "Seuls les verbatims dont l'auteur a accepté la citation sont reproduits ; les noms ont "
        "été remplacés par « [personne] » à l'import. Étiquettes : enseignements retenus par "
        "les codeurs.",
        "Only verbatims whose author agreed to be quoted are shown; names were replaced by "
        "\"[personne]\" at import. Tags: lessons retained by the coders.",
    ),
    "report.no_quotes": (
        "Aucun verbatim citable et codé pour ce périmètre.",
        "No quotable coded verbatim for this scope."),
    "report.quote_wave": ("vague {wave}", "wave {wave}"),
    "report.readings_title": (
        "Lectures du comité de pilotage", "The steering committee's readings"),
    "report.readings_none": (
        "Aucune lecture du comité n'est enregistrée pour cet enseignement ni ses indicateurs.",
        "No committee reading is recorded for this lesson or its indicators."),
    "report.narrative_used": (
        "Textes de l'évaluateur repris dans ce rapport (dossier data/narrative) : {files}.",
        "Evaluator's texts used in this report (folder data/narrative): {files}."),
    "report.narrative_none": (
        "Aucun texte de l'évaluateur n'accompagne ce rapport (dossier data/narrative vide).",
        "No evaluator's text comes with this report (folder data/narrative is empty)."),
    "report.narrative.bad_name": (
        "Nom de {column} invalide pour un texte de l'évaluateur : « {found} ».",
        "Invalid {column} name for an evaluator's text: \"{found}\"."),
    "report.narrative.name_expected": (
        "lettres, chiffres, « - » ou « _ » (par exemple L1, conclusion, tilleuls)",
        "letters, digits, \"-\" or \"_\" (for example L1, conclusion, tilleuls)"),
    "report.narrative.too_large": (
        "Le texte {file} est trop long ({found} octets ; {expected} au plus).",
        "Text {file} is too long ({found} bytes; {expected} at most)."),
    "report.narrative.not_utf8": (
        "Le texte {file} n'est pas en UTF-8 (ligne {row}) : enregistrez-le en UTF-8.",
        "Text {file} is not UTF-8 (line {row}): save it as UTF-8."),
    "report.narrative.image": ("image non affichée", "image not shown"),
    "report.xlsx.network_sheet": ("Réseau", "Network"),
    "report.xlsx.funnel_sheet": ("Participation", "Participation"),
    "report.xlsx.facilitators_sheet": ("Animation", "Facilitation"),
    "report.xlsx.readings_sheet": ("Lectures du comité", "Committee readings"),
    "report.xlsx.measure": ("Mesure", "Measure"),
    "report.xlsx.present": ("Présents", "Present"),
    "report.xlsx.facilitators": ("Personnes ayant animé", "Facilitators"),
    "report.xlsx.target": ("Cible", "Target"),
    "report.xlsx.share_of_target": ("Part de la cible", "Share of target"),
    "report.xlsx.territory_wide": (
        "Ensemble du territoire (non ventilé par quartier)",
        "Whole territory (not split by neighbourhood)"),
    # --- cli ------------------------------------------------------------------------------------
    "cli.done": ("Terminé.", "Done."),
    # --- network --------------------------------------------------------------------------------
    "network.title": ("Réseau de coopération", "Cooperation network"),
    "network.map_title": ("Qui travaille avec qui : {wave}", "Who works with whom: {wave}"),
    "network.map_subtitle": (
        "{n} répondants pour {organisations} organisations sur {roster} ; taille = nombre de "
        "partenaires ; cercle vide = pas de réponse",
        "{n} respondents for {organisations} of {roster} organisations; size = number of "
        "partners; hollow circle = no answer"),
    "network.masked_wave": (
        "{wave} : moins de {k} répondants, réseau non affiché (effectif trop faible).",
        "{wave}: fewer than {k} respondents, network not shown (group too small)."),
    "network.slider_prefix": ("Vague : ", "Wave: "),
    "network.hover_node": ("<b>{name}</b><br>{sector}<br>{degree} partenaire(s)",
                           "<b>{name}</b><br>{sector}<br>{degree} partner(s)"),
    "network.not_responded": ("n'a pas répondu à cette vague", "did not answer this wave"),
    "network.legend_level": ("Niveau {level} : {label}", "Level {level}: {label}"),
    "network.level.0": ("aucune relation", "no relationship"),
    "network.level.1": ("réseautage", "networking"),
    "network.level.2": ("coopération", "cooperation"),
    "network.level.3": ("coordination", "coordination"),
    "network.level.4": ("coalition", "coalition"),
    "network.level.5": ("collaboration", "collaboration"),
    "network.sector.municipal": ("Ville", "Municipality"),
    "network.sector.intercommunal": ("Intercommunalité", "Intermunicipal authority"),
    "network.sector.state": ("État", "State"),
    "network.sector.social-security": ("Sécurité sociale", "Social security"),
    "network.sector.departmental": ("Département", "Département (county)"),
    "network.sector.housing": ("Logement social", "Social housing"),
    "network.sector.association": ("Associations", "Associations"),
    "network.sector.inconnu": ("Secteur inconnu", "Unknown sector"),
    "network.changes_title": ("Liens apparus ou renforcés de {before} à {after}",
                              "Ties that appeared or strengthened from {before} to {after}"),
    "network.changes_counts": ("{new} lien(s) nouveau(x), {stronger} lien(s) renforcé(s)",
                               "{new} new tie(s), {stronger} stronger tie(s)"),
    "network.change.new": ("Nouveau lien", "New tie"),
    "network.change.stronger": ("Lien renforcé", "Stronger tie"),
    "network.change.other": ("Autres liens", "Other ties"),
    "network.levels_title": ("Niveaux de collaboration des paires d'organisations",
                             "Collaboration levels of pairs of organisations"),
    "network.respondents": ("Répondants (n)", "Respondents (n)"),
    "network.col.measure": ("Mesure", "Measure"),
    "network.col.pair": ("Paire d'organisations", "Pair of organisations"),
    "network.col.gap": ("Écart entre les deux notes (niveaux)", "Gap between the two ratings"),
    "network.col.organisation": ("Organisation", "Organisation"),
    "network.col.sector": ("Secteur", "Sector"),
    "network.col.degree": ("Partenaires", "Partners"),
    "network.col.betweenness": ("Intermédiarité", "Betweenness"),
    "network.kind.network_response_rate": ("Taux de réponse des organisations",
                                           "Organisations' response rate"),
    "network.kind.network_density": ("Densité (part des paires liées)",
                                     "Density (share of pairs with a tie)"),
    "network.kind.network_centralisation": ("Centralisation des degrés (Freeman)",
                                            "Degree centralisation (Freeman)"),
    "network.kind.network_reciprocity": ("Réciprocité", "Reciprocity"),
    "network.kind.network_ei_index": ("Indice E–I par secteur (−1 entre soi, +1 décloisonné)",
                                      "E–I index by sector (−1 within, +1 across)"),
    "network.kind.collaboration_mean": ("Niveau moyen de collaboration (0 à 5)",
                                        "Mean collaboration level (0 to 5)"),
    "network.kind.collaboration_share_coordination": (
        "Paires au niveau « coordination » ou plus", "Pairs at \"coordination\" or above"),
    "network.kind.collaboration_discordant": (
        "Paires aux deux notes écartées d'au moins 2 niveaux",
        "Pairs whose two ratings differ by 2 levels or more"),
    "network.kind.partner_trust": ("Confiance (PARTNER-style)", "Trust (PARTNER-style)"),
    "network.kind.partner_value": ("Valeur perçue (PARTNER-style)",
                                   "Perceived value (PARTNER-style)"),
    "network.method_note": (
        "Chaque organisation note chaque autre de 0 (aucune relation) à 5 (collaboration). "
        "La note d'une organisation est la médiane basse de ses répondants ; le niveau d'une "
        "paire est la plus faible des deux notes quand les deux se sont notées, la seule note "
        "sinon. Un lien = niveau 1 ou plus. Confiance et valeur « PARTNER-style » : moyenne des "
        "items (1 à 4) rapportée au maximum 4 (la formule exacte de PARTNER n'est pas publique). "
        "Les écarts de notes servent à la discussion, pas à désigner un responsable.",
        "Each organisation rates every other from 0 (no relationship) to 5 (collaboration). An "
        "organisation's rating is the lower median of its respondents; a pair's level is the "
        "lower of the two ratings when both rated, the single rating otherwise. A tie = level 1 "
        "or more. \"PARTNER-style\" trust and value: mean of the items (1 to 4) over the maximum "
        "4 (PARTNER's exact formula is not public). Rating gaps are for discussion, not blame."),
    "network.app.wave": ("Vague", "Wave"),
    "network.app.compare_from": ("Comparer depuis", "Compare from"),
    "network.app.nodes_title": ("Organisations : partenaires et rôle de passerelle",
                                "Organisations: partners and bridging role"),
    "network.app.pairs_title": ("Paires à discuter", "Pairs to discuss"),
    "network.app.no_pairs": ("Aucune paire aux notes très écartées.",
                             "No pair with far-apart ratings."),
    "network.kumu.type": ("Organisation", "Organisation"),
    "network.kumu.undirected": ("non orienté", "undirected"),
    "network.kumu.yes": ("oui", "yes"),
    "network.kumu.no": ("non", "no"),
    # --- voices ---------------------------------------------------------------------------------
    "voices.coder_prompt": ("Votre nom :", "Your name:"),
    "voices.coder_placeholder": ("Prénom Nom (non enregistré)",
                                 "First name Last name (not stored)"),
    "voices.coder_missing": ("Indiquez votre nom pour commencer à coder.",
                             "Type your name to start coding."),
    "voices.coder_id": (
        "Vous codez sous l'identifiant {id} (votre nom n'est pas enregistré).",
        "You are coding as {id} (your name is not stored)."),
    "voices.start": ("Commencer", "Start"),
    "voices.filter_kind": ("Type", "Kind"),
    "voices.filter_event": ("Événement", "Event"),
    "voices.filter_state": ("Codage", "Coding"),
    "voices.state_uncoded": ("Non codés (par moi)", "Not coded (by me)"),
    "voices.state_coded": ("Codés (par moi)", "Coded (by me)"),
    "voices.state_with": ("Avec {code}", "With {code}"),
    "voices.state_without": ("Sans {code}", "Without {code}"),
    "voices.kind.photolangage": ("Photolangage", "Photolangage"),
    "voices.kind.world_cafe": ("World café", "World café"),
    "voices.kind.msc": ("Récit de changement", "Story of change"),
    "voices.kind.msc_selection": ("Raison du choix d'un récit", "Why a story was selected"),
    "voices.kind.open_answer": ("Réponse ouverte", "Open answer"),
    "voices.position": ("Verbatim {index} sur {total}", "Verbatim {index} of {total}"),
    "voices.nothing_to_code": ("Aucun verbatim pour ces filtres.",
                               "No verbatim for these filters."),
    "voices.not_quotable": ("Non citable (accord non recueilli).",
                            "Not quotable (no consent recorded)."),
    "voices.lessons": ("Enseignements", "Lessons"),
    "voices.no_lesson": ("Aucun enseignement", "No lesson"),
    "voices.themes": ("Thèmes libres", "Free themes"),
    "voices.theme_placeholder": ("Nouveau thème…", "New theme…"),
    "voices.add_theme": ("Ajouter le thème", "Add theme"),
    "voices.theme_empty": ("Le thème est vide : tapez quelques mots.",
                           "The theme is empty: type a few words."),
    "voices.theme_expected": ("un thème de quelques mots", "a theme of a few words"),
    "voices.free_theme": ("Thème libre : {label}", "Free theme: {label}"),
    "voices.valence": ("Tonalité", "Valence"),
    "voices.previous": ("Précédent", "Previous"),
    "voices.next": ("Suivant", "Next"),
    "voices.saved": ("Enregistré ({time}).", "Saved ({time})."),
    "voices.not_saved": ("Non enregistré : {error}", "Not saved: {error}"),
    "voices.unknown_verbatim": ("Verbatim « {id} » introuvable dans la base.",
                                "Verbatim \"{id}\" not found in the store."),
    "voices.bad_valence": ("Tonalité « {found} » invalide (attendu −1, 0 ou +1).",
                           "Invalid valence \"{found}\" (expected −1, 0 or +1)."),
    "voices.salience_title": ("Enseignements présents dans les paroles codées",
                              "Lessons present in the coded verbatims"),
    "voices.salience_axis": ("Part des verbatims codés", "Share of coded verbatims"),
    "voices.we_share_label": ("Indice « nous » (repère pour L4, pas une mesure)",
                              "\"We\" cue (for L4, not a measure)"),
    "voices.funnel_title": ("Participants par étape et par groupe (personnes présentes)",
                            "Participants per step and group (people present)"),
    "voices.step_column": ("Étape {number}", "Step {number}"),
    "voices.nobody": ("Personne", "Nobody"),
    "voices.share_of_target": ("soit {value} de la cible", "{value} of the target"),
    "voices.continuity_title": ("Qui revient ? Part des présents revenus à une étape suivante",
                                "Who comes back? Share of those present back at a later step"),
    "voices.came_back": ("Revenus à une étape suivante", "Back at a later step"),
    "voices.pathway": ("Chemin", "Pathway"),
    "voices.pathway_title": ("Chemin de changement", "Change pathway"),
    "voices.no_pathway": ("Aucun chemin de changement importé.", "No change pathway imported."),
    "voices.period": ("période {period}", "period {period}"),
    "voices.period_axis": ("Période", "Period"),
    "voices.attainment": ("Atteinte des marqueurs", "Marker attainment"),
    "voices.attainment_value": ("Atteinte : {value} ({markers} marqueur(s) noté(s))",
                                "Attainment: {value} ({markers} marker(s) rated)"),
    "voices.markers_rated": ("marqueurs notés : %{customdata}", "markers rated: %{customdata}"),
    "voices.no_marker": ("Sans marqueur noté", "No rated marker"),
    "voices.trend_title": (
        "Marqueurs de progrès : atteinte pondérée (attendu 1, souhaité 2, idéal 3)",
        "Progress markers: weighted attainment (expect 1, like 2, love 3)"),
    "voices.ratings_title": ("Marqueurs de progrès : notation par période",
                             "Progress markers: rating per period"),
    "voices.level.intermediate": ("Changements intermédiaires", "Intermediate changes"),
    "voices.level.long_term": ("Changements à long terme", "Long-term changes"),
    "voices.level.vision": ("Vision", "Vision"),
    "voices.tier.expect": ("Attendu", "Expect to see"),
    "voices.tier.like": ("Souhaité", "Like to see"),
    "voices.tier.love": ("Idéal", "Love to see"),
    "voices.rating.none": ("aucun", "none"),
    "voices.rating.low": ("faible", "low"),
    "voices.rating.medium": ("moyen", "medium"),
    "voices.rating.high": ("élevé", "high"),
    # --- readings (the committee's reading) and the static dashboard copy ------------------------
    "readings.title": ("Lecture du comité", "The committee's reading"),
    "readings.lead": (
        "Ce que le comité conclut de ce résultat, son niveau d'accord et l'action décidée, pour "
        "cette vague. Les lectures des vagues précédentes restent affichées.",
        "What the committee concludes from this result, its level of agreement and the action "
        "decided, for this wave. Readings of earlier waves stay visible.",
    ),
    "readings.subject": ("Sujet", "Subject"),
    "readings.subject_lesson": ("Enseignement {id} · {name}", "Lesson {id} · {name}"),
    "readings.subject_indicator": ("Indicateur · {name}", "Indicator · {name}"),
    "readings.wave": ("Vague", "Wave"),
    "readings.interpretation": ("Interprétation du comité", "Committee's interpretation"),
    "readings.interpretation_placeholder": (
        "Ce que le comité comprend de ce résultat…", "What the committee makes of this result…"),
    "readings.agreement": ("Niveau d'accord", "Level of agreement"),
    "readings.agreement.consensus": ("consensus", "consensus"),
    "readings.agreement.partial": ("accord partiel", "partial agreement"),
    "readings.agreement.disagreement": ("désaccord", "disagreement"),
    "readings.action": ("Action décidée", "Action decided"),
    "readings.action_placeholder": (
        "Qui fait quoi, pour quand…", "Who does what, by when…"),
    "readings.author": ("Saisi par", "Recorded by"),
    "readings.author_placeholder": ("Prénom Nom (non enregistré)", "First Last (not stored)"),
    "readings.author_note": (
        "Le nom n'est pas enregistré : seul un identifiant pseudonyme l'est.",
        "The name is not stored: only a pseudonymous id is.",
    ),
    "readings.save": ("Enregistrer la lecture", "Save the reading"),
    "readings.saved": ("Lecture enregistrée ({subject}, vague {wave}).",
                       "Reading saved ({subject}, wave {wave})."),
    "readings.none": ("Aucune lecture enregistrée pour ce sujet jusqu'à la vague {wave}.",
                      "No reading recorded for this subject up to wave {wave}."),
    "readings.history_title": ("Lectures enregistrées jusqu'à la vague {wave}",
                               "Readings recorded up to wave {wave}"),
    "readings.entry_head": ("Vague {wave} · {agreement} · le {date} · saisie {author}",
                            "Wave {wave} · {agreement} · on {date} · by {author}"),
    "readings.no_agreement": ("accord non précisé", "agreement not stated"),
    "readings.error.unknown_wave": (
        "Vague « {found} » inconnue : vagues du référentiel : {expected}.",
        "Unknown wave \"{found}\": the framework's waves are {expected}."),
    "readings.error.unknown_subject": (
        "Sujet « {found} » inconnu : attendu un enseignement ({expected}) ou l'identifiant "
        "d'un indicateur du référentiel.",
        "Unknown subject \"{found}\": expected a lesson ({expected}) or the id of one of the "
        "framework's indicators."),
    "readings.error.empty": (
        "Lecture vide : écrivez l'interprétation du comité ou l'action décidée.",
        "Empty reading: write the committee's interpretation or the action decided."),
    "readings.error.agreement": (
        "Niveau d'accord « {found} » inconnu : attendu {expected}.",
        "Unknown level of agreement \"{found}\": expected {expected}."),
    "readings.error.author": (
        "Indiquez qui saisit la lecture (le nom n'est pas conservé, seul un identifiant "
        "pseudonyme l'est).",
        "Say who records the reading (the name is not kept, only a pseudonymous id)."),
    "readings.error.too_long": (
        "Texte « {column} » trop long ({found} caractères) : {expected} caractères au plus.",
        "Text \"{column}\" too long ({found} characters): {expected} characters at most."),
    "readings.error.not_saved": (
        "La lecture n'a pas pu être enregistrée (base occupée ou inaccessible) : réessayez ; "
        "si le problème persiste, prévenez l'équipe d'évaluation.",
        "The reading could not be saved (store busy or unreachable): try again; if the "
        "problem persists, tell the evaluation team."),
    "readings.col.wave": ("Vague", "Wave"),
    "readings.col.subject": ("Sujet", "Subject"),
    "readings.col.agreement": ("Accord", "Agreement"),
    "readings.col.interpretation": ("Interprétation", "Interpretation"),
    "readings.col.action": ("Action décidée", "Action decided"),
    "readings.col.author": ("Saisie par (pseudonyme)", "Recorded by (pseudonym)"),
    "readings.col.recorded_at": ("Enregistrée le (UTC)", "Recorded on (UTC)"),
    "static.title": ("Tableau de bord du comité de pilotage : copie autonome",
                     "Steering committee dashboard: standalone copy"),
    "static.generated": (
        "Copie générée le {date}. Elle s'ouvre sans serveur ni internet ; les filtres "
        "choisissent parmi des résultats calculés à l'avance.",
        "Copy generated on {date}. It opens without a server or internet; the filters pick "
        "among results computed in advance."),
    "static.noscript": (
        "Activez JavaScript dans le navigateur pour afficher les graphiques et les filtres.",
        "Enable JavaScript in the browser to show the charts and filters."),
    "static.scope": ("Sélection : {qpv} · {group} · vague {wave}",
                     "Selection: {qpv} · {group} · wave {wave}"),
    "static.section.network": ("4. Le réseau de coopération", "4. The cooperation network"),
    "static.network_lead": (
        "Liens déclarés entre organisations, à la vague choisie, et liens nouveaux ou renforcés "
        "depuis la première vague. Le réseau porte sur les organisations : seul le filtre de "
        "vague s'applique.",
        "Ties declared between organisations at the chosen wave, and ties new or stronger "
        "since the first wave. The network is about organisations: only the wave filter "
        "applies."),
    "static.pairs_title": ("Paires à discuter (écart de 2 niveaux ou plus)",
                           "Pairs to discuss (2 levels apart or more)"),
    "static.section.voices": ("5. Les paroles", "5. Voices"),
    "static.voices_lead": (
        "Part des verbatims codés qui évoquent chaque enseignement, puis les verbatims citables "
        "(consentement recueilli) pour la sélection.",
        "Share of coded verbatims carrying each lesson, then the quotable verbatims (consent "
        "given) for the selection."),
    "static.quotes_title": ("Verbatims citables", "Quotable verbatims"),
    "static.no_quotes": ("Aucun verbatim citable codé pour cette sélection.",
                         "No quotable coded verbatim for this selection."),
    "static.quote_context": ("{lessons} · vague {wave} · {place}",
                             "{lessons} · wave {wave} · {place}"),
    "static.section.pathways": ("6. Les chemins de changement", "6. Change pathways"),
    "static.pathways_lead": (
        "Le chemin de changement à la dernière période notée, l'atteinte des marqueurs de "
        "progrès et leur notation. Cette partie ne dépend pas des filtres.",
        "The change pathway at the latest rated period, progress-marker attainment and "
        "ratings. This part does not depend on the filters."),
    "static.section.readings": ("7. Les lectures du comité", "7. The committee's readings"),
    "static.readings_lead": (
        "Lectures enregistrées pour l'enseignement choisi (et ses indicateurs), jusqu'à la "
        "vague choisie.",
        "Readings recorded for the chosen lesson (and its indicators), up to the chosen wave."),
    "static.funnel_lead": ("Qui vient, qui revient : entonnoir et continuité par étape.",
                           "Who comes, who comes back: funnel and continuity per step."),
    "static.missing_section": (
        "Cette partie n'est pas encore disponible dans cette version de l'atelier.",
        "This part is not available yet in this version of the workbench."),
}


def set_language(lang: str | None) -> None:
    """Force the UI language (``"fr"`` or ``"en"``); ``None`` returns to ``WORKBENCH_LANG``."""
    global _current
    if lang is not None and lang not in ("fr", "en"):
        raise ValueError(f"language must be 'fr' or 'en', got {lang!r}")
    _current = lang


def use_framework_language(lang: str | None) -> None:
    """The framework's ``language`` (``load_framework`` sets it): used unless ``WORKBENCH_LANG``
    or ``set_language`` chose one."""
    global _framework_default
    _framework_default = lang if lang in ("fr", "en") else None


def current_language() -> str:
    """``set_language`` first, then ``WORKBENCH_LANG``, then the framework, then French."""
    if _current:
        return _current
    if os.environ.get("WORKBENCH_LANG"):
        return _env_language()
    return _framework_default or "fr"


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
