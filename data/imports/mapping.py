"""How to read a file whose headings or rows need help: a mapping, kept as JSON beside the data (`examples/`),
made on the import page, or saved in the database under a name and offered again when the same headings arrive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from data.core.models import ImportMapping, utcnow
from data.imports.headings import FIELDS, heading_key
from data.imports.problems import ImportRefused, Problem

LAYOUTS = ("template", "wide", "long", "measures")


@dataclass
class Mapping:
    """headings: {heading as typed: field or "ignore"}; derive: {field: {"from": heading, "map": {cell: value}}
    or {"value": constant}}; defaults / measures[code]: measure fields the file lacks; include / exclude:
    {heading: [cell values]} to keep or drop rows; blank: {field: [cell texts that mean blank]}; area: the one
    area to import from a file of many (the others are kept for benchmarking); codes: {indicator name: code} for
    files without a code column.
    """

    name: str = ""
    layout: str | None = None
    sheets: list[str] | None = None
    header_row: int | None = None
    year: str | None = None
    headings: dict[str, str] = field(default_factory=dict)
    derive: dict[str, dict] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    measures: dict[str, dict] = field(default_factory=dict)
    include: dict[str, list] = field(default_factory=dict)
    exclude: dict[str, list] = field(default_factory=dict)
    blank: dict[str, list] = field(default_factory=dict)
    scale: dict[str, float] = field(default_factory=dict)    # {code: factor}: LGBF's 0-1 fractions x 100
    area: str | None = None
    codes: dict[str, str] = field(default_factory=dict)
    ignore_other_columns: bool = False
    skip_unparseable_periods: bool = False
    description: str = ""

    @classmethod
    def from_dict(cls, data: dict | None) -> Mapping:
        data = dict(data or {})
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ImportRefused([Problem("mapping", None, k, "unknown mapping key") for k in sorted(unknown)])
        m = cls(**data)
        bad = [Problem("mapping", None, h, f"{f!r} is not a field (expected one of {', '.join(FIELDS)})")
               for h, f in m.headings.items() if f not in FIELDS]
        if m.layout and m.layout not in LAYOUTS:
            bad.append(Problem("mapping", None, "layout", f"{m.layout!r} is not one of {', '.join(LAYOUTS)}"))
        if m.header_row is not None and (not isinstance(m.header_row, int) or not 1 <= m.header_row <= 1000):
            bad.append(Problem("mapping", None, "header_row", f"{m.header_row!r} is not a row number"))
        if bad:
            raise ImportRefused(bad)
        return m

    @classmethod
    def load(cls, path: Path | str) -> Mapping:
        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as e:
            raise ImportRefused([Problem(str(path), None, None, f"not a readable mapping file ({e})")]) from None

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "", [], {}, False)}

    def field_for(self, heading) -> str | None:
        keyed = {heading_key(h): f for h, f in self.headings.items()}
        return keyed.get(heading_key(heading))

    def merged(self, **options) -> Mapping:
        """A copy with the command line's or page's choices laid over it (`area`, `directorate`, `service`,
        `polarity` as {code: word}); None and blank choices change nothing."""
        data = json.loads(json.dumps(self.to_dict()))
        if options.get("area"):
            data["area"] = options["area"]
        for f in ("directorate", "service"):
            if options.get(f):
                data.setdefault("defaults", {})[f] = options[f]
        for code, word in (options.get("polarity") or {}).items():
            data.setdefault("measures", {}).setdefault(code, {})["polarity"] = word
        return Mapping.from_dict(data)


# saved mappings ------------------------------------------------------------------------------------
def signature(headings) -> list[str]:
    """What identifies a file's layout: its heading row's headings, as keys, sorted."""
    return sorted({heading_key(h) for h in headings if heading_key(h)})


def save(engine: Engine, name: str, mapping: Mapping | dict, headings, author: str | None = None) -> None:
    """Keep a confirmed mapping under a name (replacing one of the same name)."""
    name = " ".join(str(name).split())[:120]
    if not name:
        raise ValueError("a saved mapping needs a name")
    data = (mapping if isinstance(mapping, Mapping) else Mapping.from_dict(mapping)).to_dict()
    data["name"] = name
    with Session(engine) as s, s.begin():
        row = s.get(ImportMapping, name) or ImportMapping(name=name)
        row.headings, row.mapping = json.dumps(signature(headings)), json.dumps(data, sort_keys=True)
        row.saved_by, row.saved_at = author, utcnow()
        s.add(row)


def load_saved(engine: Engine, name: str) -> Mapping | None:
    with Session(engine) as s:
        row = s.get(ImportMapping, " ".join(str(name).split()))
        return Mapping.from_dict(json.loads(row.mapping)) if row else None


def matching(engine: Engine, candidate_rows) -> list[str]:
    """Names of saved mappings whose headings are those of one of `candidate_rows` (rows near a sheet's top)."""
    wanted = {tuple(signature(r)) for r in candidate_rows if r}
    with Session(engine) as s:
        saved = s.execute(select(ImportMapping.name, ImportMapping.headings).order_by(ImportMapping.name)).all()
    return [name for name, headings in saved if tuple(json.loads(headings)) in wanted]
