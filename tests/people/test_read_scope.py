"""The read side honours the viewer (issue 5): what each page's layout and callbacks show to the public, a member
and an officer. Published periods only, no internal commentary or actions for the public, no officer names when
the council hides them, and a period nobody published never shown (the newest published one instead).

Layouts and callbacks are called as plain functions inside a Flask request context, as Dash calls them, on a
private copy of the demo council: either as the anonymous public (the real `identity.viewer()` path, which reads
the council's `show_officer_names`), or as a given `Viewer`. One test goes through sign-in with the test client.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from flask import g

import app as application
from callbacks.directorate import show_trends
from dashboards import directorate as directorate_page
from dashboards import exceptions as exceptions_page
from dashboards import ids, shell
from dashboards import measure as measure_page
from dashboards import overview as overview_page
from data.core import loaders
from data.people import access
from data.plan import records
from data.people.access import Viewer
from data.core.periods import Period
from security import identity
from tests.conftest import point_app_at, private_copy
from tests.pages.render import by_id, text_of, walk

Q1, Q2 = Period.quarter(2026, 1), Period.quarter(2026, 2)
MEMBER = Viewer(role="member", username="mina", display_name="Mina Member")
OFFICER = Viewer(role="officer", username="olga")
PUBLIC_NOTE = "Commentary and actions are shown to signed-in members."
DIRECTOR_NOTE = "The director's commentary is shown to signed-in members."
ALL = "all"
HOUSING = "housing-and-communities"


@pytest.fixture
def council(demo_sqlite_url, tmp_path, monkeypatch):
    """A private copy of the demo council (every quarter published), with the app pointed at it."""
    url = private_copy(demo_sqlite_url, tmp_path / "council.db")
    yield from point_app_at(url, monkeypatch, PUBLIC_MODE="1", REDIS_URL=None)


@pytest.fixture
def unpublished(council):
    """The demo council with its latest quarter (2026/27 Q2) withdrawn from publication."""
    with council.begin() as conn:
        assert access.unpublish(conn, Q2.label) == 1
    return council


@pytest.fixture
def names_off(council):
    with council.begin() as conn:
        access.set_council_setting(conn, "show_officer_names", "0")
    return council


@contextlib.contextmanager
def as_viewer(viewer: Viewer | None = None):
    """A request context in which `identity.viewer()` is `viewer`; None: the anonymous visitor, worked out from
    flask-login and the council setting exactly as for a real request."""
    with application.server.test_request_context("/_dash-update-component", method="POST"):
        if viewer is not None:
            g.viewer = viewer
        yield identity.viewer()


def internal_texts(conn, codes) -> tuple[list[str], list[str]]:
    """Every commentary text and action title held for the measures with these codes."""
    found = loaders.measures(conn)
    chosen = [int(i) for i, c in zip(found["id"], found["code"]) if c in codes]
    comments = [t for i in chosen for t in loaders.commentary(conn, i)["text"]]
    actions = list(records.intervention_actions(conn, chosen)["title"])
    assert comments and actions, "the demo council should hold commentary and actions for these measures"
    return comments, actions


def owners(conn) -> set[str]:
    names = {o for o in loaders.measures(conn)["owner"] if isinstance(o, str) and o}
    names |= {o for o in records.intervention_actions(conn, loaders.measures(conn)["id"])["owner"] if isinstance(o, str) and o}
    assert "Hugo Bell" in names
    return names


def show_measure(code, period, grain=None, view="target"):
    """(status panel, chart figure, chart text) of the measure page for this viewer."""
    tree = measure_page.layout(code=code, period=period, grain=grain, view=view)
    graph, text = (ids.MEASURE_SPC, ids.MEASURE_SPC_TEXT) if view == "spc" else (ids.MEASURE_TREND,
                                                                               ids.MEASURE_TREND_TEXT)
    return by_id(tree, ids.MEASURE_STATUS), by_id(tree, graph).figure, by_id(tree, text)


def show_exceptions(period):
    return by_id(exceptions_page.layout(period=period), ids.EXCEPTIONS_LIST)


def show_overview(period):
    """(headline, body) of the overview for this viewer."""
    tree = overview_page.layout(period=period)
    return text_of(by_id(tree, ids.OVERVIEW_HEADLINE)), by_id(tree, ids.OVERVIEW_BODY)


def show_directorate(slug, period):
    """(commentary, body, grid rows, trend charts) of a directorate page for this viewer."""
    tree = directorate_page.layout(slug=slug, period=period)
    charts, *_ = show_trends(1, slug, f"?period={period}")
    return (by_id(tree, ids.DIRECTORATE_COMMENTARY), by_id(tree, ids.DIRECTORATE_BODY),
            by_id(tree, ids.DIRECTORATE_GRID).rowData, charts)


def figure_labels(figure) -> str:
    return " ".join(str(x) for trace in figure.data for x in (trace.x if trace.x is not None else ()))


# --- measure page -------------------------------------------------------------------------------------

def test_public_measure_page_shows_no_commentary_or_actions(council):
    with council.connect() as conn:
        comments, actions = internal_texts(conn, {"HSG01"})
    with as_viewer() as viewer:
        assert viewer.role == "public" and not viewer.sees_internal
        tree = measure_page.layout(code="HSG01", period=Q2.label)
    words = text_of(tree)
    assert not any(c in words for c in comments)
    assert not any(a in words for a in actions)
    assert PUBLIC_NOTE in text_of(by_id(tree, ids.MEASURE_COMMENTARY))
    assert ids.MEASURE_ACTIONS not in [getattr(c, "id", None) for c in walk(tree)]
    assert "Hugo Bell" in text_of(by_id(tree, ids.MEASURE_DEFINITION))  # names on: the owner is public


def test_member_measure_page_shows_commentary_and_actions(council):
    with council.connect() as conn:
        comments, actions = internal_texts(conn, {"HSG01"})
    with as_viewer(MEMBER):
        tree = measure_page.layout(code="HSG01", period=Q2.label)
    assert comments[0] in text_of(by_id(tree, ids.MEASURE_COMMENTARY))
    assert actions[0] in text_of(by_id(tree, ids.MEASURE_ACTIONS))
    assert "Hugo Bell" in text_of(by_id(tree, ids.MEASURE_ACTIONS))
    assert PUBLIC_NOTE not in text_of(tree)


def test_public_measure_page_hides_names_when_the_council_turns_them_off(names_off):
    with names_off.connect() as conn:
        names = owners(conn)
    with as_viewer() as viewer:
        assert not viewer.may_see_names
        tree = measure_page.layout(code="HSG01", period=Q2.label)
    words = text_of(tree)
    assert not any(n in words for n in names)
    assert "Not shown publicly" in text_of(by_id(tree, ids.MEASURE_DEFINITION))
    with as_viewer(MEMBER):  # signed-in people always see names
        assert "Hugo Bell" in text_of(measure_page.layout(code="HSG01", period=Q2.label))


def test_unpublished_quarter_in_the_url_shows_the_newest_published_one(unpublished):
    with as_viewer() as viewer:
        with unpublished.connect() as conn:
            assert access.latest_quarter(conn, viewer) == Q1
        tree = measure_page.layout(code="HSG01", period=Q2.label)
        picker = by_id(tree, ids.MEASURE_PERIOD)
        status, trend, trend_text = show_measure("HSG01", Q2.label, "quarter")
        _, spc, spc_text = show_measure("HSG01", Q2.label, "quarter", "spc")
    assert picker.value == Q1.label
    assert Q2.label not in [o["value"] for o in picker.options]
    assert "0.85%" not in text_of(status) and "0.57%" in text_of(status)  # HSG01's Q2 figure; Q1's instead
    words = " ".join(text_of(x) for x in (status, trend_text, spc_text))
    assert Q2.label not in words and Q1.label in words
    assert Q2.label not in figure_labels(trend) + figure_labels(spc)


def test_member_sees_no_unpublished_quarter_but_an_officer_does(unpublished):
    with as_viewer(MEMBER):
        status, *_ = show_measure("HSG01", Q2.label, "quarter")
    assert "0.85%" not in text_of(status) and "0.57%" in text_of(status)
    with as_viewer(MEMBER):  # nor the commentary written on it, which waits with its figures
        commentary = text_of(by_id(measure_page.layout(code="HSG01", period=Q2.label), ids.MEASURE_COMMENTARY))
    assert "Seasonal pressures" not in commentary and "A system upgrade disrupted" in commentary
    with as_viewer(OFFICER):
        status, *_ = show_measure("HSG01", Q2.label, "quarter")
        tree = measure_page.layout(code="HSG01", period=Q2.label)
    assert "0.85%" in text_of(status) and by_id(tree, ids.MEASURE_PERIOD).value == Q2.label
    assert "Seasonal pressures" in text_of(by_id(tree, ids.MEASURE_COMMENTARY))


# --- exceptions report --------------------------------------------------------------------------------

def _flagged_codes(words: str) -> set[str]:
    return set(re.findall(r"\b([A-Z]{2,4}\d{2}) ", words))


def test_public_exceptions_report_has_no_commentary_actions_or_hidden_names(names_off):
    with as_viewer() as viewer:
        assert not viewer.sees_internal and not viewer.may_see_names
        words = text_of(show_exceptions(Q2.label))
        intro = text_of(exceptions_page.layout(period=Q2.label))
    with names_off.connect() as conn:
        comments, actions = internal_texts(conn, _flagged_codes(words))
        names = owners(conn)
    assert "HSG01 Rent loss from empty homes" in words
    assert PUBLIC_NOTE in words
    assert not any(c in words for c in comments) and not any(a in words for a in actions)
    assert words.count("Commentary") == 1 and "No commentary for this period" not in words  # the note only
    assert "No open actions" not in words
    assert not any(n in words for n in names) and "owner" not in words
    assert "commentary" not in intro


def test_member_exceptions_report_has_commentary_and_actions(council):
    with as_viewer(MEMBER):
        words = text_of(show_exceptions(Q2.label))
    assert "Weekly monitoring of the backlog" in words and "Hugo Bell" in words
    assert "Seasonal pressures were higher than forecast" in words     # HSG01's Q2 commentary
    assert PUBLIC_NOTE not in words


def test_exceptions_for_an_unpublished_quarter_show_the_newest_published_one(unpublished):
    with as_viewer(MEMBER):
        picker = by_id(exceptions_page.layout(period=Q2.label), ids.EXCEPTIONS_PERIOD)
        words = text_of(show_exceptions(Q2.label))
    assert picker.value == Q1.label and Q2.label not in [o["value"] for o in picker.options]
    assert f"Period: {Q1.name}" in words
    assert Q2.name not in words and Q2.label not in words
    assert "0.85%" not in words


# --- overview -----------------------------------------------------------------------------------------

def every_commentary(conn) -> list[str]:
    """All measure and director commentary texts held for the demo council."""
    ids_ = [int(i) for i in loaders.measures(conn)["id"]]
    texts = [t for i in ids_ for t in loaders.commentary(conn, i)["text"]]
    texts += [c["text"] for slug in loaders.directorates(conn)["slug"] for p in (Q1, Q2)
              if (c := loaders.director_commentary(conn, slug, p))]
    assert len(texts) > 10
    return texts


def test_public_overview_shows_no_commentary_or_names(names_off):
    with names_off.connect() as conn:
        texts, names = every_commentary(conn), owners(conn)
    with as_viewer():
        headline, body = show_overview(Q2.label)
    words = text_of(body)
    assert headline.startswith(Q2.name) and "Needs attention" in words and "HSG01" in words
    assert not any(t in words for t in texts)
    assert not any(n in words for n in names)


def test_overview_for_an_unpublished_quarter_shows_the_newest_published_one(unpublished):
    with as_viewer():
        picker = by_id(overview_page.layout(period=Q2.label), ids.OVERVIEW_PERIOD)
        headline, body = show_overview(Q2.label)
    assert picker.value == Q1.label and Q2.label not in [o["value"] for o in picker.options]
    assert headline.startswith(Q1.name) and Q2.name not in headline + text_of(body)
    with as_viewer(OFFICER):  # officers check a period before publishing it
        headline, _ = show_overview(Q2.label)
    assert headline.startswith(Q2.name)


def holds(figures: dict, quarter: Period) -> bool:
    """Whether any measure's values include one for the quarter or a month of it."""
    return any(p.kind != "year" and p.widen("quarter") == quarter for values, _ in figures.values() for p in values)


def test_cache_keys_carry_the_viewer_scope(unpublished, monkeypatch):
    """With a shared cache (a stand-in for Redis), what an officer's evaluation read (the unpublished quarter
    included) is never served to the public, nor the public's to a member or with other name settings."""
    from data.reporting.evaluation import evaluate
    store = {}
    monkeypatch.setattr("data.reporting.evaluation.cache.get_or_compute", lambda conn, namespace, key, compute:
                        store[(namespace, key)] if (namespace, key) in store
                        else store.setdefault((namespace, key), compute()))
    with unpublished.connect() as conn:
        published = tuple(p.label for p in sorted(access.published_quarters(conn)))
        with as_viewer(OFFICER) as viewer:
            _, _, officer_figures = evaluate(conn, Q1, viewer, HOUSING)
        with as_viewer() as viewer:
            _, _, public_figures = evaluate(conn, Q1, viewer, HOUSING)
        with as_viewer(MEMBER) as viewer:
            evaluate(conn, Q1, viewer, HOUSING)
    assert holds(officer_figures, Q2) and holds(public_figures, Q1) and not holds(public_figures, Q2)
    keys = {namespace: [key for n, key in store if n == namespace] for namespace, _ in store}
    assert {k[0] for k in keys["evaluate"]} == {Q1.label}   # a directorate is a slice of the council's results
    for scopes in (keys["evaluate"], [(None, *k) for k in keys["catalogue"]]):
        assert len(scopes) == 3 and {k[1] for k in scopes} == {"officer", "public", "member"}
        public_key = next(k for k in scopes if k[1] == "public")
        assert public_key[2:] == (True, published) and Q2.label not in published


# --- directorate --------------------------------------------------------------------------------------

def test_public_directorate_shows_no_director_commentary(council):
    with council.connect() as conn:
        comment = loaders.director_commentary(conn, HOUSING, Q2)
    with as_viewer():
        commentary, body, rows, charts = show_directorate(HOUSING, Q2.label)
    words = text_of(commentary) + text_of(body) + text_of(charts) + repr(rows)
    assert comment["text"] not in words and DIRECTOR_NOTE in text_of(commentary)
    assert "Helen Marsh" in text_of(directorate_page.layout(slug=HOUSING))  # names on: the director is public


def test_member_directorate_shows_director_commentary(council):
    with council.connect() as conn:
        comment = loaders.director_commentary(conn, HOUSING, Q2)
    with as_viewer(MEMBER):
        commentary = show_directorate(HOUSING, Q2.label)[0]
    assert comment["text"] in text_of(commentary) and "Helen Marsh" in text_of(commentary)
    assert DIRECTOR_NOTE not in text_of(commentary)


def test_public_directorate_hides_the_director_when_names_are_off(names_off):
    with as_viewer():
        words = text_of(directorate_page.layout(slug=HOUSING))
    assert "Helen Marsh" not in words and "Director:" not in words and "Housing Management" in words


def test_directorate_for_an_unpublished_quarter_shows_the_newest_published_one(unpublished):
    with as_viewer(MEMBER):
        picker = by_id(directorate_page.layout(slug=HOUSING, period=Q2.label), ids.DIRECTORATE_PERIOD)
        commentary, body, rows, charts = show_directorate(HOUSING, Q2.label)
    assert picker.value == Q1.label and Q2.label not in [o["value"] for o in picker.options]
    hsg01 = next(r for r in rows if r["code"] == "HSG01")
    assert hsg01["value_text"] == "0.57%"                            # Q1's figure, not Q2's 0.85%
    assert Q2.name not in text_of(commentary) and Q1.name in text_of(commentary)
    assert Q2.label not in text_of(body) + text_of(charts)


# --- navbar -------------------------------------------------------------------------------------------

def test_navbar_offers_sign_in_or_sign_out_by_name(council):
    with as_viewer():
        tree = shell.layout()
    assert by_id(tree, ids.SHELL_SIGN_IN).href == "/login" and "Sign in" in text_of(by_id(tree, ids.SHELL_SIGN_IN))
    assert ids.SHELL_SIGN_OUT not in [getattr(c, "id", None) for c in walk(tree)]
    with as_viewer(MEMBER):
        tree = shell.layout()
        token = access_token()
    assert "Sign out (Mina Member)" in text_of(by_id(tree, ids.SHELL_SIGN_OUT))
    form = next(c for c in walk(tree) if type(c).__name__ == "Form")
    assert form.action == "/auth/sign-out" and form.method == "POST"
    assert token and token in [getattr(c, "value", None) for c in walk(form)]
    assert ids.SHELL_SIGN_IN not in [getattr(c, "id", None) for c in walk(tree)]


def access_token():
    from security import csrf_token
    return csrf_token()


# --- through sign-in, as a browser would ----------------------------------------------------------------

def test_signed_in_member_and_anonymous_visitor_through_the_app(council):
    from data.people import users
    from tests.security.test_security import PASSWORD, Visitor
    with council.begin() as conn:
        users.create(conn, "mina", PASSWORD, role="member")
    anonymous, member = Visitor(), Visitor()
    assert member.sign_in("mina").status_code == 303
    search = f"?period={Q2.label}"
    public_answer, member_answer = anonymous.page("/exceptions", search), member.page("/exceptions", search)
    assert public_answer.status_code == member_answer.status_code == 200
    assert "Weekly monitoring of the backlog" not in public_answer.text and PUBLIC_NOTE in public_answer.text
    assert "Weekly monitoring of the backlog" in member_answer.text
    page = anonymous.page("/measure/HSG01", f"?period={Q2.label}")
    assert page.status_code == 200 and PUBLIC_NOTE in page.text and "Seasonal pressures" not in page.text
    page = member.page("/measure/HSG01", f"?period={Q2.label}")
    assert "Seasonal pressures were higher than forecast" in page.text


def _history_text(layout) -> str | None:
    found = by_id(layout, ids.MEASURE_HISTORY)
    return None if found is None else text_of(found)


def test_history_of_changes_only_for_those_who_may_change_the_measure(council):
    with council.connect() as conn:
        housing_management = int(loaders.services(conn, HOUSING).set_index("slug").loc["housing-management", "id"])
    own_editor = Viewer(role="editor", username="eddie", services=frozenset({housing_management}))
    other_editor = Viewer(role="editor", username="erin", services=frozenset({housing_management + 1}))
    for viewer in (None, MEMBER, other_editor):
        with as_viewer(viewer):
            assert _history_text(measure_page.layout(code="HSG01")) is None
    for viewer in (OFFICER, own_editor):
        with as_viewer(viewer):
            text = _history_text(measure_page.layout(code="HSG01"))
        assert "recorded changes" in text and "Was" in text and "Now" in text
        assert "0.85" in text and "2026/27 Q2" in text   # the demo load recorded the rent-loss figure


@pytest.mark.parametrize(("viewer", "links"), [
    (Viewer(), set()), (MEMBER, set()), (Viewer(role="editor", username="eddie"), {"/entry"}),
    (OFFICER, {"/entry", "/import"}),
])
def test_navbar_offers_the_work_pages_a_role_may_use(viewer, links):
    from dashboards.navbar import navbar
    hrefs = {getattr(c, "href", None) for c in walk(navbar([], viewer, "token"))}
    assert hrefs & {"/entry", "/import"} == links
