"""The demo territory on PostgreSQL gives what it gives on SQLite: the same rows, the same
indicator cubes, the same report (``make demo-build`` with ``WORKBENCH_STORE=postgresql://…``).

Both stores are built by ``workbench demo`` (``run_demo``) from the same seed with the session's
key; the report is built by ``build_reports`` as ``workbench report`` does.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import pytest
from openpyxl import load_workbook

from workbench.config import Paths
from workbench.framework import load_framework
from workbench.indicators import compute_all
from workbench.report.build import build_reports
from workbench.store import TABLES, Store

pytestmark = pytest.mark.slow

# the moment of each write, which two builds cannot share
WRITE_TIMES = {"sources": ["imported_at"], "codings": ["coded_at"], "readings": ["recorded_at"]}
# tables the demo leaves empty (the committee's readings are recorded in the dashboard)
NOT_IN_THE_DEMO = {"readings", "registrations", "adjudications", "member_readings"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="session")
def pg_demo_home(pg_server, tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The demo imported into a PostgreSQL database (``WORKBENCH_STORE=postgresql://…``)."""
    from workbench.demo.build import run_demo

    url = pg_server.create_database("demo_pg")
    paths = Paths(tmp_path_factory.mktemp("pg-demo"), store_location=url)
    run_demo(paths)
    return paths


@pytest.fixture(scope="session")
def sqlite_demo_home(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The demo in a SQLite file: a copy of the one ``make test`` built in ``WORKBENCH_HOME``
    before the tests (same seed and key), else built here."""
    from workbench.demo.build import run_demo

    base = tmp_path_factory.mktemp("sqlite-demo")
    built = os.environ.get("WORKBENCH_HOME")
    if built and (Path(built) / "data" / "workbench.sqlite").exists():
        shutil.copytree(Path(built) / "data", base / "data")
        return Paths(base)
    paths = Paths(base)
    run_demo(paths)
    return paths


def test_same_rows_on_both_backends(sqlite_demo_home: Paths, pg_demo_home: Paths) -> None:
    assert Store(pg_demo_home.store).backend == "postgresql"
    lite = Store(sqlite_demo_home.store).load_dataset()
    pg = Store(pg_demo_home.store).load_dataset()
    for table in TABLES:
        left = lite[table].drop(columns=WRITE_TIMES.get(table, []))
        right = pg[table].drop(columns=WRITE_TIMES.get(table, []))
        assert len(left) > 0 or table in NOT_IN_THE_DEMO, table
        pd.testing.assert_frame_equal(left, right, obj=table)


def test_same_indicator_cubes_on_both_backends(sqlite_demo_home: Paths,
                                               pg_demo_home: Paths) -> None:
    fw = load_framework(sqlite_demo_home.framework)
    lite = compute_all(Store(sqlite_demo_home.store).load_dataset(), fw)
    pg = compute_all(Store(pg_demo_home.store).load_dataset(), fw)
    assert set(lite) == set(pg) and len(lite) > 10
    for name in lite:
        pd.testing.assert_frame_equal(lite[name], pg[name], obj=name)


def _normalised(html: str) -> str:
    """The report without what differs between two builds of the same data (figure ids)."""
    return UUID.sub("<id>", html)


def test_same_report_on_both_backends(sqlite_demo_home: Paths, pg_demo_home: Paths,
                                      tmp_path: Path) -> None:
    built = {}
    for name, paths in (("sqlite", sqlite_demo_home), ("postgresql", pg_demo_home)):
        written = build_reports(paths, qpvs=["*", "tilleuls"], out_dir=tmp_path / name)
        built[name] = {p.name: p for p in written}
    assert set(built["sqlite"]) == set(built["postgresql"]) == {
        "rapport-global.html", "rapport-tilleuls.html", "tableaux.xlsx", "publication.csv"}
    # the same cells published, masked the same way, whatever the backend
    published = [pd.read_csv(built[name]["publication.csv"], dtype=str, keep_default_na=False)
                 for name in ("sqlite", "postgresql")]
    pd.testing.assert_frame_equal(published[0], published[1])
    for report in ("rapport-global.html", "rapport-tilleuls.html"):
        lite = built["sqlite"][report].read_text(encoding="utf-8")
        pg = built["postgresql"][report].read_text(encoding="utf-8")
        assert "postgresql" not in pg and "host=" not in pg  # the store's address is not shown
        assert _normalised(lite) == _normalised(pg), report
    books = [load_workbook(built[name]["tableaux.xlsx"], read_only=True)
             for name in ("sqlite", "postgresql")]
    assert books[0].sheetnames == books[1].sheetnames
    for sheet in books[0].sheetnames:
        cells = [[row for row in book[sheet].iter_rows(values_only=True)] for book in books]
        assert cells[0] == cells[1], sheet


def test_every_app_opens_on_postgresql(pg_demo_home: Paths, tmp_path: Path) -> None:
    """What the notebooks and the dashboard open, on the team's store."""
    from workbench.apps import CopilDashboard
    from workbench.apps.coding import CodingApp
    from workbench.apps.cooperation import CooperationSection
    from workbench.apps.explorer import ExplorerApp
    from workbench.apps.imports import ImportOverview
    from workbench.apps.pathways import PathwaysApp
    from workbench.apps.readings import ReadingPanel
    from workbench.exports.static_dashboard import write_static_dashboard

    url, fw = pg_demo_home.store, load_framework(pg_demo_home.framework)
    for app in (CopilDashboard.from_store(url, fw), ExplorerApp.from_store(url, fw),
                CooperationSection.from_store(url, fw)):
        assert not isinstance(app, widgets.HTML), app  # not the "no store" message
    assert CodingApp.from_store(url, framework=fw, coder_name="Ana").coder
    assert PathwaysApp.from_store(url, framework=fw) is not None
    assert ReadingPanel.from_store(url, fw, wave="T1", subject="L1") is not None
    overview = ImportOverview.from_store(url)
    assert len(overview.sources) == len(Store(url).read("sources")) > 5
    page = write_static_dashboard(pg_demo_home, out=tmp_path / "tableau.html")
    assert page.stat().st_size > 100_000
