"""Fitting paragraphs into a box: the largest size that fits, or pages at the smallest size."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from .measure import Metrics, text_height, wrap

SAFETY = 0.95  # room for kerning and hinting differences between office suites


@dataclass(frozen=True)
class Fonts:
    """The faces text is measured in."""

    regular: Metrics
    bold: Metrics
    italic: Metrics
    # (text, face, indent, size, width) -> one paragraph's height. Fitting tries every size from
    # the largest down, a case in one column and in two, and titles recur slide after slide:
    # most measurements were made before.
    heights: dict[tuple, float] = field(default_factory=dict, compare=False, repr=False)

    def face(self, name: str) -> Metrics:
        return getattr(self, name)


@dataclass(frozen=True)
class Para:
    """A paragraph to lay out: its text and how it is set."""

    text: str
    face: str = "regular"      # regular | bold | italic
    indent: float = 0.0        # points taken from the line width (bullet or number)
    space_before: float = 0.0  # in lines of the paragraph's size
    style: str = "plain"       # what the renderer draws: plain, bullet, option, question, ...
    number: int = 0            # the option letter or list number, counted from 1
    link: str | None = None


@dataclass(frozen=True)
class Box:
    """The room text has, in points, after the frame's insets."""

    width: float
    height: float
    caps: bool = False  # the template shows its text in capitals: measured in capitals


def height(paras: Iterable[Para], fonts: Fonts, size: float, width: float) -> float:
    """The height the paragraphs take at size points in a column width points wide."""
    total = 0.0
    for index, para in enumerate(paras):
        key = (para.text, para.face, para.indent, size, width)
        alone = fonts.heights.get(key)
        if alone is None:
            metrics = fonts.face(para.face)
            lines = wrap(para.text, metrics, size, (width - para.indent) * SAFETY)
            alone = fonts.heights[key] = text_height(len(lines), metrics, size)
        total += alone
        if index:
            total += para.space_before * size
    return total


def fits(paras: list[Para], fonts: Fonts, size: float, box: Box) -> bool:
    return height(paras, fonts, size, box.width) <= box.height * SAFETY


def best_size(columns: list[tuple[list[Para], Box]], fonts: Fonts, largest: int, smallest: int) -> int | None:
    """The largest whole size from largest down to smallest at which every column fits, or None."""
    for size in range(largest, smallest - 1, -1):
        if all(fits(paras, fonts, size, box) for paras, box in columns):
            return size
    return None


def paginate(paras: list[Para], fonts: Fonts, size: float, box: Box) -> list[list[Para]]:
    """Pages of paragraphs that each fit the box at size; a paragraph too tall alone is split."""
    pages: list[list[Para]] = [[]]
    for para in paras:
        for piece in _pieces(para, fonts, size, box):
            if pages[-1] and not fits([*pages[-1], piece], fonts, size, box):
                pages.append([])
            pages[-1].append(piece)
    return [page for page in pages if page]


def _pieces(para: Para, fonts: Fonts, size: float, box: Box) -> list[Para]:
    """The paragraph, or parts of it (whole sentences, else whole words) that each fit alone."""
    if fits([para], fonts, size, box):
        return [para]
    units = re.split(r"(?<=[.!?…:;])\s+", para.text)
    if len(units) == 1:
        units = para.text.split(" ")
    if len(units) == 1:
        return [para]  # one unbreakable word taller than the box: nothing more to do
    parts: list[str] = []
    for unit in units:
        candidate = f"{parts[-1]} {unit}" if parts else unit
        if parts and fits([replace(para, text=candidate)], fonts, size, box):
            parts[-1] = candidate
        else:
            parts.append(unit)
    pieces = [piece for part in parts for piece in _pieces(replace(para, text=part), fonts, size, box)]
    # Later pieces continue the paragraph: no bullet or number of their own.
    return [pieces[0], *(replace(p, style=_continued(p.style), space_before=0.0) for p in pieces[1:])]


def _continued(style: str) -> str:
    return style if style.endswith("-continued") else f"{style}-continued"
