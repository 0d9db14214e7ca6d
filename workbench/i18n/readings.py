"""Texts of the committee's readings and of the static dashboard copy."""

TEXTS: dict[str, tuple[str, str]] = {
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
    # what each view of the static copy shows, under the filters chosen
    "static.shows": ("Ce que montre cette vue :", "What this view shows:"),
    "static.wave_prefix": ("vague", "wave"),
    "static.fixed.territory": ("tout le territoire", "the whole territory"),
    "static.fixed.organisations": ("les organisations", "the organisations"),
    "static.fixed.each_wave": ("chaque vague", "each wave"),
    "static.fixed.actor_groups": ("chaque groupe d'acteurs", "each actor group"),
    "static.fixed.latest_period": ("dernière période notée", "latest rated period"),
    "static.fixed.each_period": ("chaque période notée", "each rated period"),
    "static.fixed.committee": ("le comité de pilotage", "the steering committee"),
}
