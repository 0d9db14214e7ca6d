"""Who imported each file: ``sources.imported_by``, the pseudonymous id of the evaluator
(a team shares one store; each action keeps its pseudonymous author). Files imported before
this revision have none. ``meta.schema_version`` becomes 2, so that the workbench before
Alembic refuses the store with its own message instead of misreading it."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("imported_by", sa.Text))
    op.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("imported_by")
    op.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
