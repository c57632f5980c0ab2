"""The command line, on the app's Flask server: `flask --app app <command>`.

`figures` holds the commands for the database and the figures (init-db, seed-demo, import, export, summary,
history, restore); `accounts` the commands for people and publication (create-user, set-role, publish-period, ...).
"""

from flask import Flask

from commands import accounts, figures


def register(server: Flask) -> None:
    for module in (figures, accounts):
        for command in module.COMMANDS:
            server.cli.add_command(command)
