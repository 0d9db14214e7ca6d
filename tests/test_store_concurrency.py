"""A team on one store: several processes import, code and record readings at once, and no
write is lost (PostgreSQL, the team's backend; SQLite too, on one machine).

Each worker, in its own process (``spawn``: nothing shared but the store's location):
- imports its own wave of the barometer (the same ten people in every wave: their ``people``
  rows are replaced by every worker at once) and the SAME extra file as every other worker
  (exactly one import of it lands, the others find it already imported);
- codes every verbatim under its own pseudonymous coder id, ticking, unticking and changing
  the valence, and adds to one shared code that every worker ticks;
- records readings of the committee;
- adjudicates the same codes as every other worker (one decision per verbatim × code stays,
  wholly one worker's).
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pandas as pd
import pytest
from conftest_import import BAROMETRE_MAPPING, context, ls_row, write_limesurvey

from workbench.ingest import import_file
from workbench.store import Store

WORKERS = 3
VERBATIMS = 8
READINGS_EACH = 10
WAVES = ["T0", "T1", "T2"]
PEOPLE = [(f"Prénom{n}", f"Nom{n}") for n in range(10)]


def _worker(location: str, folder: str, worker: int) -> None:
    """One evaluator's session (runs in a child process)."""
    ctx = context(Path(folder), location)
    store: Store = ctx["store"]
    coder = f"p_coder_{worker}"
    own = import_file(Path(folder) / f"barometre_{WAVES[worker]}.csv", **ctx)
    assert own.source_id is not None and not own.already_imported, own
    for n in range(READINGS_EACH):
        store.append_reading({"wave": "T1", "subject": f"L{worker + 1}",
                              "interpretation": f"worker {worker} reading {n}",
                              "author_id": coder})
        verbatim = f"v{n % VERBATIMS}"
        assert store.set_coding(verbatim, "L1", coder, ticked=True)
        assert store.set_coding(verbatim, "_valence", coder, ticked=True, valence=n % 3 - 1)
        assert store.set_coding(verbatim, "L2", coder, ticked=n % 2 == 0)
        assert store.set_coding(verbatim, "shared", coder, ticked=True)
        assert store.set_adjudication(verbatim, "L1", coder, decision=worker % 2)
    shared = import_file(Path(folder) / "extra" / "barometre_T2.csv", **ctx)
    assert shared.source_id is not None, shared


def _expected_codings(worker: int) -> set[tuple]:
    """What worker ``worker`` leaves: its last action on each (verbatim, code)."""
    coder = f"p_coder_{worker}"
    last: dict[tuple, int] = {}
    ticked: dict[tuple, bool] = {}
    for n in range(READINGS_EACH):
        verbatim = f"v{n % VERBATIMS}"
        ticked[(verbatim, "L1")] = True
        ticked[(verbatim, "_valence")] = True
        last[(verbatim, "_valence")] = n % 3 - 1
        ticked[(verbatim, "L2")] = n % 2 == 0
        ticked[(verbatim, "shared")] = True
    return {(v, code, coder, last.get((v, code))) for (v, code), on in ticked.items() if on}


@pytest.mark.slow
def test_several_evaluators_at_once_lose_nothing(store_location: str, tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    (folder / "extra").mkdir(parents=True)
    for path in (folder / "barometre.mapping.yml", folder / "extra" / "barometre.mapping.yml"):
        path.write_text(BAROMETRE_MAPPING, encoding="utf-8")
    for w, wave in enumerate(WAVES):
        org = ["CCAS", "Mission locale", "CAF"][w]
        write_limesurvey(folder / f"barometre_{wave}.csv",
                         [ls_row(n + 1, first, last, org=org)
                          for n, (first, last) in enumerate(PEOPLE)])
    # the file every worker imports: five other people, in T2 beside worker 2's own file
    write_limesurvey(folder / "extra" / "barometre_T2.csv",
                     [ls_row(100 + n, f"Autre{n}", f"Personne{n}") for n in range(5)])
    store = Store(store_location)
    with store.transaction() as con:
        source = store.add_source(con, path="v.xlsx", sha256="v" * 64, format="xlsx",
                                  instrument="verbatims", rows=VERBATIMS)
        store.insert_frame(con, "verbatims", pd.DataFrame({
            "verbatim_id": [f"v{n}" for n in range(VERBATIMS)], "kind": "msc",
            "text": [f"Récit {n}" for n in range(VERBATIMS)]}), constants={"source_id": source})

    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_worker, args=(store_location, str(folder), w))
               for w in range(WORKERS)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=300)
    alive = [p for p in workers if p.is_alive()]
    for process in alive:
        process.kill()
    assert not alive, "a worker hung"
    assert [p.exitcode for p in workers] == [0] * WORKERS

    data = store.load_dataset()
    sources = data["sources"]
    assert len(sources) == 1 + WORKERS + 1  # verbatims, each wave, the shared file ONCE
    assert sources["sha256"].is_unique
    assert sources["imported_by"].notna().sum() == WORKERS + 1  # each import has its author
    respondents = data["respondents"]
    assert respondents.groupby("wave").size().to_dict() == {"T0": 10, "T1": 10, "T2": 15}
    assert len(data["responses"]) == (3 * 10 + 5) * 14
    assert len(data["people"]) == 15 and data["people"]["person_id"].is_unique
    codings = data["codings"]
    got = {(r.verbatim_id, r.code, r.coder, None if pd.isna(r.valence) else int(r.valence))
           for r in codings.itertuples()}
    expected = set().union(*(_expected_codings(w) for w in range(WORKERS)))
    assert got == expected
    adjudications = data["adjudications"]
    assert sorted(adjudications["verbatim_id"]) == [f"v{n}" for n in range(VERBATIMS)]
    assert set(adjudications["code"]) == {"L1"}
    for row in adjudications.itertuples():  # one worker's decision with that worker's name
        worker = int(row.adjudicator.removeprefix("p_coder_"))
        assert row.decision == worker % 2
    readings = data["readings"]
    assert len(readings) == WORKERS * READINGS_EACH and readings["reading_id"].is_unique
    assert set(readings["interpretation"]) == {
        f"worker {w} reading {n}" for w in range(WORKERS) for n in range(READINGS_EACH)}
