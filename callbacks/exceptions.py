"""The exceptions report's period writes the URL; Pages draws the report from it (dashboards/exceptions.py)."""

from callbacks.shell import follow_in_url
from dashboards import ids

follow_in_url(ids.EXCEPTIONS_SHOWN, ids.EXCEPTIONS_PERIOD)
