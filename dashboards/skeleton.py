"""Skeletons: what a page's layout gives when Dash calls it with no arguments to learn every component ID its
callbacks use (the validation layout). A skeleton holds the IDs and no figures, so it is safe for any viewer.

Every real render comes through Pages' router, which always passes `render` (app.py's routing_callback_inputs), so
"no arguments at all" means validation and nothing else.
"""

from __future__ import annotations

import functools


def with_skeleton(skeleton):
    """Decorate a page's layout: called with no arguments it returns `skeleton()` instead of querying anything."""
    def wrap(layout):
        @functools.wraps(layout)
        def page_layout(**kwargs):
            if not kwargs:
                return skeleton()
            kwargs.pop("render", None)
            return layout(**kwargs)
        page_layout.skeleton = skeleton
        return page_layout
    return wrap
