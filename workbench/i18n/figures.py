"""Texts saying how far a figure can be trusted: methods, units, « ne se prononce pas »,
reliability and coder agreement, who answered, the same people or successive photographs, and
the adjudication of coders' disagreements."""

TEXTS: dict[str, tuple[str, str]] = {
    # --- methods (``indicator.method.<cube method>``) -------------------------------------------
    "indicator.method.t_mean_of_persons": (
        "Moyenne des scores des personnes (chaque personne compte une fois, quel que soit le "
        "nombre d'items auxquels elle a répondu) ; intervalle de Student à 95 %",
        "Mean of the people's scores (each person counts once, however many items they "
        "answered); 95% Student t interval"),
    "indicator.method.clopper_pearson_persons": (
        "Moyenne des scores des personnes ; intervalle exact de Clopper–Pearson à 95 % sur les "
        "personnes (peu de personnes, ou une part de 0 % ou 100 % : l'intervalle ne se réduit "
        "jamais à un point)",
        "Mean of the people's scores; 95% exact Clopper–Pearson interval on the people (few "
        "people, or a share of 0% or 100%: the interval never shrinks to a point)"),
    "indicator.method.wilson_persons": (
        "Moyenne des scores des personnes ; intervalle de Wilson à 95 % sur les personnes",
        "Mean of the people's scores; 95% Wilson interval on the people"),
    "indicator.method.cluster_robust_t_persons": (
        "Toutes vagues : moyenne des scores personne × vague ; n = personnes distinctes, une "
        "personne présente à plusieurs vagues n'est comptée qu'une fois ; intervalle robuste "
        "regroupant les réponses de chaque personne (t à 95 %)",
        "All waves: mean of the person × wave scores; n = distinct people, a person present at "
        "several waves counts once; interval robust to each person's repeated answers (95% t)"),
    "indicator.method.not_estimable": ("Pas d'estimation possible", "Not estimable"),
    "indicator.method.cluster_robust_t_change": (
        "Évolution entre deux vagues sur toutes les personnes présentes à l'une ou à l'autre ; "
        "intervalle robuste par personne (tient compte des personnes suivies aux deux vagues)",
        "Change between two waves over everyone present at either; interval robust per person "
        "(accounts for the people followed at both waves)"),
    "indicator.method.newcombe_from_wave_intervals": (
        "Évolution entre deux vagues ; intervalle de Newcombe construit à partir de "
        "l'intervalle de chaque vague (prudent)",
        "Change between two waves; Newcombe interval built from each wave's interval "
        "(conservative)"),
    "indicator.method.ratio_t_by_contributor": (
        "Part calculée sur les verbatims (ou les pronoms) ; intervalle à 95 % qui regroupe les "
        "paroles de chaque contributeur",
        "Share over verbatims (or pronouns); 95% interval grouping each contributor's words"),
    "indicator.method.clopper_pearson_contributors": (
        "Part calculée sur les verbatims (ou les pronoms) ; intervalle exact de Clopper–Pearson "
        "sur les contributeurs (part de 0 % ou 100 %, ou peu de contributeurs)",
        "Share over verbatims (or pronouns); exact Clopper–Pearson interval on the contributors "
        "(a share of 0% or 100%, or few contributors)"),
    "indicator.method.full_count_of_target": (
        "Décompte complet rapporté à la cible du cadre (« x sur y ») : pas d'intervalle, rien "
        "n'est estimé",
        "Full count against the framework's target (\"x of y\"): no interval, nothing is "
        "estimated"),
    "indicator.method.full_count_of_known": (
        "Décompte complet rapporté aux personnes connues (« x sur y ») : pas d'intervalle",
        "Full count against the people known (\"x of y\"): no interval"),
    "indicator.method.full_count_of_roster": (
        "Décompte complet des organisations de la liste du cadre (« x sur y organisations ») : "
        "pas d'intervalle",
        "Full count of the framework roster's organisations (\"x of y organisations\"): no "
        "interval"),
    "indicator.method.wilson_share_facilitated": (
        "Part des présents ayant animé une séance ; intervalle de Wilson à 95 %",
        "Share of those present who facilitated a session; 95% Wilson interval"),
    "indicator.method.direct_standardisation_first_wave_groups": (
        "Ajusté à la composition de la première vague : moyenne des groupes d'acteurs pondérée "
        "par leur poids à la première vague (standardisation directe ; les groupes trop petits "
        "pour être publiés sont regroupés)",
        "Adjusted to the first wave's mix: the stakeholder groups' means weighted by their "
        "share at the first wave (direct standardisation; groups too small to publish are "
        "pooled)"),
    "indicator.mode.mixed": (
        "en partie les mêmes personnes", "partly the same people"),
    "common.mode_mixed": ("en partie les mêmes personnes (panel partiel)",
                          "partly the same people (partial panel)"),
    # --- units, counts, waves without events --------------------------------------------------
    "figures.unit.people": ("personnes", "people"),
    "figures.unit.organisations": ("organisations", "organisations"),
    "figures.unit.verbatims": ("verbatims", "verbatims"),
    "figures.unit.pronouns": ("pronoms", "pronouns"),
    "figures.unit.inhabitants": ("habitants", "inhabitants"),
    "figures.n_of": ("{n} {unit}", "{n} {unit}"),
    "figures.n_of_people": ("{n} {unit} ({people} personnes)", "{n} {unit} ({people} people)"),
    "figures.full_count": ("{x} sur {y}", "{x} of {y}"),
    "figures.full_count_unit": ("{x} sur {y} {unit}", "{x} of {y} {unit}"),
    "figures.note.no_event_yet": (
        "aucune étape tenue avant cette vague", "no step held before this wave"),
    "figures.nsp_short": ("NSP {share}", "Don't know {share}"),
    "figures.interval_none": ("sans objet (décompte complet)", "none (full count)"),
    # --- reliability --------------------------------------------------------------------------
    "figures.reliability": ("Fiabilité", "Reliability"),
    "figures.alpha": ("α = {alpha}", "α = {alpha}"),
    "figures.alpha_n": ("α = {alpha} ({n} personnes ayant répondu à au moins deux items)",
                        "α = {alpha} ({n} people who answered two items or more)"),
    "figures.alpha_low": (
        "α faible (< 0,6) : les items de cette échelle ne mesurent pas tout à fait la même "
        "chose ; lire aussi les réponses item par item",
        "low α (< 0.6): the items of this scale do not quite measure the same thing; read the "
        "answers item by item too"),
    "figures.alpha_negative": (
        "α négatif : les items de cette échelle se contredisent ; ne pas les lire comme un "
        "seul score",
        "negative α: the items of this scale contradict each other; do not read them as one "
        "score"),
    "figures.agreement": ("accord entre codeurs : {measure} = {value} ({units} verbatims codés "
                          "par au moins deux codeurs)",
                          "coder agreement: {measure} = {value} ({units} verbatims coded by "
                          "two coders or more)"),
    "figures.measure.cohen_kappa": ("κ de Cohen", "Cohen's κ"),
    "figures.measure.krippendorff_alpha": ("α de Krippendorff", "Krippendorff's α"),
    "figures.reliability.low": ("fiabilité faible", "low reliability"),
    "figures.reliability.tentative": ("fiabilité provisoire", "tentative reliability"),
    "figures.reliability.reliable": ("fiable", "reliable"),
    "figures.reliability.undefined": ("accord non mesuré (un seul codeur)",
                                      "agreement not measured (one coder)"),
    "figures.reliability.automatic": ("repère automatique (sans codage)",
                                      "automatic cue (no coding)"),
    "figures.reliability.low_note": (
        "Fiabilité faible : les codeurs s'accordent peu sur ce code (α de Krippendorff sous "
        "0,667, seuil des conclusions provisoires) ; ne pas en tirer de conclusion.",
        "Low reliability: the coders agree little on this code (Krippendorff's α under "
        "0.667, the threshold for tentative conclusions); draw no conclusion from it."),
    # --- the same people or successive photographs --------------------------------------------
    "figures.mode_mixed_explain": (
        "{repeat} des {n} personnes ont répondu à au moins deux vagues : les évolutions suivent "
        "en partie les mêmes personnes (intervalles robustes par personne) ; « Toutes les "
        "vagues » compte chaque personne une fois.",
        "{repeat} of the {n} people answered two waves or more: changes partly follow the same "
        "people (intervals robust per person); \"All waves\" counts each person once."),
    "figures.mode_mixed_short": (
        "Les mêmes personnes sont en partie suivies d'une vague à l'autre (intervalles robustes "
        "par personne) ; « Toutes les vagues » compte chaque personne une fois.",
        "The same people are partly followed from one wave to the next (intervals robust per "
        "person); \"All waves\" counts each person once."),
    "figures.change": ("Évolution depuis {wave}", "Change since {wave}"),
    "figures.change_cell": ("{value} pts [{lower} ; {upper}]", "{value} pts [{lower} ; {upper}]"),
    "figures.change_followed": ("dont {n} suivies aux deux vagues", "{n} followed at both waves"),
    # --- who answered -------------------------------------------------------------------------
    "figures.composition_title": ("Qui a répondu à chaque vague (personnes par groupe d'acteurs)",
                                  "Who answered each wave (people per stakeholder group)"),
    "figures.composition_cell": ("{n} ({share})", "{n} ({share})"),
    "figures.composition_moved": (
        "La composition des répondants a changé d'une vague à l'autre (un groupe a gagné ou "
        "perdu au moins 5 points) : une partie de l'évolution des parts d'accord peut venir de "
        "qui a répondu, et non d'un changement d'avis. Voir ci-dessous les parts ajustées.",
        "Who answered changed from one wave to the next (a group gained or lost 5 points or "
        "more): part of the change in agreement may come from who answered, not from a change "
        "of mind. See the adjusted shares below."),
    "figures.composition_stable": (
        "La composition des répondants est restée proche d'une vague à l'autre.",
        "Who answered stayed close from one wave to the next."),
    "figures.adjusted_title": (
        "Part d'accord ajustée à la composition de {wave} (chiffre calculé, à lire à côté de "
        "la part publiée)",
        "Agreement share adjusted to the {wave} mix (a computed figure, to read beside the "
        "published share)"),
    "figures.adjusted_published": ("publiée", "published"),
    "figures.adjusted_adjusted": ("ajustée à {wave}", "adjusted to {wave}"),
    "figures.adjusted_none": ("sans objet", "not applicable"),
    "figures.adjusted_withheld_cell": ("non publiée (secret statistique)",
                                       "not published (statistical secrecy)"),
    "figures.adjusted_withheld": (
        "Les parts ajustées à la composition de {wave} ne sont pas publiées : avec les cases "
        "déjà masquées pour ce territoire, elles permettraient de retrouver la réponse d'un "
        "groupe (secret statistique). Lisez l'évolution avec prudence.",
        "The shares adjusted to the {wave} mix are not published: with the cells already "
        "masked for this area, they would reveal a group's answer (statistical secrecy). Read "
        "the change with care."),
    # --- framework warnings -------------------------------------------------------------------
    "framework.warning.item_lesson_unused": (
        "L'item {item} est rattaché à l'enseignement {lesson} dans le cadre, mais aucun "
        "indicateur de {lesson} ne l'utilise : ses réponses n'entrent dans aucun chiffre de "
        "{lesson}.",
        "Item {item} is tagged with lesson {lesson} in the framework, but no indicator of "
        "{lesson} uses it: its answers enter no figure of {lesson}."),
    # --- adjudication of coders' disagreements --------------------------------------------------
    "adjudication.title": ("Arbitrer les désaccords entre codeurs",
                           "Adjudicate the coders' disagreements"),
    "adjudication.lead": (
        "Quand deux codeurs ne sont pas d'accord (l'un a coché, l'autre non), le code n'est "
        "retenu qu'après arbitrage. Votre nom n'est pas enregistré : seul son identifiant "
        "pseudonyme l'est.",
        "When two coders disagree (one ticked, the other did not), the code is kept only once "
        "adjudicated. Your name is not stored: only its pseudonymous id is."),
    "adjudication.name": ("Arbitre", "Adjudicator"),
    "adjudication.name_placeholder": ("votre nom (non enregistré)", "your name (not stored)"),
    "adjudication.start": ("Commencer", "Start"),
    "adjudication.keep": ("Retenir le code", "Keep the code"),
    "adjudication.drop": ("Écarter le code", "Drop the code"),
    "adjudication.valence": ("Tonalité retenue", "Valence kept"),
    "adjudication.skip": ("Passer", "Skip"),
    "adjudication.withdraw": ("Annuler l'arbitrage", "Withdraw the decision"),
    "adjudication.none": ("Aucun désaccord à arbitrer.", "No disagreement to adjudicate."),
    "adjudication.count": ("{n} désaccord(s) ; {open} en attente d'arbitrage.",
                           "{n} disagreement(s); {open} awaiting adjudication."),
    "adjudication.position": ("Désaccord {i} sur {n}", "Disagreement {i} of {n}"),
    "adjudication.code": ("Code : {code}", "Code: {code}"),
    "adjudication.ticks": ("{ticks} codeur(s) sur {coders} l'ont coché ({who})",
                           "{ticks} of {coders} coder(s) ticked it ({who})"),
    "adjudication.status.tie": ("à arbitrer (égalité)", "to adjudicate (tie)"),
    "adjudication.status.minority": ("non retenu (minorité)", "not kept (minority)"),
    "adjudication.status.agreed": ("retenu (majorité)", "kept (majority)"),
    "adjudication.status.adjudicated": ("arbitré", "adjudicated"),
    "adjudication.decided": ("Décision enregistrée : {decision}", "Decision recorded: {decision}"),
    "adjudication.kept": ("retenu", "kept"),
    "adjudication.dropped": ("écarté", "dropped"),
    "adjudication.bad_code": ("Le code « {code} » ne s'arbitre pas.",
                              "Code \"{code}\" cannot be adjudicated."),
    "adjudication.bad_decision": (
        "Décision « {found} » invalide (attendu : retenu 1 ou écarté 0 ; tonalité −1, 0 ou +1).",
        "Invalid decision \"{found}\" (expected kept 1 or dropped 0; valence −1, 0 or +1)."),
    "adjudication.need_name": ("Indiquez votre nom pour arbitrer.",
                               "Give your name to adjudicate."),
}
