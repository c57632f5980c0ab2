"""The committee report pack for a period and a scope: what it says, worked out from the functions the pages use.

`build(conn, period, viewer, scope)` gives a `Pack`: the covering summary in the council's words with the counts
`summary --json` gives for the same period and scope, the measures needing attention (the exceptions report's
cases in scope) with commentary, intervention actions and year-end forecast, the council plan and risks (the plan
actions' counts, those off track, at risk or overdue, the high risks and the 5x5 matrix, as /plan and /risks work
them out), a section per directorate with the director's commentary, a row for every measure and a small
chart per measure, and *How we compare*: each measure in scope linked to a benchmark, placed among its peers as
its measure page places it (`data.reporting.benchmarking`, the council's default group), with the measures whose
comparison is not meaningful and why. The renderers (`data.reporting.pack_render`) only lay it out. Pure of any web
framework.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import pandas as pd
from sqlalchemy import Connection

from data.benchmarking import compare, stats
from data.benchmarking.compare import Comparison
from data.core import clock, loaders, settings
from data.core.periods import Period
from data.people import access
from data.performance import summary
from data.performance.forecast import sentence
from data.performance.formatting import format_value, shown_decimals
from data.performance.status import Direction, Status
from data.reporting import choice as choices
from data.reporting import benchmarking, evaluation, exceptions, trends, views
from data.plan import progress as plan_progress
from data.plan import risks as risk_rules
from data.plan.progress import Progress
from data.reporting import plan
from data.reporting.plan import intervention_actions

SCOPES = ("council", "directorate", "priority")


class ScopeError(ValueError):
    """An unknown directorate or priority, or a period the viewer may not have a pack for."""


@dataclass(frozen=True)
class Scope:
    """The whole council, one directorate or one council priority (`slug` and `name` of it)."""

    kind: str = "council"
    slug: str = ""
    name: str = ""

    @property
    def title(self) -> str:
        return {"council": "Whole council", "directorate": f"Directorate: {self.name}",
                "priority": f"Council priority: {self.name}"}[self.kind]

    def filters(self) -> views.Filters:
        return views.Filters(**({self.kind: self.slug} if self.kind != "council" else {}))


def scope_of(conn: Connection, directorate: str | None = None, priority: str | None = None) -> Scope:
    """The Scope for a directorate or priority given by name or slug (case-insensitive); ScopeError naming the
    known ones for an unknown name."""
    if directorate and priority:
        raise ScopeError("choose a directorate or a priority, not both")
    for kind, wanted, frame in (("directorate", directorate, loaders.directorates),
                                ("priority", priority, loaders.priorities)):
        if not wanted:
            continue
        names = frame(conn)
        key = wanted.strip().lower()
        for row in names.to_dict("records"):
            if key in (row["name"].lower(), row["slug"]):
                return Scope(kind, row["slug"], row["name"])
        raise ScopeError(f"unknown {kind} {wanted!r}; known: {', '.join(names['name'])}")
    return Scope()


@dataclass
class Chart:
    """A small chart: the measure's recent periods with target and tolerance edge, and its text alternative; or
    (kind `benchmark`) the council against its comparison group over time."""

    title: str
    unit: str | None
    decimals: int | None
    polarity: str
    rows: list[dict]          # assess.series rows: label, value, target, edge, status (benchmark: Comparison.series)
    alt: str
    kind: str = "target"      # target | benchmark


@dataclass
class Row:
    """One measure's line in a directorate's table, every cell already in words."""

    code: str
    title: str
    service: str
    value: str
    target: str
    status: Status
    ytd: str
    ytd_status: Status
    vs_previous: str
    vs_last_year: str
    variation: str
    assurance: str


@dataclass
class Attention:
    """A measure needing attention: why, what the service says, what is being done, where the year is heading."""

    code: str
    title: str
    directorate: str
    service: str
    status: Status
    value: str
    target: str
    reasons: list[str]
    commentary: str | None
    actions: list[dict]       # title, owner, due, status, overdue
    forecast: str
    chart: Chart


@dataclass
class Section:
    """A directorate's part of the pack."""

    name: str
    slug: str
    director: str | None
    commentary: str | None
    counts: dict[str, int]
    headline: str
    rows: list[Row]
    charts: list[Chart]


@dataclass
class PlanAction:
    """A council plan action as the quarter's report gives it."""

    code: str
    title: str
    objective: str               # `HOM-1 Prevent homelessness ...`
    priority: str
    owner: str | None
    due: date | None
    percent: int
    status: Progress
    overdue: bool                # past its due date as at the pack's day and not completed
    note: str | None = None      # the latest progress note through the quarter (internal packs only)
    note_period: str | None = None

    @property
    def needs_attention(self) -> bool:
        return self.overdue or self.status in (Progress.OFF_TRACK, Progress.AT_RISK)


@dataclass
class HighRisk:
    """A risk whose residual score is high, with its review date and its mitigation actions' progress."""

    code: str
    title: str
    owner: str | None
    likelihood: int
    impact: int
    score: int
    review: date | None
    review_overdue: bool
    mitigations: list[dict]      # title, percent, due, status (Progress), overdue


@dataclass
class PlanSection:
    """The council plan and risks for the pack's scope: progress as reported through the quarter, overdue as at
    its last day (or today, for a quarter still under way)."""

    through: str                      # the quarter progress is reported for
    as_at: date
    sentence: str                     # progress.sentence: `Of 40 actions, 31 are on track, ...`
    counts: dict[str, int]            # progress.counts: per status, overdue, total
    actions: list[PlanAction]         # every plan action in scope
    internal: bool                    # whether progress notes and the risk register are in it
    risk_sentence: str = ""
    high: list[HighRisk] = field(default_factory=list)
    matrix: list[dict] = field(default_factory=list)  # risks.matrix rows (residual scores); empty for the public

    @property
    def attention(self) -> list[PlanAction]:
        """The actions off track, at risk or overdue: off track first, then at risk, then the others overdue."""
        order = {Progress.OFF_TRACK: 0, Progress.AT_RISK: 1}
        return sorted((a for a in self.actions if a.needs_attention), key=lambda a: (order.get(a.status, 2), a.code))


@dataclass
class Benchmark:
    """A measure's place among its peers, every cell in words, as its measure page gives it."""

    code: str
    title: str
    period: str               # the latest period the council and enough of its peers have figures for
    value: str                # ours in that period
    rank: str                 # `4th of 8`, `joint 2nd of 15`
    quartile: str             # `Second-best quartile (lower is better)`
    median: str
    iqr: str                  # `8.10 days to 10.20 days`
    significance: str | None  # against the group's average, where the publisher gives confidence intervals
    sentence: str
    notices: list[str]        # what qualifies the comparison (areas left out, later figures of ours, ...)
    chart: Chart
    position: stats.Position  # the figures behind the words


@dataclass
class NotCompared:
    """A measure linked to a benchmark whose comparison is not meaningful, and why."""

    code: str
    title: str
    reason: str


@dataclass
class Benchmarking:
    """*How we compare*: the measures of the scope linked to a benchmark, in the pack's order."""

    group: str                                           # what they are compared with
    rows: list[Benchmark] = field(default_factory=list)  # those with a meaningful comparison
    not_compared: list[NotCompared] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)     # each dataset's source, licence and date

    @property
    def significance(self) -> bool:
        """Whether any comparison has a significance (the table's column is shown only then)."""
        return any(r.significance for r in self.rows)


@dataclass
class Pack:
    council: str
    period: choices.Choice
    scope: Scope
    published: bool
    produced: datetime
    internal: bool                    # whether commentary and actions are in it (members and above)
    total: int
    counts: dict[str, int]            # summary.counts: on_target, within_tolerance, ... no_data
    covering: str                     # the council's sentence
    attention: list[Attention] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    context: list[Row] = field(default_factory=list)   # context indicators: shown apart, never counted
    plan: PlanSection | None = None
    benchmarking: Benchmarking | None = None            # None when no measure in scope is linked to a benchmark

    @property
    def title(self) -> str:
        return f"{self.council}: performance report, {self.period.name}"

    @property
    def marking(self) -> str:
        return "Published" if self.published else "Draft"

    @property
    def targeted(self) -> int:
        return self.total - self.counts["data_only"]

    def count_rows(self) -> list[tuple[str, int]]:
        """The covering summary's table: (what, how many), in the council reports' order."""
        c = self.counts
        return [("Indicators", self.total), ("With a target", self.targeted),
                ("On target or within tolerance", c["on_target"] + c["within_tolerance"]),
                ("Of which within tolerance", c["within_tolerance"]), ("Below target", c["below_target"]),
                ("Measured on annual targets (not due this period)", c["annual"]),
                ("Data only (no target)", c["data_only"]), ("No data", c["no_data"])]

    def charts(self) -> list[Chart]:
        """Every chart, in the order the pack shows them."""
        return ([a.chart for a in self.attention] + [c for s in self.sections for c in s.charts]
                + ([b.chart for b in self.benchmarking.rows] if self.benchmarking else []))


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def covering_sentence(counts: dict[str, int], total: int) -> str:
    """`Out of 32 indicators, 20 are on target or within tolerance, 3 are below target and 9 are measured on annual
    targets.`, then the data-only and no-data indicators when there are any."""
    met = counts["on_target"] + counts["within_tolerance"]
    below, annual = counts["below_target"], counts["annual"]
    text = (f"Out of {total} indicator{'' if total == 1 else 's'}, {met} {_are(met)} on target or within "
            f"tolerance, {below} {_are(below)} below target and {annual} {_are(annual)} measured on annual targets.")
    extra = []
    if counts["data_only"]:
        n = counts["data_only"]
        extra.append(f"{n} {_are(n)} data only (reported for context, without a target)")
    if counts["no_data"]:
        n = counts["no_data"]
        extra.append(f"{n} {'has' if n == 1 else 'have'} no data for the period")
    if extra:
        text += " " + " and ".join(extra).capitalize() + "."
    return text


def _direction(d) -> str:
    return f"{d.arrow} {d.label}" if isinstance(d, Direction) else "– No comparison"


def alt_text(title: str, rows: list[dict], unit: str | None, decimals) -> str:
    """The chart in words: its span, the latest figure against target and tolerance, the range and how many
    periods met the target."""
    fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
    seen = [r for r in rows if r["value"] is not None]
    if not rows:
        return f"Chart of {title}: no periods to show."
    span = f"{rows[0]['label']} to {rows[-1]['label']}"
    if not seen:
        return f"Chart of {title}, {span}: no figures."
    last = seen[-1]
    text = f"Chart of {title}, {span}. Latest {fmt(last['value'])} in {last['label']}"
    if last["target"] is not None:
        text += f" against a target of {fmt(last['target'])}"
        if last["edge"] is not None and last["edge"] != last["target"]:
            text += f" (tolerance to {fmt(last['edge'])})"
    text += f": {Status(last['status']).label.lower()}."
    low = min(seen, key=lambda r: r["value"])
    high = max(seen, key=lambda r: r["value"])
    text += f" Lowest {fmt(low['value'])} ({low['label']}), highest {fmt(high['value'])} ({high['label']})."
    judged = [r for r in seen if Status(r["status"]) in (Status.ON_TARGET, Status.WITHIN_TOLERANCE,
                                                          Status.BELOW_TARGET)]
    if judged:
        met = sum(Status(r["status"]) is not Status.BELOW_TARGET for r in judged)
        text += f" On target or within tolerance in {met} of {len(judged)} periods."
    return text


def _chart(result: dict, rows: list[dict]) -> Chart:
    title = f"{result['code']} {result['title']}"
    return Chart(title, result["unit"], result["decimals"], result["polarity"], rows,
                 alt_text(title, rows, result["unit"], result["decimals"]))


def _row(r: dict) -> Row:
    variation_words, assurance_words = views.spc_words(r.get("variation_icon"), r.get("assurance_icon"))
    ytd_status = Status(r["ytd_status"])
    return Row(r["code"], r["title"], r["service"], r["value_text"], r["target_text"], Status(r["status"]),
               r["ytd_value_text"], ytd_status, _direction(r["direction_previous"]),
               _direction(r["direction_last_year"]), variation_words, assurance_words)


def is_published(conn: Connection, period: choices.Choice) -> bool:
    """Whether every quarter the pack's figures come from is published (else the pack is marked Draft)."""
    published = access.published_quarters(conn)
    if period.period.kind == "year":
        quarters = [q for q in period.period.quarters() if not period.judged < q]
    else:
        quarters = [period.period.widen("quarter")]
    return all(q in published for q in quarters)


def period_for(conn: Connection, label: str | None, viewer: access.Viewer, today=None) -> choices.Choice:
    """The Choice for a period label among those the viewer may see (a year under way judged to date); the latest
    ended quarter when no label is given. ScopeError when the viewer may not see it or nothing is stored."""
    available = evaluation.visible_periods(conn, viewer)
    today = today or clock.today()
    if label is None:
        chosen = choices.choose(None, available, today)
        if chosen is None:
            raise ScopeError("no figures are stored yet")
        return chosen
    period = Period.parse(label)       # PeriodError (a ValueError) for what is not a period
    if period not in available:
        raise ScopeError(f"no figures for {period.label}" + (" are published yet" if viewer.published_only else ""))
    return choices.of(period, available, today)


def build(conn: Connection, period: choices.Choice, viewer: access.Viewer, scope: Scope = Scope(),
          produced: datetime | None = None, progress=None) -> Pack:
    """The pack for the period and scope as the viewer may see it (the public: published figures, no internal
    commentary or actions). `progress(done, total)` is told as the sections are built."""
    results, measures, figures = evaluation.evaluate(conn, period, viewer)
    in_scope = views.apply(results, scope.filters())
    shown = summary.own(in_scope)                 # context indicators are never in the council's totals
    counts = summary.counts(shown)
    pack = Pack(settings.get("COUNCIL_NAME"), period, scope, is_published(conn, period),
                produced or datetime.now(timezone.utc), viewer.sees_internal, len(shown), counts,
                covering_sentence(counts, len(shown)))
    pack.context = [_row(r) for r in summary.context(in_scope).sort_values("code").to_dict("records")]
    pack.plan = plan_section(conn, period, viewer, scope)
    if shown.empty:
        return pack
    series = trends.sparklines(shown, measures, figures, period.judged)
    by_id = {int(r["id"]): r for r in shown.to_dict("records")}
    pack.attention = _attention(conn, period, viewer, shown, measures, figures, series, by_id)
    directorates = access.hide_names(loaders.directorates(conn), viewer)
    wanted = [d for d in directorates.to_dict("records") if d["slug"] in set(shown["directorate_slug"])]
    for done, d in enumerate(wanted, start=1):
        part = shown[shown["directorate_slug"] == d["slug"]].sort_values(["service", "code"])
        note = loaders.director_commentary(conn, d["slug"], period) if viewer.sees_internal else None
        records = part.to_dict("records")
        pack.sections.append(Section(
            d["name"], d["slug"], d.get("director"), note["text"] if note else None, summary.counts(part),
            covering_sentence(summary.counts(part), len(part)), [_row(r) for r in records],
            [_chart(r, series[r["id"]]) for r in records if r["kind"] == "target" and r["polarity"] != "none"]))
        if progress:
            progress(done, len(wanted))
    order = [r.code for s in pack.sections for r in s.rows] + [r.code for r in pack.context]
    pack.benchmarking = benchmark_section(conn, order, measures, figures)
    return pack


def group_words(label: str) -> str:
    """What the section compares with: `label` the council's default group in words (`family group Family A`)."""
    return (f"Each measure linked to a benchmark is compared with {label} (the council's default comparator group, "
            f"as on its measure page), in the latest year for which we and at least {compare.MIN_AREAS} areas of "
            "the group have figures.")


def benchmark_alt(title: str, c: Comparison, unit: str | None, decimals) -> str:
    """The benchmark chart in words: the group, the span and every period's figures (ours, the median and the
    middle half of the group)."""
    fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
    if not c.series:
        return f"Chart of {title} against {c.group.name}: no periods to show."
    span = f"{c.series[0]['period']} to {c.series[-1]['period']}"
    years = [f"{s['period']}: us {'no figure' if s['value'] is None else fmt(s['value'])}, median "
             f"{fmt(s['median'])}, middle half {fmt(s['q1'])} to {fmt(s['q3'])} ({s['n']} areas)" for s in c.series]
    return (f"Chart of {title} against {c.group.name}, {span}: our figure (solid line, square markers), the group's "
            f"median (dashed line) and the middle half of the group (shaded band). " + "; ".join(years) + ".")


def benchmark_section(conn: Connection, order: list[str], measures: pd.DataFrame, figures: dict) -> Benchmarking | None:
    """*How we compare* for the measures `order` names (the pack's order), each as its measure page compares it
    for the same viewer (`figures`: the council's own figures the viewer may see, {id: (values, targets)}); None
    when none of them is linked to a benchmark. Benchmark figures are the publishers' own and public."""
    by_code = {m["code"]: m for m in measures.to_dict("records")}
    peers = benchmarking.default_group(conn)
    label = "every area of its benchmark dataset" if peers == compare.ALL else benchmarking.group_label(conn, peers)
    out, sources = Benchmarking(group_words(label)), {}
    for code in order:
        m = by_code.get(code)
        if m is None:
            continue
        values = figures[int(m["id"])][0]
        c = benchmarking.for_measure(conn, code, m["decimals"], values, peers)
        if c is None:
            continue
        link = c.link
        sources.setdefault(link["dataset"], f"{link['dataset']}: source {link['source']}; licence "
                                            f"{link.get('licence') or 'not stated'}; retrieved {link['retrieved_on']}.")
        title = f"{code} {m['title']}"
        if not (c.meaningful and c.latest):
            out.not_compared.append(NotCompared(code, m["title"], "; ".join(c.notices)
                                                or "No fair comparison can be drawn for this group."))
            continue
        pos, unit, decimals = c.latest, m["unit"], shown_decimals(m["decimals"], values)
        fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
        chart = Chart(title, unit, decimals, pos.polarity, c.series, benchmark_alt(title, c, unit, decimals),
                      "benchmark")
        out.rows.append(Benchmark(
            code, m["title"], pos.period, fmt(pos.value), compare.rank_words(pos), compare.quartile_words(pos),
            fmt(pos.median), f"{fmt(pos.q1)} to {fmt(pos.q3)}",
            compare.SIGNIFICANCE_WORDS[pos.significance] if pos.significance else None, c.sentence,
            list(c.notices), chart, pos))
    if not out.rows and not out.not_compared:
        return None
    out.sources = list(sources.values())
    return out


def _attention(conn, period, viewer, shown, measures, figures, series, by_id) -> list[Attention]:
    """The exceptions report's cases among the measures in scope, worst first."""
    _, _, changes = evaluation.catalogue(conn, viewer)
    peers = benchmarking.quartiles(conn)      # the bottom quartile among the default group is a reason, as on /exceptions
    in_scope = [{**m, "peer_quartile": peers.get(m["code"])}
                for m in measures[measures["id"].isin(shown["id"])].to_dict("records")]
    cases = exceptions.exceptions(in_scope, figures, changes, period)
    ids = [int(c.measure["id"]) for c in cases]
    notes, actions = {}, pd.DataFrame(columns=["measure_id"])
    if viewer.sees_internal and ids:
        notes = loaders.latest_commentary(conn, ids, period.judged)
        actions = access.hide_names(intervention_actions(conn, ids), viewer)
    out = []
    for case in cases:
        mid = int(case.measure["id"])
        r = by_id[mid]
        mine = actions[actions["measure_id"] == mid].to_dict("records")
        out.append(Attention(
            r["code"], r["title"], r["directorate"], r["service"], Status(r["status"]), r["value_text"],
            r["target_text"], [exceptions.HEADINGS[k] for k in case.reasons], notes.get(mid),
            [{"title": a["title"], "owner": a["owner"], "due": a["due_date"], "status": Progress.read(a["status"]).words,
              "overdue": bool(a["overdue"])} for a in mine],
            sentence(case.forecast, r["unit"], r["decimals"]), _chart(r, series[mid])))
    return out


def _present(value):
    """None for a missing value (None, NaN, NaT), else the value."""
    return None if value is None or (not isinstance(value, (str, date)) and pd.isna(value)) else value


def _plan_action(a: dict, internal: bool) -> PlanAction:
    objective = " ".join(t for t in (_present(a["objective_code"]), _present(a["objective_title"])) if t)
    return PlanAction(a["code"], a["title"], objective, _present(a["priority"]) or "", _present(a["owner"]),
                      _present(a["due_date"]), int(a["percent"]), Progress(a["status"]), bool(a["overdue"]),
                      _present(a["note"]) if internal else None, _present(a["note_period"]) if internal else None)


def _high_risk(r: dict, mitigations: list[dict]) -> HighRisk:
    return HighRisk(r["code"], r["title"], _present(r["owner"]), int(r["residual_likelihood"]),
                    int(r["residual_impact"]), int(r["residual_score"]), _present(r["review_date"]),
                    bool(r["review_overdue"]),
                    [{"title": m["title"], "percent": int(m["percent"]), "due": _present(m["due_date"]),
                      "status": Progress(m["status"]), "overdue": bool(m["overdue"])} for m in mitigations])


def plan_section(conn: Connection, period: choices.Choice, viewer: access.Viewer,
                 scope: Scope = Scope()) -> PlanSection:
    """The scope's plan actions and risks as /plan and /risks work them out, for the quarter the period is judged
    at: progress reported for it or earlier, overdue and reviews as at its last day (today if it has not ended).
    The public get the plan as /plan shows it to them, without progress notes, and no risk register."""
    through = period.judged.quarters()[-1]
    as_at = min(period.judged.end, clock.today())
    found = plan.scoped_plan(conn, viewer, through, as_at,
                             **({scope.kind: scope.slug} if scope.kind != "council" else {}))
    internal = viewer.sees_internal
    section = PlanSection(through.label, as_at, plan_progress.sentence(found.actions),
                          plan_progress.counts(found.actions),
                          [_plan_action(a, internal) for a in found.actions.to_dict("records")], internal)
    if found.risks is not None:
        section.risk_sentence = risk_rules.sentence(found.risks)
        section.matrix = risk_rules.matrix(found.risks, "residual")
        section.high = [_high_risk(r, found.mitigations.get(int(r["id"]), []))
                        for r in found.risks[found.risks["high"]].to_dict("records")]
    return section


# --- the reports page ------------------------------------------------------------------------------------------

def offered(conn: Connection, viewer: access.Viewer, today=None) -> tuple[list[dict], list[dict]]:
    """(period options, scope options) the reports page offers: members and above every period they may see and
    every scope; the public the pack of the latest published quarter for the whole council only."""
    today = today or clock.today()
    available = evaluation.visible_periods(conn, viewer)
    if not viewer.sees_internal:
        chosen = choices.choose(None, available, today)
        return ([{"label": chosen.name, "value": chosen.label}] if chosen else []), [
            {"label": Scope().title, "value": "council"}]
    scopes = [{"label": Scope().title, "value": "council"}]
    for kind, frame in (("directorate", loaders.directorates(conn)), ("priority", loaders.priorities(conn))):
        scopes += [{"label": Scope(kind, r["slug"], r["name"]).title, "value": f"{kind}:{r['slug']}"}
                   for r in frame.to_dict("records")]
    return choices.options(available, today), scopes


def parse_scope(conn: Connection, value: str | None) -> Scope:
    """`council`, `directorate:<slug>` or `priority:<slug>` (the page's Scope select) as a Scope."""
    kind, _, slug = (value or "council").partition(":")
    if kind == "council":
        return Scope()
    if kind not in ("directorate", "priority"):
        raise ScopeError(f"unknown scope {value!r}")
    return scope_of(conn, **{kind: slug})


def filename(built: Pack, fmt: str) -> str:
    """`demo-district-council-2026-27-q2-resources.pdf`."""
    words = [built.council, "performance", built.period.label, built.scope.slug or ""]
    slug = "-".join("".join(c if c.isalnum() else "-" for c in w.lower()) for w in words if w)
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"{slug.strip('-')}.{fmt}"


def for_page(conn: Connection, period_label: str | None, scope_value: str | None, viewer: access.Viewer,
             progress=None) -> Pack:
    """The pack a reports page asks for, checked again here (the browser's choices are not trusted): the public
    get only the offered period and the whole council."""
    periods, scopes = offered(conn, viewer)
    if period_label not in {p["value"] for p in periods}:
        raise ScopeError(f"no pack for {period_label!r} is available to you")
    if (scope_value or "council") not in {s["value"] for s in scopes}:
        raise ScopeError(f"no pack for {scope_value!r} is available to you")
    return build(conn, period_for(conn, period_label, viewer), viewer, parse_scope(conn, scope_value),
                 progress=progress)
