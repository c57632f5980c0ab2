"""SQL statements each page callback sends, counted in this process on the server's own database: right after a
write (when the council's figures are computed again) and on the next request (served from the memo)."""

from __future__ import annotations

from sqlalchemy import event

from data.core import db, version


def per_callback(url: str, directorate: str) -> dict[str, tuple[int, int]]:
    """{callback: (statements after a write, statements on the next request)}."""
    import app  # registers the pages and callbacks
    from callbacks.directorate import show_directorate
    from callbacks.overview import show_overview
    engine = db.make_engine(url)
    real = db.engine
    db.engine = lambda: engine   # the callbacks open their connections through data.core.db
    seen = []
    event.listen(engine, "before_cursor_execute", lambda *_: seen.append(1))
    calls = {"overview filter change": lambda: show_overview("", "all", "all", "all", ""),
             "directorate filter change": lambda: show_directorate("", "all", "all", "all", "", directorate)}
    out = {}
    try:
        for name, call in calls.items():
            with engine.begin() as conn:
                version.bump(conn)
            counts = []
            for _ in range(2):
                with app.server.test_request_context("/"):   # a request: the viewer is read as a visitor's
                    seen.clear()
                    call()
                    counts.append(len(seen))
            out[name] = tuple(counts)
    finally:
        db.engine = real
        engine.dispose()
    return out
