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


def test_check_and_help_never_import_pptx_or_reportlab():
    import subprocess
    import sys

    probe = ("import sys; from deck.cli import main\n"
             "for args in (['check'], ['--help'], ['build', '--help']):\n"
             "    try: main(args)\n"
             "    except SystemExit: pass\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'reportlab')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("[]")


def test_build_prints_what_it_wrote_and_errors_exit_1(tmp_path):
    result = run("build", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line.startswith(str(tmp_path))}
    assert rows[str(tmp_path / "out" / "nl-BE" / "deck.pptx")][:2] == ["13", "slides"]
    assert rows[str(tmp_path / "out" / "nl-BE" / "handout.pdf")][:2] == ["1", "page"]
    assert len(rows) == 8 and "8 files in" in result.output
    result = run("build", "--out", str(tmp_path / "out"), "--template", str(tmp_path / "none.pptx"))
    assert result.exit_code == 1 and "cannot read the template" in result.output


def test_progress_shows_for_several_locales_and_quiet_prints_nothing(tmp_path):
    result = run("build", "--out", str(tmp_path / "a"), "--all-locales", "--only", "handout")
    assert result.exit_code == 0
    assert "building fr-BE: handout" in result.stderr and "building" not in result.stdout
    result = run("build", "--out", str(tmp_path / "b"), "--quiet", "--only", "handout")
    assert result.exit_code == 0 and result.stdout == ""
    result = run("build", "--out", str(tmp_path / "c"), "--verbose", "--only", "handout")
    assert "building nl-BE: handout" in result.stderr
