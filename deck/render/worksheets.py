"""The group worksheets: one fillable PDF per group, and all groups in one file for duplex printing.

A group's sheet holds only its own clusters: the time box, what it presents,
the instructions, then every case with its options to tick, room to write and
the guiding documents that bear on it. A case stays on one page unless it is
longer than a page on its own.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from reportlab.lib.colors import HexColor
from reportlab.lib.fonts import tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import (Flowable, KeepTogether, NextPageTemplate, PageBreak, Table,
                                TableStyle)

from ..labels import cluster_name, option_letter
from ..layouts import SheetLayout
from ..model import GROUP_WORK, Block, Case, Cluster
from ..output import build_time, write_atomic
from ..plan import GroupPlan, group_work_minutes
from ..session import Planned
from ..structure import (OTHER, TAG_KEY, Structure, notes_field, option_field, other_field, question_field,
                         tag)
from ..words import SOURCE
from .pdf import (TOTAL, Composing, FieldFlowable, PdfResult, build, draw_counted_footer, form, meta_for, para,
                  register_fonts)
from ..text.scripts import language_is_rtl
from . import pdftext, sheetpictures
from .replay import BLANK, Recording, Seed, assemble, build_recorded, chars_of

GUTTER = 20.0  # points between a checkbox column and its text
LETTER = 13.0  # points from an option's letter to its text: the widest capital and a gap


def render_worksheets(planned: Planned, style: SheetLayout, locale: str, folder: Path) -> list[PdfResult]:
    """Write folder/worksheets/group-<n>.pdf for every group and folder/worksheets.pdf with them all."""
    prepared = prepare(planned, style, locale)
    sheets = render_group_sheets(prepared, folder)
    return [*(sheet.result for sheet in sheets), render_print_file(prepared, folder, sheets)]


@dataclass(frozen=True)
class Prepared:
    """What a locale's group sheets and print file share: the styles and words, the font seed,
    and a digest of everything every sheet is made from."""

    sheets: Composing
    seed: Seed
    common: str
    structure: Structure  # what the forms' fields are made of, tagged on every sheet for `collect`
    pictures: dict  # (cluster id, case id) -> sheetpictures.Shown, for the case pictures that fit
    warnings: tuple[str, ...] = ()  # the case pictures left out, and why


def prepare(planned: Planned, style: SheetLayout, locale: str) -> Prepared:
    """The shared part of a locale's worksheets, made once: parts of a large session's groups
    rendered with one Prepared share their paragraphs' layouts too."""
    sheets = Composing.of(planned, style, locale)
    sheets.styles[OPTION_TEXT] = _option_text(sheets.styles["option"])
    sheets.styles[CAPTION], sheets.styles[CREDIT] = sheetpictures.caption_styles(sheets.styles["label"])
    seed = _seed(sheets)
    session = planned.session
    structure = Structure.of(planned)
    pictures, warnings = sheetpictures.case_pictures(session, style, sheetpictures.fit_sheet, "on the worksheets")
    common = (locale, structure.digest, repr(style), tuple(sorted(register_fonts(style).items())), repr(seed),
              repr(session.meta), repr(session.documents), repr(_group_work_block(sheets)),
              build_time().isoformat())
    return Prepared(sheets, seed, hashlib.sha1(repr(common).encode()).hexdigest(), structure, pictures,
                    tuple(warnings))


@dataclass(frozen=True)
class GroupSheet:
    """One group's sheet as written, with the recording of its pages for the print file."""

    number: int
    result: PdfResult
    made: "_Made"

    @property
    def recording(self) -> Recording:
        return self.made.recording


def render_group_sheets(prepared: Prepared, folder: Path, numbers: Iterable[int] | None = None) -> list[GroupSheet]:
    """Write folder/worksheets/group-<n>.pdf for the groups numbered (every group when numbers is None).

    The build shares the groups of a large session between two processes; the
    print file is then assembled from all their recordings (render_print_file).
    """
    sheets, seed = prepared.sheets, prepared.seed
    wanted = set(numbers) if numbers is not None else None
    made: list[GroupSheet] = []
    for group in sheets.planned.plan.groups:
        if wanted is not None and group.number not in wanted:
            continue
        path = folder / "worksheets" / f"group-{group.number}.pdf"
        key = _group_key(prepared, group)
        known = _last_made.get(path)
        if known is None or known.key != key or not known.still_at(path):
            data, pages, recording = build_recorded(
                sheets.layout, _meta(prepared, group.number),
                [GroupStart(group.number), *_group_story(prepared, group)], _footer(sheets), seed, with_form=True)
            # Written as it is made, not held: a build stages every file and puts them in place at its end.
            write_atomic(path, data)
            known = _last_made[path] = _Made(key, hashlib.sha1(data).hexdigest(), pages, recording)
        made.append(GroupSheet(group.number, PdfResult(path, known.pages), known))
    return made


def render_print_file(prepared: Prepared, folder: Path, made: list[GroupSheet]) -> PdfResult:
    """Write folder/worksheets.pdf: every group's pages, in group order, each group on its own sheets.

    The sheets may come from another process: what they were made from is
    remembered here too, so that a later rebuild in this process reuses them.
    """
    for sheet in made:
        _last_made[sheet.result.path] = sheet.made
    sheets, style = prepared.sheets, prepared.sheets.layout
    recordings = [sheet.recording for sheet in made]
    if all(recording.portable for recording in recordings):
        data, pages = assemble(style, _meta(prepared, None), _with_blank_backs(recordings), prepared.seed,
                               with_form=True)
    else:  # a text met a character outside the seed: lay the print file out afresh
        counts = {group.number: len(r.pages) for group, r in zip(sheets.planned.plan.groups, recordings)}
        data, pages = build(style, _meta(prepared, None), _combined_story(prepared, counts), _footer(sheets),
                            with_form=True)
    write_atomic(folder / "worksheets.pdf", data)
    return PdfResult(folder / "worksheets.pdf", pages)


def _seed(sheets: Composing) -> Seed:
    """The fonts the sheets' styles use and every character they can draw (see replay.py)."""
    embedded = set(register_fonts(sheets.layout).values())
    used = {name for style in sheets.styles.values() for name in (style.fontName, style.bulletFontName)}
    return Seed(tuple(sorted(used & embedded)),
                chars_of(sheets.planned.session, *(sheets.words.phrase(key) for key in SOURCE)))


@dataclass(frozen=True)
class _Made:
    """A group's sheet as the last build made it: enough to reuse it when nothing it shows has changed."""

    key: str     # digest of what it was made from
    digest: str  # of the PDF's bytes
    pages: int
    recording: Recording

    def still_at(self, path: Path) -> bool:
        """Whether path still holds exactly the PDF that was made (nobody replaced or removed it)."""
        try:
            return hashlib.sha1(path.read_bytes()).hexdigest() == self.digest
        except OSError:
            return False


# Watch mode rebuilds in one process: a group whose sheet shows nothing that changed keeps its
# PDF and pages, so an edit to one case lays out only the groups that work on it. By path: the
# last sheet made there.
_last_made: dict[Path, _Made] = {}


def _group_key(prepared: Prepared, group: GroupPlan) -> str:
    """Everything a group's sheet is made from, digested: what all sheets share, the group, its clusters."""
    session = prepared.sheets.planned.session
    own = (prepared.common, repr(group), [repr(session.cluster(c)) for c in group.clusters],
           [(key, shown.digest) for key, shown in prepared.pictures.items() if key[0] in group.clusters])
    return hashlib.sha1(repr(own).encode()).hexdigest()


def _with_blank_backs(recordings: list[Recording]) -> list:
    """The groups' pages with a blank page after each odd count but the last: each group on its own sheets."""
    parts: list = []
    for index, recording in enumerate(recordings):
        parts.append(recording)
        if len(recording.pages) % 2 and index < len(recordings) - 1:
            parts.append(BLANK)
    return parts


def _combined_story(prepared: Prepared, counts: dict[int, int]) -> list:
    """All groups in one story; a blank page after a group with an odd count keeps each on its own sheets."""
    sheets = prepared.sheets
    story: list = []
    for index, group in enumerate(sheets.planned.plan.groups):
        if index:
            story.append(PageBreak())
        story += [GroupStart(group.number), *_group_story(prepared, group)]
        if counts[group.number] % 2 and index < len(counts) - 1:
            story += [NextPageTemplate("blank"), PageBreak(), NextPageTemplate("sheet"), BlankPage()]
    return story


def _meta(prepared: Prepared, group: int | None):
    """The document information of one group's sheet, or of the print file (group None), with the tag
    that tells `collect` whose sheets they are."""
    sheets = prepared.sheets
    subject = sheets.words("group", n=group) if group else sheets.words("groups")
    numbers = [group] if group else [g.number for g in sheets.planned.plan.groups]
    info = meta_for(sheets.planned.session.meta, sheets.words("worksheet"), sheets.locale,
                    f"{sheets.words('worksheet')}: {subject}")
    return dataclasses.replace(info, extra=((TAG_KEY, tag(sheets.planned, prepared.structure, sheets.locale,
                                                          numbers)),))


def _footer(sheets: Composing):
    style = sheets.styles["footer"]

    def draw(canv, doc) -> None:
        # "Group n, page x of y" counts the group's own pages; y is drawn once the group's last page is known.
        number = doc.sheet_group
        page = canv.getPageNumber() - doc.sheet_first + 1
        draw_counted_footer(canv, doc, style, sheets.words("group_page", n=number, x=page, y=TOTAL),
                            f"g{number}", page, sheets.planned.session.meta.title)
    return draw


# -- markers ------------------------------------------------------------------------

class GroupStart(Flowable):
    """Marks where a group's pages begin, so the footer counts pages within the group."""

    def __init__(self, number: int):
        super().__init__()
        self.number = number

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        doc = self.canv._doctemplate
        doc.sheet_group, doc.sheet_first = self.number, self.canv.getPageNumber()


class BlankPage(Flowable):
    """Holds the blank back page open: a page without any flowable would be skipped."""

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        pass


# -- form flowables -------------------------------------------------------------------

class WriteBox(FieldFlowable):
    """Room to write: a box with a multi-line text field, ruled for handwriting while it is empty."""

    def __init__(self, name: str, lines: int, line: float, tooltip: str, sheets: Composing):
        super().__init__()
        self.name, self.lines, self.line, self.tooltip = name, lines, line, tooltip
        self.rule = HexColor(sheets.layout.colours["rule"])
        self.size = sheets.styles["base"].fontSize

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, self.lines * self.line + 4
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.setStrokeColor(self.rule)
        canv.setLineWidth(0.5)
        canv.rect(0, 0, self.width, self.height - 2)
        # The rules are the empty field's look, not the page's: typed text replaces them.
        height = self.height - 2
        red, green, blue = self.rule.rgb()
        rules = "".join(f"4 {height - n * self.line:.2f} m {self.width - 4:.2f} {height - n * self.line:.2f} l "
                        for n in range(1, self.lines))
        blank = f"q {red:g} {green:g} {blue:g} RG 0.25 w [1 2] 0 d {rules}S Q".encode() if rules else b""
        form(canv).text(canv, self.name, self.page_rect(0, 0, self.width, height),
                        multiline=self.lines > 1, tooltip=self.tooltip, size=self.size, blank=blank)


class Choice(FieldFlowable):
    """An answer option: a checkbox, then its letter and its text, which wraps clear of the letter."""

    def __init__(self, name: str, letter: str, text: str, style: ParagraphStyle, text_style: ParagraphStyle,
                 box: float, tooltip: str, value: str, rtl: bool = False):
        super().__init__()
        self.name, self.box, self.tooltip, self.value = name, box, tooltip, value
        self.rtl, self.letter = rtl, letter
        # Right to left, the sheet is mirrored: the box on the right, then the letter, then the text.
        # (A right-to-left paragraph's style is mirrored by pdftext: the letter's column goes to the right.)
        self.para = para(text, text_style, None if rtl else letter)
        self.style = style

    def wrap(self, available_width, available_height):
        _, height = self.para.wrap(available_width - GUTTER - self.style.leftIndent, available_height)
        self.width, self.height = available_width, max(height, self.box)
        return self.width, self.height

    def getSpaceAfter(self):
        return self.style.spaceAfter

    def draw(self):
        canv, box = self.canv, self.box
        x = self.style.leftIndent
        # The box sits on the first line of text, centred on its capitals.
        y = _box_bottom(self.height - self.style.fontSize, self.style, box)
        if self.rtl:
            x = self.width - x - box
        canv.setLineWidth(0.7)
        canv.rect(x, y, box, box)
        form(canv).checkbox(canv, self.name, self.page_rect(x, y, box, box), self.tooltip, self.value)
        if self.rtl:
            style = self.para.style
            canv.setFillColor(style.textColor)
            pdftext.draw(canv, x + box - GUTTER, self.height - self.style.fontSize, self.letter,
                         tt2ps(style.fontName, 1, 0), style.fontSize, "right")
        self.para.drawOn(canv, 0 if self.rtl else x + GUTTER, self.height - self.para.height)


def _option_text(style: ParagraphStyle) -> ParagraphStyle:
    """The style of an option's text: the indent moves the checkbox; the letter hangs in its own column,
    the text keeps to the next."""
    return ParagraphStyle(f"{style.name}-text", parent=style, leftIndent=LETTER, bulletIndent=0,
                          bulletFontName=tt2ps(style.fontName, 1, 0), bulletFontSize=style.fontSize)


def _box_bottom(baseline: float, style: ParagraphStyle, box: float) -> float:
    """Where a checkbox starts so that it is centred on the capitals of a line at baseline."""
    cap_height = getFont(style.fontName).face.capHeight / 1000 * style.fontSize
    return baseline + cap_height / 2 - box / 2


class OtherChoice(FieldFlowable):
    """The "other" option: a checkbox, a label and a one-line field to name the answer."""

    def __init__(self, name: str, tick: str, label: str, style: ParagraphStyle, box: float, line: float,
                 rtl: bool = False):
        super().__init__()
        self.name, self.tick, self.label, self.rtl = name, tick, label, rtl
        self.style, self.box, self.line = style, box, line

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, max(self.line, self.box)
        return self.width, self.height

    def draw(self):
        canv, style, box = self.canv, self.style, self.box
        x = style.leftIndent
        baseline = (self.height - style.fontSize) / 2 + 1.5
        y = _box_bottom(baseline, style, box)
        if self.rtl:  # mirrored: box on the right, the label left of it, the line to write on further left
            x = self.width - x - box
        canv.setLineWidth(0.7)
        canv.rect(x, y, box, box)
        form(canv).checkbox(canv, self.tick, self.page_rect(x, y, box, box), self.label, OTHER)
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(style.textColor)
        if self.rtl:
            label = pdftext.draw(canv, x - GUTTER + box, baseline, self.label, style.fontName, style.fontSize, "right")
            start, end = 0.0, x - GUTTER + box - label - 6
        else:
            label_x = x + GUTTER
            start = label_x + pdftext.draw(canv, label_x, baseline, self.label, style.fontName, style.fontSize) + 6
            end = self.width
        canv.setLineWidth(0.5)
        canv.line(start, 1, end, 1)
        form(canv).text(canv, self.name, self.page_rect(start, 0, end - start, self.height),
                        multiline=False, tooltip=self.label, size=style.fontSize)


# -- the story: one function per kind of block ------------------------------------------

OPTION_TEXT = "_option-text"  # the derived style of an option's text; a layout cannot name a style so
CAPTION, CREDIT = "_caption", "_credit"  # the derived styles of a picture's caption and credit



def _group_story(prepared: Prepared, group: GroupPlan) -> list:
    """The flowables of one group's sheet."""
    sheets = prepared.sheets
    story = _header(sheets, group)
    session = sheets.planned.session
    for cluster_id in group.clusters:
        cluster = session.cluster(cluster_id)
        for number, case in enumerate(cluster.cases, start=1):
            # The cluster heading travels with its first case, never alone at a page's foot.
            heading = ([para(cluster_name(session, cluster.id, sheets.words), sheets.styles["heading"])]
                       if number == 1 else [])
            shown = prepared.pictures.get((cluster.id, case.id))
            story.append(KeepTogether(heading + _case(sheets, group, cluster, case, number, shown)))
    return story


def _header(sheets: Composing, group: GroupPlan) -> list:
    words, styles, session = sheets.words, sheets.styles, sheets.planned.session
    block = _group_work_block(sheets)
    story = [para(session.meta.title, styles["title"]),
             para(f"{words('worksheet')} – {words('group', n=group.number)}", styles["subtitle"]),
             para(words("your_clusters"), styles["question"])]
    # Each cluster by the number it has on the slide and every other sheet, never one of this sheet's own.
    story += [para(cluster_name(session, c, words), styles["option"]) for c in group.clusters]
    if block is not None:  # no group work block, no time box: never "0 min per cluster"
        story.append(para(_time_box(sheets, block, group), styles["fact"]))
    story.append(para(_presents(sheets, group), styles["fact"]))
    if block is not None and block.instructions:
        story += [para(words("instructions"), styles["question"]),
                  para(block.instructions, styles["base"])]
    return story


def _group_work_block(sheets: Composing) -> Block | None:
    return next((b for b in sheets.planned.session.agenda if b.kind == GROUP_WORK), None)


def _time_box(sheets: Composing, block: Block, group: GroupPlan) -> str:
    words = sheets.words
    total = group_work_minutes(block, sheets.planned.session)
    return words("time_box_sheet", each=words.minutes(block.minutes_per_cluster), total=words.minutes(total))


def _presents(sheets: Composing, group: GroupPlan) -> str:
    words, session = sheets.words, sheets.planned.session
    if not group.presents:
        return words("you_present_none")
    return words("you_present", clusters=words.join([cluster_name(session, c, words) for c in group.presents]))


def _case(sheets: Composing, group: GroupPlan, cluster: Cluster, case: Case, number: int,
          shown: "sheetpictures.Shown | None" = None) -> list:
    """One case: the dilemma (with its picture, when it has one that fits), options to tick, questions and
    notes with room to write, its guides."""
    words, styles, sizes = sheets.words, sheets.styles, sheets.layout.fields
    # The field names collect reads back: one spelling, in structure.py.
    ids = (group.number, cluster.id, case.id)
    rtl = language_is_rtl(sheets.locale)
    dilemma = para(f"“{case.dilemma}”", styles["dilemma"])
    flow = [para(words("case_n", n=number), styles["case"]), *_with_picture(sheets, dilemma, shown, rtl),
            para(words("tick"), styles["label"])]
    flow += [Choice(option_field(*ids, option.id), option_letter(n), option.text, styles["option"],
                    styles[OPTION_TEXT], sizes.checkbox, option.text, option.id, rtl)
             for n, option in enumerate(case.options)]
    flow.append(OtherChoice(other_field(*ids), option_field(*ids, OTHER), words("other"), styles["option"],
                            sizes.checkbox, sizes.line * sizes.other_lines, rtl))
    for question in case.questions:
        flow += [para(question.text, styles["question"]),
                 WriteBox(question_field(*ids, question.id), sizes.question_lines, sizes.line, question.text,
                          sheets)]
    flow += [para(words("arguments"), styles["question"]),
             WriteBox(notes_field(*ids), sizes.notes_lines, sizes.line, words("arguments"), sheets)]
    if case.documents:
        flow.append(_houvast(sheets, case))
    return flow


def _with_picture(sheets: Composing, dilemma, shown: "sheetpictures.Shown | None", rtl: bool) -> list:
    """The dilemma, with the case's picture beside or under it (see sheetpictures' fitting rule)."""
    if shown is None:
        return [dilemma]
    figure = sheetpictures.Figure(shown.image, shown.fit, shown.picture, (sheets.styles[CAPTION], sheets.styles[CREDIT]),
                                  space_after=0 if shown.fit.beside else dilemma.style.spaceAfter)
    return [sheetpictures.Beside(dilemma, figure, rtl)] if shown.fit.beside else [dilemma, figure]


def _houvast(sheets: Composing, case: Case) -> Table:
    """The guiding documents that bear on the case, in a shaded box."""
    session, colours = sheets.planned.session, sheets.layout.colours
    titles = sheets.words.join([session.document(d).title for d in case.documents])
    box = Table([[para(sheets.words("guides", titles=titles), sheets.styles["houvast"])]],
                colWidths=["100%"], spaceBefore=6)
    # FONTNAME too: a table sets its (default Helvetica) font even when its cells are paragraphs.
    box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), sheets.styles["houvast"].fontName),
                             ("BACKGROUND", (0, 0), (-1, -1), HexColor(colours["shade"])),
                             ("BOX", (0, 0), (-1, -1), 0.5, HexColor(colours["rule"])),
                             ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 4),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return box
