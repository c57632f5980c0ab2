"""process changes: dated changes in a measure's process, where SPC limits rebase

Revision ID: 0004
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "process_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measure_id", "changed_on"),
    )
    with op.batch_alter_table("process_change") as batch_op:
        batch_op.create_index(batch_op.f("ix_process_change_measure_id"), ["measure_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("process_change") as batch_op:
        batch_op.drop_index(batch_op.f("ix_process_change_measure_id"))
    op.drop_table("process_change")
