"""Page guards: every page builds with no arguments, IDs are unique, and the server answers unknown pages with 404."""

from pathlib import Path

import dash
import pytest

import app as dashboard
from callbacks.not_found import page_exists
from dashboards import ids, shell

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def request_context(app_db):
    """Page layouts are guarded by the viewer's role, which Flask-Login reads from a request."""
    with dashboard.server.test_request_context("/"):
        yield


@pytest.mark.parametrize("page", list(dash.page_registry.values()), ids=lambda p: p["path"])
def test_layout_builds_without_arguments(request_context, page):
    assert page["layout"]() is not None


def test_shell_lists_every_directorate_as_a_meeting_stop(request_context):
    stops = _find(shell.layout(), ids.SHELL_STOPS)
    paths = getattr(stops, "data-stops").split(",")
    assert paths[0] == "/"
    assert "/directorate/resources" in paths and len(paths) == 6


def test_ids_are_unique():
    values = [v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)]
    assert len(values) == len(set(values))


@pytest.mark.parametrize(("path", "known"), [
    ("/", True), ("/directorate/resources", True), ("/directorate/no-such-place", False),
    ("/measure/HSG01", True), ("/measure/NOPE99", False), ("/no/such/page", False), ("/404", False),
])
def test_page_exists(app_db, path, known):
    assert page_exists(path) is known


@pytest.mark.parametrize(("path", "status"), [
    ("/", 200), ("/directorate/resources?period=2026/27 Q1", 200), ("/directorate/no-such-place", 404),
    ("/measure/HSG01", 200), ("/measure/NOPE99", 404), ("/nothing-here", 404), ("/_dash-layout", 200),
    ("/assets/style.css", 200),
])
def test_server_status_codes(app_db, path, status):
    response = dashboard.server.test_client().get(path)
    assert response.status_code == status
    if status == 404:
        assert b'<html lang="en">' in response.data  # the Dash index, which renders the not-found page


def test_no_asset_references_a_cdn():
    for path in (ROOT / "assets").glob("*"):
        if path.suffix in (".css", ".js") and not path.name.startswith("0"):
            assert "http://" not in path.read_text() and "https://" not in path.read_text(), path.name


def _find(component, component_id):
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        found = _find(child, component_id)
        if found is not None:
            return found
    return None
