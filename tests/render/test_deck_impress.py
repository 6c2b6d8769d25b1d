"""The deck as LibreOffice Impress renders it: every word on its slide, inside the page, at 18 pt or more."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu

from deck.build import build

from ..sessions import stress, write

FURNITURE = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
MIN_SIZE = 18


def words(text: str) -> list[str]:
    # Split at hyphens too: Impress may break "faites-vous" after its hyphen. Lower case: a template
    # may show titles in capitals.
    return [w.lower() for w in (re.sub(r"^\W+|\W+$", "", w) for w in re.split(r"[\s\-‐]+", text)) if w]


def rendered(tmp_path: Path, content: Path, soffice, locale: str | None = None):
    [deck] = build(content, out=tmp_path, locales=[locale] if locale else None, only=["deck"])
    return Presentation(deck.path), soffice(deck.path)


def slide_footer(furniture) -> str:
    return " ".join(s.text_frame.text for s in furniture)


def check_pages(prs, pdf_path: Path, footer_zone: bool = True) -> None:
    """Every word of every placeholder drawn, inside the page, at 18 pt or more above the footer.

    footer_zone: nothing but the footer below its top edge (the default template's
    design; a foreign template may put its footer beside the text).
    """
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == len(prs.slides)
        for number, (slide, page) in enumerate(zip(prs.slides, pdf.pages), start=1):
            furniture = [s for s in slide.placeholders if s.placeholder_format.type in FURNITURE]
            furniture_top = min((Emu(s.top).pt for s in furniture), default=page.height + 2) - 2
            page_words = set(words(" ".join(w["text"] for w in page.extract_words())))
            expected = [w for s in slide.placeholders if s not in furniture for w in words(s.text_frame.text)]
            missing = [w for w in expected if w not in page_words]
            assert not missing, f"slide {number}: not rendered: {missing[:10]}"
            if footer_zone and furniture_top < page.height:
                zone = page.crop((0, furniture_top, page.width, page.height))
                allowed = set(words(slide_footer(furniture)))
                strays = [w for w in words(" ".join(w["text"] for w in zone.extract_words())) if w not in allowed]
                assert not strays, f"slide {number}: text ran into the footer: {strays[:10]}"
            for char in page.chars:
                if not char["text"].strip():
                    continue  # a space where a line wraps draws nothing
                where = f"slide {number}: {char['text']!r} at ({char['x0']:.0f}, {char['top']:.0f})"
                assert 0 <= char["x0"] and char["x1"] <= page.width, where
                assert 0 <= char["top"] and char["bottom"] <= page.height, where
                if char["top"] < furniture_top:  # footer and slide number are furniture, not content
                    assert char["size"] >= MIN_SIZE - 0.1, f"{where} is {char['size']:.1f} pt"


@pytest.mark.parametrize("locale", ["nl-BE", "en-GB", "fr-BE", "qps-ploc"])
def test_summerschool_renders_every_word_inside_the_slide(tmp_path, soffice, locale, summerschool_copy):
    check_pages(*rendered(tmp_path, summerschool_copy, soffice, locale))


def test_stress_session_renders_every_word_inside_the_slide(tmp_path, soffice):
    check_pages(*rendered(tmp_path, write(stress(), tmp_path), soffice))
