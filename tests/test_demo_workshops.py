"""The demo's relational survey, verbatims and pathway: deterministic files telling the intended
story, read back through the import dispatcher."""

from __future__ import annotations

import zipfile
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook

from workbench.config import DEFAULT_FRAMEWORK
from workbench.demo.build import demo_people
from workbench.demo.workshops import FIXED_TIME, write_workshop_files
from workbench.framework import load_framework
from workbench.ingest import import_file
from workbench.privacy import Pseudonymiser, load_or_create_secret
from workbench.privacy.screening import PLACEHOLDER
from workbench.store import Store

NAMES = ["relations_T0.xlsx", "relations_T1.xlsx", "relations_T2.xlsx", "photolangage_S7.xlsx",
         "world-cafe.xlsx", "recits-changement_T2.xlsx", "chemin-changement.xlsx"]
KINDS = {"relations": "relational", "chemin": "pathway"}


@pytest.fixture(scope="module")
def people():
    return demo_people(2023)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, people) -> tuple[Path, Store]:
    """The demo files written once and imported through ``workbench.ingest.import_file``."""
    base = tmp_path_factory.mktemp("workshops")
    raw = base / "raw"
    paths = write_workshop_files(raw, people, 2023)
    store = Store(base / "store.sqlite")
    framework = load_framework(DEFAULT_FRAMEWORK)
    pseudonymiser = Pseudonymiser(load_or_create_secret(base / "secret.key"))
    for path in paths:
        report = import_file(path, store=store, framework=framework, pseudonymiser=pseudonymiser)
        expected = next((k for prefix, k in KINDS.items() if path.name.startswith(prefix)),
                        "verbatims")
        assert report.kind == expected, path.name
        assert report.rows_imported > 0
    return raw, store


def test_files_are_byte_for_byte_deterministic(tmp_path: Path, people) -> None:
    first = write_workshop_files(tmp_path / "a", people, 2023)
    second = write_workshop_files(tmp_path / "b", people, 2023)
    assert [p.name for p in first] == NAMES
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    # no wall-clock time inside: zip entries and document dates are fixed (two writes within the
    # same two seconds would match anyway, so check the stamps themselves)
    for path in first:
        with zipfile.ZipFile(path) as archive:
            assert {i.date_time for i in archive.infolist()} == {FIXED_TIME.timetuple()[:6]}
            core = archive.read("docProps/core.xml").decode()
        assert core.count(FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%S")) == 2, path.name
    other = write_workshop_files(tmp_path / "c", people, 7)
    assert other[0].read_bytes() != first[0].read_bytes()


def test_every_file_says_it_is_fictional(demo) -> None:
    raw, _ = demo
    for name in NAMES:
        book = load_workbook(raw / name, read_only=True)
        assert "FICTIVES" in str(book["Lisez-moi"]["A1"].value), name
        assert "fictive" in (book.properties.description or "").lower()


def _graph(ties, threshold: int) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(set(ties["from_org"]))
    strong = ties[(ties["level"] >= threshold) & ties["to_org"].isin(set(ties["from_org"]))]
    graph.add_edges_from(zip(strong["from_org"], strong["to_org"], strict=True))
    return graph


def test_cooperation_rises(demo) -> None:
    _, store = demo
    ties = store.read("ties")
    sector = {o.id: o.sector for o in load_framework(DEFAULT_FRAMEWORK).organisations}
    rate, level, trust, density, ei = [], [], [], [], []
    for wave in ("T0", "T1", "T2"):
        now = ties[ties["wave"] == wave]
        rate.append(now["from_org"].nunique() / 18)
        level.append(now["level"].mean())
        trust.append(now[["openness", "reliability", "mission"]].stack().mean())
        graph = _graph(now, 2)
        density.append(nx.density(graph))
        external = sum(sector[a] != sector[b] for a, b in graph.edges)
        internal = graph.number_of_edges() - external
        ei.append((external - internal) / (external + internal))  # Krackhardt's E–I, by hand
        ratings = now.set_index(["from_org", "to_org"])["level"].to_dict()
        gaps = [abs(v - ratings[(b, a)]) for (a, b), v in ratings.items() if (b, a) in ratings]
        assert max(gaps) >= 2, wave
    assert 0.55 <= rate[0] < rate[1] < rate[2] and rate[2] >= 0.8
    assert level[0] < level[1] < level[2]
    assert trust[0] < trust[1] < trust[2]
    assert density[0] < density[1] < density[2]
    assert ei[0] < ei[1] < ei[2]


def test_verbatims_tell_the_story_and_keep_names_out(demo, people) -> None:
    raw, store = demo
    verbatims = store.read("verbatims")
    assert set(verbatims["kind"]) == {"photolangage", "world_cafe", "msc", "msc_selection"}
    photo = verbatims[verbatims["kind"] == "photolangage"]
    assert set(photo["qpv"]) == {"tilleuls", "bel-air", "la-source", "moulin"}
    assert (photo["quotable"] == 0).any() and (photo["quotable"] == 1).any()
    quotable = set(photo.loc[photo["quotable"] == 1, "text"])
    assert any(t.startswith("<script>alert(1)</script>") for t in quotable)
    assert any(t.startswith("<img src=x onerror=alert(1)>") for t in quotable)
    assert photo["text"].str.contains(PLACEHOLDER, regex=False).sum() >= 5

    def we_share(frame) -> float:
        return frame["text"].str.contains(r"\b(?:nous|notre|nos)\b", case=False).mean()

    assert we_share(verbatims[verbatims["wave"] == "T2"]) > we_share(
        verbatims[verbatims["wave"] == "T1"])
    data = b"".join(p.read_bytes() for p in store.path.parent.glob("store.sqlite*"))
    book = load_workbook(raw / "photolangage_S7.xlsx", read_only=True)
    participants = {row[4] for row in book["Photolangage"].iter_rows(min_row=2, values_only=True)}
    for full in participants:
        first, last = full.split(" ", 1)
        assert f" {last}".encode() not in data and f"{first} ".encode() not in data, full


def test_pathway_markers_rise(demo) -> None:
    _, store = demo
    changes = store.read("changes")
    assert changes["level"].value_counts().to_dict() == {
        "intermediate": 6, "long_term": 2, "vision": 1}
    markers = store.read("progress_markers")
    assert len(markers) == 12 and markers.groupby("actor_group")["tier"].nunique().eq(3).all()
    ratings = store.read("marker_ratings")
    score = ratings["rating"].map({"none": 0, "low": 1, "medium": 2, "high": 3})
    by_period = score.groupby(ratings["period"]).mean()
    assert list(by_period.index) == ["T1", "T2"] and by_period["T1"] < by_period["T2"]
    assert len(store.read("change_links")) == 9
