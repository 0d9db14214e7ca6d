"""The publication: every table masked together, audited by the attacker's arithmetic, written as
``publication.csv``. Hand-made cases (a masked cell recovered across two tables makes
``workbench audit`` fail), hypothesis territories (group sizes around the threshold, many QPV:
masking together always ends with a passing audit and the rule on what a figure reveals), and
the demo's publication (masked rows carry no figure anywhere, NSP shares and « x sur y » never
reveal a small or whole group, the file round-trips)."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.cli import main as cli_main
from workbench.framework import load_framework
from workbench.publication import AuditSummary, Publication, PublicationFileError
from workbench.publication.build import mask_together, run_audit
from workbench.publication.side import SIDE_FIGURES
from workbench.publication.tables import CELL_COLUMNS, make_cells

ALL = "*"
FW = load_framework()
PRESENT = "present:all"


def count_cell(table: str, n: float, status: str = "shown", **keys: str) -> dict:
    row = {c: "" for c in CELL_COLUMNS}
    row.update(table=table, population=PRESENT, wave="T1", qpv=ALL, group=ALL, step=ALL,
               statistic="count", value=float(n), n=float(n), status=status, reason=None,
               lower=np.nan, upper=np.nan)
    row.update(keys)
    if status == "masked":
        row.update(value=np.nan, n=np.nan, reason="small_cell")
    return row


def crafted(tmp_path) -> Publication:
    """Table A shows élus 20 and hides the residents (3) and the total; table B, counting the
    same people, shows the total 23: 23 − 20 = 3."""
    frame = pd.DataFrame([
        count_cell("A", 20, group="elus"),
        count_cell("A", 3, "masked", group="habitants"),
        count_cell("A", 23, "masked"),
        count_cell("B", 23),
    ])
    audit = AuditSummary(True, "", "audit_passed", 2, None)
    return Publication(fw=FW, tables={}, cells=frame[CELL_COLUMNS], audit_frame=frame,
                       audit=audit)


def test_a_cell_recovered_across_two_tables_fails_the_audit(tmp_path, capsys) -> None:
    pub = crafted(tmp_path)
    result = pub.check()
    assert not result.passed
    failing = result.cells[~result.cells["ok"].astype(bool)]
    assert set(zip(failing["table"], failing["group"], strict=True)) >= {("A", "habitants")}
    path = pub.save(tmp_path / "crafted.zip")
    assert cli_main(["audit", "--publication", str(path)]) == 1
    out = capsys.readouterr().out
    assert "ÉCHEC" in out and "A · present:all" in out


def test_the_same_publication_with_the_total_hidden_everywhere_passes(tmp_path) -> None:
    pub = crafted(tmp_path)
    frame = pub.audit_frame.copy()
    hidden = (frame["table"] == "B").to_numpy()
    frame.loc[hidden, ["status", "value", "n"]] = ["masked", np.nan, np.nan]
    frame.loc[frame["group"] == "elus", ["status", "value", "n"]] = ["masked", np.nan, np.nan]
    pub.audit_frame = frame
    assert pub.check().passed


# --- randomised territories -----------------------------------------------------------------------
@st.composite
def territories(draw) -> pd.DataFrame:
    """People present per QPV × group (sizes around the threshold), shown in a participation
    table with margins, again per group in a second table, and the share of each group who
    facilitated a session (its numerator drawn under the group's size)."""
    qpvs = [f"q{i}" for i in range(draw(st.integers(2, 6)))]
    groups = ["elus", "habitants", "services"]
    sizes = {(q, g): draw(st.integers(0, 24)) for q in qpvs for g in groups}
    did = {g: draw(st.integers(0, sum(sizes[(q, g)] for q in qpvs))) for g in groups}
    rows = []
    for q in [*qpvs, ALL]:
        for g in [*groups, ALL]:
            n = sum(v for (qq, gg), v in sizes.items()
                    if (q == ALL or qq == q) and (g == ALL or gg == g))
            rows.append({"qpv": q, "group": g, "n": float(n), "value": float(n)})
    participation = pd.DataFrame(rows)
    by_group = participation[participation["qpv"] == ALL].reset_index(drop=True)
    shares = by_group[by_group["group"] != ALL].reset_index(drop=True)
    shares = shares.assign(did=shares["group"].map(did).astype(float))
    shares["did_not"] = shares["n"] - shares["did"]
    with np.errstate(invalid="ignore", divide="ignore"):
        shares["value"] = shares["did"] / shares["n"]
    parts = [
        make_cells("participation", participation, population=PRESENT, statistic="count")
        .assign(wave="T1"),
        make_cells("animation", by_group, population=PRESENT, statistic="count")
        .assign(wave="T1"),
        make_cells("facilitators", shares, population=PRESENT, statistic="share",
                   numerator="facilitated").assign(wave="T1"),
    ]
    cells = pd.concat(parts, ignore_index=True)
    return cells[(cells["n"] > 0).to_numpy()].reset_index(drop=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(territories())
def test_masking_together_always_passes_the_audit_and_the_rule(cells: pd.DataFrame) -> None:
    masked = mask_together(cells.copy(), None, FW)
    result, _frame = run_audit(masked, None, FW)
    assert result.passed, result.summary
    shown = masked[(masked["status"] == "shown").to_numpy()]
    counts = shown[shown["statistic"] == "count"]
    assert not ((counts["n"] >= 1) & (counts["n"] < FW.min_cell)).any()
    shares = shown[shown["statistic"] == "share"]
    assert (shares["did"] >= FW.min_category).all()  # not « 2 of 40 »
    assert (shares["did_not"] > 0).all()  # not « 24 sur 24 »
    # the same people shown in two tables are shown the same way in both
    pairs = masked[masked["table"].isin(["participation", "animation"])
                   & (masked["qpv"] == ALL)]
    status = pairs.groupby("group")["status"].nunique()
    assert (status == 1).all()


# --- the demo's publication ---------------------------------------------------------------------
FIGURE_COLUMNS = ("value", "lower", "upper", "n", "share", *SIDE_FIGURES)


def test_demo_audit_passes_and_says_what_it_found(demo_publication) -> None:
    pub = demo_publication
    assert pub.audit.passed and pub.audit.masked > 0 and pub.audit.narrowest is not None
    lo, hi = pub.audit.narrowest
    assert hi - lo >= 1 and hi >= FW.min_cell
    assert pub.check().passed


def test_masked_rows_carry_no_figure_anywhere(demo_publication, tmp_path) -> None:
    pub = demo_publication
    for name, frame in pub.tables.items():
        if "masked" not in frame.columns or frame.empty:
            continue
        hidden = frame[frame["masked"].astype(bool).to_numpy()]
        for column in FIGURE_COLUMNS:
            if column in hidden.columns:
                values = pd.to_numeric(hidden[column], errors="coerce")
                assert values.isna().all(), (name, column)
    record = pd.read_csv(pub.write_csv(tmp_path / "publication.csv"), encoding="utf-8-sig")
    masked = record[record["status"] == "masked"]
    assert len(masked) == pub.masked_cells > 0
    assert masked[["value", "lower", "upper", "n"]].isna().all().all()
    assert set(record["status"]) == {"shown", "masked"}
    assert masked["reason"].notna().all()


def test_no_shown_share_reveals_a_whole_or_small_group(demo_publication) -> None:
    """No « 24 sur 24 », « 0 % of 12 », « 2 % of 133 » among the shares of people."""
    cells = demo_publication.cells
    shown = cells[(cells["status"] == "shown").to_numpy()
                  & (cells["statistic"] == "share").to_numpy()
                  & (cells["population"].astype(str) != "").to_numpy()
                  & cells["population"].astype(str).str.startswith(("present", "known"))]
    assert len(shown)
    n = shown["n"].to_numpy(float)
    people = np.round(shown["value"].to_numpy(float) * n)
    assert (people >= FW.min_category).all()
    assert (people < n).all()
    for cube in demo_publication.cubes.values():  # « x sur y » of people (not organisations)
        if "full_count" not in cube.columns or "count" not in cube.columns:
            continue
        cube = cube[(cube["base_unit"].astype(str) == "people").to_numpy()]
        full = cube[cube["full_count"].fillna(False).astype(bool).to_numpy()
                    & ~cube["masked"].astype(bool).to_numpy() & cube["count"].notna().to_numpy()]
        assert (full["count"] < full["base"]).all()


def test_nsp_shares_shown_only_on_categories_of_min_category(demo_publication,
                                                            demo_home) -> None:
    """Checked against the raw answers, counted here with pandas."""
    from workbench.store import Store

    pub = demo_publication
    fw = pub.fw
    answers = Store(demo_home.store).load_dataset().answers
    seen = 0
    for spec in fw.indicators:
        if spec.kind != "likert_agree_share" or spec.params.get("instrument"):
            continue
        cube = pub.cube(spec.id)
        shown = cube[cube["nsp_share"].notna().to_numpy() & (cube["wave"] != ALL).to_numpy()]
        mine = answers[answers["item_id"].isin(spec.params["items"])]
        value = pd.to_numeric(mine["value"], errors="coerce")
        per = mine.assign(nsp=value.isna() & mine["missing"].notna(), said=value.notna())
        per = per.groupby(["wave", "person_id", "qpv", "group_id"], dropna=False)[
            ["nsp", "said"]].any().reset_index()
        for row in shown.itertuples():
            cell = per[per["wave"] == row.wave]
            if row.qpv != ALL:
                cell = cell[cell["qpv"] == row.qpv]
            if row.group != ALL:
                cell = cell[cell["group_id"] == row.group]
            assert cell["nsp"].sum() >= fw.min_category, row
            assert cell["said"].sum() >= fw.min_category, row
            seen += 1
    assert seen > 0


def test_publication_file_round_trips(demo_publication, tmp_path) -> None:
    pub = demo_publication
    back = Publication.load(pub.save(tmp_path / "publication.zip"))
    assert back.audit == pub.audit
    assert set(back.tables) == set(pub.tables)
    spec = pub.role("participation")
    pd.testing.assert_frame_equal(back.cube(spec).reset_index(drop=True),
                                  pub.cube(spec).reset_index(drop=True), check_dtype=False)


def test_a_record_read_later_is_the_saved_one_and_only_from_the_same_file(demo_publication,
                                                                          tmp_path) -> None:
    path = demo_publication.save(tmp_path / "publication.zip")
    now = Publication.load(path)
    later = Publication.load(path, read_later=True)
    assert "cells" not in vars(later) and "audit_frame" not in vars(later)  # not read yet
    pd.testing.assert_frame_equal(later.cells, now.cells)
    pd.testing.assert_frame_equal(later.audit_frame, now.audit_frame)
    assert later.masked_cells == now.masked_cells > 0
    with pytest.raises(AttributeError):
        _ = later.no_such_part
    changed = Publication.load(path, read_later=True)
    demo_publication.save(path)  # the file is written again after it was loaded
    os.utime(path, ns=(1, 1))
    with pytest.raises(PublicationFileError, match="a changé"):
        _ = changed.cells


# --- every figure of the outputs is a figure of publication.csv ----------------------------------
XLSX_FIGURES = {"Valeur", "Borne basse (95 %)", "Borne haute (95 %)", "Effectif (n)",
                "Part « ne se prononce pas »", "α de Cronbach", "Présents",
                "Part de la cible", "Part des présents ayant animé"}


def _figures(record: pd.DataFrame) -> set[float]:
    shown = record[record["status"] == "shown"]
    values = pd.concat([shown[c] for c in ("value", "lower", "upper", "n")]).dropna()
    return {round(float(v), 4) for v in values}


def test_every_figure_of_the_xlsx_is_in_publication_csv(demo_publication, tmp_path) -> None:
    from openpyxl import load_workbook

    from workbench.exports.tables import tables_workbook

    pub = demo_publication
    record = pd.read_csv(pub.write_csv(tmp_path / "publication.csv"), encoding="utf-8-sig")
    everywhere = _figures(record)
    by_indicator = {ind: _figures(part) for ind, part in record.groupby("indicator")}
    book = load_workbook(tables_workbook(pub, tmp_path / "tableaux.xlsx"), read_only=True)
    checked = 0
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            continue
        header = [str(h) for h in rows[0]]
        code = header.index("Code indicateur") if "Code indicateur" in header else None
        for row in rows[1:]:
            for column, value in zip(header, row, strict=False):
                if column not in XLSX_FIGURES or not isinstance(value, (int, float)):
                    continue
                figures = by_indicator.get(row[code], set()) if code is not None \
                    else everywhere
                assert round(float(value), 4) in figures, (sheet.title, column, row)
                checked += 1
    assert checked > 500


# --- the report build refuses a failing audit; the relational survey's choice -------------------
def test_report_build_refuses_to_write_when_the_audit_fails(tmp_path, monkeypatch) -> None:
    from workbench.config import Paths
    from workbench.report import build

    paths = Paths(tmp_path)
    paths.data.mkdir(parents=True)
    paths.store.parent.mkdir(parents=True, exist_ok=True)
    paths.store.write_bytes(b"")  # a store (empty): the publication is the failing one
    failing = crafted(tmp_path)
    failing.audit = AuditSummary(False, "1 cellule masquée retrouvée", "audit_failed", 2, None, 1)
    monkeypatch.setattr("workbench.publication.publication_for", lambda store, fw: failing)
    out = tmp_path / "reports"
    with pytest.raises(build.PublicationAuditError) as caught:
        build.build_reports(paths, out_dir=out)
    assert caught.value.key == "audit_failed" and "retrouvée" in str(caught.value)
    assert not out.exists() or not any(out.iterdir())


def relational_ties() -> pd.DataFrame:
    """Three organisations, each rated by 12 people of the other: a–b both ways 1 and 4 (two
    levels apart: a pair to discuss), a–c by a only."""
    ratings = [("a", "b", 1), ("b", "a", 4), ("a", "c", 2)]
    rows = [["T1", f"p_{x}_{i}", x, y, level] for x, y, level in ratings for i in range(12)]
    frame = pd.DataFrame(rows, columns=["wave", "respondent_id", "from_org", "to_org", "level"])
    ratings_cols = ["openness", "reliability", "mission", "influence", "resources", "involvement"]
    return frame.assign(**dict.fromkeys(ratings_cols, 3.0), frequency=None)


def test_relational_ratings_per_pair_only_with_consent() -> None:
    from workbench.framework import Organisation
    from workbench.publication import build_publication
    from workbench.secrecy import Privacy, RelationalPublication
    from workbench.store import Dataset

    with pytest.raises(ValueError, match="consentement"):
        RelationalPublication(ratings="per_pair")
    roster = [Organisation(id=o, name=o.upper(), sector="association", group="acteurs",
                           mainstream=False) for o in "abc"]
    fw = FW.model_copy(update={"organisations": roster})
    data = Dataset({"ties": relational_ties()})
    default = build_publication(data, fw)
    pairs = default.table("network:pairs")
    assert pairs[["org_a", "org_b"]].values.tolist() == [["a", "b"]]
    assert not {"rating_a", "rating_b"} & set(pairs.columns)  # who rated what: not said
    assert set(default.table("network:edges")["org_b"]) == {"b"}  # a–c rated one way: not drawn
    consent = "Vous répondez au nom de votre organisation ; vos notes seront publiées."
    open_fw = fw.model_copy(update={"privacy": Privacy(relational=RelationalPublication(
        ratings="per_pair", consent_fr=consent))})
    per_pair = build_publication(data, open_fw)
    pairs = per_pair.table("network:pairs")
    assert pairs[["rating_a", "rating_b"]].values.tolist() == [[1, 4]]
    assert set(per_pair.table("network:edges")["org_b"]) == {"b", "c"}


def test_every_value_of_the_reports_indicator_tables_is_in_publication_csv(demo_publication,
                                                                          tmp_path) -> None:
    """The reports' indicator tables (global and per QPV, every wave): each value shown is, as
    displayed, the value of a shown cell of ``publication.csv`` for that indicator, wave and
    QPV; a cell masked there is masked in the report."""
    from workbench.charts import style
    from workbench.i18n import language, mask_reason, name_of, t
    from workbench.report.context import ReportContext
    from workbench.report.lessons import indicator_table, table_unit

    pub = demo_publication
    record = pd.read_csv(pub.write_csv(tmp_path / "publication.csv"), encoding="utf-8-sig",
                         dtype={"wave": str, "qpv": str, "group": str})
    cells = record[record["table"].str.startswith("indicator:")   # a kind of one group
                   & ~record["subject"].isin(list(SIDE_FIGURES))]    # (élus) shows its cell
    by_key: dict[tuple, pd.DataFrame] = dict(list(cells.groupby(["indicator", "wave", "qpv"])))
    checked = 0
    with language("fr"):
        reasons = {mask_reason(r) for r in (None, "small_cell", "secondary", "group_disclosure")}
        for qpv in [ALL, *FW.qpv_ids]:
            ctx = ReportContext(fw=pub.fw, pub=pub, qpv=qpv)
            for lesson in pub.fw.lessons:
                specs = [s for s in pub.fw.indicators if s.lesson == lesson.id]
                table = indicator_table(ctx, specs)
                names = {name_of(s): s for s in specs}
                for row in table.to_dict("records"):
                    spec = names[row["Indicateur"]]
                    wave = ALL if row["Vague"] == t("common.all_waves") else row["Vague"]
                    here = by_key.get((spec.id, wave, qpv))
                    assert here is not None, (spec.id, wave, qpv)
                    value = row["Valeur"]
                    if value in reasons or not any(ch.isdigit() for ch in value):
                        continue   # masked, or a note without a figure (« aucune étape… »)
                    if here["status"].eq("masked").all():
                        pytest.fail(f"{spec.id} {wave} {qpv}: masked in publication.csv, "
                                    f"shown as {value!r} in the report")
                    unit = table_unit(spec, here["value"])
                    shown = here[here["status"] == "shown"]["value"].dropna()
                    texts = {style.format_value(v, unit) for v in shown}
                    full = " sur " in value   # « 6 sur 10 organisations »: the count and base
                    assert value in texts or full, (spec.id, wave, qpv, value, texts)
                    checked += 1
    assert checked > 100
