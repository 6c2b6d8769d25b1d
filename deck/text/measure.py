"""Font metrics and line breaking: how wide a text is, and how it wraps, in a real font.

Both renderers lay text out with these numbers, so a slide or a worksheet box
is sized from the same glyph widths the office suite or PDF reader will use.
"""
from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .scripts import has_cjk, tokens


@dataclass(frozen=True)
class Metrics:
    """Advance widths and vertical metrics of one font file, in units of 1/1000 em."""

    widths: dict[int, float]
    default_width: float
    line_height: float  # ascender + descender + line gap, per em
    # Words recur across slides, locales and fitting attempts; each is measured once.
    cache: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    # char -> its width in the font that draws it when this one has no glyph (text/fallback.py's chain);
    # None: the default width, as an office suite's missing glyph box.
    fallback: object = field(default=None, compare=False, repr=False)

    def width(self, text: str, size: float) -> float:
        """The advance width of text at size points, in points."""
        return _units(self, text) * size / 1000


def metrics(path: str | Path) -> Metrics:
    """The metrics of a TrueType font file, parsed once per version of the file."""
    return _metrics(truetype(path))


@lru_cache(maxsize=32)
def _metrics(font) -> Metrics:
    face = font.face
    units_per_em = struct.unpack(">H", face.get_table("head")[18:20])[0]
    ascender, descender, gap = struct.unpack(">hhh", face.get_table("hhea")[4:10])
    return Metrics(
        widths=dict(face.charWidths), default_width=face.defaultWidth,
        line_height=(ascender - descender + gap) / units_per_em,
    )


def truetype(path: str | Path):
    """The font file as ReportLab's TTFont, named by its content: parsed once per version of the file.

    The slides are measured and the PDFs embed with this one parse. Keyed by
    modification time and size too, so watch mode uses a font the trainer has
    just replaced, not the one it first read; the name changes with the
    content, so a replaced font registers afresh and the same file always
    gives the same name (and byte-identical PDFs).
    """
    status = Path(path).stat()
    return _truetype(str(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=32)
def _truetype(path: str, *version: int):
    from reportlab.pdfbase.ttfonts import TTFont  # the parser we already depend on

    digest = hashlib.sha1(Path(path).read_bytes()).hexdigest()[:10]
    font = TTFont(f"{Path(path).stem}-{digest}", path)
    font.face.makeSubset = _once_per_subset(font.face.makeSubset)
    return font


def _once_per_subset(make):
    """ReportLab's makeSubset, kept per set of glyphs: the worksheets' PDFs all start from the same
    font seed (render/replay.py), so each would otherwise cut the same subset font file again."""
    made: dict[tuple, bytes] = {}

    def subset(codes) -> bytes:
        key = tuple(codes)
        if key not in made:
            made[key] = make(codes)
        return made[key]
    return subset


def _units(m: Metrics, text: str) -> float:
    found = m.cache.get(text)
    if found is None:
        widths, default = m.widths, m.default_width
        if m.fallback is None:
            found = sum(widths.get(ord(c), default) for c in text)
        else:
            try:  # the font has every character: the common case, no dearer than without a fallback
                found = sum(map(widths.__getitem__, map(ord, text)))
            except KeyError:
                found = sum(widths[ord(c)] if ord(c) in widths else m.fallback(c) for c in text)
        m.cache[text] = found
    return found


def with_fallback(m: Metrics, paths: tuple) -> Metrics:
    """m measuring the characters its font lacks in the first font of the chain (m's font, then paths)
    that has them: the widths the office suite will use when it falls back to that font."""
    if not paths:
        return m
    key = (id(m), tuple(paths))
    made = _FALLBACK.get(key)
    if made is None or made[0] is not m:
        made = _FALLBACK[key] = (m, _with_fallback(m, tuple(paths)))
    return made[1]


_FALLBACK: dict[tuple, tuple] = {}  # (id of the metrics, chain) -> (the metrics, them with the fallback)


def _with_fallback(m: Metrics, paths: tuple) -> Metrics:
    from .fallback import chain

    found = chain("regular", paths)

    def width(char: str) -> float:
        font = found.font_for(char)
        if font is None or font is found.first:
            return m.default_width
        other = metrics(font.path)
        return other.widths.get(ord(char), other.default_width)
    return Metrics(m.widths, m.default_width, m.line_height, fallback=width)


_BREAKS = re.compile(r"[ \t]+")


def wrap(text: str, m: Metrics, size: float, width: float) -> list[str]:
    """Break text into lines no wider than width points, at spaces; split words that cannot fit."""
    lines: list[str] = []
    for hard_line in text.split("\n"):
        lines.extend(_wrap_line(hard_line, m, size, width))
    return lines


def _wrap_line(text: str, m: Metrics, size: float, width: float) -> list[str]:
    if has_cjk(text):
        return _wrap_tokens(text, m, size, width)
    # Break at spaces and tabs only: a no-break space holds its words together, as in office suites.
    words = [w for w in _BREAKS.split(text) if w]
    if not words:
        return [""]
    space = m.width(" ", size)
    lines: list[str] = []
    current, current_width = "", 0.0
    for word in words:
        word_width = m.width(word, size)
        if word_width > width:
            if current:
                lines.append(current)
            pieces = _split_word(word, m, size, width)
            lines.extend(pieces[:-1])
            current, current_width = pieces[-1], m.width(pieces[-1], size)
        elif not current:
            current, current_width = word, word_width
        elif current_width + space + word_width <= width:
            current, current_width = f"{current} {word}", current_width + space + word_width
        else:
            lines.append(current)
            current, current_width = word, word_width
    lines.append(current)
    return lines


def _wrap_tokens(text: str, m: Metrics, size: float, width: float) -> list[str]:
    """A line with CJK text broken between characters (scripts.tokens says where it may), as office suites do."""
    space = m.width(" ", size)
    lines: list[str] = []
    current, current_width = "", 0.0
    for piece, spaced in tokens(text):
        piece_width = m.width(piece, size)
        gap = space if current and spaced else 0.0
        if current and current_width + gap + piece_width <= width:
            current, current_width = current + (" " if gap else "") + piece, current_width + gap + piece_width
            continue
        if current:
            lines.append(current)
        if piece_width > width:
            pieces = _split_word(piece, m, size, width)
            lines.extend(pieces[:-1])
            piece = pieces[-1]
        current, current_width = piece, m.width(piece, size)
    lines.append(current)
    return lines


def _split_word(word: str, m: Metrics, size: float, width: float) -> list[str]:
    """A word too long for the line, cut where it must be (office suites do the same)."""
    pieces, current = [], ""
    for char in word:
        if current and m.width(current + char, size) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current]


def text_height(lines: int, m: Metrics, size: float) -> float:
    """The height of a paragraph of lines at size points, single spaced."""
    return lines * m.line_height * size
