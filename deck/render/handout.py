"""The take-home handout: the guiding documents with their key points, then the agenda's points blocks."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph

from ..layouts import SheetLayout
from ..model import DOCUMENTS, POINTS, Block, Document
from ..session import Planned
from .pdf import Composing, PdfResult, draw_footer, para, subtitle_for, write_document


def render_handout(planned: Planned, style: SheetLayout, locale: str, target: Path) -> PdfResult:
    """Write the participants' handout (handout.pdf) to target."""
    return write_document(planned, style, locale, target, "handout", _story, _footer)


def _story(handout: Composing) -> list:
    meta, styles, words = handout.planned.session.meta, handout.styles, handout.words
    subtitle = subtitle_for(meta, words("handout"), meta.date and words.date(meta.date))
    story = [para(meta.title, styles["title"]), para(subtitle, styles["subtitle"])]
    for block in handout.planned.session.agenda:
        if block.kind == DOCUMENTS:
            story += _documents(handout, block)
        elif block.kind == POINTS:
            story += _points(handout, block)
    return story


def _bullets(handout: Composing, texts: list[str]) -> list[Paragraph]:
    option = handout.styles["option"]
    # The bullet's font too, else ReportLab draws it in Helvetica, which is never embedded.
    style = ParagraphStyle(f"{option.name}-bullet", parent=option, bulletIndent=option.leftIndent / 3,
                           bulletFontName=option.fontName)
    return [para(text, style, "•") for text in texts]


def _documents(handout: Composing, block: Block) -> list:
    """Each guiding document with what it says, then the block's own points; nothing when it has neither."""
    if not handout.planned.session.documents and not block.points:
        return []
    story = [para(block.title or handout.words("kind_documents"), handout.styles["heading"])]
    story += [_document(handout, document) for document in handout.planned.session.documents]
    story += _bullets(handout, [p.text for p in block.points])
    return story


def _document(handout: Composing, document: Document) -> KeepTogether:
    styles = handout.styles
    parts = [para(document.title, styles["case"])]
    if document.summary:
        parts.append(para(document.summary, styles["base"]))
    parts += [para(f"“{quote.text}”", styles["dilemma"]) for quote in document.quotes]
    return KeepTogether(parts)


def _points(handout: Composing, block: Block) -> list:
    """A points block's title, text and points; nothing when it has no text to take home."""
    if not block.text and not block.points:
        return []
    story = [para(block.title or "", handout.styles["heading"])]
    if block.text:
        story.append(para(block.text, handout.styles["base"]))
    return [KeepTogether(story + _bullets(handout, [p.text for p in block.points]))]


def _footer(handout: Composing):
    style = handout.styles["footer"]

    def draw(canv, doc) -> None:
        meta = handout.planned.session.meta
        draw_footer(canv, doc, style, f"{meta.title} – {handout.words('handout')}", meta.organisation or "")
    return draw
