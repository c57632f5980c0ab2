"""The performance data model (SQLAlchemy 2 typed ORM). The schema itself is managed by alembic (`migrations/`)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Directorate(Base):
    __tablename__ = "directorate"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    director: Mapped[str | None] = mapped_column(String(200))
    services: Mapped[list[Service]] = relationship(back_populates="directorate")


class Service(Base):
    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("directorate_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorate.id"))
    directorate: Mapped[Directorate] = relationship(back_populates="services")


class Priority(Base):
    __tablename__ = "priority"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Measure(Base):
    __tablename__ = "measure"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("priority.id"))
    owner: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    decimals: Mapped[int | None] = mapped_column(Integer)     # None: as many as the figures have
    polarity: Mapped[str] = mapped_column(String(10))          # higher | lower | none
    frequency: Mapped[str] = mapped_column(String(10))         # weekly | monthly | quarterly | annual
    kind: Mapped[str] = mapped_column(String(10))              # target | data only
    rollup: Mapped[str] = mapped_column(String(10))            # sum | mean | latest
    tolerance: Mapped[float] = mapped_column(Float, default=0.0)
    tolerance_type: Mapped[str] = mapped_column(String(10), default="percent")  # percent | absolute
    context: Mapped[bool] = mapped_column(Boolean, default=False)  # a context indicator: shown apart, never counted
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))  # alerts
    retired_on: Mapped[date | None] = mapped_column(Date)      # no longer reported from this day (history kept)
    service: Mapped[Service] = relationship()
    priority: Mapped[Priority | None] = relationship()


class Target(Base):
    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("measure_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16))            # `2019/20`, `2019/20 Q2` or `2019-07`
    period_start: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)


class Observation(Base):
    __tablename__ = "observation"
    __table_args__ = (UniqueConstraint("measure_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    period_kind: Mapped[str] = mapped_column(String(10))       # week | month | quarter | year
    period_start: Mapped[date] = mapped_column(Date, index=True)
    value: Mapped[float | None] = mapped_column(Float)         # None: no data (see note)
    note: Mapped[str | None] = mapped_column(Text)             # e.g. "tbc" typed where a value was due
    state: Mapped[str] = mapped_column(String(12), default="approved")  # draft | submitted | approved
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(200))


class Commentary(Base):
    __tablename__ = "commentary"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published: Mapped[bool] = mapped_column(default=False)    # for publication: the public may read it (issue 16)


class DirectorCommentary(Base):
    __tablename__ = "director_commentary"
    __table_args__ = (UniqueConstraint("directorate_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorate.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published: Mapped[bool] = mapped_column(default=False)    # for publication: the public may read it (issue 16)


class ProcessChange(Base):
    """A dated change in how a service works (a new system, a new contract): SPC charts rebase here."""

    __tablename__ = "process_change"
    __table_args__ = (UniqueConstraint("measure_id", "changed_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    changed_on: Mapped[date] = mapped_column(Date)              # the first period of the new process
    reason: Mapped[str] = mapped_column(Text)


# --- Who sees and changes what (issue 5): users, editors' services, published periods, council settings ---

class User(Base):
    """A person who signs in; `role` is public | member | editor | officer (see data/access.py)."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)     # stored lower-case
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))     # argon2; None for single sign-on only
    role: Mapped[str] = mapped_column(String(12), default="member")
    active: Mapped[bool] = mapped_column(default=True)
    session_token: Mapped[str] = mapped_column(String(64))             # rotated to end every session at once
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    email: Mapped[str | None] = mapped_column(String(320))             # where notifications go (issue 19)


class UserService(Base):
    """A service whose values, commentary and actions an editor may change."""

    __tablename__ = "user_service"
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)


class PublishedPeriod(Base):
    """A quarter whose approved figures the public may see (`2026/27 Q2`)."""

    __tablename__ = "published_period"
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by: Mapped[str | None] = mapped_column(String(200))
    release_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # embargo: public from then on


class CouncilSetting(Base):
    """A council-wide choice made at run time, e.g. `show_officer_names` = `1`."""

    __tablename__ = "council_setting"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class SignInFailure(Base):
    """One failed sign-in, kept for the rate limit when no Redis is configured (never the password)."""

    __tablename__ = "sign_in_failure"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)         # `user:<name>` or `ip:<address>`
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


# --- Audit trail and pending uploads (issue 4) ---

class AuditEvent(Base):
    """One change to a value, target, commentary or sign-off state: who, when, from where, old and new (JSON)."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    author: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(300))   # `file.xlsx, values row 7`, `form`, `restore of 12`
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measure.id", ondelete="SET NULL"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    period: Mapped[str | None] = mapped_column(String(16))
    field: Mapped[str] = mapped_column(String(12))           # value | target | commentary | state
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


class PendingImport(Base):
    """An uploaded file awaiting confirmation, kept in the database so any gunicorn worker can finish it."""

    __tablename__ = "pending_import"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)   # random token, never the user's file name
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    mapping: Mapped[str | None] = mapped_column(Text)                # JSON of layouts.Mapping
    author: Mapped[str | None] = mapped_column(String(200))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --- Imports (issue 11): saved mappings, and the other areas of many-area files kept for benchmarking ---

class ImportMapping(Base):
    """A confirmed way of reading a file (JSON of `imports.mapping.Mapping`), offered again for the same headings."""

    __tablename__ = "import_mapping"
    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    headings: Mapped[str] = mapped_column(Text)                       # JSON list of heading keys, sorted
    mapping: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[str | None] = mapped_column(String(200))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BenchmarkDataset(Base):
    """Where comparator figures came from: a published file (`LGBF 2023-24`), its licence and when it was read."""

    __tablename__ = "benchmark_dataset"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    source: Mapped[str] = mapped_column(String(300))                  # the file name, or a URL
    licence: Mapped[str | None] = mapped_column(String(200))          # e.g. `OGL v3`
    retrieved_on: Mapped[date] = mapped_column(Date)


class BenchmarkValue(Base):
    """One comparator's figure for a measure and period: another council, a ward, a national or group average."""

    __tablename__ = "benchmark_value"
    __table_args__ = (UniqueConstraint("dataset_id", "area_name", "measure_code", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("benchmark_dataset.id", ondelete="CASCADE"), index=True)
    area_code: Mapped[str | None] = mapped_column(String(40))         # ONS GSS code where the file gives one
    area_name: Mapped[str] = mapped_column(String(200))
    measure_code: Mapped[str] = mapped_column(String(40), index=True)  # the council's own code for the measure
    period: Mapped[str] = mapped_column(String(16))                   # a `Period` label
    value: Mapped[float] = mapped_column(Float)
    lower_ci: Mapped[float | None] = mapped_column(Float)             # the publisher's confidence interval (issue 18)
    upper_ci: Mapped[float | None] = mapped_column(Float)
    family: Mapped[str | None] = mapped_column(String(80))            # the area's family group for this figure


class DataVersion(Base):
    """One row, changed in the same transaction as every write that changes what a page shows (data.core.version)."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)              # counts the writes
    stamp: Mapped[str] = mapped_column(String(32))             # random per write: unique to this database's history
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --- issue 15: the council plan (objectives, actions, milestones), intervention plans and the risk register ---

class Objective(Base):
    """An objective under a council priority; measures and plan actions serve it (the golden thread)."""

    __tablename__ = "objective"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)          # `OBJ-H1`
    priority_id: Mapped[int] = mapped_column(ForeignKey("priority.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)


class MeasureObjective(Base):
    """A measure that shows progress towards an objective."""

    __tablename__ = "measure_objective"
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True)


class InterventionPlan(Base):
    """A time-bound plan opened for a measure below target, closed with a note once it is back on target."""

    __tablename__ = "intervention_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    period: Mapped[str | None] = mapped_column(String(16))     # the period whose miss opened it
    opened_by: Mapped[str | None] = mapped_column(String(200))
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closing_note: Mapped[str | None] = mapped_column(Text)


class Risk(Base):
    """A risk in a directorate's register: likelihood and impact 1-5 before (inherent) and after (residual)
    mitigation; scores are their products, worked out (data.plan.risks)."""

    __tablename__ = "risk"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)          # `R-HSG-01`
    title: Mapped[str] = mapped_column(String(300))
    cause: Mapped[str | None] = mapped_column(Text)
    effect: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorate.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id", ondelete="SET NULL"))
    inherent_likelihood: Mapped[int] = mapped_column(Integer)
    inherent_impact: Mapped[int] = mapped_column(Integer)
    residual_likelihood: Mapped[int] = mapped_column(Integer)
    residual_impact: Mapped[int] = mapped_column(Integer)
    review_date: Mapped[date | None] = mapped_column(Date)


class RiskObjective(Base):
    __tablename__ = "risk_objective"
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id", ondelete="CASCADE"), primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True)


class RiskMeasure(Base):
    __tablename__ = "risk_measure"
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id", ondelete="CASCADE"), primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True)


class RiskReview(Base):
    """A review of a risk in a period: the residual scores then and a note; kept as history like commentary."""

    __tablename__ = "risk_review"
    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    review_date: Mapped[date | None] = mapped_column(Date)        # the next review date this review set
    note: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Action(Base):
    """The one action model: a plan action (key task) under an objective, an action of an intervention plan, or a
    risk's mitigation. Overdue is worked out from the due date and today (data.plan.actions), never stored."""

    __tablename__ = "plan_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)          # `A-HSG-03`
    kind: Mapped[str] = mapped_column(String(12), default="plan")      # plan | intervention | mitigation
    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str | None] = mapped_column(String(200))
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorate.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id", ondelete="SET NULL"))
    objective_id: Mapped[int | None] = mapped_column(ForeignKey("objective.id", ondelete="SET NULL"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("intervention_plan.id", ondelete="CASCADE"), index=True)
    risk_id: Mapped[int | None] = mapped_column(ForeignKey("risk.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    percent: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="not_started")  # data.plan.actions.ProgressStatus
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published: Mapped[bool] = mapped_column(default=False)    # for publication: the public may read it (issue 16)


class ActionUpdate(Base):
    """Progress reported on an action for a period (status, percent complete, note); kept as history."""

    __tablename__ = "action_update"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12))
    percent: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Milestone(Base):
    """A dated step of a plan action; overdue when not completed by its due date."""

    __tablename__ = "milestone"
    __table_args__ = (UniqueConstraint("action_id", "title"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)

# --- issue 13: sessions ended on the server, atomic sign-in counters ---

class UserSession(Base):
    """One signed-in session: signing out deletes it, so a copied session cookie stops working on every worker
    and host. `id` is the SHA-256 of the secret kept in the signed cookie (the database never holds the secret)."""

    __tablename__ = "user_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class SignInCounter(Base):
    """Sign-in attempts per `user:<name>` or `ip:<address>` in a fixed window, counted by one atomic upsert (the
    database fallback of the Redis INCR), so parallel workers never check more passwords than the limit."""

    __tablename__ = "sign_in_counter"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

# --- issue 19: alerts, reminders and digests (data/notify) ---

class NotificationPreference(Base):
    """How a person wants one kind of notification: at once, in their digest, or never (data.notify.kinds)."""

    __tablename__ = "notification_preference"
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    delivery: Mapped[str] = mapped_column(String(10))          # immediate | digest | never (digest: weekly | monthly)


class AlertState(Base):
    """What the alerts last saw of a measure, so each change is told once, not on every recomputation."""

    __tablename__ = "alert_state"
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True)
    period: Mapped[str] = mapped_column(String(16))            # the latest approved period it was judged on
    conditions: Mapped[str] = mapped_column(String(200))       # comma-separated: below_target, concern, forecast_miss
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)  # its newest figure's updated_at


class Notification(Base):
    """One message to one person, recorded before it is sent: `key` makes each event reach each person once."""

    __tablename__ = "notification"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)  # e.g. `below_target:HSG01:2026-10:user:7`
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    delivery: Mapped[str] = mapped_column(String(10))          # immediate | digest (then part of a digest message)
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    # pending | sending | sent | failed | in_digest | not_sent (no address, or the person chose never)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    address: Mapped[str | None] = mapped_column(String(320))
    error: Mapped[str | None] = mapped_column(Text)
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id", ondelete="SET NULL"))

# --- issue 18: peer benchmarking (benchmark measures, links from the council's measures, comparator groups) ---

class BenchmarkMeasure(Base):
    """A publisher's measure in a benchmark dataset (LGBF `CORP07`): what its figures mean."""

    __tablename__ = "benchmark_measure"
    __table_args__ = (UniqueConstraint("dataset_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("benchmark_dataset.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str | None] = mapped_column(String(40))
    polarity: Mapped[str] = mapped_column(String(8))                  # higher | lower | none
    definition: Mapped[str | None] = mapped_column(Text)              # the publisher's definition or source note


class BenchmarkLink(Base):
    """A council measure compared with one benchmark measure (at most one link per measure)."""

    __tablename__ = "benchmark_link"
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("benchmark_dataset.id", ondelete="CASCADE"))
    benchmark_code: Mapped[str] = mapped_column(String(40))
    area: Mapped[str] = mapped_column(String(200))                    # the council itself in the dataset (code or name)
    definition_note: Mapped[str | None] = mapped_column(Text)         # how the council's definition differs, if it does
    linked_by: Mapped[str | None] = mapped_column(String(200))
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BenchmarkGroup(Base):
    """A named comparator group (CIPFA nearest neighbours, an invented family): areas by code or name."""

    __tablename__ = "benchmark_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(300))


class BenchmarkGroupMember(Base):
    __tablename__ = "benchmark_group_member"
    group_id: Mapped[int] = mapped_column(ForeignKey("benchmark_group.id", ondelete="CASCADE"), primary_key=True)
    area: Mapped[str] = mapped_column(String(200), primary_key=True)


# --- issue 16: the officer workbench (returns due per service, closed periods) ---

class ReturnDue(Base):
    """When a service's return (its figures) for a quarter is due; past it and not submitted, the return is late."""

    __tablename__ = "return_due"
    period: Mapped[str] = mapped_column(String(16), primary_key=True)      # a quarter, `2026/27 Q3`
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    due_on: Mapped[date] = mapped_column(Date)


class PeriodLock(Base):
    """A closed quarter: its values change only through a recorded correction with a reason."""

    __tablename__ = "period_lock"
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    locked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(String(200))


# --- issue 16: the read API's keys and rate-limit counters ---

class ApiKey(Base):
    """A machine client's key to the read API, acting as its officer: only a SHA-256 of the key is kept."""

    __tablename__ = "api_key"
    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)      # the key's first characters, to name it
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)    # hex SHA-256 of the whole key
    name: Mapped[str] = mapped_column(String(200))                    # what the client is, e.g. `nightly extract`
    username: Mapped[str] = mapped_column(String(120))                # the account whose rights it carries
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiRequest(Base):
    """One API request counted for the rate limit when no Redis is configured (`key` is `ip:<addr>` or `key:<id>`)."""

    __tablename__ = "api_request"
    __table_args__ = (Index("ix_api_request_key_at", "key", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
