"""The take-home handout: the guiding documents with their key points, the agenda's points blocks, and the
cases that have a picture, with it."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph

from ..labels import cluster_name
from ..layouts import SheetLayout
from ..model import DEBRIEF, DOCUMENTS, GROUP_WORK, POINTS, Block, Document
from ..session import Planned
from . import sheetpictures
from .pdf import Composing, PdfResult, draw_footer, para, subtitle_for, write_document


def render_handout(planned: Planned, style: SheetLayout, locale: str, target: Path) -> PdfResult:
    """Write the participants' handout (handout.pdf) to target; its warnings name the pictures left out."""
    pictures, warnings = sheetpictures.case_pictures(planned.session, style, sheetpictures.fit_handout,
                                                     "in the handout")
    result = write_document(planned, style, locale, target, "handout", lambda handout: _story(handout, pictures),
                            _footer)
    return dataclasses.replace(result, warnings=tuple(warnings))


def _story(handout: Composing, pictures: dict) -> list:
    meta, styles, words = handout.planned.session.meta, handout.styles, handout.words
    subtitle = subtitle_for(meta, words("handout"), meta.date and words.date(meta.date))
    story = [para(meta.title, styles["title"]), para(subtitle, styles["subtitle"])]
    agenda = handout.planned.session.agenda
    # The cases come where the agenda has the groups work on them (else at the end): only those with a
    # picture, since a participant takes home what the room looked at together.
    cases_at = next((block.id for block in agenda if block.kind in (GROUP_WORK, DEBRIEF)), None)
    for block in agenda:
        if block.kind == DOCUMENTS:
            story += _documents(handout, block)
        elif block.kind == POINTS:
            story += _points(handout, block)
        if block.id == cases_at:
            story += _cases(handout, pictures)
    if cases_at is None:
        story += _cases(handout, pictures)
    return story


def _cases(handout: Composing, pictures: dict) -> list:
    """Each case that has a picture: its cluster, its dilemma, its picture with caption and credit."""
    if not pictures:
        return []
    session, styles = handout.planned.session, handout.styles
    captions = sheetpictures.caption_styles(styles["label"])
    story = [para(handout.words("cases"), styles["heading"])]
    for cluster in session.clusters:
        named = False
        for case in cluster.cases:
            shown = pictures.get((cluster.id, case.id))
            if shown is None:
                continue
            # The cluster's name travels with its first case, never alone at a page's foot.
            head = [] if named else [para(cluster_name(session, cluster.id, handout.words), styles["case"])]
            named = True
            story.append(KeepTogether([*head, para(f"“{case.dilemma}”", styles["dilemma"]),
                                       sheetpictures.Figure(shown.image, shown.fit, case.image, captions,
                                                            space_after=styles["base"].spaceAfter * 2)]))
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
