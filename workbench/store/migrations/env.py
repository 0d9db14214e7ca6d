"""Alembic environment of the store. It runs only on the connection handed over by
``workbench.store.migrate`` (``config.attributes["connection"]``): no ``alembic.ini``, no
logging set-up (``fileConfig`` would reconfigure the application's logging)."""

from alembic import context

from workbench.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the store's migrations through workbench.store.migrate.upgrade")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite copies a table to alter it
)
# The caller owns the transaction: the whole upgrade, stamp included, commits or rolls back as one.
with context.begin_transaction():
    context.run_migrations()
