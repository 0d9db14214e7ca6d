"""The ``workbench`` command: demo, import, inspect, map, report, audit, dashboard, account,
framework."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from workbench.config import Paths
from workbench.errors import ImportProblem, WorkbenchError

DESCRIPTION = """\
Atelier d'évaluation participative des contrats de ville.
Participatory evaluation workbench for French contrats de ville.

Commandes courantes / common commands:
  workbench demo         génère le territoire fictif et l'importe / build the demo territory
  workbench import F     importe un export (questionnaire, émargement…) / import one export
  workbench report       écrit les rapports HTML dans reports/ / write the HTML reports
  workbench audit        vérifie le secret statistique de la publication / audit what is published
  workbench dashboard    sert le tableau de bord du COPIL / serve the steering dashboard
  workbench dashboard --reunion 30   la réunion du COPIL : 30 membres, chacun sa lecture
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench", description=DESCRIPTION, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")

    demo = sub.add_parser(
        "demo",
        help="génère les exports fictifs dans data/demo/raw/ et les importe (mêmes importeurs)",
        description="Génère le territoire fictif (exports LimeSurvey, Kobo, émargements…) dans "
        "data/demo/raw/, puis les importe dans data/workbench.sqlite avec les importeurs "
        "habituels.",
    )
    demo.add_argument("--seed", type=int, default=2023, help="graine du hasard (défaut 2023)")
    demo.add_argument(
        "--fresh",
        action="store_true",
        help="repart d'une base vide (supprime data/workbench.sqlite)",
    )

    imp = sub.add_parser(
        "import",
        help="importe un fichier ou tous les fichiers d'un dossier",
        description="Importe un export dans la base. Tout le fichier est validé d'abord : "
        "en cas de "
        "problème, rien n'est écrit et chaque problème est listé (fichier, ligne, colonne).",
    )
    imp.add_argument("path", type=Path, help="fichier ou dossier à importer")
    imp.add_argument("--wave", help="vague (T0, T1…) si elle n'est pas dans le nom du fichier")
    imp.add_argument("--mapping", type=Path, help="fichier de correspondance YAML à utiliser")
    imp.add_argument(
        "--kind",
        choices=["questionnaire", "attendance", "relational", "verbatims", "pathway"],
        help="type de données, s'il n'est pas reconnu automatiquement",
    )
    imp.add_argument("--dry-run", action="store_true", help="valide sans rien écrire")
    imp.add_argument("--nom", action="append", dest="names", metavar="NOM",
                     help="nom à masquer dans les verbatims, en plus de ceux des feuilles "
                     "d'émargement (répétable : --nom \"Hélène Le Gall\" --nom Karim)")
    imp.add_argument("--noms", type=Path, dest="names_file", metavar="FICHIER",
                     help="liste de noms à masquer, un par ligne (par défaut "
                     "data/noms-a-masquer.txt s'il existe)")
    imp.add_argument("--ignorer-illisibles", action="store_true", dest="skip_unreadable",
                     help="importe les verbatims même si une feuille d'émargement voisine est "
                     "illisible (ses noms ne seront PAS masqués) ; sans cette option, rien "
                     "n'est importé")
    answers = imp.add_argument_group(
        "réponses (feuilles d'émargement, notes d'atelier)",
        "ce que le fichier ne dit pas ; retenu pour les fichiers suivants de la même série "
        "(fichier <série>.<instrument>.mapping.yml à côté du fichier importé)")
    answers.add_argument("--step", help="étape de la démarche (S1…S9, ou « dates » pour une "
                         "matrice de présence : l'étape de chaque date selon le cadre)")
    answers.add_argument("--date", help="date de l'événement (JJ/MM/AAAA ou AAAA-MM-JJ)")
    answers.add_argument("--qpv", help="quartier d'un atelier d'habitants (identifiant ou nom, "
                         "« aucun » sinon)")
    answers.add_argument("--list", dest="list_kind", metavar="{presence,registration}",
                         help="une liste de noms qui ne le dit pas : presence (les présents) ou "
                         "registration (les inscrits, gardés à part)")

    ins = sub.add_parser(
        "inspect",
        help="dit ce qu'un fichier contient (format, encodage…)",
        description="Reconnaît l'outil d'origine d'un export (LimeSurvey, Kobo, Google Forms…), "
        "son encodage, son séparateur, le nombre de lignes d'en-tête et de réponses.",
    )
    ins.add_argument("path", type=Path)
    ins.add_argument("--json", action="store_true", help="sortie JSON (pour les scripts)")

    mp = sub.add_parser(
        "map",
        help="propose un fichier de correspondance à compléter pour un questionnaire",
        description="Propose la correspondance entre les colonnes d'un export et les items du "
        "cadre d'évaluation (YAML à compléter) ; les colonnes non reconnues sont listées.",
    )
    mp.add_argument("path", type=Path)
    mp.add_argument("-o", "--output", type=Path, help="où l'écrire (défaut : à l'écran)")

    rep = sub.add_parser(
        "report",
        help="écrit les rapports HTML (global et un par quartier) dans reports/<date>/",
        description="Écrit des rapports HTML autonomes (lisibles hors connexion) et un classeur "
        "XLSX des tableaux dans reports/<date>/.",
    )
    rep.add_argument("--qpv", action="append", help="seulement ce quartier (répétable)")
    rep.add_argument("--out", type=Path, help="dossier de sortie (défaut reports/<date>/)")

    aud = sub.add_parser(
        "audit",
        help="vérifie qu'aucune case masquée ne se retrouve par calcul (secret statistique)",
        description="Construit (ou relit) la publication de la base — tout ce que montrent le "
        "tableau de bord, les rapports et les exports — puis refait le calcul d'un attaquant "
        "(programmation linéaire en nombres entiers) : pour chaque case masquée, la plus petite "
        "et la plus grande valeur compatibles avec tout ce qui est publié. Échoue (code 1) si "
        "une case masquée est retrouvée exactement ou se révèle sous le seuil.",
    )
    aud.add_argument("--publication", type=Path, metavar="FICHIER",
                     help="audite une publication enregistrée (.zip) au lieu de la base")
    aud.add_argument("--exact", action="store_true",
                     help="calcule l'intervalle exact de chaque case masquée (plus long)")
    aud.add_argument("--details", action="store_true",
                     help="liste les cases masquées et leur intervalle")

    dash = sub.add_parser(
        "dashboard",
        help="sert le tableau de bord du comité de pilotage avec Voilà",
        description="Sert le tableau de bord sur http://127.0.0.1:PORT (Ctrl+C pour arrêter). "
        "Avec --reunion N : la réunion du comité, où N membres l'ouvrent en même temps sur "
        "leur appareil avec le code de la réunion (ou leur compte) et donnent chacun leur "
        "lecture de chaque enseignement.",
    )
    dash.add_argument("--port", type=int, default=8866)
    dash.add_argument("--static", action="store_true",
                      help="écrit une copie HTML autonome au lieu de servir")
    meet = dash.add_argument_group("réunion du comité (--reunion)")
    meet.add_argument("--reunion", type=int, metavar="N",
                      help="mode réunion pour N membres : connexion par code ou compte, une "
                      "page préparée par membre, lecture de chacun")
    meet.add_argument("--wave", help="vague lue pendant la réunion (défaut : la dernière)")
    meet.add_argument("--code", help="code des membres (défaut : tiré au hasard et affiché)")
    meet.add_argument("--host", default="127.0.0.1",
                      help="adresse d'écoute de Voilà (défaut 127.0.0.1 : cette machine "
                      "seulement ; 0.0.0.0 : tout le réseau, sans chiffrement)")
    meet.add_argument("--https", nargs="?", const="", metavar="NOM",
                      help="sert la réunion en HTTPS sur le réseau de la salle, par Caddy "
                      "(deploy/Caddyfile) ; NOM : nom ou adresse de cette machine (défaut : "
                      "son adresse sur le réseau)")
    meet.add_argument("--https-port", type=int, default=8443, help="port HTTPS (défaut 8443)")

    acc = sub.add_parser(
        "account",
        help="comptes de réunion (évaluateurs, membres) : add, remove, list",
        description="Comptes acceptés par la connexion de la réunion, en plus du code : "
        "data/accounts.json (mots de passe chiffrés, aucun nom).",
    )
    acc.add_argument("action", choices=["add", "remove", "list"])
    acc.add_argument("login", nargs="?", help="identifiant (lettres, chiffres, . - _)")
    acc.add_argument("--role", choices=["member", "evaluator"], default="member",
                     help="member (lit et donne sa lecture) ou evaluator (enregistre aussi la "
                     "lecture du comité et clôt la séance)")
    acc.add_argument("--password-stdin", action="store_true",
                     help="lit le mot de passe sur l'entrée standard (scripts)")

    fw = sub.add_parser("framework", help="vérifie ou installe le cadre d'évaluation (YAML)")
    fw.add_argument("--check", type=Path, help="vérifie ce fichier de cadre")
    fw.add_argument("--install", action="store_true",
                    help="copie le cadre par défaut dans data/framework.yml")
    return parser


def _print_report(report) -> None:  # an ImportReport
    from workbench.i18n import t
    from workbench.ingest.dispatch import outcome

    result = outcome(report)
    if result == "already":
        print(f"= {report.file} : {t('import.outcome.already')}.")
        return
    if result == "no_answers" and report.dry_run:
        result = "no_answers_check"
    verb = t(f"import.outcome.{result}")
    rejected = f", {report.rows_rejected} écarté(s)" if report.rows_rejected else ""
    wave = f", vague {report.wave}" if report.wave else ""
    answers = report.table_rows.get("responses")
    counted = f", {answers} réponse(s) aux items" if answers is not None and (
        report.kind == "questionnaire") else ""
    mark = "!" if result.startswith(("no_answers", "nothing_new")) else "+"
    print(
        f"{mark} {report.file} : {verb} [{report.kind}, {report.format}{wave}] "
        f"{report.rows_imported} ligne(s){counted}{rejected}"
    )
    if report.detected.get("identity"):
        print(f"    {report.detected['identity']}")
    if report.detected.get("new_items"):
        print(f"    nouveaux items (hors cadre) : {', '.join(report.detected['new_items'])}")
    for reason, count in (report.rejected_reasons or {}).items():
        print(f"    écarté : {reason} ({count})")
    if report.unmapped_columns:
        print(f"    colonnes non utilisées : {', '.join(report.unmapped_columns)}")
    for line in (report.detected or {}).get("summary", []):
        print(f"    {line}")
    for warning in report.warnings:
        print(f"    attention : {warning.message}")


def _cmd_demo(args: argparse.Namespace) -> int:
    from workbench.demo.build import reset_store, run_demo
    from workbench.store import Store

    paths = Paths.default()
    if args.fresh:
        reset_store(paths)
    reports = run_demo(paths, seed=args.seed)
    for report in reports:
        _print_report(report)
    print(f"Exports fictifs : {paths.demo_raw}")
    print(f"Base : {Store(paths.store).location}")
    pub = _publication(paths)  # built once now, read back by the reports and the dashboard
    print(f"Publication : {pub.audit.summary}")
    return 0


def _publication(paths: Paths):
    from workbench.framework import load_framework
    from workbench.publication import publication_for
    from workbench.store import Store

    framework = paths.framework if paths.framework.is_file() else None
    return publication_for(Store(paths.store), load_framework(framework))


def _cmd_import(args: argparse.Namespace) -> int:
    from workbench.ingest import import_file
    from workbench.ingest.dispatch import import_folder

    answers = {key: value for key, value in (
        ("step", args.step), ("date", args.date), ("qpv", args.qpv), ("list", args.list_kind))
        if value}
    if args.path.is_dir():
        reports = import_folder(args.path, wave=args.wave, dry_run=args.dry_run)
    else:
        reports = [
            import_file(
                args.path, wave=args.wave, mapping=args.mapping, kind=args.kind,
                dry_run=args.dry_run, answers=answers, extra_names=args.names,
                names_file=args.names_file, skip_unreadable_names=args.skip_unreadable,
            )
        ]
    for report in reports:
        _print_report(report)
    return 0


FORMAT_NAMES = {"limesurvey": "LimeSurvey", "kobo": "KoboToolbox", "google_forms": "Google Forms",
                "ms_forms": "Microsoft Forms", "framaforms": "Framaforms",
                "generic": "tableau simple (CSV/XLSX)", "signin": "feuille d'émargement"}


def _cmd_inspect(args: argparse.Namespace) -> int:
    from workbench.sources import describe
    from workbench.sources.sniff import reading_notes

    info = describe(args.path)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=None))
        return 0
    delimiter = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}.get(
        info.get("delimiter") or "", "sans objet"
    )
    print(f"Fichier : {args.path}")
    print(f"Format reconnu : {FORMAT_NAMES.get(info['format'], info['format'])}")
    print(f"Encodage : {info.get('encoding') or 'sans objet'} ; séparateur : {delimiter}")
    print(f"Lignes d'en-tête : {info.get('header_rows')} ; réponses : {info.get('n_responses')}")
    for line in reading_notes(info):
        print(line)
    print(f"Colonnes ({len(info['columns'])}) : {', '.join(info['columns'])}")
    return 0


def _cmd_map(args: argparse.Namespace) -> int:
    from workbench.framework import load_framework
    from workbench.ingest.mapping_draft import build_draft
    from workbench.sources import read_raw

    draft = build_draft(read_raw(args.path), load_framework())
    text = draft.to_yaml()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"Correspondance proposée écrite dans {args.output} : vérifiez-la puis importez.")
        print(f"  {len(draft.matched)} colonne(s) reconnue(s) comme items du cadre, "
              f"{len(draft.uncertain)} à confirmer, {len(draft.new_items)} proposée(s) comme "
              "nouveaux items.")
    else:
        print(text)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from workbench.report.build import build_reports, text_progress

    written = build_reports(
        Paths.default(), qpvs=args.qpv, out_dir=args.out, progress=text_progress, workers=2
    )
    for path in written:
        print(f"+ {path}")
    if written:
        print(f"Rapports écrits dans {written[0].parent}")
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from workbench.publication import Publication
    from workbench.publication.audit_text import audit_lines

    if args.publication:
        pub = Publication.load(args.publication)
    else:
        paths = Paths.default()
        if not paths.store.exists():
            print(f"Erreur : base introuvable ({paths.store}) [audit_store_missing]",
                  file=sys.stderr)
            return 2
        pub = _publication(paths)
    result = pub.check(exact=args.exact)
    print("\n".join(audit_lines(pub, result, details=args.details)))
    return 0 if result.passed else 1


def _cmd_dashboard(args: argparse.Namespace) -> int:
    if args.static:
        from workbench.exports.static_dashboard import write_static_dashboard

        path = write_static_dashboard(Paths.default())
        print(f"Copie autonome du tableau de bord : {path}")
        return 0
    if args.reunion is not None:
        from workbench.meeting.prepare import prepare_meeting
        from workbench.serve import serve_meeting

        prepared = prepare_meeting(Paths.default(), members=args.reunion, wave=args.wave,
                                   code=args.code)
        return serve_meeting(prepared, port=args.port, host=args.host, https=args.https,
                             https_port=args.https_port)
    from workbench.serve import serve_dashboard

    return serve_dashboard(args.port)


def _cmd_account(args: argparse.Namespace) -> int:
    import getpass

    from workbench.i18n import t
    from workbench.meeting.accounts import add_account, list_accounts, remove_account

    paths = Paths.default()
    if args.action == "list":
        for login, role in list_accounts(paths):
            print(f"{login}\t{t('meeting.role.' + role)}")
        return 0
    if not args.login:
        print("Erreur : indiquez l'identifiant du compte.", file=sys.stderr)
        return 2
    if args.action == "remove":
        remove_account(paths, args.login)
        print(t("meeting.cli.account_removed", login=args.login))
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Encore une fois : ") != password:
            print(t("meeting.cli.password_mismatch"), file=sys.stderr)
            return 2
    add_account(paths, args.login, password, role=args.role)
    print(t("meeting.cli.account_added", login=args.login, role=t("meeting.role." + args.role)))
    return 0


def _cmd_framework(args: argparse.Namespace) -> int:
    from workbench.framework import install_framework, load_framework

    if args.install:
        print(f"Cadre installé : {install_framework(overwrite=False)}")
    fw = load_framework(args.check)
    print(
        f"Cadre valide : {len(fw.lessons)} enseignements, {len(fw.indicators)} indicateurs, "
        f"{len(fw.waves)} vagues, seuil de secret {fw.min_cell}, "
        f"catégories d'au moins {fw.min_category} personnes."
    )
    for warning in fw.warnings():
        print(f"    attention : {warning.message}")
    return 0


COMMANDS = {
    "demo": _cmd_demo,
    "import": _cmd_import,
    "inspect": _cmd_inspect,
    "map": _cmd_map,
    "report": _cmd_report,
    "audit": _cmd_audit,
    "dashboard": _cmd_dashboard,
    "account": _cmd_account,
    "framework": _cmd_framework,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command](args)
    except ImportProblem as exc:
        from workbench.i18n import t

        heading = (t("import.cli.read_failed", file=args.path) if args.command in (
            "inspect", "map") else t("import.cli.import_failed"))
        print(f"{heading} [{exc.key}]", file=sys.stderr)
        for problem in exc.problems or [exc.as_problem()]:
            print(f"  - {problem.message} [{problem.key}]", file=sys.stderr)
        return 2
    except WorkbenchError as exc:
        print(f"Erreur : {exc.message} [{exc.key}]", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
