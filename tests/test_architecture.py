"""The house rules, read from the code's own imports: `data/` is the no-UI zone (no Dash, no Flask, no command
line), and the packages import each other in one direction only, so the structure has no cycles."""

from __future__ import annotations

import ast
import functools
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("app", "callbacks", "commands", "dashboards", "data", "security", "ops", "api", "benchmarks")
WEB = ("dash", "dash_ag_grid", "dash_bootstrap_components", "flask", "flask_login", "flask_caching", "werkzeug",
       "click")
# Lower layers first: a package may import only packages listed before it (and itself).
LAYERS = ("data.core", "data.performance", "data.spc", "data.plan", "data.benchmarking", "data.imports",
          "data.people", "data.reporting", "data.notify",
          "data.demo", "security", "ops", "api", "dashboards", "callbacks", "commands", "app",
          "gunicorn.conf")


def modules(folder: str = ""):
    for path in sorted((ROOT / folder).rglob("*.py") if folder else ROOT.glob("*.py")):
        if ".venv" not in path.parts and "tests" not in path.parts:
            yield path


@functools.cache
def imported_names(path: Path) -> list[str]:
    """Every module name an import statement in the file names (`from data.core import db` gives data.core.db)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return names


def package_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] not in OURS:
        return None
    return ".".join(parts[:2]) if parts[0] == "data" and len(parts) > 1 else parts[0]


def own_package(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return package_of(".".join(parts)) or parts[0]


@functools.cache
def package_imports() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for folder in ("data", "security", "api", "dashboards", "callbacks", "commands", ""):
        for path in modules(folder):
            source = own_package(path)
            for name in imported_names(path):
                target = package_of(name)
                if target and target != source and not (target == "data" and source.startswith("data")):
                    edges[source].add(target)
    return edges


def test_nothing_under_data_imports_a_web_framework_or_the_command_line():
    offenders = [f"{path.relative_to(ROOT)}: {name}" for path in modules("data") for name in imported_names(path)
                 if name.split(".")[0] in WEB]
    assert offenders == []


def test_data_never_imports_the_layers_above_it():
    offenders = [f"{path.relative_to(ROOT)}: {name}" for path in modules("data") for name in imported_names(path)
                 if name.split(".")[0] in ("app", "callbacks", "commands", "dashboards", "security")]
    assert offenders == []


def test_every_package_is_in_a_layer():
    assert set(package_imports()) - {"benchmarks"} <= set(LAYERS)


@pytest.mark.parametrize("source", LAYERS)
def test_packages_import_only_lower_layers(source):
    allowed = set(LAYERS[:LAYERS.index(source)])
    assert package_imports().get(source, set()) - allowed == set()


def test_the_command_line_lives_in_commands():
    commands = [path.relative_to(ROOT) for folder in ("data", "security", "dashboards", "callbacks")
                for path in modules(folder) if "click" in {n.split(".")[0] for n in imported_names(path)}]
    assert commands == []
