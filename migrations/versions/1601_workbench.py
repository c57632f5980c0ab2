"""the officer workbench: an embargo time on published periods, retired measures, returns due, closed periods

Revision ID: 1601
Revises: 1801
"""
import sqlalchemy as sa
from alembic import op

revision = "1601"
down_revision = "1801"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("published_period", sa.Column("release_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("measure", sa.Column("retired_on", sa.Date(), nullable=True))
    op.create_table(
        "return_due",
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("period", "service_id"),
    )
    op.create_table(
        "period_lock",
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("period"),
    )


def downgrade() -> None:
    op.drop_table("period_lock")
    op.drop_table("return_due")
    with op.batch_alter_table("measure") as batch_op:
        batch_op.drop_column("retired_on")
    with op.batch_alter_table("published_period") as batch_op:
        batch_op.drop_column("release_at")
