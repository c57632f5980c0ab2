"""Spreadsheet formula injection (OWASP "CSV injection"): text written to a CSV or XLSX export that begins with
`=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single quote, so a spreadsheet shows it as text
instead of running it (`=HYPERLINK(...)` stays a string). Numbers are never touched: a number cell stays a number,
and text that is just a number (`-3.5`, `-12%`, `+1,234.5`) cannot be a formula and is left as it is.

The importer takes exactly that prefix away again (`restore`), so export -> import -> export is byte-identical.
To keep the pair exact, text that already begins with a quote followed by one of those characters (or by another
quote) gets a quote too: `restore(neutralise(s)) == s` for every string. The same rule serves the directorate
grid's CSV, in the browser (assets/dashAgGridFunctions.js, `csvSafeCell`). No database, no web framework.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Plain numbers as text: a spreadsheet reads them as numbers, never as formulas.
_NUMBER = re.compile(r"^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")


def needs_quote(text: str) -> bool:
    if not text:
        return False
    if text[0] in TRIGGERS:
        return not _NUMBER.match(text)
    return text[0] == QUOTE and len(text) > 1 and (text[1] in TRIGGERS or text[1] == QUOTE)


def neutralise(value):
    """A cell as exported: text that a spreadsheet would run gets a leading quote; anything else unchanged."""
    if isinstance(value, str) and needs_quote(value):
        return QUOTE + value
    return value


def restore(value):
    """A cell as imported: the quote `neutralise` added is removed (a quote followed by a trigger or a quote)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == QUOTE and (value[1] in TRIGGERS
                                                                           or value[1] == QUOTE):
        return value[1:]
    return value
