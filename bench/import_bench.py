"""Import benchmark (issue 3). Prints one line per figure:
``<figure>: <value> (goal <goal>, met|missed)``. Always exits 0.

A generated LimeSurvey-style export (UTF-8 with BOM, ``;``, every field quoted, CRLF, a blank
line at the end, full-text Likert answers, names for half the respondents, a few open answers
with quoted newlines) of N responses × 30 items is imported into a fresh store with a temporary
framework of 30 items; the time of ``import_file`` is divided by the time of a plain
``pandas.read_csv`` of the same file measured in the same run (best of 3 for read_csv).

(a) 100k responses: import ÷ read_csv ≤ 2;
(b) 1M responses: import time ÷ 100k import time ≤ 12 (linear growth), and the ratio again.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--large-rows 1000000] [--quick]
"""

from __future__ import annotations

import argparse
import csv
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
from workbench.ingest import import_file
from workbench.privacy import Pseudonymiser
from workbench.store import Store

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
    """The LimeSurvey-style export (see the module docstring)."""
    rng = np.random.default_rng(seed)
    ids = np.arange(1, rows + 1)
    named = ids % 2 == 0
    frame = pd.DataFrame({
        "id": ids.astype(str),
        "submitdate": "2024-03-15 10:22:33", "lastpage": "3", "startlanguage": "fr",
        "seed": rng.integers(1, 10**9, rows).astype(str),
        "startdate": "2024-03-15 10:02:00", "datestamp": "2024-03-15 10:22:33", "token": "",
        "firstname": np.where(named, np.char.add("Prénom", ids.astype(str)), ""),
        "lastname": np.where(named, np.char.add("Nom-", (ids * 7).astype(str)), ""),
        "email": "",
        "G00Q01": np.array(GROUPS)[rng.integers(0, len(GROUPS), rows)],
        "G00Q02": np.array(QPVS)[rng.integers(0, len(QPVS), rows)],
        "G00Q03": np.array(ORGS)[rng.integers(0, len(ORGS), rows)],
    })
    answers = np.array(LIKERT)[rng.choice(len(LIKERT), size=(rows, N_ITEMS),
                                          p=[.12, .18, .2, .25, .15, .05, .05])]
    frame = pd.concat([frame, pd.DataFrame(answers, columns=ITEM_COLUMNS)], axis=1)
    text = np.where(rng.random(rows) < 0.1, "On se parle ; enfin.\r\nEt « vraiment ».", "")
    frame["G02Q01"] = text
    frame.to_csv(path, sep=";", index=False, quoting=csv.QUOTE_ALL, lineterminator="\r\n",
                 encoding="utf-8-sig")
    with open(path, "ab") as fh:
        fh.write(b"\r\n")
    return path


def time_read_csv(path: Path, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        pd.read_csv(path, sep=";")
        times.append(time.perf_counter() - start)
    return min(times)


def time_import(path: Path, fw: Framework, folder: Path, *, dry_run: bool = False) -> float:
    """Seconds for ``import_file`` into a new store (``dry_run``: read and validate only)."""
    mapping = folder / "barometre.mapping.yml"
    mapping.write_text(yaml.safe_dump(MAPPING, allow_unicode=True), encoding="utf-8")
    store = Store(folder / f"store-{path.stem}-{dry_run}.sqlite")
    pseudonymiser = Pseudonymiser(b"b" * 32)
    start = time.perf_counter()
    report = import_file(path, wave="T1", mapping=mapping, store=store, framework=fw,
                         pseudonymiser=pseudonymiser, dry_run=dry_run)
    elapsed = time.perf_counter() - start
    assert report.rows_imported == len(pd.read_csv(path, sep=";", usecols=["id"]))
    return elapsed


def line(figure: str, value: float, goal: float, unit: str = "") -> str:
    verdict = "met" if value <= goal else "missed"
    return f"{figure}: {value:.2f}{unit} (goal {goal:g}{unit}, {verdict})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--large-rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="skip the large run")
    args = parser.parse_args(argv)
    fw = bench_framework()
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        folder = Path(tmp)
        small = write_export(folder / "barometre_T1.csv", args.rows)
        base = time_read_csv(small)
        checked = time_import(small, fw, folder, dry_run=True)
        small_time = time_import(small, fw, folder)
        print(f"import {args.rows} rows: {small_time:.2f} s (read + validate {checked:.2f} s, "
              f"SQLite write {small_time - checked:.2f} s for {args.rows * N_ITEMS} responses); "
              f"read_csv: {base:.2f} s ({small.stat().st_size / 1e6:.0f} MB)")
        print(line(f"import/read_csv at {args.rows} rows", small_time / base, 2))
        print(line(f"read+validate (dry run)/read_csv at {args.rows} rows", checked / base, 2))
        if not args.quick:
            large = write_export(folder / "barometre_large_T1.csv", args.large_rows, seed=4)
            base_large = time_read_csv(large, repeat=1)
            large_time = time_import(large, fw, folder)
            print(f"import {args.large_rows} rows: {large_time:.2f} s; read_csv: "
                  f"{base_large:.2f} s ({large.stat().st_size / 1e6:.0f} MB)")
            print(line(f"import/read_csv at {args.large_rows} rows", large_time / base_large, 2))
            growth = args.large_rows / args.rows
            print(line(f"import time {args.large_rows}/{args.rows} rows", large_time / small_time,
                       1.2 * growth))
    return 0


if __name__ == "__main__":
    sys.exit(main())
