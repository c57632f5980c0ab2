"""Fixtures for the browser tests."""

import pytest


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught page errors, Content-Security-Policy refusals included."""
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors
