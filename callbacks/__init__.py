"""Thin @callback adapters, one module per page; importing this package registers them all."""

from callbacks import directorate, overview, shell  # noqa: F401
from callbacks import measure  # noqa: F401
from callbacks import exceptions  # noqa: F401
from callbacks import plan, plan_edit, risks  # noqa: F401
from callbacks import data_entry, import_data, notifications  # noqa: F401
from callbacks import reports  # noqa: F401
from callbacks import workbench, workbench_benchmarks  # noqa: F401
