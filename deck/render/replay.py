"""Pages drawn once and written into more than one PDF.

A group's worksheet pages appear twice: in the group's own PDF and in the one
print file with every group. Laying them out twice doubled the cost of the
worksheets; instead, a group's pages are recorded while its own PDF is drawn
and the print file is assembled from the recordings.

A page's content stream names fonts and encodes text by the document's font
subsets, which ReportLab numbers in the order characters first appear. So
both documents start from the same subsets: every character the session can
draw, assigned in one order (`seed_fonts`). A recording whose document then
met a character outside the seed is not portable; the caller lays the print
file out afresh instead, which is slower and just as right.
"""
from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from string import digits

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..layouts import SheetLayout
from .pdf import Footer, Meta, SheetDoc, define_totals, laid_out

# Drawn by the renderers themselves rather than taken from the texts: quotes, dashes, bullets.
TYPOGRAPHY = "“”‘’„«»–—…•·-\u00ad"


@dataclass
class Page:
    """One page as drawn: its content stream, the forms it shows, the fields on it."""

    code: str  # the drawing operators, joined as ReportLab joins a page's (one string, not thousands)
    forms: list[str]
    fields: list[tuple[str, tuple]]
    colours: dict
    graphics_state: object
    images: list = dataclasses.field(default_factory=list)  # sheetpictures.Image, each drawn on the page


@dataclass
class Recording:
    """A document's pages and the page totals their footers show; portable when the seed held."""

    pages: list[Page]
    total_forms: dict
    page_totals: dict
    portable: bool


class RecordingCanvas(Canvas):
    """A canvas that keeps a copy of every page it finishes, with the form fields placed on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages: list[Page] = []
        self.fields: list[tuple[str, tuple]] = []
        self.images: list = []

    def record_image(self, image) -> None:
        """Note a picture (sheetpictures.Image) drawn on this page: the print file's document needs it too."""
        self.images.append(image)

    def record_field(self, kind: str, *args) -> None:
        """Note a field the form placed on this page: (Form method, its arguments after canv)."""
        self.fields.append((kind, args))

    def showPage(self):
        self.pages.append(Page("\n".join(self._code), list(self._formsinuse), self.fields, dict(self._colorsUsed),
                               self._extgstate, self.images))
        self.fields, self.images = [], []
        super().showPage()


def chars_of(*values) -> str:
    """Every character of the strings in values (dataclasses, mappings and sequences, walked), sorted,
    with the digits, spaces and punctuation that numbers and the renderers' own marks bring."""
    found: set[str] = set(digits + " .,:;/()" + TYPOGRAPHY)
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.update(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            stack += [getattr(value, f.name) for f in dataclasses.fields(value)]
        elif isinstance(value, dict):
            stack += [*value.keys(), *value.values()]
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack += list(value)
    return "".join(sorted(found))


@dataclass(frozen=True)
class Seed:
    """What every document of a set starts its font subsets with: these fonts, these characters."""

    fonts: tuple[str, ...]  # registered TrueType font names, in the order they are seeded
    chars: str


def seed_fonts(doc: SheetDoc, seed: Seed) -> tuple:
    """Give the document's font subsets every character of the seed, in order; returns their state."""
    pdf = doc.canv._doc
    for name in seed.fonts:
        font = pdfmetrics.getFont(name)
        font.splitString(seed.chars, pdf)
        font.getSubsetInternalName(0, pdf)
    return _font_state(doc, seed)


def _font_state(doc: SheetDoc, seed: Seed) -> tuple:
    """What decides how pages encode text: font resource names and character assignments."""
    pdf = doc.canv._doc
    return (tuple(pdf.fontMapping.items()),
            tuple(len(pdfmetrics.getFont(name).state[pdf].assignments) for name in seed.fonts))


class _SeededDoc(SheetDoc):
    """A SheetDoc whose fonts start from the seed, so that its pages can be replayed elsewhere."""

    def __init__(self, *args, seed: Seed, **kwargs):
        super().__init__(*args, **kwargs)
        self.seed, self.seeded = seed, None

    def beforeDocument(self):
        super().beforeDocument()
        self.seeded = seed_fonts(self, self.seed)


def build_recorded(layout: SheetLayout, meta: Meta, story: list, footer: Footer, seed: Seed,
                   with_form: bool = False) -> tuple[bytes, int, Recording]:
    """The PDF of story, its page count, and a recording of its pages for assemble()."""
    buffer = io.BytesIO()
    doc = _SeededDoc(buffer, layout, meta, footer, with_form, seed=seed)
    doc._doSave = 0  # as pdf.build: the page totals are defined before the save
    laid_out(doc, story, canvasmaker=RecordingCanvas)
    portable = _font_state(doc, seed) == doc.seeded
    define_totals(doc)
    doc.canv.save()
    recording = Recording(doc.canv.pages, dict(doc.total_forms), dict(doc.page_totals), portable)
    return buffer.getvalue(), doc.page, recording


BLANK = None  # in assemble()'s parts: a blank page


def assemble(layout: SheetLayout, meta: Meta, parts: list[Recording | None], seed: Seed,
             with_form: bool = False) -> tuple[bytes, int]:
    """One PDF of the recorded pages in order (BLANK for a blank page), and its page count."""
    buffer = io.BytesIO()
    doc = _SeededDoc(buffer, layout, meta, None, with_form, seed=seed)
    doc.canv = canv = doc._makeCanvas(buffer)
    doc.beforeDocument()
    pages = 0
    for part in parts:
        for page in part.pages if part is not BLANK else [None]:
            if page is not None:
                _replay(canv, doc.form, page)
            canv.showPage()
            pages += 1
        if part is not BLANK:
            doc.total_forms.update(part.total_forms)
            doc.page_totals.update(part.page_totals)
    define_totals(doc)
    canv.save()
    return buffer.getvalue(), pages


def _replay(canv: Canvas, form, page: Page) -> None:
    """Put a recorded page's drawing and fields on canv's current page."""
    for kind, args in page.fields:
        getattr(form, kind)(canv, *args)
    for image in page.images:
        from .sheetpictures import register  # only a page with a picture needs it

        register(canv, image)
        canv._currentPageHasImages = 1
    canv._code = [page.code]
    canv._formsinuse = list(page.forms)
    canv._colorsUsed = dict(page.colours)
    canv._extgstate = page.graphics_state
