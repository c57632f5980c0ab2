"""benchmarking (issue 18): benchmark measures, confidence intervals and family labels on benchmark values,
links from the council's measures, and comparator groups

Revision ID: 1801
Revises: 1901
"""
import sqlalchemy as sa
from alembic import op

revision = "1801"
down_revision = "1901"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("benchmark_value") as batch_op:
        batch_op.add_column(sa.Column("lower_ci", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("upper_ci", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("family", sa.String(length=80), nullable=True))
    op.create_table(
        "benchmark_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("polarity", sa.String(length=8), nullable=False),
        sa.Column("definition", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["dataset_id"], ["benchmark_dataset.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dataset_id", "code"),
    )
    op.create_table(
        "benchmark_link",
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("benchmark_code", sa.String(length=40), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("definition_note", sa.Text(), nullable=True),
        sa.Column("linked_by", sa.String(length=200), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["dataset_id"], ["benchmark_dataset.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("measure_id"),
    )
    op.create_table(
        "benchmark_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "benchmark_group_member",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["benchmark_group.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "area"),
    )


def downgrade() -> None:
    op.drop_table("benchmark_group_member")
    op.drop_table("benchmark_group")
    op.drop_table("benchmark_link")
    op.drop_table("benchmark_measure")
    with op.batch_alter_table("benchmark_value") as batch_op:
        batch_op.drop_column("family")
        batch_op.drop_column("upper_ci")
        batch_op.drop_column("lower_ci")
