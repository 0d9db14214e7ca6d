"""Cooperation-network indicator kinds (per wave; qpv and group are always ``"*"``).

The graphs and their measures live in ``network_graph`` (rules stated there and named in each
cube's ``method``). ``n`` is the number of people whose answers a figure rests on, so the common
small-cell rule masks a wave with fewer respondents than the framework's threshold. Network
figures do not add up across waves or cells: no secondary or cross-wave rule applies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.framework import Framework, Indicator
from workbench.indicators.network_graph import (
    COORDINATION_LEVEL,
    METHOD,
    TIE_MIN_LEVEL,
    TRUST_ITEMS,
    VALUE_ITEMS,
    WaveNetwork,
    degree_centralisation,
    density,
    discordant_pairs,
    discordant_share,
    ei_index,
    mean_level,
    networks_by_wave,
    node_table,
    organisation_attribute,
    partner_score,
    reciprocity,
    response_rate,
    share_at_least,
    tie_changes,
    wave_network,
)
from workbench.indicators.registry import ALL, empty_cube, param, register_kind
from workbench.store import Dataset

__all__ = [
    "NETWORK_KINDS", "WaveNetwork", "discordant_pairs", "network_summary", "networks_by_wave",
    "node_table", "tie_changes", "wave_network",
]

# kind → (summary column, column holding n, informational columns)
NETWORK_KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "network_density": ("density", "respondents", ("organisations_responded", "pairs_observed")),
    "network_centralisation": ("centralisation", "respondents", ("organisations_responded",)),
    "network_reciprocity": ("reciprocity", "respondents", ("organisations_responded",)),
    "network_ei_index": ("ei_index", "respondents", ("ties",)),
    "network_response_rate": ("response_rate", "respondents", ("organisations_responded",)),
    "collaboration_mean": ("mean_level", "respondents", ("pairs_observed",)),
    "collaboration_share_coordination": ("share_coordination", "respondents", ("pairs_observed",)),
    "collaboration_discordant": ("discordant_share", "respondents", ("mutual_pairs",)),
    "partner_trust": ("trust", "trust_n", ()),
    "partner_value": ("value", "value_n", ()),
}


def network_summary(ties: pd.DataFrame, fw: Framework, *, min_level: int = TIE_MIN_LEVEL,
                    attribute: str = "sector") -> pd.DataFrame:
    """Every whole-network measure per wave, **unmasked** (the kinds mask what they publish).

    Columns: wave, respondents, organisations_responded, response_rate, pairs_observed, ties,
    density, centralisation, reciprocity, ei_index, mean_level, share_coordination,
    discordant_share, mutual_pairs, trust, trust_n, value, value_n.
    """
    categories = organisation_attribute(fw, attribute)
    rows = []
    for wave, net in networks_by_wave(ties, fw).items():
        wave_ties = ties[ties["wave"] == wave]
        trust, trust_n = partner_score(wave_ties, TRUST_ITEMS, min_level=min_level)
        value, value_n = partner_score(wave_ties, VALUE_ITEMS, min_level=min_level)
        disc, mutual = discordant_share(net)
        rows.append({
            "wave": wave,
            "respondents": net.respondents,
            "organisations_responded": len(net.responded),
            "response_rate": response_rate(net, fw),
            "pairs_observed": len(net.pairs),
            "ties": len(net.edges(min_level)),
            "density": density(net, min_level),
            "centralisation": degree_centralisation(net.adjacency(min_level)),
            "reciprocity": reciprocity(net, min_level),
            "ei_index": ei_index(net.edges(min_level), categories),
            "mean_level": mean_level(net),
            "share_coordination": share_at_least(net, COORDINATION_LEVEL),
            "discordant_share": disc,
            "mutual_pairs": mutual,
            "trust": trust, "trust_n": trust_n, "value": value, "value_n": value_n,
        })
    return pd.DataFrame(rows)


def summary_for(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    """``network_summary`` with the indicator's ``min_level`` and ``attribute`` parameters."""
    return network_summary(data["ties"], fw, min_level=int(param(spec, "min_level", TIE_MIN_LEVEL)),
                           attribute=str(param(spec, "attribute", "sector")))


def _network_cube(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame:
    column, n_column, info = NETWORK_KINDS[spec.kind]
    summary = summary_for(data, spec, fw)
    if summary.empty:
        return empty_cube()
    min_level = int(param(spec, "min_level", TIE_MIN_LEVEL))
    cube = pd.DataFrame({
        "wave": summary["wave"].astype("str"),
        "qpv": ALL,
        "group": ALL,
        "value": summary[column].astype(float),
        "n": summary[n_column].astype(float),
        "lower": np.nan,
        "upper": np.nan,
        "mode": "cross_section",
        "method": METHOD.format(min_level=min_level),
    })
    for col in info:
        cube[col] = summary[col].astype(float)
    return cube


for _kind in NETWORK_KINDS:
    register_kind(_kind, additive=(), cumulative=False, population="relational",
                  statistic="number" if _kind in ("network_ei_index", "collaboration_mean")
                  else "share_of_things")(_network_cube)
