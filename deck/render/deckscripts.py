"""Slides in every script: right-to-left paragraphs marked, runs told their East Asian and complex-script fonts.

PowerPoint and LibreOffice pick a run's font per character class: `a:latin`
for Latin, Greek and Cyrillic, `a:ea` for CJK, `a:cs` for Arabic, Hebrew and
other complex scripts. The template's theme names the Latin font; for the
others each run names the font of the layout's chain (or the system's, found
through fontconfig) that has its characters, the one its text was measured
with. A paragraph holding right-to-left text is `rtl="1"` and right-aligned.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..text.fallback import Chain, chain
from ..text.scripts import has_cjk, is_cjk, is_rtl

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PPR = f"{{{_A}}}pPr"
_RPR = f"{{{_A}}}rPr"
# What follows a:ea and a:cs in a:rPr (CT_TextCharacterProperties): they go before the first of these.
_AFTER_EA = {f"{{{_A}}}{name}" for name in ("cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")}
_AFTER_CS = _AFTER_EA - {f"{{{_A}}}cs"}

_chain: list[Chain] = []


def use(regular: Path, fallback: tuple[Path, ...]) -> None:
    """The chain the deck's text is measured with: its fonts are the ones runs name."""
    _chain[:] = [chain("regular", (regular, *fallback))]


def mark_paragraph(p, text: str) -> None:
    """A paragraph holding right-to-left text reads right to left, right-aligned."""
    if text.isascii() or not is_rtl(text):
        return
    pPr = p.find(_PPR)
    if pPr is None:
        pPr = etree.Element(_PPR)
        p.insert(0, pPr)
    pPr.set("rtl", "1")
    pPr.set("algn", "r")


def mark_run(r, text: str) -> None:
    """Name the run's East Asian (a:ea) and complex-script (a:cs) fonts when its text has such characters."""
    if text.isascii() or not _chain:
        return
    ea = cs = None
    if has_cjk(text):
        ea = _family(next(c for c in text if is_cjk(c)))
    if is_rtl(text):
        cs = _family(next(c for c in text if is_rtl(c)))
    if ea is None and cs is None:
        return
    rPr = r.find(_RPR)
    if rPr is None:
        rPr = etree.Element(_RPR)
        r.insert(0, rPr)
    for tag, family, after in (("ea", ea, _AFTER_EA), ("cs", cs, _AFTER_CS)):
        if family is None:
            continue
        element = etree.Element(f"{{{_A}}}{tag}", typeface=family)
        following = next((child for child in rPr if child.tag in after), None)
        if following is not None:
            following.addprevious(element)
        else:
            rPr.append(element)


def _family(char: str) -> str | None:
    font = _chain[0].font_for(char)
    return font.family if font is not None else None
