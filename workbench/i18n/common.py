"""Texts shared by every view: filters, units, indicators, charts, the command line."""

TEXTS: dict[str, tuple[str, str]] = {
    "common.all": ("Ensemble", "All"),
    "common.all_waves": ("Toutes les vagues", "All waves"),
    "common.all_waves_short": ("toutes vagues", "all waves"),
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
    "cli.done": ("Terminé.", "Done."),
    # why a cell is masked (``reason`` keys, rendered by ``i18n.mask_reason``)
    "mask.small_cell": ("effectif trop faible", "group too small"),
    "mask.group_disclosure": ("masqué : révélerait la réponse d'un petit groupe",
                              "hidden: would reveal a small group's answer"),
    "mask.secondary": ("masqué pour protéger une autre case",
                       "hidden to protect another cell"),
    # merged answers of a Likert item (published distributions)
    "chart.likert.disagree": ("Pas d'accord ({levels})", "Disagree ({levels})"),
    "chart.likert.agree": ("D'accord ({levels})", "Agree ({levels})"),
    "chart.likert.neutral": ("Ni l'un ni l'autre ({levels})", "Neither ({levels})"),
    "chart.likert.neutral_nsp": ("Ni l'un ni l'autre, ou ne se prononce pas",
                                 "Neither, or don't know"),
    "chart.likert.not_agree": ("Pas d'accord, neutre ou ne se prononce pas",
                               "Disagree, neither, or don't know"),
    "dashboard.likert_not_crossed": (
        "Les réponses détaillées sont publiées par quartier ou par groupe, pas pour les deux à "
        "la fois (trop peu de personnes par case).",
        "Detailed answers are published by neighbourhood or by group, not both at once (too "
        "few people per cell)."),
    # name screening of verbatims (fails closed)
    "screening.unreadable": (
        "Fichier `{file}` illisible ({detail}) : les noms de cette feuille (d'émargement ?) ne "
        "peuvent pas être masqués dans les verbatims, rien n'a été importé. Réparez ou retirez "
        "ce fichier du dossier, ou relancez avec --ignorer-illisibles (ses noms ne seront alors "
        "pas masqués).",
        "File `{file}` cannot be read ({detail}): the names of this (sign-in?) sheet cannot be "
        "screened out of the verbatims, nothing was imported. Repair the file or move it out "
        "of the folder, or run again with --ignorer-illisibles (its names will not be "
        "screened)."),
    "screening.expected": ("une feuille lisible (CSV, XLSX)", "a readable sheet (CSV, XLSX)"),
    "screening.skipped": (
        "Fichier `{file}` illisible : ses noms n'ont PAS été masqués dans les verbatims "
        "(import forcé).",
        "File `{file}` cannot be read: its names were NOT screened out of the verbatims "
        "(import forced)."),
    # the relational survey: what the reports say of the ratings
    "network.ratings_symmetrised": (
        "Une personne répond souvent pour son organisation : la carte ne montre que les paires "
        "que les deux organisations ont notées, au plus bas des deux niveaux, et les paires à "
        "discuter ne disent pas qui a donné quelle note.",
        "One person often answers for their organisation: the map shows only the pairs both "
        "organisations rated, at the lower of the two levels, and the pairs to discuss do not "
        "say who gave which rating."),
    "network.ratings_per_pair": (
        "Les notes de chaque paire sont publiées avec le consentement des répondants : "
        "« {consent} »",
        "Each pair's ratings are published with the respondents' consent: \"{consent}\""),
    "network.col.ratings": ("Qui a noté quoi", "Who rated what"),
    "network.pair_ratings": ("{a} : {ra} ; {b} : {rb}", "{a}: {ra}; {b}: {rb}"),
}
