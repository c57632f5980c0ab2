"""imports: saved mappings, and a benchmark store for the other areas of many-area files

Revision ID: 0101
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0101"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_mapping",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("headings", sa.Text(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.String(length=200), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "benchmark_dataset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("licence", sa.String(length=200), nullable=True),
        sa.Column("retrieved_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "benchmark_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=40), nullable=True),
        sa.Column("area_name", sa.String(length=200), nullable=False),
        sa.Column("measure_code", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["dataset_id"], ["benchmark_dataset.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dataset_id", "area_name", "measure_code", "period"),
    )
    with op.batch_alter_table("benchmark_value") as batch_op:
        batch_op.create_index(batch_op.f("ix_benchmark_value_dataset_id"), ["dataset_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_benchmark_value_measure_code"), ["measure_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("benchmark_value") as batch_op:
        batch_op.drop_index(batch_op.f("ix_benchmark_value_measure_code"))
        batch_op.drop_index(batch_op.f("ix_benchmark_value_dataset_id"))
    op.drop_table("benchmark_value")
    op.drop_table("benchmark_dataset")
    op.drop_table("import_mapping")
