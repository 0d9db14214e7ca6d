"""Indicators: pure functions over store frames, one per framework ``kind``.

Contract (every kind, every caller):

* a kind is ``fn(data: Dataset, spec: Indicator, fw: Framework) -> pd.DataFrame`` registered with
  ``@register_kind("likert_mean")``; it never imports ipywidgets/IPython/voila and never does I/O;
* it returns the **cube**: one row per combination of ``wave`` × ``qpv`` × ``group`` *including the
  margins*, where the value ``ALL`` (``"*"``) means "all of them"; a kind may add key columns
  (e.g. ``step``) listed in ``EXTRA_KEYS``;
* columns: ``RESULT_COLUMNS`` — indicator, wave, qpv, group, value, n, lower, upper, masked,
  reason, mode, method (+ extra keys);
* ``compute(data, fw, spec)`` runs the kind then applies ``privacy.suppress`` ONCE (primary and
  secondary suppression, threshold from the framework): everything shown inherits it;
* filters are look-ups in the cube (``select``), so a dashboard filter change never recomputes.

Importing this package registers every kind (each family module registers its own).
"""

from __future__ import annotations

# every family registers its kinds on import; the registry never imports them (no cycle)
from workbench.indicators import (  # noqa: F401
    funnel,
    likert,
    network,
    participation,
    pathways,
    process,
    qualitative,
)
from workbench.indicators.registry import (
    ALL,
    EXTRA_KEYS,
    KEYS,
    KINDS,
    RESULT_COLUMNS,
    compute,
    compute_all,
    register_kind,
    select,
)

__all__ = ["ALL", "EXTRA_KEYS", "KEYS", "KINDS", "RESULT_COLUMNS", "compute", "compute_all",
           "register_kind", "select"]
