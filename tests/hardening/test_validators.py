"""Third-party validators on every output of the shipped content, in every locale and the pseudo-locale.

Decks: the OOXML schemas (@ooxml-tools/validate), LibreOffice Impress (converts
with one page a slide) and python-pptx. PDFs: qpdf --check, every font
embedded (pdffonts), and pypdf reads them back with their form fields.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from .conftest import LOCALES


def pdfs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf"))


@pytest.mark.parametrize("locale", LOCALES)
def test_deck_is_valid_ooxml(shipped_outputs, ooxml_validate, locale):
    errors = ooxml_validate(shipped_outputs / locale / "deck.pptx")
    assert errors == [], "\n".join(f"{e['path']['partUri']} {e['path']['xpath']}: {e['description']}"
                                   for e in errors[:20])


def test_the_template_itself_is_valid_ooxml(ooxml_validate):
    from .conftest import ROOT

    assert ooxml_validate(ROOT / "layouts" / "default.pptx") == []


@pytest.fixture(scope="module")
def impress_pdfs(shipped_outputs, impress, tmp_path_factory) -> dict[str, Path]:
    """Every locale's deck as LibreOffice Impress prints it, converted in one run."""
    folder = tmp_path_factory.mktemp("impress")
    copies = []
    for locale in LOCALES:
        copies.append(folder / f"{locale}.pptx")
        shutil.copyfile(shipped_outputs / locale / "deck.pptx", copies[-1])
    return dict(zip(LOCALES, impress(copies, folder)))


@pytest.mark.parametrize("locale", LOCALES)
def test_deck_opens_in_impress_and_python_pptx(shipped_outputs, impress_pdfs, locale):
    prs = Presentation(shipped_outputs / locale / "deck.pptx")
    slides = list(prs.slides)
    assert len(slides) > 5
    assert all(slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip() for slide in slides)
    assert prs.core_properties.language == locale
    pdf = impress_pdfs[locale]
    assert pdf.is_file(), f"Impress did not convert the {locale} deck"
    assert len(PdfReader(pdf).pages) == len(slides)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_pdf_passes_qpdf_check(shipped_outputs, qpdf, locale):
    files = pdfs(shipped_outputs / locale)
    assert len(files) >= 6
    failures = []
    for path in files:
        done = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:  # 2 errors, 3 warnings: both fail
            failures.append(f"{path.relative_to(shipped_outputs)}: exit {done.returncode}: "
                            f"{(done.stdout + done.stderr).strip()[-500:]}")
    assert not failures, "\n".join(failures)


def _fonts(pdffonts: str, path: Path) -> list[tuple[str, bool]]:
    lines = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True,
                           timeout=60).stdout.splitlines()[2:]
    # name type... encoding emb sub uni object ID: read from the right, names may hold spaces.
    return [(line.split()[0], line.split()[-5] == "yes") for line in lines if line.strip()]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_pdf_embeds_all_its_fonts(shipped_outputs, pdffonts, locale):
    failures = []
    for path in pdfs(shipped_outputs / locale):
        fonts = _fonts(pdffonts, path)
        assert fonts, f"{path}: no fonts at all"
        failures += [f"{path.relative_to(shipped_outputs)}: {name} is not embedded"
                     for name, embedded in fonts if not embedded]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_pdf_reads_back_in_pypdf_with_its_fields(shipped_outputs, locale):
    folder = shipped_outputs / locale
    for path in pdfs(folder):
        reader = PdfReader(path, strict=True)
        assert len(reader.pages) >= 1
        assert "".join(page.extract_text() for page in reader.pages).strip(), f"{path}: no text"
    for path in [*sorted((folder / "worksheets").glob("group-*.pdf")), folder / "worksheets.pdf"]:
        fields = PdfReader(path).get_fields() or {}
        assert fields, f"{path}: no form fields"
        kinds = {str(field.get("/FT")) for field in fields.values()}
        assert {"/Tx", "/Btn"} <= kinds, f"{path}: field kinds {kinds}"


def test_a_deck_with_a_picture_on_every_kind_of_slide_is_valid_ooxml(tmp_path, ooxml_validate):
    """Pictures (one an SVG drawn as PNG), their descriptions and coloured captions, as the schemas allow."""
    from deck.build import build

    from ..render.test_pictures_everywhere import everywhere

    [deck] = build(everywhere(tmp_path), out=tmp_path / "out", only=["deck"], parallel=False)
    errors = ooxml_validate(deck.path)
    assert errors == [], "\n".join(f"{e['path']['partUri']} {e['path']['xpath']}: {e['description']}"
                                   for e in errors[:20])
