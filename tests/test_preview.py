"""Contact sheets: one per output, showing every slide or page."""
from __future__ import annotations

import shutil

import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from deck import preview as preview_module
from deck.preview import COLUMNS, preview

from .render.test_worksheets import tool
from .sessions import session, write


def test_contact_sheets_show_every_slide_and_page(tmp_path, soffice):
    tool("pdftoppm")
    content = write(session(groups=3), tmp_path)
    sheets = {s.path.name: s for s in preview(content, out=tmp_path / "out")}
    folder = tmp_path / "out" / "nl-BE"
    assert set(sheets) == {"deck.png", "worksheets.png", "facilitator.png", "handout.png"}
    assert all(s.path.parent == folder / "preview" for s in sheets.values())
    assert sheets["deck.png"].count == len(Presentation(folder / "deck.pptx").slides)
    assert sheets["worksheets.png"].count == len(PdfReader(folder / "worksheets.pdf").pages)
    deck = Image.open(sheets["deck.png"].path)
    rows = -(-sheets["deck.png"].count // COLUMNS)
    assert deck.width > deck.height * COLUMNS / rows  # slides are wide: a grid of 16:9 tiles


def test_without_libreoffice_the_deck_is_skipped_with_a_hint(tmp_path, monkeypatch):
    tool("pdftoppm")
    real = shutil.which
    monkeypatch.setattr(preview_module.shutil, "which",
                        lambda name: None if name in ("soffice", "libreoffice") else real(name))
    warnings = []
    sheets = preview(write(session(), tmp_path), out=tmp_path / "out", warn=warnings.append)
    assert "deck.png" not in {s.path.name for s in sheets}
    assert any("apt-get install libreoffice-impress" in w for w in warnings)


def test_without_pdftoppm_preview_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(preview_module.shutil, "which", lambda name: None)
    with pytest.raises(Exception, match="apt-get install poppler-utils"):
        preview(write(session(), tmp_path), out=tmp_path / "out")
