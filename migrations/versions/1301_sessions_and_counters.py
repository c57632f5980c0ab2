"""sessions ended on the server (user_session) and atomic sign-in counters (sign_in_counter)

Revision ID: 1301
Revises: 0301
"""
import sqlalchemy as sa
from alembic import op

revision = "1301"
down_revision = "0301"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_user_session_user_id"), "user_session", ["user_id"], unique=False)
    op.create_index(op.f("ix_user_session_started_at"), "user_session", ["started_at"], unique=False)
    op.create_table(
        "sign_in_counter",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(op.f("ix_sign_in_counter_window_start"), "sign_in_counter", ["window_start"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_counter_window_start"), table_name="sign_in_counter")
    op.drop_table("sign_in_counter")
    op.drop_index(op.f("ix_user_session_started_at"), table_name="user_session")
    op.drop_index(op.f("ix_user_session_user_id"), table_name="user_session")
    op.drop_table("user_session")
