"""Each committee member's own reading of a lesson during a meeting (``member_readings``):
append-only, the latest row per session × lesson × member counts; ``member_id`` is a pseudonym
of its own purpose (never the pseudonym the person has in the evaluation's data).

A store made before Alembic by a workbench that already knew this table keeps it and its rows;
any other store gets it empty.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("member_readings"):
        return
    op.create_table(
        "member_readings",
        sa.Column("member_reading_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session", sa.Text, nullable=False), sa.Column("wave", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("member_id", sa.Text, nullable=False),
        sa.Column("level", sa.Integer, nullable=False), sa.Column("comment", sa.Text),
        sa.Column("recorded_at", sa.Text, nullable=False),
    )
    op.create_index("ix_member_readings_session", "member_readings", ["session"])


def downgrade() -> None:
    op.drop_index("ix_member_readings_session", table_name="member_readings")
    op.drop_table("member_readings")
