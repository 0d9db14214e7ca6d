"""The store's tables: one long, tidy table per kind of evidence; every data row keeps the
``source_id`` of the raw file it came from."""

from __future__ import annotations

import re

SCHEMA_VERSION = 1

# table -> column definitions (order matters: frames are written in this order)
TABLES: dict[str, str] = {
    "sources": """
        source_id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL, instrument TEXT NOT NULL, wave TEXT, rows INTEGER NOT NULL,
        rejected INTEGER NOT NULL DEFAULT 0, imported_at TEXT NOT NULL, mapping_sha256 TEXT""",
    "people": """
        person_id TEXT PRIMARY KEY, group_id TEXT, organisation TEXT, qpv TEXT,
        source_id INTEGER NOT NULL REFERENCES sources""",
    "respondents": """
        source_id INTEGER NOT NULL REFERENCES sources, wave TEXT NOT NULL, instrument TEXT NOT NULL,
        person_id TEXT NOT NULL, group_id TEXT, qpv TEXT, organisation TEXT, submitted_at TEXT,
        PRIMARY KEY (wave, instrument, person_id)""",
    "responses": """
        source_id INTEGER NOT NULL REFERENCES sources, wave TEXT NOT NULL, instrument TEXT NOT NULL,
        person_id TEXT NOT NULL, item_id TEXT NOT NULL, value REAL, label TEXT, missing TEXT,
        PRIMARY KEY (wave, instrument, person_id, item_id)""",
    "events": """
        event_id TEXT PRIMARY KEY, step_id TEXT, date TEXT, label TEXT, qpv TEXT,
        source_id INTEGER NOT NULL REFERENCES sources""",
    "attendance": """
        source_id INTEGER NOT NULL REFERENCES sources, event_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        group_id TEXT, organisation TEXT, qpv TEXT, present INTEGER NOT NULL, role TEXT,
        PRIMARY KEY (event_id, person_id)""",
    # who signed up (registration lists), kept apart from who came (attendance)
    "registrations": """
        source_id INTEGER NOT NULL REFERENCES sources, event_id TEXT NOT NULL, step_id TEXT,
        date TEXT, person_id TEXT NOT NULL, group_id TEXT, organisation TEXT, qpv TEXT,
        PRIMARY KEY (event_id, person_id)""",
    "ties": """
        source_id INTEGER NOT NULL REFERENCES sources, wave TEXT NOT NULL,
        respondent_id TEXT NOT NULL,
        from_org TEXT NOT NULL, to_org TEXT NOT NULL, level INTEGER, openness REAL,
        reliability REAL, mission REAL, influence REAL, resources REAL, involvement REAL,
        frequency TEXT, PRIMARY KEY (wave, respondent_id, from_org, to_org)""",
    "verbatims": """
        verbatim_id TEXT PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources,
        kind TEXT NOT NULL, event_id TEXT, wave TEXT, qpv TEXT, group_id TEXT, person_id TEXT,
        prompt TEXT, variant TEXT, photo_id TEXT, round TEXT, table_no TEXT, cluster TEXT,
        title TEXT, text TEXT NOT NULL, quotable INTEGER NOT NULL DEFAULT 0, votes INTEGER""",
    "codings": """
        verbatim_id TEXT NOT NULL REFERENCES verbatims, code TEXT NOT NULL, coder TEXT NOT NULL,
        valence INTEGER, coded_at TEXT NOT NULL, PRIMARY KEY (verbatim_id, code, coder)""",
    "adjudications": """
        verbatim_id TEXT NOT NULL REFERENCES verbatims, code TEXT NOT NULL,
        decision INTEGER NOT NULL, adjudicator TEXT NOT NULL, decided_at TEXT NOT NULL,
        PRIMARY KEY (verbatim_id, code)""",
    "changes": """
        change_id TEXT PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources,
        pathway TEXT, level TEXT NOT NULL, label TEXT NOT NULL, actor_group TEXT, register TEXT""",
    "change_links": """
        source_id INTEGER NOT NULL REFERENCES sources, from_change TEXT NOT NULL,
        to_change TEXT NOT NULL, PRIMARY KEY (from_change, to_change)""",
    "progress_markers": """
        marker_id TEXT PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources,
        change_id TEXT, actor_group TEXT NOT NULL, tier TEXT NOT NULL, label TEXT NOT NULL""",
    "marker_ratings": """
        source_id INTEGER NOT NULL REFERENCES sources, marker_id TEXT NOT NULL,
        period TEXT NOT NULL,
        rating TEXT NOT NULL, evidence TEXT, PRIMARY KEY (marker_id, period)""",
    "readings": """
        reading_id INTEGER PRIMARY KEY, wave TEXT NOT NULL, subject TEXT NOT NULL,
        interpretation TEXT, agreement TEXT, action TEXT, author_id TEXT,
        recorded_at TEXT NOT NULL""",
}

DATA_TABLES = [t for t in TABLES if t not in ("sources", "readings", "adjudications")]


def table_columns(table: str) -> list[str]:
    """Column names of a store table, in schema order (table constraints left out)."""
    definition = re.sub(r"(PRIMARY KEY|UNIQUE|FOREIGN KEY)\s*\([^)]*\)", "", TABLES[table])
    return [part.split()[0] for part in definition.split(",") if part.strip()]
