"""The import pipeline: read → map → validate → pseudonymise → one store transaction.

``import_file(path, wave="T1")`` picks the importer for the file's kind (questionnaire,
attendance, relational, verbatims, pathway), validates everything first, then writes all rows in
one transaction. Importing the same file twice is a no-op (same sha256). Raw files are only read.
Coding a verbatim and recording the committee's reading are inputs too (``coding``,
``readings``). Nothing is imported until a name is used.
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "context": ["ImportContext", "ImportQuestion", "ImportReport", "file_sha256", "write_import"],
    "dispatch": ["IMPORTERS", "classify", "import_file", "import_folder", "questions_for"],
})
