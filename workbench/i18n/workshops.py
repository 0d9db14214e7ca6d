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
    # --- sign-in sheets, presence matrices, registration lists -----------------------------
    "workshops.expected_date": (
        "une date : JJ/MM/AAAA, AAAA-MM-JJ ou « 16 novembre 2023 »",
        "a date: DD/MM/YYYY, YYYY-MM-DD or \"16 novembre 2023\""),
    "workshops.expected_signin": (
        "une ligne d'en-tête avec Nom et Prénom (ou « Nom Prénom »), puis une personne par "
        "ligne ; ou une colonne par date de réunion",
        "a header row with Nom and Prénom (or \"Nom Prénom\"), then one person per row; or one "
        "column per meeting date"),
    "workshops.expected_present": (
        "X, ✓, oui/non, 1/0, P/A ou vide", "X, ✓, yes/no, 1/0, P/A or empty"),
    "workshops.expected_role": (
        "Animation, Co-animation, Participant ou vide",
        "Animation, Co-animation, Participant or empty"),
    "workshops.problem.not_signin": (
        "aucune liste de personnes reconnue (attendu {expected})",
        "no list of people recognised (expected {expected})"),
    "workshops.problem.step_missing": (
        "{found} : précisez-la avec {option} (l'une de : {expected}) ou choisissez-la dans "
        "l'application d'import ; elle sera retenue pour les feuilles suivantes de la série",
        "{found}: give it with {option} (one of: {expected}) or choose it in the import app; it "
        "is remembered for the next sheets of the series"),
    "workshops.problem.date_missing": (
        "{found} : précisez-la avec {option} ({expected}) ou dans l'application d'import",
        "{found}: give it with {option} ({expected}) or in the import app"),
    "workshops.problem.qpv_missing": (
        "{found} : précisez-le avec {option} (l'un de : {expected}, ou « aucun ») ou "
        "choisissez-le dans l'application d'import",
        "{found}: give it with {option} (one of: {expected}, or \"aucun\") or choose it in the "
        "import app"),
    "workshops.problem.list_missing": (
        "{found} : précisez {option} presence (liste des présents) ou {option} registration "
        "(liste des inscrits), ou choisissez dans l'application d'import",
        "{found}: give {option} presence (who came) or {option} registration (who signed up), "
        "or choose in the import app"),
    "workshops.problem.answer_invalid": (
        "réponse « {found} » à {option} non reconnue (attendu : {expected})",
        "answer \"{found}\" to {option} not recognised (expected: {expected})"),
    "workshops.problem.answer_conflict": (
        "{option} {found} contredit la feuille, qui indique {other} : corrigez l'un ou l'autre",
        "{option} {found} contradicts the sheet, which says {other}: correct one or the other"),
    "workshops.problem.step_not_in_calendar": (
        "aucune étape du cadre ne couvre le {found} (dates des étapes : steps.start/end du "
        "cadre) : précisez l'étape avec {option} ou dans l'en-tête de la colonne (« S2 – "
        "09/03/2023 »)",
        "no framework step covers {found} (step dates: the framework's steps.start/end): give "
        "the step with {option} or in the column header (\"S2 – 09/03/2023\")"),
    "workshops.problem.person_missing": (
        "ni nom ni prénom : impossible de relier la personne",
        "neither first nor last name: the person cannot be identified"),
    "workshops.problem.duplicate_attendee": (
        "cette personne figure déjà ligne {other} pour l'événement {event}",
        "this person is already listed on line {other} for event {event}"),
    "workshops.problem.category_unknown": (
        "catégorie « {found} » non reconnue (attendu l'une de : {expected})",
        "category \"{found}\" not recognised (expected one of: {expected})"),
    "workshops.problem.present_invalid": (
        "« {found} » comme marque de présence (attendu {expected})",
        "\"{found}\" as a presence mark (expected {expected})"),
    "workshops.problem.role_unknown": (
        "rôle « {found} » non reconnu (attendu {expected})",
        "role \"{found}\" not recognised (expected {expected})"),
    "workshops.problem.event_already_imported": (
        "l'événement « {found} » a déjà été importé depuis un autre fichier ({other}) avec "
        "d'autres présences : gardez un seul fichier par événement",
        "event \"{found}\" was already imported from another file ({other}) with other "
        "attendance: keep one file per event"),
    "workshops.problem.no_data_rows": (
        "aucune personne sous la ligne d'en-tête", "no person below the header row"),
    "workshops.problem.presence_listed": (
        "pas de colonne de présence (ou signatures toutes vides) : chaque personne listée est "
        "comptée présente",
        "no presence column (or signatures all empty): every person listed is counted present"),
    "workshops.problem.presence_excused": (
        "seules les absences sont marquées (colonne « Excusé ») : les autres personnes listées "
        "sont comptées présentes",
        "only absences are marked (\"Excusé\" column): the other people listed are counted "
        "present"),
    "workshops.problem.total_row_skipped": (
        "ligne de total ignorée", "total row skipped"),
    "workshops.problem.empty_date_column": (
        "colonne de date sans aucune marque : séance ignorée (à venir ?)",
        "date column without any mark: meeting skipped (still to come?)"),
    "workshops.problem.date_outside_step": (
        "le {found} est hors des dates prévues pour l'étape {step} ({expected}) : vérifiez "
        "l'étape",
        "{found} lies outside the dates planned for step {step} ({expected}): check the step"),
    "workshops.problem.sheet_skipped": (
        "feuille « {found} » ignorée : aucune liste de personnes reconnue",
        "sheet \"{found}\" skipped: no list of people recognised"),
    "workshops.problem.events_unchanged": (
        "déjà en base à l'identique, laissés tels quels : {found}",
        "already in the store, identical, left as they are: {found}"),
    "workshops.problem.registrations_replaced": (
        "{found} inscription(s) déjà en base pour ces événements remplacée(s) par cette liste",
        "{found} registration(s) already in the store for these events replaced by this list"),
    "workshops.problem.scan_not_typed": (
        "{found} : le workbench ne lit pas les scans ni les photos ; saisissez d'abord la "
        "feuille dans un tableur (XLSX ou CSV : une ligne par personne, colonnes Nom, Prénom, "
        "Structure, Présent) ou les notes dans un tableau (XLSX, CSV ou Word), puis importez ce "
        "fichier",
        "{found}: the workbench does not read scans or photos; type the sheet into a spreadsheet "
        "first (XLSX or CSV: one row per person, columns Nom, Prénom, Structure, Présent) or the "
        "notes into a table (XLSX, CSV or Word), then import that file"),
    "workshops.reason.step": (
        "étape de la démarche introuvable (ni « Étape : » dans l'en-tête, ni _S2_ dans le nom "
        "du fichier, ni colonne Étape)",
        "step not found (no \"Étape :\" in the title block, no _S2_ in the file name, no Étape "
        "column)"),
    "workshops.reason.date": (
        "date introuvable (ni dans l'en-tête, ni dans le nom du fichier, ni colonne Date)",
        "date not found (not in the title block, not in the file name, no Date column)"),
    "workshops.reason.qpv": (
        "l'étape {step} est un atelier d'habitants par quartier et la feuille ne dit pas "
        "lequel",
        "step {step} is a resident workshop held per neighbourhood and the sheet does not say "
        "which"),
    "workshops.reason.list": (
        "la liste ne dit pas si ce sont les présents ou les inscrits (ni colonne Présent ou "
        "Signature, ni « émargement » ou « inscrits » dans le titre)",
        "the list does not say whether it holds who came or who signed up (no Présent or "
        "Signature column, no \"émargement\" or \"inscrits\" in the title)"),
    "workshops.question.step": (
        "À quelle étape de la démarche correspond ce fichier ?",
        "Which step of the process is this file about?"),
    "workshops.question.date": ("Quelle est la date de l'événement ?", "When was the event?"),
    "workshops.question.qpv": (
        "Dans quel quartier l'atelier a-t-il eu lieu ?",
        "In which neighbourhood was the workshop held?"),
    "workshops.question.list": (
        "Cette liste est-elle celle des présents ou celle des inscrits ?",
        "Does this list hold who came or who signed up?"),
    "workshops.choice.by_dates": (
        "Selon les dates des étapes du cadre (une étape par colonne)",
        "By the framework's step dates (one step per column)"),
    "workshops.choice.no_qpv": ("Aucun quartier en particulier", "No neighbourhood in particular"),
    "workshops.choice.presence": ("Les présents (émargement)", "Who came (sign-in sheet)"),
    "workshops.choice.registration": (
        "Les inscrits (gardés à part des présences)", "Who signed up (kept apart from presence)"),
    "workshops.summary.presence": (
        "{events} événement(s) : {present} personne(s) présente(s) sur {listed} listée(s) "
        "({presences} présence(s))",
        "{events} event(s): {present} person(s) present of {listed} listed ({presences} "
        "attendance(s))"),
    "workshops.summary.implied": (
        "présence déduite de la liste (aucune marque de présence ni signature)",
        "presence implied by being listed (no presence mark or signature)"),
    "workshops.summary.registration": (
        "{registered} personne(s) inscrite(s) à {events} événement(s) : liste d'inscription, "
        "gardée à part des présences",
        "{registered} person(s) signed up for {events} event(s): a registration list, kept "
        "apart from presence"),
    "workshops.summary.unchanged": (
        "{count} événement(s) déjà en base à l'identique", "{count} event(s) already stored, "
        "identical"),
    "workshops.summary.remembered": (
        "réponses retenues pour les fichiers suivants de la série dans {file}",
        "answers remembered for the next files of the series in {file}"),
    "workshops.series_comment": (
        "# Réponses retenues par « workbench import » pour les fichiers de cette série (dernier : "
        "{file}). Modifiables ; la date n'est jamais retenue.",
        "# Answers remembered by \"workbench import\" for the files of this series (last: "
        "{file}). You may edit them; the date is never remembered."),
}
