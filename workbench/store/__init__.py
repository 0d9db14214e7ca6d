"""The store: persistence only, and every SQL statement of the workbench.

Tidy long tables (see ``schema``), one transaction per import, provenance on every row, frames
out (``Dataset``). One SQLite file by default, or a team's PostgreSQL database: the same code
(SQLAlchemy Core), schema versions by Alembic (``migrate``), bulk loads by the database's own
fast path (``bulk``). The store knows no export format and computes no indicator.

>>> from workbench.store import Store
>>> Store("data/workbench.sqlite").load_dataset()["responses"]     # doctest: +SKIP
>>> Store("postgresql://evaluation@serveur/contrat_de_ville").counts()   # doctest: +SKIP
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "store": ["Store", "now_iso"],
    "dataset": ["Dataset"],
    "schema": ["DATA_TABLES", "HEAD_REVISION", "SCHEMA_VERSION", "TABLES", "primary_key",
               "table_columns"],
})
