"""Issue 14, item 5: printing a page. On paper the directorate page shows no controls or buttons, its table is a
plain table holding every measure with the Assurance column inside the sheet, and every page is numbered."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser
A4_LANDSCAPE = {"width": 1047, "height": 720}   # 297 mm less the margins, in CSS pixels


@pytest.mark.parametrize("path", ["/directorate/resources", "/exceptions", "/", "/measure/HSG01"])
def test_paper_has_no_controls_and_numbered_pages(kept_page, live_server, path):
    page = kept_page(live_server)
    page.set_viewport_size(A4_LANDSCAPE)
    page.goto(live_server + path)
    expect(page.locator("h1").first).to_be_visible(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    visible_controls = page.locator("button:visible, select:visible, input:visible, .btn:visible, nav:visible")
    assert visible_controls.count() == 0
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages)
    assert "Page 1 of" in text


def test_directorate_table_fits_the_sheet_and_holds_every_measure(kept_page, live_server):
    page = kept_page(live_server)
    page.set_viewport_size(A4_LANDSCAPE)
    page.goto(live_server + "/directorate/resources")
    expect(page.locator(".measure-grid")).to_be_visible(timeout=30_000)
    screen_rows = page.locator(".print-table tbody tr").count()
    page.emulate_media(media="print")
    table = page.locator(".print-table")
    expect(table).to_be_visible()
    expect(page.locator(".measure-grid")).to_be_hidden()
    assert table.locator("tbody tr").count() == screen_rows == 17
    assurance = table.locator("thead th", has_text="Assurance")
    expect(assurance).to_have_count(1)
    for header in (assurance, table.locator("thead th").last):
        box = header.bounding_box()
        assert box["x"] + box["width"] <= A4_LANDSCAPE["width"]
    cell = table.locator("tbody tr").first.locator("td").last.bounding_box()
    assert cell["x"] + cell["width"] <= A4_LANDSCAPE["width"]
