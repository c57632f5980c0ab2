"""Thin @callback adapters, one module per page; importing this package registers them all."""

from callbacks import directorate, overview, shell  # noqa: F401
from callbacks import measure  # noqa: F401
from callbacks import exceptions  # noqa: F401
from callbacks import data_entry, import_data  # noqa: F401
