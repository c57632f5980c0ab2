"""The data version: one row that every write changing what a page shows bumps in its own transaction.

Computed page data (statuses, year to date, SPC icons) is keyed by `current()`, read from the database on each
request, so a write makes every earlier result unreachable at once, in every worker and on every host. The
stamp is random per write: two copies of one database part ways at their first write, and a restored backup
brings back its own stamp with its own figures, so keys never collide across databases sharing one Redis.
"""

from __future__ import annotations

import secrets
import weakref

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from data.core.models import DataVersion, utcnow


# The version a connection (one request's) has read: every part of a page is keyed by the same one.
_read: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def current(conn: Connection | Session) -> str:
    """`<stamp>-<version>`: changes with every write, unique to this database's history; read once per connection."""
    if conn not in _read:
        row = conn.execute(select(DataVersion.stamp, DataVersion.version).where(DataVersion.id == 1)).first()
        _read[conn] = "none-0" if row is None else f"{row.stamp}-{row.version}"
    return _read[conn]


def number(conn: Connection | Session) -> int:
    """How many writes this database has seen (for /ready and the logs)."""
    return conn.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar() or 0


def bump(conn: Connection | Session) -> None:
    """Call inside the transaction that writes: the new version becomes visible exactly when the write does."""
    values = {"stamp": secrets.token_hex(16), "changed_at": utcnow()}
    done = conn.execute(update(DataVersion).where(DataVersion.id == 1)
                        .values(version=DataVersion.version + 1, **values)).rowcount
    if not done:
        conn.execute(DataVersion.__table__.insert().values(id=1, version=1, **values))
    _read.pop(conn, None)
