"""Registration lists (``registrations``: who signed up, kept apart from who came) and
adjudications (``adjudications``: a third coder's decision where the coders disagree).

A store made before Alembic by a workbench that already knew these tables keeps them and their
rows (the baseline left them alone); any other store gets them empty.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _text(name: str, *args, **kw) -> sa.Column:
    return sa.Column(name, sa.Text, *args, **kw)


def _create(name: str, *columns: sa.Column) -> None:
    """Create table ``name`` unless the store already has it (made before Alembic)."""
    if not sa.inspect(op.get_bind()).has_table(name):
        op.create_table(name, *columns)


def upgrade() -> None:
    _create(
        "registrations",
        sa.Column("source_id", sa.Integer, nullable=False),
        _text("event_id", primary_key=True), _text("step_id"), _text("date"),
        _text("person_id", primary_key=True), _text("group_id"), _text("organisation"),
        _text("qpv"),
    )
    _create(
        "adjudications",
        _text("verbatim_id", sa.ForeignKey("verbatims.verbatim_id"), primary_key=True),
        _text("code", primary_key=True), sa.Column("decision", sa.Integer, nullable=False),
        _text("adjudicator", nullable=False), _text("decided_at", nullable=False),
    )


def downgrade() -> None:
    op.drop_table("adjudications")
    op.drop_table("registrations")
