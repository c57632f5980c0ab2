"""How long one notifications run takes (`flask --app app send-notifications`) on the demo and the county.

`python -m benchmarks.notifications`: prints, for each council on SQLite, the first run (records every measure's
picture), a run after one approved figure turns a measure red (the usual case after a sign-off), and a run with
nothing new; no mail server, so only the finding and recording are timed."""

from __future__ import annotations

import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from data.core import db, loaders
from data.core.models import Observation
from data.demo import council, county
from data.notify import mail, run

NO_MAIL = mail.Config(None, 25, None, None, False, "x@y")


def timed(engine) -> float:
    started = time.perf_counter()
    run.run(engine, secret="bench", today=date(2026, 12, 1), config=NO_MAIL)
    return time.perf_counter() - started


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    for name, module in (("demo", council), ("county", county)):
        engine = db.make_engine(f"sqlite:///{folder / f'{uuid.uuid4().hex}.db'}")
        db.upgrade(engine)
        module.load(engine)
        first = timed(engine)
        with engine.connect() as conn:
            measures = loaders.measures(conn)
            m = measures[(measures["kind"] == "target") & (measures["frequency"] == "monthly")].iloc[0]
            values, _ = loaders.figures(conn, [m["id"]])[int(m["id"])]
        latest = max(values).shift(1)
        with Session(engine) as s, s.begin():
            s.add(Observation(measure_id=int(m["id"]), period=latest.label, period_kind=latest.kind,
                              period_start=latest.start, value=-1e6 if m["polarity"] == "higher" else 1e6,
                              state="approved"))
        after = timed(engine)
        idle = timed(engine)
        print(f"{name}: {len(measures)} measures; first run {first:.2f} s, after one sign-off {after:.2f} s, "
              f"nothing new {idle:.2f} s")
        engine.dispose()


if __name__ == "__main__":
    main()
