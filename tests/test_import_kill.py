"""An import killed mid-way (SIGKILL, no clean-up possible) leaves the store exactly as it was,
and the raw file is never modified — on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest_import import (
    BAROMETRE_MAPPING,
    LIKERT,
    context,
    ls_row,
    store_dump,
    write_limesurvey,
    write_signin,
)

from workbench.ingest import import_file
from workbench.store import Store

ROWS = 40_000
CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from conftest_import import context
    from workbench.ingest import import_file
    from workbench.store import Store

    import workbench.ingest.questionnaire as questionnaire

    insert, validate = Store.insert_frame, questionnaire._validate_rows

    def announced(con, table, frame, **kw):  # inside the write transaction: say so, wait
        if table == "responses" and {moment!r} == "during_write":
            insert(con, table, frame.iloc[:len(frame) // 2], **kw)  # half of it written
            print("INSERT", table, len(frame), flush=True)
            sys.stdin.readline()
        return insert(con, table, frame, **kw)

    def validating(*args, **kwargs):  # validating: say so, wait to be killed
        if {moment!r} == "during_validation":
            print("VALIDATING", flush=True)
            sys.stdin.readline()
        return validate(*args, **kwargs)

    Store.insert_frame = staticmethod(announced)
    questionnaire._validate_rows = validating
    ctx = context(Path({tmp!r}), {location!r})
    print("START", flush=True)
    import_file(Path({path!r}), **ctx)
    print("DONE", flush=True)
""")


def _wait_until_alone(store: Store, seconds: float = 30) -> None:
    """Until no other session is in a transaction on the store's database (the killed
    import's backend has noticed and rolled back)."""
    query = sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with store.connect() as con:
            if con.execute(query).scalar() == 0:
                return
        time.sleep(0.1)
    raise AssertionError("the killed import's session is still open on the server")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _big_export(path: Path) -> Path:
    rows = [ls_row(n, f"Prénom{n}", f"Nom{n}",
                   answers=[LIKERT[(n * 7 + k) % 5] for k in range(14)],
                   text="Une réponse ouverte ;\r\nsur deux lignes." if n % 9 == 0 else "")
            for n in range(1, ROWS + 1)]
    return write_limesurvey(path, rows)


@pytest.mark.parametrize("moment", ["during_write", "during_validation"])
def test_sigkill_leaves_store_and_raw_file_unchanged(tmp_path: Path, moment: str,
                                                      store_location: str) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "barometre.mapping.yml").write_text(BAROMETRE_MAPPING, encoding="utf-8")
    ctx = context(tmp_path, store_location)
    import_file(write_signin(raw / "emargement_S1_2023-01-19.xlsx",
                             [["Dupont", "Marie", "CCAS", "", "Service", "", "", "X"]],
                             step=1, date="19/01/2023"), **ctx)
    import_file(write_limesurvey(raw / "barometre_T0.csv", [ls_row(1, "Anne", "Aubert")]),
                **ctx)
    store = ctx["store"]
    before = store_dump(store)
    assert before["responses"] and before["sources"]
    path = _big_export(raw / "barometre_T1.csv")
    sha_before = _sha256(path)

    script = CHILD.format(tests=str(Path(__file__).parent), tmp=str(tmp_path), path=str(path),
                          moment=moment, location=store_location)
    child = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ})
    assert child.stdout is not None
    wanted = "INSERT responses" if moment == "during_write" else "VALIDATING"
    deadline = time.monotonic() + 240
    seen = []
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        seen.append(line.strip())
        if line.startswith(wanted):  # the child now waits on its stdin, mid-import
            break
    assert child.poll() is None, ("the import ended before it could be killed", seen,
                                  child.stderr.read() if child.stderr else "")
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert "DONE" not in seen

    if store.path is None:  # the server rolls the dead client's transaction back
        _wait_until_alone(store)
    assert store_dump(store) == before  # every row of every table, not only counts
    if store.path is not None:
        con = sqlite3.connect(store.path)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        con.close()
    assert store.source_by_sha256(sha_before) is None  # the file can be imported again
    assert _sha256(path) == sha_before
