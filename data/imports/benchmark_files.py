"""Read a benchmark publisher's file (many areas x measures x periods) into a checked `BenchmarkFile`, all or
nothing: every problem names its sheet, row and column, and nothing is stored unless the whole file reads.

Two layouts, as publishers write them: *long*, one row per area, measure and period (LGBF, Fingertips, Trafford
Data Lab); *wide*, one row per area and measure with a column per year. Areas are kept as the import code keeps
other areas: by code where the file gives one, else by name, and a code written with two names (or a name with two
codes) is refused. A mapping (JSON, see `examples/lgbf_benchmarks.json`) names the columns, the dataset's source,
licence and date retrieved, and where the measures' titles, units and polarity come from.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from data.core import clock
from data.core.period_forms import parse as parse_period
from data.core.periods import YEAR, PeriodError
from data.imports.headings import heading_key
from data.imports.limits import Budget
from data.imports.problems import ImportRefused, Problem
from data.imports.sheets import display_name, read_sheets
from data.imports.values import parse_value
from data.imports.words import unit_of_measure_type

ROLES = ("area_code", "area_name", "measure", "measure_title", "measure_type", "unit", "polarity", "period", "value",
         "lower_ci", "upper_ci", "family")
# ONS codes of countries, the UK and regions (England E92000001, English regions E12...): national or regional
# figures, not peers; left out with a note (a mapping's `exclude_areas` names others).
AGGREGATE_CODES = re.compile(r"^(E92|W92|S92|N92|K02|K03|K04|E12)\d{6}$")
# Headings recognised with no mapping (compared by heading_key): Fingertips, Trafford Data Lab, LG Inform, LGBF.
KNOWN_HEADINGS = {
    "area_code": ("area code", "area_code", "areacode", "ons code", "gss code", "la code"),
    "area_name": ("area name", "area_name", "area", "areaname", "local authority", "localauthority", "council"),
    "measure": ("indicator id", "indicator code", "measure code", "measure_code", "code", "indicator_id"),
    "measure_title": ("indicator name", "indicator", "measure title", "title", "indicator_name"),
    "measure_type": ("measure", "measure type", "measuretype"),
    "unit": ("unit",),
    "polarity": ("polarity",),
    "period": ("time period", "period", "year", "time_period"),
    "value": ("value", "la_indicatorreal"),
    "lower_ci": ("lower ci 95.0 limit", "lower ci", "lower_ci", "lower confidence limit", "lcl"),
    "upper_ci": ("upper ci 95.0 limit", "upper ci", "upper_ci", "upper confidence limit", "ucl"),
    "family": ("family group", "familygroup", "family"),
}
POLARITY_WORDS = {"higher": "higher", "lower": "lower", "none": "none", "descending": "higher",
                  "ascending": "lower", "goldilocks": "none", "aim to maximise": "higher",
                  "aim to minimise": "lower", "high is good": "higher", "low is good": "lower"}
_FY_FORM = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2})$")


# What each mapping key holds (anything else is refused before the file is read).
MAPPING_TYPES = {"name": (str, "text"), "source": (str, "text"), "licence": (str, "text"),
                 "retrieved_on": ((str, date), "a date (write 2024-03-20)"), "layout": (str, "long or wide"),
                 "headings": (dict, "an object of heading: role"), "include": (dict, "an object of heading: [values]"),
                 "exclude_areas": (list, "a list of area codes or names"), "measure": (dict, "an object"),
                 "measures": (dict, "an object (file, headings, units)"), "polarity_words": (dict, "an object"),
                 "polarities": (dict, "an object of code: higher|lower|none"),
                 "scale": (dict, "an object of unit or code: factor"), "years_only": (bool, "true or false"),
                 "skip_unparseable_periods": (bool, "true or false")}


@dataclass
class BenchmarkMapping:
    name: str | None = None
    source: str | None = None
    licence: str | None = None
    retrieved_on: date | None = None
    layout: str | None = None                          # long | wide; None: wide when headings are years
    headings: dict = field(default_factory=dict)       # file heading -> role (or "ignore")
    include: dict = field(default_factory=dict)        # file heading -> values kept
    exclude_areas: list = field(default_factory=list)  # national or regional aggregates, not peers
    measure: dict = field(default_factory=dict)        # one measure's code/title/unit/polarity (fills the file's gaps)
    measures: dict = field(default_factory=dict)       # {"file", "headings", "units"}: a catalogue of measures
    polarity_words: dict = field(default_factory=dict)
    polarities: dict = field(default_factory=dict)     # measure code -> higher|lower|none, where the file gives none
    scale: dict = field(default_factory=dict)          # unit or measure code -> factor (LGBF fractions -> %)
    years_only: bool = False                           # skip periods that are not financial years
    skip_unparseable_periods: bool = False

    @classmethod
    def load(cls, path: str | Path) -> BenchmarkMapping:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise ImportRefused([Problem(str(path), None, None, f"not a readable mapping file ({e})")]) from None
        return cls.from_json(text, str(path))

    @classmethod
    def from_json(cls, text: str, where: str = "mapping") -> BenchmarkMapping:
        """A mapping written as JSON (a file's text, or pasted on the workbench)."""
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as e:
            raise ImportRefused([Problem(where, None, None, f"not a readable mapping file ({e})")]) from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict) -> BenchmarkMapping:
        if not isinstance(data, dict):
            raise ImportRefused([Problem("mapping", None, None, "a mapping is a JSON object ({...}) of the keys in "
                                         "examples/benchmarks/")])
        data = dict(data)
        data.pop("description", None)
        dataset = data.pop("dataset", {}) or {}
        if not isinstance(dataset, dict):
            raise ImportRefused([Problem("mapping", None, "dataset", "must be an object (name, source, ...)")])
        data.update(dataset)
        unknown = sorted(set(data) - set(cls.__dataclass_fields__))
        if unknown:
            raise ImportRefused([Problem("mapping", None, str(k)[:80], "unknown mapping key") for k in unknown[:50]])
        wrong = [Problem("mapping", None, k, f"must be {words}") for k, (kind, words) in MAPPING_TYPES.items()
                 if data.get(k) is not None and not isinstance(data[k], kind)]
        wrong += [Problem("mapping", None, f"scale: {str(k)[:40]}", "must be a number")
                  for k, v in (data.get("scale") or {}).items() if isinstance(data.get("scale"), dict)
                  and (isinstance(v, bool) or not isinstance(v, (int, float)))]
        wrong += [Problem("mapping", None, f"{key}: {str(k)[:40]}", "must be text")
                  for key in ("headings", "polarities", "polarity_words", "measure")
                  if isinstance(data.get(key), dict) for k, v in data[key].items() if not isinstance(v, str)]
        wrong += [Problem("mapping", None, f"include: {str(k)[:40]}", "must be a list of values")
                  for k, v in (data.get("include") or {}).items() if isinstance(data.get("include"), dict)
                  and not isinstance(v, list)]
        given = {k: data.get(k) if isinstance(data.get(k), dict) else {} for k in ("polarities", "polarity_words")}
        words = {*POLARITY_WORDS, *(str(k).casefold() for k in given["polarity_words"])}
        wrong += [Problem("mapping", None, f"polarity {'of every measure' if k == '*' else 'of ' + str(k)[:40]}",
                          f"{v[:40]!r} is not higher, lower or none")
                  for k, v in given["polarities"].items() if isinstance(v, str) and v.strip().casefold() not in words]
        if wrong:
            raise ImportRefused(wrong[:50])
        if isinstance(data.get("retrieved_on"), str):
            try:
                data["retrieved_on"] = date.fromisoformat(data["retrieved_on"])
            except ValueError:
                raise ImportRefused([Problem("mapping", None, "retrieved_on", f"{data['retrieved_on']!r} is not "
                                             "a date (write 2024-03-20)")]) from None
        if data.get("layout") not in (None, "long", "wide"):
            raise ImportRefused([Problem("mapping", None, "layout", f"{data['layout']!r} is not long or wide")])
        return cls(**data)


@dataclass
class BenchmarkFile:
    """A checked file: the dataset's description, its measures and its figures."""

    name: str
    source: str
    licence: str | None
    retrieved_on: date
    measures: dict = field(default_factory=dict)       # code -> {title, unit, polarity, definition}
    rows: list = field(default_factory=list)           # (area_code, area_name, measure, period, value, lo, hi, family)
    areas: dict = field(default_factory=dict)          # area key -> name
    missing: int = 0                                   # blank or no-data cells, not stored
    skipped: dict = field(default_factory=dict)        # period label -> rows skipped (not a financial year ...)
    excluded: int = 0                                  # rows of excluded areas (aggregates)
    notes: list = field(default_factory=list)


def chosen_mapping(mapping: BenchmarkMapping | None = None, *, name: str | None = None, source: str | None = None,
                   licence: str | None = None, retrieved: str | None = None, polarity=()) -> BenchmarkMapping:
    """The mapping with what the command line's options (or the workbench's form) say over it: the dataset's name,
    source, licence and date retrieved, and `polarity` items `CODE=higher` (one measure) or `higher` (all)."""
    mapping = mapping or BenchmarkMapping()
    given = {}
    for item in polarity:
        item = str(item).strip()
        if item:
            code, _, word = item.rpartition("=") if "=" in item else ("*", "", item)
            given[code.strip() or "*"] = word.strip()
    extra = {"name": name, "source": source, "licence": licence, "retrieved_on": retrieved,
             "polarities": {**mapping.polarities, **given}}
    return BenchmarkMapping.from_dict({**{k: v for k, v in vars(mapping).items() if v not in (None, {}, [])},
                                       **{k: v.strip() if isinstance(v, str) else v for k, v in extra.items() if v}})


# Longest text the store keeps in each place (data/core/models.py): longer is refused, naming where it is.
LONGEST = {"name": 200, "source": 300, "licence": 200, "area_code": 40, "area_name": 200, "measure": 40,
           "unit": 40, "family": 80}


def _too_long(problems, sheet, row, column, role, value) -> bool:
    if value is not None and len(str(value)) > LONGEST[role]:
        problems.append(Problem(sheet, row, column, f"the {role.replace('_', ' ')} is {len(str(value))} characters "
                                f"long; at most {LONGEST[role]} are kept: {str(value)[:40]!r}..."))
        return True
    return False


def read(path: str | Path | bytes, mapping: BenchmarkMapping | None = None, *, today: date | None = None,
         filename: str | None = None) -> BenchmarkFile:
    """Read and check one file (a path, or an upload's bytes with its `filename`); raises ImportRefused listing
    every problem (nothing is stored by this). An upload cannot name a measures file beside it."""
    mapping = mapping or BenchmarkMapping()
    if isinstance(path, bytes):
        name, folder, content = display_name(filename), None, path
    else:
        path = Path(path)
        if not path.exists():
            raise ImportRefused([Problem(str(path), None, None, "no such file")])
        name, folder, content = path.name, path.parent, path
    budget = Budget(name)
    sheet = read_sheets(content, name, budget)[0]
    out = BenchmarkFile(mapping.name or Path(name).stem, mapping.source or name, mapping.licence,
                        mapping.retrieved_on or today or clock.today())
    problems: list[Problem] = []
    for role in ("name", "source", "licence"):
        _too_long(problems, "dataset", None, role, role, getattr(out, role))
    header = next((i for i, row in enumerate(sheet.rows) if sum(c not in (None, "") for c in row) >= 2), 0)
    headings = [str(h).strip() if h is not None else "" for h in sheet.rows[header]]
    roles, years = _roles(headings, mapping, sheet.name, problems)
    layout = mapping.layout or ("wide" if years and "period" not in roles.values() else "long")
    needed = ["value", "period"] if layout == "long" else []
    needed += ([] if {"measure", "measure_title"} & set(roles.values()) or mapping.measure.get("code")
               else ["measure"])
    if "area_code" not in roles.values() and "area_name" not in roles.values():
        needed.append("area_name")
    for role in needed:
        if role not in roles.values():
            problems.append(Problem(sheet.name, header + 1, None, f"no column holds the {role.replace('_', ' ')}: "
                                    f"name it in the mapping's headings (`\"<heading>\": \"{role}\"`)"))
    if layout == "wide" and not years:
        problems.append(Problem(sheet.name, header + 1, None, "a wide file needs a column per year (2019/20 ...)"))
    if problems:
        raise ImportRefused(problems)
    column = {role: i for i, role in roles.items()}
    catalogue = _catalogue(mapping, folder, problems)
    includes = {i: {str(v) for v in allowed} for h, allowed in mapping.include.items()
                for i, heading in enumerate(headings) if heading_key(heading) == heading_key(h)}
    excluded = {str(a).casefold() for a in mapping.exclude_areas}
    by_code, by_name, seen, aggregates = {}, {}, {}, set()
    labels = ({str(r[column["period"]]).strip() for r in sheet.rows[header + 1:]
               if column.get("period") is not None and column["period"] < len(r) and r[column["period"]] is not None}
              if layout == "long" else set())
    year_forms = any(_is_fy_label(x) for x in labels)
    for n, row in enumerate(sheet.rows[header + 1:], start=header + 2):
        def cell(role, row=row):
            i = column.get(role)
            value = row[i] if i is not None and i < len(row) else None
            return None if value is None or (isinstance(value, str) and not value.strip()) else value
        if all(c in (None, "") for i, c in enumerate(row) if i < len(headings) and headings[i]) or any(_text(row[i] if i < len(row) else None) not in allowed
                                                      for i, allowed in includes.items()):
            continue
        first = _text(next((c for c in row if c not in (None, "")), None)) or ""
        if first.casefold() in ("total", "totals") or first.casefold().startswith("source"):
            out.notes.append(f"row {n} ({first[:30]}) is a footer: not read")
            continue
        code, name = _text(cell("area_code")), _text(cell("area_name"))
        if not code and not name:
            problems.append(Problem(sheet.name, n, _heading(headings, column, "area_name", "area_code"),
                                    "the area is empty"))
            continue
        if any([_too_long(problems, sheet.name, n, _heading(headings, column, role), role, value)
                for role, value in (("area_code", code), ("area_name", name), ("family", _text(cell("family"))))]):
            continue
        if (name or "").casefold() in excluded or (code or "").casefold() in excluded:
            out.excluded += 1
            continue
        if code and AGGREGATE_CODES.match(code):
            out.excluded += 1
            aggregates.add(f"{name or code} ({code})")
            continue
        if code and name:
            for index, key, other, what in ((by_code, code, name, "code"), (by_name, name, code, "name")):
                known = index.setdefault(key.casefold(), (other, n))
                if known[0].casefold() != other.casefold():
                    problems.append(Problem(sheet.name, n, _heading(headings, column, "area_" + what),
                                            f"area {what} {key!r} is written with {other!r} here and with "
                                            f"{known[0]!r} at row {known[1]}"))
        area_key = code or name
        out.areas[area_key] = name or code
        qualifier = _text(cell("measure_type"))
        measure = (_text(cell("measure")) or mapping.measure.get("code")
                   or _code_of(_text(cell("measure_title")), qualifier))
        if measure is None:
            problems.append(Problem(sheet.name, n, _heading(headings, column, "measure", "measure_title"),
                                    "the measure is empty"))
            continue
        if _too_long(problems, sheet.name, n, _heading(headings, column, "measure"), "measure", measure):
            continue
        info = {**mapping.measure, **catalogue.get(measure, {})}
        known, unit_of_type = unit_of_measure_type(qualifier) if qualifier else (False, None)
        if known:
            info.setdefault("unit", unit_of_type)          # `Percentage`: a %, whatever the `unit` column says
            info.setdefault("qualifier", qualifier)
        for role in ("measure_title", "unit", "polarity"):
            given = _text(cell(role))
            if given is not None:
                info.setdefault({"measure_title": "title"}.get(role, role), given)
        if _too_long(problems, sheet.name, n, _heading(headings, column, "unit"), "unit", info.get("unit")):
            continue
        polarity = _polarity(mapping.polarities.get(measure, mapping.polarities.get("*", info.get("polarity"))),
                             mapping)
        if polarity is None:
            problems.append(Problem(sheet.name, n, _heading(headings, column, "polarity"),
                                    f"polarity {info.get('polarity')!r} is not higher, lower or none"))
            continue
        out.measures.setdefault(measure, {"title": info.get("title") or measure, "unit": info.get("unit"),
                                          "polarity": polarity, "definition": info.get("definition"),
                                          "qualifier": info.get("qualifier") or qualifier})
        factor = float(mapping.scale.get(measure, mapping.scale.get(info.get("unit") or "", 1)))
        if layout == "long":
            figures = [(cell("period"), column["period"], cell("value"), column["value"])]
        else:
            figures = [(headings[i], i, row[i] if i < len(row) else None, i) for i in years]
        for label, label_at, raw, at in figures:
            period = _period(label, year_forms or layout == "wide", mapping)
            if isinstance(period, str):
                if mapping.skip_unparseable_periods or mapping.years_only or period == "aggregate":
                    out.skipped[str(label)] = out.skipped.get(str(label), 0) + 1
                else:
                    problems.append(Problem(sheet.name, n, headings[label_at], period))
                continue
            figure = []
            for role, value, where in (("value", raw, at), ("lower_ci", cell("lower_ci"), column.get("lower_ci")),
                                       ("upper_ci", cell("upper_ci"), column.get("upper_ci"))):
                try:
                    number = parse_value(value)[0]
                except ValueError as e:
                    problems.append(Problem(sheet.name, n, headings[where], str(e)))
                    number = None
                figure.append(None if number is None else round(number * factor, 10))
            if figure[0] is None:
                out.missing += 1
                continue
            key = (area_key.casefold(), measure, period.label)
            if key in seen:
                problems.append(Problem(sheet.name, n, headings[at], f"{name or code}, {measure}, {period.label} "
                                        f"is given twice (first at row {seen[key]})"))
                continue
            seen[key] = n
            out.rows.append((code, name or code, measure, period.label, *figure, _text(cell("family"))))
    if problems:
        raise ImportRefused(problems)
    if not out.rows:
        raise ImportRefused([Problem(sheet.name, None, None, "the file holds no figures")])
    _distinct_titles(out.measures)
    if aggregates:
        out.notes.append("national or regional figures are not peers and were left out: " + ", ".join(sorted(aggregates)))
    if out.skipped:
        shown = ", ".join(sorted(out.skipped)[:6]) + (" ..." if len(out.skipped) > 6 else "")
        out.notes.append(f"{sum(out.skipped.values())} figures for {len(out.skipped)} periods that are not "
                         f"financial years or quarters were skipped ({shown})")
    return out


def _code_of(title: str | None, qualifier: str | None) -> str | None:
    """A file with titles but no codes: the title is the code (hashed past 40 characters, as the store keeps)."""
    if not title:
        return None
    text = title + (f" ({qualifier})" if qualifier else "")
    return text if len(text) <= 40 else text[:31] + "~" + hashlib.sha1(text.encode()).hexdigest()[:8]


def _distinct_titles(measures: dict) -> None:
    """One title written with two measure types (Trafford's `Percentage` and `Frequency` rows): say which is which."""
    titles = {}
    for m in measures.values():
        titles[m["title"]] = titles.get(m["title"], 0) + 1
    for m in measures.values():
        if titles[m["title"]] > 1 and m.get("qualifier"):
            m["title"] = f"{m['title']} ({m['qualifier']})"


def _roles(headings, mapping, sheet, problems) -> tuple[dict[int, str], list[int]]:
    """{column index: role} and the year columns (a wide file's)."""
    given = {heading_key(h): r for h, r in mapping.headings.items()}
    roles, years = {}, []
    for i, h in enumerate(headings):
        key = heading_key(h)
        role = given.get(key) or (None if given and key in given else
                                  next((r for r, names in KNOWN_HEADINGS.items() if key in map(heading_key, names)),
                                       None))
        if role == "ignore" or not h:
            continue
        if role in ROLES and role not in roles.values():
            roles[i] = role
        elif role is not None and role not in ROLES:
            problems.append(Problem(sheet, None, h, f"the mapping gives this heading the role {role!r}: use one of "
                                    + ", ".join(ROLES) + " or ignore"))
        elif role is None and _is_year(h):
            years.append(i)
    return roles, years


def _catalogue(mapping: BenchmarkMapping, folder: Path, problems) -> dict[str, dict]:
    """{code: {title, unit, polarity, definition}} from the mapping's measures file (beside the data file)."""
    spec = mapping.measures
    if not spec.get("file"):
        return {}
    if folder is None:       # an upload: never a file of the server's, whatever the mapping names
        problems.append(Problem("mapping", None, "measures", f"the mapping names a measures file "
                                f"({str(spec['file'])[:80]!r}): only the command line reads one, beside the data file"))
        return {}
    path = Path(spec["file"]) if Path(spec["file"]).is_absolute() else folder / spec["file"]
    if not path.exists():
        problems.append(Problem(str(path), None, None, "the mapping's measures file is not there"))
        return {}
    sheet = read_sheets(path, path.name)[0]
    headings = [heading_key(h) for h in sheet.rows[0]]
    wanted = {heading_key(h): role for h, role in spec.get("headings", {}).items()}
    units = spec.get("units", {})
    out = {}
    for row in sheet.rows[1:]:
        found = {wanted[h]: _text(row[i]) for i, h in enumerate(headings) if h in wanted and i < len(row)}
        if found.get("code"):
            if "unit" in found:
                found["unit"] = units.get(found["unit"], found["unit"]) or None
            out[found.pop("code")] = found
    return out


def _polarity(word, mapping) -> str | None:
    if word is None:
        return "none"
    words = {**POLARITY_WORDS, **{k.casefold(): v for k, v in mapping.polarity_words.items()}}
    return words.get(str(word).strip().casefold())


def _is_fy_label(label: str) -> bool:
    m = _FY_FORM.match(label)
    return bool(m) and (int(m[1]) + 1) % 100 == int(m[2])


def _is_year(heading: str) -> bool:
    try:
        return parse_period(str(heading)).kind == YEAR
    except PeriodError:
        return False


def _period(label, years_written_as_fy: bool, mapping):
    """A Period, or a string saying why the label is not one (`aggregate` for LGBF's `2010-12`)."""
    text = _text(label)
    if text is None:
        return "the period is empty"
    m = _FY_FORM.match(text)
    if m and years_written_as_fy and not _is_fy_label(text):
        return "aggregate"            # `2010-12` beside `2010-11` is a two-year aggregate, not December 2010
    try:
        period = parse_period(text)
    except PeriodError as e:
        return str(e)
    if mapping.years_only and period.kind != YEAR:
        return "not a financial year"
    return period


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = " ".join(str(value).split())
    return s or None


def _heading(headings, column, *roles) -> str | None:
    return next((headings[column[r]] for r in roles if r in column), None)


def read_group_file(path, filename: str | None = None) -> list[str]:
    """The area codes (or names) of a CSV (a path, or an upload's bytes with its `filename`): the column headed like
    `area code`, `code`, `gss code`, else the first."""
    rows = [r for r in read_sheets(path, filename)[0].rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise ImportRefused([Problem(display_name(filename or str(path)), None, None, "the file lists no areas")])
    wanted = {"area code", "areacode", "code", "gss code", "ons code", "la code", "area"}
    column = next((i for i, h in enumerate(rows[0]) if heading_key(str(h or "")) in {heading_key(w) for w in wanted}),
                  None)
    start = 1 if column is not None else 0
    column = column or 0
    return [str(r[column]).strip() for r in rows[start:] if column < len(r) and r[column] not in (None, "")]
