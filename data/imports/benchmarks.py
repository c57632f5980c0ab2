"""The benchmark store: comparators' figures kept from the files that carry them (other councils in an area
column, `Scotland` or family-group averages beside a council's own figure), for peer comparison.

`benchmark_dataset` (name, source, licence, retrieved_on) says where figures came from; `benchmark_value`
(dataset, area_code, area_name, measure_code, period, value) holds one comparator's figure for one of the
council's own measure codes and a period label. A dataset is replaced whole when its file is imported again.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from data.benchmarking.compare import ALL, FAMILY, PICK
from data.core import version
from data.core.models import (AuditEvent, BenchmarkDataset, BenchmarkGroup, BenchmarkGroupMember, BenchmarkLink,
                              BenchmarkMeasure, BenchmarkValue, Measure, utcnow)
from data.imports.problems import ImportRefused, Problem

VALUE_COLUMNS = ["dataset", "licence", "area_code", "area_name", "measure_code", "period", "value"]


def write(s: Session, dataset: tuple | None, rows: list[tuple]) -> int:
    """Store a dataset's figures, (area code, area name, measure code, period, value) each, replacing any
    earlier ones; returns how many were stored."""
    if not dataset:
        return 0
    name, source, licence, retrieved = dataset
    found = s.scalar(select(BenchmarkDataset).where(BenchmarkDataset.name == name))
    if found is None:
        found = BenchmarkDataset(name=name, source=source, licence=licence, retrieved_on=retrieved or date.today())
        s.add(found)
        s.flush()
    else:
        found.source, found.licence = source, licence or found.licence
        found.retrieved_on = retrieved or date.today()
        s.execute(delete(BenchmarkValue).where(BenchmarkValue.dataset_id == found.id))
    values = [{"dataset_id": found.id, "area_code": code, "area_name": area, "measure_code": measure,
               "period": period, "value": value} for code, area, measure, period, value in rows]
    if values:
        s.execute(insert(BenchmarkValue), values)
    return len(values)


def values(conn: Connection, measure_code: str, period: str | None = None) -> pd.DataFrame:
    """Every comparator's figure for one of the council's measures (VALUE_COLUMNS), optionally one period."""
    q = (select(BenchmarkDataset.name.label("dataset"), BenchmarkDataset.licence, BenchmarkValue.area_code,
                BenchmarkValue.area_name, BenchmarkValue.measure_code, BenchmarkValue.period, BenchmarkValue.value)
         .join(BenchmarkDataset).where(BenchmarkValue.measure_code == measure_code)
         .order_by(BenchmarkValue.period, BenchmarkValue.area_name))
    if period:
        q = q.where(BenchmarkValue.period == period)
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=VALUE_COLUMNS)


def datasets(conn: Connection) -> pd.DataFrame:
    """name, source, licence, retrieved_on, values (count) of each dataset."""
    q = (select(BenchmarkDataset.name, BenchmarkDataset.source, BenchmarkDataset.licence,
                BenchmarkDataset.retrieved_on, func.count(BenchmarkValue.id).label("values"))
         .outerjoin(BenchmarkValue).group_by(BenchmarkDataset.id).order_by(BenchmarkDataset.name))
    return pd.DataFrame(conn.execute(q).mappings().all(),
                        columns=["name", "source", "licence", "retrieved_on", "values"])


# --- issue 18: benchmark datasets read from publishers' files, links and comparator groups ---------------------

def _audit(s: Session, code: str, old, new, by: str | None, source: str | None) -> None:
    """Benchmark data changed, in the audit trail: datasets stored, measures linked or unlinked, groups saved
    (field `benchmark`; not restorable there: they are put back by importing or linking again)."""
    s.add(AuditEvent(at=utcnow(), author=by, source=(source or "benchmarks")[:300], code=str(code)[:40],
                     field="benchmark", old=None if old is None else json.dumps(old, default=str),
                     new=None if new is None else json.dumps(new, default=str)))


def store_file(engine: Engine, bf, *, dry_run: bool = False, by: str | None = None,
               source: str | None = None) -> dict:
    """Store a checked `benchmark_files.BenchmarkFile` in one transaction, replacing the dataset of that name
    whole (its measures and figures); bumps the data version. Returns counts of what was stored."""
    with Session(engine) as s, s.begin():
        found = s.scalar(select(BenchmarkDataset).where(BenchmarkDataset.name == bf.name))
        replaced = 0
        if found is None:
            found = BenchmarkDataset(name=bf.name, source=bf.source, licence=bf.licence, retrieved_on=bf.retrieved_on)
            s.add(found)
            s.flush()
        else:
            replaced = s.scalar(select(func.count()).select_from(BenchmarkValue)
                                .where(BenchmarkValue.dataset_id == found.id))
            found.source, found.licence, found.retrieved_on = bf.source, bf.licence, bf.retrieved_on
            s.execute(delete(BenchmarkValue).where(BenchmarkValue.dataset_id == found.id))
            s.execute(delete(BenchmarkMeasure).where(BenchmarkMeasure.dataset_id == found.id))
        if bf.measures:
            s.execute(insert(BenchmarkMeasure), [
                {"dataset_id": found.id, "code": code, "title": (m["title"] or code)[:300], "unit": m.get("unit"),
                 "polarity": m["polarity"], "definition": m.get("definition")} for code, m in bf.measures.items()])
        rows = [{"dataset_id": found.id, "area_code": code, "area_name": name, "measure_code": measure,
                 "period": period, "value": value, "lower_ci": lo, "upper_ci": hi, "family": family}
                for code, name, measure, period, value, lo, hi, family in bf.rows]
        for i in range(0, len(rows), 5000):
            s.execute(insert(BenchmarkValue), rows[i:i + 5000])
        version.bump(s)
        counts = {"dataset": bf.name, "measures": len(bf.measures), "areas": len(bf.areas), "values": len(rows),
                  "replaced": replaced, "missing": bf.missing, "skipped": sum(bf.skipped.values()),
                  "excluded": bf.excluded}
        if dry_run:
            s.rollback()
        else:
            _audit(s, bf.name, {"values": replaced} if replaced else None,
                   {"dataset": bf.name, "values": len(rows), "measures": len(bf.measures), "areas": len(bf.areas),
                    "source": bf.source, "licence": bf.licence, "retrieved": bf.retrieved_on}, by, source)
        return counts


def link(engine: Engine, code: str, benchmark_code: str, *, dataset: str | None = None, area: str,
         note: str | None = None, author: str | None = None, source: str | None = None) -> str:
    """Link a council measure to a benchmark measure, once: refused (ImportRefused) when the units or polarity
    differ, the benchmark measure or the council's area is not in the dataset. Returns what was linked, in words."""
    def refuse(message):
        raise ImportRefused([Problem("benchmark-link", None, None, message)])
    with Session(engine) as s, s.begin():
        measure = s.scalar(select(Measure).where(func.upper(Measure.code) == code.strip().upper()))
        if measure is None:
            refuse(f"there is no measure {code[:80]!r}")
        q = select(BenchmarkMeasure, BenchmarkDataset).join(BenchmarkDataset).where(
            BenchmarkMeasure.code == benchmark_code)
        if dataset:
            q = q.where(BenchmarkDataset.name == dataset)
        found = s.execute(q).all()
        if not found:
            refuse(f"no benchmark measure {benchmark_code[:80]!r}" + (f" in dataset {dataset[:200]!r}" if dataset else ""))
        if len(found) > 1:
            refuse(f"{benchmark_code!r} is in several datasets ({', '.join(d.name for _, d in found)}): "
                   "name the dataset (--dataset on the command line)")
        bm, ds = found[0]
        if (bm.unit or "").strip().casefold() != (measure.unit or "").strip().casefold():
            refuse(f"units differ: {measure.code} is in {measure.unit or 'no unit'!r}, {bm.code} in "
                   f"{bm.unit or 'no unit'!r}; scale the benchmark file (the mapping's `scale`) so they match")
        if bm.polarity != measure.polarity:
            if bm.polarity == "none":
                refuse(f"polarity differs: for {measure.code} {measure.polarity} is better, but the file gives "
                       f"{bm.code} no direction; import it again with --polarity {bm.code}={measure.polarity} "
                       f"(on the workbench, Polarity {bm.code}={measure.polarity})")
            refuse(f"polarity differs: for {measure.code} {measure.polarity} is better, for {bm.code} "
                   f"{bm.polarity}; the two are not the same measure")
        areas = {a.casefold() for row in s.execute(select(BenchmarkValue.area_code, BenchmarkValue.area_name)
                                                   .where(BenchmarkValue.dataset_id == ds.id).distinct())
                 for a in row if a}
        if area.casefold() not in areas:
            refuse(f"the council's area {area[:200]!r} is not in dataset {ds.name!r}: give the council's area as "
                   "the file writes its code or name (--area on the command line)")
        existing = s.get(BenchmarkLink, measure.id)
        before = None if existing is None else {"benchmark": existing.benchmark_code, "area": existing.area,
                                                "note": existing.definition_note}
        if existing is None:
            existing = BenchmarkLink(measure_id=measure.id)
            s.add(existing)
        existing.dataset_id, existing.benchmark_code, existing.area = ds.id, bm.code, area
        existing.definition_note = (note or "").strip() or None
        existing.linked_by, existing.linked_at = author, utcnow()
        _audit(s, measure.code, before, {"benchmark": bm.code, "dataset": ds.name, "area": area,
                                         "note": existing.definition_note}, author, source)
        version.bump(s)
        return (f"{measure.code} compared with {bm.code} ({bm.title}) in {ds.name}, as {area}"
                + (f"; definitions differ: {existing.definition_note}" if existing.definition_note else "."))


def unlink(engine: Engine, code: str, by: str | None = None, source: str | None = None) -> bool:
    with Session(engine) as s, s.begin():
        measure = s.scalar(select(Measure).where(func.upper(Measure.code) == code.strip().upper()))
        found = measure is not None and s.get(BenchmarkLink, measure.id)
        if found:
            _audit(s, measure.code, {"benchmark": found.benchmark_code, "area": found.area}, None, by, source)
            s.delete(found)
            version.bump(s)
        return bool(found)


def group_slug(name: str) -> str:
    """`Our CIPFA neighbours` -> `our-cipfa-neighbours`: the group's key in the URL (`?peers=`)."""
    return re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")[:120]


def save_group(engine: Engine, slug: str, name: str, areas: list[str], source: str | None = None,
               by: str | None = None, via: str | None = None) -> int:
    """A named comparator group (replaced whole if the slug exists): its areas by code or name."""
    where = source or slug or "the group"
    name = (name or "").strip()
    if not slug or not name:
        raise ImportRefused([Problem(where, None, None, "give the group a name (letters or digits)")])
    if len(name) > 200:
        raise ImportRefused([Problem(where, None, None, f"the group's name is {len(name)} characters long; at most "
                                     "200 are kept")])
    if slug in RESERVED_GROUPS:
        raise ImportRefused([Problem(where, None, None, f"{name!r} is the name of a built-in choice "
                                     f"(?peers={slug}): call the group something else")])
    listed = [str(a).strip() for a in areas if a is not None and str(a).strip()]
    long = [i for i, a in enumerate(listed, start=1) if len(a) > 200]
    if long:
        raise ImportRefused([Problem(where, None, None, f"area number {i} ({listed[i - 1][:30]!r}...) is "
                                     f"{len(listed[i - 1])} characters long; at most 200 are kept") for i in long[:50]])
    areas = list(dict.fromkeys(listed))
    if not areas:
        raise ImportRefused([Problem(where, None, None, "the group lists no areas")])
    with Session(engine) as s, s.begin():
        group = s.scalar(select(BenchmarkGroup).where(BenchmarkGroup.slug == slug))
        before = None if group is None else {"group": group.name, "areas": sorted(
            s.scalars(select(BenchmarkGroupMember.area).where(BenchmarkGroupMember.group_id == group.id)))}
        if group is None:
            group = BenchmarkGroup(slug=slug, name=name, source=source)
            s.add(group)
            s.flush()
        else:
            group.name, group.source = name, source
            s.execute(delete(BenchmarkGroupMember).where(BenchmarkGroupMember.group_id == group.id))
        s.execute(insert(BenchmarkGroupMember), [{"group_id": group.id, "area": a} for a in areas])
        _audit(s, slug, before, {"group": name, "areas": areas, "from": source}, by, via)
        version.bump(s)
    return len(areas)


LINK_COLUMNS = ["measure_id", "code", "dataset", "source", "licence", "retrieved_on", "benchmark_code", "title",
                "unit", "polarity", "definition", "area", "definition_note"]


def links(conn: Connection) -> pd.DataFrame:
    """Every link from a council measure to a benchmark measure (LINK_COLUMNS); one statement."""
    q = (select(BenchmarkLink.measure_id, Measure.code, BenchmarkDataset.name.label("dataset"),
                BenchmarkDataset.source, BenchmarkDataset.licence, BenchmarkDataset.retrieved_on,
                BenchmarkLink.benchmark_code, BenchmarkMeasure.title, BenchmarkMeasure.unit,
                BenchmarkMeasure.polarity, BenchmarkMeasure.definition, BenchmarkLink.area,
                BenchmarkLink.definition_note)
         .join(Measure, Measure.id == BenchmarkLink.measure_id)
         .join(BenchmarkDataset, BenchmarkDataset.id == BenchmarkLink.dataset_id)
         .outerjoin(BenchmarkMeasure, (BenchmarkMeasure.dataset_id == BenchmarkLink.dataset_id)
                    & (BenchmarkMeasure.code == BenchmarkLink.benchmark_code))
         .order_by(Measure.code))
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=LINK_COLUMNS)


LINKED_COLUMNS = ["measure_id", "area_code", "area_name", "period", "value", "lower_ci", "upper_ci", "family"]


def linked_values(conn: Connection) -> pd.DataFrame:
    """Every benchmark figure of every linked measure, by the council measure's id (LINKED_COLUMNS); one statement."""
    q = (select(BenchmarkLink.measure_id, BenchmarkValue.area_code, BenchmarkValue.area_name, BenchmarkValue.period,
                BenchmarkValue.value, BenchmarkValue.lower_ci, BenchmarkValue.upper_ci, BenchmarkValue.family)
         .join(BenchmarkValue, (BenchmarkValue.dataset_id == BenchmarkLink.dataset_id)
               & (BenchmarkValue.measure_code == BenchmarkLink.benchmark_code)))
    return pd.DataFrame(conn.execute(q).all(), columns=LINKED_COLUMNS)


def groups(conn: Connection) -> dict[str, tuple[str, list[str]]]:
    """{slug: (name, [areas])} of the named comparator groups; one statement."""
    out: dict[str, tuple[str, list[str]]] = {}
    q = (select(BenchmarkGroup.slug, BenchmarkGroup.name, BenchmarkGroupMember.area)
         .join(BenchmarkGroupMember).order_by(BenchmarkGroup.name, BenchmarkGroupMember.area))
    for slug, name, area in conn.execute(q):
        out.setdefault(slug, (name, []))[1].append(area)
    return out


def linked(conn: Connection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(links, their figures): `links()` and `linked_values()` in one statement (a link with no figures still comes
    back), for pages that read both on every change of data."""
    link_cols = [BenchmarkLink.measure_id, Measure.code, BenchmarkDataset.name.label("dataset"),
                 BenchmarkDataset.source, BenchmarkDataset.licence, BenchmarkDataset.retrieved_on,
                 BenchmarkLink.benchmark_code, BenchmarkMeasure.title, BenchmarkMeasure.unit, BenchmarkMeasure.polarity,
                 BenchmarkMeasure.definition, BenchmarkLink.area, BenchmarkLink.definition_note]
    value_cols = [BenchmarkValue.area_code, BenchmarkValue.area_name, BenchmarkValue.period, BenchmarkValue.value,
                  BenchmarkValue.lower_ci, BenchmarkValue.upper_ci, BenchmarkValue.family]
    q = (select(*link_cols, *value_cols)
         .join(Measure, Measure.id == BenchmarkLink.measure_id)
         .join(BenchmarkDataset, BenchmarkDataset.id == BenchmarkLink.dataset_id)
         .outerjoin(BenchmarkMeasure, (BenchmarkMeasure.dataset_id == BenchmarkLink.dataset_id)
                    & (BenchmarkMeasure.code == BenchmarkLink.benchmark_code))
         .outerjoin(BenchmarkValue, (BenchmarkValue.dataset_id == BenchmarkLink.dataset_id)
                    & (BenchmarkValue.measure_code == BenchmarkLink.benchmark_code)))
    frame = pd.DataFrame(conn.execute(q).all(), columns=LINK_COLUMNS + LINKED_COLUMNS[1:])
    links = frame[LINK_COLUMNS].drop_duplicates("measure_id").sort_values("code")
    values = frame.loc[frame["area_name"].notna(), LINKED_COLUMNS]
    return links, values


# --- the council's default comparator group (a council setting, data.people.access) ---------------------------

GROUP_SETTING, GROUP_DEFAULT = "benchmark_peers", ALL
RESERVED_GROUPS = (ALL, FAMILY, PICK, "all-areas")     # the built-in choices: no named group may take their slug


def check_group(conn: Connection, value: str | None) -> str:
    """The default group as stored: `all`, `family` or a named group's slug (its name is accepted too); a ValueError
    naming the choices for anything else."""
    wanted = (value or "").strip()
    if wanted.casefold() in (ALL, "all-areas", FAMILY):
        return FAMILY if wanted.casefold() == FAMILY else ALL
    named = groups(conn)
    found = next((slug for slug, (name, _) in named.items() if wanted.casefold() in (slug, name.casefold())), None)
    if found is None:
        known = ", ".join([ALL, FAMILY, *sorted(named)])
        raise ValueError(f"there is no comparator group {wanted[:80]!r}: choose one of {known}")
    return found


MEASURE_COLUMNS = ["dataset", "code", "title", "unit", "polarity"]


def measures(conn: Connection) -> pd.DataFrame:
    """Every benchmark measure (MEASURE_COLUMNS), by dataset and code: what a council measure may be linked to."""
    q = (select(BenchmarkDataset.name.label("dataset"), BenchmarkMeasure.code, BenchmarkMeasure.title,
                BenchmarkMeasure.unit, BenchmarkMeasure.polarity)
         .join(BenchmarkDataset).order_by(BenchmarkDataset.name, BenchmarkMeasure.code))
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=MEASURE_COLUMNS)


def group_rows(conn: Connection) -> pd.DataFrame:
    """slug, name, source and areas (count) of each named group, by name."""
    q = (select(BenchmarkGroup.slug, BenchmarkGroup.name, BenchmarkGroup.source,
                func.count(BenchmarkGroupMember.area).label("areas"))
         .outerjoin(BenchmarkGroupMember).group_by(BenchmarkGroup.id).order_by(BenchmarkGroup.name))
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=["slug", "name", "source", "areas"])


def stored_words(what: str, counts: dict, dry_run: bool = False) -> str:
    """What `store_file` did (or would do), as the command line and the workbench say it."""
    return (f"{'Would import' if dry_run else 'Imported'} {what} as benchmark dataset {counts['dataset']!r}: "
            f"{counts['values']} figures of {counts['measures']} measures for {counts['areas']} areas "
            f"({counts['missing']} blank, {counts['skipped']} skipped, {counts['excluded']} of excluded areas; "
            f"replacing {counts['replaced']}).")
