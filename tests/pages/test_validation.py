"""Dash checks every callback's IDs against the layout: each page's skeleton (its layout called with no arguments)
must hold every ID its callbacks use, whoever the first visitor is, so suppress_callback_exceptions can stay off."""

import json

import dash
from dash._utils import split_callback_id

import app


def _ids(component) -> set[str]:
    found = set()
    stack = [component]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
            continue
        if not hasattr(node, "to_plotly_json"):
            continue
        if getattr(node, "id", None) is not None:
            found.add(node.id if isinstance(node.id, str) else json.dumps(node.id, sort_keys=True))
        stack.append(getattr(node, "children", None))
    return found


def _callback_ids() -> set[str]:
    wanted = set()
    for callback in app.app._callback_list:
        outputs = split_callback_id(callback["output"])
        outputs = outputs if isinstance(outputs, list) else [outputs]
        for dep in [*outputs, *callback["inputs"], *callback["state"]]:
            if not dep["id"].startswith("{"):   # pattern-matching IDs are matched by shape, not listed
                wanted.add(dep["id"])
    return wanted


def test_callback_exceptions_are_not_suppressed():
    assert app.app.config.suppress_callback_exceptions is False


def test_every_callback_id_is_in_the_validation_layout(app_db):
    app.server.test_client().get("/")   # the first request: Pages builds the validation layout, as a visitor would
    missing = _callback_ids() - _ids(app.app.validation_layout)
    assert missing == set()


def test_skeletons_hold_no_figures(app_db):
    """A skeleton is sent to every browser in the page's config: it must carry no measure data."""
    with app.server.test_request_context("/"):
        text = json.dumps([p["layout"]() for p in dash.page_registry.values()], cls=_Encoder)
    assert "HSG01" not in text and "Housing" not in text


class _Encoder(json.JSONEncoder):
    def default(self, o):
        return o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o)
