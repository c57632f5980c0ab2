"""commentary the public may read, API keys and the API's rate-limit counters

Commentary, director's commentary and intervention actions gain `published` (for publication). Existing rows
take the council's default for new ones, `publish_commentary_default`, which starts at 0 and cannot yet have been
changed when this runs: everything written before stays internal, as it was written to be, until someone marks
it for publication.

Revision ID: 1611
Revises: 1601
"""
import sqlalchemy as sa
from alembic import op

revision = "1611"
down_revision = "1601"
branch_labels = None
depends_on = None

FLAGGED = ("commentary", "director_commentary", "action")


def upgrade() -> None:
    for table in FLAGGED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("username", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
        sa.UniqueConstraint("prefix"),
    )
    op.create_table(
        "api_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_api_request_key_at", "api_request", ["key", "at"])


def downgrade() -> None:
    op.drop_index("ix_api_request_key_at", table_name="api_request")
    op.drop_table("api_request")
    op.drop_table("api_key")
    for table in FLAGGED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("published")
