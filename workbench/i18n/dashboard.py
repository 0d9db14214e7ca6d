"""Texts of the COPIL dashboard, the explorer and the import overview."""

TEXTS: dict[str, tuple[str, str]] = {
    "dashboard.title": (
        "Évaluation du contrat de ville : tableau de bord du comité de pilotage",
        "Urban contract evaluation: steering committee dashboard",
    ),
    "dashboard.figure_plain": ("Graphique : {title}", "Chart: {title}"),
    "dashboard.more_sections": (
        "Afficher la suite : participation, réseau de coopération, paroles, chemin de changement",
        "Show the rest: participation, cooperation network, what people said, change pathway"),
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
    "dashboard.whole_territory": ("{value} (tout le territoire : ce filtre ne s'applique pas)",
                                  "{value} (whole territory: this filter does not apply)"),
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
    "explorer.export": ("Télécharger le tableau (XLSX)", "Download the table (XLSX)"),
    "explorer.by_unavailable": (
        "« {indicator} » n'est pas ventilé par {by}.", "\"{indicator}\" has no breakdown by {by}."),
    "explorer.scope.relations": (
        "« {indicator} » porte sur le réseau des organisations, mesuré à chaque vague : il "
        "n'existe pas par {dims}. Ces filtres ne s'y appliquent pas.",
        "\"{indicator}\" is about the network of organisations, measured at each wave: it does "
        "not exist by {dims}. Those filters do not apply."),
    "explorer.scope.change": (
        "« {indicator} » vient des marqueurs de progrès, notés pour tout le territoire : il "
        "n'existe pas par {dims}. Ces filtres ne s'y appliquent pas.",
        "\"{indicator}\" comes from the progress markers, rated for the whole territory: it "
        "does not exist by {dims}. Those filters do not apply."),
    "explorer.scope.other": (
        "« {indicator} » n'est pas calculé par {dims} : ces filtres ne s'y appliquent pas.",
        "\"{indicator}\" is not computed by {dims}: those filters do not apply."),
    "explorer.empty": (
        "Aucune valeur pour ce choix ({choice}) : les données importées ne couvrent pas cette "
        "combinaison. Essayez un autre filtre.",
        "No value for this choice ({choice}): the imported data do not cover this combination. "
        "Try another filter."),
    "explorer.no_filter": ("sans filtre", "no filter"),
    "explorer.dim.wave": ("vague", "wave"),
    "explorer.dim.qpv": ("quartier", "neighbourhood"),
    "explorer.dim.group": ("groupe d'acteurs", "stakeholder group"),
    "explorer.dim.step": ("étape", "step"),
    "explorer.dims_joiner": (" ni par ", " nor by "),
    "explorer.xlsx.title": ("Explorateur d'indicateurs : {indicator}",
                            "Indicator explorer: {indicator}"),
    "explorer.xlsx.lower": ("Borne basse (95 %)", "Lower bound (95%)"),
    "explorer.xlsx.upper": ("Borne haute (95 %)", "Upper bound (95%)"),
    "explorer.xlsx.note": ("Remarque", "Note"),
    "explorer.xlsx.all_wave": ("toutes les vagues", "all waves"),
    "explorer.xlsx.all_qpv": ("tous les quartiers", "all neighbourhoods"),
    "explorer.xlsx.all_group": ("tous les groupes", "all groups"),
    "explorer.xlsx.masking": ("Secret statistique", "Statistical confidentiality"),
    "download.failed": (
        "Le fichier n'a pas pu être préparé. Réessayez ; si le problème persiste, prévenez "
        "l'équipe d'évaluation.",
        "The file could not be prepared. Try again; if the problem persists, tell the "
        "evaluation team."),
    "download.sent": ("{name} ({size}) envoyé au navigateur : voyez vos téléchargements.",
                      "{name} ({size}) sent to the browser: see your downloads."),
    "download.bytes": ("{n} octets", "{n} bytes"),
    "download.kilobytes": ("{n} Ko", "{n} KB"),
    "download.exported_on": ("Exporté le", "Exported on"),
    "chart.targets_legend": ("Cible (pointillés de la couleur de l'indicateur)",
                             "Target (dashes in the indicator's colour)"),
    "cycle.title": ("Où en est l'évaluation ?", "Where does the evaluation stand?"),
    "cycle.table_caption": ("Vague par vague", "Wave by wave"),
    "cycle.stage": ("Étape du cycle", "Stage of the cycle"),
    "cycle.stage.questionnaires": ("Questionnaires importés", "Questionnaires imported"),
    "cycle.stage.relational": ("Enquête relationnelle importée", "Relational survey imported"),
    "cycle.stage.verbatims": ("Verbatims importés", "Verbatims imported"),
    "cycle.stage.coded": ("Verbatims codés", "Verbatims coded"),
    "cycle.stage.double": ("Verbatims codés par deux codeurs ou plus",
                           "Verbatims coded by two coders or more"),
    "cycle.stage.readings": ("Enseignements lus par le comité", "Lessons read by the committee"),
    "cycle.of": ("{done} sur {total}", "{done} of {total}"),
    "cycle.task.import": ("Importer « {what} » de la vague {wave}.",
                          "Import \"{what}\" for wave {wave}."),
    "cycle.task.code": ("Coder {n} verbatim(s) de la vague {wave}.",
                        "Code {n} verbatim(s) of wave {wave}."),
    "cycle.task.second_coder": (
        "Faire coder {n} verbatim(s) de la vague {wave} par un second codeur (pour mesurer "
        "l'accord entre codeurs).",
        "Have {n} verbatim(s) of wave {wave} coded by a second coder (to measure agreement)."),
    "cycle.task.read": ("Recueillir la lecture du comité pour {lessons} (vague {wave}).",
                        "Record the committee's reading of {lessons} (wave {wave})."),
    "cycle.process.attendance": (
        "Feuilles d'émargement : {done} étape(s) de la démarche sur {total} importée(s).",
        "Sign-in sheets: {done} of {total} process steps imported."),
    "cycle.process.pathway": (
        "Chemin de changement importé ({changes} changements) ; marqueurs de progrès notés aux "
        "périodes : {periods}.",
        "Change pathway imported ({changes} changes); progress markers rated at: {periods}."),
    "cycle.process.no_pathway": ("Aucun chemin de changement importé.",
                                 "No change pathway imported."),
    "cycle.before_copil": ("Avant le prochain comité de pilotage (vague {wave})",
                           "Before the next steering committee (wave {wave})"),
    "cycle.next_wave": ("Rien ne manque pour la vague {wave}.", "Nothing is missing for {wave}."),
    "cycle.all_done": (
        "Toutes les vagues du cadre sont importées, codées et lues par le comité.",
        "Every wave of the framework is imported, coded and read by the committee."),
    "cycle.read_at": (
        "Lu dans la base à {time} ; suit ce que font les carnets ouverts ici. « Mettre à "
        "jour » relit la base après un import fait dans un autre carnet ou en ligne de "
        "commande.",
        "Read from the store at {time}; follows what this notebook does. \"Refresh\" reads "
        "the store again after an import made in another notebook or on the command line."),
    "cycle.refresh": ("Mettre à jour", "Refresh"),
    "cycle.next_notebook": ("**Carnet à ouvrir ensuite : [{title}]({file})**",
                            "**Notebook to open next: [{title}]({file})**"),
    "cycle.where.dashboard": ("tableau de bord du COPIL, « make dashboard »",
                              "COPIL dashboard, \"make dashboard\""),
    "cycle.notebook.import": ("01 · Importer des données", "01 · Import data"),
    "cycle.notebook.explore": ("02 · Explorer les indicateurs", "02 · Explore the indicators"),
    "cycle.notebook.code": ("03 · Coder les verbatims", "03 · Code the verbatims"),
    "cycle.notebook.cooperation": ("04 · Réseau de coopération", "04 · Cooperation network"),
    "cycle.notebook.pathways": ("05 · Chemins de changement", "05 · Change pathways"),
    "table.yes": ("oui", "yes"),
    "table.no": ("non", "no"),
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
}
