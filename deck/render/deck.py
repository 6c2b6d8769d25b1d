"""The deck renderer: writes the slides composed by render.slides into the layout's template."""
from __future__ import annotations

import io
import mimetypes
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
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

from ..errors import DeckError
from ..layouts import SLIDE_KINDS, DeckLayout
from ..output import build_time, normalized_zip, write_atomic
from ..session import Planned
from ..text.fit import Box, Fonts, Para
from ..text.measure import metrics, with_fallback
from . import deckscripts
from ..words import Words
from .slides import Frame, SlideSpec, compose

INSET_X, INSET_Y = Pt(7.2), Pt(3.6)  # written on every text frame, so every suite measures alike
_POTX = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MAX_TEMPLATE_BYTES = 512 * 1024 * 1024  # unpacked; corporate templates with media stay far below
MAX_TEMPLATE_ENTRIES = 10_000
CORE_PROPERTY = 255  # characters; python-pptx refuses longer document properties


@dataclass(frozen=True)
class DeckResult:
    """What the deck renderer wrote."""

    path: Path
    slides: int


def render_deck(planned: Planned, layout: DeckLayout, locale: str, target: Path) -> DeckResult:
    """Write the session's deck to target, replacing any earlier one atomically."""
    prs = _open_template(layout.template)
    layouts = _check_template(prs, layout)
    words = Words(locale)
    deckscripts.use(layout.regular, layout.fallback)
    frame = Frame(boxes={kind: _boxes(layouts[kind]) for kind in SLIDE_KINDS},
                  fonts=Fonts(*(with_fallback(metrics(path), (path, *layout.fallback))
                                for path in (layout.regular, layout.bold, layout.italic))),
                  title_sizes=(layout.title_size.max, layout.title_size.min),
                  body_sizes=(layout.body_size.max, layout.body_size.min), words=words)
    specs = compose(planned, frame)
    footer = planned.session.meta.title
    slides = _Slides(prs)
    for number, spec in enumerate(specs, start=1):
        _add_slide(slides, layouts[spec.kind], spec, number, footer, locale, layout.notes_size)
    _set_properties(prs, planned, locale)
    write_atomic(target, normalized_zip(_stored(prs), build_time()))
    return DeckResult(target, len(specs))


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

def _open_template(path: Path):
    """The template as a presentation with no slides; a .potx is opened as the deck it describes."""
    try:
        data = path.read_bytes()
        _check_sizes(path, data)
        if path.suffix.lower() == ".potx":
            data = _potx_as_pptx(data)
        prs = Presentation(io.BytesIO(data))
    except OSError as error:
        raise DeckError(f"{path}: cannot read the template: {error.strerror}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise DeckError(f"{path}: not a PowerPoint template (.pptx or .potx): {error}") from None
    for slide_id in list(prs.slides._sldIdLst):  # a corporate template's sample slides go
        prs.part.drop_rel(slide_id.rId)
        prs.slides._sldIdLst.remove(slide_id)
    for sections in prs.part._element.iter("{*}sectionLst"):  # they named the dropped slides
        sections.getparent().remove(sections)
    return prs


def _check_sizes(path: Path, data: bytes) -> None:
    """Refuse a zip that would expand past any real template (a zip bomb) before anything expands it.

    The sizes checked are the ones the zip declares; zipfile never reads past them.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip at all: opening it says so
    expanded = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_TEMPLATE_ENTRIES or expanded > MAX_TEMPLATE_BYTES:
        raise DeckError(f"{path}: the template unpacks to {expanded:,} bytes in {len(entries):,} parts; "
                        f"a template may unpack to at most {MAX_TEMPLATE_BYTES:,} bytes in "
                        f"{MAX_TEMPLATE_ENTRIES:,} parts (a zip bomb?)")


def _potx_as_pptx(data: bytes) -> bytes:
    # python-pptx opens only presentations; a template differs in one content type.
    result = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            blob = source.read(entry)
            if entry.filename == "[Content_Types].xml":
                blob = blob.replace(_POTX.encode(), _PPTX.encode())
            out.writestr(entry, blob)
    return result.getvalue()


def _check_template(prs, layout: DeckLayout) -> dict:
    """The slide layout for each slide kind; one error naming everything the template lacks."""
    found, missing = {}, []
    names = [l.name for l in prs.slide_layouts]
    for kind, needs in SLIDE_KINDS.items():
        name = layout.slides[kind]
        slide_layout = prs.slide_layouts.get_by_name(name)
        if slide_layout is None:
            missing.append(f"a slide layout named '{name}' (for {kind} slides)")
            continue
        present = {ph.placeholder_format.idx for ph in slide_layout.placeholders
                   if ph.width is not None and ph.height is not None}
        for idx, what in ((0, "the title"), *needs):
            if idx not in present:
                missing.append(f"layout '{name}' has no placeholder idx {idx} for {what} ({kind} slides)")
        found[kind] = slide_layout
    if missing:
        raise DeckError(f"{layout.template}: the template lacks " + "; ".join(missing)
                        + f". Its layouts are: {', '.join(names)}. Add them, or map the slide "
                        "kinds to other layout names in the layout's `slides:`.")
    return found


def _boxes(slide_layout) -> dict[int, Box]:
    boxes = {}
    for ph in slide_layout.placeholders:
        idx = ph.placeholder_format.idx
        if ph.width is None or ph.height is None:
            continue
        boxes[idx] = Box(Emu(ph.width - 2 * INSET_X).pt, Emu(ph.height - 2 * INSET_Y).pt)
    return boxes


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
            made = self.footer_parts[slide_layout.part] = _footer_placeholders(slide_layout)
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


def _add_slide(slides: _Slides, slide_layout, spec: SlideSpec, number: int, footer: str, lang: str,
               notes_size: int):
    prs = slides.prs
    slide, placed = slides.add_slide(slide_layout)
    placeholders = {idx: element for element, idx, _ in placed}
    _write(placeholders[0], [Para(spec.title, face="bold")], spec.title_size, lang, slide,
           anchor=None, bold=None)
    for idx, paras in enumerate(spec.columns, start=1):
        if paras:
            _write(placeholders[idx], list(paras), spec.body_size, lang, slide)
    for idx, element in placeholders.items():
        if idx != 0 and (idx > len(spec.columns) or not spec.columns[idx - 1]):
            element.getparent().remove(element)  # an empty placeholder shows "Click to add text"
    if spec.movie:
        _add_movie(slide, spec.movie, prs.slide_width)
    _add_footer(slides, slide, slide_layout, footer, number, lang)
    _write_notes(slides.notes_slide(slide), spec.notes, lang, notes_size)
    slides.finish(slide)


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
    margin = Emu(457200)
    title_top = slide.shapes.title.top if slide.shapes.title is not None else Emu(2286000)
    height = max(title_top - 2 * margin, Emu(914400))
    width = height * 16 // 9
    slide.shapes.add_movie(movie, slide_width - width - margin, margin, width, height, mime_type=mime)


def _add_footer(slides: _Slides, slide, slide_layout, footer: str, number: int, lang: str) -> None:
    """Copy the layout's footer and slide number placeholders, which python-pptx leaves out."""
    tree = _shape_tree(slide.part)
    for kind, made in slides.footers(slide_layout):
        element = _clone(made)
        # ids must be unique on a slide: one more than the largest, as python-pptx's _next_shape_id
        element.find(_NVSPPR).find(_CNVPR).set("id", str(_max_id(tree) + 1))
        tree.append(element)
        p = etree.SubElement(element.find(_TXBODY), _P)
        if kind == PP_PLACEHOLDER.FOOTER:
            run = etree.SubElement(p, _R)
            etree.SubElement(run, qn("a:rPr"), {"lang": lang})
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


def _footer_placeholders(slide_layout) -> list[tuple]:
    """The layout's footer and slide number placeholders with a text body: copies, without paragraphs."""
    found = []
    for ph in slide_layout.placeholders:
        kind = ph.placeholder_format.type
        if kind not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            continue
        element = _clone(ph._element)
        body = element.find(_TXBODY)
        if body is None:
            continue
        for p in body.findall(_P):
            body.remove(p)
        found.append((kind, element))
    return found


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
