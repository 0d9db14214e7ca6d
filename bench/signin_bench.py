"""Presence-matrix benchmark (issue 17). Prints one line per figure:
``<figure>: <value> (goal <goal>, met|missed)``. Always exits 0.

A team's presence matrix of P people × M meetings (one column per date, ``X``/empty marks,
``;`` CSV in cp1252 as Excel writes it) is imported into a fresh store; the baseline, measured in
the same run, imports the same presences written as one long table of many events (``Étape``,
``Date``, ``Nom``, ``Prénom``, ``Présent``: one row per person × meeting), the shape the importer
read before matrices. Goal: the matrix costs no more than 1.5 × the long table (best of 3 each).

    .venv/bin/python bench/signin_bench.py [--people 60] [--meetings 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import load_framework
from workbench.ingest import import_file
from workbench.privacy import Pseudonymiser
from workbench.store import Store


def write_files(folder: Path, people: int, meetings: int) -> tuple[Path, Path]:
    """The matrix and the same presences as a long table (weekly meetings, all step 1)."""
    rng = np.random.default_rng(17)
    marks = rng.random((people, meetings)) < 0.6
    start = dt.date(2023, 1, 16)
    dates = [start + dt.timedelta(days=7 * d) for d in range(meetings)]  # weekly
    names = [(f"Nom{p:03d}", f"Prénom{p:03d}") for p in range(people)]
    header = ["Nom", "Prénom", "Structure"] + [f"S1 – {d:%d/%m/%Y}" for d in dates]
    lines = [";".join(header)]
    lines += [";".join([last, first, "CCAS", *("X" if m else "" for m in marks[p])])
              for p, (last, first) in enumerate(names)]
    matrix = folder / "matrice_cotech.csv"
    matrix.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    long = ["Étape;Date;Événement;Nom;Prénom;Présent"]
    for m, day in enumerate(dates):
        long += [f"1;{day:%d/%m/%Y};Réunion;{last};{first};{'X' if marks[p, m] else ''}"
                 for p, (last, first) in enumerate(names)]
    table = folder / "presences_cotech.csv"
    table.write_bytes(("\r\n".join(long) + "\r\n").encode("cp1252"))
    return matrix, table


def best_import(path: Path, folder: Path, runs: int = 3) -> tuple[float, int]:
    fw = load_framework(DEFAULT_FRAMEWORK)
    best, rows = float("inf"), 0
    for run in range(runs):
        store = Store(folder / f"{path.stem}_{run}.sqlite")
        began = time.perf_counter()
        report = import_file(path, kind="attendance", store=store, framework=fw,
                             pseudonymiser=Pseudonymiser(b"b" * 32))
        best = min(best, time.perf_counter() - began)
        rows = report.rows_imported
    return best, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--meetings", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        matrix, table = write_files(folder, args.people, args.meetings)
        matrix_time, matrix_rows = best_import(matrix, folder)
        table_time, table_rows = best_import(table, folder)
    ratio = matrix_time / table_time
    print(f"matrix import ({args.people} people × {args.meetings} meetings, {matrix_rows} rows): "
          f"{matrix_time:.2f} s; long-table baseline ({table_rows} rows): {table_time:.2f} s")
    print(f"matrix ÷ long table: {ratio:.2f} (goal ≤ 1.5, {'met' if ratio <= 1.5 else 'missed'})")


if __name__ == "__main__":
    main()
