"""The store's tables: one long, tidy table per kind of evidence; every data row keeps the
``source_id`` of the raw file it came from.

Declared once with SQLAlchemy Core, the same on SQLite and PostgreSQL: text is ``TEXT`` (times
are ISO 8601 text, so that both backends give back the same strings), numbers ``INTEGER`` or
``DOUBLE``. The migrations in ``migrations/versions`` create exactly these tables; a test checks
that the two agree.
"""

from __future__ import annotations

import sqlalchemy as sa

# ``meta.schema_version``: what the workbench before Alembic read (it refuses any other value,
# so an older workbench refuses a store of this version with its own message).
SCHEMA_VERSION = 2
# The newest Alembic revision this code knows (``migrations/versions``); checked by a test.
HEAD_REVISION = "0004"

metadata = sa.MetaData()


def _text(name: str, *args: object, **kw: object) -> sa.Column:
    return sa.Column(name, sa.Text, *args, **kw)


def _source() -> sa.Column:
    """The raw file a row came from (written with it in one transaction: no foreign-key check
    per row, which made PostgreSQL's bulk loads three times slower)."""
    return sa.Column("source_id", sa.Integer, nullable=False)


meta = sa.Table("meta", metadata, _text("key", primary_key=True), _text("value"))

sources = sa.Table(
    "sources", metadata,
    sa.Column("source_id", sa.Integer, primary_key=True, autoincrement=True),
    _text("path", nullable=False), _text("sha256", nullable=False, unique=True),
    _text("format", nullable=False), _text("instrument", nullable=False), _text("wave"),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("rejected", sa.Integer, nullable=False, server_default="0"),
    _text("imported_at", nullable=False), _text("mapping_sha256"),
    _text("imported_by"),  # pseudonymous id of who imported (revision 0002)
)

people = sa.Table(
    "people", metadata,
    _text("person_id", primary_key=True), _text("group_id"), _text("organisation"), _text("qpv"),
    _source(),
)

respondents = sa.Table(
    "respondents", metadata,
    _source(), _text("wave", primary_key=True), _text("instrument", primary_key=True),
    _text("person_id", primary_key=True), _text("group_id"), _text("qpv"), _text("organisation"),
    _text("submitted_at"),
)

responses = sa.Table(
    "responses", metadata,
    _source(), _text("wave", primary_key=True), _text("instrument", primary_key=True),
    _text("person_id", primary_key=True), _text("item_id", primary_key=True),
    sa.Column("value", sa.Double), _text("label"), _text("missing"),
)

events = sa.Table(
    "events", metadata,
    _text("event_id", primary_key=True), _text("step_id"), _text("date"), _text("label"),
    _text("qpv"), _source(),
)

attendance = sa.Table(
    "attendance", metadata,
    _source(), _text("event_id", primary_key=True), _text("person_id", primary_key=True),
    _text("group_id"), _text("organisation"), _text("qpv"),
    sa.Column("present", sa.Integer, nullable=False), _text("role"),
)

# who signed up (registration lists), kept apart from who came (attendance) (revision 0003)
registrations = sa.Table(
    "registrations", metadata,
    _source(), _text("event_id", primary_key=True), _text("step_id"), _text("date"),
    _text("person_id", primary_key=True), _text("group_id"), _text("organisation"), _text("qpv"),
)

ties = sa.Table(
    "ties", metadata,
    _source(), _text("wave", primary_key=True), _text("respondent_id", primary_key=True),
    _text("from_org", primary_key=True), _text("to_org", primary_key=True),
    sa.Column("level", sa.Integer),
    *(sa.Column(name, sa.Double) for name in ("openness", "reliability", "mission", "influence",
                                              "resources", "involvement")),
    _text("frequency"),
)

verbatims = sa.Table(
    "verbatims", metadata,
    _text("verbatim_id", primary_key=True), _source(), _text("kind", nullable=False),
    *(_text(name) for name in ("event_id", "wave", "qpv", "group_id", "person_id", "prompt",
                               "variant", "photo_id", "round", "table_no", "cluster", "title")),
    _text("text", nullable=False),
    sa.Column("quotable", sa.Integer, nullable=False, server_default="0"),
    sa.Column("votes", sa.Integer),
)

codings = sa.Table(
    "codings", metadata,
    _text("verbatim_id", sa.ForeignKey("verbatims.verbatim_id"), primary_key=True),
    _text("code", primary_key=True), _text("coder", primary_key=True),
    sa.Column("valence", sa.Integer), _text("coded_at", nullable=False),
)

# a third coder's decision on a code the coders disagree on (revision 0003)
adjudications = sa.Table(
    "adjudications", metadata,
    _text("verbatim_id", sa.ForeignKey("verbatims.verbatim_id"), primary_key=True),
    _text("code", primary_key=True), sa.Column("decision", sa.Integer, nullable=False),
    _text("adjudicator", nullable=False), _text("decided_at", nullable=False),
)

changes = sa.Table(
    "changes", metadata,
    _text("change_id", primary_key=True), _source(), _text("pathway"),
    _text("level", nullable=False), _text("label", nullable=False), _text("actor_group"),
    _text("register"),
)

change_links = sa.Table(
    "change_links", metadata,
    _source(), _text("from_change", primary_key=True), _text("to_change", primary_key=True),
)

progress_markers = sa.Table(
    "progress_markers", metadata,
    _text("marker_id", primary_key=True), _source(), _text("change_id"),
    _text("actor_group", nullable=False), _text("tier", nullable=False),
    _text("label", nullable=False),
)

marker_ratings = sa.Table(
    "marker_ratings", metadata,
    _source(), _text("marker_id", primary_key=True), _text("period", primary_key=True),
    _text("rating", nullable=False), _text("evidence"),
)

readings = sa.Table(
    "readings", metadata,
    sa.Column("reading_id", sa.Integer, primary_key=True, autoincrement=True),
    _text("wave", nullable=False), _text("subject", nullable=False), _text("interpretation"),
    _text("agreement"), _text("action"), _text("author_id"), _text("recorded_at", nullable=False),
)

# each committee member's own reading of a lesson during a meeting (revision 0004; append-only,
# the latest row per session × lesson × member counts): a 1-5 agreement with the evaluators'
# interpretation and an optional sentence; ``member_id`` is a pseudonym of its own purpose
member_readings = sa.Table(
    "member_readings", metadata,
    sa.Column("member_reading_id", sa.Integer, primary_key=True, autoincrement=True),
    _text("session", nullable=False, index=True), _text("wave", nullable=False),
    _text("subject", nullable=False), _text("member_id", nullable=False),
    sa.Column("level", sa.Integer, nullable=False), _text("comment"),
    _text("recorded_at", nullable=False),
)

# every table of evidence, in the order frames are loaded (``meta`` is the store's own)
TABLES: dict[str, sa.Table] = {
    table.name: table for table in (
        sources, people, respondents, responses, events, attendance, registrations, ties,
        verbatims, codings, adjudications, changes, change_links, progress_markers,
        marker_ratings, readings, member_readings)
}

DATA_TABLES = [
    t for t in TABLES if t not in ("sources", "readings", "adjudications", "member_readings")
]


def table_columns(table: str) -> list[str]:
    """Column names of a store table, in schema order."""
    return [column.name for column in TABLES[table].columns]


def primary_key(table: str) -> list[str]:
    """The primary-key columns of a store table, in key order."""
    return [column.name for column in TABLES[table].primary_key.columns]
