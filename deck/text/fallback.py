"""Font fallback: which font draws each character, when the layout's own font has no glyph for it.

A layout names a font per face and, optionally, fallback fonts; past those the
system's fonts are asked for through fontconfig (`fc-match`/`fc-list`), one
lookup per character the chain could not draw yet. Text is then set run by
run in the first font of the chain that has each character.

Fonts are read here with a small cmap reader of our own, not ReportLab, so
that `check` can tell which characters no font has without importing it.
A large font's map is kept between runs (deck/cache.py) as plain lists and strings.
"""
from __future__ import annotations

import os
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path

from .scripts import is_cjk, needs_glyph

# Which face of a font fontconfig is asked for, by the layout's face names.
_FC_STYLE = {"regular": "", "bold": ":bold", "italic": ":italic", "bold_italic": ":bold:italic"}
# Characters a run in one font keeps rather than switch fonts for (spaces, punctuation between words of a
# script its own font has): a run is a whole phrase, not a word at a time.
_NEUTRAL = {"Zs", "Po", "Pd", "Ps", "Pe", "Pi", "Pf", "Sm", "Sc"}


class Font:
    """One font file: where it is, its family name, which characters it has, whether it can be embedded.

    A plain class, not a dataclass: `check` imports this module, and making a dataclass costs a millisecond.
    """

    __slots__ = ("path", "family", "truetype", "chars")

    def __init__(self, path: Path, family: str, truetype: bool, chars: frozenset):
        self.path, self.family, self.chars = path, family, chars
        self.truetype = truetype  # TrueType outlines (glyf): what ReportLab can embed; CFF (.otf) it cannot

    def __repr__(self) -> str:
        return f"Font({str(self.path)!r}, {self.family!r})"

    def has(self, char: str) -> bool:
        return ord(char) in self.chars


def font(path: str | Path) -> Font:
    """The font at path, its character map read once per version of the file."""
    status = Path(path).stat()
    return _font(str(path), status.st_mtime_ns, status.st_size)


# Reading a small font's character map (Carlito: 2 ms) costs less than loading the parse cache's
# machinery (hashlib, pickle, tempfile: 8 ms), which `check` would otherwise pay on every run.
CACHED_FROM = 2_000_000  # bytes


@lru_cache(maxsize=64)
def _font(path: str, mtime: int, size: int) -> Font:
    if size < CACHED_FROM:
        data = read_font(Path(path))
    else:
        from .. import cache

        data = cache.parsed("cmap", Path(path), "1", lambda: read_font(Path(path)))  # "1": read_font's version
    chars = {c for start, end in data["ranges"] for c in range(start, end + 1)}
    if 0x20 in chars:  # a no-break space is drawn as a space where a font has none, by ReportLab and office suites
        chars.add(0xA0)
    return Font(Path(path), data["family"], data["truetype"], frozenset(chars))


def read_font(path: Path) -> dict:
    """A font file's family name, whether it has TrueType outlines, and its characters as [start, end] ranges."""
    from .. import safe_files

    try:  # a FIFO or a device named as a font is refused, not waited on
        data = safe_files.read(path, safe_files.FONT_BYTES, "a font")
    except safe_files.Refused as refused:
        raise ValueError(f"{path}: {refused}") from None
    base = 0
    if data[:4] == b"ttcf":  # a collection: its first font
        base = struct.unpack(">I", data[12:16])[0]
    count = struct.unpack(">H", data[base + 4:base + 6])[0]
    tables = {}
    for n in range(count):
        entry = base + 12 + 16 * n
        tag, _, offset, length = struct.unpack(">4sIII", data[entry:entry + 16])
        tables[tag.decode("latin-1")] = (offset, length)
    if "cmap" not in tables:
        raise ValueError("no character map (cmap table)")
    chars = sorted(_cmap(data, tables["cmap"][0]))
    ranges: list[list[int]] = []
    for c in chars:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return {"family": _family(data, tables.get("name")) or path.stem, "truetype": "glyf" in tables,
            "ranges": ranges}


def _cmap(data: bytes, at: int) -> set[int]:
    """The characters a cmap table maps to a glyph, from its best Unicode subtable (format 12 or 4)."""
    count = struct.unpack(">H", data[at + 2:at + 4])[0]
    subtables = {}
    for n in range(count):
        platform, encoding, offset = struct.unpack(">HHI", data[at + 4 + 8 * n:at + 12 + 8 * n])
        fmt = struct.unpack(">H", data[at + offset:at + offset + 2])[0]
        subtables[(platform, encoding, fmt)] = at + offset
    for key in ((3, 10, 12), (0, 4, 12), (0, 6, 12), (0, 3, 12), (3, 1, 4), (0, 3, 4), (0, 4, 4), (0, 1, 4),
                (0, 0, 4), (3, 0, 4)):
        if key in subtables:
            return (_format12 if key[2] == 12 else _format4)(data, subtables[key])
    return set()


def _format12(data: bytes, at: int) -> set[int]:
    groups = struct.unpack(">I", data[at + 12:at + 16])[0]
    found: set[int] = set()
    for n in range(groups):
        start, end, glyph = struct.unpack(">III", data[at + 16 + 12 * n:at + 28 + 12 * n])
        found.update(range(start if glyph else start + 1, end + 1))
    return found


def _format4(data: bytes, at: int) -> set[int]:
    segments = struct.unpack(">H", data[at + 6:at + 8])[0] // 2
    ends = struct.unpack(f">{segments}H", data[at + 14:at + 14 + 2 * segments])
    starts_at = at + 16 + 2 * segments
    starts = struct.unpack(f">{segments}H", data[starts_at:starts_at + 2 * segments])
    deltas = struct.unpack(f">{segments}h", data[starts_at + 2 * segments:starts_at + 4 * segments])
    offsets_at = starts_at + 4 * segments
    offsets = struct.unpack(f">{segments}H", data[offsets_at:offsets_at + 2 * segments])
    length = struct.unpack(">H", data[at + 2:at + 4])[0]
    glyphs_at = offsets_at + 2 * segments
    count = max(0, min(at + length, len(data)) - glyphs_at) // 2
    glyphs = struct.unpack(f">{count}H", data[glyphs_at:glyphs_at + 2 * count])
    found: set[int] = set()
    for n in range(segments):
        start, end = starts[n], ends[n]
        if start == 0xFFFF:
            continue
        if offsets[n] == 0:
            found.update(c for c in range(start, end + 1) if (c + deltas[n]) & 0xFFFF)
            continue
        first = (offsets_at + 2 * n + offsets[n] - glyphs_at) // 2  # index into the glyph id array
        for c in range(start, end + 1):
            index = first + c - start
            if 0 <= index < len(glyphs) and glyphs[index]:
                found.add(c)
    found.discard(0xFFFF)
    return found


def _family(data: bytes, table: tuple[int, int] | None) -> str:
    """The font's family name (name id 16, else 1), in English where the font says it."""
    if table is None:
        return ""
    at = table[0]
    count, strings = struct.unpack(">HH", data[at + 2:at + 6])
    best: dict[tuple, str] = {}
    for n in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack(
            ">HHHHHH", data[at + 6 + 12 * n:at + 18 + 12 * n])
        if name_id not in (1, 16):
            continue
        raw = data[at + strings + offset:at + strings + offset + length]
        if platform in (0, 3):
            text = raw.decode("utf-16-be", "replace")
        elif platform == 1:
            text = raw.decode("latin-1")
        else:
            continue
        rank = (name_id == 16, platform == 3 and language == 0x409, platform == 1)
        best.setdefault(rank, text)
    return best[max(best)] if best else ""


# -- the system's fonts -------------------------------------------------------------

def system_lookup() -> bool:
    """Whether the system's fonts may be asked for (fontconfig installed, not turned off)."""
    import shutil

    return os.environ.get("DILEMMA_DECK_SYSTEM_FONTS") != "off" and shutil.which("fc-match") is not None


@lru_cache(maxsize=4096)
def system_font(char: str, face: str) -> Font | None:
    """A TrueType font of the system that has char, in face if there is one, through fontconfig."""
    if not system_lookup():
        return None
    charset = f":charset={ord(char):x}"
    style = _FC_STYLE.get(face, "")
    # A font made for the script (Noto Sans Arabic) before a pan-Unicode one fontconfig may rank first
    # (DejaVu Sans): every font that has the character, in the face asked for first, then fc-match's pick.
    candidates: list[str] = []
    for pattern in ([f"{charset}{style}"] if style else []) + [charset]:
        listed = {line.rstrip(": ").strip() for line in _fc(["fc-list", pattern, "file"]).splitlines()}
        candidates += sorted((path for path in listed if path and path not in candidates),
                             key=lambda path: _preference(path, face))
    matched = _fc(["fc-match", "-f", "%{file}", f"sans-serif{style}{charset}"])
    if matched:
        candidates.append(matched)
    for path in candidates:
        try:
            candidate = font(path)
        except (OSError, ValueError, struct.error, IndexError):
            continue
        if candidate.truetype and candidate.has(char):
            return candidate
    return None


_WEIGHTS = ("bold", "italic", "oblique", "light", "thin", "black", "medium", "semi", "extra", "condensed")


def _preference(path: str, face: str) -> tuple:
    """Plain sans fonts of the face asked for first, text rather than display cuts: what a worksheet reads in."""
    name = Path(path).name.lower()
    wanted = {"regular": (), "bold": ("bold",), "italic": ("italic",), "bold_italic": ("bold", "italic")}.get(face, ())
    other_weights = sum(1 for weight in _WEIGHTS if weight in name and weight not in wanted)
    return (not name.endswith((".ttf", ".ttc")), "sans" not in name, other_weights,
            any(cut in name for cut in ("display", "ui-", "mono", "kufi", "nastaliq", "rashi", "looped")),
            "noto" not in name, len(name), name)


def _fc(command: list[str]) -> str:
    import subprocess  # only when a text needs a font the layout lacks

    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


# -- chains -------------------------------------------------------------------------

class Chain:
    """The fonts one face draws with, in order: the layout's font, its fallbacks, then system fonts as found."""

    def __init__(self, face: str, paths: tuple[Path, ...], regular: "Chain | None" = None):
        self.face = face
        self.fonts = [font(path) for path in paths]
        self.own = len(self.fonts)  # the layout's fonts; the system's found so far come after
        self.first = self.fonts[0]
        self.regular = regular  # a face without a font of its own for a script borrows the regular one's
        self._for: dict[str, Font | None] = {}
        # System fonts found, by the stretch of Unicode they were found for: a font made for a script
        # (Noto Sans Arabic) draws it, not a pan-Unicode one found earlier for a symbol (DejaVu Sans);
        # and a stretch costs one fontconfig look-up, not one for each of its characters.
        self._system: dict[object, list[Font]] = {}

    def font_for(self, char: str) -> Font | None:
        """The first of the layout's fonts that has char, else the system's font for its script."""
        if char in self._for:
            return self._for[char]
        found = next((f for f in self.fonts[:self.own] if f.has(char)), None)
        if found is None:
            stretch = _stretch(char)
            found = next((f for f in self._system.get(stretch, ()) if f.has(char)), None)
            if found is None:
                found = system_font(char, self.face)
                if found is None and self.regular is not None:
                    found = self.regular.font_for(char)
                if found is not None:
                    self._system.setdefault(stretch, []).append(found)
            if found is not None and found not in self.fonts:
                self.fonts.append(found)
        self._for[char] = found
        return found

    def covers(self, text: str) -> bool:
        """Whether the first font alone draws text: the common case, which costs nothing more."""
        return self.first.chars.issuperset(map(ord, text))

    def missing(self, text: str) -> list[str]:
        """The characters of text no font of the chain, nor of the system, has; each once."""
        if self.covers(text):
            return []
        return list(dict.fromkeys(c for c in text if needs_glyph(c) and self.font_for(c) is None))

    def runs(self, text: str) -> list[tuple[Font, str]]:
        """text cut into runs, each with the font that draws it (the first one's where none has a character).

        A letter and the combining marks after it stay in one font, one that has them all where
        the chain holds one: a mark drawn in another font than its letter lands beside it.
        """
        if self.covers(text):
            return [(self.first, text)]
        runs: list[tuple[Font, str]] = []
        for cluster in _clusters(text):
            if len(cluster) > 1:  # a letter and its marks that have one precomposed character: that one
                composed = unicodedata.normalize("NFC", cluster)
                cluster = composed if len(composed) == 1 and self.font_for(composed) is not None else cluster
            char = cluster[0]
            current = runs[-1][0] if runs else None
            if current is not None and all(current.has(c) for c in cluster) and (
                    _neutral(char) or not needs_glyph(char) or len(cluster) > 1 or _mark(char)):
                chosen = current
            elif not needs_glyph(char) and len(cluster) == 1:
                chosen = current or self.first
            else:
                chosen = self._font_for_all(cluster)
            if runs and runs[-1][0] is chosen:
                runs[-1] = (chosen, runs[-1][1] + cluster)
            else:
                runs.append((chosen, cluster))
        return runs

    def _font_for_all(self, cluster: str) -> Font:
        """The first font that has every character of cluster; else the one that has its first."""
        base = self.font_for(cluster[0])
        if len(cluster) > 1 and not (base is not None and all(base.has(c) for c in cluster)):
            for c in cluster:
                self.font_for(c)  # brings in the fonts that have each
            found = next((f for f in self.fonts if all(f.has(c) for c in cluster)), None)
            if found is not None:
                return found
        return base or self.first


def _stretch(char: str) -> object:
    """Which stretch of Unicode char is in, for finding a system font: CJK as one, else blocks of 128."""
    return "cjk" if is_cjk(char) else ord(char) >> 7


def _clusters(text: str) -> list[str]:
    """text as letters each with the combining marks that follow it."""
    found: list[str] = []
    for char in text:
        if found and _mark(char):
            found[-1] += char
        else:
            found.append(char)
    return found


def _neutral(char: str) -> bool:
    return unicodedata.category(char) in _NEUTRAL


def _mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


@lru_cache(maxsize=32)
def chain(face: str, paths: tuple[Path, ...], regular: tuple[Path, ...] | None = None) -> Chain:
    """The chain of a face whose own fonts are paths; one per process, so each character is looked up once."""
    return Chain(face, paths, chain("regular", regular) if regular and regular != paths else None)


def hint(layout: str = "layouts/default.yaml") -> str:
    """What to do about a character no font has."""
    return (f"install fonts-noto-core (and a TrueType CJK font such as fonts-droid-fallback) "
            f"or name a font in {layout} (fallback_fonts)")
