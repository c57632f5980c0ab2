"""The benchmark store: comparators' figures kept from the files that carry them (other councils in an area
column, `Scotland` or family-group averages beside a council's own figure), for peer comparison.

`benchmark_dataset` (name, source, licence, retrieved_on) says where figures came from; `benchmark_value`
(dataset, area_code, area_name, measure_code, period, value) holds one comparator's figure for one of the
council's own measure codes and a period label. A dataset is replaced whole when its file is imported again.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.orm import Session

from data.core.models import BenchmarkDataset, BenchmarkValue

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
