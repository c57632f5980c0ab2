"""The overview's filters write the URL; Pages draws the page from it (dashboards/overview.py)."""

from callbacks.shell import follow_in_url
from dashboards import ids

follow_in_url(ids.OVERVIEW_SHOWN, *ids.OVERVIEW_FILTERS)
