"""Font files to measure a template's typefaces with: the font itself, or one with the same metrics.

A template names typefaces (Calibri, Arial, Noto Sans ...) that PowerPoint and
LibreOffice draw with; text fits only when it is measured with the same
advance widths. Calibri, Arial, Times New Roman and Courier New have free
fonts with identical metrics (Carlito, Liberation); other typefaces are
looked for under their own name. A typeface found nowhere is measured with
what fontconfig draws in its place, and the caller warns.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FACES = ("regular", "bold", "italic")
# Typeface (lower case) -> the file name stem of a font with its metrics.
SAME_METRICS = {
    "calibri": "Carlito", "carlito": "Carlito", "cambria": "Caladea", "caladea": "Caladea",
    "arial": "LiberationSans", "helvetica": "LiberationSans", "arimo": "LiberationSans",
    "liberation sans": "LiberationSans",
    "arial narrow": "LiberationSansNarrow", "liberation sans narrow": "LiberationSansNarrow",
    "times new roman": "LiberationSerif", "times": "LiberationSerif", "tinos": "LiberationSerif",
    "liberation serif": "LiberationSerif",
    "courier new": "LiberationMono", "courier": "LiberationMono", "cousine": "LiberationMono",
    "liberation mono": "LiberationMono",
}
_SUFFIXES = {"regular": ("-Regular", "", "-Book", "-Roman"), "bold": ("-Bold", "Bold", "-bold"),
             "italic": ("-Italic", "-Oblique", "Italic", "-It")}
SYSTEM_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


@dataclass(frozen=True)
class Family:
    """The files a typeface is measured with, and what stands in for it when it is not the font itself."""

    typeface: str
    files: dict[str, Path]  # face -> .ttf
    stand_in: str | None = None  # set when measured with something else than the typeface or its twin


def find(typeface: str, folders: tuple[Path, ...] = ()) -> Family | None:
    """The font files for typeface in folders or the system's font folders; None when there are none."""
    stem = SAME_METRICS.get(typeface.lower(), typeface.replace(" ", ""))
    files = _index(tuple(folders) + tuple(Path(d).expanduser() for d in SYSTEM_DIRS))
    found = {}
    for face in FACES:
        found[face] = next((files[f"{stem}{suffix}.ttf".lower()] for suffix in _SUFFIXES[face]
                            if f"{stem}{suffix}.ttf".lower() in files), None)
    if found["regular"] is None:
        return None
    return Family(typeface, {face: found[face] or found["regular"] for face in FACES})


def stand_in(typeface: str) -> Family | None:
    """What fontconfig draws in place of a typeface it does not have (as LibreOffice does), if it can say."""
    binary = shutil.which("fc-match")
    if binary is None:
        return None
    files = {}
    for face, style in (("regular", ""), ("bold", ":bold"), ("italic", ":italic")):
        try:
            answer = subprocess.run([binary, "-f", "%{file}", f"{typeface}{style}"], capture_output=True,
                                    text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
        if not answer.lower().endswith(".ttf") or not Path(answer).is_file():
            return None
        files[face] = Path(answer)
    return Family(typeface, files, stand_in=files["regular"].stem)


@lru_cache(maxsize=8)
def _index(folders: tuple[Path, ...]) -> dict[str, Path]:
    """Every .ttf under folders by lower-case file name; the first folder wins."""
    found: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.[tT][tT][fF]")):
            found.setdefault(path.name.lower(), path)
    return found
