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
SMALL_PRINT = 12  # a picture's caption and credit: read from near the screen, like a footer


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
            captions = _captions(slide)
            expected += [w for s in captions for w in words(s.text_frame.text)]
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
                if any(_inside(char, shape) for shape in captions):
                    assert char["size"] >= SMALL_PRINT - 0.1, f"{where} is {char['size']:.1f} pt"
                elif char["top"] < furniture_top:  # footer and slide number are furniture, not content
                    assert char["size"] >= MIN_SIZE - 0.1, f"{where} is {char['size']:.1f} pt"


def _captions(slide) -> list:
    """The text boxes that are not placeholders on a slide with a picture: its caption and credit."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if not any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes):
        return []
    return [shape for shape in slide.shapes if not shape.is_placeholder and shape.has_text_frame
            and shape.text_frame.text.strip()]


def _inside(char, shape) -> bool:
    """Whether a drawn character lies in a shape's box (a point of slack, for the renderer's rounding)."""
    left, top = Emu(shape.left).pt - 1, Emu(shape.top).pt - 1
    return (left <= char["x0"] and char["x1"] <= left + Emu(shape.width).pt + 2
            and top <= char["top"] and char["bottom"] <= top + Emu(shape.height).pt + 2)


@pytest.mark.parametrize("locale", ["nl-BE", "en-GB", "fr-BE", "qps-ploc"])
def test_summerschool_renders_every_word_inside_the_slide(tmp_path, soffice, locale, summerschool_copy):
    check_pages(*rendered(tmp_path, summerschool_copy, soffice, locale))


def test_stress_session_renders_every_word_inside_the_slide(tmp_path, soffice):
    check_pages(*rendered(tmp_path, write(stress(), tmp_path), soffice))


@pytest.mark.parametrize("locale", ["nl-BE", "fr-BE"])
def test_summerschool_poster_is_drawn_on_the_video_slide_and_no_text_is_lost(tmp_path, soffice, locale,
                                                                             summerschool_copy):
    """The shipped session's picture, as LibreOffice draws it: an image on the video slide's page, and
    every word of that slide (title, text, caption, credit) beside it."""
    import subprocess

    import yaml
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from .test_worksheets import tool

    prs, pdf = rendered(tmp_path, summerschool_copy, soffice, locale)
    check_pages(prs, pdf)
    block = next(b for b in yaml.safe_load(summerschool_copy.read_text(encoding="utf-8"))["agenda"]
                 if b.get("image"))
    assert block["kind"] == "video", "the seed deck's picture was the video's poster frame"
    title = _translated(summerschool_copy, locale, f"agenda/{block['id']}/title") or block["title"]
    with_picture = [number for number, slide in enumerate(prs.slides, start=1)
                    if any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes)]
    video = [number for number, slide in enumerate(prs.slides, start=1)
             if slide.shapes.title is not None and slide.shapes.title.text_frame.text == title]
    assert len(video) == 1 and with_picture == video, "the poster is on one slide, the video's"
    listing = subprocess.run([tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    pages = {int(line.split()[0]) for line in listing if line.split()[2] == "image"}
    assert pages == set(with_picture)
    [[width, height]] = {tuple(int(v) for v in line.split()[3:5]) for line in listing}
    assert width >= 640 and 1.7 < width / height < 1.8, "the 16:9 poster, not a thumbnail or an icon"


def _translated(session: Path, locale: str, key: str) -> str | None:
    """The shipped catalog's text for key in locale, or None in the session's own language."""
    from deck import i18n

    po = session.parent / "locales" / locale.replace("-", "_") / "LC_MESSAGES" / f"{session.stem}.po"
    if not po.is_file():
        return None
    return next(m.string for m in i18n.read_catalog(po) if m.context == key)
