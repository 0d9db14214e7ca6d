"""The offline HTML evaluation reports: inputs, sections, narrative, build.

>>> from workbench.report.build import build_reports   # doctest: +SKIP
"""
