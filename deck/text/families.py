"""Font files to measure a template's typefaces with: the font itself, or one with the same metrics.

A template names typefaces (Calibri, Arial, Noto Sans ...) that PowerPoint and
LibreOffice draw with; text fits only when it is measured with the same
advance widths. Calibri, Arial, Times New Roman and Courier New have free
fonts with identical metrics (Carlito, Liberation); other typefaces are
looked for under their own name. A typeface found nowhere is measured with
what fontconfig draws in its place, and the caller warns.
"""
from __future__ import annotations

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
    # Folder by folder, the layout's own first: the shipped Carlito is found without walking the system's.
    for folder in (*folders, *(Path(d).expanduser() for d in SYSTEM_DIRS)):
        files = _index(folder)
        found = {face: next((files[f"{stem}{suffix}.ttf".lower()] for suffix in _SUFFIXES[face]
                             if f"{stem}{suffix}.ttf".lower() in files), None) for face in FACES}
        if found["regular"] is not None:
            return Family(typeface, {face: found[face] or found["regular"] for face in FACES})
    return None


def stand_in(typeface: str) -> Family | None:
    """What fontconfig draws in place of a typeface it does not have (as LibreOffice does), if it can say."""
    import shutil
    import subprocess

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


@lru_cache(maxsize=16)
def _index(folder: Path) -> dict[str, Path]:
    """Every .ttf under folder by lower-case file name."""
    found: dict[str, Path] = {}
    if folder.is_dir():
        for path in sorted(folder.rglob("*.[tT][tT][fF]")):
            found.setdefault(path.name.lower(), path)
    return found
