"""The README's promises: its example session loads, and CI runs its test command."""
from __future__ import annotations

import re

from deck.session import open_session

from .conftest import ROOT


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_example_session_is_valid(tmp_path):
    example = re.search(r"```yaml\n(.*?)```", readme(), re.S).group(1)
    (tmp_path / "example.yaml").write_text(example, encoding="utf-8")
    planned = open_session(tmp_path / "example.yaml")
    assert planned.session.clusters[0].cases[0].options[1].id == "negeren"


def test_ci_runs_exactly_the_readme_test_command():
    commands = re.findall(r"^    (python3 -m venv .*)$", readme(), re.M)
    assert len(commands) >= 2 and "generate.py build" in commands[0] and "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
