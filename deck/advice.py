"""Warnings about a session that builds but shows something poor: a slide with nothing but its title, a
picture whose alt text is still the importer's stand-in."""
from __future__ import annotations

from .model import DOCUMENTS, POINTS, SLIDE, VIDEO, Block, Session

# How `import` marks an alt text it could not find in the deck; `check` names every one still there.
ALT_TO_WRITE = "TODO:"


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


def unwritten_alt(session: Session) -> list[str]:
    """One warning per picture whose alt text still starts with ALT_TO_WRITE, located at that alt text."""
    pictures = []
    seen: set[str] = set()
    for index, block in enumerate(session.agenda):
        pictures.append((f"agenda[{index if block.id in seen else block.id}]", block.image))
        seen.add(block.id)
    for cluster in session.clusters:
        pictures += [(f"clusters[{cluster.id}].cases[{case.id}]", case.image) for case in cluster.cases]
    warnings = []
    for path, image in pictures:
        if image is not None and image.alt.lstrip().upper().startswith(ALT_TO_WRITE):
            line, column = session.source.position(f"{path}.image.alt")
            warnings.append(f"{session.source.path}:{line}:{column}: {path}.image.alt: write what the picture "
                            f"shows, for screen readers, in place of '{image.alt}'")
    return warnings
