"""Text in the PDFs in every script: font runs, right-to-left order and shaping, breaking without spaces.

ReportLab draws a string in one font and left to right, and breaks lines at
spaces. So here:

- text the style's font cannot draw is set run by run in the first font of
  the face's chain (deck/text/fallback.py) that has each character, as
  `<font name>` markup in paragraphs and run by run on the canvas;
- a paragraph holding Arabic or Hebrew is broken into lines in reading
  order, then each line is put in display order (python-bidi), Arabic letters
  in their joined forms first (arabic-reshaper), and set right-aligned; the
  PDF keeps the characters, so the text extracts (poppler reorders it back);
- a paragraph holding CJK text breaks between characters, except before
  closing punctuation (deck/text/scripts.py).

Text the style's own font covers, in a left-to-right script with spaces, goes
through none of this: the check costs a set look-up per character.
"""
from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from ..text.fallback import Chain, Font, chain
from ..text.measure import truetype
from ..text.scripts import has_arabic, has_cjk, is_rtl, starts_rtl, tokens

def escaped(text: str) -> str:
    """Plain text made safe in ReportLab's paragraph markup: &, < and > as entities.

    html's escape, not xml.sax's: that one imports urllib.request, a sixth of
    the PDF renderers' start-up.
    """
    return html.escape(text, quote=False)


# Registered font name of a face's first font -> the chain of that face.
_CHAINS: dict[str, Chain] = {}


def register_chains(fonts: dict[str, Path], fallback: tuple[Path, ...], names: dict[str, str]) -> None:
    """Note the chain of each face (face -> font file; names: face -> registered name) for the text set in it."""
    regular = (fonts["regular"], *fallback)
    for face, path in fonts.items():
        _CHAINS[names[face]] = chain(face, (path, *fallback), regular)


def registered(font: Font) -> str:
    """The ReportLab name of a font of a chain, registered on first use."""
    made = truetype(font.path)
    if made.fontName not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(made)
    return made.fontName


def markup(text: str, font_name: str) -> str:
    """text as paragraph markup, the characters the font lacks in `<font>` runs of the chain's fonts."""
    found = _CHAINS.get(font_name)
    if found is None or found.covers(text):
        return escaped(text)
    parts = []
    for font, run in found.runs(text):
        name = font_name if font is found.first else registered(font)
        parts.append(escaped(run) if name == font_name else f'<font name="{name}">{escaped(run)}</font>')
    return "".join(parts)


def width(text: str, font_name: str, size: float) -> float:
    """The width of text drawn run by run in the chain of font_name."""
    found = _CHAINS.get(font_name)
    if found is None or found.covers(text):
        return pdfmetrics.stringWidth(text, font_name, size)
    return sum(pdfmetrics.stringWidth(run, font_name if font is found.first else registered(font), size)
               for font, run in found.runs(text))


def display(text: str, rtl: bool | None = None) -> str:
    """A line of text in display order: Arabic letters joined, right-to-left runs reversed.

    rtl is the paragraph's direction; None: its first strong letter's.
    """
    if not is_rtl(text):
        return text
    from bidi.algorithm import get_display  # the module both the old and the Rust python-bidi have

    if rtl is None:
        rtl = starts_rtl(text)
    return get_display(_reshaped(text), base_dir="R" if rtl else "L")


def _reshaped(text: str) -> str:
    if not has_arabic(text):
        return text
    return _reshaper().reshape(text)


@lru_cache(maxsize=1)
def _reshaper():
    import arabic_reshaper

    # Keep the harakat (vowel marks): they are text the translator wrote.
    return arabic_reshaper.ArabicReshaper({"delete_harakat": False, "support_ligatures": True})


def draw(canv, x: float, y: float, text: str, font_name: str, size: float, anchor: str = "left") -> float:
    """Draw one line of text at (x, y), anchored left or right, in display order and font runs; its width."""
    line = display(text)
    found = _CHAINS.get(font_name)
    runs = ([(None, line)] if found is None or found.covers(line) else
            [(None if font is found.first else registered(font), run) for font, run in found.runs(line)])
    total = sum(pdfmetrics.stringWidth(run, name or font_name, size) for name, run in runs)
    if anchor == "right":
        x -= total
    canv.saveState()
    for name, run in runs:
        canv.setFont(name or font_name, size)
        canv.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name or font_name, size)
    canv.restoreState()
    return total


def lines(text: str, font_name: str, size: float, room: float) -> list[str]:
    """text broken into lines no wider than room points, in reading order; a word too long for a line
    breaks inside itself."""
    found: list[str] = []
    for hard in text.split("\n"):
        current, current_width = "", 0.0
        space = width(" ", font_name, size)
        for piece, spaced in tokens(hard):
            piece_width = width(piece, font_name, size)
            gap = space if (current and spaced) else 0.0
            if current and current_width + gap + piece_width <= room:
                current, current_width = current + (" " if gap else "") + piece, current_width + gap + piece_width
                continue
            if current:
                found.append(current)
            current, current_width = piece, piece_width
            while current_width > room and len(current) > 1:  # a word longer than the line
                cut = _longest_fit(current, font_name, size, room)
                found.append(current[:cut])
                current = current[cut:]
                current_width = width(current, font_name, size)
        found.append(current)
    return found


def _longest_fit(text: str, font_name: str, size: float, room: float) -> int:
    low, high = 1, len(text)
    while low < high:  # the most characters that fit, at least one
        middle = (low + high + 1) // 2
        if width(text[:middle], font_name, size) <= room:
            low = middle
        else:
            high = middle - 1
    return low


@lru_cache(maxsize=256)
def _right(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT, hyphenationLang="",
                          leftIndent=style.rightIndent, rightIndent=style.leftIndent,
                          bulletIndent=style.bulletIndent)


class LaidParagraph(Paragraph):
    """A paragraph broken into lines here, for the width it is given: right-to-left or CJK text.

    Lines are broken in reading order, then each is put in display order;
    ReportLab gets one line per `<br/>`, each already narrow enough.
    """

    def __init__(self, text: str, style: ParagraphStyle, bulletText=None, frags=None, **kwargs):
        if frags is not None or text is None:  # ReportLab's split parts: lines laid out already
            self._logical = None
            super().__init__(text, style, bulletText, frags, **kwargs)
            return
        self._logical = text
        self._rtl = starts_rtl(text)
        self._laid_for = None
        super().__init__(markup(display(text, self._rtl), style.fontName), _right(style) if self._rtl else style,
                         bulletText)

    def wrap(self, availWidth, availHeight):
        if self._logical is not None and self._laid_for != availWidth:
            style = self.style
            room = (availWidth - style.leftIndent - style.rightIndent) * 0.995 - style.firstLineIndent
            broken = lines(self._logical, style.fontName, style.fontSize, max(room, style.fontSize))
            text = "<br/>".join(markup(display(line, self._rtl), style.fontName) for line in broken)
            bullet = self.bulletText
            Paragraph.__init__(self, text, style, bullet)
            self._laid_for = availWidth
        return super().wrap(availWidth, availHeight)


def needs_laying(text: str) -> bool:
    """Whether a paragraph of text must be broken into lines here (right-to-left, or without spaces)."""
    return is_rtl(text) or has_cjk(text)
