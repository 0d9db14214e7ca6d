"""Texts of the COPIL meeting mode: the login page, each member's reading, the live distribution,
the session and the command line."""

TEXTS: dict[str, tuple[str, str]] = {
    # --- the five levels of a member's reading ----------------------------------------------------
    "meeting.level.1": ("Pas du tout d'accord", "Strongly disagree"),
    "meeting.level.2": ("Plutôt pas d'accord", "Rather disagree"),
    "meeting.level.3": ("Ni d'accord ni pas d'accord", "Neither agree nor disagree"),
    "meeting.level.4": ("Plutôt d'accord", "Rather agree"),
    "meeting.level.5": ("Tout à fait d'accord", "Strongly agree"),
    "meeting.levels.1-2": ("Pas du tout ou plutôt pas d'accord", "Disagree (strongly or rather)"),
    "meeting.levels.4-5": ("Plutôt ou tout à fait d'accord", "Agree (rather or strongly)"),
    "meeting.levels.1-3": ("Pas d'accord, ou ni d'accord ni pas d'accord",
                           "Disagree, or neither agree nor disagree"),
    # --- the member's form ------------------------------------------------------------------------
    "meeting.panel_title": ("Votre lecture de cet enseignement", "Your reading of this lesson"),
    "meeting.interpretation_title": ("L'interprétation des évaluateurs",
                                     "The evaluators' interpretation"),
    "meeting.no_interpretation": (
        "Les évaluateurs n'ont pas écrit d'interprétation de cet enseignement : donnez votre "
        "lecture des résultats ci-dessus.",
        "The evaluators wrote no interpretation of this lesson: give your reading of the "
        "results above."),
    "meeting.question": ("Êtes-vous d'accord avec cette interprétation ?",
                         "Do you agree with this interpretation?"),
    "meeting.comment": ("Une phrase (facultatif)", "One sentence (optional)"),
    "meeting.comment_placeholder": ("Ce que vous en lisez, en une phrase…",
                                    "What you read in it, in one sentence…"),
    "meeting.send": ("Donner ma lecture", "Give my reading"),
    "meeting.sent": (
        "Merci : votre lecture de {lesson} est enregistrée. Vous pouvez la changer jusqu'à la "
        "clôture de la séance.",
        "Thank you: your reading of {lesson} is saved. You may change it until the session "
        "is closed."),
    "meeting.your_reading": ("Votre lecture actuelle : {level}.", "Your current reading: {level}."),
    "meeting.pick_level": ("Choisissez d'abord votre niveau d'accord.",
                           "Choose your level of agreement first."),
    "meeting.closed": ("La séance est close : les lectures ne sont plus recueillies.",
                       "The session is closed: readings are no longer collected."),
    "meeting.privacy_note": (
        "Votre nom n'est pas enregistré : votre lecture est comptée sous un identifiant "
        "pseudonyme propre aux lectures des membres.",
        "Your name is not stored: your reading is counted under a pseudonymous id used for "
        "members' readings only."),
    "meeting.no_visitor": (
        "Lecture individuelle indisponible : cette page n'a pas été ouverte par la connexion "
        "de la réunion.",
        "Individual reading unavailable: this page was not opened through the meeting's "
        "sign-in."),
    "meeting.visitor.member": ("Connecté·e comme membre du comité.",
                               "Signed in as a committee member."),
    "meeting.visitor.evaluator": (
        "Connecté·e comme évaluateur·rice : vous enregistrez aussi la lecture du comité et "
        "vous clôturez la séance.",
        "Signed in as an evaluator: you also record the committee's reading and close the "
        "session."),
    # --- the live distribution --------------------------------------------------------------------
    "meeting.distribution_title": ("Lecture des membres", "The members' reading"),
    "meeting.received": ("Lectures reçues sur cet enseignement : {n}.",
                         "Readings received on this lesson: {n}."),
    "meeting.votes_none": ("Aucune lecture des membres pour l'instant.",
                           "No member's reading yet."),
    "meeting.votes_below": (
        "La répartition s'affiche à partir de {k} lectures (secret statistique).",
        "The distribution is shown from {k} readings on (statistical secrecy)."),
    "meeting.votes_disclosure": (
        "Répartition non affichée : elle dirait comment très peu de membres (ou tous) ont lu "
        "cet enseignement (secret statistique, seuil {k}).",
        "Distribution not shown: it would tell how very few members (or all of them) read "
        "this lesson (statistical secrecy, threshold {k})."),
    "meeting.votes_n": ("Répartition des lectures de {n} membres.",
                        "Distribution of {n} members' readings."),
    "meeting.refresh": ("Actualiser", "Refresh"),
    "meeting.updated": ("Mis à jour à {time}.", "Updated at {time}."),
    "meeting.sentences_title": ("Phrases des membres (visibles des évaluateurs seulement)",
                                "Members' sentences (shown to evaluators only)"),
    "meeting.sentences_none": ("Aucune phrase pour cet enseignement.",
                               "No sentence for this lesson."),
    "meeting.close": ("Clore la séance", "Close the session"),
    "meeting.close_confirm": ("Confirmer : clore la séance", "Confirm: close the session"),
    "meeting.close_cancel": ("Annuler", "Cancel"),
    "meeting.close_ask": (
        "Après la clôture, les membres ne peuvent plus donner ni changer leur lecture.",
        "Once closed, members can no longer give or change their reading."),
    "meeting.closed_at": ("Séance close le {time}.", "Session closed on {time}."),
    # --- the members' readings shown later (next wave, reports) -----------------------------------
    "meeting.history_title": ("Lectures des membres du comité", "Committee members' readings"),
    "meeting.history_session": ("Séance {session} (vague {wave})",
                                "Session {session} (wave {wave})"),
    "meeting.history_none": ("Aucune lecture des membres recueillie sur ce sujet.",
                             "No member's reading collected on this subject."),
    # --- errors -----------------------------------------------------------------------------------
    "meeting.error.no_session": (
        "Lecture sans séance : ouvrez le tableau de bord par « workbench dashboard --reunion ».",
        "Reading without a session: open the dashboard through \"workbench dashboard "
        "--reunion\"."),
    "meeting.error.unknown_lesson": (
        "Enseignement « {found} » inconnu : attendu l'un de {expected}.",
        "Unknown lesson \"{found}\": expected one of {expected}."),
    "meeting.error.level": ("Niveau d'accord « {found} » inconnu : attendu {expected}.",
                            "Unknown level of agreement \"{found}\": expected {expected}."),
    "meeting.error.no_member": (
        "Lecture sans membre : reconnectez-vous avec le code de la réunion.",
        "Reading without a member: sign in again with the meeting's code."),
    "meeting.error.no_session_file": (
        "Séance introuvable dans {found} : relancez « workbench dashboard --reunion N ».",
        "No session found in {found}: start \"workbench dashboard --reunion N\" again."),
    # --- the login page ---------------------------------------------------------------------------
    "meeting.login.page_title": ("Réunion du comité de pilotage — connexion",
                                 "Steering committee meeting — sign in"),
    "meeting.login.title": ("Réunion du comité de pilotage", "Steering committee meeting"),
    "meeting.login.login": ("Identifiant (seulement si vous avez un compte)",
                            "Login (only if you have an account)"),
    "meeting.login.code": ("Code de la réunion (ou mot de passe de votre compte)",
                           "Meeting code (or your account's password)"),
    "meeting.login.submit": ("Entrer", "Enter"),
    "meeting.login.help": (
        "Le code est donné en début de réunion. Il ouvre le tableau de bord publié du comité, "
        "rien d'autre.",
        "The code is given at the start of the meeting. It opens the committee's published "
        "dashboard, nothing else."),
    "meeting.login.wrong": ("Code ou mot de passe incorrect.", "Wrong code or password."),
    "meeting.login.throttled": ("Trop d'essais : attendez une minute avant de réessayer.",
                                "Too many attempts: wait a minute before trying again."),
    "meeting.login.logged_out": ("Vous êtes déconnecté·e.", "You are signed out."),
    "meeting.login.evaluator_only": ("Réservé aux évaluateurs.", "Evaluators only."),
    # --- the command line -------------------------------------------------------------------------
    "meeting.cli.session": ("Séance {session} : vague {wave}, {n} membres attendus.",
                            "Session {session}: wave {wave}, {n} members expected."),
    "meeting.cli.publication": ("Publication écrite : {path}", "Publication written: {path}"),
    "meeting.cli.member_code": ("Code des membres (à projeter) : {code}",
                                "Members' code (to project): {code}"),
    "meeting.cli.evaluator_code": ("Code des évaluateurs (à garder pour vous) : {code}",
                                   "Evaluators' code (keep it to yourself): {code}"),
    "meeting.cli.accounts": ("Comptes acceptés aussi : {n} ({path})",
                             "Accounts accepted too: {n} ({path})"),
    "meeting.cli.warming": (
        "Préparation de {n} pages (une par membre), cela prend quelques minutes…",
        "Preparing {n} pages (one per member), this takes a few minutes…"),
    "meeting.cli.url": ("Adresse pour les membres : {url}", "Address for the members: {url}"),
    "meeting.cli.loopback": (
        "Le serveur n'écoute que cette machine (127.0.0.1) : pour le réseau de la salle, "
        "ajoutez --https (recommandé) ou --host 0.0.0.0.",
        "The server listens on this machine only (127.0.0.1): for the room's network, add "
        "--https (recommended) or --host 0.0.0.0."),
    "meeting.cli.plain_http": (
        "Attention : sans --https, les codes circulent en clair sur le réseau de la salle.",
        "Warning: without --https, codes travel in clear text on the room's network."),
    "meeting.cli.no_caddy": (
        "Caddy est introuvable : installez-le (apt-get install caddy) ou lancez sans --https.",
        "Caddy not found: install it (apt-get install caddy) or start without --https."),
    "meeting.cli.bad_code": (
        "Code de réunion trop court : au moins {k} caractères (lettres ou chiffres).",
        "Meeting code too short: at least {k} characters (letters or digits)."),
    "meeting.cli.bad_members": ("Nombre de membres « {found} » : attendu 1 à {k}.",
                                "Number of members \"{found}\": expected 1 to {k}."),
    "meeting.cli.account_added": ("Compte « {login} » enregistré ({role}).",
                                  "Account \"{login}\" saved ({role})."),
    "meeting.cli.account_removed": ("Compte « {login} » supprimé.", "Account \"{login}\" removed."),
    "meeting.cli.account_unknown": ("Compte « {login} » inconnu.", "Unknown account \"{login}\"."),
    "meeting.cli.bad_login": (
        "Identifiant « {found} » refusé : lettres, chiffres, point, tiret (3 à 40 caractères).",
        "Login \"{found}\" refused: letters, digits, dot, hyphen (3 to 40 characters)."),
    "meeting.cli.password_short": ("Mot de passe trop court : au moins {k} caractères.",
                                   "Password too short: at least {k} characters."),
    "meeting.cli.password_mismatch": ("Les deux mots de passe diffèrent.",
                                      "The two passwords differ."),
    "meeting.role.member": ("membre", "member"),
    "meeting.role.evaluator": ("évaluateur·rice", "evaluator"),
}
