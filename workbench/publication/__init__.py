"""The publication: everything a user can see, masked together and audited, once per store.

Every figure the COPIL dashboard, its static copy, the reports, the XLSX, the Kumu and CSV
exports show comes from one ``Publication`` (``publication_for(store, fw)``): the cubes of one
store, each cell placed in the population it counts, masked together (the rule on what a figure
reveals, then the attacker's arithmetic of ``privacy.audit``), audited, and written as
``publication.csv`` beside the reports.

>>> from workbench.publication import publication_for
>>> pub = publication_for(Store(), load_framework())
>>> pub.audit.passed, pub.cubes["L1-agree"]
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "publication": ["AuditSummary", "Publication", "PublicationFileError"],
    "assemble": ["build_publication"],
    "cache": ["cache_path", "publication_for"],
    "views": ["continuity", "funnel", "likert_rows", "network_section", "pathway_diagram",
              "rating_periods", "salience_table"],
})
