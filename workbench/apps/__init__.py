"""ipywidgets applications: the COPIL dashboard, the explorer and the import overview.

Apps load the store and compute the indicators once, then answer filter changes with look-ups.
They put figures into ``Output`` widgets by setting ``outputs`` directly (never ``with out:``).

>>> from workbench.apps import CopilDashboard
>>> CopilDashboard.from_store()     # doctest: +SKIP
"""

from __future__ import annotations

from .copil import CopilDashboard
from .display import figure_bundle, figure_of, show_figure
from .explorer import ExplorerApp
from .imports import ImportOverview

__all__ = ["CopilDashboard", "ExplorerApp", "ImportOverview", "figure_bundle", "figure_of",
           "show_figure"]
