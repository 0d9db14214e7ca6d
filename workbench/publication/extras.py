"""The publication's tables computed from the data beside the cubes, each masked with what the
cubes show: changes between waves (people followed as clusters), who answered each wave, the
headline adjusted to the first wave's mix, coders' agreement.

* a change is masked where either of its waves is masked in the published cube (else the
  shown wave and the change would give the masked one back);
* an adjusted headline is a weighted sum of the groups' values (small groups pooled): it is
  shown only where no group of its wave and QPV is masked for a reason other than its size;
* who answered each wave is a count of people: the small-cell rule of ``wave_composition``.

Every figure is also a cell of ``publication.csv`` (``extra_cells``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
import pandas as pd

from workbench.framework import Framework
from workbench.indicators.registry import ALL
from workbench.publication.rule import SECONDARY, SMALL_CELL
from workbench.publication.tables import make_cells
from workbench.store import Dataset

FIGURE_COLUMNS = ("value", "lower", "upper", "n", "n_a", "n_b", "n_both", "value_a", "value_b",
                  "adjusted", "share")


def wave_pairs(fw: Framework) -> list[tuple[str, str]]:
    """Each wave with the previous one, and the first with the last."""
    waves = fw.wave_ids
    pairs = list(itertools.pairwise(waves))
    if len(waves) > 2:
        pairs.append((waves[0], waves[-1]))
    return pairs


def _blank(frame: pd.DataFrame, hidden: np.ndarray, reason: str) -> pd.DataFrame:
    frame = frame.copy()
    hidden = hidden & ~frame["masked"].astype(bool).to_numpy()
    for col in FIGURE_COLUMNS:
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float).where(~hidden)
    frame.loc[hidden, "masked"] = True
    frame.loc[hidden, "reason"] = reason
    return frame


def _masked_at(cube: pd.DataFrame, wave: str) -> set[tuple[str, str]]:
    rows = cube[(cube["wave"].astype(str) == wave).to_numpy()]
    hit = rows[rows["masked"].astype(bool).to_numpy()]
    return set(zip(hit["qpv"].astype(str), hit["group"].astype(str), strict=True))


def changes(data: Dataset, fw: Framework, cubes: Mapping[str, pd.DataFrame]
            ) -> dict[str, pd.DataFrame]:
    """``change:<indicator>:<wave a>:<wave b>`` for every questionnaire indicator."""
    from workbench.indicators.longitudinal import PANEL_KINDS, change_between

    out: dict[str, pd.DataFrame] = {}
    if data["responses"].empty:
        return out
    for spec in fw.indicators:
        cube = cubes.get(spec.id)
        if spec.kind not in PANEL_KINDS or cube is None or cube.empty:
            continue
        for wave_a, wave_b in wave_pairs(fw):
            frame = change_between(data, fw, spec, wave_a, wave_b, cube=cube).reset_index(
                drop=True)
            if "reason" not in frame.columns:
                frame["reason"] = None
            masked = _masked_at(cube, wave_a) | _masked_at(cube, wave_b)
            hidden = np.array([(str(q), str(g)) in masked for q, g in
                               zip(frame["qpv"], frame["group"], strict=True)], dtype=bool)
            out[f"change:{spec.id}:{wave_a}:{wave_b}"] = _blank(frame, hidden, SECONDARY)
    return out


def compositions(data: Dataset, fw: Framework, cubes: Mapping[str, pd.DataFrame]
                 ) -> dict[str, pd.DataFrame]:
    """``composition:<qpv>`` (who answered each wave) and ``adjusted:<qpv>`` (the headline
    adjusted to the first wave's mix) for the territory and each QPV."""
    from workbench.indicators.lessons import adjusted_headline, wave_composition

    out: dict[str, pd.DataFrame] = {}
    if data["responses"].empty:
        return out
    for qpv in [ALL, *fw.qpv_ids]:
        out[f"composition:{qpv}"] = wave_composition(data, fw, qpv=qpv).reset_index(drop=True)
        adjusted = adjusted_headline(data, fw, qpv=qpv, cubes=cubes).reset_index(drop=True)
        hidden = np.zeros(len(adjusted), dtype=bool)
        for i, row in enumerate(adjusted.itertuples(index=False)):
            cube = cubes.get(str(row.indicator))
            if cube is None or cube.empty:
                continue
            cells = cube[(cube["wave"].astype(str) == str(row.wave)).to_numpy()
                         & (cube["qpv"].astype(str) == qpv).to_numpy()
                         & (cube["group"].astype(str) != ALL).to_numpy()]
            # a group masked as a small cell is pooled with the others in one stratum (whose
            # value the cube already gives as the rest of the total); a group masked for
            # another reason is its own stratum, which the adjusted value would give away
            other = cells["masked"].astype(bool) & (cells["reason"].astype(str) != SMALL_CELL)
            hidden[i] = bool(other.any())
        if len(adjusted) and "adjusted" in adjusted.columns:
            keep = adjusted.copy()
            keep["adjusted"] = pd.to_numeric(keep["adjusted"], errors="coerce").where(~hidden)
            for col in ("lower", "upper"):
                keep[col] = pd.to_numeric(keep[col], errors="coerce").where(~hidden)
            keep["adjusted_masked"] = hidden
            adjusted = keep
        out[f"adjusted:{qpv}"] = adjusted
    return out


def agreement(data: Dataset, fw: Framework) -> pd.DataFrame:
    """Coders' agreement per lesson code and on the valence (verbatims coded twice)."""
    from workbench.indicators.qualitative import coding_agreement
    from workbench.stats.agreement import VALENCE_CODE

    if data["codings"].empty:
        return pd.DataFrame(columns=["code", "units"])
    return coding_agreement(data, codes=[*[le.id for le in fw.lessons], VALENCE_CODE])


def extra_tables(data: Dataset, fw: Framework, cubes: Mapping[str, pd.DataFrame]
                 ) -> dict[str, pd.DataFrame]:
    return {**changes(data, fw, cubes), **compositions(data, fw, cubes),
            "agreement": agreement(data, fw)}


def extra_cells(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The cells of ``publication.csv`` for the extra tables (masked ones without figure)."""
    parts = []
    for name, frame in tables.items():
        if frame.empty:
            continue
        frame = frame.reset_index(drop=True)
        masked = frame["masked"].astype(bool).to_numpy() if "masked" in frame else \
            np.zeros(len(frame), bool)
        if name.startswith("change:"):
            _, indicator, wave_a, wave_b = name.split(":")
            specs = [("change", "value", "n"), ("count", "n_both", "_none")]
            base = frame.assign(wave=f"{wave_a}>{wave_b}")
        elif name.startswith("composition:"):
            indicator, base = "", frame.assign(qpv=name.split(":", 1)[1])
            specs = [("count", "n", "_none"), ("share", "share", "n")]
        elif name.startswith("adjusted:"):
            indicator, base = "", frame.assign(qpv=name.split(":", 1)[1], group=ALL)
            specs = [("adjusted", "adjusted", "n")]
        else:  # agreement
            indicator, base = "", frame
            specs = [(c, c, "units") for c in ("kappa", "alpha") if c in frame.columns]
        for statistic, column, n in specs:
            if column not in base.columns:
                continue
            cells = make_cells(name, base, indicator=str(base["indicator"].iloc[0])
                               if "indicator" in base.columns else indicator,
                               statistic=statistic, value=column, n=n,
                               subject=base["code"].astype(str) if "code" in base.columns
                               else "")
            values = pd.to_numeric(base[column], errors="coerce").to_numpy(dtype=float)
            hidden = masked | np.isnan(values) & (statistic == "adjusted")
            cells["status"] = np.where(hidden, "masked", "shown")
            cells["reason"] = np.where(hidden, frame.get("reason", pd.Series(
                [SECONDARY] * len(frame))).fillna(SECONDARY).to_numpy(dtype=object), None)
            cells.loc[hidden, ["value", "lower", "upper", "n"]] = np.nan
            cells["primary"] = False
            keep = ~np.isnan(values) | hidden
            parts.append(cells[keep])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


__all__ = ["extra_cells", "extra_tables", "wave_pairs"]
