"""The risk page's filters write the URL; Pages draws the register from it (dashboards/risks.py)."""

from callbacks.shell import follow_in_url
from dashboards import ids

follow_in_url(ids.RISKS_SHOWN, *ids.RISKS_FILTERS)
