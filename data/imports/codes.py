"""Measure codes as people type them: trimmed, invisible characters removed, matched whatever their case.

`ZZ\\u200b01` (a zero-width space) and ` zz01` are the code `ZZ01`: stored measures are found by `key`, a new
measure keeps its cleaned spelling, and two spellings of one key in one file are refused, both named.
"""

from __future__ import annotations

import unicodedata

# Spaces that are not spaces, and characters that print as nothing (format characters such as U+200B and U+FEFF).
_SPACES = {"\u00a0", "\u2007", "\u202f", "\u3000"}


def clean(text) -> str | None:
    """The code as it should be stored: NFKC, no invisible characters, no surrounding space; None when blank."""
    if text is None:
        return None
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    cleaned = "".join(" " if ch in _SPACES else ch for ch in unicodedata.normalize("NFKC", str(text))
                      if unicodedata.category(ch) not in ("Cf", "Cc") or ch in "\t\n")
    cleaned = " ".join(cleaned.split())
    return cleaned or None


def key(text) -> str:
    """What two spellings of one code share: `key(" hsg01") == key("HSG01")`."""
    return (clean(text) or "").casefold()


def shown(text) -> str:
    """A code as a message should show it, invisible characters spelt out: 'ZZ\\u200b01'."""
    return "'" + "".join(ch if ch.isprintable() and unicodedata.category(ch) != "Cf" else f"\\u{ord(ch):04x}"
                         for ch in str(text)) + "'"


class Codes:
    """Stored measure codes by key; `resolve` turns a file's spelling into the stored one."""

    def __init__(self, stored):
        self.by_key: dict[str, list[str]] = {}
        for code in stored:
            self.by_key.setdefault(key(code), []).append(code)

    def resolve(self, code: str) -> str:
        """The stored spelling of a code (the cleaned spelling when it is new).

        Raises ValueError when stored measures already hold two spellings of it."""
        found = self.by_key.get(key(code), [])
        if len(found) > 1:
            raise ValueError(f"{shown(code)} matches {len(found)} stored measures that differ only by case or "
                             f"invisible characters ({', '.join(shown(c) for c in found)}): rename all but one")
        return found[0] if found else clean(code)

    def add(self, code: str) -> None:
        self.by_key.setdefault(key(code), []).append(code)
