"""What every report of one build reads, computed once and shared with the report kernels.

``build_reports`` runs one kernel per report; each used to load the store and compute every
indicator again (~2 s each) and the territory-wide network and pathway figures. Instead the
parent process computes them once (``compute_inputs``), writes them to a private temporary file
(``save_inputs``, pickle, deleted after the build) and passes its path to the template; a kernel
reads it back (``load_inputs``) only when it still matches the store (path, size, mtime).
Without that file the kernel computes everything itself, as a notebook run by hand does.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.framework import Framework
from workbench.store import Dataset, Store


@dataclass
class ReportInputs:
    """The dataset, every indicator cube, and figures that do not depend on the QPV."""

    data: Dataset
    cubes: dict[str, pd.DataFrame]
    shared: dict[str, Any] = field(default_factory=dict)
    fingerprint: tuple = ()


def store_fingerprint(store: str | Path) -> tuple:
    """The store's location and revision: changes whenever it is written."""
    return Store(store).fingerprint()


def territory_figures(data: Dataset, fw: Framework) -> dict[str, Any]:
    """The network and pathway figures: the same in every report (no QPV breakdown)."""
    from workbench.charts.pathways import attainment_trend_chart
    from workbench.exports.section_figures import network_section_figures, pathway_diagram_figure
    from workbench.indicators.pathways import marker_attainment_cube

    return {"network": network_section_figures(data, fw),
            "pathway_diagram": pathway_diagram_figure(data, fw),
            "pathway_trend": attainment_trend_chart(marker_attainment_cube(data, fw), fw)}


def compute_inputs(store: str | Path, fw: Framework, *, shared: bool = True) -> ReportInputs:
    """Load the store once and compute every cube (and the territory figures) once."""
    from workbench.indicators import compute_all

    fingerprint = store_fingerprint(store)
    data = Store(store).load_dataset()
    return ReportInputs(data=data, cubes=compute_all(data, fw),
                        shared=territory_figures(data, fw) if shared else {},
                        fingerprint=fingerprint)


def save_inputs(inputs: ReportInputs, target: Path) -> Path:
    """Write the inputs for the report kernels (owner-only file)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(inputs, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return target


def load_inputs(source: str | Path, store: str | Path) -> ReportInputs | None:
    """The inputs written by this build for ``store``; None when absent or stale."""
    path = Path(source)
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        inputs = pickle.load(handle)  # written by this build, in its private tmp folder
    if not isinstance(inputs, ReportInputs) or inputs.fingerprint != store_fingerprint(store):
        return None
    return inputs


__all__ = ["ReportInputs", "compute_inputs", "load_inputs", "save_inputs", "store_fingerprint",
           "territory_figures"]
