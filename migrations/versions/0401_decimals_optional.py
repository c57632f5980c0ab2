"""a measure's decimals are optional: unset, figures show as many decimals as they have

Before, a measure without `decimals` was stored with 0, and 3.1 showed as 3. An explicit 0 cannot be told from a
default one, so 0 becomes unset: figures with no decimals still show none, and figures with decimals show them.

Revision ID: 0401
Revises: 0101
"""
import sqlalchemy as sa
from alembic import op

revision = "0401"
down_revision = "0101"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measure") as batch_op:
        batch_op.alter_column("decimals", existing_type=sa.Integer(), nullable=True)
    op.execute("UPDATE measure SET decimals = NULL WHERE decimals = 0")


def downgrade() -> None:
    op.execute("UPDATE measure SET decimals = 0 WHERE decimals IS NULL")
    with op.batch_alter_table("measure") as batch_op:
        batch_op.alter_column("decimals", existing_type=sa.Integer(), nullable=False)
