"""Templates the project never saw build the summerschool, and LibreOffice draws every word of it.

Every Impress template LibreOffice ships, converted by LibreOffice to .pptx
and to .potx; pandoc's reference deck; python-pptx's default template; and a
Dutch corporate one with placeholders idx 13 and up. Each builds with
`--template` alone. The conversions are made once per test run, the decks
built once, and drawn to PDF in one LibreOffice run: a sample of the Impress
templates that covers their geometries (4:3 and 16:9, boxes running off the
slide or under the footer, small boxes, a stand-in font), or all of them
with DECK_ALL_TEMPLATES=1 (reading every page back takes minutes).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pptx
import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from deck.cli import main

from ..conftest import ROOT, _soffice
from ..test_template_layouts import dutch_template
from .test_deck_impress import check_pages

IMPRESS = Path("/usr/lib/libreoffice/share/template/common/presnt")
SHIPPED = sorted(p.stem for p in IMPRESS.glob("*.otp"))
OTHERS = ["pandoc-reference", "python-pptx-default", "dutch-idx-13"]
SAMPLE = {"Beehive", "DNA", "Midnightblue", "Nature_Illustration", "Progress", "Vintage", "Vivid", "Yellow_Idea"}
DRAWN = [f"{name}.pptx" for name in SHIPPED if os.environ.get("DECK_ALL_TEMPLATES") or name in SAMPLE] + OTHERS
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
FURNITURE = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)


def _needed(what: str, install: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing on CI; .ci/run must install {install}")
    pytest.skip(f"{what} is not installed; apt-get install {install}")


@pytest.fixture(scope="session")
def templates(tmp_path_factory, soffice) -> dict[str, Path]:
    """Every template to try, by name: the conversions made here, once."""
    folder = tmp_path_factory.mktemp("templates")
    found: dict[str, Path] = {}
    sources = [str(IMPRESS / f"{name}.otp") for name in SHIPPED]
    # Both conversions at once, each LibreOffice with a profile of its own: the machine has two cores.
    runs = [subprocess.Popen([_soffice(), f"-env:UserInstallation=file://{tmp_path_factory.mktemp('lo')}",
                              "--headless", "--convert-to", suffix, "--outdir", str(folder / suffix), *sources],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for suffix in ("pptx", "potx") if sources]
    assert all(run.wait(timeout=600) == 0 for run in runs)
    for suffix in ("pptx", "potx"):
        found.update({f"{name}.{suffix}": folder / suffix / f"{name}.{suffix}" for name in SHIPPED})
    if shutil.which("pandoc"):
        reference = folder / "pandoc-reference.pptx"
        reference.write_bytes(subprocess.run(["pandoc", "--print-default-data-file", "reference.pptx"],
                                             check=True, capture_output=True, timeout=60).stdout)
        found["pandoc-reference"] = reference
    found["python-pptx-default"] = Path(pptx.__file__).parent / "templates" / "default.pptx"
    found["dutch-idx-13"] = dutch_template(folder)
    return found


@pytest.fixture(scope="session")
def decks(templates, tmp_path_factory) -> dict[str, tuple]:
    """Each template's summerschool deck, built by the CLI from a copy of content/: (exit code, output, deck)."""
    scratch = tmp_path_factory.mktemp("content")
    content = shutil.copytree(ROOT / "content", scratch / "content")
    made = {}
    for name, template in templates.items():
        out = scratch / "out" / name.replace(".", "-")
        result = CliRunner().invoke(main, ["build", str(content / "summerschool.yaml"), "--template",
                                           str(template), "--only", "deck", "--out", str(out), "--quiet"])
        made[name] = (result.exit_code, result.output, out / "nl-BE" / "deck.pptx")
    return made


@pytest.fixture(scope="session")
def rendered(decks, tmp_path_factory) -> dict[str, Path]:
    """The decks of .pptx conversions and the other templates as PDF, in one LibreOffice run.

    A .potx conversion differs from the .pptx one in its content type only: its
    deck is read back, not drawn again.
    """
    folder = tmp_path_factory.mktemp("rendered")
    profile = tmp_path_factory.mktemp("lo-render")
    copies = {}
    for name, (code, _, deck) in decks.items():
        if code == 0 and name in DRAWN:
            copies[name] = folder / f"{name.replace('.', '-')}.pptx"
            shutil.copyfile(deck, copies[name])
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, copies.values())],
                   check=True, capture_output=True, timeout=900)
    return {name: path.with_suffix(".pdf") for name, path in copies.items()}


ALL = [f"{name}.{suffix}" for name in SHIPPED for suffix in ("pptx", "potx")] + OTHERS


def test_libreoffice_ships_templates_to_try(soffice):
    assert len(SHIPPED) >= 10, f"no Impress templates in {IMPRESS}"


@pytest.mark.parametrize("name", ALL)
def test_the_summerschool_builds_in_the_template(name, templates, decks):
    if name == "pandoc-reference" and name not in templates:
        _needed("pandoc", "pandoc")
    code, output, deck = decks[name]
    assert code == 0, output
    assert "Traceback" not in output
    prs = Presentation(deck)
    assert len(prs.slides) >= 13
    for number, slide in enumerate(prs.slides, start=1):
        title = slide.shapes.title
        assert title is not None and title.placeholder_format.type in TITLES and title.text_frame.text, number
        assert slide.notes_slide.notes_text_frame.text.strip(), number
        for shape in slide.placeholders:
            if shape.placeholder_format.type in FURNITURE:
                continue
            assert shape.placeholder_format.type != PP_PLACEHOLDER.DATE
            runs = [r for p in shape.text_frame.paragraphs for r in p.runs]
            assert runs, f"slide {number}: an empty placeholder was left"
            assert all(r.font.size is not None and r.font.size.pt >= 18 for r in runs), number
        langs = {r._r.get_or_add_rPr().get("lang") for s in slide.shapes if s.has_text_frame
                 for p in s.text_frame.paragraphs for r in p.runs}
        assert langs == {"nl-BE"}, number


@pytest.mark.parametrize("name", DRAWN)
def test_libreoffice_draws_every_word_of_the_deck(name, templates, decks, rendered):
    if name not in templates:
        _needed("pandoc", "pandoc")
    code, output, deck = decks[name]
    assert code == 0, output
    # The footer zone is the default template's design; others put their footers where they like.
    check_pages(Presentation(deck), rendered[name], footer_zone=False)


def test_a_long_case_keeps_its_dilemma_with_its_first_option(decks):
    """The summerschool's longest case in pandoc's small 16:9 boxes: its first option is on a slide with the
    dilemma, and a continuation either repeats the dilemma or starts at a whole option, titled as continuing."""
    code, output, deck = decks.get("pandoc-reference", (None, None, None))
    if code is None:
        _needed("pandoc", "pandoc")
    continued = 0
    for slide in Presentation(deck).slides:
        bodies = [s for s in slide.placeholders if s.placeholder_format.type not in (*FURNITURE, *TITLES)]
        paragraphs = [p for s in bodies for p in s.text_frame.paragraphs]
        letters = [p._pPr.find("{*}buAutoNum") if p._pPr is not None else None for p in paragraphs]
        lettered = [(p, n) for p, n in zip(paragraphs, letters) if n is not None and n.get("type") == "alphaUcPeriod"]
        if not lettered:
            continue
        first, number = lettered[0]
        if number.get("startAt") is None:  # option A
            assert paragraphs[0].text.startswith("“"), "option A without its dilemma"
        elif not paragraphs[0].text.startswith("“"):
            assert paragraphs[0] is first, "a continuation starts inside an option"
        if "(vervolg)" in slide.shapes.title.text_frame.text:
            continued += 1
    assert continued, "the longest case was expected to continue in pandoc's boxes"
