"""Produced files kept for download (report packs, exports): each in DOWNLOADS_DIR (instance/reports) under a random
id, with who may fetch it.

A background job (another process, or a Celery worker on another host sharing the folder) writes the file; the
download route reads it back after checking the viewer against what is stored beside it: the role the pack was
produced for and, for a pack holding internal commentary, the user who asked for it. Packs older than `KEEP_HOURS`
are removed as new ones are stored.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path

from data.core import settings

KEEP_HOURS = 24
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def folder() -> Path:
    path = Path(settings.get("DOWNLOADS_DIR"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(data: bytes, fmt: str, filename: str, role: str, username: str | None, mimetype: str | None = None,
         shared: str | None = None) -> str:
    """Store a produced file; returns its random id. The file is complete before its description appears.
    `shared`: a public file's key (what it holds and the data version), for `find_shared` to hand it out again."""
    token = secrets.token_urlsafe(24)
    base = folder()
    draft = base / f".{token}.{fmt}.part"
    draft.write_bytes(data)
    os.replace(draft, base / f"{token}.{fmt}")
    meta = {"fmt": fmt, "filename": filename, "role": role, "username": username, "bytes": len(data),
            "created": time.time(), "mimetype": mimetype,
            "produced": time.strftime("%H:%M on %d %B %Y", time.localtime()),
            **({"shared": shared} if shared and role == "public" else {})}
    (base / f".{token}.json.part").write_text(json.dumps(meta))
    os.replace(base / f".{token}.json.part", base / f"{token}.json")
    prune()
    return token


def load(token: str) -> tuple[Path, dict] | None:
    """(file, description) of a stored pack; None for an unknown, malformed or expired id."""
    if not isinstance(token, str) or not TOKEN.match(token):
        return None
    meta_path = folder() / f"{token}.json"
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    path = folder() / f"{token}.{meta['fmt']}"
    if not path.exists() or time.time() - meta["created"] > KEEP_HOURS * 3600:
        return None
    return path, meta


def find_shared(key: str) -> tuple[str, dict] | None:
    """(id, description) of the newest public file stored under `key` and still kept; None if there is none."""
    best = None
    for meta_path in folder().glob("*.json"):
        try:
            meta = json.loads(meta_path.read_text())
        except (OSError, ValueError):
            continue
        if meta.get("shared") == key and meta.get("role") == "public" and (best is None or meta["created"]
                                                                           > best[1]["created"]):
            token = meta_path.name[:-len(".json")]
            if load(token) is not None:
                best = (token, meta)
    return best


def prune(now: float | None = None) -> int:
    """Remove packs older than KEEP_HOURS; returns how many files went."""
    now = now or time.time()
    gone = 0
    for path in folder().iterdir():
        if now - path.stat().st_mtime > KEEP_HOURS * 3600:
            path.unlink(missing_ok=True)
            gone += 1
    return gone
