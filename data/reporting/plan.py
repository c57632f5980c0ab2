"""What the council plan and risk pages show, and the plan parts of the directorate and measure pages, for a
viewer: the plan's progress in the periods they may see (data.plan.visibility), risks and intervention plans for
members and above (internal, as commentary is), and the links that keep the filters. Pages only draw these; the
report pack's plan and risks section is `scoped_plan`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

import pandas as pd
from sqlalchemy import Connection

from data.core import clock, loaders
from data.core.periods import Period
from data.people import access
from data.plan import progress, records, risks as risk_rules, thread, visibility
from data.plan.progress import Progress
from data.reporting import evaluation

ALL = "all"


@dataclass(frozen=True)
class PlanFilters:
    """The plan page's filters as the URL carries them ("" for all): `?status=at_risk&directorate=resources`."""

    priority: str = ""
    directorate: str = ""
    status: str = ""
    overdue: str = ""        # "1": overdue actions only

    @classmethod
    def of(cls, **values) -> PlanFilters:
        clean = {k: "" if v in (None, ALL) else str(v) for k, v in values.items() if k in cls.__annotations__}
        if clean.get("status") not in {p.value for p in Progress}:
            clean.pop("status", None)
        if clean.get("overdue") != "1":
            clean.pop("overdue", None)
        return cls(**clean)

    def to_search(self) -> str:
        query = urlencode([(k, v) for k, v in asdict(self).items() if v])
        return f"?{query}" if query else ""

    def with_(self, **changes) -> PlanFilters:
        return replace(self, **{k: v or "" for k, v in changes.items()})


def _visible(conn, viewer: access.Viewer):
    """None (every period) for officers, else whether a period is published."""
    if not viewer.published_only:
        return None
    published = access.published_quarters(conn)
    return lambda p: access.is_visible(p, published)


def seen_actions(conn, viewer: access.Viewer, kinds=("plan",), today: date | None = None,
                 through: Period | None = None) -> pd.DataFrame:
    """Actions of these kinds as the viewer may see them, with `overdue` worked out for today. `through` a quarter:
    as a report for that quarter gives them, each with the progress last reported for it or an earlier quarter the
    viewer may see (an editor's own services too, not as they stand now), and an action with none left out."""
    acts, updates = records.actions_and_updates(conn, kinds=kinds)
    visible = _visible(conn, viewer)
    if through is None:
        shown = visibility.as_seen(acts, updates, visible, lambda service: access.can_edit(viewer, service))
    else:
        shown = visibility.as_seen(acts, updates, lambda p: not through < p and (visible is None or visible(p)))
    shown = access.hide_names(shown, viewer, columns=("owner", "note_author"))
    return progress.with_overdue(shown, today or clock.today())


def _milestones(conn, action_ids, today: date) -> dict[int, list[dict]]:
    frame = records.milestones(conn, action_ids)
    out: dict[int, list[dict]] = {}
    for m in frame.to_dict("records"):
        done = m["completed_on"] is not None and not pd.isna(m["completed_on"])
        m["overdue"] = not done and m["due_date"] is not None and m["due_date"] < today
        m["completed_on"] = m["completed_on"] if done else None
        out.setdefault(int(m["action_id"]), []).append(m)
    return out


@dataclass
class PlanPage:
    filters: PlanFilters
    today: date
    actions: pd.DataFrame                 # the actions the filters choose
    sentence: str                         # their counts in words
    whole: str                            # the whole plan's counts in words (as the viewer sees it)
    priorities: list[dict]                # {"slug", "name", "sentence", "objectives": [thread.ObjectiveThread]}
    names: dict[str, pd.DataFrame]        # "directorate", "priority": slug and name
    milestones: dict[int, list[dict]]
    measure_status: dict[str, dict]       # measure code -> {"title", "status"} in the default period
    editable: list[dict] = field(default_factory=list)   # [{"code", "title"}] the viewer may update
    links: dict[str, str] = field(default_factory=dict)  # status value -> href listing those actions
    described: str = ""
    counts: dict[str, int] = field(default_factory=dict)   # the whole plan's actions per status


def apply_filters(actions: pd.DataFrame, filters: PlanFilters) -> pd.DataFrame:
    keep = pd.Series(True, index=actions.index)
    if filters.status:
        keep &= actions["status"] == filters.status
    if filters.directorate:
        keep &= actions["directorate_slug"] == filters.directorate
    if filters.overdue:
        keep &= actions["overdue"]
    return actions[keep]


def describe(filters: PlanFilters, names: dict[str, pd.DataFrame]) -> str:
    parts = []
    if filters.priority:
        parts.append(dict(zip(names["priority"]["slug"], names["priority"]["name"])).get(filters.priority,
                                                                                         filters.priority))
    if filters.directorate:
        parts.append(dict(zip(names["directorate"]["slug"], names["directorate"]["name"])).get(
            filters.directorate, filters.directorate))
    if filters.status:
        parts.append(Progress(filters.status).words.lower())
    if filters.overdue:
        parts.append("overdue")
    return ", ".join(parts)


def _risk_links(conn) -> pd.DataFrame:
    """risk_id, objective_id, objective_code, risk_code: which risks threaten which objectives."""
    return records.risk_objectives(conn).merge(records.risks(conn)[["id", "code"]], left_on="risk_id",
                                               right_on="id").rename(columns={"code": "risk_code"})


def plan_page(conn: Connection, filters: PlanFilters, viewer: access.Viewer) -> PlanPage:
    today = clock.today()
    acts = seen_actions(conn, viewer, today=today)
    objectives, links = records.objectives(conn), records.measure_objectives(conn)
    names = {"directorate": loaders.directorates(conn)[["slug", "name"]],
             "priority": loaders.priorities(conn)[["slug", "name"]]}
    chosen = apply_filters(acts, filters)
    in_priority = chosen
    if filters.priority:
        ids = set(objectives.loc[objectives["priority_slug"] == filters.priority, "id"])
        in_priority = chosen[chosen["objective_id"].isin(ids)]
    risk_links = _risk_links(conn) if viewer.sees_internal else None
    priorities = []
    for p in names["priority"].to_dict("records"):
        if filters.priority and p["slug"] != filters.priority:
            continue
        threads = thread.down(p["slug"], objectives, links, in_priority, risk_links)
        mine = pd.concat([t.actions for t in threads]) if threads else in_priority.iloc[0:0]
        priorities.append({**p, "objectives": threads, "sentence": progress.sentence(mine)})
    period, _ = evaluation.resolve_period(conn, None, viewer)
    status = {}
    if period is not None:
        results, _, _ = evaluation.evaluate(conn, period, viewer)
        status = {r["code"]: {"title": r["title"], "status": r["status"]} for r in results.to_dict("records")}
    editable = [{"code": a["code"], "title": a["title"]} for a in acts.to_dict("records")
                if viewer.at_least("editor") and access.can_edit(viewer, a["service_id"])]
    base = filters.with_(status="")
    return PlanPage(filters, today, in_priority.reset_index(drop=True), progress.sentence(in_priority),
                    progress.sentence(acts), priorities, names, _milestones(conn, acts["id"], today), status,
                    editable, {p.value: "/plan" + base.with_(status=p.value).to_search() for p in Progress},
                    describe(filters, names), progress.counts(apply_filters(acts, filters.with_(status=""))))


def intervention_actions(conn: Connection, measure_ids) -> pd.DataFrame:
    """The measures' intervention actions with `overdue` worked out for today (data.core.clock)."""
    return progress.with_overdue(records.intervention_actions(conn, measure_ids), clock.today())


# --- risks ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RiskFilters:
    directorate: str = ""
    likelihood: str = ""
    impact: str = ""
    band: str = ""
    basis: str = ""          # "" (residual) or "inherent"

    @classmethod
    def of(cls, **values) -> RiskFilters:
        clean = {k: "" if v in (None, ALL) else str(v) for k, v in values.items() if k in cls.__annotations__}
        for key in ("likelihood", "impact"):
            if clean.get(key) not in {str(n) for n in risk_rules.SCALE}:
                clean.pop(key, None)
        if clean.get("band") not in {name.lower() for _, name in risk_rules.BANDS}:
            clean.pop("band", None)
        if clean.get("basis") != "inherent":
            clean.pop("basis", None)
        return cls(**clean)

    def to_search(self) -> str:
        query = urlencode([(k, v) for k, v in asdict(self).items() if v])
        return f"?{query}" if query else ""

    def with_(self, **changes) -> RiskFilters:
        return replace(self, **{k: "" if v in (None, "") else str(v) for k, v in changes.items()})


@dataclass
class RiskPage:
    filters: RiskFilters
    internal: bool                 # False: the viewer may not read the register (the public)
    risks: pd.DataFrame | None = None        # the risks the filters choose, scored
    sentence: str = ""
    matrix: list[dict] = field(default_factory=list)  # risk_rules.matrix rows, each cell with its href
    mitigations: dict[int, list[dict]] = field(default_factory=dict)   # risk id -> its mitigation actions
    objectives: dict[int, list[str]] = field(default_factory=dict)     # risk id -> objective codes
    measures: dict[int, list[str]] = field(default_factory=dict)       # risk id -> measure codes
    names: pd.DataFrame | None = None
    editable: list[dict] = field(default_factory=list)
    clear_href: str = "/risks"


def _by_risk(frame: pd.DataFrame, column: str) -> dict[int, list]:
    out: dict[int, list] = {}
    for r in frame.to_dict("records"):
        out.setdefault(int(r["risk_id"]), []).append(r[column] if column else r)
    return out


def scored_risks(conn, viewer: access.Viewer, today: date | None = None, through: Period | None = None) -> pd.DataFrame:
    """The risk register scored, as it stands now or, with `through` a quarter, as it stood then: each risk's
    residual likelihood, impact and next review date from its last review for that quarter or earlier, a risk first
    reviewed after it left out (it was not on the register yet), and a risk never reviewed as it stands."""
    register = records.risks(conn)
    if through is not None:
        register = as_reviewed(register, records.risk_reviews(conn), through)
    return access.hide_names(risk_rules.with_scores(register, today or clock.today()), viewer)


def as_reviewed(register: pd.DataFrame, reviews: pd.DataFrame, through: Period) -> pd.DataFrame:
    """The register as its reviews up to the quarter `through` left it (see scored_risks). Pure."""
    if reviews.empty:
        return register
    reviews = reviews.assign(order=[Period.parse(p).end for p in reviews["period"]])
    kept = reviews[[o <= through.end for o in reviews["order"]]]
    # the last review of the latest quarter reviewed: a quarter's reviews in the order they were made
    last = kept.sort_values(["order", "created_at", "id"]).groupby("risk_id").tail(1).set_index("risk_id")
    reviewed = set(reviews["risk_id"])
    register = register[[rid in last.index or rid not in reviewed for rid in register["id"]]].copy()
    then = register["id"].isin(last.index)
    ids = register.loc[then, "id"]
    register.loc[then, "residual_likelihood"] = ids.map(last["likelihood"]).astype(int).to_numpy()
    register.loc[then, "residual_impact"] = ids.map(last["impact"]).astype(int).to_numpy()
    register["review_date"] = register["review_date"].astype(object)
    register.loc[then, "review_date"] = [None if pd.isna(d) else d for d in ids.map(last["review_date"])]
    return register.reset_index(drop=True)


def risk_page(conn: Connection, filters: RiskFilters, viewer: access.Viewer) -> RiskPage:
    if not viewer.sees_internal:
        return RiskPage(filters, False)
    today = clock.today()
    every = scored_risks(conn, viewer, today)
    basis = filters.basis or "residual"
    in_scope = every[every["directorate_slug"] == filters.directorate] if filters.directorate else every
    chosen = risk_rules.in_cell(in_scope, filters.likelihood or None, filters.impact or None, basis)
    if filters.band:
        chosen = chosen[chosen["band"].str.lower() == filters.band]
    rows = risk_rules.matrix(in_scope, basis)
    for row in rows:
        for cell in row["cells"]:
            cell["href"] = "/risks" + filters.with_(likelihood=row["likelihood"], impact=cell["impact"],
                                                    band="").to_search()
            cell["current"] = (filters.likelihood, filters.impact) == (str(row["likelihood"]), str(cell["impact"]))
    mitigations = seen_actions(conn, viewer, kinds=("mitigation",), today=today)
    editable = [{"code": r["code"], "title": r["title"]} for r in every.to_dict("records")
                if viewer.at_least("editor") and access.can_edit(viewer, r["service_id"])]
    return RiskPage(filters, True, chosen.sort_values(["residual_score", "code"], ascending=[False, True])
                    .reset_index(drop=True), risk_rules.sentence(chosen), rows,
                    _by_risk(mitigations, ""), _by_risk(records.risk_objectives(conn), "objective_code"),
                    _by_risk(records.risk_measures(conn), "measure_code"),
                    loaders.directorates(conn)[["slug", "name"]], editable,
                    "/risks" + RiskFilters(basis=filters.basis).to_search())


# --- the plan on the directorate and measure pages -------------------------------------------------------

@dataclass
class DirectoratePlan:
    actions: pd.DataFrame
    sentence: str
    high_risks: pd.DataFrame | None          # None: the viewer may not read the risk register
    mitigations: dict[int, list[dict]] = field(default_factory=dict)


def directorate_plan(conn: Connection, slug: str, viewer: access.Viewer) -> DirectoratePlan:
    acts = seen_actions(conn, viewer)
    mine = acts[acts["directorate_slug"] == slug].reset_index(drop=True)
    high, mitigations = None, {}
    if viewer.sees_internal:
        every = scored_risks(conn, viewer)
        high = every[(every["directorate_slug"] == slug) & every["high"]].sort_values(
            ["residual_score", "code"], ascending=[False, True]).reset_index(drop=True)
        mitigations = _by_risk(seen_actions(conn, viewer, kinds=("mitigation",)), "")
    return DirectoratePlan(mine, progress.sentence(mine), high, mitigations)


@dataclass
class ScopedPlan:
    """A scope's plan actions and risks as a report for a quarter gives them (the report pack's section)."""

    as_at: date                              # overdue actions and reviews as at this day
    actions: pd.DataFrame                    # plan actions (seen_actions through the quarter) with objective_title,
                                             # priority
    risks: pd.DataFrame | None               # scored; None: the viewer may not read the risk register
    mitigations: dict[int, list[dict]] = field(default_factory=dict)   # risk id -> its mitigation actions


def scoped_plan(conn: Connection, viewer: access.Viewer, through: Period, as_at: date, directorate: str = "",
                priority: str = "") -> ScopedPlan:
    """The whole council's plan actions and risks, or a directorate's, or those of a council priority (the actions
    under its objectives and the risks threatening them, the golden thread of /plan), with progress as reported
    through the quarter `through` and overdue as at `as_at`."""
    acts = seen_actions(conn, viewer, today=as_at, through=through)
    objectives = records.objectives(conn)
    risks = scored_risks(conn, viewer, as_at, through) if viewer.sees_internal else None
    if directorate:
        acts = acts[acts["directorate_slug"] == directorate]
        risks = None if risks is None else risks[risks["directorate_slug"] == directorate]
    if priority:
        threads = thread.down(priority, objectives, records.measure_objectives(conn), acts, _risk_links(conn))
        acts = pd.concat([t.actions for t in threads]) if threads else acts.iloc[0:0]
        codes = {code for t in threads for code in t.risks}
        risks = None if risks is None else risks[risks["code"].isin(codes)]
    by_id = objectives.set_index("id")
    acts = acts.assign(objective_title=acts["objective_id"].map(by_id["title"]),
                       priority=acts["objective_id"].map(by_id["priority"])).sort_values("code").reset_index(drop=True)
    mitigations = {}
    if risks is not None:
        risks = risks.sort_values(["residual_score", "code"], ascending=[False, True]).reset_index(drop=True)
        mitigations = _by_risk(seen_actions(conn, viewer, kinds=("mitigation",), today=as_at, through=through), "")
    return ScopedPlan(as_at, acts, risks, mitigations)


@dataclass
class MeasurePlan:
    objectives: list[dict]                    # the objectives (and priorities) the measure supports
    plans: pd.DataFrame | None = None         # its intervention plans, newest first (None: internal)
    actions: pd.DataFrame | None = None       # their actions, with overdue
    open_plan: dict | None = None             # the open plan, if any
    may_open: bool = False                    # below target, no open plan, and the viewer may change it
    may_close: bool = False                   # an open plan, back on target, and the viewer may change it
    risks: list[str] = field(default_factory=list)


def measure_plan(conn: Connection, measure: dict, viewer: access.Viewer, *, may_edit: bool = False,
                 status=None) -> MeasurePlan:
    """`may_edit`: the viewer may change the measure's service; `status()` gives the measure's status value in the
    period shown (asked only of those who may open or close a plan)."""
    mid = int(measure["id"])
    page = MeasurePlan(records.objectives_of_measure(conn, mid).to_dict("records"))
    if not viewer.sees_internal:
        return page
    page.plans = access.hide_names(records.intervention_plans(conn, [mid]), viewer, columns=("opened_by",))
    page.actions = access.hide_names(intervention_actions(conn, [mid]), viewer)
    open_ = page.plans[page.plans["closed_on"].isna()]
    page.open_plan = open_.iloc[0].to_dict() if len(open_) else None
    page.risks = records.risks_of_measure(conn, mid)
    if may_edit and status is not None:
        value = status()
        page.may_open = page.open_plan is None and value == "below_target"
        page.may_close = page.open_plan is not None and value in ("on_target", "within_tolerance")
    return page


def status_of(conn: Connection, code: str, period_label: str | None, viewer: access.Viewer):
    """A measure's status value (`below_target`, ...) in the period as the viewer sees it, or None: the server's
    own reading, so a form cannot claim a measure is below or back on target."""
    period, _ = evaluation.resolve_period(conn, period_label, viewer)
    if period is None:
        return None
    results, _, _ = evaluation.evaluate(conn, period, viewer)
    found = results[results["code"] == code]
    return None if found.empty else getattr(found["status"].iloc[0], "value", found["status"].iloc[0])
