"""Alembic environment: runs migrations on the engine handed over by data.core.db.upgrade (or DATABASE_URL).

On SQLite, `ALTER TABLE` is done by copying a table, dropping the old one and renaming the copy (alembic's batch
mode). Every connection of ours has `PRAGMA foreign_keys=ON`, so dropping the old `measure` would cascade into
every value, target and comment. Migrations therefore run with foreign keys off (SQLite honours that only outside
a transaction), the keys are checked before the transaction commits, and they are switched back on after.
"""

from alembic import context

from data.core import db
from data.core.models import Base

config = context.config
engine = config.attributes.get("engine") or db.engine()

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        with connection.begin():
            context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=sqlite)
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"the migration left rows pointing at nothing: {broken[:5]}")
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
