"""Write a council's structure, measures and figures, all or nothing, by natural keys.

A payload is plain data (see `Payload`): the demo generator and every importer produce one, and `store` writes
it in one transaction. Writing the same payload twice changes nothing the second time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import Engine, insert, select, text as sql, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from data.core import audit, clock, locks, publication, version
from data.imports import benchmarks, plan_store
from data.core.models import (Commentary, CouncilSetting, Directorate, DirectorCommentary, Measure,
                              Observation, Priority, ProcessChange, Service, Target, utcnow)
from data.core.periods import Period

# The council setting that makes imported values wait for sign-off like entered ones (`submitted`).
IMPORT_STATE = "import_state"
IMPORT_STATES = ("approved", "submitted")
BUSY = "another import is running, or a change was saved at the same moment: try again in a minute (nothing was written)"
LOCK_SECONDS = 60
MEASURE_FIELDS = ("code", "title", "description", "directorate", "service", "priority", "owner", "unit",
                  "decimals", "polarity", "frequency", "kind", "rollup", "tolerance", "tolerance_type", "context")


def slugify(text: str) -> str:
    """`Place and Environment` -> `place-and-environment`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@dataclass
class Payload:
    """What to store. Measures are dicts with MEASURE_FIELDS (directorate, service, priority by name)."""

    measures: list[dict] = field(default_factory=list)
    values: list[tuple] = field(default_factory=list)        # (code, period, value or None, note or None)
    targets: list[tuple] = field(default_factory=list)       # (code, period, target)
    commentary: list[tuple] = field(default_factory=list)    # (code, period, author, text, created_at or None)
    actions: list[tuple] = field(default_factory=list)       # intervention: (code, title, owner, due, status, period)
    objectives: list[dict] = field(default_factory=list)     # code, priority (name), title, description, measures
    plan_actions: list[dict] = field(default_factory=list)   # code, title, kind, ..., status, percent, period, note
    milestones: list[tuple] = field(default_factory=list)    # (action code, title, due date, completed on)
    risks: list[dict] = field(default_factory=list)          # code, title, ..., objectives, measures
    interventions: list[dict] = field(default_factory=list)  # measure, period, opened_by, opened_on, ..., actions
    director_commentary: list[tuple] = field(default_factory=list)  # (directorate, period, author, text, at)
    directors: dict[str, str] = field(default_factory=dict)  # directorate name -> director
    process_changes: list[tuple] = field(default_factory=list)  # (code, date, reason)
    sources: dict[tuple, str] = field(default_factory=dict)  # ("value"|"target", code, period) -> "file, row 7"
    benchmarks: list[tuple] = field(default_factory=list)    # (area code, area name, code, period, value)
    benchmark_dataset: tuple | None = None                   # (name, source, licence, retrieved on)


@dataclass
class Changes:
    """What a store did (or, in a dry run, would do)."""

    new_measures: list[str] = field(default_factory=list)
    changed_measures: list[str] = field(default_factory=list)
    new_values: int = 0
    changed_values: list[tuple] = field(default_factory=list)   # (code, period, old, new)
    new_targets: int = 0
    changed_targets: list[tuple] = field(default_factory=list)
    new_commentary: int = 0
    new_actions: int = 0    # objectives, actions, progress, milestones and risks added or changed
    added_values: list[tuple] = field(default_factory=list)     # (code, period, value) of the new values
    benchmarks: int = 0
    state: str = "approved"

    @property
    def nothing(self) -> bool:
        return not (self.new_measures or self.changed_measures or self.new_values or self.changed_values
                    or self.new_targets or self.changed_targets or self.new_commentary or self.new_actions
                    or self.benchmarks)


def _unique_slug(text: str, taken: set[str]) -> str:
    base = slug = slugify(text)[:70].rstrip("-")   # slug columns hold 80 characters, a "-NN" suffix included
    n = 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _structure(s: Session, payload: Payload) -> tuple[dict, dict, dict]:
    """Directorates, services and priorities by name, created where new; returns id lookups."""
    directorates = {d.name: d for d in s.scalars(select(Directorate))}
    services = {(sv.directorate_id, sv.name): sv for sv in s.scalars(select(Service))}
    priorities = {p.name: p for p in s.scalars(select(Priority))}
    taken = {d.slug for d in directorates.values()} | {sv.slug for sv in services.values()}
    taken_priority = {p.slug for p in priorities.values()}
    for name, director in payload.directors.items():
        if name not in directorates:
            directorates[name] = Directorate(name=name, slug=_unique_slug(name, taken), director=director)
            s.add(directorates[name])
        elif director and directorates[name].director != director:
            directorates[name].director = director
    service_ids, priority_ids = {}, {}
    for m in payload.measures:
        d = directorates.get(m["directorate"])
        if d is None:
            d = directorates[m["directorate"]] = Directorate(name=m["directorate"],
                                                             slug=_unique_slug(m["directorate"], taken))
            s.add(d)
            s.flush()
        if d.id is None:
            s.flush()
        key = (d.id, m["service"])
        if key not in services:
            services[key] = Service(name=m["service"], directorate_id=d.id,
                                    slug=_unique_slug(m["service"], taken))
            s.add(services[key])
        if m.get("priority") and m["priority"] not in priorities:
            priorities[m["priority"]] = Priority(name=m["priority"],
                                                 slug=_unique_slug(m["priority"], taken_priority))
            s.add(priorities[m["priority"]])
    s.flush()
    for m in payload.measures:
        service_ids[m["code"]] = services[(directorates[m["directorate"]].id, m["service"])].id
        priority_ids[m["code"]] = priorities[m["priority"]].id if m.get("priority") else None
    return service_ids, priority_ids, directorates


def _measures(s: Session, payload: Payload, changes: Changes, author: str | None = None,
              source: str | None = None) -> dict[str, int]:
    service_ids, priority_ids, _ = _structure(s, payload)
    existing = {m.code: m for m in s.scalars(select(Measure))}
    definitions = []   # (code, old fields, new fields): a definition's changes are dated in the audit trail
    for m in payload.measures:
        row = {k: m.get(k) for k in MEASURE_FIELDS if k not in ("directorate", "service", "priority")}
        row["context"] = bool(row.get("context"))
        row.update(service_id=service_ids[m["code"]], priority_id=priority_ids[m["code"]])
        current = existing.get(m["code"])
        if current is None:
            existing[m["code"]] = Measure(**row)
            s.add(existing[m["code"]])
            changes.new_measures.append(m["code"])
            definitions.append((m["code"], None, {k: m.get(k) for k in MEASURE_FIELDS if k != "code"}))
        elif any(getattr(current, k) != v for k, v in row.items()):
            shown = _shown_definition(s, current)
            for k, v in row.items():
                setattr(current, k, v)
            after = {**{k: m.get(k) for k in MEASURE_FIELDS if k != "code"}}
            definitions.append((m["code"], {k: shown.get(k) for k in after if shown.get(k) != after[k]},
                                {k: v for k, v in after.items() if shown.get(k) != v}))
            changes.changed_measures.append(m["code"])
    s.flush()
    audit.record_definitions(s, [(existing[code].id, code, old, new) for code, old, new in definitions],
                             author=author, source=source)
    return {code: m.id for code, m in existing.items()}


def _shown_definition(s: Session, measure: Measure) -> dict:
    """A stored measure's fields as a payload names them (directorate, service and priority by name)."""
    service = s.get(Service, measure.service_id)
    priority = s.get(Priority, measure.priority_id) if measure.priority_id else None
    out = {k: getattr(measure, k) for k in MEASURE_FIELDS if k not in ("code", "directorate", "service", "priority")}
    return {**out, "directorate": s.get(Directorate, service.directorate_id).name, "service": service.name,
            "priority": priority.name if priority else None}


def _upsert_figures(s: Session, model, rows: list[dict], key_fields: tuple, compare: tuple,
                    added: list | None = None, on_insert: dict | None = None) -> tuple[int, list]:
    """Insert new rows and update changed ones by natural key; returns (new count, [(key, old, new)]).
    `on_insert` is set on new rows only (the publication flag: a re-import never resets an editor's choice)."""
    ids = {r["measure_id"] for r in rows}
    existing = {}
    if ids:
        for obj in s.scalars(select(model).where(model.measure_id.in_(ids))):
            existing[tuple(getattr(obj, k) for k in key_fields)] = obj
    new, changed, updates = [], [], []
    for r in rows:
        obj = existing.get(tuple(r[k] for k in key_fields))
        if obj is None:
            new.append(r)
        elif any(getattr(obj, k) != r[k] for k in compare):
            changed.append((tuple(r[k] for k in key_fields), getattr(obj, compare[0]), r[compare[0]]))
            updates.append({"id": obj.id, **{k: r[k] for k in r if k not in key_fields}})
    if added is not None:
        added += new
    if new:
        s.execute(insert(model), [{**r, **(on_insert or {})} for r in new])
    if updates:
        s.execute(update(model), updates)
    return len(new), changed


def apply(s: Session, payload: Payload, *, author: str | None = None, source: str | None = None,
          state: str = "approved", correction: str | None = None) -> Changes:
    """Write a payload inside the caller's transaction and return what changed (each change is audited).
    Values land in sign-off `state` (`approved`, or `submitted` to wait for approval). A value of a closed period
    (data.core.locks) changes only as a `correction` with its reason; otherwise locks.Locked is raised."""
    changes = Changes(state=state)
    measure_ids = _measures(s, payload, changes, author if author != source else None, source)
    touched = {measure_ids[row[0]] for rows in (payload.values, payload.targets, payload.commentary) for row in rows}
    before = audit.snapshot(s, touched)
    code_of = {v: k for k, v in measure_ids.items()}
    now = utcnow()
    values = []
    for code, label, value, note in payload.values:
        p = Period.parse(label)
        values.append({"measure_id": measure_ids[code], "period": p.label, "period_kind": p.kind,
                       "period_start": p.start, "value": value, "note": note, "updated_at": now,
                       "updated_by": author, "state": state})
    added: list[dict] = []
    changes.new_values, changed = _upsert_figures(s, Observation, values, ("measure_id", "period"),
                                                  ("value", "note"), added)
    changes.added_values = [(code_of[r["measure_id"]], r["period"], r["value"]) for r in added]
    changes.changed_values = [(code_of[k[0]], k[1], old, new) for k, old, new in changed]
    locks.check(s, [(code, label) for code, label, *_ in changes.added_values + changes.changed_values], correction)
    targets = [{"measure_id": measure_ids[code], "period": Period.parse(label).label,
                "period_start": Period.parse(label).start, "value": value}
               for code, label, value in payload.targets]
    changes.new_targets, changed = _upsert_figures(s, Target, targets, ("measure_id", "period"), ("value",))
    changes.changed_targets = [(code_of[k[0]], k[1], old, new) for k, old, new in changed]
    comments = [{"measure_id": measure_ids[code], "period": Period.parse(label).label, "author": who,
                 "text": text, "created_at": at or now} for code, label, who, text, at in payload.commentary]
    published = {"published": publication.default_for_new(s)}
    changes.new_commentary, _ = _upsert_figures(s, Commentary, comments, ("measure_id", "period", "text"), (),
                                                on_insert=published)
    changes.new_actions = plan_store.apply(s, payload, author=author, source=source, today=clock.today())
    _director_commentary(s, payload, published["published"])
    changes_ = [{"measure_id": measure_ids[code], "changed_on": on, "reason": reason}
                for code, on, reason in payload.process_changes]
    new_changes, changed_reasons = _upsert_figures(s, ProcessChange, changes_, ("measure_id", "changed_on"),
                                                   ("reason",))
    changes.benchmarks = benchmarks.write(s, payload.benchmark_dataset, payload.benchmarks)
    audit.record(s, before, touched, author=author if author != source else None,
                 source=locks.source_of(correction, source),
                 sources={k: locks.source_of(correction, v) for k, v in payload.sources.items()})
    if not changes.nothing or new_changes or changed_reasons:
        version.bump(s)   # what the pages show has changed: computed figures are worked out again
    return changes


def import_state(conn) -> str:
    """The sign-off state imported values land in: the council setting `import_state` (default approved)."""
    value = conn.execute(select(CouncilSetting.value).where(CouncilSetting.name == IMPORT_STATE)).scalar()
    return value if value in IMPORT_STATES else "approved"


def _lock(s: Session) -> None:
    """One import writes at a time: PostgreSQL waits on an advisory lock, SQLite takes its write lock first."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(sql(f"SET LOCAL lock_timeout = '{LOCK_SECONDS}s'"))
        # keyed by schema too: councils (and test databases) sharing one PostgreSQL database never wait on each other
        s.execute(sql("SELECT pg_advisory_xact_lock(4711011, hashtext(current_schema()))"))
    elif s.get_bind().dialect.name == "sqlite":
        s.connection().exec_driver_sql(f"PRAGMA busy_timeout = {LOCK_SECONDS * 1000}")
        s.connection().exec_driver_sql("BEGIN IMMEDIATE")


class Busy(Exception):
    """Another import held the database for longer than the wait allowed; nothing was written."""


def _director_commentary(s: Session, payload: Payload, published: bool) -> None:
    directorates = {d.name: d for d in s.scalars(select(Directorate))}
    existing = {(c.directorate_id, c.period): c for c in s.scalars(select(DirectorCommentary))}
    for who_dir, label, author, text, at in payload.director_commentary:
        d = directorates[who_dir]
        key = (d.id, Period.parse(label).label)
        if key in existing:
            existing[key].text, existing[key].author = text, author
        else:
            s.add(DirectorCommentary(directorate_id=d.id, period=key[1], author=author, text=text,
                                     created_at=at or utcnow(), published=published))


def store(engine: Engine, payload: Payload | dict, *, source: str = "", author: str | None = None,
          dry_run: bool = False, state: str = "approved", correction: str | None = None) -> Changes:
    """Write a payload in one transaction (rolled back on any error, or on a dry run), one import at a time.

    Raises Busy when another import kept the database past the wait (or won a race to the same new rows)."""
    if isinstance(payload, dict):
        payload = from_demo(payload)
    with Session(engine) as s:
        s.begin()
        try:
            _lock(s)
            changes = apply(s, payload, author=author or source or None, source=source or None, state=state,
                            correction=correction)
            s.flush()
        except (OperationalError, IntegrityError) as e:
            s.rollback()
            if isinstance(e, IntegrityError) or "lock" in str(e.orig).lower():
                raise Busy(BUSY) from None
            raise
        except BaseException:
            s.rollback()
            raise
        if dry_run:
            s.rollback()
        else:
            try:
                s.commit()
            except (OperationalError, IntegrityError):
                s.rollback()
                raise Busy(BUSY) from None
    return changes


def from_demo(rows: dict) -> Payload:
    """The demo generator's rows as a Payload (its measures name services by slug)."""
    service_names = {slug: (dname, sname) for _, dname, _, services in rows["directorates"]
                     for slug, sname in services}
    priority_names = dict(rows["priorities"])
    measures = []
    for m in rows["measures"]:
        dname, sname = service_names[m["service"]]
        measures.append({**{k: m.get(k) for k in MEASURE_FIELDS}, "directorate": dname, "service": sname,
                         "priority": priority_names[m["priority"]]})
    directorate_names = {slug: name for slug, name, _, _ in rows["directorates"]}
    return Payload(measures=measures, values=rows["values"], targets=rows["targets"],
                   commentary=rows["commentary"], actions=rows["actions"],
                   director_commentary=[(directorate_names[d], *rest) for d, *rest in rows["director_commentary"]],
                   directors={name: director for _, name, director, _ in rows["directorates"]},
                   process_changes=rows.get("process_changes", []), objectives=rows.get("objectives", []),
                   plan_actions=rows.get("plan_actions", []), milestones=rows.get("milestones", []),
                   risks=rows.get("risks", []))

