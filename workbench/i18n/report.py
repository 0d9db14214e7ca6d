"""Texts of the HTML reports and their XLSX tables."""

TEXTS: dict[str, tuple[str, str]] = {
    "report.reliability.lead": (
        "Fiabilité des échelles : l'alpha de Cronbach dit si les affirmations d'un même "
        "enseignement mesurent la même chose (0,7 et plus : cohérentes ; sous 0,6 : « α "
        "faible », à lire item par item ; négatif : les affirmations se contredisent). Il est "
        "calculé sur les personnes du score qui ont répondu à au moins deux affirmations (n) ; "
        "celles qui n'ont répondu qu'à une affirmation (souvent les habitants) comptent dans le "
        "score mais ne peuvent pas entrer dans l'alpha.",
        "Scale reliability: Cronbach's alpha says whether a lesson's statements measure the same "
        "thing (0.7 and above: consistent; under 0.6: \"low α\", read item by item; negative: "
        "the statements contradict each other). It is computed on the score's people who "
        "answered two statements or more (n); those who answered one statement (often "
        "residents) count in the score but cannot enter alpha.",
    ),
    "report.reliability.caption": ("Alpha de Cronbach par vague", "Cronbach's alpha by wave"),
    "report.reliability.scale": ("Échelle", "Scale"),
    "report.reliability.cell": ("α = {alpha} (n = {n})", "α = {alpha} (n = {n})"),
    "report.reliability.low": ("{cell} — α faible", "{cell} — low α"),
    "report.reliability.negative": ("{cell} — α négatif", "{cell} — negative α"),
    "report.agreement.caption": (
        "Accord entre codeurs, par code (tous les verbatims codés par au moins deux codeurs)",
        "Coder agreement, per code (every verbatim coded by two coders or more)"),
    "report.agreement.code": ("Code", "Code"),
    "report.agreement.valence": ("Tonalité (−, 0, +)", "Valence (−, 0, +)"),
    "report.agreement.units": ("Verbatims codés deux fois", "Verbatims coded twice"),
    "report.agreement.measure": ("Mesure", "Measure"),
    "report.agreement.kappa": ("κ de Cohen", "Cohen's κ"),
    "report.agreement.alpha": ("α de Krippendorff", "Krippendorff's α"),
    "report.agreement.reading": ("Lecture", "Reading"),
    "report.agreement.lead": (
        "Un verbatim porte un enseignement quand plus de la moitié de ses codeurs l'ont coché ; "
        "à égalité (un codeur sur deux), il faut un arbitrage enregistré dans l'application de "
        "codage. Sous 0,667 (seuil de Krippendorff pour des conclusions provisoires), un code "
        "est marqué « fiabilité faible » : ses chiffres ne permettent pas de conclure.",
        "A verbatim carries a lesson when more than half of its coders ticked it; on a tie (one "
        "coder of two) an adjudication recorded in the coding app is needed. Under 0.667 "
        "(Krippendorff's threshold for tentative conclusions) a code is marked \"low "
        "reliability\": its figures do not allow a conclusion.",
    ),
    "report.methods_title": ("Méthodes des chiffres ci-dessus :", "Methods of the figures above:"),
    "report.change.caption": (
        "Évolution de {first} à {last} (part d'accord, en points)",
        "Change from {first} to {last} (agreement share, in points)"),
    "report.change.value": ("Évolution", "Change"),
    "report.change.followed": ("Personnes suivies aux deux vagues",
                               "People followed at both waves"),
    "report.change.paired": ("Évolution des personnes suivies", "Change of the people followed"),
    "report.likert_title": ("Réponses détaillées, vague {wave} (« ne se prononce pas » à droite)",
                            "Detailed answers, wave {wave} (\"don't know\" on the right)"),
    "report.method_persons": (
        "Chaque personne compte une fois : la part d'accord d'un enseignement est la moyenne, "
        "sur les répondants, de la part de leurs propres réponses d'accord aux affirmations de "
        "l'enseignement (une personne qui a répondu à deux affirmations ne pèse pas double). "
        "« Ne se prononce pas » n'entre pas dans cette part ; sa proportion est donnée à côté "
        "de chaque chiffre d'accord.",
        "Each person counts once: a lesson's agreement share is the mean, over respondents, of "
        "the share of their own agreeing answers to the lesson's statements (someone who "
        "answered two statements does not weigh double). \"Don't know\" does not enter that "
        "share; its proportion is given beside every agreement figure.",
    ),
    "report.method_panel": (
        "Les mêmes personnes sont en partie suivies d'une vague à l'autre (identifiant "
        "pseudonyme) : les évolutions tiennent compte de ces personnes (intervalles robustes "
        "par personne, et évolution des seules personnes suivies), chaque chiffre dit s'il "
        "compare les mêmes personnes ou des photographies successives, et « Toutes les vagues » "
        "compte chaque personne une fois. Quand la composition des répondants change (moins "
        "d'habitants, plus d'élus…), une part ajustée à la composition de la première vague "
        "est donnée à côté du baromètre.",
        "The same people are partly followed from one wave to the next (pseudonymous id): "
        "changes account for them (intervals robust per person, and the change of the people "
        "followed only), every figure says whether it compares the same people or successive "
        "snapshots, and \"All waves\" counts each person once. When who answered changes "
        "(fewer residents, more elected officials…), a share adjusted to the first wave's mix "
        "is given beside the barometer.",
    ),
    "report.method_units": (
        "Chaque effectif nomme son unité (personnes, organisations, verbatims). Un décompte "
        "complet rapporté à une liste (« 14 sur 24 élus ciblés ») n'a pas d'intervalle : rien "
        "n'y est estimé. Une vague antérieure à toute étape le dit au lieu d'afficher 0 %.",
        "Every count names its unit (people, organisations, verbatims). A full count against "
        "a list (\"14 of 24 targeted officials\") has no interval: nothing is estimated. A "
        "wave before any step says so instead of showing 0%.",
    ),
    "report.framework_warnings": ("Points d'attention du cadre d'évaluation :",
                                  "Points to check in the evaluation framework:"),
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
        "Les intervalles sont des intervalles de confiance à 95 % : Student sur les scores des "
        "personnes, ou Clopper–Pearson (exact) quand il y a peu de personnes ou que la part "
        "vaut 0 % ou 100 % — un intervalle ne se réduit jamais à un point. Ils disent la "
        "précision de chaque chiffre ; la méthode de chaque chiffre est rappelée sous ses "
        "tableaux.",
        "Intervals are 95% confidence intervals: Student on the people's scores, or "
        "Clopper–Pearson (exact) when there are few people or the share is 0% or 100% — an "
        "interval never shrinks to a point. They show how precise each figure is; each "
        "figure's method is recalled under its tables.",
    ),
    "report.method_pseudonyms": (
        "Aucun nom ni courriel n'est conservé : chaque personne est suivie d'une vague à "
        "l'autre par un identifiant pseudonyme (empreinte à clé secrète). Les codeurs et les "
        "auteurs des lectures du comité ont chacun leur propre clé : leurs identifiants ne "
        "peuvent pas être rapprochés des réponses ou des présences.",
        "No name or e-mail is kept: each person is followed across waves through a "
        "pseudonymous id (keyed hash). Coders and the authors of the committee's readings each "
        "have their own key: their ids cannot be linked to answers or attendance.",
    ),
    "report.method.secrecy_title": ("Secret statistique", "Statistical secrecy"),
    "report.method.rule": (
        "Règle de publication : aucun effectif ni dénominateur de moins de {k} personnes ; "
        "aucune part ni répartition dont on puisse déduire que moins de {c} personnes d'un "
        "groupe ont donné une réponse ou fait quelque chose, ni que tout le groupe ou personne "
        "ne l'a fait (« 0 % » ou « 100 % » disent la réponse de chacun).",
        "Publication rule: no count or denominator under {k} people; no share or distribution "
        "from which a reader can deduce that fewer than {c} people of a group gave an answer or "
        "did something, nor that all or none of the group did (\"0%\" or \"100%\" tell "
        "everyone's answer).",
    ),
    "report.method.distributions": (
        "Réponses détaillées : quand une réponse est donnée par moins de {c} personnes, les "
        "réponses sont regroupées — d'abord les deux « pas d'accord » et les deux « d'accord », "
        "puis « ne se prononce pas » avec la réponse du milieu, enfin tout ce qui n'est pas "
        "l'accord — et la barre est masquée si cela ne suffit pas. Elles sont publiées par "
        "quartier ou par groupe, jamais les deux à la fois.",
        "Detailed answers: when an answer is given by fewer than {c} people, answers are "
        "grouped — first both \"disagree\" and both \"agree\", then \"don't know\" with the "
        "middle answer, finally everything but agreement — and the bar is masked when that is "
        "not enough. They are published by neighbourhood or by group, never both at once.",
    ),
    "report.method.together": (
        "Les mêmes personnes sont comptées dans plusieurs tableaux (présences, dénominateurs, "
        "animation…) : tous les chiffres publiés forment une seule publication, masquée d'un "
        "seul tenant, pour qu'aucune case masquée ne se retrouve ailleurs ou par différence "
        "(masques « secondaires »).",
        "The same people are counted in several tables (attendance, denominators, "
        "facilitation…): every published figure belongs to one publication, masked as a "
        "whole, so that no masked cell can be found elsewhere or by difference (\"secondary\" "
        "masks).",
    ),
    "report.method.audit": (
        "Contrôle par le calcul d'un attaquant (programmation linéaire en nombres entiers) : "
        "{summary}.",
        "Checked by an attacker's arithmetic (integer linear programming): {summary}.",
    ),
    "report.method.record": (
        "Chaque case publiée est listée dans publication.csv, à côté de ce rapport (les cases "
        "masquées sans leur valeur) : chacun peut refaire le calcul.",
        "Every published cell is listed in publication.csv, beside this report (masked cells "
        "without their value): anyone can check the arithmetic.",
    ),
    "report.method.relational_symmetrised": (
        "Enquête relationnelle : une personne répond souvent pour son organisation ; ne sont "
        "publiés que les mesures du réseau et le niveau symétrisé des paires que les deux "
        "organisations ont notées (la plus basse des deux notes), et les paires à discuter sans "
        "dire qui a donné quelle note.",
        "Relational survey: one person often answers for their organisation; only network "
        "measures and the symmetrised level of the pairs both organisations rated (the lower "
        "of the two ratings) are published, and the pairs to discuss without saying who gave "
        "which rating.",
    ),
    "report.method.relational_per_pair": (
        "Enquête relationnelle : les notes de chaque paire sont publiées avec le consentement "
        "des répondants (voir la section sur le réseau).",
        "Relational survey: each pair's ratings are published with the respondents' consent "
        "(see the network section).",
    ),
    "report.audit_failed": (
        "Publication refusée : le calcul d'un attaquant retrouve des cases masquées ({summary}). "
        "Rien n'a été écrit ; lancez « workbench audit --details ».",
        "Publication refused: an attacker's arithmetic recovers masked cells ({summary}). "
        "Nothing was written; run \"workbench audit --details\".",
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
    "report.xlsx.method_text": ("Méthode (en clair)", "Method (in words)"),
    "report.xlsx.base": ("Base de la part", "Base of the share"),
    "report.xlsx.base_unit": ("Unité de la base", "Unit of the base"),
    "report.xlsx.full_count": ("Décompte complet", "Full count"),
    "report.xlsx.note": ("Remarque", "Note"),
    "report.xlsx.nsp_share": ("Part « ne se prononce pas »", "\"Don't know\" share"),
    "report.xlsx.alpha": ("α de Cronbach", "Cronbach's α"),
    "report.xlsx.mode": ("Lecture dans le temps", "Reading over time"),
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
        "l'animation est comptée sur toutes les séances, toutes vagues confondues.",
        "facilitation is counted over every session, every wave.",
    ),
    "report.scope.readings": (
        "les lectures du comité de pilotage valent pour tout le territoire.",
        "the steering committee's readings apply to the whole territory.",
    ),
    "report.facilitators_title": (
        "Qui a animé ? (enseignement L5)", "Who facilitated? (lesson L5)"),
    "report.facilitators_lead": (
        "Parmi les personnes présentes à chaque étape, part de celles qui ont animé ou co-animé "
        "une séance elles-mêmes, d'après les feuilles d'émargement (n : personnes présentes).",
        "Among the people present at each step, the share who facilitated or co-facilitated a "
        "session themselves, from the sign-in sheets (n: people present).",
    ),
    "report.facilitators_table": (
        "Part des présents ayant animé, par étape et par groupe",
        "Share of those present who facilitated, per step and group"),
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
    "report.xlsx.facilitators_share": ("Part des présents ayant animé",
                                       "Share of those present who facilitated"),
    "report.xlsx.rule": ("Règle de publication", "Publication rule"),
    "report.xlsx.audit": ("Contrôle (calcul d'un attaquant)", "Check (attacker's arithmetic)"),
    "report.xlsx.record": ("Toutes les cases publiées", "Every published cell"),
    "report.xlsx.record_text": (
        "publication.csv, dans le même dossier : une ligne par case publiée (tableau, "
        "indicateur, population, vague, quartier, groupe, étape, statistique, valeur, n, "
        "statut).",
        "publication.csv, in the same folder: one row per published cell (table, indicator, "
        "population, wave, neighbourhood, group, step, statistic, value, n, status)."),
    "report.xlsx.target": ("Cible", "Target"),
    "report.xlsx.share_of_target": ("Part de la cible", "Share of target"),
    "report.xlsx.territory_wide": (
        "Ensemble du territoire (non ventilé par quartier)",
        "Whole territory (not split by neighbourhood)"),
}
