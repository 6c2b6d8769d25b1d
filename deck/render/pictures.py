"""Pictures on slides: where a slide's picture goes, and the picture shape with its alt text and caption.

A picture never covers text: it takes the layout's picture placeholder or its
second text box (text left, picture right), or, where the layout has one text
box only, the lower part of it, the text keeping the upper part. It is scaled
to fit its room without distortion.
"""
from __future__ import annotations

import io

from lxml import etree
from pptx.oxml.ns import qn
from pptx.util import Pt

from .. import safe_files
from ..errors import DeckError
from ..template_layouts import Choice, Rect
from ..text.measure import Metrics, wrap

TEXT_SHARE = 0.5   # of a lone text box, kept for the text when the picture goes under it
GAP = 9.0          # points between the text and a picture under it, and between a picture and its caption
CAPTION_SIZE = 14  # points: a caption is read from near, a credit is small print


def picture_areas(choice: Choice) -> tuple[Rect, Rect]:
    """(the text's room, the picture's room) on a slide of this layout, in points."""
    text = _room(choice.bodies[0])
    if len(choice.bodies) > 1:
        return text, _room(choice.bodies[1])
    upper = text.height * TEXT_SHARE
    return (Rect(text.left, text.top, text.width, upper),
            Rect(text.left, text.top + upper + GAP, text.width, text.height - upper - GAP))


def _room(placeholder) -> Rect:
    return placeholder.area or placeholder.box


def set_box(sp, box: Rect) -> None:
    """Give a placeholder this position and size, over what its layout says."""
    spPr = sp.find(qn("p:spPr"))
    old = spPr.find(qn("a:xfrm"))
    if old is not None:
        spPr.remove(old)
    xfrm = etree.Element(qn("a:xfrm"))
    etree.SubElement(xfrm, qn("a:off"), {"x": str(round(box.left * 12700)), "y": str(round(box.top * 12700))})
    etree.SubElement(xfrm, qn("a:ext"), {"cx": str(round(box.width * 12700)), "cy": str(round(box.height * 12700))})
    spPr.insert(0, xfrm)


def add_picture(slide, path: str, alt: str, lines: tuple[str, ...], area: Rect, lang: str, font: Metrics) -> None:
    """The picture, as large as fits area above its caption lines, centred; its description is alt.

    The caption and credit are measured with the body font (font), so a long one has the lines it wraps to.
    """
    try:  # checked by the loader; read under the same rules, in case it was swapped since
        data = safe_files.read(path, safe_files.IMAGE_BYTES, "a picture")
    except (OSError, safe_files.Refused) as error:
        raise DeckError(f"{path}: {getattr(error, 'strerror', None) or error}") from None
    wrapped = sum(len(wrap(line, font, _size(index), area.width - 14.4)) for index, line in enumerate(lines))
    caption = wrapped * CAPTION_SIZE * 1.25 + (GAP if lines else 0)
    picture = slide.shapes.add_picture(io.BytesIO(data), 0, 0)
    width, height = picture.width / 12700, picture.height / 12700
    scale = min(area.width / width, max(area.height - caption, 1) / height)
    width, height = width * scale, height * scale
    left = area.left + (area.width - width) / 2
    picture.left, picture.top, picture.width, picture.height = (Pt(left), Pt(area.top), Pt(width), Pt(height))
    cNvPr = picture._element.find(f"{qn('p:nvPicPr')}/{qn('p:cNvPr')}")
    cNvPr.set("descr", alt)
    cNvPr.set("name", f"Picture {cNvPr.get('id')}")
    if lines:
        box = slide.shapes.add_textbox(Pt(area.left), Pt(area.top + height + GAP / 2), Pt(area.width),
                                       Pt(caption))
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(lines):
            p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            p.alignment = 2  # centred, under the picture (PP_ALIGN.CENTER)
            run = p.add_run()
            run.text = line
            run.font.size = Pt(_size(index))
            run.font.italic = index > 0
            run._r.get_or_add_rPr().set("lang", lang)


def _size(index: int) -> int:
    """The caption's size, then the credit's, smaller."""
    return CAPTION_SIZE if index == 0 else CAPTION_SIZE - 2
