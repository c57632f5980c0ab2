"""who sees and changes what: users, editors' services, published periods, council settings, sign-in failures

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=120), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "user_service",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "service_id"),
    )
    op.create_table(
        "published_period",
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("period"),
    )
    op.create_table(
        "council_setting",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "sign_in_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_in_failure_key", "sign_in_failure", ["key"])
    op.create_index("ix_sign_in_failure_at", "sign_in_failure", ["at"])
    _publish_existing()


def _publish_existing() -> None:
    """Approved figures were public before publishing existed: keep them so (a no-op on a new database)."""
    from data.core.periods import Period
    conn = op.get_bind()
    labels = conn.execute(sa.text("SELECT DISTINCT period FROM observation WHERE state = 'approved'")).scalars()
    quarters = set()
    for label in labels:
        p = Period.parse(label)
        quarters.update(q.label for q in (p.quarters() if p.kind == "year" else [p.widen("quarter")]))
    table = sa.table("published_period", sa.column("period", sa.String), sa.column("published_at", sa.DateTime),
                     sa.column("published_by", sa.String))
    if quarters:
        from datetime import datetime, timezone
        now = datetime.now(timezone.utc)
        op.bulk_insert(table, [{"period": q, "published_at": now, "published_by": "migration 0002"}
                               for q in sorted(quarters)])


def downgrade() -> None:
    op.drop_index("ix_sign_in_failure_at", table_name="sign_in_failure")
    op.drop_index("ix_sign_in_failure_key", table_name="sign_in_failure")
    op.drop_table("sign_in_failure")
    op.drop_table("council_setting")
    op.drop_table("published_period")
    op.drop_table("user_service")
    op.drop_table("app_user")
