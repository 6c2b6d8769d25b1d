"""Shared PDF plumbing for the worksheets and the run sheet: fonts, styles, pages, form fields.

ReportLab draws the pages. Its own AcroForm support only knows the standard-14
fonts (never embedded), so the form fields here are written by hand: widget
annotations whose appearances are plain vector drawings, and a default
appearance font that is the shipped Carlito, embedded whole, so a reader that
types into a field has every glyph of the font to hand.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Callable
from weakref import WeakKeyDictionary

import reportlab
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import (NoEncryption, PDFArray, PDFDictionary, PDFInfo, PDFName, PDFObject,
                                      PDFStream, PDFString, PDFZCompress)
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, TableStyle

try:  # ReportLab hyphenates with pyphen's dictionaries when it is installed
    import pyphen
except ImportError:  # pragma: no cover - pyphen is a dependency; without it text just wraps
    pyphen = None

from .. import cache
from ..errors import DeckError
from . import pdftext
from ..layouts import SheetLayout
from ..text.measure import truetype
from ..output import build_time, write_atomic
from ..session import Planned
from ..words import Words

FORM_FONT = "FormFont"  # the resource name fields use in their default appearance
DINGBATS = "ZaDb"       # the resource name readers expect for ZapfDingbats, the checkboxes' caption font


@dataclass(frozen=True)
class Composing:
    """What composing one of a session's PDFs needs: the planned session, the look, the words."""

    planned: Planned
    layout: SheetLayout
    styles: dict[str, ParagraphStyle]
    words: Words
    locale: str

    @classmethod
    def of(cls, planned: Planned, layout: SheetLayout, locale: str) -> "Composing":
        return cls(planned, layout, paragraph_styles(layout, locale), Words(locale), locale)


@dataclass(frozen=True)
class PdfResult:
    """One PDF a renderer wrote."""

    path: Path
    pages: int
    warnings: tuple[str, ...] = ()  # what the user should know of it (a picture left out, say)


@dataclass(frozen=True)
class Meta:
    """The document information every PDF carries."""

    title: str
    author: str
    subject: str
    lang: str
    # Custom entries of the document information, (key, text): what `collect` needs (deck/structure.py).
    extra: tuple[tuple[str, str], ...] = ()


# -- fonts and styles -----------------------------------------------------------

def register_fonts(layout: SheetLayout) -> dict[str, str]:
    """Register the layout's TTFs with ReportLab (once each); face -> registered font name."""
    names = {}
    for face, path in layout.fonts.items():
        font = truetype(path)  # parsed once, for measuring and embedding alike
        if font.fontName not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(font)
        names[face] = font.fontName
    pdftext.register_chains(layout.fonts, layout.fallback, names)
    pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bold_italic"])
    return names


# Display styles keep their words whole; body text breaks words this long at a line's end.
UNHYPHENATED = frozenset({"title", "subtitle", "heading"})
HYPHENATE_FROM = 12  # letters: long words only; a shorter one wraps whole, which ragged text absorbs


def hyphenation_language(locale: str | None) -> str:
    """The pyphen dictionary for a BCP 47 locale (nl-BE -> nl, the nl_NL one), or "" for none."""
    if not locale or pyphen is None:
        return ""
    return pyphen.language_fallback(locale.replace("-", "_")) or ""


@lru_cache(maxsize=8)
def hyphenator(language: str) -> Callable[[str], tuple]:
    """ReportLab's hyphenation callback for a pyphen language: a word's (head, tail) splits.

    The dictionary loads on the first word that needs it, not with the styles;
    a word's splits are worked out once, however many boxes it meets the end of.
    """
    dictionary = []

    @lru_cache(maxsize=4096)
    def splits(word: str) -> tuple:
        if not dictionary:
            dictionary.append(_pyphen(language))
        return tuple(dictionary[0].iterate(word))
    return splits


def _pyphen(language: str):
    """pyphen for a language, its patterns parsed once per machine rather than once per build."""
    path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = cache.parsed("hyphenation", Path(path), f"pyphen {pyphen.VERSION} marshal",
                                            lambda: pyphen.HyphDict(Path(path)),
                                            encode=_patterns_encode, decode=_patterns_decode)
    return pyphen.Pyphen(lang=language)


def _patterns_encode(hyph) -> bytes:
    """A parsed HyphDict as marshal of plain types: values plain ints, or (value, change, index, cut).

    marshal rather than JSON: the patterns are read on every build that
    hyphenates, and marshal builds the tuples pyphen keeps in a tenth of the
    time. It builds data only and runs nothing (unlike pickle); the cache's key
    holds the Python version, whose marshal format this is.
    """
    import marshal

    patterns, special = {}, []
    for key, (start, values) in hyph.patterns.items():
        data = [getattr(v, "data", None) for v in values]
        if any(data):
            special.append(key)
        patterns[key] = (start, tuple((int(v), *d) if d else int(v) for v, d in zip(values, data)))
    return marshal.dumps({"maxlen": hyph.maxlen, "special": special, "patterns": patterns})


def _patterns_decode(data: bytes):
    """A HyphDict from _patterns_encode's bytes, without reading the dictionary file: only data comes in."""
    import marshal

    from itertools import chain
    from operator import itemgetter

    raw = marshal.loads(data)
    patterns, maxlen, special = raw["patterns"], raw["maxlen"], set(raw["special"])
    # Only the shapes _patterns_encode writes: anything else (a code object, say) is parsed afresh.
    # Checked type by type with map(), at C speed: this runs on every build that hyphenates.
    entries = patterns.values() if type(patterns) is dict else ()
    if (type(patterns) is not dict or type(maxlen) is not int or not set(map(type, patterns)) <= {str}
            or not set(map(type, entries)) <= {tuple} or not set(map(len, entries)) <= {2}
            or not set(map(type, map(itemgetter(0), entries))) <= {int}
            or not set(map(type, map(itemgetter(1), entries))) <= {tuple}
            or not set(map(type, chain.from_iterable(map(itemgetter(1), entries)))) <= (
                {int, tuple} if special else {int})):
        raise ValueError("not a hyphenation cache entry")
    for key in special:  # the few values with a change of spelling at the break (non-standard)
        start, values = patterns[key]
        patterns[key] = (start, tuple(v if type(v) is int else
                                      pyphen.DataInt(int(v[0]), data=(str(v[1]), int(v[2]), int(v[3])))
                                      for v in values))
    hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hyph.patterns, hyph.cache, hyph.maxlen = patterns, {}, maxlen
    return hyph


def paragraph_styles(layout: SheetLayout, locale: str | None = None) -> dict[str, ParagraphStyle]:
    """The layout's named styles as ReportLab paragraph styles, with the embedded fonts.

    With a locale that pyphen has a dictionary for, long words in body text are
    hyphenated where they meet a line's end (in narrow boxes above all).
    """
    fonts = register_fonts(layout)
    language = hyphenation_language(locale)
    return {name: ParagraphStyle(name, fontName=fonts[s.font], fontSize=s.size, leading=s.leading,
                                 textColor=HexColor(s.colour), spaceBefore=s.space_before,
                                 spaceAfter=s.space_after, leftIndent=s.indent,
                                 hyphenationLang=hyphenator(language) if language and name not in UNHYPHENATED else "",
                                 hyphenationMinWordLength=HYPHENATE_FROM)
            for name, s in layout.styles.items()}


# -- form fields ------------------------------------------------------------------

class _Raw(PDFObject):
    """A PDF object whose dictionary is made when the file is written, after every field exists."""

    def __init__(self, make: Callable[[], dict]):
        self.make = make

    def format(self, document):
        return PDFDictionary(self.make()).format(document)


class _Literal(PDFObject):
    """A PDF object already formatted (a reference, say)."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document):
        return self.data


class Form:
    """The AcroForm of one PDF: fields named by dotted paths, stored as a proper field tree."""

    def __init__(self, canv, font: Path):
        self.doc = canv._doc
        self.roots: list = []
        self.kids: dict[str, list] = {}
        self.refs: dict[str, object] = {}
        self.looks: dict[tuple, bytes] = {}
        self.owns: dict[tuple, bytes] = {}
        self.blank = self._appearance(b"", 1, 1)
        font_ref = self.doc.Reference(_form_font(font, self.doc.Reference))
        # ZapfDingbats is what readers draw a ticked box's caption (/MK /CA) with when a filler asks
        # them to make the appearances afresh (NeedAppearances): named, as they expect it, never used
        # by a page, so never embedded.
        dingbats = self.doc.Reference(PDFDictionary({"Type": PDFName("Font"), "Subtype": PDFName("Type1"),
                                                     "BaseFont": PDFName("ZapfDingbats")}))
        self.doc.Catalog.AcroForm = _Raw(lambda: {
            "Fields": PDFArray(self.roots), "DA": PDFString(f"/{FORM_FONT} 0 Tf 0 g"),
            "DR": PDFDictionary({"Font": PDFDictionary({FORM_FONT: font_ref, DINGBATS: dingbats})})})

    def text(self, canv, name: str, rect: tuple, multiline: bool, tooltip: str, size: float,
             blank: bytes = b"") -> None:
        """A text field over rect (x0, y0, x1, y1 on the page), empty.

        blank draws the empty field (ruled lines, say): a reader replaces it by the
        typed text, so what is typed never runs through the rules.
        """
        _record(canv, "text", name, rect, multiline, tooltip, size, blank)
        fixed = b"/FT /Tx /DA (/%s %s Tf 0 g) /Ff %d" % (FORM_FONT.encode(), fp_str(size).encode(),
                                                          4096 if multiline else 0)
        look = b"<< /N %s >>" % self._own(self._appearance(blank, rect[2] - rect[0], rect[3] - rect[1]),
                                          rect[2] - rect[0], rect[3] - rect[1])
        self._widget(canv, name, rect, tooltip, fixed, look)

    def checkbox(self, canv, name: str, rect: tuple, tooltip: str, on: str = "Yes") -> None:
        """A checkbox over rect, unticked; ticked it shows a cross, drawn without any font.

        on is its export value, the name of its ticked appearance: readers set the
        field's value to it, so a ticked box reads back as what it stands for.
        """
        _record(canv, "checkbox", name, rect, tooltip, on)
        size = rect[2] - rect[0]
        inset = size * 0.22
        cross = (f"0 G 1.2 w 1 J {inset:.2f} {inset:.2f} m {size - inset:.2f} {size - inset:.2f} l S "
                 f"{inset:.2f} {size - inset:.2f} m {size - inset:.2f} {inset:.2f} l S").encode()
        # The caption is ZapfDingbats' cross, for readers that draw the box afresh; ours draws the same.
        fixed = b"/FT /Btn /V /Off /AS /Off /DA (/%s 0 Tf 0 g) /MK << /CA (8) >>" % DINGBATS.encode()
        # A name as it is: ids are lower case letters, digits, "-" and "_" (format.py), none to escape.
        look = b"<< /N << /%s %s /Off %s >> >>" % (on.encode("ascii"), self._appearance(cross, size, size),
                                                   self.blank)
        self._widget(canv, name, rect, tooltip, fixed, look)

    def _widget(self, canv, name: str, rect: tuple, tooltip: str, fixed: bytes, look: bytes) -> None:
        parent, _, partial = name.rpartition(".")
        widget = _Widget(b"/Type /Annot /Subtype /Widget /F 4 /BS << /W 0 >> /Rect [%s] %s /AP %s"
                         % (fp_str(*(round(v, 2) for v in rect)).encode(), fixed, look),
                         partial, tooltip, self._node(parent) if parent else None)
        canv._addAnnotation(widget, name=f"Field.{name}")
        self._adopt(parent, self.doc.refAnnotation(f"Field.{name}"))

    def _node(self, name: str):
        """The reference of the non-terminal field `name`, made (with its parents) on first use."""
        if name not in self.refs:
            parent, _, partial = name.rpartition(".")
            kids = self.kids.setdefault(name, [])
            entries = {"T": PDFString(partial)}
            if parent:
                entries["Parent"] = self._node(parent)
            # Kids are read when the file is written: more fields join this node as the pages fill.
            self.refs[name] = self.doc.Reference(_Raw(lambda: {**entries, "Kids": PDFArray(kids)}),
                                                 f"FieldNode.{name}")
            self._adopt(parent, self.refs[name])
        return self.refs[name]

    def _adopt(self, parent: str, ref) -> None:
        (self.kids[parent] if parent else self.roots).append(ref)

    def _own(self, shared: bytes, width: float, height: float) -> bytes:
        """The reference of a field's own appearance, which draws the shared one (shared, a reference).

        A filler that writes a typed value's appearance over the field's appearance
        object (pypdf does) would otherwise change every field that shares it. One
        small object per field, its bytes made once per look.
        """
        key = (shared, round(width, 2), round(height, 2))
        data = self.owns.get(key)
        if data is None:
            data = self.owns[key] = (
                b"<< /BBox [0 0 %s] /Length 5 /Resources << /XObject << /B %s >> >> /Subtype /Form "
                b"/Type /XObject >>\nstream\n/B Do\nendstream" % (fp_str(key[1], key[2]).encode(), shared))
        return self.doc.Reference(_Literal(data)).format(self.doc)

    def _appearance(self, content: bytes, width: float, height: float) -> bytes:
        """The reference of a form XObject drawing content: one per distinct look, shared by fields.

        A worksheet has hundreds of boxes of a few sizes; one stream each made
        the file, and the time to write it, grow with every field.
        """
        key = (content, round(width, 2), round(height, 2))
        if key not in self.looks:
            stream = PDFStream(PDFDictionary({"Type": PDFName("XObject"), "Subtype": PDFName("Form"),
                                              "BBox": PDFArray([0, 0, key[1], key[2]])}),
                               content, filters=[PDFZCompress])
            self.looks[key] = self.doc.Reference(stream).format(self.doc)
        return self.looks[key]


def _record(canv, kind: str, *args) -> None:
    """Tell a recording canvas (see replay.py) which field goes on its page."""
    record = getattr(canv, "record_field", None)
    if record is not None:
        record(kind, *args)


class _Widget(PDFObject):
    """A field's widget annotation, its fixed entries formatted once, up front, as bytes."""

    def __init__(self, fixed: bytes, partial: str, tooltip: str, parent):
        self.fixed, self.partial, self.tooltip, self.parent = fixed, partial, tooltip, parent

    def format(self, document):
        parent = b" /Parent " + self.parent.format(document) if self.parent is not None else b""
        return b"<< %s /T %s /TU %s%s >>" % (self.fixed, _string(self.partial, document),
                                             _string(self.tooltip, document), parent)


def _string(text: str, document) -> bytes:
    """text as a PDF string: the same names and tooltips recur on every sheet, so each is encoded once."""
    if not isinstance(document.encrypt, NoEncryption):  # pragma: no cover - these PDFs are never encrypted
        return PDFString(text).format(document)
    return _plain_string(text)


@lru_cache(maxsize=65536)
def _plain_string(text: str) -> bytes:
    return PDFString(text).format(SimpleNamespace(encrypt=NoEncryption()))


def _form_font(path: Path, ref: Callable) -> PDFObject:
    """The whole TrueType file as a WinAnsi font, for what readers draw when someone types."""
    data, packed, widths, face = _form_font_data(path, truetype(path))
    codes = range(32, 256)
    file = PDFStream(PDFDictionary({"Length1": len(data)}), data, filters=[_Packed(packed)])
    descriptor = PDFDictionary({
        "Type": PDFName("FontDescriptor"), "FontName": PDFName(path.stem), "Flags": 32,
        "FontBBox": PDFArray([round(v) for v in face.bbox]), "ItalicAngle": face.italicAngle,
        "Ascent": round(face.ascent), "Descent": round(face.descent),
        "CapHeight": round(face.capHeight), "StemV": round(face.stemV), "FontFile2": ref(file)})
    return PDFDictionary({
        "Type": PDFName("Font"), "Subtype": PDFName("TrueType"), "BaseFont": PDFName(path.stem),
        "FirstChar": codes[0], "LastChar": codes[-1], "Widths": PDFArray(widths),
        "Encoding": PDFName("WinAnsiEncoding"), "FontDescriptor": ref(descriptor)})


@lru_cache(maxsize=8)
def _form_font_data(path: Path, font) -> tuple:
    """The font's bytes, compressed, its WinAnsi widths and its parsed face: once per file and version
    (font, the file parsed as measure.truetype parses it: a new object for a new version).

    Every PDF embeds the whole font; parsing and compressing it for each of them
    was most of the cost of a small worksheet. Compressed, it is kept between
    runs too (deck/cache.py): deflating 600 KB costs as much as a group's sheet.
    """
    data = path.read_bytes()
    face = font.face  # widths and descriptor values, as ReportLab reads them
    chars = [bytes([code]).decode("cp1252", "ignore") for code in range(32, 256)]
    widths = tuple(round(face.charWidths.get(ord(c), 0)) if c else 0 for c in chars)
    # Keyed by the bytes too: a font replaced by one of the same size and time must not get the old one.
    packed = cache.parsed("deflated", path, f"reportlab {reportlab.Version} {hashlib.sha1(data).hexdigest()}",
                          lambda: PDFZCompress.encode(data), encode=bytes, decode=bytes)
    return data, packed, widths, face


class _Packed:
    """PDFZCompress whose output is known already: the same Filter, the same bytes."""

    pdfname = PDFZCompress.pdfname

    def __init__(self, packed: bytes):
        self.packed = packed

    def encode(self, text) -> bytes:
        return self.packed


def form(canv) -> Form:
    """The form of the document being built on canv."""
    return canv._doctemplate.form


class FieldFlowable(Flowable):
    """Base for flowables that place form fields: the page rectangle of a local box."""

    def page_rect(self, x: float, y: float, width: float, height: float) -> tuple:
        x0, y0 = self.canv.absolutePosition(x, y)
        return (x0, y0, x0 + width, y0 + height)


# -- documents --------------------------------------------------------------------

Footer = Callable[[object, object], None]  # (canvas, doc): draws the page's footer


@dataclass(frozen=True)
class TextLook:
    """How a line of text is set, plain data (a page recording crosses processes, a style cannot)."""

    fontName: str
    fontSize: float
    leading: float
    textColor: object

    @classmethod
    def of(cls, style: ParagraphStyle) -> "TextLook":
        return cls(style.fontName, style.fontSize, style.leading, style.textColor)


class SheetDoc(BaseDocTemplate):
    """A reproducible document on the layout's page, with a footer and, when asked, a form."""

    def __init__(self, buffer, layout: SheetLayout, meta: Meta, footer: Footer, with_form: bool = False):
        margins = layout.margins
        super().__init__(buffer, pagesize=layout.page, leftMargin=margins["left"],
                         rightMargin=margins["right"], topMargin=margins["top"],
                         bottomMargin=margins["bottom"], title=meta.title, author=meta.author,
                         subject=meta.subject, creator="dilemma-deck", lang=meta.lang, invariant=1,
                         # The canvas starts in Helvetica unless told otherwise: an unembedded font.
                         initialFontName=register_fonts(layout)["regular"])
        self.layout, self.with_form, self.form, self.extra = layout, with_form, None, meta.extra
        self.page_totals: dict[str, int] = {}  # page run -> its last page number so far
        self.total_forms: dict[tuple[str, str], tuple[str, TextLook]] = {}  # (run, suffix) -> form
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("sheet", [frame], onPageEnd=footer),
                               PageTemplate("blank", [frame])])

    def beforeDocument(self):
        stamp = build_time().strftime("D:%Y%m%d%H%M%S+00'00'")
        self.canv.setDateFormatter(lambda *parts: stamp)
        if self.extra:
            self.canv._doc.info = _TaggedInfo(self.canv._doc.info, self.extra)
        if self.with_form:
            self.form = Form(self.canv, self.layout.fonts["regular"])


class _TaggedInfo(PDFInfo):
    """The document information ReportLab writes, plus custom entries (ReportLab has no way to add any)."""

    def __init__(self, info: PDFInfo, extra: tuple[tuple[str, str], ...]):
        self.__dict__.update(info.__dict__)
        self.extra = extra

    def format(self, document):
        formatted = super().format(document)
        entries = b"".join(b"/%s %s " % (key.encode(), PDFString(value).format(document))
                           for key, value in self.extra)
        # ReportLab's dictionary ends with ">>": the entries go just before it.
        cut = formatted.rindex(b">>")
        return formatted[:cut] + entries + formatted[cut:]


def draw_footer(canv, doc, style: ParagraphStyle, left: str, right: str) -> None:
    """The footer line below the frame: left and right aligned texts."""
    canv.saveState()
    canv.setFont(style.fontName, style.fontSize)
    canv.setFillColor(style.textColor)
    y = doc.bottomMargin - 2 * style.leading
    pdftext.draw(canv, doc.leftMargin, y, left, style.fontName, style.fontSize)
    pdftext.draw(canv, doc.leftMargin + doc.width, y, right, style.fontName, style.fontSize, "right")
    canv.restoreState()


# In a formatted phrase, where the page total goes: "page {x} of {y}" formatted with y=TOTAL.
TOTAL = "\uffffTOTAL\uffff"


def draw_counted_footer(canv, doc, style: ParagraphStyle, phrase: str, run: str, page: int, right: str) -> None:
    """The footer line with a page count: phrase left-aligned, right right-aligned.

    phrase is "page x of y" formatted with y=TOTAL, page is x, and run names the
    pages it counts (a group's, say). The total is not known while pages are
    drawn, so it is a form XObject of the run, defined when the document ends
    (ReportLab lets a page use a form defined later): every page is laid out
    once, not once to count and once to draw. Left-aligned, the total's unknown
    width needs no room; what the phrase has after the total is in the form too.
    """
    before, _, after = phrase.partition(TOTAL)
    forms = doc.total_forms
    name = forms.get((run, after), (None,))[0]
    if name is None:
        index = sum(1 for key in forms if key[0] == run)
        name = f"total-{run}" + (f"-{index}" if index else "")
        forms[(run, after)] = (name, TextLook.of(style))
    doc.page_totals[run] = max(page, doc.page_totals.get(run, 0))
    canv.saveState()
    canv.setFont(style.fontName, style.fontSize)
    canv.setFillColor(style.textColor)
    x, y = doc.leftMargin, doc.bottomMargin - 2 * style.leading
    drawn = pdftext.draw(canv, x, y, before, style.fontName, style.fontSize)
    canv.saveState()
    canv.translate(x + drawn, y)
    canv.doForm(name)
    canv.restoreState()
    pdftext.draw(canv, doc.leftMargin + doc.width, y, right, style.fontName, style.fontSize, "right")
    canv.restoreState()


def define_totals(doc) -> None:
    """The page-total forms the footers used, now that every run's last page is known."""
    canv = doc.canv
    for (run, after), (name, style) in doc.total_forms.items():
        canv.beginForm(name, 0, -style.leading, doc.width, style.leading)
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(style.textColor)
        pdftext.draw(canv, 0, 0, f"{doc.page_totals[run]}{after}", style.fontName, style.fontSize)
        canv.endForm()


def laid_out(doc, story: list, **options) -> None:
    """doc.build(story), a box too tall for any page (the layout's sizes, within their ranges, can
    ask for one) reported as what to change in the layout rather than as ReportLab's LayoutError."""
    from reportlab.platypus.doctemplate import LayoutError

    try:
        doc.build(story, **options)
    except LayoutError as error:
        found = re.search(r"x ([0-9.]+)\) too large on page \d+ in frame '\w+'\([0-9.]+ x ([0-9.]+)", str(error))
        size = (f" (a box {float(found[1]):.0f} pt high on a page with {float(found[2]):.0f} pt of room)"
                if found else "")
        raise DeckError(f"the layout's worksheets settings leave no room for a block{size}; lower "
                        "worksheets.fields (line times question_lines or notes_lines) or the style sizes "
                        "and leadings in the layout") from None


def build(layout: SheetLayout, meta: Meta, story: list, footer: Footer,
          with_form: bool = False) -> tuple[bytes, int]:
    """The PDF of story as bytes, and its page count."""
    buffer = io.BytesIO()
    doc = SheetDoc(buffer, layout, meta, footer, with_form)
    doc._doSave = 0  # ReportLab's own switch (multiBuild uses it): the page totals come before the save
    laid_out(doc, story)
    define_totals(doc)
    doc.canv.save()
    return buffer.getvalue(), doc.page


def write_document(planned: Planned, layout: SheetLayout, locale: str, target: Path, label: str,
                   story: Callable[[Composing], list], footer: Callable[[Composing], Footer]) -> PdfResult:
    """Lay out one of a session's PDFs from its story and footer and write it to target.

    label names the document in the tool's words (its title is the session's
    title, then the label).
    """
    composing = Composing.of(planned, layout, locale)
    info = meta_for(planned.session.meta, composing.words(label), locale)
    data, pages = build(layout, info, story(composing), footer(composing))
    write_atomic(target, data)
    return PdfResult(target, pages)


def ruled(sheet: Composing, font: str) -> TableStyle:
    """The house style of a table on the PDFs: a shaded header, thin rules, cells set in font."""
    rule, shade = HexColor(sheet.layout.colours["rule"]), HexColor(sheet.layout.colours["shade"])
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),  # else the table sets Helvetica, unembedded
        ("BACKGROUND", (0, 0), (-1, 0), shade), ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
        ("BOX", (0, 0), (-1, -1), 0.6, rule), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)])


def para(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A paragraph of plain text: ReportLab reads markup in text, so escape it.

    Text in another script than the style's font has is set in font runs;
    right-to-left and CJK text is broken into lines by pdftext.
    """
    if pdftext.needs_laying(text):
        return pdftext.LaidParagraph(text, style, bullet)
    return SharedParagraph(pdftext.markup(text, style.fontName), style, bulletText=bullet)


# style -> {(text, bullet): what its paragraphs share}; weak, so a render's styles and all this go together
_SHARED: "WeakKeyDictionary[ParagraphStyle, dict]" = WeakKeyDictionary()


class SharedParagraph(Paragraph):
    """A Paragraph that shares its parsed markup and its line breaks with every other of its text and style.

    A case is laid out on the sheet of each group that works on it, at the same
    widths; parsing ReportLab's markup and breaking lines were a third of the
    worksheets' time. What is shared is only read once made.
    """

    def __init__(self, text, style=None, bulletText=None, frags=None, **kwargs):
        self._made = None
        if frags is not None or text is None or style is None:  # ReportLab's own split parts
            super().__init__(text, style, bulletText, frags, **kwargs)
            return
        made = _SHARED.setdefault(style, {}).get((text, bulletText))
        if made is None:
            super().__init__(text, style, bulletText, **kwargs)
            if self.style is not style:  # markup that changed the style: not shared
                return
            # Not the style itself: a value that holds its weak key would keep it for ever.
            made = _SHARED[style][(text, bulletText)] = {
                "parsed": (self.caseSensitive, self.encoding, self.text, self.frags, self.bulletText)}
        else:
            self.caseSensitive, self.encoding, self.text, self.frags, self.bulletText = made["parsed"]
            self.style, self.debug = style, 0
        self._made = made

    def wrap(self, availWidth, availHeight):
        if self._made is None:
            return super().wrap(availWidth, availHeight)
        lines = self._made.get(availWidth)
        if lines is None:
            size = super().wrap(availWidth, availHeight)
            self._made[availWidth] = (self.width, self._wrapWidths, self.blPara, self.height)
            return size
        self.width, self._wrapWidths, self.blPara, self.height = lines
        return self.width, self.height


def meta_for(session, label: str, locale: str, subject: str | None = None) -> Meta:
    """The document information of one of a session's PDFs, titled '<session title> – <label>'."""
    return Meta(title=f"{session.title} – {label}", author=session.author or session.organisation or "",
                subject=subject or label, lang=locale)


def subtitle_for(session, label: str, date: str | None) -> str:
    """The line under a PDF's title: what it is, the session's subtitle, its date."""
    return " – ".join(part for part in (label, session.subtitle, date) if part)
