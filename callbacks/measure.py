"""The measure page's period, view and grain write the URL; Pages draws the page from it (dashboards/measure.py)."""

from callbacks.shell import follow_in_url
from dashboards import ids

follow_in_url(ids.MEASURE_SHOWN, ids.MEASURE_PERIOD, ids.MEASURE_VIEW)
# Apart: the SPC view has no grain, and a callback fires only when all its inputs are on the page.
follow_in_url(ids.MEASURE_SHOWN, ids.MEASURE_GRAIN)
