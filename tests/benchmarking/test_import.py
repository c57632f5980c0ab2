"""Benchmark datasets: publishers' long and wide files, the real LGBF file with its mapping, links checked for
units and polarity, comparator groups, and positions compared with figures computed straight from the raw file."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.core import version
from data.core.models import BenchmarkMeasure, BenchmarkValue, Directorate, Measure, Service
from data.imports import benchmark_files, benchmarks
from data.imports.benchmark_files import BenchmarkMapping
from data.imports.problems import ImportRefused
from data.reporting import benchmarking

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = next((p / "shared" / "data" / "public" for p in ROOT.parents if (p / "shared" / "data" / "public").is_dir()),
              ROOT.parent / "shared" / "data" / "public")
LGBF = PUBLIC / "lgbf_scotland" / "LGBF_ScotDataReal_ISSpatialHub.csv"
MAPPING = ROOT / "examples" / "benchmarks" / "lgbf_scotland.json"
needs_public = pytest.mark.skipif(not LGBF.exists(), reason="the shared public data folder is not present")


def council_measure(engine, code, unit, polarity, title="A measure"):
    with Session(engine) as s, s.begin():
        d = s.scalar(select(Directorate)) or Directorate(slug="place", name="Place")
        sv = s.scalar(select(Service)) or Service(slug="waste", name="Waste", directorate=d)
        s.add(Measure(code=code, title=title, unit=unit, polarity=polarity, frequency="annual", kind="data only",
                      rollup="latest", service=sv))


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def imported(engine, path, **mapping):
    return benchmarks.store_file(engine, benchmark_files.read(path, BenchmarkMapping.from_dict(mapping)))


LONG = """Area Code,Area Name,Indicator ID,Indicator Name,Unit,Polarity,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit
E1,Alpha,P1,Smoking prevalence,%,lower,2022/23,14.0,12.0,16.0
E2,Beta,P1,Smoking prevalence,%,lower,2022/23,20.0,19.0,21.0
E3,Gamma,P1,Smoking prevalence,%,lower,2022/23,10.0,9.5,10.5
E4,Delta,P1,Smoking prevalence,%,lower,2022/23,16.0,15.0,17.0
E5,Epsilon,P1,Smoking prevalence,%,lower,2022/23,,,
E1,Alpha,P1,Smoking prevalence,%,lower,2021/22,15.0,13.0,17.0
E2,Beta,P1,Smoking prevalence,%,lower,2021/22,21.0,20.0,22.0
E3,Gamma,P1,Smoking prevalence,%,lower,2021/22,11.0,10.0,12.0
E4,Delta,P1,Smoking prevalence,%,lower,2021/22,18.0,17.0,19.0
E5,Epsilon,P1,Smoking prevalence,%,lower,2021/22,19.0,18.0,20.0
"""


def test_a_long_file_with_confidence_intervals(engine, tmp_path):
    before = _version(engine)
    counts = imported(engine, write(tmp_path, "fingertips.csv", LONG), name="Fingertips", licence="OGL v3")
    assert (counts["values"], counts["areas"], counts["measures"], counts["missing"]) == (9, 5, 1, 1)
    assert _version(engine) != before
    council_measure(engine, "SMK", "%", "lower")
    benchmarks.link(engine, "SMK", "P1", area="E1")
    with engine.connect() as conn:
        c = benchmarking.comparison(conn, "smk")
    pos = c.latest
    assert (pos.period, pos.rank, pos.of, pos.missing) == ("2022/23", 2, 4, ("E5",))
    assert (pos.q1, pos.median, pos.q3) == pytest.approx(tuple(np.percentile([14, 20, 10, 16], [25, 50, 75])))
    assert pos.quartile_words == "second-best" and pos.significance == "similar"   # 12-16 holds the mean 15
    assert c.sentence.startswith("In 2022/23 we were in the second-best quartile of the 4 areas in Fingertips with "
                                 "figures, 2nd of 4 (lower is better); the median was 15")
    assert any("1 of the 5 areas has no figure for 2022/23" in n for n in c.notices)
    assert [s["period"] for s in c.series] == ["2021/22", "2022/23"] and c.table.index[0] == "E1"


def test_a_wide_file_one_column_per_year_and_a_named_group(engine, tmp_path):
    wide = ("area_code,area_name,code,2020/21,2021/22,2022/23\n" +
            "".join(f"A{i},Area {i},W1,{i},{i + 1},{i + 2}\n" for i in range(1, 11)))
    counts = imported(engine, write(tmp_path, "wide.csv", wide), name="Wide",
                      measure={"unit": "days", "polarity": "higher", "title": "Days"})
    assert counts["values"] == 30
    council_measure(engine, "D1", "days", "higher")
    benchmarks.link(engine, "D1", "W1", area="Area 5")
    group = write(tmp_path, "neighbours.csv", "Area code,Name\nA1,\nA2,\nA9,\nA10,\nZ99,\n")
    assert benchmarks.save_group(engine, "nn", "CIPFA nearest neighbours", benchmark_files.read_group_file(group)) == 5
    with engine.connect() as conn:
        everyone = benchmarking.comparison(conn, "D1")
        near = benchmarking.comparison(conn, "D1", peers="nn")
        picked = benchmarking.comparison(conn, "D1", peers="pick", areas="A6,Area 7,A1")
    assert (everyone.latest.rank, everyone.latest.of, everyone.latest.quartile) == (6, 10, 3)
    assert (near.latest.rank, near.latest.of, near.group.unknown) == (3, 5, ["Z99"])   # 12 of 3,4,11,12,7
    assert (picked.latest.rank, picked.latest.of) == (3, 4) and picked.group.name == "the areas picked"
    assert [k for k, _ in near.choices] == ["all", "nn", "pick"]


def test_links_check_units_and_polarity_and_keep_one_link(engine, tmp_path):
    imported(engine, write(tmp_path, "fingertips.csv", LONG), name="Fingertips")
    council_measure(engine, "PCT", "count", "lower")
    council_measure(engine, "HI", "%", "higher")
    council_measure(engine, "OK", "%", "lower")
    for code, said in (("PCT", "units differ"), ("HI", "polarity differs"), ("NOPE", "there is no measure")):
        with pytest.raises(ImportRefused, match=said):
            benchmarks.link(engine, code, "P1", area="E1")
    with pytest.raises(ImportRefused, match="the council's area 'Nowhere' is not in dataset"):
        benchmarks.link(engine, "OK", "P1", area="Nowhere")
    benchmarks.link(engine, "OK", "P1", area="E1")
    benchmarks.link(engine, "OK", "P1", area="Beta", note="we count ex-smokers of under a year")
    with engine.connect() as conn:
        frame = benchmarks.links(conn)
        c = benchmarking.comparison(conn, "OK")
    assert list(frame["area"]) == ["Beta"]                    # linked once: the second link replaces the first
    assert c.sentence.startswith("Not like for like") and any("ex-smokers" in n for n in c.notices)


@pytest.mark.parametrize(("text", "message"), [
    ("Area Name,Indicator ID,Time period,Value\nAlpha,P1,2022/23,lots\n", "row 2, column Value: 'lots' is not a number"),
    ("Area Name,Indicator ID,Time period,Value\nAlpha,P1,2022/23,1\nAlpha,P1,2022/23,2\n", "given twice (first at row 2)"),
    ("Area Code,Area Name,Indicator ID,Time period,Value\nE1,Alpha,P1,2022/23,1\nE1,Beta,P1,2023/24,2\n",
     "area code 'E1' is written with 'Beta' here and with 'Alpha' at row 2"),
    ("Area Name,Time period,Value\nAlpha,2022/23,1\n", "no column holds the measure"),
    ("Area Name,Indicator ID,Time period,Value\nAlpha,P1,someday,1\n", "row 2, column Time period: 'someday' is not a period"),
])
def test_bad_files_are_refused_whole_naming_row_and_column(engine, tmp_path, text, message):
    imported(engine, write(tmp_path, "ok.csv", LONG), name="Kept")
    with pytest.raises(ImportRefused, match=re.escape(message)):
        imported(engine, write(tmp_path, "bad.csv", text), name="Kept")
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(BenchmarkValue)) == 9    # nothing lost or half-written


def _version(engine):
    with engine.connect() as conn:
        return version.current(conn)


def _raw(code: str, year: str) -> dict[str, float]:
    """Straight from the publisher's file with the csv module, not our reader."""
    with LGBF.open(newline="", encoding="utf-8-sig") as f:
        return {r["LocalAuthority"]: float(r["LA_IndicatorReal"]) for r in csv.DictReader(f)
                if r["Code"] == code and r["Year"] == year and r["LA_IndicatorReal"]}


@needs_public
def test_the_real_lgbf_file_loads_with_its_mapping_and_positions_match_the_raw_file(engine):
    read = benchmark_files.read(LGBF, BenchmarkMapping.load(MAPPING))
    counts = benchmarks.store_file(engine, read)
    assert (counts["areas"], counts["measures"], counts["values"], counts["skipped"]) == (32, 108, 31562, 3904)
    with engine.connect() as conn:
        chn01 = conn.execute(select(BenchmarkMeasure.title, BenchmarkMeasure.unit, BenchmarkMeasure.polarity)
                             .where(BenchmarkMeasure.code == "CHN01")).one()
        corp07 = conn.scalar(select(BenchmarkValue.value).where(BenchmarkValue.measure_code == "CORP07",
                                                                BenchmarkValue.area_name == "Stirling",
                                                                BenchmarkValue.period == "2022/23"))
    assert chn01 == ("Cost per Primary School Pupil", "£", "lower")
    assert corp07 == pytest.approx(_raw("CORP07", "2022-23")["Stirling"] * 100)       # fractions scaled to %
    council_measure(engine, "EDU01", "£", "lower", "Cost per primary pupil")
    council_measure(engine, "CTX", "%", "higher", "Council tax collected in year")
    benchmarks.link(engine, "EDU01", "CHN01", area="Stirling")
    benchmarks.link(engine, "CTX", "CORP07", area="Fife")
    with engine.connect() as conn:
        family = benchmarking.comparison(conn, "EDU01", peers="family")
        everyone = benchmarking.comparison(conn, "CTX")
    for comparison, code, council, higher_better in ((everyone, "CORP07", "Fife", True),
                                                     (family, "CHN01", "Stirling", False)):
        year = comparison.latest.period.replace("/", "-")
        raw = _raw(code, year)
        if comparison is family:
            with LGBF.open(newline="", encoding="utf-8-sig") as f:
                rows = [r for r in csv.DictReader(f) if r["Code"] == code and r["Year"] == year]
            label = next(r["FamilyGroup"] for r in rows if r["LocalAuthority"] == council)
            raw = {r["LocalAuthority"]: float(r["LA_IndicatorReal"]) for r in rows if r["FamilyGroup"] == label}
        factor = 100 if code == "CORP07" else 1
        values = np.array(list(raw.values())) * factor
        mine = raw[council] * factor
        better = int(np.sum(values > mine + 1e-9)) if higher_better else int(np.sum(values < mine - 1e-9))
        pos = comparison.latest
        assert (pos.rank, pos.of) == (better + 1, len(values))
        assert (pos.q1, pos.median, pos.q3) == pytest.approx(tuple(np.percentile(values, [25, 50, 75])))
    assert family.group.name.startswith("family group") and family.latest.of == 8
    assert everyone.latest.of == 32


@needs_public
def test_trafford_files_with_no_mapping_leave_england_out_and_tell_measures_apart(engine):
    waste = benchmark_files.read(PUBLIC / "trafford" / "household_waste_recycling.csv")
    assert len(waste.areas) == 16 and "England (E92000001)" in waste.notes[0]
    titles = sorted(m["title"] for m in waste.measures.values())
    assert titles == ["Household waste sent for reuse, recycling or composting (Frequency)",
                      "Household waste sent for reuse, recycling or composting (Percentage)"]
    planning = PUBLIC / "trafford" / "planning_applications_major.csv"
    benchmarks.store_file(engine, benchmark_files.read(planning, BenchmarkMapping(name="Planning")))
    council_measure(engine, "PLN", "%", "higher")
    (code,) = benchmark_files.read(planning).measures
    with pytest.raises(ImportRefused, match=re.escape(f"import it again with --polarity {code}=higher")):
        benchmarks.link(engine, "PLN", code, area="Trafford")
    read = benchmark_files.read(planning, BenchmarkMapping(name="Planning", polarities={"*": "higher"}))
    benchmarks.store_file(engine, read)
    benchmarks.link(engine, "PLN", code, area="E08000009")
    with engine.connect() as conn:
        c = benchmarking.comparison(conn, "PLN")
    raw = {}
    with planning.open(newline="") as f:
        for r in csv.DictReader(f):
            if r["period"] == c.latest.period and r["area_code"] != "E92000001":
                raw[r["area_code"]] = float(r["value"])
    assert c.latest.of == len(raw) and c.latest.rank == 1 + sum(v > raw["E08000009"] for v in raw.values())
    assert (c.latest.q1, c.latest.median, c.latest.q3) == pytest.approx(
        tuple(np.percentile(list(raw.values()), [25, 50, 75])))
