"""A council for the read API and embed tests, once per backend (SQLite and PostgreSQL): the demo with its latest
quarter (2026/27 Q2) withdrawn from publication, and commentary, director's commentary and actions planted on
both sides of every line the public must not cross (published or not, in a published period or not).

Markers named SECRET_* must never reach an anonymous caller; PUBLIC_* must.
"""

from __future__ import annotations

from datetime import date
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text, update

import app as application
from data.core.models import (Action, Commentary, Directorate, DirectorCommentary, InterventionPlan, Measure, Observation,
                              utcnow)
from data.people import access, api_keys, users
from tests.conftest import database_url, make_database, point_app_at

Q1, Q2 = "2026/27 Q1", "2026/27 Q2"
CODE, HOUSING = "HSG01", "housing-and-communities"
SECRET_VALUE = 0.987654                       # HSG01's 2026/27 Q2 figure, unpublished
PASSWORD = "correct horse battery staple"
PUBLIC_NOTE = "PUBLIC_NOTE on the first quarter"
FORMULA_NOTE = "=HYPERLINK(\"http://x\") PUBLIC_FORMULA"
SECRET_INTERNAL_NOTE = "SECRET_INTERNAL_NOTE not for publication"
SECRET_Q2_NOTE = "SECRET_Q2_NOTE marked for publication but its quarter is not published"
PUBLIC_DIRECTOR = "PUBLIC_DIRECTOR's commentary on Q1"
SECRET_DIRECTOR_Q2 = "SECRET_DIRECTOR_Q2 commentary"
SECRET_DIRECTOR_INTERNAL = "SECRET_DIRECTOR_INTERNAL commentary"
PUBLIC_ACTION = "PUBLIC_ACTION published"
SECRET_ACTION = "SECRET_ACTION internal"
SECRET_ACTION_Q2 = "SECRET_ACTION_Q2 published, quarter unpublished"
SECRETS = (SECRET_INTERNAL_NOTE, SECRET_Q2_NOTE, SECRET_DIRECTOR_Q2, SECRET_DIRECTOR_INTERNAL, SECRET_ACTION,
           SECRET_ACTION_Q2, "SECRET_", Q2, "2026-07", "2026-08", "2026-09", repr(SECRET_VALUE))


@dataclass
class Council:
    url: str
    engine: object
    key: str          # an officer's API key
    backend: str


def plant(eng) -> str:
    """Withdraw Q2, plant the notes and actions, make an officer with a key; returns the key."""
    with eng.begin() as conn:
        access.unpublish(conn, Q2)
        mid = conn.execute(select(Measure.id).where(Measure.code == CODE)).scalar()
        did = conn.execute(select(Directorate.id).where(Directorate.slug == HOUSING)).scalar()
        changed = conn.execute(update(Observation).where(Observation.measure_id == mid, Observation.period == Q2)
                               .values(value=SECRET_VALUE)).rowcount
        assert changed == 1, "the demo should hold HSG01's 2026/27 Q2 figure"
        for period, words, published in ((Q1, PUBLIC_NOTE, True), (Q1, FORMULA_NOTE, True),
                                         (Q1, SECRET_INTERNAL_NOTE, False), (Q2, SECRET_Q2_NOTE, True)):
            conn.execute(Commentary.__table__.insert().values(measure_id=mid, period=period, author="Ann Author",
                                                              text=words, created_at=utcnow(), published=published))
        for period, words, published in ((Q1, PUBLIC_DIRECTOR, True), (Q2, SECRET_DIRECTOR_Q2, True),
                                         ("2025/26 Q4", SECRET_DIRECTOR_INTERNAL, False)):
            conn.execute(DirectorCommentary.__table__.delete().where(DirectorCommentary.directorate_id == did,
                                                                     DirectorCommentary.period == period))
            conn.execute(DirectorCommentary.__table__.insert().values(
                directorate_id=did, period=period, author="Dee Director", text=words, created_at=utcnow(),
                published=published))
        plans = {}
        for n, (period, title, published) in enumerate(((Q1, PUBLIC_ACTION, True), (Q1, SECRET_ACTION, False),
                                                        (Q2, SECRET_ACTION_Q2, True))):
            if period not in plans:      # an intervention plan per period, its actions in the one action model
                plans[period] = conn.execute(InterventionPlan.__table__.insert().values(
                    measure_id=mid, period=period, opened_by="Owen Owner", opened_on=date(2026, 7, 1))
                ).inserted_primary_key[0]
            conn.execute(Action.__table__.insert().values(
                code=f"API-{n}", kind="intervention", title=title, owner="Owen Owner", directorate_id=did,
                plan_id=plans[period], percent=0, status="on_track", created_at=utcnow(), published=published))
        users.create(conn, "olga", PASSWORD, role="officer")
        key, _ = api_keys.create(conn, "olga", "tests")
    return key


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def council(request, tmp_path_factory):
    eng, cleanup = make_database(request.param, tmp_path_factory.mktemp("api"), with_demo=True)
    key = plant(eng)
    yield Council(database_url(eng), eng, key, request.param)
    cleanup()


@pytest.fixture
def client(council, monkeypatch):
    """The app's test client on that council, public mode on, limits out of the way."""
    pointed = point_app_at(council.url, monkeypatch, PUBLIC_MODE="1", REDIS_URL=None, API_RATE_LIMIT="100000",
                           API_KEY_RATE_LIMIT="100000", EMBED_ALLOWED_ORIGINS=None, ENVIRONMENT="development")
    next(pointed)
    yield application.server.test_client()
    next(pointed, None)


def wipe_rate_counts(eng) -> None:
    with eng.begin() as conn:
        conn.execute(text("DELETE FROM api_request"))
