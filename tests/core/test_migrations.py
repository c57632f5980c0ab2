"""The alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

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
    assert script.get_heads() == ["0401"]


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
        assert [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))] == ["0401"]


def test_decimals_defaulted_to_zero_become_unset_so_figures_keep_their_decimals(tmp_path):
    """Issue 10, item 3: a measure stored with the old default of 0 decimals shows 3.1 as 3.1 after upgrading."""
    from alembic import command
    from sqlalchemy import text
    from data.core import db
    eng = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(db.alembic_config(eng), "0005")
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO directorate (id, slug, name) VALUES (1, 'd', 'D')"))
        conn.execute(text("INSERT INTO service (id, slug, name, directorate_id) VALUES (1, 's', 'S', 1)"))
        for i, decimals in ((1, 0), (2, 2)):
            conn.execute(text("INSERT INTO measure (id, code, title, service_id, decimals, polarity, frequency, kind, "
                              "rollup, tolerance, tolerance_type) VALUES (:i, :c, 'T', 1, :d, 'higher', 'monthly', "
                              "'target', 'mean', 0, 'percent')"), {"i": i, "c": f"M{i}", "d": decimals})
    db.upgrade(eng)
    with eng.connect() as conn:
        assert dict(conn.execute(text("SELECT code, decimals FROM measure")).all()) == {"M1": None, "M2": 2}
