"""data version: one row bumped by every write that changes what a page shows, the key of computed page data

Revision ID: 0301
Revises: 0401
"""
import secrets
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0301"
down_revision = "0401"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(length=32), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "version": 1, "stamp": secrets.token_hex(16),
                            "changed_at": datetime.now(timezone.utc)}])


def downgrade() -> None:
    op.drop_table("data_version")
