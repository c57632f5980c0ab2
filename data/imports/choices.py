"""The import page's choices as a mapping, and the page's steps: preview an upload (reading it with a saved
mapping when one matches its headings), apply what the user chose, confirm.

Choices (all optional): `saved` (a saved mapping's name), `header_row`, `columns` ([{heading, field}]),
`area`, `directorate`, `service`, `frequency` and `rollup` (for new measures), `filter_column` + `filter_values` (comma-separated: rows to keep),
`measures` ([{code, original, title, derived, polarity, found_polarity, fractions}]).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from data.imports import intake, mapping as mappings, pending
from data.imports.headings import FIELDS
from data.imports.mapping import Mapping
from data.imports.problems import ImportRefused
from data.imports.store import Changes

POLARITIES = ("higher", "lower", "none")
FRACTIONS = "multiply by 100"


def _text(v) -> str:
    return " ".join(str(v or "").split())


def apply(engine: Engine, current: dict | None, choices: dict) -> dict:
    """The upload's mapping with the page's choices laid over it (a saved mapping, if chosen, as the base)."""
    saved = _text(choices.get("saved"))
    base = mappings.load_saved(engine, saved) if saved and saved != (current or {}).get("name") else None
    m = (base or Mapping.from_dict(current or {})).to_dict()
    row = choices.get("header_row")
    m["header_row"] = int(row) if isinstance(row, (int, float)) and 1 <= row <= 1000 else None
    columns = {str(r.get("heading")): r.get("field") for r in choices.get("columns") or []
               if isinstance(r, dict) and r.get("heading") and r.get("field") in FIELDS}
    m["headings"] = {**m.get("headings", {}), **columns}
    m["area"] = _text(choices.get("area")) or None
    m["defaults"] = dict(m.get("defaults", {}))
    for f in ("directorate", "service", "frequency", "rollup"):
        if _text(choices.get(f)):
            m["defaults"][f] = _text(choices.get(f))
        elif f in ("frequency", "rollup") and f in choices:
            m["defaults"].pop(f, None)
    column, kept = _text(choices.get("filter_column")), [_text(v) for v in str(choices.get("filter_values") or "")
                                                        .split(",") if _text(v)]
    m["include"] = {column: kept} if column and kept else {k: v for k, v in m.get("include", {}).items()
                                                            if k != column}
    _measures(m, choices.get("measures") or [])
    return Mapping.from_dict(m).to_dict()


def _measures(m: dict, rows: list) -> None:
    """Each measure row: `code` as edited (derived codes only), `original`, `title`, `polarity` and the one
    found (`found_polarity`), `fractions`."""
    m["codes"], m["measures"] = dict(m.get("codes", {})), dict(m.get("measures", {}))
    m["scale"] = dict(m.get("scale", {}))
    for r in (r for r in rows if isinstance(r, dict) and r.get("original")):
        code = _text(r.get("code")) or r["original"]
        if r.get("derived") and code != r["original"] and r.get("title"):
            m["codes"][str(r["title"])] = code
        if r.get("polarity") in POLARITIES and r.get("polarity") != r.get("found_polarity"):
            m["measures"][code] = {**m["measures"].get(code, {}), "polarity": r["polarity"]}
        if r.get("fractions") == FRACTIONS:
            m["scale"][code] = 100
        else:
            m["scale"].pop(code, None)


def preview(engine: Engine, upload: pending.Upload, choices: dict | None = None, progress=None):
    """(Preview, mapping used): the upload read with the user's choices, or, on first sight, with the saved
    mapping whose headings match it."""
    current = apply(engine, upload.mapping, choices) if choices is not None else upload.mapping
    result = intake.preview(engine, upload.content, upload.filename, current, progress=progress)
    if choices is None and not current and result.understood.saved:
        name = result.understood.saved[0]
        current = mappings.load_saved(engine, name).to_dict()
        result = intake.preview(engine, upload.content, upload.filename, current, progress=progress)
        result.understood.notes.insert(0, f"read with the saved mapping {name!r}, made for files with these "
                                          "headings (change the choices below if this file differs)")
    return result, current


@dataclass
class Confirmed:
    changes: Changes | None = None
    problems: list | None = None
    saved_as: str | None = None


def confirm(engine: Engine, upload: pending.Upload, author: str | None, save_as: str | None = None) -> Confirmed:
    """Import the pending upload with its mapping (all or nothing); keep the mapping under `save_as`."""
    try:
        prepared, changes = intake.import_file(engine, upload.content, upload.filename,
                                               mapping=upload.mapping or None, author=author)
    except ImportRefused as refused:
        return Confirmed(problems=refused.problems)
    name = _text(save_as)[:120] or None
    if name:
        mappings.save(engine, name, upload.mapping or {}, [h for row in prepared.understood.headings for h in row],
                      author)
    pending.discard(engine, upload.id)
    return Confirmed(changes, saved_as=name)
