"""Publications for tests: one built from the demo store (read back from beside it when
``workbench demo`` built it), and hand-made ones for the widget tests (tables given as they
are: the display code is under test, not the masking)."""

from __future__ import annotations

import pandas as pd

from workbench.framework import Framework
from workbench.publication import AuditSummary, Publication
from workbench.publication.build import section_specs
from workbench.publication.tables import CELL_COLUMNS


def hand_publication(fw: Framework, cubes: dict[str, pd.DataFrame] | None = None,
                     **tables: pd.DataFrame) -> Publication:
    """A publication holding ``cubes`` (indicator id → cube) and ``tables`` (name → frame,
    ``__`` for ``:`` in a name: ``network__summary``) as they are."""
    frames = {f"indicator:{k}": v for k, v in (cubes or {}).items()}
    frames |= {name.replace("__", ":"): frame for name, frame in tables.items()}
    roles = {role: spec.id for role, spec in section_specs(fw).items()}
    return Publication(fw=fw, tables=frames, cells=pd.DataFrame(columns=CELL_COLUMNS),
                       audit_frame=pd.DataFrame(columns=CELL_COLUMNS),
                       audit=AuditSummary(True, "aucune cellule masquée", "audit_passed", 0, None),
                       extras={"roles": roles, "positions": {}})
