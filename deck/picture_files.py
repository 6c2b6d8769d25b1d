"""A session's picture files as every renderer takes them: raster bytes and their size in pixels.

PNG, JPEG and GIF are passed on as they are, checked whole and within
MAX_PIXELS (a small file can declare a picture that takes gigabytes to
decode); a photo a phone marked as turned (EXIF orientation) is turned, as
every photo viewer shows it. An SVG is drawn to a PNG, since
neither python-pptx nor ReportLab's drawImage takes one; it is drawn with
resvg (a Rust renderer with no system libraries to install), after this
module has read it as hostile XML: no document type declaration (entities
can expand without end or name outside files; refused as in every XML the
tool reads), no reference to anything outside the file (a local file, a web
address, a CSS @import), no `<use>` chain that multiplies into more
elements than a picture has, and a stated size within bounds. The raster's
longest side is MAX_RASTER_SIDE pixels, whatever size the file states, so
the picture is sharp on a projector; the pictures it embeds have at most
MAX_PIXELS together. What resvg does is not bounded by the file's size (a
blur over a large area, a marker repeated along a long path), so it draws
in a child process (bounded_call) that is killed past MAX_DRAW_SECONDS or
DRAW_MEMORY_BYTES: such an SVG is refused at its key, and the tool's own
process stays bounded in time and memory whatever the SVG asks of resvg.

problem() says at load time (so `check` reports it at the key's line) why
a picture cannot be used, drawing an SVG to be sure it can be; read() gives
its bytes to a renderer. Neither
imports python-pptx or ReportLab; resvg is imported only to draw.
"""
from __future__ import annotations

import functools
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import raster_header, safe_files, shipped
from .errors import DeckError

SVG_BYTES = 5 * safe_files.MB  # an SVG is parsed whole: a smaller cap than a raster's
MAX_SVG_ELEMENTS = 100_000     # elements, counting each one a <use> repeats as often as it is drawn
MAX_SVG_SIDE = 20_000          # CSS pixels a side (5 m at 96 per inch): more is no picture but a trap
MAX_RASTER_SIDE = 2_000        # pixels on the drawn PNG's longer side: sharp across a projected slide
MAX_PIXELS = 50_000_000        # a PNG, JPEG or GIF's pixels: a 12,000 x 4,000 panorama; more is a trap
# resvg's work is not bounded by the file's size (one blur over a large area takes seconds and hundreds of MB):
# it draws in a child process that is killed past these (see bounded_call).
MAX_DRAW_SECONDS = 20                # wall and CPU seconds to draw one SVG picture
DRAW_MEMORY_BYTES = 1_000 * safe_files.MB  # address space a drawing may add: 25 MB plain, 340 MB a 49-Mpixel photo
DRAWN_BYTES = 64 * safe_files.MB  # the drawn PNG (2,000 x 2,000 RGBA is 16 MB unpacked)
_SANS = "Carlito"               # shipped with the layouts (layouts/fonts)
_ORIENTATION = 0x0112          # the EXIF tag a phone sets instead of turning a photo's pixels

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
# Raster pictures an SVG may carry inside itself; an SVG inside it would escape these checks.
_EMBEDDED = re.compile(r"data:image/(png|jpeg|jpg|gif);base64,", re.IGNORECASE)
_LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(px|pt|pc|mm|cm|in|)\s*")
_PER_PX = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


@dataclass(frozen=True)
class Picture:
    """A picture ready to place: PNG, JPEG or GIF bytes and the size in pixels they draw at."""

    data: bytes
    width: int
    height: int
    format: str  # PNG, JPEG, GIF (an SVG arrives as PNG)


class Unusable(Exception):
    """A picture file that cannot be used; str() says why, to follow the file's name."""


def read(path: str | Path) -> Picture:
    """The picture in the file at path (checked by the loader, read again under the same rules)."""
    try:
        data = safe_files.read(path, safe_files.IMAGE_BYTES, "a picture")
        return _picture(data)
    except (OSError, safe_files.Refused, Unusable) as error:
        raise DeckError(f"{path}: {getattr(error, 'strerror', None) or error}") from None


def problem(path: str | Path) -> str | None:
    """Why the picture file at path cannot be used, or None: the rules above, checked as the renderers read it.

    A raster is checked from its bytes alone (raster_header): `check` decodes no pixel and needs no Pillow.
    """
    try:
        data = safe_files.read(path, safe_files.IMAGE_BYTES, "a picture")
    except (OSError, safe_files.Refused) as error:
        return str(getattr(error, "strerror", None) or error)
    try:
        if safe_files.looks_like_svg(data[:safe_files.IMAGE.head]):
            _picture(data)  # drawn now, so an SVG resvg cannot draw is reported at its key (and drawn once)
        else:
            _header(data)
    except Unusable as error:
        return str(error)
    return None


def _picture(data: bytes) -> Picture:
    if safe_files.looks_like_svg(data[:safe_files.IMAGE.head]):
        from lxml import etree

        root, size = _checked(data)
        # What is drawn is the tree checked here, written out again, its size in pixels (resvg
        # measures no mm or cm on the root): no comment, declaration or byte the checks did not see.
        root.set("width", f"{size[0]:.3f}")
        root.set("height", f"{size[1]:.3f}")
        _fall_back_to_sans(root)
        width, height = _raster_size(*size)
        return Picture(_drawn(etree.tostring(root, encoding="unicode"), width, height), width, height, "PNG")
    return _raster(data)


def _header(data: bytes) -> tuple[str, int, int]:
    """A PNG, JPEG or GIF's (kind, width, height): whole, within MAX_PIXELS; Unusable otherwise."""
    try:
        kind, width, height = raster_header.inspect(data)
    except raster_header.NotAPicture:
        raise Unusable("cannot be read as a picture (it is not a PNG, JPEG or GIF)") from None
    except raster_header.Damaged as error:
        raise Unusable(f"is cut off or damaged ({error}); save it again or copy it whole") from None
    if width * height > MAX_PIXELS:
        raise Unusable(f"is {width:,} x {height:,} pixels; a picture may have at most {MAX_PIXELS:,} pixels: "
                       "save a smaller copy")
    return kind, width, height


@functools.lru_cache(maxsize=8)  # one photo on a slide, a worksheet and the handout, in several locales
def _raster(data: bytes) -> Picture:
    """A PNG, JPEG or GIF as it is, or turned the way its EXIF orientation says."""
    kind, width, height = _header(data)
    if kind != "JPEG":
        return Picture(data, width, height, kind)
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as image:  # within MAX_PIXELS, far below Pillow's own limit
            turn = image.getexif().get(_ORIENTATION, 1)
            if turn in (1, None) or not 2 <= turn <= 8:
                return Picture(data, width, height, kind)
            turned = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError) as error:
        raise Unusable(f"cannot be read as a picture ({error}); save it again") from None
    out = io.BytesIO()
    turned.convert("RGB" if turned.mode not in ("RGB", "L") else turned.mode).save(out, "JPEG", quality=92)
    return Picture(out.getvalue(), *turned.size, "JPEG")


_FAMILY = re.compile(r"(font-family\s*:\s*)([^;}]+)", re.IGNORECASE)
_GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


def _fall_back_to_sans(root) -> None:
    """Every font-family list ends in a generic family: resvg draws a family it cannot find in a serif face,
    where an office drawing (Calibri, Arial) wants a sans one."""
    def ended(families: str) -> str:
        last = families.rsplit(",", 1)[-1].strip().strip("'\"").lower()
        return families if last in _GENERIC or last == "inherit" else f"{families.rstrip()}, sans-serif"

    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        if element.get("font-family"):
            element.set("font-family", ended(element.get("font-family")))
        for name in ("style",):
            if element.get(name) and "font-family" in element.get(name).lower():
                element.set(name, _FAMILY.sub(lambda m: m[1] + ended(m[2]), element.get(name)))
        if element.tag in (f"{{{SVG_NS}}}style", "style") and element.text:
            element.text = _FAMILY.sub(lambda m: m[1] + ended(m[2]), element.text)


def _raster_size(width: float, height: float) -> tuple[int, int]:
    """The drawn PNG's size: the SVG's proportions, its longer side MAX_RASTER_SIDE pixels."""
    scale = MAX_RASTER_SIDE / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


# Checked at load, before a build forks its workers (which inherit this), then placed on several slides in
# several locales: drawn once per distinct SVG, one child process each. A worker that had to draw one again
# runs a thread (parallel's relay), so it would draw it unbounded: the cache holds the SVGs of any session
# with fewer than 64 distinct ones.
@functools.lru_cache(maxsize=64)
def _drawn(svg: str, width: int, height: int) -> bytes:
    """The SVG drawn as a PNG, in a child process within MAX_DRAW_SECONDS and DRAW_MEMORY_BYTES."""
    from . import bounded_call

    limits = bounded_call.Limits(memory=DRAW_MEMORY_BYTES, cpu_seconds=MAX_DRAW_SECONDS,
                                 wall_seconds=MAX_DRAW_SECONDS, result_bytes=DRAWN_BYTES)
    try:
        return bounded_call.call(_draw, svg, width, height, limits=limits)
    except bounded_call.Exceeded as error:
        if error.limit == "error":  # _draw's own Unusable, or resvg's
            raise Unusable(error.detail) from None
        raise Unusable(_EXCEEDED.get(error.limit, _STOPPED).format(detail=error.detail)) from None


_EXCEEDED = {
    "time": f"takes too long to draw (over {MAX_DRAW_SECONDS} s): simplify it (filters such as blur, or markers "
            "repeated along a long path, are the usual cause) or save it as PNG",
    "memory": f"needs more memory to draw than a picture may take ({DRAW_MEMORY_BYTES // safe_files.MB:,} MB): "
              "simplify it (filters such as blur are the usual cause) or save it as PNG",
    "result": f"draws to a PNG of over {DRAWN_BYTES:,} bytes; simplify it or save it as PNG",
}
_STOPPED = "cannot be drawn as an SVG picture (the renderer stopped: {detail}); save it again or save it as PNG"


def _draw(svg: str, width: int, height: int) -> bytes:
    """The SVG drawn by resvg as a PNG of width x height; in a bounded child process (see _drawn)."""
    import resvg_py

    try:
        # A relative href resolves against resources_dir, else the working directory (often the session's
        # folder): against /dev/null, which holds no file, nothing beside the SVG is read should a reference
        # pass _checked (which refuses every one). A font the machine lacks (Calibri, say) is drawn in the
        # shipped Carlito, made to Calibri's measure, not in resvg's serif default: an office drawing's text
        # keeps its look and its room.
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=width, height=height, font_family=_SANS,
                                           sans_serif_family=_SANS, font_dirs=[str(shipped.LAYOUTS / "fonts")],
                                           resources_dir=os.devnull))
    except ValueError as error:
        raise Unusable(f"cannot be drawn as an SVG picture ({error}); save it again") from None
    except BaseException as error:  # a panic inside resvg arrives as pyo3's PanicException, a BaseException
        if type(error).__name__ != "PanicException":
            raise
        raise Unusable("cannot be drawn as an SVG picture (the renderer gave up on it); save it again") from None


def _checked(data: bytes):
    """The SVG's parsed root and its own size in CSS pixels, once it is known to be safe to draw;
    raises Unusable saying why not."""
    if len(data) > SVG_BYTES:
        raise Unusable(f"is {len(data):,} bytes; an SVG picture may be at most {SVG_BYTES:,}")
    text = data
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unusable("is an SVG in UTF-16; save it as UTF-8")
    if _DTD.search(text):
        raise Unusable("declares a document type (<!DOCTYPE or <!ENTITY), which is refused in every file the "
                       "tool reads; save the SVG again without it (in Inkscape: Save As, Plain SVG)")
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise Unusable(f"is not well-formed XML ({error}); save the SVG again") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise Unusable("is not an SVG picture: its root is not an <svg> element in the SVG namespace")
    _no_outside_references(root)
    _bounded(root)
    return root, _size(root)


def _no_outside_references(root) -> None:
    """Refuse any href, url() or @import that leads outside the file: only #fragments and embedded rasters,
    and those within MAX_PIXELS together (resvg decodes each whole, whatever size it is shown at)."""
    embedded: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a processing instruction
        for name, value in element.attrib.items():
            if name in ("href", XLINK_HREF):
                _inside(value, embedded)
            elif "url(" in value.lower():
                for target in _URL.findall(value):
                    _inside(target, embedded)
        if element.tag == f"{{{SVG_NS}}}style" and element.text:
            if "@import" in element.text.lower():
                raise Unusable("imports a style sheet (@import); an SVG picture must hold everything it shows")
            for target in _URL.findall(element.text):
                _inside(target, embedded)
    _embedded_within_bounds(embedded)


def _inside(reference: str, embedded: list[str]) -> None:
    reference = reference.strip()
    if reference.startswith("#"):
        return
    if _EMBEDDED.match(reference):
        embedded.append(reference)
        return
    shown = reference if len(reference) <= 60 else reference[:57] + "..."
    raise Unusable(f"refers to '{shown}', outside the file; an SVG picture must hold everything it shows "
                   "(embed pictures, turn text into paths or keep fonts generic)")


def _embedded_within_bounds(embedded: list[str]) -> None:
    """Unusable when the rasters embedded in an SVG have more than MAX_PIXELS together; only their headers
    are read (the base64 is decoded whole, but it is within SVG_BYTES)."""
    import base64
    import binascii

    total = 0
    for number, reference in enumerate(embedded, 1):
        which = f"a picture (number {number})" if len(embedded) > 1 else "a picture"
        try:
            data = base64.b64decode(_EMBEDDED.sub("", reference, count=1), validate=False)
            _, width, height = _header(data)
        except (binascii.Error, ValueError):
            raise Unusable(f"embeds {which} in base64 that cannot be read; save the SVG again") from None
        except Unusable as error:
            raise Unusable(f"embeds {which} that {error}") from None
        total += width * height
        if total > MAX_PIXELS:
            raise Unusable(f"embeds pictures of {total:,} pixels in all; an SVG picture may embed at most "
                           f"{MAX_PIXELS:,}: embed smaller copies")


def _bounded(root) -> None:
    """Refuse more elements than MAX_SVG_ELEMENTS, counting those <use> repeats as often as they are drawn."""
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    if len(elements) > MAX_SVG_ELEMENTS:
        raise Unusable(f"has {len(elements):,} elements; an SVG picture may have at most {MAX_SVG_ELEMENTS:,}")
    by_id = {e.get("id"): e for e in elements if e.get("id")}
    use = f"{{{SVG_NS}}}use"

    def parts(element) -> list:
        found = [child for child in element if isinstance(child.tag, str)]
        if element.tag == use:
            target = by_id.get((element.get("href") or element.get(XLINK_HREF) or "").strip().lstrip("#"))
            if target is not None:
                found.append(target)
        return found

    # Each element weighs itself and its parts (children, and what a <use> draws again): weighed once each,
    # parts before wholes, without recursion (a chain of <use> can be as long as the file).
    weights: dict[object, int] = {}
    visiting: set = set()
    stack = [(root, False)]
    while stack:
        element, done = stack.pop()
        if done:
            visiting.discard(element)
            total = 1 + sum(weights[part] for part in parts(element))
            if total > MAX_SVG_ELEMENTS:
                raise Unusable(f"draws over {MAX_SVG_ELEMENTS:,} elements once its <use> elements are repeated; "
                               f"an SVG picture may draw at most {MAX_SVG_ELEMENTS:,}")
            weights[element] = total
            continue
        if element in weights:
            continue
        if element in visiting:
            raise Unusable("has a <use> that leads back to itself; an SVG picture must draw in finite steps")
        visiting.add(element)
        stack.append((element, True))
        for part in parts(element):
            if part in visiting:
                raise Unusable("has a <use> that leads back to itself; an SVG picture must draw in finite steps")
            if part not in weights:
                stack.append((part, False))


def _size(root) -> tuple[float, float]:
    """The root's width and height in CSS pixels: as stated, else from its viewBox."""
    box = None
    if root.get("viewBox"):
        numbers = re.split(r"[\s,]+", root.get("viewBox").strip())
        try:
            box = tuple(float(n) for n in numbers)
        except ValueError:
            box = None
        if box is None or len(box) != 4 or box[2] <= 0 or box[3] <= 0:
            raise Unusable(f"has a viewBox '{root.get('viewBox')[:40]}' that is not four numbers with a "
                           "positive width and height")
    stated = {}
    for name in ("width", "height"):
        value = root.get(name)
        found = _LENGTH.fullmatch(value) if value and not value.strip().endswith("%") else None
        if found:
            stated[name] = float(found[1]) * _PER_PX[found[2]]
    if len(stated) < 2 and box is None:
        missing = next(name for name in ("width", "height") if name not in stated)
        raise Unusable(f"has no {missing} (or one in units that cannot be measured) and no viewBox; "
                       "give the <svg> element a width and height or a viewBox")
    if not stated:
        sides = [box[2], box[3]]
    elif len(stated) == 1:  # the other side in the viewBox's proportion
        ratio = box[3] / box[2]
        sides = ([stated["width"], stated["width"] * ratio] if "width" in stated
                 else [stated["height"] / ratio, stated["height"]])
    else:
        sides = [stated["width"], stated["height"]]
    width, height = sides
    for name, side in (("width", width), ("height", height)):
        if not 0 < side <= MAX_SVG_SIDE:
            raise Unusable(f"states a {name} of {side:,.0f} pixels; an SVG picture may be 1 to "
                           f"{MAX_SVG_SIDE:,} pixels a side")
    return width, height
