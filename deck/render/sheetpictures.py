"""A case's picture on the PDFs (worksheets and handout): read and decoded once, sized by the fitting rule, drawn
with its caption and credit under it and its alt text beside it in the page's content.

The fitting rule (docs/limits.md, "Pictures on the worksheets and the handout"):

- A picture is never drawn larger than it is sharp: at most 96 pixels an inch
  (a 300 by 200 pixel screenshot is at most about 8 by 5 cm), and never
  stretched.
- On a worksheet, a picture at most twice as wide as it is tall goes beside
  the dilemma (right of it, left in a right-to-left language), at most 40 %
  of the column wide and a quarter of the page's text area high; a wider one
  goes under the dilemma across the column, at most a sixth of the text area
  high. In the handout, a picture goes under its case's dilemma, at most the
  column wide and a quarter of the text area high.
- If its shorter side would then be under 1.5 cm, it is left out there (a
  build warning names the case) rather than printed too small to make out.

Each picture is decoded once per build and process (however many sheets
show it), reduced to what 300 pixels an inch at the column's width needs,
and its PDF image made once: every PDF that shows it embeds the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFStream
from reportlab.platypus import Flowable

from .. import picture_files
from ..errors import DeckError
from ..model import Picture, Session
from .pdf import para

PT_PER_PX = 72 / 96     # a pixel is drawn at least this large (96 pixels an inch at most): small stays sharp
SHARP_PPI = 300         # pixels an inch kept at the largest size a sheet can show; beyond that, thrown away
MIN_SIDE = 72 / 2.54 * 1.5  # points: a shorter side under 1.5 cm cannot be made out on paper
BESIDE_WIDTH = 0.40     # of the column, for a picture beside the dilemma
BESIDE_HEIGHT = 0.25    # of the text area's height, likewise
ACROSS_HEIGHT = 1 / 6   # of the text area's height, for a wide picture under the dilemma
HANDOUT_HEIGHT = 0.25   # of the text area's height, for a picture in the handout
WIDE = 2.0              # width over height past which a worksheet's picture goes under the dilemma
GAP = 6.0               # points between a picture and the text beside it, and above its caption
MAX_PIXELS = 30_000_000  # a PNG or GIF with more is not decoded for the PDFs (a JPEG is decoded reduced)


# -- the picture as a PDF image -------------------------------------------------------------

@dataclass(frozen=True)
class Image:
    """A picture as a PDF image: its pixels' size and its stream, encoded once for every PDF that shows it."""

    name: str          # the XObject's name: the same in every PDF, so a replayed page finds it
    width: int         # pixels
    height: int
    colour_space: str  # DeviceRGB, DeviceGray or DeviceCMYK
    filter: str        # FlateDecode or DCTDecode
    stream: bytes
    mask: "Image | None" = None  # the alpha channel, a soft mask
    inverted: bool = False       # an Adobe CMYK JPEG, stored inverted


def load(path: Path, keep: int) -> tuple[Image, str]:
    """The picture at path as a PDF image, at most keep pixels on its longer side, and its file's digest.

    Decoded at most once per process for the same bytes and keep: every
    worksheet and locale of a build shares it.
    """
    data = picture_files.read(path).data  # checked by the loader; read again under the same rules
    digest = hashlib.sha1(data).hexdigest()
    key = (digest, keep)
    image = _decoded.get(key)
    if image is None:
        image = _decoded[key] = _decode(data, keep, path)
        while len(_decoded) > _KEEP_DECODED:  # a long watch session sees many versions of a picture
            del _decoded[next(iter(_decoded))]
    return image, digest


class TooManyPixels(Exception):
    """A picture whose pixels would take too much memory to decode; args: its width and height."""


_decoded: dict[tuple[str, int], Image] = {}
_KEEP_DECODED = 64


def _decode(data: bytes, keep: int, path: Path) -> Image:
    """The PDF image of a picture file's bytes: a JPEG's own bytes where they serve, else pixels deflated."""
    from PIL import Image as PIL, UnidentifiedImageError

    try:
        picture = PIL.open(io.BytesIO(data))
        kind, size = picture.format, picture.size
        if kind != "JPEG" and size[0] * size[1] > MAX_PIXELS:
            raise TooManyPixels(*size)
        if kind == "JPEG":
            picture.draft(picture.mode, (keep, keep))  # decode a big JPEG at a fraction of its size
        picture.load()  # GIF: the first frame, as a printed page shows it
    except (UnidentifiedImageError, PIL.DecompressionBombError, OSError, ValueError, SyntaxError) as error:
        raise DeckError(f"{path}: cannot be read as a picture ({error}); save it again as PNG or JPEG") from None
    name = "pic" + hashlib.sha1(data + b"%d" % keep).hexdigest()[:20]
    reduced = max(size) > keep
    if reduced:
        picture.thumbnail((keep, keep), PIL.Resampling.LANCZOS)
    if kind == "JPEG":
        if not reduced and picture.mode in ("RGB", "L", "CMYK"):
            # Embedded as it is: a JPEG deflated as pixels would be many times larger.
            return Image(name, *picture.size, _SPACES[picture.mode], "DCTDecode", data,
                         inverted=picture.mode == "CMYK" and "adobe" in picture.info)
        if picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=90)
        return Image(name, *picture.size, _SPACES[picture.mode], "DCTDecode", out.getvalue())
    mask = None
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        picture = picture.convert("RGBA")
        alpha = picture.getchannel("A")
        if alpha.getextrema() != (255, 255):  # fully opaque: no mask to carry
            mask = Image(name + "m", *alpha.size, "DeviceGray", "FlateDecode", zlib.compress(alpha.tobytes()))
    if picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    return Image(name, *picture.size, _SPACES[picture.mode], "FlateDecode", zlib.compress(picture.tobytes()),
                 mask)


_SPACES = {"RGB": "DeviceRGB", "L": "DeviceGray", "CMYK": "DeviceCMYK"}


class _Encoded:
    """A stream filter whose output is made already: the image's stream, under its filter's name."""

    def __init__(self, name: str, data: bytes):
        self.pdfname, self.data = name, data

    def encode(self, content) -> bytes:
        return self.data


class _XObject(PDFObject):
    """An Image in one PDF (ReportLab names the object it registers, so each PDF has its own)."""

    def __init__(self, image: Image, mask):
        self.image, self.mask = image, mask

    def format(self, document):
        image = self.image
        entries = {"Type": PDFName("XObject"), "Subtype": PDFName("Image"), "Width": image.width,
                   "Height": image.height, "BitsPerComponent": 8, "ColorSpace": PDFName(image.colour_space)}
        if image.inverted:
            entries["Decode"] = PDFArray([1, 0] * 4)
        if self.mask is not None:
            entries["SMask"] = self.mask
        return PDFStream(PDFDictionary(entries), b"", filters=[_Encoded(image.filter, image.stream)]).format(document)


def register(canv, image: Image) -> str:
    """Make image one of the XObjects of canv's document, once; its name in the page's content."""
    doc = canv._doc
    reference = doc.getXObjectName(image.name)
    if reference not in doc.idToObject:
        mask = None
        if image.mask is not None:
            mask = doc.Reference(_XObject(image.mask, None), doc.getXObjectName(image.mask.name))
        doc.Reference(_XObject(image, mask), reference)
    return reference


def draw(canv, image: Image, x: float, y: float, width: float, height: float, alt: str) -> None:
    """The image in the box (x, y, width, height), its alt text the Alt of a marked-content span around it.

    ReportLab writes untagged PDF, so no structure element can carry the alt
    text; a Span's Alt (ISO 32000-1, 14.9.3) keeps it with the picture, for the
    tools that read it.
    """
    reference = register(canv, image)
    record = getattr(canv, "record_image", None)
    if record is not None:  # a recording canvas (replay.py): the print file's pages show it too
        record(image)
    canv._currentPageHasImages = 1
    canv.saveState()
    canv._code.append(f"/Span << /Alt {_text_string(alt)} >> BDC")
    canv.translate(x, y)
    canv.scale(width, height)
    canv._code.append(f"/{reference} Do")
    canv._code.append("EMC")
    canv.restoreState()
    canv._formsinuse.append(image.name)


def _text_string(text: str) -> str:
    """text as a PDF text string: UTF-16 with its byte order mark, in hex (nothing in it to escape)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


# -- the fitting rule ---------------------------------------------------------------------

@dataclass(frozen=True)
class Fit:
    """Where and how large a picture is drawn, in points."""

    width: float
    height: float
    beside: bool  # beside the dilemma; else under it, across the column
    room: float   # the width of its column: the picture centred in it, the caption wrapped to it


def fit_sheet(image: Image, column: float, area_height: float) -> Fit | None:
    """How a picture shows on a worksheet whose text area is column by area_height; None if not legibly."""
    if image.width <= WIDE * image.height:
        return _fit(image, column * BESIDE_WIDTH, area_height * BESIDE_HEIGHT, True)
    return _fit(image, column, area_height * ACROSS_HEIGHT, False)


def fit_handout(image: Image, column: float, area_height: float) -> Fit | None:
    """How a picture shows in the handout, under its case's dilemma; None if not legibly."""
    return _fit(image, column, area_height * HANDOUT_HEIGHT, False)


def _fit(image: Image, width: float, height: float, beside: bool) -> Fit | None:
    natural_width, natural_height = image.width * PT_PER_PX, image.height * PT_PER_PX
    scale = min(width / natural_width, height / natural_height, 1.0)
    drawn = Fit(natural_width * scale, natural_height * scale, beside, width)
    return drawn if min(drawn.width, drawn.height) >= MIN_SIDE else None


def keep_pixels(column: float) -> int:
    """The most pixels worth keeping on a picture's longer side, for a column this wide (points)."""
    return max(64, round(column / 72 * SHARP_PPI))


def left_out(session: Session, key_path: str, picture: Picture, image: Image, where: str) -> str:
    """The warning for a picture too small or too narrow to show legibly: where it was left out, and why."""
    line, column = session.source.position(key_path)
    if min(image.width, image.height) * PT_PER_PX < MIN_SIDE:
        why = (f"has too few pixels to print at least 1.5 cm on its shorter side (it needs "
               f"{MIN_SIDE / PT_PER_PX:.0f}); use a larger picture")
    else:
        why = "is too long and narrow to keep 1.5 cm on its shorter side in its room; crop it closer to square"
    return (f"{session.source.path}:{line}:{column}: {key_path}.image: '{picture.file}' "
            f"({image.width}\u00d7{image.height} pixels) {why}; it is left out {where}")


def too_many(session: Session, key_path: str, picture: Picture, width: int, height: int, where: str) -> str:
    """The warning for a picture with too many pixels to decode for print."""
    line, column = session.source.position(key_path)
    return (f"{session.source.path}:{line}:{column}: {key_path}.image: '{picture.file}' ({width}\u00d7{height} "
            f"pixels) has more than {MAX_PIXELS:,} pixels, too many to print; it is left out {where}. Save it "
            f"smaller (2,000 pixels on its longer side print sharp across a page), or as a JPEG")


# -- flowables ------------------------------------------------------------------------------

def caption_styles(base: ParagraphStyle) -> tuple[ParagraphStyle, ParagraphStyle]:
    """The caption's style (base, centred) and the credit's (smaller, italic)."""
    caption = ParagraphStyle(f"{base.name}-caption", parent=base, alignment=TA_CENTER, leftIndent=0,
                             spaceBefore=0, spaceAfter=0)
    credit = ParagraphStyle(f"{base.name}-credit", parent=caption, fontSize=base.fontSize - 1,
                            leading=base.leading - 1, fontName=_italic(base.fontName))
    return caption, credit


def _italic(font: str) -> str:
    from reportlab.lib.fonts import tt2ps

    return tt2ps(font, 0, 1)


class Figure(Flowable):
    """A picture centred in its room, its caption and credit under it, wrapped to the room's width."""

    def __init__(self, image: Image, fit: Fit, picture: Picture, styles: tuple[ParagraphStyle, ParagraphStyle],
                 space_before: float = 0.0, space_after: float = 0.0):
        super().__init__()
        self.image, self.fit, self.alt = image, fit, picture.alt
        self.lines = [para(text, style) for text, style in zip((picture.caption, picture.credit), styles) if text]
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def wrap(self, available_width, available_height):
        self.room = min(self.fit.room, available_width)
        self.heights = [line.wrap(self.room, available_height)[1] for line in self.lines]
        self.width = self.room
        self.height = self.fit.height + (GAP / 2 + sum(self.heights) if self.lines else 0)
        return self.width, self.height

    def draw(self):
        width, height = self.fit.width, self.fit.height
        draw(self.canv, self.image, (self.room - width) / 2, self.height - height, width, height, self.alt)
        y = self.height - height - GAP / 2
        for line, line_height in zip(self.lines, self.heights):
            y -= line_height
            line.drawOn(self.canv, 0, y)


class Beside(Flowable):
    """Text with a Figure beside it (right, or left when rtl), as tall as the taller of the two.

    Where the pair does not fit the rest of a page and the text is the taller
    (a dilemma longer than a page), the text flows on as without a picture and
    the figure follows it.
    """

    def __init__(self, text: Flowable, figure: Figure, rtl: bool = False):
        super().__init__()
        self.text, self.figure, self.rtl = text, figure, rtl

    def wrap(self, available_width, available_height):
        figure_width, self.figure_height = self.figure.wrap(available_width, available_height)
        self.text_width = available_width - figure_width - 2 * GAP
        self.text_height = self.text.wrap(self.text_width, available_height)[1]
        self.width, self.height = available_width, max(self.text_height, self.figure_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        if self.height <= available_height or self.text_height <= self.figure_height:
            return []  # the pair goes whole onto the next page
        return [self.text, self.figure]

    def getSpaceBefore(self):
        return self.text.getSpaceBefore()

    def getSpaceAfter(self):
        return max(self.text.getSpaceAfter(), self.figure.getSpaceAfter())

    def draw(self):
        figure_x = 0 if self.rtl else self.width - self.figure.width
        text_x = self.width - self.text_width if self.rtl else 0
        self.text.drawOn(self.canv, text_x, self.height - self.text_height)
        self.figure.drawOn(self.canv, figure_x, self.height - self.figure_height)


# -- a session's case pictures ------------------------------------------------------------------

@dataclass(frozen=True)
class Shown:
    """A case's picture as one kind of PDF shows it."""

    picture: Picture
    image: Image
    fit: Fit
    digest: str  # of the file: a changed picture lays out again what shows it


def text_area(layout) -> tuple[float, float]:
    """The width and height of a sheet layout's text area (its frame), in points."""
    margins = layout.margins
    return (layout.page[0] - margins["left"] - margins["right"],
            layout.page[1] - margins["top"] - margins["bottom"])


def case_pictures(session: Session, layout, fitting, where: str) -> tuple[dict[tuple[str, str], Shown], list[str]]:
    """Every case picture that fits by fitting (fit_sheet or fit_handout), by (cluster id, case id), and a
    warning for each that does not, saying it is left out where."""
    column, height = text_area(layout)
    keep = keep_pixels(column)
    shown, warnings = {}, []
    for cluster_path, cluster in _with_paths(session.clusters, "clusters"):
        for case_path, case in _with_paths(cluster.cases, f"{cluster_path}.cases"):
            if case.image is None:
                continue
            try:
                image, digest = load(session.media(case.image.file), keep)
            except TooManyPixels as error:
                warnings.append(too_many(session, case_path, case.image, *error.args, where))
                continue
            fit = fitting(image, column, height)
            if fit is None:
                warnings.append(left_out(session, case_path, case.image, image, where))
            else:
                shown[(cluster.id, case.id)] = Shown(case.image, image, fit, digest)
    return shown, warnings


def _with_paths(items, path: str):
    """(key path, item) of each item, as the loader records them: by id, by index once an id repeats."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        yield f"{path}[{index if item.id in seen else item.id}]", item
        seen.add(item.id)
