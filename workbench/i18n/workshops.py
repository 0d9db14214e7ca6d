"""Texts of workshop records: relational survey, verbatims, change pathway."""

TEXTS: dict[str, tuple[str, str]] = {
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
}
