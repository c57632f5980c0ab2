"""The alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from data.core.models import Base


def test_migrations_match_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_history_is_one_line_with_one_head():
    from alembic.script import ScriptDirectory
    from data.core import db
    script = ScriptDirectory.from_config(db.alembic_config(None))
    assert script.get_heads() == ["2001"]


def test_plain_alembic_upgrade_head_from_the_repo_root(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path
    from sqlalchemy import create_engine, inspect
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], cwd=root, capture_output=True,
                            text=True, env={**os.environ, "DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert "process_change" in inspect(create_engine(url)).get_table_names()


def test_a_database_stamped_with_the_three_old_heads_upgrades_to_one(tmp_path):
    from alembic import command
    from sqlalchemy import text
    from data.core import db
    eng = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = db.alembic_config(eng)
    command.upgrade(config, "0002")
    command.upgrade(config, "0003")
    command.upgrade(config, "0004")
    with eng.connect() as conn:
        assert {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))} == {"0002", "0003", "0004"}
    db.upgrade(eng)
    with eng.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))] == ["2001"]


@pytest.mark.parametrize("start", ["0101", "1301"])
def test_upgrading_a_sqlite_council_keeps_every_figure(tmp_path, start):
    """Table rebuilds on SQLite (batch mode) must not cascade: a council's values, targets and comments survive
    every migration from an older revision to the head."""
    from datetime import date

    from alembic import command
    from sqlalchemy import text
    from data.core import db
    eng = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = db.alembic_config(eng)
    command.upgrade(config, start)
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO directorate (id, slug, name) VALUES (1, 'd', 'D')"))
        conn.execute(text("INSERT INTO service (id, slug, name, directorate_id) VALUES (1, 's', 'S', 1)"))
        conn.execute(text("INSERT INTO measure (id, code, title, service_id, decimals, polarity, frequency, kind, "
                          "rollup, tolerance, tolerance_type) VALUES (1, 'M1', 'One', 1, 0, 'higher', 'monthly', "
                          "'target', 'mean', 0, 'percent')"))
        conn.execute(text("INSERT INTO observation (measure_id, period, period_kind, period_start, value, state, "
                          "updated_at) VALUES (1, '2026-04', 'month', :d, 5.0, 'approved', :d)"), {"d": date(2026, 4, 1)})
        conn.execute(text("INSERT INTO target (measure_id, period, period_start, value) VALUES (1, '2026/27', :d, 4)"),
                     {"d": date(2026, 4, 1)})
        conn.execute(text("INSERT INTO commentary (measure_id, period, text, created_at) VALUES (1, '2026-04', 'ok', "
                          ":d)"), {"d": date(2026, 4, 1)})
    db.upgrade(eng)
    with eng.connect() as conn:
        counts = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                  for t in ("measure", "observation", "target", "commentary")]
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1     # switched back on for the app
    assert counts == [1, 1, 1, 1]
