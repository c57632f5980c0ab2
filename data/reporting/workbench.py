"""What each section of the officer workbench (`/workbench?section=...`) shows, in one call per section, from the
URL's query. The page draws what these return (dashboards/workbench_view.py); nothing here knows about components.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import Connection, select

from data.core import audit, clock, loaders, locks, settings
from data.core.models import Target
from data.core.periods import Period, PeriodError
from data.imports import benchmarks
from data.imports.benchmark_files import BenchmarkMapping, chosen_mapping
from data.people import access, cycle, users
from data.reporting import benchmarking, publication

SECTIONS = {"publish": "Publish", "cycle": "Reporting cycle", "measures": "Measures and targets",
            "users": "Users", "audit": "Audit trail", "benchmarks": "Benchmarks"}
COUNCIL_TIME = ZoneInfo("Europe/London")   # release times are typed and shown in the council's own time


def section_of(name: str | None) -> str:
    return name if name in SECTIONS else "publish"


def release_time(day: str | None, at: str | None) -> datetime | None:
    """The embargo typed as a UK date and time (`2026-12-03`, `09:30`); None when no date is given (publish now).
    A ValueError with a sentence for anything else."""
    if not day:
        if at:
            raise ValueError("give the release date as well as its time")
        return None
    try:
        moment = datetime.combine(date.fromisoformat(day), time.fromisoformat(at) if at else time(0, 0))
    except ValueError:
        raise ValueError(f"the release date and time {day} {at or ''} are not a date (YYYY-MM-DD) and time "
                         "(HH:MM)".replace("  ", " ")) from None
    return moment.replace(tzinfo=COUNCIL_TIME)


def council_time(moment: datetime | None) -> str:
    """`3 Dec 2026 09:30` in UK time."""
    return "" if moment is None else f"{moment.astimezone(COUNCIL_TIME):%-d %b %Y %H:%M}"


def parse_day(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a date such as 2026-12-31") from None


@dataclass
class Publish:
    options: list[Period]
    chosen: Period | None
    preview: publication.Preview | None
    publications: list[dict]


def publish_section(conn: Connection, period: str | None) -> Publish:
    options = publication.candidates(conn)
    chosen = next((p for p in options if p.label == period), None)
    chosen = chosen or next((p for p in options if p.kind == "quarter"), None)
    return Publish(options, chosen, publication.preview(conn, chosen.label) if chosen else None,
                   access.publications(conn))


@dataclass
class Cycle:
    options: list[Period]
    chosen: Period
    cycle: cycle.Cycle
    services: pd.DataFrame
    locked: list[str]


def quarter_options(conn: Connection, today: date | None = None) -> list[Period]:
    """Quarters holding any figure, the current quarter and the next, newest first."""
    today = today or clock.today()
    current = Period.of_date(today).widen("quarter")
    quarters = {p for p in loaders.periods_with_data(conn, states=("draft", "submitted", "approved"))
                if p.kind == "quarter"}
    return sorted(quarters | {current, current.shift(1)}, reverse=True)


def cycle_section(conn: Connection, quarter: str | None, today: date | None = None) -> Cycle:
    today = today or clock.today()
    options = quarter_options(conn, today)
    chosen = next((p for p in options if p.label == quarter), None)
    if chosen is None:   # the quarter whose returns are being gathered: the last one that has ended
        chosen = Period.of_date(today).widen("quarter").shift(-1)
    return Cycle(options, chosen, cycle.cycle(conn, chosen.label, today), loaders.services(conn),
                 sorted((p.label for p in locks.locked_quarters(conn)), reverse=True))


@dataclass
class Measures:
    catalogue: pd.DataFrame
    services: pd.DataFrame           # id, slug, name, directorate (name)
    priorities: pd.DataFrame
    chosen: dict | None              # the measure being edited (loaders.MEASURE_COLUMNS), None for a new one
    targets: list[tuple[str, float]] = field(default_factory=list)
    definitions: pd.DataFrame | None = None   # the definition's dated changes


def measures_section(conn: Connection, code: str | None) -> Measures:
    catalogue = loaders.measures(conn)
    services = loaders.services(conn).merge(
        loaders.directorates(conn)[["slug", "name"]].rename(columns={"slug": "directorate_slug",
                                                                     "name": "directorate"}), on="directorate_slug")
    found = catalogue[catalogue["code"] == code]
    page = Measures(catalogue, services, loaders.priorities(conn), None if found.empty else found.iloc[0].to_dict())
    if page.chosen:
        mid = int(page.chosen["id"])
        rows = conn.execute(select(Target.period, Target.value).where(Target.measure_id == mid)).all()
        page.targets = sorted(((label, value) for label, value in rows), key=lambda r: Period.parse(r[0]),
                              reverse=True)
        history = audit.history(conn, mid)
        page.definitions = history[history["field"] == "definition"].reset_index(drop=True)
    return page


@dataclass
class Users:
    accounts: list[dict]
    services: pd.DataFrame
    chosen: dict | None


def users_section(conn: Connection, username: str | None) -> Users:
    accounts = users.listing(conn)
    chosen = next((u for u in accounts if u["username"] == username), None)
    return Users(accounts, loaders.services(conn), chosen)


@dataclass
class Audit:
    filters: dict
    changes: pd.DataFrame
    chosen: dict | None               # the change whose earlier value may be put back
    closed: bool = False              # the chosen change's period is closed: a reason is needed
    problem: str | None = None        # a filter that could not be read


def audit_section(conn: Connection, code=None, author=None, source=None, since=None, until=None,
                  change=None) -> Audit:
    filters = {"code": code or "", "author": author or "", "source": source or "", "since": since or "",
               "until": until or ""}
    problem = None
    try:
        first, last = parse_day(since, "From"), parse_day(until, "To")
    except ValueError as e:
        first = last = None
        problem = str(e)
    changes = audit.browse(conn, code=code, author=author, source=source, since=first, until=last)
    chosen = None
    if change and str(change).isdigit():
        chosen = audit.event(conn, int(change))
    closed = False
    if chosen and chosen["period"] and chosen["field"] != "target":
        try:
            closed = locks.covers(Period.parse(chosen["period"]), locks.locked_quarters(conn))
        except PeriodError:
            closed = False
    return Audit(filters, changes, chosen, closed, problem)


@dataclass
class Benchmarks:
    datasets: pd.DataFrame              # name, source, licence, retrieved_on, values (count)
    groups: pd.DataFrame                # slug, name, source, areas (count)
    links: pd.DataFrame                 # benchmarks.LINK_COLUMNS
    measures: pd.DataFrame              # the council's own measures (loaders.MEASURE_COLUMNS)
    targets: pd.DataFrame               # the benchmark measures a council measure may be linked to
    peers: benchmarking.PeerGroup       # the council's default comparator group and the others offered
    council: str                        # the council's own area in a dataset, unless a link names another


def benchmarks_section(conn: Connection) -> Benchmarks:
    return Benchmarks(benchmarks.datasets(conn), benchmarks.group_rows(conn), benchmarks.links(conn),
                      loaders.measures(conn), benchmarks.measures(conn), benchmarking.peer_group(conn),
                      settings.get("COUNCIL_NAME"))


def benchmark_mapping(fields: dict) -> BenchmarkMapping:
    """The workbench's benchmark import form as the command line's options make it: a mapping pasted as JSON (if
    any), then the dataset's name, source, licence, date retrieved, layout and polarity (`CODE=higher` or `higher`,
    separated by commas or new lines) over it."""
    text = str(fields.get("mapping") or "").strip()
    mapping = BenchmarkMapping.from_json(text, "the mapping") if text else BenchmarkMapping()
    if fields.get("layout") in ("long", "wide"):
        mapping.layout = fields["layout"]
    polarity = [p for p in re.split(r"[,;\n]+", str(fields.get("polarity") or "")) if p.strip()]
    return chosen_mapping(mapping, name=_text(fields.get("name")), source=_text(fields.get("source")),
                          licence=_text(fields.get("licence")), retrieved=_text(fields.get("retrieved")),
                          polarity=polarity)


def _text(value) -> str | None:
    return str(value).strip() or None if value is not None else None


def section_data(conn: Connection, section: str, query: dict):
    """What a section shows for the URL's query (a dict of its keys)."""
    if section == "cycle":
        return cycle_section(conn, query.get("quarter"))
    if section == "measures":
        return measures_section(conn, query.get("measure"))
    if section == "users":
        return users_section(conn, query.get("user"))
    if section == "audit":
        return audit_section(conn, **{k: query.get(k) for k in ("code", "author", "source", "since", "until",
                                                                  "change")})
    if section == "benchmarks":
        return benchmarks_section(conn)
    return publish_section(conn, query.get("period"))


def measure_form(engine, fields: dict, editing: str | None) -> dict:
    """The measure form's values as the template's measures sheet names them: the service's directorate and
    service by name (the form chooses a service by slug), the code kept when a measure is edited."""
    with engine.connect() as conn:
        services = loaders.services(conn)
        directorates = dict(zip(loaders.directorates(conn)["slug"], loaders.directorates(conn)["name"]))
    found = services[services["slug"] == fields.get("service")]
    typed = {k: ("" if v is None else str(v)) for k, v in fields.items()}
    typed["code"] = editing or typed.get("code", "").strip()
    typed["service"] = found.iloc[0]["name"] if not found.empty else ""
    typed["directorate"] = directorates.get(found.iloc[0]["directorate_slug"], "") if not found.empty else ""
    return typed
