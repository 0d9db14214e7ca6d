"""The demo's questionnaire exports: LimeSurvey barometer and KoboToolbox residents' survey.

Answers come from latent scores per person (a stable "positivity" plus seeded noise) around
trajectories that tell the story of the demo territory:

- cooperation (Q04, Q07, Q08) rises from T0 to T2 in every group;
- élus' engagement (Q01, Q02) rises, most of all among élus themselves;
- mainstream services' mobilisation (Q03) rises from a low start;
- residents' hope (Q11) rises in Les Tilleuls, stays low in Le Moulin, middling elsewhere;
- "taking the time" (Q05, Q06) and results (Q13, Q14) are mixed;
- about 10 % "Ne se prononce pas", a few empty answers, one unfinished response per wave.

The files carry the real exports' quirks (see FORMATS.md) and match the shared contracts.
"""

from __future__ import annotations

import datetime as dt
import string
import unicodedata
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from workbench.demo.people import child_rng
from workbench.framework import Framework

# --- the story ------------------------------------------------------------------------------------
ITEMS = [f"Q{i:02d}" for i in range(1, 15)]
# expected code at T0, T1, T2 for every professional group
BAROMETER_TRAJECTORY: dict[str, tuple[float, float, float]] = {
    "Q01": (2.4, 3.2, 3.8), "Q02": (2.3, 3.1, 3.7), "Q03": (1.8, 2.8, 3.6),
    "Q04": (2.5, 3.3, 3.9), "Q05": (2.8, 3.3, 3.4), "Q06": (2.7, 2.5, 2.8),
    "Q07": (2.4, 3.2, 3.9), "Q08": (2.3, 3.1, 3.8), "Q09": (2.6, 3.1, 3.5),
    "Q10": (2.7, 3.2, 3.5), "Q11": (2.9, 3.2, 3.5), "Q12": (2.8, 3.1, 3.4),
    "Q13": (2.5, 2.9, 3.3), "Q14": (2.4, 2.5, 3.0),
}
# group-specific shifts on top of the trajectory
GROUP_SHIFT: dict[str, dict[str, tuple[float, float, float]]] = {
    "elus": {"Q01": (0.2, 0.6, 0.8), "Q02": (0.0, 0.4, 0.6)},
    "services": {"Q03": (-0.3, -0.1, 0.1)},
    "acteurs": {"Q03": (-0.2, -0.2, 0.0), "Q06": (-0.3, -0.3, -0.3)},
    "equipe": {"Q05": (0.3, 0.3, 0.3), "Q13": (0.3, 0.3, 0.4)},
}
NSP_RATE = {"Q13": 0.15, "Q14": 0.2}  # others: DEFAULT_NSP_RATE
DEFAULT_NSP_RATE = 0.08
EMPTY_RATE = 0.015
RESPONSE_RATE: dict[str, tuple[float, float, float]] = {
    "elus": (0.58, 0.70, 0.80), "services": (0.58, 0.67, 0.75), "acteurs": (0.60, 0.62, 0.68),
    "partenaires": (0.57, 0.64, 0.71), "equipe": (0.78, 0.78, 0.78),
}
RESIDENT_ITEMS = ["Q01", "Q05", "Q07", "Q11", "Q12"]
RESIDENT_TRAJECTORY: dict[str, tuple[float, float, float]] = {
    "Q01": (2.3, 2.6, 3.0), "Q05": (2.6, 2.9, 3.1), "Q07": (2.4, 2.8, 3.2),
    "Q11": (2.8, 3.0, 3.15), "Q12": (2.6, 2.8, 3.1),
}
RESIDENT_QPV_TRAJECTORY: dict[tuple[str, str], tuple[float, float, float]] = {
    ("Q11", "tilleuls"): (2.6, 3.3, 4.0), ("Q11", "moulin"): (2.3, 2.3, 2.2),
    ("Q12", "moulin"): (2.3, 2.4, 2.4),
}
# residents answering per wave and QPV (La Source and Le Moulin stay under 11: masked)
RESIDENTS_PER_WAVE: dict[str, tuple[int, int, int]] = {
    "tilleuls": (28, 24, 22), "bel-air": (24, 20, 18), "la-source": (10, 9, 8), "moulin": (8, 7, 7),
}
ANONYMOUS_RATE = 0.25

# --- wording of the exports -----------------------------------------------------------------------
GROUP_ANSWERS = {
    "elus": "Élu ou élue",
    "services": "Service de la ville ou de l'agglomération",
    "acteurs": "Acteur de terrain (association, école, travail social)",
    "partenaires": "Partenaire institutionnel",
    "equipe": "Équipe projet ou comité technique",
}
SEVERAL_QPV = "Plusieurs quartiers"
NSP_LABEL = "Ne se prononce pas"
OPEN_QUESTION = "Qu'est-ce qui a changé dans votre façon de travailler ?"
KOBO_LIKERT = ["pas_du_tout_d_accord", "plutot_pas_d_accord", "ni_accord_ni_desaccord",
               "plutot_d_accord", "tout_a_fait_d_accord"]
KOBO_QPV = {"tilleuls": "tilleuls", "bel-air": "bel_air", "la-source": "la_source",
            "moulin": "moulin"}
KOBO_AGES = ["age_18_24", "age_25_39", "age_40_59", "age_60_plus"]
KOBO_PARTICIPATION = ["atelier", "reunion_publique", "conseil_citoyen"]
LIMESURVEY_COLUMNS = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
                      "datestamp", "token", "firstname", "lastname", "email",
                      "G00Q01", "G00Q02", "G00Q03",
                      *[f"G01Q01[SQ{i:03d}]" for i in range(1, 15)], "G02Q01"]
KOBO_COLUMNS = ["start", "end", "today", "identite/prenom", "identite/nom", "profil/quartier",
                "profil/age", *[f"opinions/{q.lower()}" for q in RESIDENT_ITEMS], "participation",
                *[f"participation/{c}" for c in KOBO_PARTICIPATION], "_id", "_uuid",
                "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
                "__version__", "_tags", "_index"]

OPEN_ANSWERS = {
    0: [
        "Pour l'instant, pas grand-chose : chacun reste dans son service.",
        "Je connais mal les autres structures du quartier.",
        "On attend de voir si la démarche ira au bout.",
        "Les appels à projets nous prennent tout notre temps.",
        "Rien de particulier, je découvre la démarche.",
        "J'aimerais mieux connaître les élus de mon secteur.",
    ],
    1: [
        "On se parle davantage entre services ; avant, chacun restait dans son coin.",
        "Les séminaires « vision » m'ont fait rencontrer des collègues que je ne connaissais pas.",
        "J'appelle plus facilement le centre social quand une famille a besoin d'aide.",
        "Le calendrier reste serré, mais on a pris le temps de se comprendre.",
        "Je vois mieux ce que font les associations du quartier.",
        "Beaucoup de réunions, mais elles servent enfin à quelque chose.",
    ],
    2: [
        "Nous construisons les projets de quartier ensemble ; c'est nouveau.",
        "Je co-anime des ateliers avec des habitants, ce que je ne faisais jamais.",
        "Le « nous » a remplacé le « je »… enfin, presque.",
        "Les élus viennent aux réunions et écoutent : ça change tout.",
        "On a remplacé un appel à projets par une convention pluriannuelle.",
        "La Cité éducative s'inspire de notre façon de travailler.",
    ],
}
QUIRKY_OPEN_ANSWERS = [
    'Comme l\'a dit une collègue : "on avance ensemble, pas chacun pour soi".',
    "Deux choses ; d'abord les réunions communes, ensuite les fiches partagées.",
    "Plus de coopération entre services.\nMais encore trop de réunions le soir.",
]


# --- shared helpers -------------------------------------------------------------------------------
def _latent(people: pd.DataFrame, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Per person: positivity (shifts every answer) and propensity to answer (across waves)."""

    rng = child_rng(seed, 2)
    return rng.normal(0.0, 0.45, len(people)), rng.normal(0.0, 1.0, len(people))


def _likert_code(rng: np.random.Generator, mean: float) -> int:
    return int(np.clip(np.rint(mean + rng.normal(0.0, 0.8)), 1, 5))


def _answer(rng: np.random.Generator, mean: float, nsp_rate: float) -> int | str | None:
    """A code 1–5, "nsp" (ne se prononce pas) or None (no answer)."""
    draw = rng.random()
    if draw < EMPTY_RATE:
        return None
    if draw < EMPTY_RATE + nsp_rate:
        return "nsp"
    return _likert_code(rng, mean)


def _pick(rng: np.random.Generator, propensity: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` people most inclined to answer this wave (stable trait + noise)."""
    score = propensity + 0.8 * rng.normal(0.0, 1.0, len(propensity))
    return np.sort(np.argsort(-score, kind="stable")[:k])


def _moment(rng: np.random.Generator, day: dt.date, first_day: int = 1, days: int = 21
            ) -> dt.datetime:
    """A working-hours moment a few days after ``day``."""
    date = day + dt.timedelta(days=first_day + int(rng.integers(days)))
    minutes = int(rng.integers(8 * 60 + 30, 18 * 60 + 30))
    return dt.datetime.combine(date, dt.time(minutes // 60, minutes % 60, int(rng.integers(60))))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if ch.isalnum() and ord(ch) < 128).lower()


def _quoted_csv(rows: list[list[str]], *, bom: bool, trailing_blank: bool) -> bytes:
    """Every field double-quoted, ``;``, CRLF between records (LimeSurvey and formpack writers)."""
    lines = [";".join('"' + value.replace('"', '""') + '"' for value in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n" + ("\r\n" if trailing_blank else "")
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


def _mapping_text(title: str, mapping: dict) -> bytes:
    header = f"# {title}\n# Données fictives (territoire de démonstration Val-de-Brume).\n"
    body = yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, width=100)
    return (header + body).encode("utf-8")


def _waves(framework: Framework) -> list:
    return sorted(framework.waves, key=lambda wave: wave.date)


def _organisation_label(value: object, framework: Framework) -> str:
    if not isinstance(value, str):
        return ""
    names = {o.id: o.name for o in framework.organisations}
    return names.get(value, value)


# --- LimeSurvey barometer -------------------------------------------------------------------------
def barometer_answers(people: pd.DataFrame, framework: Framework, seed: int) -> pd.DataFrame:
    """One row per professional × wave who answered: ``person, wave, complete`` and ``Q01``…``Q14``
    (codes 1–5, "nsp" or None). The unfinished response of each wave has ``complete=False``."""

    positivity, propensity = _latent(people, seed)
    rows = []
    for w, wave in enumerate(framework.wave_ids):
        rng = child_rng(seed, 10 + w)
        chosen: list[int] = []
        for group, rates in RESPONSE_RATE.items():
            members = np.flatnonzero((people["group_id"] == group).to_numpy())
            k = round(rates[w] * len(members))
            chosen += [int(members[i]) for i in _pick(rng, propensity[members], k)]
        for person in sorted(chosen):
            group = people.at[person, "group_id"]
            answers = {}
            for item in ITEMS:
                shift = GROUP_SHIFT.get(group, {}).get(item, (0.0, 0.0, 0.0))[w]
                mean = BAROMETER_TRAJECTORY[item][w] + shift + positivity[person]
                answers[item] = _answer(rng, mean, NSP_RATE.get(item, DEFAULT_NSP_RATE))
            rows.append({"person": person, "wave": wave, "complete": True, **answers})
        professionals = np.flatnonzero((people["group_id"] != "habitants").to_numpy())
        absent = [int(p) for p in professionals if int(p) not in set(chosen)]
        person = absent[int(rng.integers(len(absent)))]
        partial = {item: None for item in ITEMS}
        partial["Q01"], partial["Q02"] = _likert_code(rng, 3.0), "nsp"
        rows.append({"person": person, "wave": wave, "complete": False, **partial})
    return pd.DataFrame(rows)


def _barometer_rows(people: pd.DataFrame, answers: pd.DataFrame, framework: Framework,
                    wave_index: int, seed: int) -> list[list[str]]:

    rng = child_rng(seed, 20 + wave_index)
    wave = _waves(framework)[wave_index]
    labels = list(framework.scales["likert5"].labels_fr)
    if wave_index == 1:  # the T1 survey was copied and retyped: typographic apostrophes
        labels = [label.replace("'", "’") for label in labels]
    qpv_names = {q.id: q.name for q in framework.territory.qpvs}
    block = answers[answers["wave"] == wave.id].reset_index(drop=True)
    with_text = set(rng.choice(len(block), size=round(0.35 * len(block)), replace=False).tolist())
    quirky = iter(sorted(with_text))
    quirky_rows = {next(quirky): text for text in QUIRKY_OPEN_ANSWERS}
    records = []
    for pos, row in block.iterrows():
        person = people.loc[row["person"]]
        start = _moment(rng, wave.date)
        end = start + dt.timedelta(minutes=int(rng.integers(5, 26)), seconds=int(rng.integers(60)))
        items = [
            "" if row[q] is None else NSP_LABEL if row[q] == "nsp" else labels[int(row[q]) - 1]
            for q in ITEMS
        ]
        text = ""
        if row["complete"] and pos in with_text:
            pool = OPEN_ANSWERS[wave_index]
            text = quirky_rows.get(pos, pool[int(rng.integers(len(pool)))])
        qpv = person["qpv"]
        records.append((start, [
            "" if not row["complete"] else end.strftime("%Y-%m-%d %H:%M:%S"),
            "3" if row["complete"] else "1",
            "fr",
            str(int(rng.integers(10**8, 2 * 10**9))),
            start.strftime("%Y-%m-%d %H:%M:%S"),
            (end if row["complete"] else start + dt.timedelta(minutes=2)).strftime(
                "%Y-%m-%d %H:%M:%S"),
            "".join(rng.choice(list(string.ascii_letters + string.digits), size=15)),
            person["first_name"],
            person["last_name"],
            f"{_ascii(person['first_name'])}.{_ascii(person['last_name'])}@val-de-brume.example",
            GROUP_ANSWERS[person["group_id"]],
            qpv_names[qpv] if isinstance(qpv, str) else SEVERAL_QPV,
            _organisation_label(person["organisation_id"], framework),
            *items,
            text,
        ]))
    records.sort(key=lambda record: record[0])
    return [LIMESURVEY_COLUMNS] + [[str(i), *rec] for i, (_, rec) in enumerate(records, start=1)]


def barometer_mapping(framework: Framework) -> dict:
    """The mapping file of the LimeSurvey barometer (shared contract)."""
    qpvs: dict[str, str | None] = {q.name: q.id for q in framework.territory.qpvs}
    qpvs[SEVERAL_QPV] = None
    return {
        "instrument": "barometre",
        "format": "limesurvey",
        "person": {"columns": ["firstname", "lastname"]},
        "group": {"column": "G00Q01", "values": {v: k for k, v in GROUP_ANSWERS.items()}},
        "qpv": {"column": "G00Q02", "values": qpvs},
        "organisation": {"column": "G00Q03",
                         "values": {o.name: o.id for o in framework.organisations}},
        "items": {f"G01Q01[SQ{i:03d}]": item for i, item in enumerate(ITEMS, start=1)},
        "answers": {"scale": "likert5"},
        "open_text": {"G02Q01": OPEN_QUESTION},
        "ignore": LIMESURVEY_COLUMNS[:11],
    }


def write_barometer_files(raw_dir: Path, people: pd.DataFrame, framework: Framework,
                          seed: int) -> list[Path]:
    """``barometre_T0.csv`` … and ``barometre.mapping.yml`` (LimeSurvey: BOM, trailing line)."""
    answers = barometer_answers(people, framework, seed)
    return _write_waves(
        raw_dir, "barometre", framework,
        lambda w: _barometer_rows(people, answers, framework, w, seed), bom=True,
        title="Correspondances du questionnaire baromètre (LimeSurvey)",
        mapping=barometer_mapping(framework))


# --- KoboToolbox residents' survey ----------------------------------------------------------------
def resident_answers(people: pd.DataFrame, framework: Framework, seed: int) -> pd.DataFrame:
    """One row per resident × wave who answered: ``person, wave, qpv, anonymous`` and the items."""

    positivity, propensity = _latent(people, seed)
    rows = []
    for w, wave in enumerate(framework.wave_ids):
        rng = child_rng(seed, 30 + w)
        for qpv, counts in RESIDENTS_PER_WAVE.items():
            members = np.flatnonzero(
                ((people["group_id"] == "habitants") & (people["qpv"] == qpv)).to_numpy())
            for i in _pick(rng, propensity[members], counts[w]):
                person = int(members[i])
                answers = {}
                for item in RESIDENT_ITEMS:
                    path = RESIDENT_QPV_TRAJECTORY.get((item, qpv), RESIDENT_TRAJECTORY[item])
                    answers[item] = _answer(rng, path[w] + positivity[person], 0.10)
                rows.append({"person": person, "wave": wave, "qpv": qpv,
                             "anonymous": bool(rng.random() < ANONYMOUS_RATE), **answers})
    return pd.DataFrame(rows)


def _paris_offset(moment: dt.datetime) -> int:
    """Hours ahead of UTC in France (EU rule: summer time from the last Sunday of March to the
    last Sunday of October)."""
    def last_sunday(month: int) -> dt.date:
        day = dt.date(moment.year, month, 31)
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)

    return 2 if last_sunday(3) <= moment.date() < last_sunday(10) else 1


def _resident_rows(people: pd.DataFrame, answers: pd.DataFrame, framework: Framework,
                   wave_index: int, seed: int) -> list[list[str]]:

    rng = child_rng(seed, 40 + wave_index)
    wave = _waves(framework)[wave_index]
    version = "v" + "".join(rng.choice(list(string.ascii_letters + string.digits), size=21))
    block = answers[answers["wave"] == wave.id].reset_index(drop=True)
    records = []
    for _, row in block.iterrows():
        person = people.loc[row["person"]]
        start = _moment(rng, wave.date, first_day=2, days=24)
        end = start + dt.timedelta(minutes=int(rng.integers(6, 16)), seconds=int(rng.integers(60)))
        offset = _paris_offset(start)
        tz = f"+{offset:02d}:00"
        uploaded = end - dt.timedelta(hours=offset) + dt.timedelta(minutes=int(rng.integers(1, 90)))
        chosen = [c for c, p in zip(KOBO_PARTICIPATION, (0.1 + 0.15 * wave_index, 0.3, 0.08),
                                    strict=True) if rng.random() < p]
        skipped = not chosen and rng.random() < 0.5
        core = [
            start.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(rng.integers(1000)):03d}{tz}",
            end.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(rng.integers(1000)):03d}{tz}",
            start.strftime("%Y-%m-%d"),
            "" if row["anonymous"] else person["first_name"],
            "" if row["anonymous"] else person["last_name"],
            KOBO_QPV[row["qpv"]],
            KOBO_AGES[int(rng.choice(4, p=[0.15, 0.35, 0.32, 0.18]))],
            *["" if row[q] is None else "nsp" if row[q] == "nsp" else KOBO_LIKERT[int(row[q]) - 1]
              for q in RESIDENT_ITEMS],
            " ".join(chosen),
            *["" if skipped else ("1" if c in chosen else "0") for c in KOBO_PARTICIPATION],
        ]
        meta = {
            "_uuid": str(uuid.UUID(bytes=rng.bytes(16), version=4)),
            "_submission_time": uploaded.strftime("%Y-%m-%dT%H:%M:%S"),
            "_submitted_by": "enqueteur_vdb" if rng.random() < 0.6 else "",
        }
        records.append((uploaded, core, meta))
    records.sort(key=lambda record: record[0])  # Kobo numbers submissions as they arrive
    first_id = 180_000_000 + 25_000_000 * wave_index + int(rng.integers(100_000))
    rows = [KOBO_COLUMNS]
    for index, (_, core, meta) in enumerate(records, start=1):
        rows.append([*core, str(first_id + 7 * index), meta["_uuid"], meta["_submission_time"],
                     "", "", "submitted_via_web", meta["_submitted_by"], version, "", str(index)])
    return rows


def resident_mapping(framework: Framework) -> dict:
    """The mapping file of the KoboToolbox residents' survey (shared contract)."""
    return {
        "instrument": "habitants",
        "format": "kobo",
        "person": {"columns": ["identite/prenom", "identite/nom"]},
        "group": {"value": "habitants"},
        "qpv": {"column": "profil/quartier",
                "values": {KOBO_QPV[q]: q for q in framework.qpv_ids if q in KOBO_QPV}},
        "items": {f"opinions/{q.lower()}": q for q in RESIDENT_ITEMS},
        "answers": {"scale": "likert5",
                    "codes": {code: i for i, code in enumerate(KOBO_LIKERT, start=1)},
                    "missing": ["nsp"]},
        "ignore": [c for c in KOBO_COLUMNS if c not in (
            "identite/prenom", "identite/nom", "profil/quartier")
            and not c.startswith("opinions/")],
    }


def write_resident_files(raw_dir: Path, people: pd.DataFrame, framework: Framework,
                         seed: int) -> list[Path]:
    """``habitants_T0.csv`` … and ``habitants.mapping.yml`` (Kobo: no BOM, no trailing line)."""
    answers = resident_answers(people, framework, seed)
    return _write_waves(
        raw_dir, "habitants", framework,
        lambda w: _resident_rows(people, answers, framework, w, seed), bom=False,
        title="Correspondances du questionnaire habitants (KoboToolbox)",
        mapping=resident_mapping(framework))


def _write_waves(raw_dir: Path, stem: str, framework: Framework,
                 rows_of_wave: Callable[[int], list[list[str]]], *, bom: bool, title: str,
                 mapping: dict) -> list[Path]:
    """One quoted CSV per wave (``<stem>_<wave>.csv``) and ``<stem>.mapping.yml``."""
    paths = []
    for w, wave in enumerate(framework.wave_ids):
        path = raw_dir / f"{stem}_{wave}.csv"
        path.write_bytes(_quoted_csv(rows_of_wave(w), bom=bom, trailing_blank=bom))
        paths.append(path)
    mapping_path = raw_dir / f"{stem}.mapping.yml"
    mapping_path.write_bytes(_mapping_text(title, mapping))
    return [*paths, mapping_path]
