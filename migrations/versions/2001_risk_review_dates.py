"""a risk review keeps the next review date it set, so a report for an earlier quarter gives the register as it
stood then (scores and review dates), not as it stands today. Existing reviews take their risk's review date when
they are its latest review, and none otherwise (it was not kept).

Revision ID: 2001
Revises: 1501
"""
import sqlalchemy as sa
from alembic import op

revision = "2001"
down_revision = "1501"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("risk_review") as batch_op:
        batch_op.add_column(sa.Column("review_date", sa.Date(), nullable=True))
    conn = op.get_bind()
    review, risk = sa.table("risk_review", sa.column("id"), sa.column("risk_id"), sa.column("created_at"),
                            sa.column("review_date")), sa.table("risk", sa.column("id"), sa.column("review_date"))
    latest = {}
    for rid, risk_id in conn.execute(sa.select(review.c.id, review.c.risk_id)
                                     .order_by(review.c.created_at, review.c.id)):
        latest[risk_id] = rid
    dates = dict(conn.execute(sa.select(risk.c.id, risk.c.review_date)).all())
    for risk_id, rid in latest.items():
        if dates.get(risk_id) is not None:
            conn.execute(review.update().where(review.c.id == rid).values(review_date=dates[risk_id]))


def downgrade() -> None:
    with op.batch_alter_table("risk_review") as batch_op:
        batch_op.drop_column("review_date")
