"""A handful of SQL statements per page, whatever the number of measures: the demo council (60 measures) and the
county (500) cost the same statements, before and after a write, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from data.core import loaders, version
from data.demo import county
from data.people import access
from data.reporting import evaluation
from tests.conftest import BACKENDS, make_database

HANDFUL = 19   # the directorate page also reads its council plan actions, the published quarters they follow and
#                its published commentary, and (once per data version) the peer groups and the council's default one


@pytest.fixture(scope="session", params=BACKENDS)
def councils(request, tmp_path_factory):
    """(demo, county) on one backend."""
    folder = tmp_path_factory.mktemp("sized")
    made = [make_database(request.param, folder, with_demo=True), make_database(request.param, folder)]
    county.load(made[1][0])
    yield made[0][0], made[1][0]
    for _, cleanup in made:
        cleanup()


def statements(engine, read) -> int:
    seen = []

    def count(*_):
        seen.append(1)
    event.listen(engine, "before_cursor_execute", count)
    try:
        read()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def page_data(engine, directorate=None):
    """What the overview (or a directorate page) reads: its period, every measure's evaluation, the names."""
    with engine.connect() as conn:
        period, _ = evaluation.resolve_period(conn, None, access.PUBLIC)
        evaluation.evaluate(conn, period, access.PUBLIC, directorate)
        loaders.directorates(conn)
        loaders.priorities(conn)


def slug_of(engine) -> str:
    with engine.connect() as conn:
        return loaders.directorates(conn)["slug"].iloc[0]


def after_a_write(engine):
    with engine.begin() as conn:
        version.bump(conn)


@pytest.mark.parametrize("page", ["overview", "directorate"])
def test_statements_do_not_grow_with_the_number_of_measures(councils, page, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    counts = []
    for engine in councils:
        slug = slug_of(engine) if page == "directorate" else None
        after_a_write(engine)
        cold = statements(engine, lambda: page_data(engine, slug))
        warm = statements(engine, lambda: page_data(engine, slug))
        counts.append((cold, warm))
    assert counts[0] == counts[1], counts
    cold, warm = counts[0]
    assert warm < cold <= HANDFUL


@pytest.mark.parametrize("path", ["/?status=below_target", "/directorate/{slug}?status=below_target",
                                  "/measure/{code}"])
def test_each_page_reads_the_same_statements_for_both(councils, path, monkeypatch):
    from data.core import db
    from tests.pages.render import render
    monkeypatch.delenv("REDIS_URL", raising=False)
    counts = []
    for engine in councils:
        monkeypatch.setattr(db, "engine", lambda engine=engine: engine)
        with engine.connect() as conn:
            code = loaders.measures(conn, directorate=slug_of(engine))["code"].iloc[0]
        url = path.format(slug=slug_of(engine), code=code)
        after_a_write(engine)
        counts.append((statements(engine, lambda: render(url)), statements(engine, lambda: render(url))))
    assert counts[0] == counts[1], counts
    assert counts[0][1] <= counts[0][0] <= HANDFUL
