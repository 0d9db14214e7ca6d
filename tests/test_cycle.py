"""Where the evaluation stands (00-accueil): imported, coded, read, what is missing before the next
COPIL, the notebook to open next; the view follows the store's writes."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.apps.cycle import CycleOverview, evaluation_cycle
from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import load_framework
from workbench.store import Store

FW = load_framework(DEFAULT_FRAMEWORK)


@pytest.fixture
def store(tmp_path) -> Store:
    """T0: both questionnaires and the relational survey; T1: the barometer only, three
    verbatims, one coded by two coders, one by one coder."""
    store = Store(tmp_path / "wb.sqlite").initialise()
    with store.transaction() as con:
        for i, (instrument, wave) in enumerate([("barometre", "T0"), ("habitants", "T0"),
                                                ("relations", "T0"), ("barometre", "T1")]):
            store.add_source(con, path=f"{instrument}_{wave}.csv", sha256=str(i) * 64,
                             format="csv", instrument=instrument, rows=10, wave=wave)
        sid = store.add_source(con, path="v.xlsx", sha256="v" * 64, format="xlsx",
                               instrument="verbatims", rows=3, wave="T1")
        store.insert_frame(con, "verbatims", pd.DataFrame([
            {"verbatim_id": f"v{i}", "source_id": sid, "kind": "photolangage", "wave": "T1",
             "qpv": "tilleuls", "group_id": "habitants", "text": "…", "quotable": 1}
            for i in range(1, 4)]))
        store.insert_frame(con, "codings", pd.DataFrame([
            {"verbatim_id": v, "code": "L1", "coder": c, "coded_at": "2024-01-01T00:00:00"}
            for v, c in [("v1", "p_a"), ("v1", "p_b"), ("v2", "p_a")]]))
    return store


def test_wave_by_wave_and_what_is_missing_before_the_next_copil(store: Store) -> None:
    cycle = evaluation_cycle(store, FW)
    table = cycle.table.set_index("stage")
    assert list(table.columns) == ["T0", "T1", "T2"]
    assert table.loc["Questionnaires importés"].tolist() == ["2 sur 2", "1 sur 2", "0 sur 2"]
    assert table.loc["Enquête relationnelle importée"].tolist() == ["oui", "non", "non"]
    assert table.loc["Verbatims codés"].tolist() == ["–", "2 sur 3", "–"]
    assert table.loc["Verbatims codés par deux codeurs ou plus", "T1"] == "1 sur 3"
    assert table.loc["Enseignements lus par le comité", "T1"] == "0 sur 7"
    assert cycle.wave == "T1"                        # the latest wave with data, incomplete
    texts = [task.text for task in cycle.tasks]
    assert texts[0] == "Importer « Questionnaire habitants » de la vague T1."
    assert "Importer « Enquête relationnelle » de la vague T1." in texts
    assert "Coder 1 verbatim(s) de la vague T1." in texts
    assert any("second codeur" in text and "1 verbatim" in text for text in texts)
    assert texts[-1].startswith("Recueillir la lecture du comité pour L1, L2")
    assert cycle.next_notebook == "import"
    assert cycle.process[0].startswith("Feuilles d'émargement : 0 étape(s)")


def test_overview_follows_a_reading_saved_in_the_kernel(store: Store) -> None:
    view = CycleOverview(store, FW)
    assert "Avant le prochain comité de pilotage (vague T1)" in view.text
    assert view.next_markdown == (
        "**Carnet à ouvrir ensuite : [01 · Importer des données](01-import.ipynb)**")
    store.append_reading({"wave": "T1", "subject": "L3", "interpretation": "Lu.",
                          "agreement": "consensus", "author_id": "p_x"})
    assert "1 sur 7" in view.text and "pour L1, L2, L4" in view.text
    assert view.errors == []
