"""Pictures on slides: where a slide's picture goes, and the picture shape with its alt text and caption.

A picture never covers text: it takes the layout's picture placeholder or its
second text box (text left, picture right), or, where the layout has one text
box only, the lower part of it, the text keeping the upper part. On the title
slide, whose layout rarely has room to spare, the title and subtitle keep the
left part of their width and the picture takes the right part, unless the
layout has a picture placeholder. It is scaled to fit its room without
distortion. The file is read through deck/picture_files.py (an SVG arrives
drawn as a PNG).
"""
from __future__ import annotations

import copy
import io

from lxml import etree
from pptx.oxml.ns import qn
from pptx.util import Pt

from .. import picture_files
from ..template_layouts import Choice, Rect
from ..text.measure import Metrics, wrap

TEXT_SHARE = 0.5   # of a lone text box, kept for the text when the picture goes under it
PICTURE_SHARE = 0.4  # of the title slide's width, given to a picture beside its title and subtitle
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


def arrangement(choice: Choice, kind: str) -> tuple[dict[int, Rect], Rect]:
    """Where a slide of kind ("picture" or "title_picture") with a picture has its text and its picture:
    (the text placeholders' rooms by position, those moved from where the layout has them; the picture's room)."""
    if kind != "title_picture":
        text, room = picture_areas(choice)
        return ({choice.bodies[0].position: text} if len(choice.bodies) == 1 else {}), room
    own = next((p for p in choice.layout.placeholders if p.role == "picture" and p.usable), None)
    if own is not None:
        return {}, _room(own)
    texts = [p for p in (choice.title, *choice.bodies) if p is not None]
    rooms = {p.position: _room(p) for p in texts}
    left, right = min(r.left for r in rooms.values()), max(r.right for r in rooms.values())
    top, bottom = min(r.top for r in rooms.values()), max(r.bottom for r in rooms.values())
    split = left + (right - left) * (1 - PICTURE_SHARE)
    moved = {position: Rect(r.left, r.top, max(min(r.right, split - GAP / 2) - r.left, 1.0), r.height)
             for position, r in rooms.items()}
    return moved, Rect(split + GAP / 2, top, right - split - GAP / 2, bottom - top)


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


def caption_fill(slide_layout, choice: Choice):
    """The fill (a:solidFill) the layout gives the text of the slide's first text box, or None for the theme's.

    A caption is a text box of its own, drawn in the theme's text colour: dark, also
    on a dark title slide whose subtitle the layout sets light. With this fill it
    reads as the text beside it does.
    """
    if not choice.bodies:
        return None
    layout_placeholders = list(slide_layout.placeholders)  # in document order, as positions count them
    position = choice.bodies[0].position
    if position >= len(layout_placeholders):
        return None
    return layout_placeholders[position]._element.find(
        f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}/{qn('a:solidFill')}")


def add_picture(slide, path: str, alt: str, lines: tuple[str, ...], area: Rect, lang: str, font: Metrics,
                fill=None) -> None:
    """The picture, as large as fits area above its caption lines, centred; its description is alt.

    The caption and credit are measured with the body font (font), so a long one has the lines it wraps to;
    fill (caption_fill) colours them as the slide's text.
    """
    data = picture_files.read(path).data  # checked by the loader; read again under the same rules
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
            rPr = run._r.get_or_add_rPr()
            rPr.set("lang", lang)
            if fill is not None:
                rPr.insert(0, copy.deepcopy(fill))


def _size(index: int) -> int:
    """The caption's size, then the credit's, smaller."""
    return CAPTION_SIZE if index == 0 else CAPTION_SIZE - 2
