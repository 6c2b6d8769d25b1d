"""The wheel is the product: built, installed into a fresh venv, and used from a folder far from the clone."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

OUTPUTS = ["deck.pptx", "facilitator.pdf", "handout.pdf", "worksheets.pdf"]
_NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "out", "build", "dist", "*.egg-info", "__pycache__",
                                      ".pytest_cache", ".hypothesis")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built by pip from a copy of the sources (the build would leave build/ in the clone)."""
    sources = tmp_path_factory.mktemp("sources") / "dilemma-deck"
    shutil.copytree(ROOT, sources, ignore=_NOT_SOURCES)
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(sources), "-w", str(dist)])
    [built] = dist.glob("dilemma_deck-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with the wheel and its dependencies installed."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", str(venv)])
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)])
    return venv / "bin"


def _run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def test_the_wheel_carries_layouts_fonts_licences_schema_catalogs_and_the_example(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ["deck/shipped/layouts/default.yaml", "deck/shipped/layouts/default.pptx",
                   "deck/shipped/layouts/fonts/Carlito-Regular.ttf", "deck/shipped/layouts/fonts/OFL.txt",
                   "deck/schema/session.schema.json", "deck/locales/nl/LC_MESSAGES/deck.po",
                   "deck/templates/new-session.yaml", "deck/shipped/examples/summerschool.yaml",
                   "deck/shipped/examples/locales/fr_BE/LC_MESSAGES/summerschool.po",
                   *(f"deck/shipped/examples/{name}" for name in _example_media())]:
        assert needed in names, needed
    assert not any(name.endswith("make_poster.py") for name in names), "the drawing scripts stay in the repository"
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "License: MIT" in zipfile.ZipFile(wheel).read(metadata).decode() or \
        "License-Expression: MIT" in zipfile.ZipFile(wheel).read(metadata).decode()


def _example_media() -> list[str]:
    """The media files the shipped summerschool names (its video's poster), as the session names them."""
    import yaml

    from deck.media_refs import named as media_named

    named = [name for name, _ in media_named(
        yaml.safe_load((ROOT / "content" / "summerschool.yaml").read_text(encoding="utf-8")))]
    assert named, "the summerschool shows a picture"
    return named


def _written_text(folder: Path) -> str:
    """Every text file a command wrote under folder, joined (what a user would open and read)."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*")
                     if p.is_file() and p.suffix in (".yaml", ".po", ".pot"))


def test_new_check_and_build_from_an_empty_folder_with_the_installed_command(installed, tmp_path):
    tool = str(installed / "dilemma-deck")
    said = [_run([tool, "new", "demo"], cwd=tmp_path), _run([tool, "check", "demo.yaml"], cwd=tmp_path),
            _run([tool, "build", "demo.yaml"], cwd=tmp_path), _run([tool, "--help"], cwd=tmp_path),
            _run([tool, "build", "--help"], cwd=tmp_path)]
    assert said[0].stdout.splitlines()[-1] == "next: dilemma-deck check demo.yaml"
    [out] = (tmp_path / "out" / "demo").iterdir()  # one folder: the session's language
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 1000, name
    assert len(list((out / "worksheets").glob("group-*.pdf"))) >= 2
    printed = "".join(done.stdout + done.stderr for done in said)
    assert "generate.py" not in printed + _written_text(tmp_path)
    assert "dilemma-deck build" in printed


def test_the_example_fetched_with_the_installed_command_builds_in_every_locale_it_ships(installed, tmp_path):
    tool = str(installed / "dilemma-deck")
    _run([tool, "new", "--example", "summerschool"], cwd=tmp_path)
    done = _run([tool, "build", "--all-locales"], cwd=tmp_path)
    shipped = sorted(p.name for p in (tmp_path / "locales").iterdir() if p.is_dir())
    assert shipped, "the example ships its translations"
    for locale in ["nl-BE", *(name.replace("_", "-") for name in shipped)]:
        out = tmp_path / "out" / "summerschool" / locale
        for name in OUTPUTS:
            assert (out / name).is_file(), f"{locale}/{name}"
        assert len(list((out / "worksheets").glob("group-*.pdf"))) == 4
    assert "generate.py" not in done.stdout + done.stderr + _written_text(tmp_path)
    for name in _example_media():
        assert (tmp_path / name).is_file(), f"new --example leaves out {name}"
    _the_example_decks_show_their_poster(tmp_path, ["nl-BE", *(name.replace("_", "-") for name in shipped)])


def _the_example_decks_show_their_poster(folder: Path, locales: list[str]) -> None:
    """Every locale's deck has the poster as a picture whose description is that locale's alt text."""
    import yaml
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from deck import i18n

    data = yaml.safe_load((folder / "summerschool.yaml").read_text(encoding="utf-8"))
    block = next(b for b in data["agenda"] if b.get("image"))
    for locale in locales:
        alt = block["image"]["alt"]
        if locale != data["session"]["language"]:
            catalog = i18n.read_catalog(folder / "locales" / locale.replace("-", "_") / "LC_MESSAGES" /
                                        "summerschool.po")
            alt = next(m.string for m in catalog if m.context == f"agenda/{block['id']}/image/alt")
        prs = Presentation(str(folder / "out" / "summerschool" / locale / "deck.pptx"))
        descrs = [shape._element.nvPicPr.cNvPr.get("descr") for slide in prs.slides for shape in slide.shapes
                  if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert descrs == [alt], locale


def test_a_missing_session_from_the_installed_command_says_what_to_type(installed, tmp_path):
    done = subprocess.run([str(installed / "dilemma-deck"), "build"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2
    assert "dilemma-deck new --example summerschool" in done.stderr and "generate.py" not in done.stderr
    assert not (tmp_path / "out").exists()
