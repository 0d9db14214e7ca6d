"""Voice kinds: French tokenisation, the « nous » share and lesson salience (hand-computed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from workbench.config import DEFAULT_FRAMEWORK
from workbench.framework import Indicator, load_framework
from workbench.indicators.qualitative import (
    code_salience,
    pronoun_counts,
    salience_by_lesson,
    tokenise_fr,
    voices_section,
    we_share,
)
from workbench.indicators.registry import compute, select
from workbench.store import Dataset, table_columns

FW = load_framework(DEFAULT_FRAMEWORK)


def spec(kind: str, lesson: str = "L4", **params: object) -> Indicator:
    return Indicator(id=f"t-{kind}", lesson=lesson, kind=kind, evidence="voices", params=params,
                     label_fr="x", label_en="x")


def verbatims(rows: list[dict]) -> pd.DataFrame:
    base = {c: None for c in table_columns("verbatims")}
    frame = pd.DataFrame([{**base, "source_id": 1, "kind": "photolangage", "quotable": 1, **r}
                          for r in rows])
    return frame[table_columns("verbatims")]


def codings(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"verbatim_id": v, "code": c, "coder": k, "valence": None,
                          "coded_at": "2024-01-01"} for v, c, k in rows])


@pytest.mark.parametrize(("text", "expected"), [
    ("J'ai dit", ["j'", "ai", "dit"]),
    ("J’ai dit", ["j'", "ai", "dit"]),  # typographic apostrophe
    ("aujourd'hui, aujourd’hui", ["aujourd'hui", "aujourd'hui"]),  # not an elision
    ("qu'il m'a dit", ["qu'", "il", "m'", "a", "dit"]),
    ("jusqu’à l’école", ["jusqu'", "à", "l'", "école"]),
    ("Allons-nous-en ?", ["allons", "nous", "en"]),
    ("quelqu'un, presqu'île", ["quelqu'un", "presqu'île"]),
    ("NOUS, Nos, nôtre", ["nous", "nos", "nôtre"]),
    ("en 2024 : 3 ateliers", ["en", "ateliers"]),
])
def test_tokenise_fr(text: str, expected: list[str]) -> None:
    assert tokenise_fr(text) == expected


def test_pronoun_counts_cases() -> None:
    texts = [
        "Nous avons porté notre projet avec nos voisins.",  # 3 we
        "J’ai vu mon quartier changer, ma rue, mes amis ; je reste.",  # j' mon ma mes je = 5
        "Le jeune Jean nous a dit : jeudi, mais nosocomial.",  # jeune/Jean/mais/nosocomial: 0 i
        "Il m'a dit que moi aussi.",  # m' and moi are not in the default lists
        None,
    ]
    counts = pronoun_counts(texts)
    assert counts["we"].tolist() == [3, 0, 1, 0, 0]
    assert counts["i"].tolist() == [0, 5, 0, 0, 0]
    wider = pronoun_counts(texts[3:4], i_forms=["je", "j'", "m'", "moi"])
    assert wider["i"].tolist() == [2]


@pytest.mark.parametrize(("text", "we", "i"), [
    ("On avance ensemble.", 1, 0),                 # « on » = « nous » in spoken French
    ("Nous, on s'y met enfin.", 2, 0),
    ("Je crois qu'on y arrivera.", 1, 1),          # « qu'on » → « qu' » + « on »
    ("On a construit notre projet, et je suis fier.", 2, 1),
    ("Onze personnes sont venues, onéreux ou pas.", 0, 0),   # « onze » is not « on »
    ("On dit que j'exagère.", 1, 1),               # the impersonal « on » counts too (a cue)
])
def test_on_counts_toward_nous(text: str, we: int, i: int) -> None:
    counts = pronoun_counts([text])
    assert (counts["we"].iloc[0], counts["i"].iloc[0]) == (we, i)


def test_on_sentence_scores_as_we_share() -> None:
    verb = verbatims([{"verbatim_id": "a1", "person_id": "pA", "wave": "T1", "qpv": "tilleuls",
                       "group_id": "habitants", "text": "On avance ensemble."}])
    cube = we_share(Dataset({"verbatims": verb}), spec("we_share"), FW)
    assert select(cube, wave="T1", qpv="tilleuls", group="habitants").iloc[0]["value"] == 1.0


def _beta_cp(x: float, n: float) -> tuple[float, float]:
    """Clopper–Pearson by hand from scipy's beta quantiles (fractional x allowed)."""
    lo = st.beta.ppf(0.025, x, n - x + 1) if x > 0 else 0.0
    hi = st.beta.ppf(0.975, x + 1, n - x) if x < n else 1.0
    return lo, hi


def test_we_share_value_n_and_interval_by_hand() -> None:
    # contributors A (2 we, 1 i over two verbatims), B (0 we, 2 i), anonymous note C (1 we)
    verb = verbatims([
        {"verbatim_id": "a1", "person_id": "pA", "wave": "T1", "qpv": "tilleuls",
         "group_id": "habitants", "text": "Nous et notre quartier."},
        {"verbatim_id": "a2", "person_id": "pA", "wave": "T1", "qpv": "tilleuls",
         "group_id": "habitants", "text": "Je crois."},
        {"verbatim_id": "b1", "person_id": "pB", "wave": "T1", "qpv": "bel-air",
         "group_id": "habitants", "text": "J'aime ma rue."},
        {"verbatim_id": "c1", "person_id": None, "wave": "T1", "qpv": "bel-air",
         "group_id": "habitants", "text": "Nos enfants."},
        {"verbatim_id": "d1", "person_id": "pD", "wave": "T1", "qpv": "bel-air",
         "group_id": "habitants", "text": "Sans pronom."},  # no pronoun: not in n
    ])
    cube = we_share(Dataset({"verbatims": verb}), spec("we_share"), FW)
    top = select(cube, wave="*").iloc[0]
    # W = 3, T = 6, R = 0.5 over 3 contributors (< 10): Clopper–Pearson on 1.5 of 3
    assert top["value"] == pytest.approx(0.5)
    assert top["n"] == 3 and top["base"] == 6 and top["base_unit"] == "pronouns"
    assert (top["lower"], top["upper"]) == pytest.approx(_beta_cp(1.5, 3), abs=1e-9)
    assert top["method"] == "clopper_pearson_contributors"
    tilleuls = select(cube, wave="T1", qpv="tilleuls", group="habitants").iloc[0]
    assert tilleuls["value"] == pytest.approx(2 / 3) and tilleuls["n"] == 1
    assert (tilleuls["lower"], tilleuls["upper"]) == pytest.approx(_beta_cp(2 / 3, 1), abs=1e-9)
    belair = select(cube, wave="*", qpv="bel-air").iloc[0]
    assert belair["value"] == pytest.approx(1 / 3) and belair["n"] == 2


def test_we_share_t_interval_and_never_zero_width_at_zero() -> None:
    """12 contributors: the linearised ratio interval with t (11 df), by hand; a wave where
    nobody says « nous » reads [0 % ; 1 − 0.025^(1/n)], not [0 % ; 0 %]."""
    texts = ["Nous et je."] * 6 + ["Je, je, nous."] * 4 + ["Je."] * 2  # we 1,1,…,1,0,0
    verb = verbatims([{"verbatim_id": f"v{k}", "person_id": f"p{k}", "wave": "T2",
                       "qpv": "tilleuls", "group_id": "habitants", "text": text}
                      for k, text in enumerate(texts)]
                     + [{"verbatim_id": f"w{k}", "person_id": f"q{k}", "wave": "T1",
                         "qpv": "tilleuls", "group_id": "habitants", "text": "Je."}
                        for k in range(12)])
    cube = we_share(Dataset({"verbatims": verb}), spec("we_share"), FW)
    row = select(cube, wave="T2", qpv="tilleuls", group="habitants").iloc[0]
    we = np.array([1] * 6 + [1] * 4 + [0] * 2, dtype=float)
    total = np.array([2] * 6 + [3] * 4 + [1] * 2, dtype=float)
    ratio = we.sum() / total.sum()
    z = we - ratio * total
    se = np.sqrt(12 / 11 * (z**2).sum()) / total.sum()
    q = st.t.ppf(0.975, 11)
    assert row["value"] == pytest.approx(ratio) and row["method"] == "ratio_t_by_contributor"
    assert (row["lower"], row["upper"]) == pytest.approx((ratio - q * se, ratio + q * se))
    zero = select(cube, wave="T1", qpv="tilleuls", group="habitants").iloc[0]
    assert zero["value"] == 0 and zero["lower"] == 0
    assert zero["upper"] == pytest.approx(1 - 0.025 ** (1 / 12))


def _salience_data() -> Dataset:
    verb = verbatims([
        {"verbatim_id": f"v{i}", "person_id": f"p{i % 3}", "wave": "T1", "qpv": "tilleuls",
         "group_id": "habitants", "text": "texte"} for i in range(5)
    ])
    cod = codings([
        ("v0", "L4", "x"), ("v0", "L4", "y"),   # both coders: carried (agreed)
        ("v1", "L4", "x"), ("v1", "L1", "y"),   # 1 of 2 coders: a tie, not carried
        ("v2", "L4", "x"), ("v2", "_none", "y"), ("v2", "_none", "z"),  # 1 of 3: not carried
        ("v3", "_valence", "x"),                 # coded, no lesson
    ])  # v4 never coded: not in the denominator
    return Dataset({"verbatims": verb, "codings": cod})


def adjudications(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame([{"verbatim_id": v, "code": c, "decision": d, "adjudicator": "arb",
                          "decided_at": f"2024-02-0{k + 1}"} for k, (v, c, d) in enumerate(rows)])


def test_code_salience_majority_and_any_by_hand() -> None:
    data = _salience_data()
    top = select(code_salience(data, spec("code_salience"), FW), wave="*").iloc[0]
    assert top["value"] == pytest.approx(1 / 4)  # v0 only: the tie on v1 waits
    assert top["verbatims_coded"] == 4 and top["n"] == 3  # p0, p1, p2 (v3 is p0's)
    assert top["base"] == 4 and top["base_unit"] == "verbatims"
    anyone = select(code_salience(data, spec("code_salience", rule="any"), FW), wave="*")
    assert anyone.iloc[0]["value"] == pytest.approx(3 / 4)
    only_y = select(code_salience(data, spec("code_salience", coder="y"), FW), wave="*")
    assert only_y.iloc[0]["value"] == pytest.approx(1 / 3)  # y coded v0, v1, v2


def test_an_adjudication_decides_a_tie_and_has_the_last_word() -> None:
    data = _salience_data()
    data.frames["adjudications"] = adjudications([("v1", "L4", 1), ("v0", "L4", 0)])
    top = select(code_salience(data, spec("code_salience"), FW), wave="*").iloc[0]
    assert top["value"] == pytest.approx(1 / 4)  # v1 now carried, v0 overruled
    data = _salience_data()  # a Dataset is read once: a new one for other adjudications
    data.frames["adjudications"] = adjudications([("v1", "L4", 1)])
    top = select(code_salience(data, spec("code_salience"), FW), wave="*").iloc[0]
    assert top["value"] == pytest.approx(2 / 4)
    only_y = select(code_salience(data, spec("code_salience", coder="y"), FW), wave="*")
    assert only_y.iloc[0]["value"] == pytest.approx(1 / 3)  # one coder: no adjudication


def test_consensus_statuses_and_disagreements_by_hand() -> None:
    from workbench.indicators.consensus import consensus_codes, consensus_valence, disagreements

    cod = codings([("v0", "L4", "x"), ("v0", "L4", "y"), ("v1", "L4", "x"), ("v1", "L1", "y"),
                   ("v2", "L4", "x"), ("v2", "L4", "y"), ("v2", "L5", "z"), ("v3", "L2", "x")])
    table = consensus_codes(cod).set_index(["verbatim_id", "code"])
    assert table.loc[("v0", "L4"), ["carried", "status"]].tolist() == [True, "agreed"]
    assert table.loc[("v1", "L4"), ["carried", "status"]].tolist() == [False, "tie"]
    assert table.loc[("v2", "L4"), ["carried", "status"]].tolist() == [True, "agreed"]  # 2 of 3
    assert table.loc[("v2", "L5"), ["carried", "status"]].tolist() == [False, "minority"]
    assert table.loc[("v3", "L2"), ["carried", "status"]].tolist() == [True, "single"]
    decided = consensus_codes(cod, adjudications=adjudications([("v1", "L1", 1)]))
    row = decided.set_index(["verbatim_id", "code"]).loc[("v1", "L1")]
    assert row["carried"] and row["status"] == "adjudicated"
    found = disagreements(cod)
    assert found[["verbatim_id", "code", "status"]].values.tolist() == [
        ["v1", "L1", "tie"], ["v1", "L4", "tie"], ["v2", "L5", "minority"],
        ["v2", "L4", "agreed"]]
    assert found.iloc[0]["ticked_by"] == "y" and found.iloc[0]["coded_by"] == "x, y"
    valences = pd.DataFrame([{"verbatim_id": "v0", "code": "_valence", "coder": c,
                              "valence": v, "coded_at": "x"} for c, v in (("x", -1), ("y", 1))])
    assert consensus_valence(valences).to_dict() == {"v0": 0}
    assert disagreements(valences).iloc[0]["code"] == "_valence"
    assert consensus_valence(valences, adjudications=adjudications(
        [("v0", "_valence", 1)])).to_dict() == {"v0": 1}


def test_salience_carries_the_coders_agreement() -> None:
    from workbench.stats.agreement import cohen_kappa

    verb = verbatims([{"verbatim_id": f"v{i}", "person_id": f"p{i}", "wave": "T1",
                       "qpv": "tilleuls", "group_id": "habitants", "text": "t"}
                      for i in range(8)])
    x = [1, 1, 1, 0, 0, 0, 1, 0]
    y = [1, 1, 0, 0, 0, 0, 1, 1]
    rows = [(f"v{i}", "L4" if a else "_none", "x") for i, a in enumerate(x)]
    rows += [(f"v{i}", "L4" if b else "_none", "y") for i, b in enumerate(y)]
    cube = code_salience(Dataset({"verbatims": verb, "codings": codings(rows)}),
                         spec("code_salience"), FW)
    row = select(cube, wave="*").iloc[0]
    assert row["agreement"] == pytest.approx(cohen_kappa(x, y))
    assert row["agreement_method"] == "cohen_kappa" and row["agreement_units"] == 8
    assert row["reliability"] == "low"  # κ = α ≈ 0.5 < 0.667


def _many_people(n_people: int) -> Dataset:
    rows, cod = [], []
    for i in range(n_people):
        group = "habitants" if i % 2 else "acteurs"
        rows.append({"verbatim_id": f"v{i}", "person_id": f"p{i}", "wave": "T2",
                     "qpv": "tilleuls", "group_id": group,
                     "text": "Nous, notre quartier." if i % 3 else "Je, mon avis.",
                     "quotable": int(i % 4 != 0), "event_id": "S7-2024-01-20-tilleuls"})
        cod.append((f"v{i}", "L4" if i % 3 else "L6", "x"))
        if i % 5 == 0:
            cod.append((f"v{i}", "L1", "x"))
    events = pd.DataFrame([{"event_id": "S7-2024-01-20-tilleuls", "step_id": "S7",
                            "date": "2024-01-20", "label": "Atelier Tilleuls", "qpv": "tilleuls",
                            "source_id": 1}])
    return Dataset({"verbatims": verbatims(rows), "codings": codings(cod), "events": events})


def test_compute_applies_the_small_cell_rule() -> None:
    data = _many_people(14)  # 7 habitants, 7 acteurs: groups below 11 are masked
    cube = compute(data, FW, spec("we_share"))
    top = select(cube, wave="*").iloc[0]
    assert not top["masked"] and top["n"] == 14
    groups = select(cube, wave="*", group=None)
    assert groups.loc[groups["group"] != "*", "masked"].all()
    assert (groups.loc[groups["masked"], "reason"] == "small_cell").all()
    assert groups.loc[groups["masked"], "value"].isna().all()


def test_salience_by_lesson_and_voices_section() -> None:
    data = _many_people(22)
    table = salience_by_lesson(data, FW).set_index("lesson")
    assert list(table.index) == [le.id for le in FW.lessons]
    # L4 on i % 3 != 0 (14 of 22), L6 on the other 8, L1 on i % 5 == 0 (5 of 22)
    assert table.loc["L4", "value"] == pytest.approx(14 / 22)
    assert table.loc["L1", "value"] == pytest.approx(5 / 22)
    assert table.loc["L2", "value"] == 0
    section = voices_section(data, FW)
    assert set(section["verbatim_id"]) == {f"v{i}" for i in range(22) if i % 4}
    assert section.set_index("verbatim_id").loc["v5", "lessons"] == "L1, L4"
    assert section["event_label"].eq("Atelier Tilleuls").all()
    only_l6 = voices_section(data, FW, lesson="L6", group="acteurs")
    assert set(only_l6["verbatim_id"]) == {"v6", "v18"}  # even, i % 3 == 0, quotable
    assert voices_section(data, FW, qpv="moulin").empty


def test_salience_before_any_coding_is_empty_not_an_error() -> None:
    """Verbatims imported, nobody has coded yet: the voices indicators compute (no rows carry a
    lesson) instead of failing, so the dashboard and reports still build."""
    from workbench.indicators.consensus import consensus_codes
    from workbench.store import table_columns

    empty = pd.DataFrame(columns=table_columns("codings"))
    assert consensus_codes(empty).empty
    assert list(consensus_codes(empty).columns) == ["verbatim_id", "code", "carried", "coders",
                                                    "ticks", "status"]
