"""What every report of one build reads: the store's publication, built once.

``build_reports`` builds the publication once (``workbench.publication.publication_for``: every
table masked together and audited), refuses to write anything when the audit fails, and passes
the file it is saved in to each report kernel; a kernel reads it back (``report_publication``)
without touching the store. A notebook run by hand, without that file, gets the store's
publication itself (read back from beside the store when still valid).
"""

from __future__ import annotations

from pathlib import Path

from workbench.framework import Framework
from workbench.publication import Publication, publication_for
from workbench.store import Store


def report_publication(store: str | Path | Store | None, fw: Framework, *,
                       inputs: str | Path | None = None) -> Publication:
    """The publication a report shows: the build's saved one when ``inputs`` names it, else
    the store's."""
    if inputs is not None and Path(inputs).is_file():
        return Publication.load(inputs)
    return publication_for(store if isinstance(store, Store) else Store(store), fw)


__all__ = ["report_publication"]
