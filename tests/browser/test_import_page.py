"""The import and data-entry pages in a real browser, signed in (the officer's page kept for the module: the
sign-in form itself is tested in test_signin.py), on a private copy of the demo council under gunicorn -w 2 (so
the preview and the confirmation may well be served by different workers)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dashboards import ids
from data.core import db
from data.core import audit
from data.people import users
from data.core.models import Measure, Observation
from tests.browser.test_signin import serve
from tests.conftest import private_copy

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def council_url(demo_sqlite_url, tmp_path_factory):
    target = tmp_path_factory.mktemp("import-page") / "council.db"
    private_copy(demo_sqlite_url, target)
    eng = db.make_engine(f"sqlite:///{target}")
    with eng.begin() as conn:
        users.create(conn, "olga", PASSWORD, role="officer", display_name="Olga Officer")
    eng.dispose()
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def server(council_url):
    with serve(council_url, "1") as url:
        yield url


def hsg01(council_url):
    eng = db.make_engine(council_url)
    with eng.connect() as conn:
        mid = conn.execute(select(Measure.id).where(Measure.code == "HSG01")).scalar()
        value = conn.execute(select(Observation.value).where(Observation.measure_id == mid,
                                                             Observation.period == "2026/27 Q2")).scalar()
        trail = audit.history(conn, mid)
    eng.dispose()
    return value, trail


def upload(page, name: str, text: str):
    page.locator(f"#{ids.IMPORT_UPLOAD} input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}])


def test_upload_preview_confirm(kept_page, server, council_url):
    page, errors = kept_page(server, "officer", errors=True)
    page.goto(f"{server}/import")
    expect(page.get_by_role("heading", name="Import data")).to_be_visible()

    upload(page, "bad.csv", "Ref,Period,Value\nHSG01,2026/27 Q2,lots\n")
    preview = page.locator(f"#{ids.IMPORT_PREVIEW}")
    expect(preview).to_contain_text("bad.csv cannot be imported", timeout=20_000)
    expect(preview.locator("table")).to_contain_text("'lots' is not a number")
    expect(preview.locator("tbody tr").first).to_contain_text("2")           # the row, named
    expect(page.get_by_role("button", name="Confirm import")).to_be_disabled()

    upload(page, "q2-correction.csv", "Ref,Period,Value\nHSG01,2026/27 Q2,0.9%\n")
    expect(preview).to_contain_text("q2-correction.csv: ready to import", timeout=20_000)
    changed = preview.locator("table.import-changes tbody tr").first
    expect(changed).to_contain_text("HSG01")
    assert changed.locator("td").all_inner_texts()[-2:] == ["0.85%", "0.90%"]   # old and new, in their unit
    assert hsg01(council_url)[0] == 0.85                                       # nothing written yet
    page.screenshot(path=str(page_shot("import-preview")), full_page=True)

    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(f"#{ids.IMPORT_RESULT}")).to_contain_text("Imported q2-correction.csv", timeout=20_000)
    value, trail = hsg01(council_url)
    assert value == 0.9
    newest = trail.iloc[0]
    assert (newest["author"], newest["old_text"], newest["new_text"]) == ("olga", "0.85", "0.9")
    assert newest["source"].startswith("q2-correction.csv")
    assert errors == []


def test_monthly_entry_warns_saves_a_draft_and_signs_off(kept_page, server, council_url):
    page = kept_page(server, "officer")
    eng = db.make_engine(council_url)
    with eng.connect() as conn:
        from data.core import loaders
        measure = loaders.measures(conn, code="CS01").iloc[0]        # monthly, nothing entered for October
    eng.dispose()
    page.goto(f"{server}/entry?service={measure['service_slug']}&month=2026-10")
    grid = page.locator(f"#{ids.ENTRY_GRID}")
    expect(grid.locator(".ag-row", has_text="CS01").first).to_be_visible(timeout=20_000)
    row = grid.locator(f".ag-center-cols-container .ag-row[row-id='{int(measure['id'])}']")   # code is pinned
    row.locator(".ag-cell[col-id='value']").click()
    page.keyboard.type("99")
    page.keyboard.press("Enter")
    expect(row.locator(".ag-cell[col-id='warning']")).to_contain_text("above this measure's usual range",
                                                                       timeout=10_000)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(f"#{ids.ENTRY_MESSAGE}")).to_contain_text("Saved 1 figure(s) as draft", timeout=10_000)
    expect(row.locator(".ag-cell[col-id='state']")).to_contain_text("Draft")
    page.screenshot(path=str(page_shot("entry-page")), full_page=True)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(f"#{ids.ENTRY_MESSAGE}")).to_contain_text("submitted for approval: CS01")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(f"#{ids.ENTRY_MESSAGE}")).to_contain_text("approved: CS01")


def pick(page, grid, row_text: str, cell: str, option: str) -> None:
    """Choose an option in a grid's select cell as a user does: open the editor, open its list, click."""
    grid.locator(".ag-row", has_text=row_text).locator(cell).click()
    page.locator(".ag-cell-editor .ag-picker-field-wrapper").click()
    page.get_by_role("option", name=option, exact=True).click()


def test_unrecognised_heading_is_mapped_in_the_page(kept_page, server, council_url):
    page = kept_page(server, "officer")
    page.goto(f"{server}/import")
    upload(page, "odd.csv", "Ref,Period,Reading\nHSG01,2026/27 Q1,0.7%\n")
    mapping = page.locator(f"#{ids.IMPORT_MAPPING}")
    expect(mapping).to_be_visible(timeout=20_000)
    grid = page.locator(f"#{ids.IMPORT_MAPPING_GRID}")
    expect(grid).to_contain_text("Reading")
    pick(page, grid, "Reading", ".import-field-choice", "value")
    page.get_by_role("button", name="Apply these choices").click()
    expect(page.locator(f"#{ids.IMPORT_PREVIEW}")).to_contain_text("odd.csv: ready to import", timeout=20_000)
    expect(page.locator(f"#{ids.IMPORT_PREVIEW}")).to_contain_text("0.70%")


def areas(weeks: int) -> str:
    name = f"Householder planning applications decided in {weeks} weeks"
    return f"area_code,area_name,period,indicator,value\nE1,Trafford,2026/27 Q1,{name},91.5\nE2,Bury,2026/27 Q1,{name},88\n"


@pytest.mark.parametrize(("width", "weeks"), [(1280, 8), (320, 10)])
def test_a_many_area_file_is_read_with_the_choices_a_new_user_makes(kept_page, server, council_url, width, weeks):
    code = f"HPAD{weeks}W"
    page, errors = kept_page(server, "officer", errors=True)
    page.set_viewport_size({"width": width, "height": 720})
    page.goto(f"{server}/import")
    upload(page, f"planning-{width}.csv", areas(weeks))
    preview = page.locator(f"#{ids.IMPORT_PREVIEW}")
    expect(preview).to_contain_text("holds figures for 2 areas", timeout=20_000)
    page.get_by_label("Area to import").select_option("Trafford")
    page.get_by_label("Directorate for the file").fill("Place and Environment")
    page.get_by_label("Service for the file").fill("Planning")
    page.get_by_role("button", name="Apply these choices").click()
    expect(preview).to_contain_text("ready to import", timeout=20_000)
    expect(preview).to_contain_text("91.5")
    measures = page.locator(f"#{ids.IMPORT_MEASURES_GRID}")
    expect(measures).to_contain_text(code)
    pick(page, measures, code, ".import-polarity-choice", "higher")
    page.get_by_role("button", name="Apply these choices").click()
    expect(preview).to_contain_text("ready to import", timeout=20_000)
    page.screenshot(path=str(page_shot(f"import-choices-{width}")), full_page=True)
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(f"#{ids.IMPORT_RESULT}")).to_contain_text("Imported planning", timeout=20_000)
    eng = db.make_engine(council_url)
    with eng.connect() as conn:
        from data.core import loaders
        m = loaders.measures(conn, code=code)
        bench = conn.exec_driver_sql("SELECT area_name, value FROM benchmark_value WHERE measure_code = :c",
                                     {"c": code}).all()
    eng.dispose()
    assert (m.iloc[0]["polarity"], m.iloc[0]["service"]) == ("higher", "Planning") and bench == [("Bury", 88.0)]
    assert errors == []


def page_shot(name: str):
    from tests.conftest import ROOT
    folder = ROOT / "tests" / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"



def test_full_export_runs_as_a_job_and_downloads(kept_page, server, tmp_path):
    """Issue 14, item 4: the export is a background job with its progress; the file comes from the download route."""
    import zipfile
    page, console_errors = kept_page(server, "officer", errors=True)
    page.goto(f"{server}/import")
    page.locator(f"#{ids.IMPORT_EXPORT_FORMAT}").select_option("zip")
    button = page.get_by_role("button", name="Export", exact=True)
    expect(button).to_be_enabled(timeout=20_000)
    button.click()
    link = page.get_by_role("link", name="Download performance-all.zip")
    expect(link).to_be_visible(timeout=60_000)
    expect(page.locator(f"#{ids.IMPORT_EXPORT_PROGRESS}")).to_have_text("Done")
    said = page.locator(f"#{ids.IMPORT_EXPORT_RESULT} p")
    expect(said).to_contain_text("Exported ")
    expect(button).to_be_enabled()
    with page.expect_download() as info:
        link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "performance-all.zip"
    with zipfile.ZipFile(path) as z:
        rows = {name: len(z.read(f"{name}.csv").decode().splitlines()) - 1 for name in ("measures", "values")}
    assert rows["values"] > 1000                 # what the page said is what the file holds
    assert said.inner_text().startswith(f"Exported {rows['measures']:,} measures, {rows['values']:,} values")
    assert console_errors == []
