"""The demo territory: roster, deterministic raw exports with real quirks, the story they tell."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pandas as pd
import pytest
import yaml

from workbench.config import DEFAULT_FRAMEWORK, Paths
from workbench.demo.build import demo_people, generate_demo, reset_store, run_demo
from workbench.framework import load_framework

FW = load_framework(DEFAULT_FRAMEWORK)
LIKERT = {label: code for code, label in enumerate(FW.scales["likert5"].labels_fr, start=1)}
KOBO_CODES = {"pas_du_tout_d_accord": 1, "plutot_pas_d_accord": 2, "ni_accord_ni_desaccord": 3,
              "plutot_d_accord": 4, "tout_a_fait_d_accord": 5}
WAVES = ["T0", "T1", "T2"]
ELUS = "Élu ou élue"


def fold(text: str) -> str:
    """Independent normalisation for the tests: accents, case, apostrophes, spaces."""
    text = unicodedata.normalize("NFKD", str(text).replace("’", "'").replace("\xa0", " "))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-raw")
    generate_demo(folder, seed=2023)
    return folder


def barometer(raw: Path, wave: str) -> pd.DataFrame:
    return pd.read_csv(raw / f"barometre_{wave}.csv", sep=";", encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)


def barometer_codes(raw: Path, wave: str) -> pd.DataFrame:
    """Completed responses with items as codes 1–5 (NaN for NSP or empty) and the group label."""
    frame = barometer(raw, wave)
    frame = frame[frame["submitdate"] != ""]
    labels = {fold(k): v for k, v in LIKERT.items()}
    codes = pd.DataFrame({f"Q{i:02d}": frame[f"G01Q01[SQ{i:03d}]"].map(fold).map(labels)
                          for i in range(1, 15)})
    return codes.assign(group=frame["G00Q01"].to_numpy(), qpv=frame["G00Q02"].to_numpy())


def residents(raw: Path, wave: str) -> pd.DataFrame:
    return pd.read_csv(raw / f"habitants_{wave}.csv", sep=";", dtype=str, keep_default_na=False)


def signin(path: Path) -> tuple[openpyxl.worksheet.worksheet.Worksheet, pd.DataFrame]:
    sheet = openpyxl.load_workbook(path)["Émargement"]
    rows = pd.read_excel(path, sheet_name="Émargement", header=6, dtype=str)
    return sheet, rows


# --- roster ---------------------------------------------------------------------------------------
def test_roster_sizes_and_organisations():
    people = demo_people()
    assert list(people.columns) == ["first_name", "last_name", "group_id", "organisation_id", "qpv"]
    assert people["group_id"].value_counts().to_dict() == {
        "habitants": 200, "acteurs": 60, "services": 36, "elus": 24, "partenaires": 14, "equipe": 9}
    residents_by_qpv = people[people["group_id"] == "habitants"]["qpv"].value_counts()
    assert residents_by_qpv["tilleuls"] > residents_by_qpv["la-source"] * 2
    assert residents_by_qpv["bel-air"] > residents_by_qpv["moulin"] * 2
    roster = {o.id: o for o in FW.organisations}
    services = people[people["group_id"] == "services"]["organisation_id"]
    assert all(roster[o].mainstream for o in services)
    acteurs = people[people["group_id"] == "acteurs"]
    assert acteurs["qpv"].notna().all()
    assert "École élémentaire Jules-Ferry" in set(acteurs["organisation_id"])
    assert people[people["group_id"] == "habitants"]["organisation_id"].isna().all()
    assert set(people["qpv"].dropna()) == set(FW.qpv_ids)


def test_names_are_diverse_and_unique():
    people = demo_people()
    keys = (people["first_name"] + " " + people["last_name"]).map(fold)
    assert keys.is_unique
    names = " ".join(people["first_name"] + " " + people["last_name"])
    assert re.search(r"[éèêëïîôüç]", names)
    assert "-" in names and "'" in names
    assert people["last_name"].str.contains(" ").any()  # particles such as "Le Gall"
    assert demo_people(2023).equals(demo_people(2023))
    assert not demo_people(2023).equals(demo_people(7))


# --- determinism ----------------------------------------------------------------------------------
def test_same_seed_same_bytes_for_every_file(raw: Path, tmp_path: Path):
    again = generate_demo(tmp_path / "again", seed=2023)
    assert sorted(p.name for p in again) == sorted(p.name for p in raw.iterdir())
    for path in again:
        assert path.read_bytes() == (raw / path.name).read_bytes(), path.name


def test_deterministic_across_processes(raw: Path, tmp_path: Path):
    """Another interpreter with another hash seed writes the very same bytes."""
    out = tmp_path / "other"
    code = f"from pathlib import Path; from workbench.demo.build import generate_demo; " \
           f"generate_demo(Path({str(out)!r}), seed=2023)"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=Path(__file__).parent)
    for path in out.iterdir():
        assert path.read_bytes() == (raw / path.name).read_bytes(), path.name


def test_other_seed_other_answers(raw: Path, tmp_path: Path):
    generate_demo(tmp_path, seed=99)
    assert (tmp_path / "barometre_T0.csv").read_bytes() != (raw / "barometre_T0.csv").read_bytes()


# --- LimeSurvey quirks ----------------------------------------------------------------------------
QUOTED_RECORDS = re.compile(r'(?:"(?:[^"]|"")*"(?:;|\r\n))+')


@pytest.mark.parametrize("wave", WAVES)
def test_limesurvey_quirks(raw: Path, wave: str):
    data = (raw / f"barometre_{wave}.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")[1:]
    assert text.endswith('"\r\n\r\n')  # LimeSurvey's extra blank line
    assert QUOTED_RECORDS.fullmatch(text[:-2])  # every field quoted, ; between, CRLF after
    frame = barometer(raw, wave)
    assert list(frame.columns[:14]) == [
        "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
        "token", "firstname", "lastname", "email", "G00Q01", "G00Q02", "G00Q03"]
    assert frame.columns[-1] == "G02Q01" and "G01Q01[SQ014]" in frame.columns
    unfinished = frame[frame["submitdate"] == ""]
    assert len(unfinished) == 1 and unfinished["lastpage"].item() == "1"
    items = unfinished.filter(like="G01Q01[")
    assert (items == "").sum(axis=1).item() >= 10
    texts = frame["G02Q01"]
    assert texts.str.contains(";").any() and texts.str.contains('"').any()
    assert texts.str.contains("\n").any()
    answers = frame[frame["submitdate"] != ""].filter(like="G01Q01[").to_numpy().ravel()
    assert (answers == "").sum() > 0  # a few skipped items
    allowed = {fold(k) for k in LIKERT} | {fold("Ne se prononce pas")}
    assert {fold(a) for a in answers if a} <= allowed


@pytest.mark.parametrize("wave", WAVES)
def test_limesurvey_dates_follow_the_wave(raw: Path, wave: str):
    frame = barometer(raw, wave)
    wave_date = pd.Timestamp(next(w.date for w in FW.waves if w.id == wave))
    started = pd.to_datetime(frame["startdate"], format="%Y-%m-%d %H:%M:%S")
    assert (started > wave_date).all() and (started < wave_date + pd.Timedelta(days=35)).all()
    done = frame[frame["submitdate"] != ""]
    submitted = pd.to_datetime(done["submitdate"], format="%Y-%m-%d %H:%M:%S")
    assert (submitted.to_numpy() > started[done.index].to_numpy()).all()


def test_do_not_know_share_is_about_ten_percent(raw: Path):
    answers = pd.concat([barometer(raw, w)[lambda f: f["submitdate"] != ""].filter(like="G01Q01[")
                         for w in WAVES]).to_numpy().ravel()
    share = (answers == "Ne se prononce pas").mean()
    assert 0.08 <= share <= 0.12


# --- Kobo quirks ----------------------------------------------------------------------------------
@pytest.mark.parametrize("wave", WAVES)
def test_kobo_quirks(raw: Path, wave: str):
    data = (raw / f"habitants_{wave}.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.endswith('"\r\n') and not text.endswith("\r\n\r\n")
    assert QUOTED_RECORDS.fullmatch(text)
    frame = residents(raw, wave)
    assert list(frame.columns[:7]) == ["start", "end", "today", "identite/prenom", "identite/nom",
                                       "profil/quartier", "profil/age"]
    assert list(frame.columns[-10:]) == ["_id", "_uuid", "_submission_time", "_validation_status",
                                         "_notes", "_status", "_submitted_by", "__version__",
                                         "_tags", "_index"]
    assert set(frame["profil/quartier"]) == {"tilleuls", "bel_air", "la_source", "moulin"}
    anonymous = (frame["identite/prenom"] == "") & (frame["identite/nom"] == "")
    assert 0 < anonymous.sum() < len(frame) / 2
    assert frame["_uuid"].is_unique
    pd.to_datetime(frame["_submission_time"], format="%Y-%m-%dT%H:%M:%S")
    for stamp in frame["start"]:  # local time with France's offset (T2 straddles the DST end)
        moment = dt.datetime.fromisoformat(stamp)
        paris = moment.replace(tzinfo=None).replace(tzinfo=ZoneInfo("Europe/Paris"))
        assert moment.utcoffset() == paris.utcoffset(), stamp
    values = frame.filter(like="opinions/").to_numpy().ravel()
    assert set(values) <= set(KOBO_CODES) | {"nsp", ""} and "nsp" in set(values)
    chosen = frame[frame["participation"] != ""]
    for choice in ("atelier", "reunion_publique", "conseil_citoyen"):
        expected = chosen["participation"].str.split().map(lambda c, k=choice: k in c)
        assert (chosen[f"participation/{choice}"] == "1").equals(expected)


def test_resident_counts_per_wave(raw: Path):
    assert [len(residents(raw, w)) for w in WAVES] == [70, 60, 55]


# --- mappings agree with the files ----------------------------------------------------------------
def test_barometer_mapping_covers_the_file(raw: Path):
    mapping = yaml.safe_load((raw / "barometre.mapping.yml").read_text(encoding="utf-8"))
    assert mapping["instrument"] == "barometre" and mapping["person"]["columns"] == [
        "firstname", "lastname"]
    assert set(mapping["items"].values()) == {f"Q{i:02d}" for i in range(1, 15)}
    assert set(mapping["group"]["values"].values()) == set(FW.group_ids) - {"habitants"}
    roster = {fold(o.name) for o in FW.organisations}
    for wave in WAVES:
        frame = barometer(raw, wave)
        assert set(mapping["items"]) <= set(frame.columns)
        assert set(frame["G00Q01"]) <= set(mapping["group"]["values"])
        assert set(frame["G00Q02"]) <= set(mapping["qpv"]["values"])
        orgs = {fold(o) for o in frame["G00Q03"]}
        assert orgs & roster and "ecole elementaire jules-ferry" in orgs


def test_resident_mapping_covers_the_file(raw: Path):
    mapping = yaml.safe_load((raw / "habitants.mapping.yml").read_text(encoding="utf-8"))
    assert mapping["group"] == {"value": "habitants"}
    assert mapping["answers"]["codes"] == KOBO_CODES and mapping["answers"]["missing"] == ["nsp"]
    assert set(mapping["qpv"]["values"].values()) == set(FW.qpv_ids)
    for wave in WAVES:
        frame = residents(raw, wave)
        assert set(mapping["items"]) <= set(frame.columns)
        assert set(frame["profil/quartier"]) <= set(mapping["qpv"]["values"])


# --- sign-in sheets -------------------------------------------------------------------------------
def test_signin_sheets_follow_the_contract(raw: Path):
    files = sorted(raw.glob("emargement_S*_*.xlsx"))
    steps = {s.number: s for s in FW.steps}
    seen: dict[int, int] = {}
    for path in files:
        sheet, rows = signin(path)
        number = int(re.match(r"emargement_S(\d+)_", path.name).group(1))
        seen[number] = seen.get(number, 0) + 1
        assert sheet["A1"].value == "Feuille d'émargement"
        assert [sheet[f"A{r}"].value for r in range(2, 6)] == [
            "Événement :", "Date :", "Étape :", "Quartier :"]
        assert "données fictives" in sheet["B2"].value
        assert isinstance(sheet["B3"].value, dt.datetime)  # a real Excel date
        day = sheet["B3"].value.date()
        assert steps[number].start <= day <= steps[number].end
        assert path.name == f"emargement_S{number}_{day.isoformat()}.xlsx"
        assert sheet["B4"].value == number
        assert [sheet.cell(7, c).value for c in range(1, 9)] == [
            "Nom", "Prénom", "Structure", "Fonction", "Catégorie", "Quartier", "Rôle", "Présent"]
        assert rows["Nom"].notna().all() and rows["Prénom"].notna().all()
        assert set(rows["Présent"].dropna()) <= {"X", "oui"}
        if number == 7:
            assert sheet["B5"].value in {q.name for q in FW.territory.qpvs}
        else:
            assert sheet["B5"].value is None
    assert seen == {1: 2, 2: 2, 3: 1, 4: 1, 5: 1, 6: 1, 7: 4, 8: 2, 9: 1}


def test_signin_realism(raw: Path):
    sheets = {p.name: signin(p)[1] for p in raw.glob("emargement_*.xlsx")}
    everything = pd.concat(sheets.values())
    categories = set(everything["Catégorie"])
    assert {"Élu·e", "Élue", "Habitante", "Habitant", "Association", "Service"} <= categories
    assert everything["Présent"].isna().any()  # invited but absent
    for name in ("emargement_S6_2023-11-16.xlsx", "emargement_S8_2024-04-11.xlsx"):
        staff = sheets[name][sheets[name]["Rôle"].isin(["Animation", "Co-animation"])]
        assert set(staff["Catégorie"]) & {"Service", "Association", "Acteur de terrain"}
    roster = {o.name for o in FW.organisations}
    structures = set(everything["Structure"].dropna())
    variants = {s for s in structures - roster if fold(s) in {fold(n) for n in roster}}
    assert len(variants) >= 2  # same structure, other case or accents
    cotech = [rows for name, rows in sheets.items() if "_S1_" in name]
    assert all(rows["Présent"].notna().sum() < 11 for rows in cotech)


def test_small_workshops_and_high_elected_attendance(raw: Path):
    workshops = {}
    for path in raw.glob("emargement_S7_*.xlsx"):
        sheet, rows = signin(path)
        residents_present = rows["Catégorie"].str.startswith("Habitant") & rows["Présent"].notna()
        workshops[sheet["B5"].value] = int(residents_present.sum())
    assert workshops["La Source"] < 11 and workshops["Le Moulin"] < 11
    assert workshops["Les Tilleuls"] >= 11 and workshops["Bel-Air"] >= 11
    for step in ("S2", "S3", "S5", "S8"):
        for path in raw.glob(f"emargement_{step}_*.xlsx"):
            rows = signin(path)[1]
            elus = rows[rows["Catégorie"].isin(["Élu", "Élue", "Élu·e"])]
            assert len(elus) == 24
            assert elus["Présent"].notna().mean() >= 0.6, path.name


# --- the story ------------------------------------------------------------------------------------
def test_elected_engagement_rises(raw: Path):
    means = [barometer_codes(raw, w).query("group == @ELUS")["Q01"].mean() for w in WAVES]
    assert means[0] < means[1] < means[2] and means[2] - means[0] > 1.0
    q02 = [barometer_codes(raw, w).query("group == @ELUS")["Q02"].mean() for w in WAVES]
    assert q02[2] - q02[0] > 0.8


def test_cooperation_rises_in_every_group(raw: Path):
    waves = {w: barometer_codes(raw, w) for w in WAVES}
    for group in waves["T0"]["group"].unique():
        for item in ("Q04", "Q07", "Q08"):
            start = waves["T0"].loc[waves["T0"]["group"] == group, item].mean()
            end = waves["T2"].loc[waves["T2"]["group"] == group, item].mean()
            assert end - start > 0.5, (group, item)


def test_services_mobilisation_rises_from_low(raw: Path):
    means = [barometer_codes(raw, w)["Q03"].mean() for w in WAVES]
    assert means[0] < 2.3 and means[0] < means[1] < means[2] and means[2] > 3.2


def test_residents_hope_by_neighbourhood(raw: Path):
    def hope(wave: str, qpv: str) -> float:
        frame = residents(raw, wave)
        return frame.loc[frame["profil/quartier"] == qpv, "opinions/q11"].map(KOBO_CODES).mean()

    assert hope("T2", "tilleuls") - hope("T0", "tilleuls") > 0.8
    assert hope("T2", "moulin") - hope("T0", "moulin") < 0.3
    assert hope("T2", "moulin") < 2.8


def test_response_rates_panel_and_small_cells(raw: Path):
    people = demo_people()
    sizes = people["group_id"].value_counts()
    labels = {"Élu ou élue": "elus", "Partenaire institutionnel": "partenaires",
              "Service de la ville ou de l'agglomération": "services",
              "Acteur de terrain (association, école, travail social)": "acteurs",
              "Équipe projet ou comité technique": "equipe"}
    names = []
    elus_counts = []
    for wave in WAVES:
        frame = barometer(raw, wave)
        done = frame[frame["submitdate"] != ""]
        rates = done["G00Q01"].map(labels).value_counts() / sizes
        assert rates.dropna().between(0.55, 0.80).all(), rates
        elus_counts.append(int((done["G00Q01"] == ELUS).sum()))
        names.append(set(zip(done["firstname"], done["lastname"], strict=True)))
        cells = done.groupby(["G00Q02", "G00Q01"]).size()
        assert (cells < 11).any() and (cells >= 11).any()
    assert elus_counts[0] < elus_counts[1] < elus_counts[2]
    assert len(names[0] & names[1] & names[2]) >= 30  # a panel exists
    for wave in WAVES:
        by_qpv = residents(raw, wave)["profil/quartier"].value_counts()
        assert by_qpv["la_source"] < 11 and by_qpv["moulin"] < 11 and by_qpv["tilleuls"] >= 11


# --- fiction, hooks, store reset ------------------------------------------------------------------
def test_everything_says_fictional(raw: Path):
    readme = (raw / "LISEZMOI.md").read_text(encoding="utf-8")
    assert "fictif" in readme.lower() and "fictional" in readme.lower()
    assert "barometre_T0.csv" in readme
    for path in raw.glob("emargement_*.xlsx"):
        assert "fictives" in signin(path)[0]["B2"].value
    for path in raw.glob("*.mapping.yml"):
        assert "fictives" in path.read_text(encoding="utf-8")


def test_reset_store_removes_sqlite_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("WORKBENCH_STORE", raising=False)
    paths = Paths(tmp_path)
    paths.data.mkdir()
    for suffix in ("", "-wal", "-shm"):
        Path(str(paths.store) + suffix).write_bytes(b"x")
    (paths.data / "framework.yml").write_text("keep")
    removed = reset_store(paths)
    assert len(removed) == 3 and not any(paths.data.glob("workbench.sqlite*"))
    assert (paths.data / "framework.yml").exists()


# --- end to end through the real importers --------------------------------------------------------
def test_run_demo_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from workbench.store import Store

    monkeypatch.delenv("WORKBENCH_STORE", raising=False)
    paths = Paths(tmp_path)
    reports = run_demo(paths)
    assert paths.framework.exists()
    assert not any(r.already_imported for r in reports)
    store = Store(paths.store)
    respondents = store.read("respondents")
    assert set(respondents.loc[respondents["instrument"] == "barometre", "wave"]) == set(WAVES)
    assert set(respondents.loc[respondents["instrument"] == "habitants", "wave"]) == set(WAVES)
    raw = paths.demo_raw
    for wave in WAVES:
        done = (barometer(raw, wave)["submitdate"] != "").sum()
        got = respondents.query("instrument == 'barometre' and wave == @wave")
        assert len(got) == done
        assert len(respondents.query("instrument == 'habitants' and wave == @wave")) == len(
            residents(raw, wave))
    events = store.read("events")
    assert set(events["step_id"]) == {f"S{i}" for i in range(1, 10)}
    attendance = store.read("attendance")
    assert attendance["present"].sum() > 300 and (attendance["present"] == 0).any()
    people = demo_people()
    names = set(people["first_name"]) | set(people["last_name"])
    for table in ("people", "respondents", "attendance", "events", "responses"):
        frame = store.read(table)
        for column in frame.columns:
            if frame[column].dtype != "float64":
                assert not set(frame[column].dropna().astype(str)) & names, (table, column)

    second = run_demo(paths)
    assert second and all(r.already_imported for r in second)
