"""The command line: exit codes, output, which session it means, and help with examples."""
from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from deck.cli import main

from .conftest import ROOT, SUMMERSCHOOL, copy_summerschool


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def trainer_folder(tmp_path, monkeypatch):
    """A trainer's own folder, holding one session (a copy of the summerschool), as the current folder."""
    copy_summerschool(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_uses_the_one_session_in_the_current_folder_and_exits_0(trainer_folder):
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "Integer omgaan met sociale media" in result.output
    assert "Total: 100 min" in result.output


@pytest.mark.parametrize("command", [["check"], ["build"], ["preview"], ["watch"], ["i18n", "status"]])
def test_no_session_in_the_folder_is_a_usage_error_naming_what_to_type(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.yaml").write_text("shopping: [bread]\n", encoding="utf-8")  # YAML, not a session
    result = run(*command)
    assert result.exit_code == 2, result.output
    assert f"no session file in {tmp_path}" in result.output
    assert f"dilemma-deck {' '.join(command)} my-session.yaml" in result.output
    assert "dilemma-deck new --example summerschool" in result.output
    assert not (tmp_path / "out").exists()


def test_two_sessions_in_the_folder_is_a_usage_error_listing_both(trainer_folder):
    (trainer_folder / "other.yaml").write_bytes(SUMMERSCHOOL.read_bytes())
    result = run("build")
    assert result.exit_code == 2
    assert "2 session files here (other.yaml, summerschool.yaml)" in result.output
    assert "`dilemma-deck build other.yaml`" in result.output
    assert not (trainer_folder / "out").exists()


def test_inside_the_checkout_the_shipped_example_is_the_default(monkeypatch):
    monkeypatch.chdir(ROOT / "docs")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "(summerschool, nl-BE)" in result.output


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


@pytest.mark.parametrize("args", [["check", "--start", "9h30"], ["nonsense"], ["check", "--bogus"], ["new"],
                                  ["new", "x", "--example", "summerschool"]])
def test_usage_errors_exit_2(args, trainer_folder):
    assert run(*args).exit_code == 2


def test_start_option_sets_clock_times(trainer_folder):
    result = run("check", "--start", "13:00")
    assert result.exit_code == 0
    assert "13:00  welkom" in result.output and "ends at 14:40" in result.output


@pytest.mark.parametrize("command", [[], ["check"], ["new"], ["build"], ["i18n"]])
def test_help_shows_examples_with_the_installed_command(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and f"dilemma-deck {' '.join(command)}".strip() in result.output
    assert "generate.py" not in result.output


def test_from_a_checkout_hints_name_generate_py(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "new", "--help"], capture_output=True,
                          text=True, cwd=tmp_path, check=True)
    assert "Usage: python generate.py new" in done.stdout and "  python generate.py new privacy-day" in done.stdout
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "new", "privacy day"], capture_output=True,
                          text=True, cwd=tmp_path, check=True)
    assert done.stdout.splitlines()[-1] == "next: python generate.py check privacy-day.yaml"
    assert "`python generate.py check privacy-day.yaml`" in (tmp_path / "privacy-day.yaml").read_text()


def test_the_example_is_copied_with_its_catalogs_and_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "--example", "summerschool")
    assert result.exit_code == 0, result.output
    assert "next: dilemma-deck build summerschool.yaml --all-locales" in result.output
    po = sorted(tmp_path.glob("locales/*/LC_MESSAGES/summerschool.po"))
    assert len(po) >= 2 and (tmp_path / "locales/summerschool.pot").is_file()
    assert f"{len(po)} translation catalogs and their template (.pot) in locales" in result.output
    assert (tmp_path / "locales/fr_BE/LC_MESSAGES/summerschool.po").is_file()
    first = (tmp_path / "summerschool.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.endswith("deck/schema/session.schema.json") and "../" not in first
    again = run("new", "--example", "summerschool")
    assert again.exit_code == 1 and "already exist" in again.output
    assert run("new", "--example", "nonesuch").exit_code == 1
    result = run("build", "--only", "handout", "--all-locales")
    assert result.exit_code == 0, result.output
    assert {p.name for p in (tmp_path / "out/summerschool").iterdir()} >= {"nl-BE", "en-GB", "fr-BE"}


def test_check_and_help_never_import_pptx_reportlab_or_pillow(trainer_folder):
    """check reads the session's pictures (the summerschool's poster) from their bytes alone: light, and it
    works where only the session's own dependencies are installed."""
    probe = ("import sys; from deck.cli import main\n"
             "codes = []\n"
             "for args in (['check'], ['--help'], ['build', '--help']):\n"
             "    try: main(args)\n"
             "    except SystemExit as done: codes.append(done.code)\n"
             "print(codes, sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'reportlab', 'PIL')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            cwd=trainer_folder)
    assert result.stdout.strip().splitlines()[-1] == "[0, 0, 0] []"


def test_build_prints_what_it_wrote_and_errors_exit_1(tmp_path, trainer_folder):
    result = run("build", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line.startswith(str(tmp_path))}
    assert rows[str(tmp_path / "out" / "nl-BE" / "deck.pptx")][:2] == ["13", "slides"]
    assert rows[str(tmp_path / "out" / "nl-BE" / "handout.pdf")][:2] == ["1", "page"]
    assert len(rows) == 8 and "8 files in" in result.output
    result = run("build", "--out", str(tmp_path / "out"), "--template", str(tmp_path / "none.pptx"))
    assert result.exit_code == 1 and "cannot read the template" in result.output


def test_progress_shows_for_several_locales_and_quiet_prints_nothing(tmp_path, trainer_folder):
    result = run("build", "--out", str(tmp_path / "a"), "--all-locales", "--only", "handout")
    assert result.exit_code == 0
    assert "building fr-BE: handout" in result.stderr and "building" not in result.stdout
    result = run("build", "--out", str(tmp_path / "b"), "--quiet", "--only", "handout")
    assert result.exit_code == 0 and result.stdout == ""
    result = run("build", "--out", str(tmp_path / "c"), "--verbose", "--only", "handout")
    assert "building nl-BE: handout" in result.stderr
