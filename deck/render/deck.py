"""The deck renderer: writes the slides composed by render.slides into the layout's template."""
from __future__ import annotations

import io
import mimetypes
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, _Relationship
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide, CT_Slide
from pptx.oxml.text import CT_RegularTextRun
from pptx.oxml.xmlchemy import OxmlElement
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.text.text import TextFrame, _Paragraph, _Run
from pptx.util import Emu, Pt

from .. import safe_files, template_layouts
from ..errors import DeckError
from ..layouts import SLIDE_KINDS, DeckLayout
from ..template_layouts import Choice, open_template
from ..output import build_time, normalized_zip, write_atomic
from ..session import Planned
from ..text import families
from ..text.fit import Box, Fonts, Para
from ..text.measure import metrics, with_fallback
from . import deckscripts, pictures
from ..words import Words
from .slides import Frame, SlideSpec, compose

INSET_X, INSET_Y = Pt(7.2), Pt(3.6)  # written on every text frame, so every suite measures alike
CORE_PROPERTY = 255  # characters; python-pptx refuses longer document properties


@dataclass(frozen=True)
class DeckResult:
    """What the deck renderer wrote."""

    path: Path
    slides: int
    warnings: tuple[str, ...] = ()


def render_deck(planned: Planned, layout: DeckLayout, locale: str, target: Path, answers=None) -> DeckResult:
    """Write the session's deck to target, replacing any earlier one atomically; with the groups'
    answers (deck.answers.Answers), the debrief shows them (render/debrief.py, render/results.py)."""
    prs = open_template(layout.template)
    info = template_layouts.read(prs, layout.template)
    choices = template_layouts.choose(info, layout.slides, tuple(SLIDE_KINDS))
    choices["title_picture"] = choices["title"]  # a title slide with a picture: its text moved aside (pictures.py)
    pptx_layouts = template_layouts.slide_layouts(prs)
    words = Words(locale)
    body_fonts, title_fonts, warnings = _fonts(layout, info)
    deckscripts.use(layout.regular, layout.fallback)
    frame = Frame(boxes={kind: _boxes(kind, choice) for kind, choice in choices.items()},
                  fonts=body_fonts, title_fonts=title_fonts,
                  title_sizes=(layout.title_size.max, layout.title_size.min),
                  body_sizes=(layout.body_size.max, layout.body_size.min), words=words, answers=answers)
    specs = compose(planned, frame)
    footer = planned.session.meta.title
    slides = _Slides(prs)
    slides.footer_fit = (footer, body_fonts.bold)  # bold: wider than regular, so it fits however the footer is set
    slides.body_font = body_fonts.regular  # what captions are measured with
    for number, spec in enumerate(specs, start=1):
        choice = choices[spec.kind]
        _add_slide(slides, pptx_layouts[choice.layout.index], choice, spec, number, footer, locale,
                   layout.notes_size)
    _set_properties(prs, planned, locale)
    write_atomic(target, normalized_zip(_stored(prs), build_time()))
    return DeckResult(target, len(specs), warnings)


def _fonts(layout: DeckLayout, info) -> tuple[Fonts, Fonts, tuple[str, ...]]:
    """The body and title fonts text is measured with, and a warning for each typeface measured with another.

    A layout file that names font files is taken at its word; else the typefaces
    the template's slide master names, or fonts with their metrics.
    """
    def measured(path: Path):
        # Characters the font lacks are measured in the layout's fallback fonts, as the office suite draws them.
        return with_fallback(metrics(path), (path, *layout.fallback))

    named = Fonts(*(measured(path) for path in (layout.regular, layout.bold, layout.italic)))
    if layout.fonts_named:
        return named, named, ()
    folders = (layout.regular.parent,)
    found, warnings = {}, []
    for role in ("body", "title"):
        typeface = info.fonts.get(role)
        if typeface is None:
            found[role] = named
            continue
        family = families.find(typeface, folders)
        if family is None:
            family = families.stand_in(typeface)
            measured_with = family.stand_in if family else layout.regular.stem
            warning = (f"{info.path}: the template's font '{typeface}' is not installed; text is measured "
                       f"with {measured_with}, which may differ in width")
            if warning not in warnings:
                warnings.append(warning)
        try:
            found[role] = Fonts(*(measured(family.files[face]) for face in families.FACES)) if family else named
        except Exception:  # a font file ReportLab cannot parse (CFF outlines): measured as the layout says
            found[role] = named
    return found["body"], found["title"], tuple(warnings)


def _stored(prs) -> bytes:
    """The package as Presentation.save writes it, but stored rather than deflated.

    normalized_zip rewrites every entry, deflating it, and keeps only names, order
    and contents: python-pptx's own deflating would only be undone by it. The
    entries are written by python-pptx's PackageWriter, in its order.
    """
    package = prs.part.package
    buffer = io.BytesIO()
    writer = PackageWriter(buffer, package._rels, tuple(package.iter_parts()))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        entries = _Entries(archive)
        writer._write_content_types_stream(entries)
        writer._write_pkg_rels(entries)
        writer._write_parts(entries)
    return buffer.getvalue()


class _Entries:
    """What PackageWriter writes to: here, entries of a stored zip."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive

    def write(self, pack_uri, blob: bytes) -> None:
        self.archive.writestr(pack_uri.membername, blob)


# -- the template -------------------------------------------------------------

def _boxes(kind: str, choice: Choice) -> dict[int, Box]:
    """The room text has in each placeholder a kind of slide fills: 0 the title, then its bodies in order.

    A picture slide has one text box: the picture takes the rest (render/pictures.py).
    """
    if kind in ("picture", "title_picture"):
        moved = pictures.arrangement(choice, kind)[0]
        return {slot: _box(moved.get(p.position, p.area), p.caps)
                for slot, p in enumerate((choice.title, choice.bodies[0]))}
    return {slot: _box(placeholder.area, placeholder.caps)
            for slot, placeholder in enumerate((choice.title, *choice.bodies))}


def _box(area, caps: bool) -> Box:
    return Box(area.width - 2 * INSET_X.pt, area.height - 2 * INSET_Y.pt, caps=caps)


# -- one slide ----------------------------------------------------------------

_P, _PPR, _END, _R, _T, _BR = qn("a:p"), qn("a:pPr"), qn("a:endParaRPr"), qn("a:r"), qn("a:t"), qn("a:br")
_TXBODY, _CSLD, _SPTREE, _NVSPPR, _CNVPR = qn("p:txBody"), qn("p:cSld"), qn("p:spTree"), qn("p:nvSpPr"), qn("p:cNvPr")
_IDS = etree.XPath("//@id")  # compiled once: python-pptx compiles it again for every new shape id


class _Slides:
    """Adds slides and notes slides exactly as python-pptx's add_slide and notes_slide do, in linear time.

    python-pptx finds a new notes slide's part name by walking every part of the
    package (python-pptx issue #644), looks up the notes master among all of the
    presentation's relationships, checks every one of them for a duplicate
    before relating a new slide, and reads every slide id to pick the next one:
    each slide costs time in proportion to the slides before it. Here the same
    names, ids and rIds are picked by the same rules from counts kept as the
    deck grows, so the file is byte for byte what python-pptx would write.

    Each new slide's placeholders come back as (element, idx, type) triples, so
    writing them needs none of python-pptx's per-shape proxies and XPath lookups.
    """

    _NOTES = "/ppt/notesSlides/notesSlide%d.xml"

    def __init__(self, prs):
        self.prs, self.part = prs, prs.part
        self.package = self.part.package
        self.id_list = prs.slides._sldIdLst
        self.next_id = max([255, *(int(s.id) for s in self.id_list.sldId_lst)]) + 1
        prefix = self._NOTES[:self._NOTES.index("%")]
        self.notes_names = {str(p.partname) for p in self.package.iter_parts() if p.partname.startswith(prefix)}
        self.notes_master = None  # found (or made) when the first notes slide is, as python-pptx does
        self.new_slide, self.new_notes = CT_Slide.new(), CT_NotesSlide.new()
        # The placeholders a new slide of a layout (or a new notes slide) gets are the same every time:
        # cloned by python-pptx once, through slow generic lookups, then copied.
        self.placeholders: dict[object, list] = {}
        self.footer_parts: dict[object, list] = {}  # slide layout part -> footer placeholders to copy
        self.footer_fit: tuple = ("", None)  # the footer's text and the metrics to fit it with
        self.body_font = None  # the body text's metrics

    def add_slide(self, slide_layout):
        """As Slides.add_slide: a new slide part, related to the presentation, with the layout's placeholders.

        Returns the slide and its placeholders as (element, idx, type) triples.
        """
        partname = PackURI("/ppt/slides/slide%d.xml" % (len(self.id_list) + 1))
        # As SlidePart.new, from a copy of one new slide's XML rather than parsing it each time.
        slide_part = SlidePart(partname, CT.PML_SLIDE, self.package, _clone(self.new_slide))
        slide_part._rels._add_relationship(RT.SLIDE_LAYOUT, slide_layout.part)  # new parts: nothing to reuse
        rId = self.part._rels._add_relationship(RT.SLIDE, slide_part)
        slide = slide_part.slide
        placed = self._placeholders(_shape_tree(slide_part), slide_layout.part,
                                    lambda: slide.shapes.clone_layout_placeholders(slide_layout))
        self.id_list._add_sldId(id=self.next_id, rId=rId)
        self.next_id += 1
        return slide, placed

    def notes_slide(self, slide):
        """As Slide.notes_slide for a slide that has none yet: NotesSlidePart.new with a known part name.

        Returns the notes slide's body placeholder element, None when the notes master has none
        (what NotesSlide.notes_placeholder finds: the first placeholder of type body).
        """
        if self.notes_master is None:
            self.notes_master = self.part.notes_master_part
        # The same name python-pptx picks: counting down from one more than the notes slides there are.
        number = next(n for n in range(len(self.notes_names) + 1, 0, -1) if self._NOTES % n not in self.notes_names)
        name = self._NOTES % number
        self.notes_names.add(name)
        # CT_NotesSlide.new reads its XML from a file each time; a copy of it is the same.
        notes_part = NotesSlidePart(PackURI(name), CT.PML_NOTES_SLIDE, self.package, _clone(self.new_notes))
        notes_part._rels._add_relationship(RT.NOTES_MASTER, self.notes_master)
        notes_part._rels._add_relationship(RT.SLIDE, slide.part)
        notes_slide = notes_part.notes_slide
        placed = self._placeholders(_shape_tree(notes_part), self.notes_master,
                                    lambda: notes_slide.clone_master_placeholders(self.notes_master.notes_master))
        slide.part._rels._add_relationship(RT.NOTES_SLIDE, notes_part)
        return next((element for element, _, kind in placed if kind == PP_PLACEHOLDER.BODY), None)

    def finish(self, slide) -> None:
        """Keep the slide just written, and its notes slide, as the bytes they will be saved as.

        A slide's XML tree takes ten times the memory of its text: a thousand slides
        held as trees until the deck is saved cost over a hundred megabytes. Nothing
        changes a slide once it is written, so each is serialized now (as saving would,
        to the same bytes) into a plain part that takes the tree's place in every
        relationship, in the same position, so the package is written in the same order.
        """
        slide_part = slide.part
        notes_part = next(rel.target_part for rel in slide_part.rels.values() if rel.reltype == RT.NOTES_SLIDE)
        swap = {old: Part(old.partname, old.content_type, self.package, old.blob) for old in (slide_part, notes_part)}
        for old, new in swap.items():
            for rId, rel in old.rels.items():
                new.rels._rels[rId] = _retargeted(rel, swap)
        rId = self.id_list[-1].rId  # the slide just added is the last in the list
        self.part.rels._rels[rId] = _retargeted(self.part.rels[rId], swap)

    def _placeholders(self, tree, source, clone) -> list[tuple]:
        """Give a new slide's shape tree the placeholders of source (a layout or the notes master).

        The first time, clone() (python-pptx) makes them; a copy of what it appended
        is kept, with each one's idx and type, and later slides get copies of that:
        the same ids and names, since every new slide starts from the same empty tree.
        """
        made = self.placeholders.get(source)
        if made is None:
            before = len(tree)
            clone()  # appends: a new slide's tree has no extLst to insert before
            placed = [(e, e.ph_idx, e.ph_type) for e in tree[before:]]
            self.placeholders[source] = [(_clone(e), idx, kind) for e, idx, kind in placed]
            return placed
        placed = [(_clone(e), idx, kind) for e, idx, kind in made]
        for element, _, _ in placed:
            tree.append(element)  # as clone() does
        return placed

    def footers(self, slide_layout) -> list[tuple]:
        """The layout's footer and slide number placeholders as (type, element without paragraphs).

        python-pptx leaves them out of new slides; finding them through its proxies
        for every slide would cost more than all the rest of the slide.
        """
        made = self.footer_parts.get(slide_layout.part)
        if made is None:
            made = self.footer_parts[slide_layout.part] = _footer_placeholders(slide_layout, *self.footer_fit)
        return made


def _clone(element):
    """A copy of element and everything in it: lxml's copy is deep, without copy.deepcopy's bookkeeping."""
    return element.__copy__()


def _shape_tree(part):
    """The p:spTree of a slide or notes slide part, found without python-pptx's generic lookups."""
    return part._element.find(_CSLD).find(_SPTREE)


def _retargeted(rel, swap: dict):
    """The relationship rel, leading to swap[its target] instead when that is a swapped part."""
    if rel.is_external:
        return _Relationship(rel._base_uri, rel.rId, rel.reltype, RTM.EXTERNAL, rel.target_ref)
    return _Relationship(rel._base_uri, rel.rId, rel.reltype, RTM.INTERNAL,
                         swap.get(rel.target_part, rel.target_part))


def _add_slide(slides: _Slides, slide_layout, choice: Choice, spec: SlideSpec, number: int, footer: str,
               lang: str, notes_size: int):
    prs = slides.prs
    slide, placed = slides.add_slide(slide_layout)
    # The slide's placeholders are the layout's, less date, footer and slide number, in the same order:
    # matched by position, since a template may give several the same idx.
    cloned = [p for p in choice.layout.placeholders if p.type not in ("dt", "ftr", "sldNum")]
    by_position = {p.position: element for p, (element, _, _) in zip(cloned, placed)}
    filled = {choice.title.position: [Para(spec.title)]}
    for placeholder, paras in zip(choice.bodies, spec.columns):
        if paras:
            filled[placeholder.position] = list(paras)
    shared = _shared_idx(choice.layout)
    for position, element in by_position.items():
        paras = filled.get(position)
        if paras is None:
            element.getparent().remove(element)  # an empty placeholder shows "Click to add text"
            continue
        title = position == choice.title.position
        # The title's weight and alignment are the template's; its size is measured (bold, to be safe).
        _write(element, paras, spec.title_size if title else spec.body_size, lang, slide,
               **({"anchor": None, "bold": None} if title else {}))
        if position in shared:
            _place(element, choice.layout.placeholders[position].box)
    if spec.picture:
        moved, room = pictures.arrangement(choice, spec.kind)
        for position, box in moved.items():
            if position in by_position and position in filled:
                pictures.set_box(by_position[position], box)  # the text keeps to its part
        pictures.add_picture(slide, spec.picture.path, spec.picture.alt, spec.picture.lines, room, lang,
                             slides.body_font, pictures.caption_fill(slide_layout, choice))
    if spec.movie:
        _add_movie(slide, spec.movie, prs.slide_width)
    if spec.chart:
        from .results import add_chart

        body = next(iter(choice.bodies), None)
        add_chart(slide, spec.chart, lang, body and (body.area or body.box))
    _add_footer(slides, slide, slide_layout, footer, number, lang)
    _write_notes(slides.notes_slide(slide), spec.notes, lang, notes_size)
    slides.finish(slide)


def _shared_idx(layout) -> set[int]:
    """Positions of placeholders whose idx another placeholder of the layout has too.

    PowerPoint finds a slide placeholder's position on its layout by idx: where
    several share one (LibreOffice numbers them all 0), each is placed by hand.
    """
    counts: dict[int, int] = {}
    for p in layout.placeholders:
        counts[p.idx] = counts.get(p.idx, 0) + 1
    return {p.position for p in layout.placeholders if counts[p.idx] > 1 and p.box is not None}


def _place(sp, box) -> None:
    """Give a placeholder its layout's position and size explicitly."""
    spPr = sp.find(qn("p:spPr"))
    if spPr is None or spPr.find(qn("a:xfrm")) is not None:
        return
    xfrm = etree.Element(qn("a:xfrm"))
    etree.SubElement(xfrm, qn("a:off"), {"x": str(round(box.left * 12700)), "y": str(round(box.top * 12700))})
    etree.SubElement(xfrm, qn("a:ext"), {"cx": str(round(box.width * 12700)), "cy": str(round(box.height * 12700))})
    spPr.insert(0, xfrm)


def _write(sp, paras: list[Para], size: int, lang: str, owner, anchor=MSO_ANCHOR.TOP,
           bold: bool | None = False):
    """Write paragraphs into the text body of placeholder sp; owner is the slide, for hyperlinks.

    Built with lxml directly, from elements python-pptx made the first time each
    setting occurred: the elements python-pptx's TextFrame would write, without its proxies.
    """
    body = sp.find(_TXBODY)
    body = _fresh_body(sp.get_or_add_txBody() if body is None else body, anchor)  # as Shape.text_frame does
    for index, para in enumerate(paras):
        p = body.find(_P) if index == 0 else etree.SubElement(body, _P)  # add_paragraph appends
        _paragraph(p, para, size, first=index == 0)
        deckscripts.mark_paragraph(p, para.text)
        end = p.find(_END)  # runs and breaks go before the paragraph's end properties, if any
        for number, line in enumerate(para.text.split("\n")):
            if number:
                _insert(p, end, etree.SubElement(p, _BR))  # a raw line feed inside a:t is no line break
            _run(p, end, line, para, size, lang, bold, owner)
        if end is None:
            end = etree.SubElement(p, _END)
        end.set("lang", lang)


def _insert(p, end, element) -> None:
    """Put element (a run or break) last in p but before its endParaRPr, as python-pptx adds them."""
    if end is not None:
        end.addprevious(element)
    elif element.getparent() is not p:
        p.append(element)


# A text body of a given placeholder always starts out the same, and is always set up the same:
# set up once by python-pptx, then copied.
_MADE_BODIES: dict[tuple, object] = {}


def _fresh_body(txBody, anchor):
    """Replace txBody by a copy of it set up as TextFrame would: one empty paragraph, our insets."""
    key = (etree.tostring(txBody), anchor)
    made = _MADE_BODIES.get(key)
    if made is None:
        made = _MADE_BODIES[key] = _clone(txBody)
        _set_up(TextFrame(made, None), anchor)
    fresh = _clone(made)
    txBody.getparent().replace(txBody, fresh)
    return fresh


def _set_up(frame, anchor) -> None:
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    body = frame._txBody.bodyPr
    # Set directly: python-pptx omits values equal to its defaults, and then the template's win.
    for side, inset in (("lIns", INSET_X), ("rIns", INSET_X), ("tIns", INSET_Y), ("bIns", INSET_Y)):
        body.set(side, str(int(inset)))
    if anchor is not None:
        frame.vertical_anchor = anchor


# python-pptx builds each property element through generic, slow lookups; a deck repeats a handful
# of paragraph and run settings thousands of times. The first time a setting is made it is built by
# python-pptx as before, and copied from then on: the same elements, the same bytes, in far less time.
_MADE_PPR: dict[tuple, object] = {}
_MADE_RUNS: dict[tuple, object] = {}


def _run(p, end, text: str, para: Para, size: int, lang: str, bold: bool | None, owner) -> None:
    key = (text == "", size, para.face, bold, lang)
    made = None if para.link else _MADE_RUNS.get(key)
    if made is not None:
        r = _clone(made)
        r.find(_T).text = CT_RegularTextRun._escape_ctrl_chars(text)
        _insert(p, end, r)
        deckscripts.mark_run(r, text)
        return
    run = _Run(p.add_r(), owner)
    run.text = text
    run.font.size = Pt(size)
    run.font.italic = para.face == "italic"
    run.font.bold = True if para.face == "bold" else bold
    run._r.get_or_add_rPr().set("lang", lang)
    if para.link:
        run.hyperlink.address = para.link
    else:
        _MADE_RUNS[key] = _clone(run._r)
    deckscripts.mark_run(run._r, text)


_BULLETS = {"bullet": ("buChar", {"char": "•"}),
            "option": ("buAutoNum", {"type": "alphaUcPeriod"}),
            "option-lettered": ("buNone", {}),  # its letter in its text, hanging like a bullet
            "numbered": ("buAutoNum", {"type": "arabicPeriod"})}


def _paragraph(p, para: Para, size: int, first: bool) -> None:
    """Explicit indents, spacing and bullet, so no suite falls back to its own defaults."""
    before = 0 if first else round(para.space_before * size, 1)
    if p.find(_PPR) is not None:  # properties from the template: set ours over them
        _set_paragraph(_Paragraph(p, None), para, before)
        return
    key = (before, para.indent, para.style, para.number)
    made = _MADE_PPR.get(key)
    if made is None:
        _set_paragraph(_Paragraph(p, None), para, before)
        _MADE_PPR[key] = _clone(p.find(_PPR))
    else:
        p.insert(0, _clone(made))


def _set_paragraph(p, para: Para, before: float) -> None:
    p.line_spacing = 1.0
    p.space_before = Pt(before)
    p.space_after = Pt(0)
    pPr = p._p.get_or_add_pPr()
    indent = Pt(para.indent)
    style = para.style.removesuffix("-continued")
    bulleted = style in _BULLETS and not para.style.endswith("-continued")
    pPr.set("marL", str(int(indent)))
    pPr.set("indent", str(-int(indent) if bulleted else 0))
    tag, attributes = _BULLETS[style] if bulleted else ("buNone", {})
    bullet = OxmlElement(f"a:{tag}")
    for name, value in attributes.items():
        bullet.set(name, value)
    if tag == "buAutoNum" and para.number > 1:
        bullet.set("startAt", str(para.number))
    pPr.insert_element_before(bullet, "a:tabLst", "a:defRPr", "a:extLst")


def _add_movie(slide, movie: str, slide_width: int) -> None:
    """Embed the video top right, above the title, where no text of the layout runs."""
    mime = mimetypes.guess_type(movie)[0] or "video/mp4"
    try:  # checked by the loader; read under the same rules, in case it was swapped since
        data = io.BytesIO(safe_files.read(movie, safe_files.VIDEO_BYTES, "a video"))
    except (OSError, safe_files.Refused) as error:
        raise DeckError(f"{movie}: {getattr(error, 'strerror', None) or error}") from None
    margin = Emu(457200)
    title_top = slide.shapes.title.top if slide.shapes.title is not None else Emu(2286000)
    height = max(title_top - 2 * margin, Emu(914400))
    width = height * 16 // 9
    slide.shapes.add_movie(data, slide_width - width - margin, margin, width, height, mime_type=mime)


def _add_footer(slides: _Slides, slide, slide_layout, footer: str, number: int, lang: str) -> None:
    """Copy the layout's footer and slide number placeholders, which python-pptx leaves out."""
    tree = _shape_tree(slide.part)
    for kind, made, size in slides.footers(slide_layout):
        if size == 0:
            continue  # a footer box too small for the text at any readable size: left out
        element = _clone(made)
        # ids must be unique on a slide: one more than the largest, as python-pptx's _next_shape_id
        element.find(_NVSPPR).find(_CNVPR).set("id", str(_max_id(tree) + 1))
        tree.append(element)
        p = etree.SubElement(element.find(_TXBODY), _P)
        if kind == PP_PLACEHOLDER.FOOTER:
            run = etree.SubElement(p, _R)
            etree.SubElement(run, qn("a:rPr"), {"lang": lang, **({"sz": str(size * 100)} if size else {})})
            etree.SubElement(run, _T).text = footer
            deckscripts.mark_run(run, footer)
            deckscripts.mark_paragraph(p, footer)
        else:
            field = etree.SubElement(p, qn("a:fld"), {"id": _SLIDE_NUMBER_FIELD, "type": "slidenum"})
            etree.SubElement(field, qn("a:rPr"), {"lang": lang})
            etree.SubElement(field, _T).text = str(number)


_SLIDE_NUMBER_FIELD = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "slidenum")).upper() + "}"


def _max_id(tree) -> int:
    """The largest numeric @id anywhere in tree's document (0 if none), as python-pptx's max_shape_id."""
    return max((int(value) for value in _IDS(tree) if value.isdigit()), default=0)


def _footer_placeholders(slide_layout, text: str = "", measure=None) -> list[tuple]:
    """The layout's footer and slide number placeholders with a text body: (type, copy without paragraphs,
    size), the size the footer's text is set in: None for the template's, 0 when it fits at none."""
    found = []
    for ph in slide_layout.placeholders:
        kind = ph.placeholder_format.type
        if kind not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            continue
        element = _clone(ph._element)
        body = element.find(_TXBODY)
        if body is None:
            continue
        size = _footer_size(ph, text, measure) if kind == PP_PLACEHOLDER.FOOTER and measure else None
        for p in body.findall(_P):
            body.remove(p)
        found.append((kind, element, size))
    return found


FOOTER_SMALLEST = 8  # points


def _footer_size(ph, text: str, measure) -> int | None:
    """None when text fits the footer box at the template's size; else the largest size down to
    FOOTER_SMALLEST that fits it, or 0. Converted templates have footers too small for a session title."""
    from ..text.measure import text_height, wrap

    try:
        width, height = Emu(ph.width).pt, Emu(ph.height).pt
    except (TypeError, ValueError):
        return None
    body = ph._element.find(_TXBODY)
    bodyPr = body.find(qn("a:bodyPr")) if body is not None else None
    inset = (lambda side, default: int(bodyPr.get(side, default)) / 12700) if bodyPr is not None else \
        (lambda side, default: default / 12700)
    width -= inset("lIns", 91440) + inset("rIns", 91440)
    height -= inset("tIns", 45720) + inset("bIns", 45720)
    natural = _template_size(ph) or 12

    def fits(size: float) -> bool:
        return width > 0 and text_height(len(wrap(text, measure, size, width * 0.95)), measure, size) <= height

    if fits(natural):
        return None
    return next((size for size in range(int(natural) - 1, FOOTER_SMALLEST - 1, -1) if fits(size)), 0)


def _template_size(ph) -> float | None:
    """The text size a layout placeholder (or the master's it follows) sets, in points."""
    for source in (ph, getattr(ph, "_base_placeholder", None)):
        element = getattr(source, "_element", None)
        if element is None:
            continue
        for tag in ("defRPr", "rPr", "endParaRPr"):
            for found in element.iter(qn(f"a:{tag}")):
                if found.get("sz", "").isdigit():
                    return int(found.get("sz")) / 100
    return None


def _write_notes(body, notes: str, lang: str, size: int) -> None:
    if body is None:
        raise DeckError("the template's notes master has no body placeholder, so slides cannot carry "
                        "notes; add one in PowerPoint (View > Notes Master)")
    paras = [Para(line, space_before=0.5) for line in notes.split("\n") if line.strip()]
    _write(body, paras, size, lang, None, anchor=None, bold=None)  # notes have no links: no owner needed


def _set_properties(prs, planned: Planned, lang: str) -> None:
    meta = planned.session.meta
    props = prs.core_properties
    # A title may be longer than a document property can be (300 against 255): the property is cut.
    props.title = meta.title[:CORE_PROPERTY]
    props.subject = (meta.subtitle or "")[:CORE_PROPERTY]
    props.author = (meta.author or meta.organisation or "")[:CORE_PROPERTY]
    props.last_modified_by = props.author
    props.language = lang
    props.keywords = ""
    props.comments = ""
    props.revision = 1
    when = build_time().replace(tzinfo=None)
    props.created = props.modified = when
    props.last_printed = when
