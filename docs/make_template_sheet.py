"""Draws docs/templates-contact-sheet.png: the summerschool in three templates the tool never saw.

Needs LibreOffice (soffice), pdftoppm and pandoc:  python docs/make_template_sheet.py
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deck.build import build  # noqa: E402

IMPRESS = Path("/usr/lib/libreoffice/share/template/common/presnt")
HEIGHT = 150  # pixels a slide is drawn high
GAP = 6


def templates(scratch: Path) -> list[Path]:
    reference = scratch / "pandoc-reference.pptx"
    reference.write_bytes(subprocess.run(["pandoc", "--print-default-data-file", "reference.pptx"],
                                         check=True, capture_output=True).stdout)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{scratch}/lo", "--headless", "--convert-to", "pptx",
                    "--outdir", str(scratch), str(IMPRESS / "Vintage.otp"), str(IMPRESS / "Yellow_Idea.otp")],
                   check=True, capture_output=True)
    return [reference, scratch / "Vintage.pptx", scratch / "Yellow_Idea.pptx"]


def row(template: Path, scratch: Path) -> list[Image.Image]:
    [deck] = build(ROOT / "content" / "summerschool.yaml", out=scratch / template.stem, template=template,
                   only=["deck"])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{scratch}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(deck.path.parent), str(deck.path)], check=True, capture_output=True)
    from pptx import Presentation

    titles = [slide.shapes.title.text_frame.text for slide in Presentation(deck.path).slides]
    later = next((n for n, title in enumerate(titles, start=1) if n > 4 and "(vervolg)" in title), len(titles))
    images = []
    for number in (1, 2, 4, later - 1, later):  # title, group work, a case, a long case and its continuation
        stem = deck.path.parent / f"slide-{number}"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", str(number), "-l", str(number),
                        str(deck.path.with_suffix(".pdf")), str(stem)], check=True)
        image = Image.open(f"{stem}.png").convert("RGB")
        images.append(image.resize((round(image.width * HEIGHT / image.height), HEIGHT)))
    return images


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        rows = [row(template, scratch) for template in templates(scratch)]
    width = max(sum(i.width for i in r) + GAP * (len(r) + 1) for r in rows)
    sheet = Image.new("RGB", (width, len(rows) * (HEIGHT + GAP) + GAP), "white")
    for y, images in enumerate(rows):
        x = GAP
        for image in images:
            sheet.paste(image, (x, GAP + y * (HEIGHT + GAP)))
            x += image.width + GAP
    target = ROOT / "docs" / "templates-contact-sheet.png"
    sheet.save(target, optimize=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
