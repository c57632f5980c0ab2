"""The real published council data in ../shared/data/public imports with the mappings kept in examples/."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from data.core import loaders
from data.imports import intake
from data.core import audit
from data.imports.mapping import Mapping

ROOT = Path(__file__).resolve().parents[2]
# The shared public data sits beside the checkout (or beside the folder of worktrees).
PUBLIC = next((p / "shared" / "data" / "public" for p in ROOT.parents if (p / "shared" / "data" / "public").is_dir()),
              ROOT.parent / "shared" / "data" / "public")
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 11, 22)

pytestmark = [pytest.mark.skipif(not PUBLIC.is_dir(), reason="the shared public data folder is not present"),
              pytest.mark.reading_only]   # how files are read; storing them is tested on both backends


def imported(engine, relative: str, mapping: str):
    return intake.import_file(engine, PUBLIC / relative, mapping=EXAMPLES / f"{mapping}.json", today=TODAY)


def catalogue(engine, **filters):
    with engine.connect() as conn:
        return loaders.measures(conn, **filters).set_index("code")


def figures(engine, code):
    with engine.connect() as conn:
        m = loaders.measures(conn, code=code)
        values, targets = loaders.figures(conn, m["id"])[int(m["id"].iloc[0])]
    return {p.label: v for p, v in values.items()}, {p.label: t for p, t in targets.items()}


def test_every_example_mapping_is_valid_and_documented():
    for path in sorted(EXAMPLES.glob("*.json")):
        doc = json.loads(path.read_text())
        Mapping.from_dict(doc)
        assert doc.get("name") and "../shared/data/public/" in doc.get("description", ""), path.name


def test_hart_dc_tiles(engine):
    prepared, changes = imported(engine, "hart_dc/hartdc_tiles_kpis_2014-15_extracted.csv", "hart_dc_tiles")
    assert len(changes.new_measures) == 45 and changes.new_values == 90 and changes.new_targets == 90
    m = catalogue(engine)
    assert m.loc["RB07", "polarity"] == "lower" and m.loc["SNH03", "kind"] == "data only"
    assert m.loc["RB06", "service"] == "Finance, Revs and Bens" and m.loc["RB06", "directorate"] == "Corporate Services"
    values, targets = figures(engine, "RB06")
    assert values == {"2014/15 Q1": 30.5, "2014/15 Q2": 59.3} and targets["2014/15 Q2"] == 24.5
    assert figures(engine, "LS05")[0]["2014/15 Q2"] == -28
    assert figures(engine, "FI06")[0]["2014/15 Q1"] == 97.4          # the Q1 file's figure, not the restated lq
    with engine.connect() as conn:
        notes = loaders.commentary(conn, int(m.loc["ETS01", "id"]))["text"]
        assert notes.str.contains("Veolia").any() and not notes.eq("No notes").any()
        trail = audit.history(conn, int(m.loc["RB06", "id"]))
    name = "hartdc_tiles_kpis_2014-15_extracted"
    assert f"{name}.csv, {name} row 36" in set(trail["source"])              # the Q1 row of RB06, named
    again = imported(engine, "hart_dc/hartdc_tiles_kpis_2014-15_extracted.csv", "hart_dc_tiles")[1]
    assert again.nothing


@pytest.mark.parametrize(("file", "mapping", "codes", "rows"), [
    ("trafford/planning_applications_major.csv", "trafford_planning_major", ["TRF-PLAN-MAJOR"], 13),
    ("trafford/planning_applications_non-major.csv", "trafford_planning_non_major", ["TRF-PLAN-NONMAJOR"], 8),
    ("trafford/household_waste_recycling.csv", "trafford_household_waste", ["TRF-WASTE-PCT", "TRF-WASTE-TONNES"], 23),
])
def test_trafford_keeps_only_trafford_rows(engine, file, mapping, codes, rows):
    prepared, changes = imported(engine, file, mapping)
    assert sorted(changes.new_measures) == sorted(codes) and changes.new_values == rows == prepared.rows_read
    assert set(catalogue(engine)["directorate"]) == {"Place"}


def test_trafford_values(engine):
    imported(engine, "trafford/household_waste_recycling.csv", "trafford_household_waste")
    pct, tonnes = figures(engine, "TRF-WASTE-PCT")[0], figures(engine, "TRF-WASTE-TONNES")[0]
    assert pct["2013/14"] == 57.5 and tonnes and all(v > 1000 for v in tonnes.values())
    assert catalogue(engine).loc["TRF-WASTE-TONNES", "unit"] == "tonnes"


def test_lgbf_catalogue_then_stirling_figures(engine):
    _, changes = imported(engine, "lgbf_scotland/Indicator Information.csv", "lgbf_indicators")
    assert len(changes.new_measures) == 108
    m = catalogue(engine)
    assert m.loc["ENV01a", "polarity"] == "lower" and m.loc["ENV01a", "unit"] == "£"
    assert (m["polarity"] == "none").sum() == 4                          # the Goldilocks indicators
    started = time.perf_counter()
    prepared, changes = imported(engine, "lgbf_scotland/LGBF_ScotDataReal_ISSpatialHub.csv", "lgbf_stirling")
    seconds = time.perf_counter() - started
    assert prepared.rows_read == 1128 and changes.new_values + len(prepared.skipped) == 1128
    assert prepared.skipped and all("is not a financial year" in p.message for p in prepared.skipped)
    assert "2010-12" in {p.message.split("'")[1] for p in prepared.skipped}
    assert figures(engine, "CORP07")[0]["2010/11"] == 97.38                 # council tax collected: 0.9738 -> %
    assert figures(engine, "CHN01")[0]["2010/11"] == 6492.7775             # a cost, left as it is
    assert seconds < 30, f"LGBF import took {seconds:.1f}s"


# the same files with no mapping: at most an area, a directorate and a service named once -------------------
def plain(engine, relative: str, **options):
    chosen = Mapping().merged(**options) if options else None
    return intake.import_file(engine, PUBLIC / relative, mapping=chosen, today=TODAY)


def source_rows(relative: str, **where) -> list[dict]:
    import csv
    with (PUBLIC / relative).open(encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.DictReader(f) if all(r[k] == v for k, v in where.items())]


def test_hart_without_a_mapping_is_refused_with_the_way_forward(engine):
    from data.imports.problems import ImportRefused
    with pytest.raises(ImportRefused) as refused:
        plain(engine, "hart_dc/hartdc_tiles_kpis_2014-15_extracted.csv")
    [problem] = refused.value.problems
    assert "no table recognised" in problem.message and "import page" in problem.message
    assert "--mapping" in problem.message


@pytest.mark.parametrize(("file", "service", "rows"), [
    ("trafford/planning_applications_major.csv", "Planning", 13),
    ("trafford/planning_applications_non-major.csv", "Planning", 8),
    ("trafford/household_waste_recycling.csv", "Waste and Recycling", 23),
])
def test_trafford_with_only_area_directorate_and_service(engine, file, service, rows):
    from data.imports.problems import ImportRefused
    with pytest.raises(ImportRefused) as refused:
        plain(engine, file)
    [problem] = refused.value.problems
    assert "holds figures for 17 areas" in problem.message and "--area" in problem.message
    prepared, changes = plain(engine, file, area="Trafford", directorate="Place", service=service)
    assert changes.new_values == rows
    own = source_rows(file, area_name="Trafford")
    stored = {}
    for code in changes.new_measures:
        stored.update({(code, p): v for p, v in figures(engine, code)[0].items()})
    assert sorted(stored.values()) == sorted(float(r["value"]) for r in own)          # every figure, as published
    others = len(source_rows(file)) - len(own)
    assert changes.benchmarks == others and any("kept for benchmarking" in n for n in prepared.notes)
    with engine.connect() as conn:
        bury = conn.exec_driver_sql("SELECT period, value FROM benchmark_value WHERE area_name = 'Bury'").all()
    assert sorted(bury) == sorted((r["period"], float(r["value"])) for r in source_rows(file, area_name="Bury"))
    again = plain(engine, file, area="Trafford", directorate="Place", service=service)[1]
    assert again.new_values == 0 and not again.changed_values and again.benchmarks == others


def test_trafford_waste_tells_its_two_measures_apart_by_their_measure_column(engine):
    _, changes = plain(engine, "trafford/household_waste_recycling.csv", area="Trafford", directorate="Place",
                       service="Waste")
    m = catalogue(engine)
    assert sorted(m["unit"]) == ["%", "tonnes"] and len(changes.new_measures) == 2
    pct = m[m["unit"] == "%"].index[0]
    assert figures(engine, pct)[0]["2013/14"] == 57.5


def test_lgbf_catalogue_then_stirling_then_monthly_with_no_mapping(engine):
    _, changes = plain(engine, "lgbf_scotland/Indicator Information.csv", directorate="Benchmarking",
                       service="LGBF")
    m = catalogue(engine)
    assert len(changes.new_measures) == 108 and (m["polarity"] == "none").sum() == 4
    assert (m.loc["ENV01a", "polarity"], m.loc["ENV01a", "unit"]) == ("lower", "£")
    assert (m.loc["CORP07", "unit"], m.loc["CORP07", "decimals"]) == ("%", 1)        # NumberFormat 0.0%
    prepared, changes = plain(engine, "lgbf_scotland/LGBF_ScotDataReal_ISSpatialHub.csv", area="Stirling")
    assert prepared.rows_read == 1128 and changes.new_values + len(prepared.skipped) == 1128
    assert all("pools" in p.message for p in prepared.skipped)
    assert figures(engine, "CORP07")[0]["2010/11"] == 0.9738 and figures(engine, "CHN01")[0]["2010/11"] == 6492.7775
    assert any(n.startswith("CORP07: every value lies between 0 and 1") for n in prepared.notes)
    with engine.connect() as conn:
        scotland = conn.exec_driver_sql("SELECT value FROM benchmark_value WHERE area_name = 'Scotland' AND "
                                        "measure_code = 'CORP07' AND period = '2010/11'").scalar()
        councils = conn.exec_driver_sql("SELECT COUNT(DISTINCT area_name) FROM benchmark_value").scalar()
    assert scotland == 0.9474 and councils == 31 + 2                    # the other councils, Scotland, FG average
    prepared, changes = plain(engine, "lgbf_scotland/LGBF_Data_Table_Monthly_Data.csv", area="Stirling")
    assert any("row 17881 (Total) is a footer" in n for n in prepared.notes)
    assert catalogue(engine).loc["ECON12a", "frequency"] == "monthly"
    own = source_rows("lgbf_scotland/LGBF_Data_Table_Monthly_Data.csv", Code="ECON12a", LocalAuthority="Stirling")
    april_2010 = next(r for r in own if r["Year"] == "2010" and r["Month"] == "April")
    assert figures(engine, "ECON12a")[0]["2010-04"] == float(april_2010["LA_IndicatorReal"])
    assert len(prepared.payload.values) == len(source_rows("lgbf_scotland/LGBF_Data_Table_Monthly_Data.csv",
                                                           LocalAuthority="Stirling"))
