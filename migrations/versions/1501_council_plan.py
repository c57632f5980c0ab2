"""the council plan, intervention plans and the risk register: objectives, one action model (plan actions,
intervention actions, mitigations) with progress history and milestones, risks, and a measure's context flag.
The old `action` table's intervention actions move into the one action model, one intervention plan per measure.

Revision ID: 1501
Revises: 1611
"""
from collections import defaultdict
from datetime import date, datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "1501"
down_revision = "1611"
branch_labels = None
depends_on = None

# the old free-text states in the new progress vocabulary (overdue is worked out now, never typed)
OLD_STATUS = {"done": "completed", "in progress": "on_track", "open": "not_started", "overdue": "not_started"}
NEW_STATUS = {"completed": "done", "on_track": "in progress"}


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    # A plain ADD COLUMN: a batch (copy-and-rename) of `measure` on SQLite would cascade-delete its figures.
    op.add_column("measure", sa.Column("context", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["priority_id"], ["priority.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"), sa.UniqueConstraint("code"))
    _index("objective", "priority_id")
    op.create_table(
        "measure_objective",
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["objective_id"], ["objective.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("measure_id", "objective_id"))
    plans = op.create_table(
        "intervention_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=True),
        sa.Column("opened_by", sa.String(length=200), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"))
    _index("intervention_plan", "measure_id")
    op.create_table(
        "risk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("cause", sa.Text(), nullable=True),
        sa.Column("effect", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("directorate_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("inherent_likelihood", sa.Integer(), nullable=False),
        sa.Column("inherent_impact", sa.Integer(), nullable=False),
        sa.Column("residual_likelihood", sa.Integer(), nullable=False),
        sa.Column("residual_impact", sa.Integer(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["directorate_id"], ["directorate.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"), sa.UniqueConstraint("code"))
    _index("risk", "directorate_id")
    op.create_table(
        "risk_objective",
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["objective_id"], ["objective.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["risk_id"], ["risk.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("risk_id", "objective_id"))
    op.create_table(
        "risk_measure",
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["risk_id"], ["risk.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("risk_id", "measure_id"))
    op.create_table(
        "risk_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["risk_id"], ["risk.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"))
    _index("risk_review", "risk_id")
    actions = op.create_table(
        "plan_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("directorate_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("risk_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.ForeignKeyConstraint(["directorate_id"], ["directorate.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["objective_id"], ["objective.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["plan_id"], ["intervention_plan.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["risk_id"], ["risk.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"), sa.UniqueConstraint("code"))
    _index("plan_action", "directorate_id", "objective_id", "plan_id", "risk_id")
    op.create_table(
        "action_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["plan_action.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"))
    _index("action_update", "action_id")
    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["action_id"], ["plan_action.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"), sa.UniqueConstraint("action_id", "title"))
    _index("milestone", "action_id")
    _move_old_actions(plans, actions)
    with op.batch_alter_table("action") as batch_op:
        batch_op.drop_index("ix_action_measure_id")
    op.drop_table("action")


def _move_old_actions(plans, actions) -> None:
    """Each measure's old intervention actions become the actions of one intervention plan, opened with the
    earliest of them (closed when every one was done)."""
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT a.id, a.measure_id, a.title, a.owner, a.due_date, a.status, a.period, a.created_at, a.published, "
        "s.id AS service_id, s.directorate_id FROM action a JOIN measure m ON m.id = a.measure_id "
        "JOIN service s ON s.id = m.service_id ORDER BY a.measure_id, a.id")).mappings().all()
    by_measure = defaultdict(list)
    for r in rows:
        by_measure[r["measure_id"]].append(r)
    for measure_id, old in by_measure.items():
        opened = min(_day(r["created_at"]) for r in old)
        done = all(r["status"] == "done" for r in old)
        plan_id = conn.execute(plans.insert().values(
            measure_id=measure_id, period=old[0]["period"], opened_by=None, opened_on=opened,
            closed_on=max((_day(r["due_date"]) or opened) for r in old) if done else None,
            closing_note="Every action was done (moved from the earlier intervention actions)." if done else None)
        ).inserted_primary_key[0]
        conn.execute(actions.insert(), [{
            "code": f"IA-{r['id']}", "kind": "intervention", "title": r["title"], "owner": r["owner"],
            "directorate_id": r["directorate_id"], "service_id": r["service_id"], "objective_id": None,
            "plan_id": plan_id, "risk_id": None, "start_date": opened, "due_date": _day(r["due_date"]),
            "percent": 100 if r["status"] == "done" else 0,
            "status": OLD_STATUS.get((r["status"] or "open").lower(), "not_started"),
            "created_at": _moment(r["created_at"]), "published": bool(r["published"])} for r in old])


def _moment(v) -> datetime:
    """A stored timestamp (SQLite gives text) as a datetime."""
    if v is None:
        return datetime.now(timezone.utc)
    return v if isinstance(v, datetime) else datetime.fromisoformat(str(v))


def _day(v):
    if v is None or isinstance(v, date) and not isinstance(v, datetime):
        return v
    if isinstance(v, datetime):
        return v.date()
    return date.fromisoformat(str(v)[:10])


def downgrade() -> None:
    old = op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false()),   # as 1611 left it
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"))
    _index("action", "measure_id")
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT p.measure_id, a.title, a.owner, a.due_date, a.status, p.period, a.created_at, a.published "
        "FROM plan_action a "
        "JOIN intervention_plan p ON p.id = a.plan_id WHERE a.kind = 'intervention'")).mappings().all()
    if rows:
        conn.execute(old.insert(), [{**r, "status": NEW_STATUS.get(r["status"], "open"), "due_date": _day(r["due_date"]),
                                     "created_at": _moment(r["created_at"]), "published": bool(r["published"])}
                                    for r in rows])
    for table in ("milestone", "action_update", "plan_action", "risk_review", "risk_measure", "risk_objective",
                  "risk", "intervention_plan", "measure_objective", "objective"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "sqlite":   # SQLite 3.35+ drops a column in place (no copy, no cascade)
        op.execute("ALTER TABLE measure DROP COLUMN context")
    else:
        op.drop_column("measure", "context")
