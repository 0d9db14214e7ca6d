"""Texts of importing: problems found in files (with file, row, column) and reports."""

TEXTS: dict[str, tuple[str, str]] = {
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
    "import.problem.mapping_personal_column": (
        "la colonne « {found} » contient des données personnelles ({kind}) : elle ne peut "
        "servir qu'à l'identifiant pseudonyme (person) ou être ignorée (ignore)",
        "column \"{found}\" holds personal data ({kind}): it may only make the pseudonymous id "
        "(person) or be ignored (ignore)"),
    "import.problem.mapping_new_item_clash": (
        "l'identifiant « {found} » est déjà celui d'un autre item du cadre (« {expected} ») : "
        "choisissez-en un autre",
        "id \"{found}\" already belongs to another framework item (\"{expected}\"): choose "
        "another one"),
    "import.problem.mapping_unknown_lesson": (
        "enseignement(s) « {found} » inconnu(s) du cadre (attendu : {expected})",
        "lesson(s) \"{found}\" unknown to the framework (expected: {expected})"),
    "import.personal.name": ("nom", "name"),
    "import.personal.email": ("e-mail", "e-mail"),
    "import.personal.ip": ("adresse IP", "IP address"),
    "import.personal.phone": ("téléphone", "phone number"),
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
        "cette personne a déjà une réponse différente en vague {wave} dans la base (fichier "
        "{other}) ; les personnes sont reliées par la clé « person » de la correspondance",
        "this person already has a different wave {wave} response in the store (file "
        "{other}); people are linked through the mapping's \"person\" key"),
    "import.problem.text_repaired": (
        "{count} texte(s) aux accents abîmés réparé(s) à la lecture (par exemple « {found} » "
        "lu « {expected} ») ; le fichier n'est pas modifié",
        "{count} text(s) with mangled accents repaired while reading (e.g. \"{found}\" read "
        "\"{expected}\"); the file is not modified"),
    "import.problem.text_mangled": (
        "accents abîmés avant l'export, non réparables : « {found} » (vérifiez l'encodage du "
        "fichier d'origine)",
        "accents mangled before the export, not repairable: \"{found}\" (check the original "
        "file's encoding)"),
    "import.reexport": (
        "déjà importée depuis {file} (nouvel export du même questionnaire)",
        "already imported from {file} (a new export of the same survey)"),
    "import.identity.person": (
        "personnes reliées par « {columns} » (suivi entre fichiers et vagues)",
        "people linked by \"{columns}\" (followed across files and waves)"),
    "import.identity.anonymous": (
        "répondants anonymes : propres à ce questionnaire et à cette vague, jamais reliés à "
        "d'autres fichiers (ajoutez « person » à la correspondance pour suivre des personnes)",
        "anonymous respondents: specific to this survey and wave, never linked to other files "
        "(add \"person\" to the mapping to follow people)"),
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
    "import.outcome.already": ("déjà importé, rien à faire", "already imported, nothing to do"),
    "import.outcome.checked": ("validé (essai à blanc, rien n'est écrit)",
                               "checked (dry run, nothing written)"),
    "import.outcome.imported": ("importé", "imported"),
    "import.outcome.nothing_new": (
        "rien de nouveau : chaque ligne est déjà dans la base ou écartée",
        "nothing new: every row is already in the store or set aside"),
    "import.outcome.no_answers": (
        "ATTENTION : répondants enregistrés mais AUCUNE réponse aux items (la correspondance "
        "n'associe aucune colonne à un item ou à un nouvel item)",
        "WARNING: respondents stored but NO answer to any item (the mapping sends no column "
        "to an item or a new item)"),
    "import.outcome.no_answers_check": (
        "ATTENTION : aucune réponse aux items ne serait enregistrée (la correspondance "
        "n'associe aucune colonne à un item)",
        "WARNING: no answer to any item would be stored (the mapping sends no column to an "
        "item)"),
    "import.outcome.failed": ("échec, rien n'a été écrit", "failed, nothing written"),
    "import.cli.read_failed": ("Lecture impossible : {file}", "Cannot read: {file}"),
    "import.cli.import_failed": ("Échec de l'import : rien n'a été écrit.",
                                 "Import failed: nothing was written."),
    "import.notes.unfinished": ("Réponses non terminées (écartées) : {count}",
                                "Unfinished responses (left out): {count}"),
    "import.notes.skipped": ("Ligne(s) au-dessus de l'en-tête ignorée(s) : {lines}",
                             "Line(s) above the header left out: {lines}"),
    "import.notes.joined": (
        "En-tête sur deux lignes (question, puis sous-question) réunies en « Question "
        "[sous-question] » (ligne {line})",
        "Two-row header (question, then sub-question) joined as \"Question [sub-question]\" "
        "(line {line})"),
    "import.notes.renamed": (
        "{count} nom(s) de colonne répété(s), numéroté(s) à partir de la 2e occurrence : "
        "{columns}",
        "{count} repeated column name(s), numbered from the 2nd occurrence: {columns}"),
    "import.notes.personal": ("Données personnelles (jamais enregistrées) : {columns}",
                              "Personal data (never stored): {columns}"),
    "import.notes.missing_codes": (
        "Valeurs manquantes déclarées (SPSS), gardées comme telles : {columns}",
        "Declared missing values (SPSS), kept as such: {columns}"),
    "import.notes.repaired": (
        "Accents abîmés réparés à la lecture : {count} texte(s) (ex. « {found} » → "
        "« {expected} »)",
        "Mangled accents repaired while reading: {count} text(s) (e.g. \"{found}\" → "
        "\"{expected}\")"),
    "import.notes.mangled": (
        "Accents abîmés non réparables ligne {row}, colonne « {column} » : « {found} »",
        "Mangled accents that cannot be repaired, line {row}, column \"{column}\": "
        "\"{found}\""),
    "import.form.intro": (
        "{count} colonne(s) à vérifier. Une colonne ne va sur un item du cadre que si vous le "
        "choisissez ou si sa question est la même ; les questions inconnues du cadre sont "
        "proposées comme nouveaux items. Enregistrez, puis vérifiez.",
        "{count} column(s) to check. A column goes to a framework item only if you choose it "
        "or if its question is the same; questions the framework does not know are proposed "
        "as new items. Save, then check."),
    "import.form.role.new_item": ("Nouvel item (hors cadre)", "New item (outside the framework)"),
    "import.form.role.open_text": ("Texte libre (verbatim)", "Free text (verbatim)"),
    "import.form.role.person": ("Identifie la personne (pseudonyme)",
                                "Identifies the person (pseudonym)"),
    "import.form.role.group": ("Groupe d'acteurs", "Stakeholder group"),
    "import.form.role.qpv": ("Quartier (QPV)", "Neighbourhood (QPV)"),
    "import.form.role.organisation": ("Organisation", "Organisation"),
    "import.form.role.ignore": ("Ignorer", "Ignore"),
    "import.form.role.other": ("Non utilisée", "Not used"),
    "import.form.confirm": ("même question que {item} ? ({score} %)",
                            "same question as {item}? ({score} %)"),
    "import.form.lessons_hint": ("L1, L3", "L1, L3"),
    "import.app.add_items": ("Ajouter les nouveaux items au cadre",
                             "Add the new items to the framework"),
    "import.app.items_added": (
        "Ajouté(s) au cadre (data/framework.yml) : {items}. Ils peuvent désormais servir aux "
        "indicateurs.",
        "Added to the framework (data/framework.yml): {items}. Indicators can now use them."),
    "import.app.items_pending": (
        "{count} nouvel(s) item(s) de cette correspondance ne sont pas encore dans le cadre : "
        "leurs réponses seront enregistrées, mais aucun indicateur ne les utilise tant que vous "
        "ne les ajoutez pas au cadre.",
        "{count} new item(s) of this mapping are not in the framework yet: their answers will be "
        "stored, but no indicator uses them until you add them to the framework."),
    "import.form.personal": ("données personnelles ({kind})", "personal data ({kind})"),
    "import.form.scale_mismatch": ("échelle différente de celle de {item}",
                                   "scale differs from {item}'s"),
    "import.form.scale_codes": ("échelle de {low} à {high}", "scale from {low} to {high}"),
    "import.form.scale_named": ("échelle {name} ({points} points)",
                                "scale {name} ({points} points)"),
    "import.form.scale_missing": ("hors échelle : {labels}", "outside the scale: {labels}"),
    "import.app.intro": (
        "Déposez un export (il est rangé dans data/raw/ et jamais modifié) ou choisissez-en "
        "un ; vérifiez ce qui a été reconnu et la correspondance proposée, puis importez.",
        "Upload an export (it is kept in data/raw/ and never modified) or choose one; check "
        "what was recognised and the proposed mapping, then import."),
    "import.app.upload": ("Déposer un fichier", "Upload a file"),
    "import.app.wave_from_file": ("d'après le fichier", "from the file"),
    "import.app.extra_names": ("Noms à masquer", "Names to screen"),
    "import.app.extra_names_hint": (
        "Noms à retirer des textes libres, un par ligne (en plus de ceux des émargements)",
        "Names to remove from free text, one per line (besides those of the sign-in sheets)"),
    "import.app.save_mapping": ("Enregistrer la correspondance", "Save the mapping"),
    "import.app.mapping_saved": (
        "Correspondance enregistrée dans {file} (à côté de l'export) ; le fichier a été "
        "vérifié à nouveau.",
        "Mapping saved as {file} (beside the export); the file was checked again."),
    "import.app.no_mapping_form": (
        "Pas encore de correspondance pour {file} : voici la proposition ({matched} colonne(s) "
        "reconnue(s) comme items du cadre, {uncertain} à confirmer, {new} nouvel(s) item(s)). "
        "Vérifiez-la ci-dessous puis enregistrez-la.",
        "No mapping yet for {file}: here is the proposal ({matched} column(s) recognised as "
        "framework items, {uncertain} to confirm, {new} new item(s)). Check it below, then "
        "save it."),
    "import.app.identity": ("Répondants", "Respondents"),
    "import.app.delimiter_semicolon": ("point-virgule (;)", "semicolon (;)"),
    "import.app.delimiter_comma": ("virgule (,)", "comma (,)"),
    "import.app.delimiter_tab": ("tabulation", "tab"),
    "import.app.reexport": (
        "Nouvel export du même questionnaire que {files} : {known} réponse(s) déjà dans la "
        "base seront laissées de côté (rien n'est compté deux fois) ; {new} nouvelle(s).",
        "A new export of the same survey as {files}: {known} response(s) already in the store "
        "are left out (nothing is counted twice); {new} new."),
    "import.app.done_no_answers": (
        "Importé, mais AUCUNE réponse aux items : {rows} répondant(s) enregistré(s) ({file}). "
        "Vérifiez la correspondance.",
        "Imported, but NO answer to any item: {rows} respondent(s) stored ({file}). Check the "
        "mapping."),
    "import.app.done_nothing_new": (
        "Rien de nouveau dans {file} : ses réponses étaient déjà dans la base.",
        "Nothing new in {file}: its responses were already in the store."),
    "import.app.col.rows": ("Lignes", "Rows"),
    "import.app.col.count": ("Fois", "Times"),
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
        "Aucun problème : {rows} ligne(s) prête(s) à importer ({answers} réponse(s) aux "
        "items).",
        "No problem: {rows} row(s) ready to import ({answers} answer(s) to items)."),
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
}
