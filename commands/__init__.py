"""The command line, on the app's Flask server: `flask --app app <command>`.

`figures` holds the commands for the database and the figures (init-db, seed-demo, import, export, summary,
history, restore); `accounts` the commands for people and publication (create-user, set-role, publish-period, ...);
`notify` the notification commands (send-notifications, set-email, link-owner, notification-preference).
Each module lists its commands in `COMMANDS`. They are registered lazily: `flask --help` reads their names and
help from the source, and a command's module (with pandas, SQLAlchemy and the rest) is imported only to run it.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import click
from flask import Flask

def fail(message: str) -> None:
    """Every command's refusal: the message on standard error, exit status 2."""
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(2)


MODULES = ("figures", "accounts", "benchmarking", "notify", "reports")


class LazyCommand(click.Command):
    """A command known by name and help; the real one is imported when it is run (or asked for its --help)."""

    def __init__(self, name: str, target: tuple[str, str], help_text: str | None):
        super().__init__(name, help=help_text, add_help_option=False)
        self.target = target

    def real(self) -> click.Command:
        module, attribute = self.target
        return getattr(importlib.import_module(module), attribute)

    def make_context(self, info_name, args, parent=None, **extra):
        return self.real().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx):
        return self.real().invoke(ctx)


def declared(module: str) -> list[tuple[str, str, str | None]]:
    """(command name, function name, docstring) of each command in a module's COMMANDS, read from its source."""
    tree = ast.parse((Path(__file__).parent / f"{module}.py").read_text())
    listed = next(
        [e.id for e in node.value.elts] for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "COMMANDS" for t in node.targets))
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if (isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", None) == "command"
                    and decorator.args and isinstance(decorator.args[0], ast.Constant)):
                found[node.name] = (decorator.args[0].value, node.name, ast.get_docstring(node))
    return [found[name] for name in listed]


def register(server: Flask) -> None:
    for module in MODULES:
        for name, function, help_text in declared(module):
            server.cli.add_command(LazyCommand(name, (f"commands.{module}", function), help_text))
