"""No text silently lost: every character of every text checked against the fonts that will draw it.

A PDF renderer given a character its font lacks draws nothing, or an empty
box, and says nothing. So before anything is rendered, each text of each
locale is checked against the layout's fonts and their fallbacks (the
system's fonts found through fontconfig included); a character none has is
a problem located at the text (the YAML line, or the catalog's msgstr).
Imports neither python-pptx nor ReportLab: `check` and `i18n status` run it.
"""
from __future__ import annotations

from pathlib import Path

from . import keys
from .errors import Problem
from .model import Session
from .text.fallback import Chain, chain, hint

# The faces whose fonts are checked: what body text is drawn in. Bold and italic faces borrow the
# regular chain's fonts for a script they have no cut of, so the regular chain decides.
_CHECKED = ("deck.regular", "worksheets.regular")


def chains(layout: str = "default") -> tuple[Path, list[Chain]]:
    """The layout file and the font chains text is checked against."""
    import struct

    path, by_face = _font_chains(layout)
    try:
        # The deck and the sheets mostly share their fonts: one chain, checked once.
        return path, list(dict.fromkeys(chain("regular", paths) for face, paths in by_face.items()
                                        if face in _CHECKED))
    except (OSError, ValueError, struct.error, IndexError):
        # A font of the layout is missing or broken: the layout's own reading reports it, located.
        return path, []


def _font_chains(layout: str) -> tuple[Path, dict]:
    """layouts.font_chains without importing deck.layouts and its specs (a tenth of `check`'s time):
    the file found as layouts.find finds it, read plainly; anything amiss, the full reading."""
    from .shipped import layout_file

    path = layout_file(layout)
    values = _plain_yaml(path) if path is not None else None
    if values is not None:
        try:
            return path, face_chains(path.parent, values)
        except (KeyError, TypeError, AttributeError):
            pass
    from .layouts import font_chains

    return font_chains(layout)


def _plain_yaml(path: Path):
    """The layout file's values, read again only when it changed (watch mode rebuilds many times)."""
    import yaml

    from . import safe_files

    try:
        status = path.stat()
        key = (str(path.resolve()), status.st_mtime_ns, status.st_size)
        if key not in _READ:
            data = safe_files.read(path, safe_files.LAYOUT_BYTES, "a layout")
            _READ[key] = yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return _READ[key]
    except Exception:  # the full reading says what is wrong, and where
        return None


_READ: dict[tuple, object] = {}


def face_chains(base: Path, values: dict) -> dict[str, tuple[Path, ...]]:
    """Per face of a layout's deck and sheets ("deck.regular"), its font then the layout's fallback fonts;
    values is the layout file read, base its folder."""
    fallback = tuple(base / str(ref) for ref in values.get("fallback_fonts") or ())
    found = {f"deck.{face}": (base / str(ref), *fallback) for face, ref in values["deck"]["fonts"].items()}
    found.update({f"worksheets.{face}": (base / str(ref), *fallback)
                  for face, ref in (values.get("worksheets") or {}).get("fonts", {}).items()})
    return found


def missing_glyphs(session: Session, layout: str = "default",
                   catalog: Path | None = None) -> list[Problem]:
    """One problem per text with characters no font can draw; located in the catalog when one is given.

    session is the source, or its translation from catalog. Each text is
    first tried against its first font alone: a text that font covers (most,
    in a Latin script) costs one set look-up per character.
    """
    layout_path, checked = chains(layout)
    problems: list[Problem] = []
    lines: dict[str, int] | None = None
    if not checked:
        return []
    for text in keys.texts(session):
        if all(c.covers(text.value) for c in checked):
            continue
        lacking = list(dict.fromkeys(char for c in checked for char in c.missing(text.value)))
        if not lacking:
            continue
        if catalog is None:
            file, (line, column) = session.source.path, session.source.position(text.path)
        else:
            if lines is None:
                lines = _msgstr_lines(catalog)
            file, line, column = str(catalog), lines.get(text.key, 1), 1
        problems.append(Problem(file, line, column, text.path, message(lacking, layout_path)))
    return problems


def message(lacking: list[str], layout: Path) -> str:
    """What is wrong with a text whose characters lacking no font has, and what to do."""
    shown = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in lacking[:5])
    more = f" and {len(lacking) - 5} more" if len(lacking) > 5 else ""
    return f"no font for {shown}{more} in the layout's fonts or the system's; {hint(_shown(layout))}"


def _shown(layout: Path) -> str:
    try:
        return str(layout.relative_to(Path.cwd()))
    except ValueError:
        return str(layout)


def _msgstr_lines(catalog: Path) -> dict[str, int]:
    """Key (msgctxt) -> the line of its msgstr in a PO file, read plainly: babel keeps the msgid's line only."""
    found: dict[str, int] = {}
    context = None
    try:
        lines = catalog.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return found
    for number, line in enumerate(lines, start=1):
        if line.startswith("msgctxt "):
            context = line[len("msgctxt "):].strip().strip('"')
        elif line.startswith("msgstr") and context is not None:
            found.setdefault(context, number)
            context = None
    return found


def catalog_problems(session: Session, layout: str = "default") -> list[Problem]:
    """The characters no font has in each catalog's translations, located at their msgstr."""
    from . import i18n

    problems: list[Problem] = []
    for locale in i18n.catalog_locales(session):
        translated, _ = i18n.localize(session, locale)
        path = i18n.catalog_path(session, locale)
        problems += [p for p in missing_glyphs(translated, layout, path) if p.file == str(path)]
    return problems
