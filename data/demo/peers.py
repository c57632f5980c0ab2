"""The demo council's peers: an invented family of 15 councils with annual figures for a handful of the demo's
measures (2019/20 to 2025/26), from a fixed seed, so the demo's measure pages show *How we compare* with nothing
imported. The councils and their figures are made up; the demo council sits among them near its own level.
"""

from __future__ import annotations

import random
from datetime import date

from data.benchmarking import stats
from data.demo.catalogue import MEASURES
from data.imports import benchmarks
from data.imports.benchmark_files import BenchmarkFile

DATASET = "Demo family benchmarking (invented)"
COUNCIL = "Demo District Council"
PEERS = ("Ashcombe", "Brackenford", "Calder Vale", "Dunmere", "Eastholme", "Fenwick", "Glenridge", "Harrowby",
         "Ivybridge Vale", "Kestermoor", "Larkspur", "Millbrook", "Northwold", "Oakhampton", "Penmarric")
NEIGHBOURS = ("Brackenford", "Dunmere", "Fenwick", "Harrowby", "Kestermoor", "Millbrook", "Oakhampton")
# demo code -> (benchmark code, spread as a share of the level, confidence interval half-width or None)
COMPARED = {"HR01": ("BM-HR01", 0.18, None), "WST01": ("BM-WST01", 0.15, None),
            "PLN01": ("BM-PLN01", 0.08, 4.0), "CS02": ("BM-CS02", 0.30, None), "HSG01": ("BM-HSG01", 0.35, None)}
YEARS = tuple(f"{y}/{(y + 1) % 100:02d}" for y in range(2019, 2026))


def dataset(seed: int = 18) -> BenchmarkFile:
    rng = random.Random(seed)
    rows_of = {m[0]: m for m in MEASURES}
    out = BenchmarkFile(DATASET, "Invented for the demo council (data/demo/peers.py)", "None: invented figures",
                        date(2026, 11, 1))
    for code, (bench, spread, ci) in COMPARED.items():
        m = rows_of[code]
        title, unit, decimals, polarity, level = m[1], m[4], m[5], m[6], float(m[12])
        out.measures[bench] = {"title": f"{title} (family benchmark)", "unit": unit, "polarity": polarity,
                               "definition": "Invented for the demo; the same definition as the council's own."}
        for i, area in enumerate((COUNCIL, *PEERS)):
            base = level * (1 + rng.uniform(-spread, spread))
            trend = rng.uniform(-0.02, 0.02) * level
            for y, year in enumerate(YEARS):
                if area == "Northwold" and year == YEARS[-1]:
                    out.missing += 1          # one peer has not yet reported the latest year
                    continue
                value = round(base + trend * y + rng.gauss(0, spread * level / 6), decimals)
                if unit == "%":
                    value = min(max(value, 0.0), 100.0)
                lo, hi = (round(value - ci, decimals), round(value + ci, decimals)) if ci else (None, None)
                family = "Family A" if i % 2 == 0 else "Family B"
                out.rows.append((None, area, bench, year, value, lo, hi, family))
            out.areas[area] = area
    assert all(m["polarity"] in (stats.HIGHER, stats.LOWER) for m in out.measures.values())
    return out


def load(engine) -> None:
    """Store the invented family, link the demo's measures to it and save its nearest-neighbour group."""
    benchmarks.store_file(engine, dataset())
    for code, (bench, _, _) in COMPARED.items():
        benchmarks.link(engine, code, bench, dataset=DATASET, area=COUNCIL, author="demo")
    benchmarks.save_group(engine, "demo-nearest-neighbours", "Demo nearest neighbours", [COUNCIL, *NEIGHBOURS],
                          source="invented for the demo")
