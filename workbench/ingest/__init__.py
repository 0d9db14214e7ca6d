"""The import pipeline: read → map → validate → pseudonymise → one store transaction.

``import_file(path, wave="T1")`` picks the importer for the file's kind (questionnaire,
attendance, relational, verbatims, pathway), validates everything first, then writes all rows in
one transaction. Importing the same file twice is a no-op (same sha256). Raw files are only read.
"""

from __future__ import annotations

from workbench.ingest.base import (
    IMPORTERS,
    ImportReport,
    file_sha256,
    register_importer,
    write_import,
)

__all__ = ["IMPORTERS", "ImportReport", "file_sha256", "import_file", "register_importer",
           "write_import"]


def import_file(*args, **kwargs) -> ImportReport:  # replaced by the dispatcher in pipeline.py
    from workbench.ingest.dispatch import import_file as _import_file

    return _import_file(*args, **kwargs)
