"""The council plan page's filters write the URL; Pages draws the page from it (dashboards/plan.py)."""

from callbacks.shell import follow_in_url
from dashboards import ids

follow_in_url(ids.PLAN_SHOWN, *ids.PLAN_FILTERS)
