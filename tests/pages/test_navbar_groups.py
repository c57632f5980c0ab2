"""The header stays on one line: related pages share a menu, and a menu of one page is a plain link."""

from __future__ import annotations

import dash_bootstrap_components as dbc

import app  # noqa: F401  registers the pages
from dashboards.navbar import navbar
from data.people.access import Viewer
from tests.pages.render import walk


def _menus_and_links(viewer):
    header = navbar([{"slug": "housing", "name": "Housing"}], viewer)
    menus = {m.label: [i.children for i in m.children] for m in walk(header) if isinstance(m, dbc.DropdownMenu)}
    links = [n.children for n in walk(header) if isinstance(n, dbc.NavLink) and isinstance(n.children, str)]
    return menus, links


def test_an_officer_gets_the_plan_and_the_tools_as_menus():
    menus, links = _menus_and_links(Viewer(role="officer", username="o"))
    assert menus["Plan and risks"] == ["Council plan", "Risks"]
    assert menus["Manage"] == ["Import", "Workbench", "Notifications"]
    assert "Import" not in links and "Council plan" not in links
    assert len(links) + len(menus) <= 8


def test_a_lone_page_of_a_group_is_a_plain_link():
    menus, links = _menus_and_links(Viewer(role="editor", username="e"))
    assert "Manage" not in menus and "Notifications" in links
    menus, links = _menus_and_links(Viewer())                 # the public: the plan, no risk register
    assert "Plan and risks" not in menus and "Council plan" in links and "Notifications" not in links
