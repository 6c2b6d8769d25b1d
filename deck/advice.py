"""Warnings about a session that builds but shows something poor: a slide with nothing but its title."""
from __future__ import annotations

from .model import DOCUMENTS, POINTS, SLIDE, VIDEO, Block, Session


def title_only(session: Session) -> list[str]:
    """One warning per block whose slide would show only its title, located at the block (file:line:col)."""
    warnings = []
    seen: set[str] = set()
    for index, block in enumerate(session.agenda):
        # The key path as the loader records it: by id, by index once an id repeats.
        path = f"agenda[{index if block.id in seen else block.id}]"
        seen.add(block.id)
        if _bare(block, session):
            line, column = session.source.position(path)
            warnings.append(f"{session.source.path}:{line}:{column}: {path}: the slide shows only its title; "
                            "give the block a text or points (or notes for yourself, and drop the slide)")
    return warnings


def _bare(block: Block, session: Session) -> bool:
    if block.kind in (POINTS, SLIDE):
        return not block.text and not block.points and block.image is None
    if block.kind == VIDEO:
        return not (block.text or block.url or block.file)
    if block.kind == DOCUMENTS:
        return not session.documents and not block.points
    return False
