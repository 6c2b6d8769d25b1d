"""The command line: exit codes, output, and help with examples."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from deck.cli import main

from .conftest import SUMMERSCHOOL


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_defaults_to_the_shipped_content_and_exits_0():
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "Integer omgaan met sociale media" in result.output
    assert "Total: 100 min" in result.output


def test_check_reports_located_problems_and_exits_1(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(SUMMERSCHOOL.read_text(encoding="utf-8").replace("  count: 4", "  count: vier"),
                      encoding="utf-8")
    result = run("check", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:" in result.output and "groups.count: expected a whole number, found 'vier'" in result.output
    assert "Traceback" not in result.output


def test_missing_file_is_a_content_error_not_a_crash(tmp_path):
    result = run("check", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "no such file" in result.output


@pytest.mark.parametrize("args", [["check", "--start", "9h30"], ["nonsense"], ["check", "--bogus"]])
def test_usage_errors_exit_2(args):
    assert run(*args).exit_code == 2


def test_start_option_sets_clock_times():
    result = run("check", "--start", "13:00")
    assert result.exit_code == 0
    assert "13:00  welkom" in result.output and "ends at 14:40" in result.output


@pytest.mark.parametrize("command", [[], ["check"]])
def test_help_shows_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "python generate.py" in result.output
