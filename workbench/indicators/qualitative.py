"""Voice kinds: salience of each lesson among coded verbatims, and the « nous » share (an L4 cue).

Units: a *contributor* is the pseudonymous person of a verbatim, or the verbatim itself when
it has no person (a world-café note, an anonymous post-it). ``n`` is the number of distinct
contributors in the cell (the small-cell rule applies to it); ``base`` is what the share is
over, named by ``base_unit`` (``verbatims`` coded, or first-person ``pronouns``). Intervals: a
ratio estimator linearised over contributors (their verbatims are correlated), t with n − 1 df,
or Clopper–Pearson on the contributors when that interval would leave [0, 1] or has no width
(a share of 0 % or 100 %): never [0 % ; 0 %].

Salience: a verbatim is *coded* when at least one coder coded it (a code, the valence or
« aucun enseignement »); it *carries* a lesson by the consolidation rule of
:mod:`workbench.indicators.consensus` (default: more than half of its coders ticked it, a tie
waits for an adjudication; ``rule: any`` — one coder is enough; ``coder:`` one coder only).
Value = coded verbatims carrying the lesson / coded verbatims. Beside it, the coders' agreement
on that code (Cohen's κ for two coders, Krippendorff's α; ``reliability``: ``low`` under 0.667,
Krippendorff's threshold for tentative conclusions — shown « fiabilité faible »).

« Nous » share: tokens « nous, notre, nos, on » / (those + « je, j', mon, ma, mes ») in the
verbatims' text (``we_forms`` / ``i_forms`` params change the lists). « On » counts toward
« nous »: in spoken French it mostly stands for « nous » (« on avance ensemble ») — it is also
the impersonal « one » (« on dit que »), which this cue cannot tell apart. French elisions are
split (« j'ai » → « j' » + « ai », « qu'on » → « qu' » + « on », with ' or ’) and
« aujourd'hui » stays one word. It is a *cue* of the shift from « je » to « nous » (L4), not a
measure of solidarity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.consensus import consensus_codes
from workbench.indicators.registry import ALL, KEYS, param, register_kind, rollup
from workbench.stats.agreement import agreement_by_code
from workbench.stats.persons import bounded_interval
from workbench.store import Dataset

WE_FORMS: frozenset[str] = frozenset({"nous", "notre", "nos", "on"})
I_FORMS: frozenset[str] = frozenset({"je", "j'", "mon", "ma", "mes"})
METHOD_RATIO = "ratio_t_by_contributor"
METHOD_FALLBACK = "clopper_pearson_contributors"
VOICE_ADDITIVE = ("qpv", "group")

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "′": "'"})
_ELISIONS = ("jusqu", "lorsqu", "puisqu", "quoiqu", "qu", "l", "d", "j", "m", "t", "s", "n", "c")
_TOKEN = re.compile(
    r"\b(?:" + "|".join(_ELISIONS) + r")'"  # an elided article or pronoun, apostrophe kept
    r"|[^\W\d_]+(?:'[^\W\d_]+)*",  # a word (« aujourd'hui »); hyphens split « allons-nous »
    re.UNICODE,
)


def tokenise_fr(text: object) -> list[str]:
    """Lower-case French word tokens with elisions split off.

    >>> tokenise_fr("J’ai dit : « Nous, c'est aujourd'hui ! »")
    ["j'", 'ai', 'dit', 'nous', "c'", 'est', "aujourd'hui"]
    """
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return []
    return _TOKEN.findall(str(text).translate(_APOSTROPHES).lower())


def pronoun_counts(texts: Iterable[object], *, we_forms: Iterable[str] = WE_FORMS,
                   i_forms: Iterable[str] = I_FORMS) -> pd.DataFrame:
    """Per text: ``we`` and ``i`` token counts (columns ``we``, ``i``)."""
    we = {f.translate(_APOSTROPHES).lower() for f in we_forms}
    me = {f.translate(_APOSTROPHES).lower() for f in i_forms}
    rows = []
    for text in texts:
        tokens = tokenise_fr(text)
        rows.append((sum(tok in we for tok in tokens), sum(tok in me for tok in tokens)))
    return pd.DataFrame(rows, columns=["we", "i"], dtype=float)


# --- shared: verbatims as cube rows --------------------------------------------------------------
def verbatim_frame(data: Dataset, spec: Indicator | None = None) -> pd.DataFrame:
    """Verbatims with ``wave``, ``qpv``, ``group`` and ``contributor`` (kinds filter applied)."""
    verb = data["verbatims"]
    kinds = param(spec, "kinds") if spec is not None else None
    if kinds:
        verb = verb[verb["kind"].isin(list(kinds))]
    person = verb["person_id"].astype("str")
    contributor = person.where(verb["person_id"].notna() & (person != ""),
                               "v:" + verb["verbatim_id"].astype("str"))
    return pd.DataFrame({
        "verbatim_id": verb["verbatim_id"].astype("str").to_numpy(),
        "wave": verb["wave"].to_numpy(), "qpv": verb["qpv"].to_numpy(),
        "group": verb["group_id"].to_numpy(), "contributor": contributor.to_numpy(),
        "text": verb["text"].to_numpy(),
    })


def ratio_cube(base: pd.DataFrame, numerator: str, denominator: str) -> pd.DataFrame:
    """Every margin of wave × qpv × group: value = Σ numerator / Σ denominator over rows with a
    positive denominator, n = distinct contributors, linearised interval over contributors."""
    rows = base[base[denominator] > 0]

    def aggregate(sub: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        per = sub.groupby([*by, "contributor"], sort=False, dropna=False)[
            [numerator, denominator]].sum().reset_index()
        if by:
            cell = per.groupby(by, sort=False, dropna=False)
            sums = cell[[numerator, denominator]].sum()
            sums["n"] = cell.size()
            ratio = per.merge((sums[numerator] / sums[denominator]).rename("_r"),
                              left_on=by, right_index=True)["_r"].to_numpy()
        else:
            sums = per[[numerator, denominator]].sum().to_frame().T
            sums["n"] = len(per)
            ratio = np.full(len(per), float(sums[numerator].iloc[0] / sums[denominator].iloc[0])
                            if len(per) else np.nan)
        per["_z2"] = (per[numerator] - ratio * per[denominator]) ** 2
        z2 = per.groupby(by, sort=False, dropna=False)["_z2"].sum() if by else \
            pd.Series([per["_z2"].sum()])
        sums["_z2"] = z2.to_numpy() if not by else z2.reindex(sums.index).to_numpy()
        return sums

    if rows.empty:
        cube = pd.DataFrame({k: pd.Series([ALL], dtype="str") for k in KEYS})
        cube[[numerator, denominator, "n", "_z2"]] = 0.0
    else:
        cube = rollup(rows, KEYS, aggregate).drop(columns=["index"], errors="ignore")
    total = cube[denominator].to_numpy(dtype=float)
    n = cube["n"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(total > 0, cube[numerator].to_numpy(dtype=float) / total, np.nan)
        se = np.sqrt(n / (n - 1) * cube["_z2"].to_numpy(dtype=float)) / total
    se = np.where(n >= 2, np.where(se < 1e-12, 0.0, se), np.nan)
    lower, upper, used_t = bounded_interval(value, se, n - 1, n, bounds=(0.0, 1.0))
    cube["value"], cube["lower"], cube["upper"] = value, lower, upper
    cube["n"] = n
    cube["base"] = total
    cube["mode"] = "cross_section"
    cube["method"] = np.where(~(n > 0), "not_estimable",
                              np.where(used_t, METHOD_RATIO, METHOD_FALLBACK))
    return cube.drop(columns=["_z2"])


# --- kinds ---------------------------------------------------------------------------------------
def carried_lessons(data: Dataset, *, rule: str = "majority",
                    coder: str | None = None) -> pd.DataFrame:
    """``consensus_codes`` of the dataset's codings and adjudications (verbatim_id, code,
    carried, status, …)."""
    return consensus_codes(data["codings"], rule=rule, coder=coder,
                           adjudications=data["adjudications"])


def coding_agreement(data: Dataset, *, codes: list[str] | None = None,
                     kinds: list[str] | None = None) -> pd.DataFrame:
    """Coders' agreement per code (``stats.agreement.agreement_by_code``) on the verbatims of
    ``kinds`` (all when None): code, coders, units (verbatims coded by ≥ 2 coders), method,
    value (κ or α), alpha (Krippendorff), flag (``reliable``, ``tentative``, ``low``,
    ``undefined``)."""
    key = f"_agreement:{','.join(codes or ())}:{','.join(kinds or ())}"
    cached = data.frames.get(key)
    if cached is not None:
        return cached
    codings = data["codings"]
    if kinds:
        verb = data["verbatims"]
        keep = set(verb.loc[verb["kind"].isin(list(kinds)), "verbatim_id"].astype(str))
        codings = codings[codings["verbatim_id"].astype(str).isin(keep)]
    if codings.empty:
        table = pd.DataFrame(columns=["code", "coders", "units", "method", "value", "observed",
                                      "units_ticked", "alpha", "flag"])
    else:
        table = agreement_by_code(codings, codes=codes)
    data.frames[key] = table
    return table


def _consensus(data: Dataset, *, rule: str, coder: str | None) -> pd.DataFrame:
    """``consensus_codes`` of the dataset (adjudications included unless one coder), computed
    once per rule and coder and kept on the Dataset."""
    key = f"_consensus:{rule}:{coder or ''}"
    cached = data.frames.get(key)
    if cached is None:
        cached = consensus_codes(data["codings"], rule=rule, coder=coder,
                                 adjudications=None if coder is not None
                                 else data["adjudications"])
        data.frames[key] = cached
    return cached


def salience_base(data: Dataset, spec: Indicator, code: str) -> pd.DataFrame:
    """Coded verbatims with ``coded`` (1) and ``carries`` (0/1) for one code."""
    verb = verbatim_frame(data, spec)
    rule = param(spec, "rule", "majority")
    coder = param(spec, "coder")
    codings = data["codings"]
    if coder is not None:
        codings = codings[codings["coder"] == coder]
    coded = set(codings["verbatim_id"].astype("str"))
    hits = _consensus(data, rule=rule, coder=coder)
    carried = set(hits.loc[hits["carried"] & (hits["code"] == code), "verbatim_id"].astype("str"))
    verb = verb[verb["verbatim_id"].isin(coded)]
    return verb.assign(coded=1.0, carries=verb["verbatim_id"].isin(carried).astype(float))


@register_kind("code_salience", additive=VOICE_ADDITIVE, population="contributors",
               statistic="share_of_things")
def code_salience(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Share of coded verbatims carrying the code ``params.code`` (default: the lesson)."""
    code = str(param(spec, "code", spec.lesson))
    cube = ratio_cube(salience_base(data, spec, code), "carries", "coded")
    cube = cube.rename(columns={"carries": "verbatims_carrying", "coded": "verbatims_coded"})
    cube["base_unit"] = "verbatims"
    cube["rule"] = str(param(spec, "rule", "majority"))
    agreement = coding_agreement(data, codes=[code], kinds=param(spec, "kinds"))
    first = agreement.iloc[0] if len(agreement) else None
    cube["agreement"] = np.nan if first is None else first["value"]
    cube["agreement_method"] = "" if first is None else str(first["method"])
    cube["agreement_alpha"] = np.nan if first is None else first["alpha"]
    cube["agreement_units"] = np.nan if first is None else float(first["units"])
    cube["reliability"] = "undefined" if first is None else str(first["flag"])
    return cube


@register_kind("we_share", additive=VOICE_ADDITIVE, population="contributors",
               statistic="share_of_things")
def we_share(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Share of « nous/notre/nos/on » among first-person tokens (an L4 cue, not a measure)."""
    verb = verbatim_frame(data, spec)
    counts = pronoun_counts(verb["text"], we_forms=param(spec, "we_forms", WE_FORMS),
                            i_forms=param(spec, "i_forms", I_FORMS))
    verb = verb.assign(we=counts["we"].to_numpy(),
                       pronouns=(counts["we"] + counts["i"]).to_numpy())
    cube = ratio_cube(verb, "we", "pronouns").rename(
        columns={"we": "we_tokens", "pronouns": "pronoun_tokens"})
    cube["base_unit"] = "pronouns"
    cube["reliability"] = "automatic"  # counted in the text, no coder involved
    return cube


# --- for the dashboard and the report ------------------------------------------------------------
def salience_by_lesson(data: Dataset, fw: Framework, *, wave: str = ALL, qpv: str = ALL,
                       group: str = ALL, rule: str = "majority") -> pd.DataFrame:
    """One row per framework lesson: its ``code_salience`` cell for the filter (suppressed by
    ``compute``): lesson, value, n, lower, upper, masked, reason."""
    from workbench.indicators.registry import compute, select

    rows = []
    for lesson in fw.lessons:
        spec = Indicator(id=f"_voices-{lesson.id}", lesson=lesson.id, kind="code_salience",
                         evidence="voices", params={"rule": rule}, label_fr=lesson.id,
                         label_en=lesson.id)
        cell = select(compute(data, fw, spec), wave=wave, qpv=qpv, group=group)
        if len(cell):
            rows.append(cell.iloc[[0]].assign(lesson=lesson.id))
    columns = ["lesson", "value", "n", "lower", "upper", "masked", "reason", "base",
               "reliability", "agreement_alpha"]
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.concat(rows, ignore_index=True)[columns]


def voices_section(data: Dataset, fw: Framework, *, qpv: str = ALL, group: str = ALL,
                   wave: str = ALL, rule: str = "majority", lesson: str | None = None,
                   limit: int | None = None) -> pd.DataFrame:
    """Quotable coded verbatims carrying at least one lesson, with their lessons.

    Only verbatims marked quotable (consent) are returned; their text was screened for names
    at import. ``"*"`` keeps every value of a filter. Columns: verbatim_id, kind, event_id,
    event_label, wave, qpv, group, title, prompt, text, lessons (``"L1, L4"``), valence.
    Text is returned raw: displays must escape it (``html.escape``).
    """
    from workbench.indicators.consensus import consensus_valence

    verb = data["verbatims"]
    verb = verb[pd.to_numeric(verb["quotable"], errors="coerce").fillna(0).to_numpy() == 1]
    for column, wanted in (("qpv", qpv), ("group_id", group), ("wave", wave)):
        if wanted != ALL:
            verb = verb[(verb[column] == wanted).to_numpy()]
    lessons = [le.id for le in fw.lessons]
    hits = consensus_codes(data["codings"], rule=rule, adjudications=data["adjudications"])
    hits = hits[hits["carried"] & hits["code"].isin(lessons)]
    if lesson is not None:
        hits = hits[hits["verbatim_id"].isin(set(hits.loc[hits["code"] == lesson,
                                                           "verbatim_id"]))]
    order = {le: i for i, le in enumerate(lessons)}
    carried = hits.assign(_o=hits["code"].map(order)).sort_values("_o").groupby(
        "verbatim_id", sort=False)["code"].agg(", ".join)
    verb = verb[verb["verbatim_id"].isin(set(carried.index))]
    events = data["events"].set_index("event_id")["label"]
    out = pd.DataFrame({
        "verbatim_id": verb["verbatim_id"].to_numpy(), "kind": verb["kind"].to_numpy(),
        "event_id": verb["event_id"].to_numpy(),
        "event_label": verb["event_id"].map(events).to_numpy(),
        "wave": verb["wave"].to_numpy(), "qpv": verb["qpv"].to_numpy(),
        "group": verb["group_id"].to_numpy(), "title": verb["title"].to_numpy(),
        "prompt": verb["prompt"].to_numpy(), "text": verb["text"].to_numpy(),
        "lessons": verb["verbatim_id"].map(carried).to_numpy(),
    })
    valence = consensus_valence(data["codings"], adjudications=data["adjudications"])
    out["valence"] = out["verbatim_id"].map(valence).astype("Int64")
    out = out.sort_values(["lessons", "verbatim_id"]).reset_index(drop=True)
    return out if limit is None else out.head(limit)
