"""ipywidgets applications: the COPIL dashboard, the explorer, the import overview, the coding
app, the change-pathways app, the cooperation section and the committee's reading panel.

Apps load the store and compute the indicators once, then answer filter changes with look-ups.
They put figures into ``Output`` widgets by setting ``outputs`` directly (never ``with out:``).

>>> from workbench.apps import CopilDashboard
>>> CopilDashboard.from_store()     # doctest: +SKIP
"""

from __future__ import annotations

from .coding import CodingApp
from .cooperation import CooperationSection
from .copil import CopilDashboard
from .display import figure_bundle, figure_of, show_figure
from .explorer import ExplorerApp
from .importer import ImportApp
from .imports import ImportOverview
from .pathways import PathwaysApp
from .readings import ReadingPanel

__all__ = ["CodingApp", "CooperationSection", "CopilDashboard", "ExplorerApp", "ImportApp",
           "ImportOverview",
           "PathwaysApp", "ReadingPanel", "figure_bundle", "figure_of", "show_figure"]
