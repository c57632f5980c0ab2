"""`xmr_many` runs the special-cause rules over every chart's points at once: each chart comes back exactly as
`xmr` alone gives it (no run, trend or two-in-three window reaches across a chart or a rebase), and the cards'
icons equal the measure page's chart for every measure."""

from __future__ import annotations

import random
from datetime import date

import pytest

from data.core import loaders
from data.core.periods import Period
from data.performance.assess import Rule
from data.spc import variation
from data.spc.xmr import xmr, xmr_many


def month(i: int) -> date:
    return date(2016 + (i + 3) // 12, (i + 3) % 12 + 1, 1)


def random_charts(n: int, seed: int = 5) -> list[dict]:
    """Series of every kind the rules care about: ties and points on the mean, trends, shifts, gaps, rebases."""
    rng = random.Random(seed)
    charts = []
    for _ in range(n):
        length, kind = rng.randint(0, 50), rng.random()
        values = []
        for i in range(length):
            if rng.random() < 0.05:
                values.append(None)
            elif kind < 0.3:
                values.append(float(rng.randint(0, 4)))
            elif kind < 0.5:
                values.append(10 + i * rng.choice([0.5, -0.3, 0]) + rng.gauss(0, 1))
            else:
                values.append(rng.gauss(50, 5) + (8 if i > length / 2 and kind > 0.8 else 0))
        dates = [month(i) for i in range(length)]
        order = list(range(length))
        rng.shuffle(order)
        charts.append({"values": [values[i] for i in order], "dates": [dates[i] for i in order],
                       "improvement": rng.choice(["increase", "decrease", "neutral"]),
                       "target": rng.choice([None, 2.0, 50.0]), "fix_after_n": rng.choice([None, None, 12]),
                       "rebase": [month(rng.randint(0, length + 2)) for _ in range(rng.choice([0, 0, 1, 2]))],
                       "screen_outliers": rng.random() < 0.8})
    return charts


def test_many_charts_at_once_equal_each_chart_alone():
    charts = random_charts(600)
    assert xmr_many(charts) == [xmr(**chart) for chart in charts]


def test_no_charts():
    assert xmr_many([]) == []


@pytest.mark.parametrize("period", [Period.quarter(2026, 2), Period.year(2024), Period.parse("2023-01")])
def test_the_cards_icons_equal_each_measures_own_chart(demo_engine, period):
    with demo_engine.connect() as conn:
        measures = loaders.measures(conn)
        figures = loaders.figures(conn, measures["id"])
        changes = loaders.process_changes_of(conn, measures["id"])
    icons = variation.icons(measures, figures, period, changes).set_index("code")
    text = lambda v: v if isinstance(v, str) else None  # noqa: E731  pandas holds a missing icon as NaN
    for m in measures.to_dict("records"):
        alone = variation.measure_spc(Rule.of(m), *figures[m["id"]], period, changes[m["id"]]) or {}
        for column in ("variation_icon", "assurance_icon"):
            assert text(icons.loc[m["code"], column]) == alone.get(column), (m["code"], column)
