"""The README documents every setting and every CLI command (datasette's test_docs idea)."""

import re
from pathlib import Path

import pytest

from data.core import settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_setting_is_documented(setting):
    assert re.search(rf"^\| `{setting.name}` \|", README, re.M), f"{setting.name} missing from README"


def test_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README


@pytest.mark.parametrize("command", ["init-db", "seed-demo", "import", "summary"])
def test_cli_command_is_documented(command):
    assert f"flask --app app {command}" in README
