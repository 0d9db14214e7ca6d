"""Change pathways: the stored graph, and progress-marker attainment (``marker_attainment``).

Attainment of a set of markers at a period = Σ w(tier) × s(rating) / Σ w(tier) over the markers
rated at that period, in [0, 1]. Weights (stated, editable in ``params``):

* tier: expect (attendu) 1, like (souhaité) 2, love (idéal) 3 — the further rungs weigh more;
* rating: none (aucun) 0, low (faible) 1/3, medium (moyen) 2/3, high (élevé) 1.

Cube: the period goes in the ``wave`` column (a framework wave id when the period is one; the
``period`` column keeps it as given), qpv ``"*"`` (pathways are territory-wide), group = the
markers' actor group, with the ``"*"`` margin. ``n`` is empty: the figure rests on ratings of
groups by the evaluation team, not on answers of people, so the people rule has nothing to
count; ``markers`` says how many markers were rated. No interval (``lower``/``upper`` empty).
"""

from __future__ import annotations

import lazy_loader as _lazy
import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.registry import ALL, param, register_kind
from workbench.normalise import normalise_label
from workbench.store import Dataset

nx = _lazy.load("networkx")  # imported on first use (a COPIL kernel never uses it)

TIER_WEIGHTS: dict[str, float] = {"expect": 1.0, "like": 2.0, "love": 3.0}
RATING_SCORES: dict[str, float] = {"none": 0.0, "low": 1 / 3, "medium": 2 / 3, "high": 1.0}
TIER_ORDER = ("expect", "like", "love")
RATING_ORDER = ("none", "low", "medium", "high")
LEVEL_ORDER = ("intermediate", "long_term", "vision")
METHOD_ATTAINMENT = "tier_weighted_rating_mean_expect1_like2_love3_none0_low1/3_medium2/3_high1"

_TIER_SYNONYMS = {
    "expect": "expect", "expect to see": "expect", "attendu": "expect", "attendue": "expect",
    "like": "like", "like to see": "like", "souhaite": "like", "souhaitee": "like",
    "love": "love", "love to see": "love", "ideal": "love", "ideale": "love",
}
_RATING_SYNONYMS = {
    "none": "none", "aucun": "none", "aucune": "none", "nul": "none", "0": "none",
    "low": "low", "faible": "low", "1": "low",
    "medium": "medium", "moyen": "medium", "moyenne": "medium", "2": "medium",
    "high": "high", "eleve": "high", "elevee": "high", "fort": "high", "forte": "high",
    "3": "high",
}
_LEVEL_SYNONYMS = {
    "vision": "vision", "long_term": "long_term", "long-term": "long_term",
    "long term": "long_term", "long terme": "long_term", "changement a long terme": "long_term",
    "intermediate": "intermediate", "intermediaire": "intermediate",
    "changement intermediaire": "intermediate",
}


def canonical_tier(value: object) -> str | None:
    """``expect`` / ``like`` / ``love`` from English or French spellings (None if unknown)."""
    return _TIER_SYNONYMS.get(normalise_label(value))


def canonical_rating(value: object) -> str | None:
    """``none`` / ``low`` / ``medium`` / ``high`` from English or French spellings."""
    return _RATING_SYNONYMS.get(normalise_label(value))


def canonical_level(value: object) -> str | None:
    """``intermediate`` / ``long_term`` / ``vision`` from English or French spellings."""
    return _LEVEL_SYNONYMS.get(normalise_label(value))


def period_order(periods: pd.Series | list[str], fw: Framework | None = None) -> list[str]:
    """Periods in order: framework waves first (by date), then the others sorted as text."""
    present = [str(p) for p in dict.fromkeys(periods) if p is not None and not pd.isna(p)]
    waves = fw.wave_ids if fw is not None else []
    return [w for w in waves if w in present] + sorted(p for p in present if p not in waves)


def rated_markers(data: Dataset, *, tier_weights: dict[str, float] | None = None,
                  rating_scores: dict[str, float] | None = None) -> pd.DataFrame:
    """Ratings joined to their markers: marker_id, change_id, actor_group, tier, label, period,
    rating, evidence, ``weight`` and ``score`` (NaN when the tier or rating is unknown)."""
    weights = tier_weights or TIER_WEIGHTS
    scores = rating_scores or RATING_SCORES
    markers = data["progress_markers"][["marker_id", "change_id", "actor_group", "tier", "label"]]
    ratings = data["marker_ratings"][["marker_id", "period", "rating", "evidence"]]
    out = ratings.merge(markers, on="marker_id", how="inner")
    tier = out["tier"].map(canonical_tier)
    rating = out["rating"].map(canonical_rating)
    return out.assign(
        tier=tier, rating=rating, period=out["period"].astype("str"),
        weight=tier.map(weights).astype(float), score=rating.map(scores).astype(float),
    )


def attainment(rated: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Σ weight × score / Σ weight per ``by`` (plus ``markers``: rated markers counted)."""
    ok = rated.dropna(subset=["weight", "score"])
    ok = ok.assign(_ws=ok["weight"] * ok["score"])
    if by:
        grouped = ok.groupby(by, sort=False, dropna=False)
        out = grouped[["_ws", "weight"]].sum()
        out["markers"] = grouped["marker_id"].nunique().astype(float)
        out = out.reset_index()
    else:
        out = pd.DataFrame({"_ws": [ok["_ws"].sum()], "weight": [ok["weight"].sum()],
                            "markers": [float(ok["marker_id"].nunique())]})
    with np.errstate(invalid="ignore", divide="ignore"):
        out["value"] = np.where(out["weight"] > 0, out["_ws"] / out["weight"], np.nan)
    return out.drop(columns=["_ws"])


@register_kind("marker_attainment", additive=(), population="none", statistic="number")
def marker_attainment(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """Tier-weighted attainment of progress markers per period × actor group (and all groups).

    Params: ``groups`` (actor groups kept), ``pathway`` (one pathway), ``tier_weights``,
    ``rating_scores`` (override the stated weights).
    """
    rated = rated_markers(data, tier_weights=param(spec, "tier_weights"),
                          rating_scores=param(spec, "rating_scores"))
    groups = param(spec, "groups")
    if groups is not None:
        rated = rated[rated["actor_group"].isin(list(groups))]
    pathway = param(spec, "pathway")
    if pathway is not None:
        changes = data["changes"]
        kept = set(changes.loc[changes["pathway"] == pathway, "change_id"])
        rated = rated[rated["change_id"].isin(kept)]
    by_group = attainment(rated, ["period", "actor_group"]).rename(columns={"actor_group": "group"})
    overall = attainment(rated, ["period"]).assign(group=ALL)
    cube = pd.concat([by_group, overall], ignore_index=True)
    cube = cube[cube["period"].notna()]
    cube = cube.assign(
        wave=cube["period"].astype("str"), qpv=ALL, group=cube["group"].astype("str"),
        n=np.nan, lower=np.nan, upper=np.nan, mode="per_period", method=METHOD_ATTAINMENT,
    )
    return cube.drop(columns=["weight"]).reset_index(drop=True)


# --- the graph -----------------------------------------------------------------------------------
def pathway_graph(data: Dataset, *, pathway: str | None = None) -> nx.DiGraph:
    """The stored pathway as a directed graph (edge = « contributes to »); node attributes:
    label, level (canonical), actor_group, register, pathway."""
    changes = data["changes"]
    if pathway is not None:
        changes = changes[changes["pathway"] == pathway]
    graph = nx.DiGraph()
    for row in changes.itertuples(index=False):
        graph.add_node(str(row.change_id), label=str(row.label),
                       level=canonical_level(row.level) or "intermediate",
                       actor_group=row.actor_group, register=row.register, pathway=row.pathway)
    links = data["change_links"]
    for row in links.itertuples(index=False):
        if row.from_change in graph and row.to_change in graph:
            graph.add_edge(str(row.from_change), str(row.to_change))
    return graph


def change_attainment(data: Dataset, period: str | None, *, pathway: str | None = None,
                      tier_weights: dict[str, float] | None = None,
                      rating_scores: dict[str, float] | None = None) -> pd.DataFrame:
    """Attainment of each change's own markers at ``period`` (the latest period when None):
    change_id, value, markers. Changes without rated markers are absent."""
    rated = rated_markers(data, tier_weights=tier_weights, rating_scores=rating_scores)
    if pathway is not None:
        changes = data["changes"]
        rated = rated[rated["change_id"].isin(set(changes.loc[changes["pathway"] == pathway,
                                                              "change_id"]))]
    if rated.empty:
        return pd.DataFrame(columns=["change_id", "value", "markers"])
    if period is None:
        period = period_order(rated["period"])[-1]
    rated = rated[rated["period"] == str(period)]
    return attainment(rated.dropna(subset=["change_id"]), ["change_id"])[
        ["change_id", "value", "markers"]]


def marker_attainment_cube(data: Dataset, fw: Framework) -> pd.DataFrame:
    """The framework's first ``marker_attainment`` indicator computed (or the default one)."""
    from workbench.indicators.registry import compute

    spec = next((ind for ind in fw.indicators if ind.kind == "marker_attainment"), None)
    if spec is None:
        lesson = "L7" if "L7" in {le.id for le in fw.lessons} else fw.lessons[-1].id
        spec = Indicator(id="_marker_attainment", lesson=lesson, kind="marker_attainment",
                         evidence="change", label_fr="Atteinte des marqueurs de progrès",
                         label_en="Progress-marker attainment")
    return compute(data, fw, spec)
