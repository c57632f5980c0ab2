"""The performance data model (SQLAlchemy 2 typed ORM). The schema itself is managed by alembic (`migrations/`)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
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


class DirectorCommentary(Base):
    __tablename__ = "director_commentary"
    __table_args__ = (UniqueConstraint("directorate_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorate.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Action(Base):
    """An intervention action for a measure that misses its target."""

    __tablename__ = "action"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | in progress | done | overdue
    period: Mapped[str | None] = mapped_column(String(16))     # the period whose miss raised it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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


class DataVersion(Base):
    """One row, changed in the same transaction as every write that changes what a page shows (data.core.version)."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)              # counts the writes
    stamp: Mapped[str] = mapped_column(String(32))             # random per write: unique to this database's history
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
