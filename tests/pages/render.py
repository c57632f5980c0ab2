"""Draw a page as Dash Pages does for a URL, and read what it shows: for tests of the pages."""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import parse_qsl, urlsplit

import app
from callbacks.not_found import match_page


def render(url: str):
    """The page's layout for the URL (path variables and query as keyword arguments, as Pages' router passes them),
    drawn in a request for that URL by the anonymous visitor (or whoever `as_viewer` made the viewer)."""
    parts = urlsplit(url)
    page, variables = match_page(parts.path)
    assert page is not None, f"no page answers {url}"
    with request(url):
        return page["layout"](render="page", **variables, **dict(parse_qsl(parts.query)))


@contextmanager
def request(url: str = "/"):
    ctx = app.server.test_request_context(url)
    ctx.push()
    try:
        yield
    finally:
        ctx.pop()


def walk(component):
    """Every component in a tree, depth first."""
    stack = [component]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(reversed(node))
            continue
        if node is None or not hasattr(node, "to_plotly_json"):
            continue
        yield node
        children = getattr(node, "children", None)
        stack.append(children if isinstance(children, (list, tuple)) else [children])


def by_id(tree, component_id):
    return next((c for c in walk(tree) if getattr(c, "id", None) == component_id), None)


def text_of(tree) -> str:
    """All the words a reader sees in a tree."""
    words = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(reversed(node))
        elif isinstance(node, (str, int, float)):
            words.append(str(node))
        elif node is not None and hasattr(node, "to_plotly_json"):
            stack.append(getattr(node, "children", None))
    return " ".join(words)
