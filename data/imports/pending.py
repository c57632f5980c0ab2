"""Uploads awaiting confirmation, kept in the database under a random id (never the user's file name), so any
gunicorn worker can preview, map or confirm them and no worker keeps the bytes in memory between requests."""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from data.core.models import PendingImport, utcnow

KEEP_FOR = timedelta(days=1)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Upload:
    id: str
    filename: str
    content: bytes
    mapping: dict
    author: str | None
    progress: float


class UploadRefused(ValueError):
    """An upload that cannot be kept; the message is safe to show."""


def decode(contents: str | None, limit_mb: float) -> bytes:
    """The bytes of a browser upload (`data:<type>;base64,<data>`), refusing unreadable or oversized ones."""
    _, _, data = (contents or "").partition(",")
    if len(data) * 3 // 4 > int(limit_mb * 1024 * 1024) + 3:
        raise UploadRefused(f"The file is larger than {limit_mb:g} MB. Nothing was written.")
    try:
        content = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        content = b""
    if not content:
        raise UploadRefused("The file could not be read. Nothing was written.")
    return content


CRAFTED_NAME = "The file's name is not one a file can have (it holds control characters): rename the file and " \
    "upload it again. Nothing was written."


def crafted_name(filename) -> bool:
    """True for a file name no browser sends: not text, or holding control characters (`\\x00.csv`)."""
    return filename is not None and (not isinstance(filename, str) or bool(_CONTROL.search(filename)))


def create(engine: Engine, content: bytes, filename: str, author: str | None = None) -> str:
    """Keep an upload; returns its random id. Uploads older than a day are cleared at the same time.

    A file name holding control characters (`\\x00.csv`) is refused: no person types one."""
    if _CONTROL.search(filename or ""):
        raise UploadRefused("The file's name holds control characters: rename the file and upload it again. "
                            "Nothing was written.")
    token = secrets.token_urlsafe(24)
    with Session(engine) as s, s.begin():
        s.execute(delete(PendingImport).where(PendingImport.created_at < utcnow() - KEEP_FOR))
        s.add(PendingImport(id=token, filename=(filename or "upload")[:255], content=content, author=author,
                            progress=0.0, created_at=utcnow()))
    return token


def load(engine: Engine, token: str | None) -> Upload | None:
    if not token:
        return None
    with Session(engine) as s:
        row = s.get(PendingImport, str(token))
        if row is None:
            return None
        return Upload(row.id, row.filename, row.content, json.loads(row.mapping or "{}"), row.author, row.progress)


def set_mapping(engine: Engine, token: str, mapping: dict) -> None:
    with engine.begin() as conn:
        conn.execute(update(PendingImport).where(PendingImport.id == token).values(mapping=json.dumps(mapping)))


def set_progress(engine: Engine, token: str, fraction: float) -> None:
    """Record how far the check has got (read by the page's progress bar from another request)."""
    with engine.begin() as conn:
        conn.execute(update(PendingImport).where(PendingImport.id == token).values(progress=float(fraction)))


def progress(engine: Engine, token: str | None) -> float | None:
    if not token:
        return None
    with engine.connect() as conn:
        return conn.execute(select(PendingImport.progress).where(PendingImport.id == token)).scalar()


def discard(engine: Engine, token: str | None) -> None:
    if token:
        with engine.begin() as conn:
            conn.execute(delete(PendingImport).where(PendingImport.id == token))
