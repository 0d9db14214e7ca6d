"""ipywidgets applications: the COPIL dashboard, where the evaluation stands (00-accueil), the
explorer, the import overview, the coding app, its adjudication panel and what coding gives
(agreement, coded voices, files), the change-pathways app, the cooperation section and the
committee's reading panel.

Apps load the store and compute the indicators once, then answer filter changes with look-ups.
They put figures into ``Output`` widgets by setting ``outputs`` directly (never ``with out:``).
Every table is ``display.FrenchTable``; every file is downloaded by ``download.DownloadButton``;
views of the store follow its writes (``Store.watch``).
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
    "cycle": ["CycleOverview"],
    "display": ["Chart", "FrenchTable", "figure_bundle", "figure_of", "show_figure"],
    "download": ["DownloadButton"],
    "explorer": ["ExplorerApp"],
    "importer": ["ImportApp"],
    "imports": ["ImportOverview"],
    "pathways": ["PathwaysApp"],
    "readings": ["ReadingPanel"],
    "voices": ["AgreementView", "CodingExports", "VoicesSummary"],
})
