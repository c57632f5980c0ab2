"""SQL statements each page sends, counted in this process on the server's own database: right after a write
(when the council's figures are computed again) and on the next request (served from the memo)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from sqlalchemy import event

from data.core import db, version


def draw(url: str):
    """A page's whole view for a URL, as Pages' router draws it in a request (the visitor's viewer)."""
    import app
    from callbacks.not_found import match_page
    parts = urlsplit(url)
    page, variables = match_page(parts.path)
    with app.server.test_request_context(url):
        return page["layout"](render="page", **variables, **dict(parse_qsl(parts.query)))


def per_page(url: str, directorate: str, measure: str) -> dict[str, tuple[int, int]]:
    """{page: (statements after a write, statements on the next request)}."""
    engine = db.make_engine(url)
    real = db.engine
    db.engine = lambda: engine   # the pages open their connections through data.core.db
    seen = []
    event.listen(engine, "before_cursor_execute", lambda *_: seen.append(1))
    pages = {"overview filter change": "/?status=below_target",
             "directorate filter change": f"/directorate/{directorate}?status=below_target",
             "measure page": f"/measure/{measure}"}
    out = {}
    try:
        for name, page_url in pages.items():
            with engine.begin() as conn:
                version.bump(conn)
            counts = []
            for _ in range(2):
                seen.clear()
                draw(page_url)
                counts.append(len(seen))
            out[name] = tuple(counts)
    finally:
        db.engine = real
        engine.dispose()
    return out
