"""ipywidgets applications: the COPIL dashboard, the explorer, the import overview, the coding
app and its adjudication panel, the change-pathways app, the cooperation section and the
committee's reading panel.

Apps load the store and compute the indicators once, then answer filter changes with look-ups.
They put figures into ``Output`` widgets by setting ``outputs`` directly (never ``with out:``).
Names are imported on first use: ``from workbench.apps import CopilDashboard`` loads no import,
mapping or demo code.

>>> from workbench.apps import CopilDashboard
>>> CopilDashboard.from_store()     # doctest: +SKIP
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "adjudication": ["AdjudicationPanel"],
    "coding": ["CodingApp"],
    "cooperation": ["CooperationSection"],
    "copil.dashboard": ["CopilDashboard"],
    "display": ["figure_bundle", "figure_of", "show_figure"],
    "explorer": ["ExplorerApp"],
    "importer": ["ImportApp"],
    "imports": ["ImportOverview"],
    "pathways": ["PathwaysApp"],
    "readings": ["ReadingPanel"],
})
