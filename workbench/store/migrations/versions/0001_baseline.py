"""Baseline: the tables of the store before Alembic (``meta.schema_version = 1``).

A new store gets them all; a store made by that older workbench (SQLite only) keeps its tables
and rows and gets the ones it lacks (``readings`` came later under the same schema version).
Frozen: later changes are later revisions.

Unlike the older workbench's tables, ``source_id`` is not declared a foreign key of ``sources``:
every row and its ``sources`` row are written by the store in one transaction and no source is
ever deleted, and on PostgreSQL the check (a trigger run for every row) made a bulk load of
responses three times slower. Older SQLite stores keep their declaration (cheap there).
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _text(name: str, *args, **kw) -> sa.Column:
    return sa.Column(name, sa.Text, *args, **kw)


def _source() -> sa.Column:
    return sa.Column("source_id", sa.Integer, nullable=False)


def _create(name: str, *columns: sa.Column) -> None:
    """Create table ``name`` unless the store already has it (made before Alembic)."""
    if not sa.inspect(op.get_bind()).has_table(name):
        op.create_table(name, *columns)


def upgrade() -> None:
    _create("meta", _text("key", primary_key=True), _text("value"))
    _create(
        "sources",
        sa.Column("source_id", sa.Integer, primary_key=True, autoincrement=True),
        _text("path", nullable=False), _text("sha256", nullable=False, unique=True),
        _text("format", nullable=False), _text("instrument", nullable=False), _text("wave"),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False, server_default="0"),
        _text("imported_at", nullable=False), _text("mapping_sha256"),
    )
    _create(
        "people",
        _text("person_id", primary_key=True), _text("group_id"), _text("organisation"),
        _text("qpv"), _source(),
    )
    _create(
        "respondents",
        _source(), _text("wave", primary_key=True), _text("instrument", primary_key=True),
        _text("person_id", primary_key=True), _text("group_id"), _text("qpv"),
        _text("organisation"), _text("submitted_at"),
    )
    _create(
        "responses",
        _source(), _text("wave", primary_key=True), _text("instrument", primary_key=True),
        _text("person_id", primary_key=True), _text("item_id", primary_key=True),
        sa.Column("value", sa.Double), _text("label"), _text("missing"),
    )
    _create(
        "events",
        _text("event_id", primary_key=True), _text("step_id"), _text("date"), _text("label"),
        _text("qpv"), _source(),
    )
    _create(
        "attendance",
        _source(), _text("event_id", primary_key=True), _text("person_id", primary_key=True),
        _text("group_id"), _text("organisation"), _text("qpv"),
        sa.Column("present", sa.Integer, nullable=False), _text("role"),
    )
    _create(
        "ties",
        _source(), _text("wave", primary_key=True), _text("respondent_id", primary_key=True),
        _text("from_org", primary_key=True), _text("to_org", primary_key=True),
        sa.Column("level", sa.Integer),
        *(sa.Column(name, sa.Double) for name in ("openness", "reliability", "mission",
                                                  "influence", "resources", "involvement")),
        _text("frequency"),
    )
    _create(
        "verbatims",
        _text("verbatim_id", primary_key=True), _source(), _text("kind", nullable=False),
        *(_text(name) for name in ("event_id", "wave", "qpv", "group_id", "person_id", "prompt",
                                   "variant", "photo_id", "round", "table_no", "cluster",
                                   "title")),
        _text("text", nullable=False),
        sa.Column("quotable", sa.Integer, nullable=False, server_default="0"),
        sa.Column("votes", sa.Integer),
    )
    _create(
        "codings",
        _text("verbatim_id", sa.ForeignKey("verbatims.verbatim_id"), primary_key=True),
        _text("code", primary_key=True), _text("coder", primary_key=True),
        sa.Column("valence", sa.Integer), _text("coded_at", nullable=False),
    )
    _create(
        "changes",
        _text("change_id", primary_key=True), _source(), _text("pathway"),
        _text("level", nullable=False), _text("label", nullable=False), _text("actor_group"),
        _text("register"),
    )
    _create(
        "change_links",
        _source(), _text("from_change", primary_key=True), _text("to_change", primary_key=True),
    )
    _create(
        "progress_markers",
        _text("marker_id", primary_key=True), _source(), _text("change_id"),
        _text("actor_group", nullable=False), _text("tier", nullable=False),
        _text("label", nullable=False),
    )
    _create(
        "marker_ratings",
        _source(), _text("marker_id", primary_key=True), _text("period", primary_key=True),
        _text("rating", nullable=False), _text("evidence"),
    )
    _create(
        "readings",
        sa.Column("reading_id", sa.Integer, primary_key=True, autoincrement=True),
        _text("wave", nullable=False), _text("subject", nullable=False),
        _text("interpretation"), _text("agreement"), _text("action"), _text("author_id"),
        _text("recorded_at", nullable=False),
    )
    op.execute("INSERT INTO meta (key, value) SELECT 'schema_version', '1' WHERE NOT EXISTS "
               "(SELECT 1 FROM meta WHERE key = 'schema_version')")


def downgrade() -> None:
    for table in ("readings", "marker_ratings", "progress_markers", "change_links", "changes",
                  "codings", "verbatims", "ties", "attendance", "events", "responses",
                  "respondents", "people", "sources", "meta"):
        op.drop_table(table)
