"""What the read API (`/api/v1/`) returns, as plain rows and documents: the same figures and the same access
rules as the pages. Anonymous callers (the public) read approved values of published periods, the commentary and
actions marked for publication in those periods, and officer names only when the council shows them; an
officer's key reads unpublished periods too, as officers do on the pages.

Every function takes the viewer; none knows about HTTP. `NotFound` carries the message the API answers 404 with
(a period the viewer may not see is "not found", exactly like one that does not exist: nothing is revealed).
"""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import Connection

from data.core import clock, loaders
from data.core.periods import Period, PeriodError
from data.people import access
from data.performance import summary as summaries
from data.reporting import choice, evaluation, published

MEASURE_FIELDS = ["code", "title", "description", "directorate", "directorate_slug", "service", "service_slug",
                  "priority", "priority_slug", "owner", "unit", "decimals", "polarity", "frequency", "kind",
                  "rollup", "tolerance", "tolerance_type"]
KINDS = ("week", "month", "quarter", "year")


class NotFound(LookupError):
    """Nothing the viewer may see answers the request; the message says what was asked."""


def _plain(value):
    """JSON-ready: NaN and pandas' missing values become None, numpy numbers plain ones."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


def _rows(frame: pd.DataFrame, fields) -> list[dict]:
    return [{f: _plain(r.get(f)) for f in fields} for r in frame.to_dict("records")]


def _parse(label: str | None, what: str = "period") -> Period | None:
    if not label:
        return None
    try:
        return Period.parse(label)
    except PeriodError:
        raise NotFound(f"{what}: not a period (e.g. 2025/26 Q4, 2025/26, 2025-07)") from None




def measures(conn: Connection, viewer: access.Viewer, *, directorate: str | None = None,
             service: str | None = None, priority: str | None = None) -> list[dict]:
    """The measure catalogue (MEASURE_FIELDS); the owner is None when the council hides names from the viewer."""
    found = access.hide_names(loaders.measures(conn, directorate=directorate, service=service, priority=priority),
                              viewer)
    return _rows(found, MEASURE_FIELDS)


def measure(conn: Connection, viewer: access.Viewer, code: str) -> dict:
    found = access.hide_names(loaders.measures(conn, code=code), viewer)
    if found.empty:
        raise NotFound(f"no measure with code {code!r}")
    return _rows(found, MEASURE_FIELDS)[0]


def series(conn: Connection, viewer: access.Viewer, code: str, *, kind: str | None = None,
           first: str | None = None, last: str | None = None) -> list[dict]:
    """Stored values and targets of one measure by period, oldest first: period, kind, start, end, value, target.

    Only approved values count; for anyone but officers only periods that are published (targets included, so a
    plan for a quarter not yet published waits with its figures)."""
    found = loaders.measures(conn, code=code)
    if found.empty:
        raise NotFound(f"no measure with code {code!r}")
    if kind is not None and kind not in KINDS:
        raise NotFound(f"kind {kind!r}: one of {', '.join(KINDS)}")
    start, end = _parse(first, "from"), _parse(last, "to")
    measure_id = int(found.iloc[0]["id"])
    values, targets = access.figures(conn, [measure_id], viewer)[measure_id]
    if viewer.published_only:
        shown = access.published_quarters(conn)
        targets = {p: t for p, t in targets.items() if access.is_visible(p, shown) and
                   (p.kind != "year" or p.quarters()[-1] in shown)}
    out = []
    for p in sorted(set(values) | set(targets)):
        if (kind and p.kind != kind) or (start and p.end < start.start) or (end and p.start > end.end):
            continue
        out.append({"period": p.label, "kind": p.kind, "start": p.start.isoformat(), "end": p.end.isoformat(),
                    "value": _plain(values.get(p)), "target": _plain(targets.get(p))})
    return out


def periods(conn: Connection, viewer: access.Viewer) -> list[dict]:
    """The quarters and years the viewer may ask for, newest first, with their names."""
    return [{"period": o["value"], "name": o["label"]} for o in evaluation.period_options(conn, viewer)]


def summary(conn: Connection, viewer: access.Viewer, *, period: str | None = None,
            directorate: str | None = None, priority: str | None = None) -> dict:
    """The `summary --json` document for a period (default: the latest quarter that has ended) and scope, from
    the figures the viewer may see."""
    available = evaluation.visible_periods(conn, viewer)
    asked = _parse(period)
    if asked is not None and asked not in available:
        raise NotFound("no figures for that period that you may see")
    if directorate and directorate not in set(loaders.directorates(conn)["slug"]):
        raise NotFound(f"no directorate {directorate!r}")
    if priority and priority not in set(loaders.priorities(conn)["slug"]):
        raise NotFound(f"no priority {priority!r}")
    today = clock.today()
    try:
        chosen = choice.of(asked, available, today) if asked else choice.choose(None, available, today)
    except ValueError as e:
        raise NotFound(str(e)) from None
    if chosen is None:
        raise NotFound("no figures have been published yet")
    results, _, _ = evaluation.evaluate(conn, chosen, viewer, directorate=directorate)
    if priority:
        results = results[results["priority_slug"] == priority].reset_index(drop=True)
    return summaries.to_json(summaries.own(results), chosen.period, chosen.name)   # context indicators: never counted


def _in(label: str, within: Period | None) -> bool:
    if within is None:
        return True
    try:
        p = Period.parse(label)
    except PeriodError:
        return False
    return within.start <= p.start and p.end <= within.end


def commentary(conn: Connection, viewer: access.Viewer, *, period: str | None = None, measure: str | None = None,
               directorate: str | None = None) -> list[dict]:
    """Commentary on measures and the directors' commentary the viewer may read, newest first: kind (`measure`
    or `director`), measure (code, None for a director's), directorate (slug), period, author, text, created_at.
    The public reads only what is marked for publication, in published periods."""
    within = _parse(period)
    catalogue = loaders.measures(conn, directorate=directorate, code=measure)
    if measure and catalogue.empty:
        raise NotFound(f"no measure with code {measure!r}")
    code_of = dict(zip(catalogue["id"], catalogue["code"]))
    slug_of = dict(zip(catalogue["id"], catalogue["directorate_slug"]))
    notes = loaders.commentary_of(conn, list(code_of), published_only=not viewer.sees_internal)
    notes = published.readable(notes, conn, viewer)
    out = [{"kind": "measure", "measure": code_of[r["measure_id"]], "directorate": slug_of[r["measure_id"]],
            "period": r["period"], "author": _plain(r["author"]), "text": r["text"],
            "created_at": _when(r["created_at"])}
           for r in notes.to_dict("records") if _in(r["period"], within)]
    if not measure:
        directors = loaders.director_commentary_of(conn, directorate=directorate,
                                                   published_only=not viewer.sees_internal)
        directors = published.readable(directors, conn, viewer)
        out += [{"kind": "director", "measure": None, "directorate": r["directorate_slug"], "period": r["period"],
                 "author": _plain(r["author"]), "text": r["text"], "created_at": _when(r["created_at"])}
                for r in directors.to_dict("records") if _in(r["period"], within)]
    out.sort(key=lambda r: r["created_at"] or "", reverse=True)
    return out


def actions(conn: Connection, viewer: access.Viewer, *, measure: str | None = None,
            directorate: str | None = None) -> list[dict]:
    """Intervention actions the viewer may read: measure, title, owner, due_date, status, period, overdue."""
    catalogue = loaders.measures(conn, directorate=directorate, code=measure)
    if measure and catalogue.empty:
        raise NotFound(f"no measure with code {measure!r}")
    code_of = dict(zip(catalogue["id"], catalogue["code"]))
    found = published.measure_actions(conn, list(code_of), viewer)
    return [{"measure": code_of[r["measure_id"]], "title": r["title"], "owner": _plain(r["owner"]),
             "due_date": _when(r["due_date"]), "status": r["status"], "period": _plain(r["period"]),
             "overdue": bool(r["overdue"])} for r in found.to_dict("records")]


def directorates(conn: Connection, viewer: access.Viewer) -> list[dict]:
    found = access.hide_names(loaders.directorates(conn), viewer)
    return [{"slug": r["slug"], "name": r["name"], "director": _plain(r["director"]), "measures": int(r["measures"])}
            for r in found.to_dict("records")]


def _when(value) -> str | None:
    value = _plain(value)
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def public_viewer(conn: Connection) -> access.Viewer:
    """The anonymous public, with officer names as the council shows them: the only viewer an embed ever has."""
    return access.viewer_of(None, show_names=access.council_setting(conn, "show_officer_names") == "1")


def embed(conn: Connection, *, period: str | None = None, code: str | None = None,
          directorate: str | None = None) -> tuple[str, str, list[dict]]:
    """(title, period name, rows) for an embeddable card (one measure) or table (a directorate), from published
    figures only, whoever asks; rows carry code, title, value_text, target_text, status (a Status), ytd_status,
    direction, and the measure's published commentary on the period (`notes`)."""
    viewer = public_viewer(conn)
    chosen, _ = evaluation.resolve_period(conn, period, viewer)
    if chosen is None:
        raise NotFound("no figures have been published yet")
    if code is not None:
        found = loaders.measures(conn, code=code)
        if found.empty:
            raise NotFound(f"no measure with code {code!r}")
        slug, title = found.iloc[0]["directorate_slug"], found.iloc[0]["title"]
    else:
        names = loaders.directorates(conn)
        names = names[names["slug"] == directorate]
        if names.empty:
            raise NotFound(f"no directorate {directorate!r}")
        slug, title = directorate, names.iloc[0]["name"]
    results, _, _ = evaluation.evaluate(conn, chosen, viewer, directorate=slug)
    if code is not None:
        results = results[results["code"] == code]
    rows = [{**r, "direction": summaries.direction_word(r), "notes": []} for r in results.to_dict("records")]
    if code is not None and rows:   # a card carries the measure's published commentary on the period
        notes = published.measure_commentary(conn, int(rows[0]["id"]), chosen.judged, viewer)
        rows[0]["notes"] = [n["text"] for n in notes.to_dict("records") if n["period"] == chosen.judged.label]
    return title, chosen.name, rows
