"""What one import may cost: file size, unpacked size, rows, time and memory (settings `IMPORT_MAX_*`).

A file over a limit is refused as early as possible: by its declared size before it is opened, then by what is
actually read while rows stream in, so a million-row CSV or a zip bomb costs seconds, not the server.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from data.core import settings
from data.imports.problems import refuse

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
CHECK_EVERY = 2000          # rows between time and memory checks


def _resident_bytes() -> int | None:
    """This process's resident memory now (Linux); None where it cannot be read."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    unpacked_bytes: int
    rows: int
    seconds: float
    memory_bytes: int

    @classmethod
    def current(cls) -> Limits:
        mb = 1024 * 1024
        return cls(int(float(settings.get("IMPORT_MAX_FILE_MB")) * mb),
                   int(float(settings.get("IMPORT_MAX_UNPACKED_MB")) * mb),
                   int(settings.get("IMPORT_MAX_ROWS")), float(settings.get("IMPORT_MAX_SECONDS")),
                   int(float(settings.get("IMPORT_MAX_MEMORY_MB")) * mb))


def megabytes(n: int, exact: bool = False) -> str:
    """`52.0 MB` for a size found, `50 MB` for a limit set (exact)."""
    return f"{n / 1024 / 1024:g} MB" if exact else f"{n / 1024 / 1024:.1f} MB"


class Budget:
    """One import's allowance, spent as it reads; each overrun refuses the file with the limit named."""

    def __init__(self, filename: str, limits: Limits | None = None):
        self.filename, self.limits = filename, limits or Limits.current()
        self.started, self.memory_at_start = time.monotonic(), _resident_bytes()
        self.rows = 0

    def file_size(self, size: int) -> None:
        if size > self.limits.file_bytes:
            refuse(self.filename, f"the file is {megabytes(size)}; the limit is "
                   f"{megabytes(self.limits.file_bytes, True)} (IMPORT_MAX_FILE_MB)")

    def unpacked(self, size: int, what: str = "its sheets") -> None:
        if size > self.limits.unpacked_bytes:
            refuse(self.filename, f"the workbook unpacks to {megabytes(size)} ({what}); the limit is "
                   f"{megabytes(self.limits.unpacked_bytes, True)} (IMPORT_MAX_UNPACKED_MB): split it into smaller files")

    def row(self, sheet: str) -> None:
        """Count one row read; refuse past the row limit, and check time and memory now and then."""
        self.rows += 1
        if self.rows > self.limits.rows:
            refuse(sheet, f"more than {self.limits.rows:,} rows; the limit is {self.limits.rows:,} "
                   "(IMPORT_MAX_ROWS): split the file", self.rows)
        if self.rows % CHECK_EVERY == 0:
            self.check(sheet)

    def check(self, sheet: str | None = None) -> None:
        where = sheet or self.filename
        elapsed = time.monotonic() - self.started
        if elapsed > self.limits.seconds:
            refuse(where, f"reading and checking took longer than {self.limits.seconds:g} s (IMPORT_MAX_SECONDS): "
                   "split the file or import it from the command line")
        now = _resident_bytes()
        if now is not None and self.memory_at_start is not None and \
                now - self.memory_at_start > self.limits.memory_bytes:
            refuse(where, f"reading it needed more than {megabytes(self.limits.memory_bytes, True)} of memory "
                   "(IMPORT_MAX_MEMORY_MB): split the file")
