"""one line of history: joins revisions 0002, 0003 and 0004, which each revised 0001

Databases migrated before this revision carry all three as heads; this merge makes one head again, so a plain
`alembic upgrade head` works. It changes no table.

Revision ID: 0005
Revises: 0002, 0003, 0004
"""

revision = "0005"
down_revision = ("0002", "0003", "0004")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
