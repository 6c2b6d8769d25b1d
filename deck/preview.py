"""Contact sheets: every slide and every page of a build at a glance, as PNG grids."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .build import Written, build
from .errors import DeckError
from .output import write_atomic

COLUMNS = 4
DPI = 40
GAP = 8


@dataclass(frozen=True)
class ContactSheet:
    """One contact sheet: the PNG, and how many slides or pages it shows."""

    path: Path
    count: int
    source: Path


def preview(content: Path, out: Path | None = None, locale: str | None = None,
            progress: Callable[[str], None] = lambda message: None,
            warn: Callable[[str], None] = lambda message: None) -> list[ContactSheet]:
    """Build the session, then draw a contact sheet of each output into <locale>/preview/."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise DeckError("preview needs pdftoppm to draw pages: apt-get install poppler-utils")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    written = build(content, out=out, locales=[locale] if locale else None, progress=progress, warn=warn)
    sheets = []
    with tempfile.TemporaryDirectory(prefix="deck-preview-") as scratch:
        for item in _previewable(written):
            pdf = item.path
            if item.kind == "deck":
                if soffice is None:
                    warn("LibreOffice is not installed, so the deck has no contact sheet: "
                         "apt-get install libreoffice-impress")
                    continue
                pdf = _deck_pdf(soffice, item.path, Path(scratch))
            progress(f"{item.locale}: preview of {item.path.name}")
            target = item.path.parent / "preview" / f"{item.path.stem}.png"
            count = _contact_sheet(pdftoppm, pdf, target, Path(scratch) / item.path.stem)
            sheets.append(ContactSheet(target, count, item.path))
    return sheets


def _previewable(written: list[Written]) -> list[Written]:
    """Every output once: the combined worksheets stand for the group files."""
    return [w for w in written if not (w.kind == "worksheets" and w.path.parent.name == "worksheets")]


def _deck_pdf(soffice: str, deck: Path, scratch: Path) -> Path:
    profile = scratch / "lo-profile"
    try:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(scratch), str(deck)], check=True, capture_output=True, timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        raise DeckError(f"LibreOffice could not render {deck}: {error}") from None
    pdf = scratch / f"{deck.stem}.pdf"
    if not pdf.exists():
        raise DeckError(f"LibreOffice wrote no PDF for {deck}; try opening the deck in Impress")
    return pdf


def _contact_sheet(pdftoppm: str, pdf: Path, target: Path, scratch: Path) -> int:
    """Draw every page of pdf into one grid image at target; returns the page count."""
    from PIL import Image

    scratch.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([pdftoppm, "-png", "-r", str(DPI), str(pdf), str(scratch / "page")], check=True,
                       capture_output=True, timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        raise DeckError(f"pdftoppm could not draw {pdf.name}: {error}") from None
    pages = [Image.open(p) for p in sorted(scratch.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))]
    width = max(p.width for p in pages)
    height = max(p.height for p in pages)
    columns = min(COLUMNS, len(pages))
    rows = -(-len(pages) // columns)
    sheet = Image.new("RGB", (columns * (width + GAP) + GAP, rows * (height + GAP) + GAP), "#8a8f98")
    for index, page in enumerate(pages):
        sheet.paste(page, (GAP + index % columns * (width + GAP), GAP + index // columns * (height + GAP)))
    import io

    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    write_atomic(target, buffer.getvalue())
    return len(pages)
