"""Import benchmark (issues 3 and 14), on SQLite and on PostgreSQL. One line per figure:
``<figure>: <value> (goal <goal>, met|missed)``. Always exits 0.

A generated LimeSurvey-style export (UTF-8 with BOM, ``;``, every field quoted, CRLF, a blank
line at the end, full-text Likert answers, names for half the respondents, a few open answers
with quoted newlines) of N respondents × 30 items is imported by ``import_file`` into a new store.

Each figure is a ratio to a floor measured in the same run, on the same machine and server:
``pandas.read_csv`` of the file plus the fastest bulk write of the same long rows (N × 30
responses, already built and sorted by key) with the same driver into an empty table with the same
key, in one transaction (SQLite: ``executemany`` with a 256 MiB page cache; PostgreSQL: psycopg's
binary ``COPY``). Every measurement runs in a fresh process (its peak memory is that process's
high-water mark; a PostgreSQL server's own memory is not counted).

Goals: import ≤ 1.5 × floor; linear growth (1M time / 100k time ≤ 11); peak memory at 1M ≤ 2 GB.
The ratio to ``read_csv`` alone is printed too. PostgreSQL lines are skipped, with the reason,
when no PostgreSQL server can be started (Debian: ``apt-get install postgresql``).

    .venv/bin/python bench/import_bench.py [--rows 100000] [--large-rows 1000000] [--quick]
                                           [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import Framework, parse_framework

N_ITEMS = 30
ITEM_COLUMNS = [f"G01Q01[SQ{n:03d}]" for n in range(1, N_ITEMS + 1)]
META = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
        "token", "firstname", "lastname", "email"]
LIKERT = ["Pas du tout d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas d'accord",
          "Plutôt d'accord", "Tout à fait d'accord", "Ne se prononce pas", ""]
GROUPS = ["Élu ou élue", "Service de la ville ou de l'agglomération",
          "Acteur de terrain (association, école, travail social)", "Partenaire institutionnel",
          "Équipe projet ou comité technique"]
QPVS = ["Les Tilleuls", "Bel-Air", "La Source", "Le Moulin", "Plusieurs quartiers"]
ORGS = ["CCAS", "Mission locale", "France Travail", "CAF", "Une association du quartier"]
FLOOR_GOAL, GROWTH_GOAL, MEMORY_GOAL_GB = 1.5, 11.0, 2.0


def bench_framework() -> Framework:
    """The default framework with 30 barometer items (Q01…Q30)."""
    data = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    template = data["items"][0]
    existing = {item["id"] for item in data["items"]}
    for number in range(1, N_ITEMS + 1):
        item_id = f"Q{number:02d}"
        if item_id not in existing:
            data["items"].append({**template, "id": item_id, "instrument": ["barometre"],
                                  "text_fr": f"Item {number}", "text_en": f"Item {number}"})
    for item in data["items"]:
        if "barometre" not in item["instrument"]:
            item["instrument"] = [*item["instrument"], "barometre"]
    return parse_framework(data, source="bench")


MAPPING = {
    "instrument": "barometre", "format": "limesurvey",
    "person": {"columns": ["firstname", "lastname"]},
    "group": {"column": "G00Q01"},
    "qpv": {"column": "G00Q02", "values": {"Plusieurs quartiers": None}},
    "organisation": {"column": "G00Q03"},
    "items": {c: f"Q{n:02d}" for n, c in enumerate(ITEM_COLUMNS, 1)},
    "answers": {"scale": "likert5"},
    "open_text": {"G02Q01": "Qu'est-ce qui a changé ?"},
    "ignore": META,
}


def write_export(path: Path, rows: int, seed: int = 3) -> Path:
    """The LimeSurvey-style export (see the module docstring), written in blocks."""
    rng = np.random.default_rng(seed)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        for start in range(0, rows, 200_000):
            ids = np.arange(start + 1, min(rows, start + 200_000) + 1)
            size = len(ids)
            named = ids % 2 == 0
            frame = pd.DataFrame({
                "id": ids.astype(str),
                "submitdate": "2024-03-15 10:22:33", "lastpage": "3", "startlanguage": "fr",
                "seed": rng.integers(1, 10**9, size).astype(str),
                "startdate": "2024-03-15 10:02:00", "datestamp": "2024-03-15 10:22:33",
                "token": "",
                "firstname": np.where(named, np.char.add("Prénom", ids.astype(str)), ""),
                "lastname": np.where(named, np.char.add("Nom-", (ids * 7).astype(str)), ""),
                "email": "",
                "G00Q01": np.array(GROUPS)[rng.integers(0, len(GROUPS), size)],
                "G00Q02": np.array(QPVS)[rng.integers(0, len(QPVS), size)],
                "G00Q03": np.array(ORGS)[rng.integers(0, len(ORGS), size)],
            })
            answers = np.array(LIKERT)[rng.choice(len(LIKERT), size=(size, N_ITEMS),
                                                  p=[.12, .18, .2, .25, .15, .05, .05])]
            frame = pd.concat([frame, pd.DataFrame(answers, columns=ITEM_COLUMNS)], axis=1)
            frame["G02Q01"] = np.where(rng.random(size) < 0.1,
                                       "On se parle ; enfin.\r\nEt « vraiment ».", "")
            frame.to_csv(handle, sep=";", index=False, quoting=csv.QUOTE_ALL,
                         lineterminator="\r\n", header=start == 0)
        handle.write("\r\n")
    return path


# --- what each child process measures ----------------------------------------------------------
def _peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure_read_csv(path: Path, repeat: int) -> dict:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        pd.read_csv(path, sep=";")
        times.append(time.perf_counter() - start)
    return {"seconds": min(times)}


def long_rows(path: Path) -> pd.DataFrame:
    """The ``responses`` rows the import writes (value, label and missing of each answer), in
    key order, built from the file (not timed)."""
    wide = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    persons = np.array([f"p_{int(i):016x}" for i in wide["id"]], dtype=object)
    order = np.argsort(persons, kind="stable")
    values = {text: float(n) for n, text in enumerate(LIKERT[:5], 1)}
    size, count = len(wide), N_ITEMS
    codes = np.column_stack([pd.Categorical(wide[c], categories=LIKERT).codes[order]
                             for c in ITEM_COLUMNS]).ravel()
    labels = pd.Categorical.from_codes(np.where(codes == 6, -1, codes), categories=LIKERT)
    missing = pd.Categorical.from_codes(
        np.select([codes == 5, codes == 6], [0, 1], -1), categories=["nsp", "no_answer"])
    return pd.DataFrame({
        "wave": pd.Categorical.from_codes(np.zeros(size * count, np.int8), ["T1"]),
        "instrument": pd.Categorical.from_codes(np.zeros(size * count, np.int8), ["barometre"]),
        "person_id": pd.Categorical.from_codes(np.repeat(np.arange(size), count),
                                               categories=persons[order]),
        "item_id": pd.Categorical.from_codes(np.tile(np.arange(count), size),
                                             categories=[f"Q{n:02d}" for n in range(1, 31)]),
        "value": np.array([values.get(t, np.nan) for t in LIKERT])[codes],
        "label": labels, "missing": missing,
    })


def measure_bulk_write(path: Path, location: str) -> dict:
    """The floor's write: the long rows into an empty ``responses`` table (same columns, same
    key), one transaction, the driver's fastest path (see the module docstring)."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql as postgresql_dialect
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    from workbench.store.engine import store_url
    from workbench.store.schema import responses

    frame = long_rows(path)
    table = sa.Table("responses", sa.MetaData(), *(
        sa.Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
        for c in responses.columns if c.name != "source_id"))
    url = store_url(location)
    columns = list(frame.columns)
    if url.get_backend_name() == "sqlite":
        import sqlite3

        con = sqlite3.connect(url.database, isolation_level=None)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA cache_size = -262144")
        con.execute(str(sa.schema.CreateTable(table).compile(
            dialect=sqlite_dialect.dialect())))
        insert = (f"INSERT INTO responses ({', '.join(columns)}) "
                  f"VALUES ({', '.join('?' * len(columns))})")
        start = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        for first in range(0, len(frame), 100_000):
            part = frame.iloc[first:first + 100_000].astype(object)
            con.executemany(insert, part.where(part.notna(), None).itertuples(
                index=False, name=None))
        con.execute("COMMIT")
        seconds = time.perf_counter() - start
        con.close()
    else:
        import psycopg

        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo) as con:
            con.execute(str(sa.schema.CreateTable(table).compile(
                dialect=postgresql_dialect.dialect())))
            con.commit()
            start = time.perf_counter()
            with con.cursor() as cursor, cursor.copy(
                    f"COPY responses ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["text"] * 4 + ["float8", "text", "text"])
                for first in range(0, len(frame), 100_000):
                    part = frame.iloc[first:first + 100_000].astype(object)
                    for row in part.where(part.notna(), None).itertuples(index=False, name=None):
                        copy.write_row(row)
            con.commit()
            seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": len(frame)}


def measure_import(path: Path, location: str, folder: Path, dry_run: bool) -> dict:
    from workbench.ingest import import_file
    from workbench.privacy import Pseudonymiser
    from workbench.store import Store

    mapping = folder / "barometre.mapping.yml"
    framework = bench_framework()
    store = Store(location)
    start = time.perf_counter()
    report = import_file(path, wave="T1", mapping=mapping, store=store, framework=framework,
                         pseudonymiser=Pseudonymiser(b"b" * 32), dry_run=dry_run)
    seconds = time.perf_counter() - start
    written = 0 if dry_run else store.counts()["responses"]
    return {"seconds": seconds, "rows": report.rows_imported, "responses": written}


def child(spec: dict) -> None:
    path, folder = Path(spec["path"]), Path(spec["folder"])
    if spec["what"] == "read_csv":
        result = measure_read_csv(path, spec["repeat"])
    elif spec["what"] == "floor_write":
        result = measure_bulk_write(path, spec["location"])
    else:
        result = measure_import(path, spec["location"], folder, spec["what"] == "dry_run")
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))


def run_child(**spec: object) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec, default=str)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{spec['what']} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the run -----------------------------------------------------------------------------------
def line(figure: str, value: float, goal: float | None, unit: str = "") -> str:
    if goal is None:
        return f"{figure}: {value:.2f}{unit} (for information)"
    verdict = "met" if value <= goal else "missed"
    return f"{figure}: {value:.2f}{unit} (goal {goal:g}{unit}, {verdict})"


def start_server():  # -> TempPostgres | str (why not)
    try:
        from workbench.store.throwaway import PostgresUnavailable, TempPostgres
    except ImportError as exc:
        return f"the PostgreSQL driver is missing ({exc})"
    server = TempPostgres(fast_unsafe=False)  # fsync on: as a team's server would run
    try:
        return server.start()
    except PostgresUnavailable as exc:
        return str(exc)


def _locations(backend: str, server, folder: Path, name: str) -> str:
    if backend == "postgresql":
        return server.create_database(name)
    return str(folder / f"{name}.sqlite")


def _drop(backend: str, server, folder: Path, name: str) -> None:
    if backend == "postgresql":
        server.drop_database(name)
    else:
        for leftover in folder.glob(f"{name}.sqlite*"):
            leftover.unlink()


def bench_size(rows: int, path: Path, folder: Path, backends: list[str], server,
               results: dict) -> None:
    """Floor and import measured in turns (``repeat`` times at 100k: the machine is shared, the
    best of each is kept), each in a fresh process and a fresh store."""
    size_mb = path.stat().st_size / 1e6
    repeat = 3 if rows <= 200_000 else 1
    read_csv = run_child(what="read_csv", path=path, folder=folder, repeat=3)["seconds"]
    dry = min((run_child(what="dry_run", path=path, folder=folder,
                         location=str(folder / f"dry-{rows}.sqlite")) for _ in range(repeat)),
              key=lambda r: r["seconds"])
    print(f"{rows} respondents × {N_ITEMS} items ({size_mb:.0f} MB): read_csv {read_csv:.2f} s; "
          f"read + validate (dry run) {dry['seconds']:.2f} s, peak {dry['peak_mb'] / 1024:.2f} GB")
    print(line(f"read+validate/read_csv at {rows} rows", dry["seconds"] / read_csv, None))
    for backend in backends:
        tag = f"[{backend}]"
        if backend == "postgresql" and isinstance(server, str):
            print(f"{tag} {rows} rows: skipped, no PostgreSQL server: {server}")
            continue
        writes, imports = [], []
        for attempt in range(repeat):
            for kind, runs in (("floor_write", writes), ("import", imports)):
                name = f"{kind}_{rows}_{attempt}"
                location = _locations(backend, server, folder, name)
                runs.append(run_child(what=kind, path=path, folder=folder, location=location))
                _drop(backend, server, folder, name)
        write = min(writes, key=lambda r: r["seconds"])
        done = dict(min(imports, key=lambda r: r["seconds"]))
        done["peak_mb"] = max(r["peak_mb"] for r in imports)
        assert done["responses"] == write["rows"] == rows * N_ITEMS, (done, write)
        floor = read_csv + write["seconds"]
        results[(backend, rows)] = {**done, "floor": floor}
        peak = done["peak_mb"] / 1024
        print(f"{tag} {rows} rows (best of {repeat}): import {done['seconds']:.2f} s "
              f"(peak {peak:.2f} GB); floor {floor:.2f} s = read_csv {read_csv:.2f} s + bulk "
              f"write of {write['rows']} rows {write['seconds']:.2f} s")
        print(line(f"{tag} import/floor at {rows} rows", done["seconds"] / floor, FLOOR_GOAL))
        print(line(f"{tag} import/read_csv at {rows} rows", done["seconds"] / read_csv, None))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--large-rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="skip the large run")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return 0
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    server = start_server() if "postgresql" in backends else "not asked for"
    results: dict = {}
    try:
        with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
            folder = Path(tmp)
            (folder / "barometre.mapping.yml").write_text(
                yaml.safe_dump(MAPPING, allow_unicode=True), encoding="utf-8")
            sizes = [args.rows] if args.quick else [args.rows, args.large_rows]
            for rows in sizes:
                path = write_export(folder / f"barometre_{rows}_T1.csv", rows)
                bench_size(rows, path, folder, backends, server, results)
                path.unlink()
            if not args.quick:
                small, large = args.rows, args.large_rows
                growth_goal = GROWTH_GOAL * (large / small) / 10
                for backend in backends:
                    if (backend, large) not in results:
                        continue
                    tag = f"[{backend}]"
                    ratio = results[(backend, large)]["seconds"] / results[(backend, small)][
                        "seconds"]
                    print(line(f"{tag} import time {large}/{small} rows", ratio, growth_goal))
                    floor_ratio = results[(backend, large)]["floor"] / results[(backend, small)][
                        "floor"]
                    print(line(f"{tag} floor time {large}/{small} rows (the database's own "
                               "growth)", floor_ratio, None))
                    print(line(f"{tag} peak memory of the import at {large} rows",
                               results[(backend, large)]["peak_mb"] / 1024, MEMORY_GOAL_GB,
                               " GB"))
    finally:
        if not isinstance(server, str):
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
