"""The cooperation network, per wave: graphs built from the relational survey and their measures.

Pure functions over the store's ``ties`` table (one row per respondent × rated organisation × wave)
and the framework's organisation roster. No widget, no I/O.

**Rules, stated once** (``METHOD`` names them in every cube):

1. *An organisation's rating of a partner* is the **lower median** of its respondents' levels
   (one respondent: their level; two: the lower of the two), so a tie is never stronger than
   what half of an organisation's respondents report.
2. *Symmetrisation*: the undirected level of a pair is the **minimum of the two organisations'
   ratings when both rated each other, the single rating when only one side did** (the other did
   not answer, or left that partner blank). A pair nobody rated is *unobserved*.
3. A **tie** is a pair whose level is ≥ ``min_level`` (default 1, "networking").
4. Density, mean level and shares are over **observed pairs**; with every organisation answering
   this is the usual density over all pairs of the roster.
5. Reciprocity is over the directed ratings **between responding organisations** (a rating of a
   non-respondent cannot be returned).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.errors import FrameworkError
from workbench.framework import Framework

TIE_MIN_LEVEL = 1
COORDINATION_LEVEL = 3
DISCORDANCE_GAP = 2
TRUST_ITEMS = ("openness", "reliability", "mission")
VALUE_ITEMS = ("influence", "resources", "involvement")
PARTNER_MAX = 4.0
METHOD = "org_lower_median;pair_min_if_both_else_single;tie_level_ge_{min_level};observed_pairs"
UNKNOWN_SECTOR = "inconnu"
ATTRIBUTES = ("sector", "group", "mainstream")


@dataclass(frozen=True)
class WaveNetwork:
    """One wave's network at the organisation level (never a person's rating)."""

    wave: str
    nodes: list[str]
    sector: dict[str, str]
    responded: frozenset[str]
    respondents: int
    ratings: dict[tuple[str, str], float] = field(repr=False)
    pairs: dict[tuple[str, str], tuple[float, float, float]] = field(repr=False)
    """(a, b) in node order → (symmetrised level, a's rating of b, b's rating of a); NaN = none."""

    def level(self, a: str, b: str) -> float:
        """The symmetrised level of a pair (NaN when unobserved)."""
        key = (a, b) if (a, b) in self.pairs else (b, a)
        return self.pairs[key][0] if key in self.pairs else float("nan")

    def edges(self, min_level: int = TIE_MIN_LEVEL) -> list[tuple[str, str, float]]:
        """Undirected ties ``(a, b, level)`` with level ≥ ``min_level``."""
        return [(a, b, v[0]) for (a, b), v in self.pairs.items() if v[0] >= min_level]

    def adjacency(self, min_level: int = TIE_MIN_LEVEL) -> dict[str, set[str]]:
        adj: dict[str, set[str]] = {node: set() for node in self.nodes}
        for a, b, _ in self.edges(min_level):
            adj[a].add(b)
            adj[b].add(a)
        return adj


# --- building ------------------------------------------------------------------------------------
def roster_order(fw: Framework, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Organisation ids in roster order, then any unknown ids (sorted)."""
    known = [o.id for o in fw.organisations]
    return known + sorted({str(x) for x in extra} - set(known))


def sectors(fw: Framework) -> dict[str, str]:
    return {o.id: o.sector for o in fw.organisations}


def organisation_attribute(fw: Framework, attribute: str = "sector") -> dict[str, str]:
    """Category of each roster organisation for the E–I index: sector, group or mainstream."""
    if attribute not in ATTRIBUTES:
        raise FrameworkError(
            f"Paramètre « attribute » : « {attribute} » inconnu "
            f"(attendu l'un de : {', '.join(ATTRIBUTES)})",
            key="network_unknown_attribute", column="params.attribute",
            expected=", ".join(ATTRIBUTES), found=str(attribute),
        )
    return {o.id: str(getattr(o, attribute)) for o in fw.organisations}


def organisation_ratings(ties: pd.DataFrame) -> pd.DataFrame:
    """Directed organisation ratings: ``wave, from_org, to_org, level, n_respondents`` (rule 1)."""
    cols = ["wave", "from_org", "to_org", "level", "n_respondents"]
    if ties.empty:
        return pd.DataFrame(columns=cols)
    rated = ties.loc[ties["level"].notna() & (ties["from_org"] != ties["to_org"]),
                     ["wave", "from_org", "to_org", "level", "respondent_id"]]
    grouped = rated.groupby(["wave", "from_org", "to_org"], sort=True)
    out = grouped.agg(level=("level", _lower_median), n_respondents=("respondent_id", "nunique"))
    return out.reset_index()[cols]


def _lower_median(values: pd.Series) -> float:
    ordered = np.sort(values.to_numpy(dtype=float))
    return float(ordered[(len(ordered) - 1) // 2])


def wave_network(ties: pd.DataFrame, fw: Framework, wave: str) -> WaveNetwork:
    """The network of one wave (rules 1 and 2)."""
    rows = ties[ties["wave"] == wave]
    ratings_frame = organisation_ratings(rows)
    ratings = {(str(r.from_org), str(r.to_org)): float(r.level)
               for r in ratings_frame.itertuples(index=False)}
    responded = frozenset(str(x) for x in rows["from_org"].dropna().unique())
    involved = set(responded) | {o for pair in ratings for o in pair}
    order = roster_order(fw, sorted(involved))
    nodes = [o for o in order if o in involved]
    rank = {o: i for i, o in enumerate(order)}
    pairs: dict[tuple[str, str], tuple[float, float, float]] = {}
    for (x, y) in ratings:
        a, b = (x, y) if rank[x] < rank[y] else (y, x)
        if (a, b) in pairs:
            continue
        ab, ba = ratings.get((a, b), np.nan), ratings.get((b, a), np.nan)
        level = float(np.nanmin([ab, ba]))  # both → minimum; one → that one (rule 2)
        pairs[(a, b)] = (level, ab, ba)
    known_sectors = sectors(fw)
    sector_of = {o: known_sectors.get(o, UNKNOWN_SECTOR) for o in nodes}
    respondents = int(rows["respondent_id"].nunique())
    return WaveNetwork(wave, nodes, sector_of, responded, respondents, ratings, pairs)


def networks_by_wave(ties: pd.DataFrame, fw: Framework) -> dict[str, WaveNetwork]:
    """Every wave present in ``ties``, in the framework's wave order."""
    present = {str(w) for w in ties["wave"].dropna().unique()}
    waves = [w for w in fw.wave_ids if w in present] + sorted(present - set(fw.wave_ids))
    return {w: wave_network(ties, fw, w) for w in waves}


# --- whole-network measures ----------------------------------------------------------------------
def density(net: WaveNetwork, min_level: int = TIE_MIN_LEVEL) -> float:
    """Ties / observed pairs (rule 4)."""
    return len(net.edges(min_level)) / len(net.pairs) if net.pairs else float("nan")


def degree_centralisation(adjacency: dict[str, set[str]]) -> float:
    """Freeman's degree centralisation of an undirected graph: Σ(d_max − d_i) / ((n−1)(n−2)).

    1 for a star, 0 when every node has the same degree; NaN under 3 nodes.
    """
    n = len(adjacency)
    if n < 3:
        return float("nan")
    degrees = [len(neighbours) for neighbours in adjacency.values()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def reciprocity(net: WaveNetwork, min_level: int = TIE_MIN_LEVEL) -> float:
    """Share of directed ratings ≥ ``min_level`` between respondents that are returned (rule 5)."""
    arcs = {(a, b) for (a, b), v in net.ratings.items()
            if v >= min_level and a in net.responded and b in net.responded}
    if not arcs:
        return float("nan")
    return sum((b, a) in arcs for (a, b) in arcs) / len(arcs)


def ei_index(edges: list[tuple[str, str, float]], attribute: dict[str, str]) -> float:
    """Krackhardt & Stern's E–I index: (external − internal) / (external + internal) ties.

    +1: every tie crosses categories (silos open); −1: every tie stays within one. Ties touching an
    organisation of unknown category are left out.
    """
    external = internal = 0
    for a, b, _ in edges:
        ca, cb = attribute.get(a), attribute.get(b)
        if ca is None or cb is None or UNKNOWN_SECTOR in (ca, cb):
            continue
        if ca == cb:
            internal += 1
        else:
            external += 1
    total = external + internal
    return (external - internal) / total if total else float("nan")


def mean_level(net: WaveNetwork) -> float:
    """Mean symmetrised collaboration level (0–5) over observed pairs, zeros included."""
    levels = [v[0] for v in net.pairs.values()]
    return float(np.mean(levels)) if levels else float("nan")


def share_at_least(net: WaveNetwork, level: int = COORDINATION_LEVEL) -> float:
    """Share of observed pairs at ``level`` or above (default: coordination, 3)."""
    levels = [v[0] for v in net.pairs.values()]
    return float(np.mean([x >= level for x in levels])) if levels else float("nan")


def discordant_pairs(net: WaveNetwork, gap: int = DISCORDANCE_GAP) -> pd.DataFrame:
    """Pairs rated by both organisations, ratings ``gap`` or more apart (for discussion)."""
    rows = [(a, b, ab, ba, abs(ab - ba)) for (a, b), (_, ab, ba) in net.pairs.items()
            if not (np.isnan(ab) or np.isnan(ba)) and abs(ab - ba) >= gap]
    return pd.DataFrame(rows, columns=["org_a", "org_b", "rating_a", "rating_b", "gap"])


def discordant_share(net: WaveNetwork, gap: int = DISCORDANCE_GAP) -> tuple[float, int]:
    """(share of mutually rated pairs that are discordant, number of mutually rated pairs)."""
    mutual = sum(not (np.isnan(ab) or np.isnan(ba)) for (_, ab, ba) in net.pairs.values())
    if not mutual:
        return float("nan"), 0
    return len(discordant_pairs(net, gap)) / mutual, mutual


def partner_score(ties: pd.DataFrame, items: tuple[str, ...], *,
                  min_level: int = TIE_MIN_LEVEL) -> tuple[float, int]:
    """PARTNER-style score in [0, 1]: mean over ratings of the mean of ``items`` (1–4), ÷ 4.

    Only ratings of an existing relationship (level ≥ ``min_level``) count; a rating needs at least
    one of the items. Returns (score, number of respondents it rests on).
    """
    rows = ties[ties["level"] >= min_level]
    per_rating = rows[list(items)].apply(pd.to_numeric, errors="coerce").mean(axis=1)
    kept = per_rating.notna()
    if not kept.any():
        return float("nan"), 0
    people = int(rows.loc[kept, "respondent_id"].nunique())
    return float(per_rating[kept].mean() / PARTNER_MAX), people


def response_rate(net: WaveNetwork, fw: Framework) -> float:
    """Roster organisations that answered ÷ roster size."""
    roster = {o.id for o in fw.organisations}
    return len(net.responded & roster) / len(roster) if roster else float("nan")


# --- node measures -------------------------------------------------------------------------------
def betweenness(adjacency: dict[str, set[str]], *, normalized: bool = True) -> dict[str, float]:
    """Brandes' betweenness centrality of an undirected, unweighted graph.

    Normalised by (n−1)(n−2)/2, the number of pairs not involving the node (as networkx does).
    """
    score = dict.fromkeys(adjacency, 0.0)
    for source in adjacency:
        stack: list[str] = []
        preds: dict[str, list[str]] = {v: [] for v in adjacency}
        sigma = dict.fromkeys(adjacency, 0.0)
        dist = dict.fromkeys(adjacency, -1)
        sigma[source], dist[source] = 1.0, 0
        queue = deque([source])
        while queue:
            v = queue.popleft()
            stack.append(v)
            for w in adjacency[v]:
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = dict.fromkeys(adjacency, 0.0)
        while stack:
            w = stack.pop()
            for v in preds[w]:
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w])
            if w != source:
                score[w] += delta[w]
    n = len(adjacency)
    scale = 0.5  # each undirected path was counted from both ends
    if normalized:
        scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {v: s * scale for v, s in score.items()}


def node_table(net: WaveNetwork, fw: Framework, min_level: int = TIE_MIN_LEVEL) -> pd.DataFrame:
    """One row per organisation: ``organisation, name, sector, group, mainstream, responded,
    degree, betweenness, mean_level`` (its ties' mean symmetrised level)."""
    adj = net.adjacency(min_level)
    between = betweenness(adj)
    roster = {o.id: o for o in fw.organisations}
    rows = []
    for node in net.nodes:
        org = roster.get(node)
        levels = [net.level(node, other) for other in adj[node]]
        rows.append({
            "organisation": node,
            "name": org.name if org else node,
            "sector": net.sector.get(node, UNKNOWN_SECTOR),
            "group": org.group if org else None,
            "mainstream": bool(org.mainstream) if org else False,
            "responded": node in net.responded,
            "degree": len(adj[node]),
            "betweenness": between[node],
            "mean_level": float(np.mean(levels)) if levels else float("nan"),
        })
    return pd.DataFrame(rows)


def tie_changes(before: WaveNetwork, after: WaveNetwork,
                min_level: int = TIE_MIN_LEVEL) -> pd.DataFrame:
    """Pairs observed in both waves with ``level_before, level_after, change``.

    ``change``: ``new`` (no tie → tie), ``stronger``, ``weaker``, ``lost`` (tie → no tie), ``same``.
    """
    rows = []
    for key, (level_after, _, _) in after.pairs.items():
        level_before = before.level(*key)
        if np.isnan(level_before):
            continue
        was, now = level_before >= min_level, level_after >= min_level
        if now and not was:
            change = "new"
        elif was and not now:
            change = "lost"
        elif level_after > level_before:
            change = "stronger"
        elif level_after < level_before:
            change = "weaker"
        else:
            change = "same"
        rows.append((*key, level_before, level_after, change))
    return pd.DataFrame(rows, columns=["org_a", "org_b", "level_before", "level_after", "change"])
