"""The facilitator's run sheet: the agenda with clock times, who does what, the cases and the materials."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, Table

from ..labels import block_name, cluster_name
from ..layouts import SheetLayout
from ..model import DEBRIEF, VIDEO
from ..plan import Slot
from ..session import Planned
from .debrief_page import debrief_pages
from .pdf import TOTAL, Composing, PdfResult, draw_counted_footer, para, ruled, subtitle_for, write_document


def render_runsheet(planned: Planned, style: SheetLayout, locale: str, target: Path, answers=None) -> PdfResult:
    """Write the run sheet (facilitator.pdf) to target; with the groups' answers, a debrief page too."""
    story = _story if answers is None else lambda sheet: [*_story(sheet), *debrief_pages(sheet, answers)]
    return write_document(planned, style, locale, target, "run_sheet", story, _footer)


def _story(sheet: Composing) -> list:
    words, styles, meta = sheet.words, sheet.styles, sheet.planned.session.meta
    subtitle = subtitle_for(meta, words("run_sheet"), meta.date and words.date(meta.date))
    return [para(meta.title, styles["title"]), para(subtitle, styles["subtitle"]),
            *_agenda(sheet), *_groups(sheet), *_cases(sheet), *_materials(sheet)]



def _table(sheet: Composing, header: list[str], rows: list[list[str | Paragraph]], widths: list[float],
           bold_last: bool = False) -> Table:
    """A ruled table of paragraphs; the header repeats on every page it runs over."""
    cell, head = sheet.styles["cell"], sheet.styles["cell_head"]
    data = [[para(h, head) for h in header]]
    data += [[v if isinstance(v, Paragraph) else para(v, head if bold_last and n == len(rows) - 1 else cell)
              for v in row] for n, row in enumerate(rows)]
    total = sum(widths)
    # splitInRow: a row taller than a page (a 3,000-character text in a narrow column) runs on to the next.
    table = Table(data, colWidths=[f"{w / total * 100:.2f}%" for w in widths], repeatRows=1, hAlign="LEFT",
                  splitInRow=1)
    table.setStyle(ruled(sheet, cell.fontName))
    return table


# -- one function per section ----------------------------------------------------------

def _agenda(sheet: Composing) -> list:
    words, plan = sheet.words, sheet.planned.plan
    rows = []
    for block in sheet.planned.session.agenda:
        slots = plan.slots(block.id)
        rows.append([block_name(block, sheet.planned.session, sheet.words), str(sum(s.minutes for s in slots)),
                     _clock(sheet, slots[0].start, slots[-1].end)])
        if block.kind == DEBRIEF:
            rows += [_debrief_row(sheet, slot) for slot in slots]
    rows.append([words("total"), str(plan.total_minutes), _clock(sheet, 0, plan.total_minutes)])
    header = [words("col_block"), words("col_minutes"), words("col_time")]
    return [para(words("agenda"), sheet.styles["heading"]),
            _table(sheet, header, rows, [6, 1.2, 1.8], bold_last=True)]


def _debrief_row(sheet: Composing, slot: Slot) -> list[str | Paragraph]:
    """A cluster's part of the debrief, set in under its block, the dash hanging."""
    title = cluster_name(sheet.planned.session, slot.cluster, sheet.words)
    presenter = sheet.planned.plan.presenter(slot.cluster)
    by = f" ({sheet.words('presented_by', n=presenter)})" if presenter else ""
    cell = sheet.styles["cell"]
    style = ParagraphStyle(f"{cell.name}-part", parent=cell, leftIndent=cell.fontSize * 2,
                           bulletIndent=cell.fontSize, bulletFontName=cell.fontName)
    return [para(f"{title}{by}", style, "–"), str(slot.minutes),
            _clock(sheet, slot.start, slot.end)]


def _clock(sheet: Composing, start: int, end: int) -> str:
    first, last = sheet.planned.plan.clock(start), sheet.planned.plan.clock(end)
    # Without a start time, minutes from the start (Carlito has no prime sign for 90′).
    return f"{first}–{last}" if first else sheet.words.minutes(f"{start}–{end}")


def _groups(sheet: Composing) -> list:
    words, session = sheet.words, sheet.planned.session
    rows = [[words("group", n=g.number), "; ".join(cluster_name(session, c, words) for c in g.clusters),
             "; ".join(cluster_name(session, c, words) for c in g.presents) or "–"]
            for g in sheet.planned.plan.groups]
    header = [words("col_group"), words("col_clusters"), words("col_presents")]
    return [para(words("groups"), sheet.styles["heading"]), _table(sheet, header, rows, [1.2, 5, 3])]


def _cases(sheet: Composing) -> list:
    words, session = sheet.words, sheet.planned.session
    rows = [[f"{cluster_name(session, cluster.id, words)}, {words('case_n', n=n)}: {_opening(case.dilemma)}", case.tension or "–",
             ", ".join(session.document(d).title for d in case.documents) or "–"]
            for cluster in session.clusters for n, case in enumerate(cluster.cases, start=1)]
    header = [words("col_case"), words("col_tension"), words("col_guides")]
    return [para(words("cases"), sheet.styles["heading"]), _table(sheet, header, rows, [4, 3, 3])]


def _opening(text: str, words: int = 8, characters: int = 60) -> str:
    """The first words of a dilemma, enough to recognise it; in a script without spaces, the first characters."""
    parts = text.split()
    opening = " ".join(parts[:words])
    if len(opening) > characters:
        return opening[:characters] + "…"
    return opening + (" …" if len(parts) > words else "")


def _materials(sheet: Composing) -> list:
    words, session = sheet.words, sheet.planned.session
    items = [words("mat_worksheets", count=session.groups.count)]
    items += [words("mat_video", title=b.title or b.url or b.file or "")
              for b in session.agenda if b.kind == VIDEO]
    items += [words("mat_document", title=d.title) for d in session.documents]
    option = sheet.styles["option"]
    # U+25A1, a box to tick, large enough for a pen: Carlito has it (U+2610, the ballot box, it has not).
    style = ParagraphStyle(f"{option.name}-tick", parent=option, bulletIndent=option.leftIndent,
                           leftIndent=option.leftIndent + 2 * option.fontSize,
                           bulletFontName=option.fontName, bulletFontSize=option.fontSize * 1.5)
    return [KeepTogether([para(words("materials"), sheet.styles["heading"]),
                          *[para(item, style, "□") for item in items]])]


def _footer(sheet: Composing):
    style = sheet.styles["footer"]

    def draw(canv, doc) -> None:
        page = canv.getPageNumber()
        draw_counted_footer(canv, doc, style, sheet.words("page_of", x=page, y=TOTAL), "all", page,
                            f"{sheet.planned.session.meta.title} – {sheet.words('run_sheet')}")
    return draw
