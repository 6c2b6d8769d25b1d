"""Sessions written in Arabic, Hebrew, Chinese, Japanese, Greek, Ukrainian and Turkish: every letter on every page.

The texts are written here, in the test, not taken from shipped content.
"""
from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation

from deck.build import build
from deck.text.scripts import has_cjk, is_rtl

from ..render.test_deck_impress import check_pages
from ..render.test_worksheets import tool
from ..sessions import write
from .fonts import require_script_fonts
from .languages import PHRASES, scripted, words

LANGUAGES = list(PHRASES)
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_built: dict[str, tuple] = {}


@pytest.fixture
def session_in(tmp_path_factory):
    """Build the session in a language once (every output), for all the tests that look at it."""
    def made(language: str) -> tuple[dict, Path, list]:
        require_script_fonts()
        if language not in _built:
            folder = tmp_path_factory.mktemp(f"script-{language}")
            data = scripted(language)
            written = build(write(data, folder), out=folder / "out", parallel=False)
            _built[language] = (data, folder / "out" / PHRASES[language][0], written)
        return _built[language]
    return made


def normalized(text: str) -> str:
    """Extracted text as a reader sees it: compatibility forms (Arabic's joined letters) unfolded,
    direction marks removed, no spaces (CJK lines break anywhere)."""
    return re.sub(r"\s+", "", _BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text)))


def pdftotext(path: Path) -> str:
    return subprocess.run([tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout


def expected_words(data: dict) -> list[str]:
    return [w for text in words(data) for w in re.findall(r"\w+", unicodedata.normalize("NFKC", text))]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_letter_reaches_the_worksheets(session_in, language):
    data, folder, _ = session_in(language)
    page = normalized(pdftotext(folder / "worksheets.pdf"))
    missing = [w for w in expected_words(data) if w not in page]
    assert not missing, f"not on the worksheets: {missing[:10]}"
    letters = {c for text in words(data) for c in unicodedata.normalize("NFKC", text) if c.isalpha()}
    assert letters <= set(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pdf_has_the_session_text(session_in, language):
    data, folder, _ = session_in(language)
    title = normalized(data["session"]["title"])
    for name in ("facilitator.pdf", "handout.pdf", "worksheets/group-1.pdf"):
        assert title in normalized(pdftotext(folder / name)), name


@pytest.mark.parametrize("language", LANGUAGES)
def test_deck_runs_carry_the_language_and_rtl_paragraphs_are_marked(session_in, language):
    data, folder, _ = session_in(language)
    tag = data["session"]["language"]
    runs = paragraphs = rtl = 0
    for slide in Presentation(folder / "deck.pptx").slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for p in shape.text_frame._txBody.iter(f"{_A}p"):
                text = "".join(t.text or "" for t in p.iter(f"{_A}t"))
                pPr = p.find(f"{_A}pPr")
                if is_rtl(text):
                    rtl += 1
                    assert pPr is not None and pPr.get("rtl") == "1" and pPr.get("algn") == "r", text
                elif pPr is not None:
                    assert pPr.get("rtl") != "1", text
                paragraphs += 1
                for r in p.iter(f"{_A}r"):
                    runs += 1
                    rPr = r.find(f"{_A}rPr")
                    assert rPr.get("lang") == tag
                    run_text = r.find(f"{_A}t").text or ""
                    if is_rtl(run_text):
                        assert rPr.find(f"{_A}cs").get("typeface"), run_text
                    if has_cjk(run_text):
                        assert rPr.find(f"{_A}ea").get("typeface"), run_text
    assert runs and paragraphs
    assert (rtl > 0) == (language in ("ar", "he"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_libreoffice_shows_every_word_of_the_deck(session_in, language, soffice):
    data, folder, _ = session_in(language)
    deck = folder / "deck.pptx"
    pdf = soffice(deck)
    shown = normalized(pdftotext(pdf))
    prs = Presentation(deck)
    expected = [w for slide in prs.slides for shape in slide.placeholders
                if shape.placeholder_format.type not in (13, 15)  # footer and slide number
                for w in re.findall(r"\w+", unicodedata.normalize("NFKC", shape.text_frame.text))]
    if language == "ar":
        # LibreOffice draws lam-alef and lam-yeh as one ligature glyph and maps it back to its two letters
        # in display order (عىل for على), so poppler reads them swapped: each word's letters, in any order.
        spaced = _BIDI_CONTROLS.sub(" ", unicodedata.normalize("NFKC", pdftotext(pdf)))  # ".A" apart from the word
        shown_words = {"".join(sorted(w)) for w in re.findall(r"\w+", spaced)}
        missing = [w for w in expected if "".join(sorted(w)) not in shown_words]
    else:
        missing = [w for w in expected if w not in shown]
    assert not missing, f"not on the slides: {missing[:10]}"
    if language in ("el", "uk", "tr"):  # words with spaces: the full check, each word inside its slide
        check_pages(prs, pdf)
