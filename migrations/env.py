"""Alembic environment: runs migrations on the engine handed over by data.core.db.upgrade (or DATABASE_URL)."""

from alembic import context

from data.core import db
from data.core.models import Base

config = context.config
engine = config.attributes.get("engine") or db.engine()

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    context.run_migrations()
