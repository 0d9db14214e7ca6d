"""ipywidgets applications: the COPIL dashboard, the explorer, the import overview, the coding
app, the change-pathways app, the cooperation section and the committee's reading panel.

Apps load the store and compute the indicators once, then answer filter changes with look-ups.
They put figures into ``Output`` widgets by setting ``outputs`` directly (never ``with out:``).

>>> from workbench.apps import CopilDashboard
>>> CopilDashboard.from_store()     # doctest: +SKIP
"""

from __future__ import annotations

from workbench.apps.coding import CodingApp
from workbench.apps.cooperation import CooperationSection
from workbench.apps.copil.dashboard import CopilDashboard
from workbench.apps.display import figure_bundle, figure_of, show_figure
from workbench.apps.explorer import ExplorerApp
from workbench.apps.importer import ImportApp
from workbench.apps.imports import ImportOverview
from workbench.apps.pathways import PathwaysApp
from workbench.apps.readings import ReadingPanel

__all__ = ["CodingApp", "CooperationSection", "CopilDashboard", "ExplorerApp", "ImportApp",
           "ImportOverview",
           "PathwaysApp", "ReadingPanel", "figure_bundle", "figure_of", "show_figure"]
