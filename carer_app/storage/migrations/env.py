"""Alembic environment: always runs on the already-open, keyed vault connection."""

from __future__ import annotations

from alembic import context

from carer_app.storage import models  # noqa: F401 - registers every table on Base
from carer_app.storage.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copy
)
with context.begin_transaction():
    context.run_migrations()
