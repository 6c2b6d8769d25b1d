"""A layout's own fallback fonts, and a system without fonts for a script: the layout's chain decides."""
from __future__ import annotations

import re
import subprocess
import unicodedata

import pytest
import yaml

from deck.build import build
from deck.errors import ContentError
from deck.layouts import LAYOUTS_DIR
from deck.text import fallback

from ..render.test_worksheets import tool
from ..sessions import write
from .fonts import require_script_fonts
from .languages import scripted


@pytest.fixture
def no_system_fonts(monkeypatch):
    """fontconfig out of reach, and nothing remembered from lookups made before."""
    monkeypatch.setenv("DILEMMA_DECK_SYSTEM_FONTS", "off")
    fallback.system_font.cache_clear()
    fallback.chain.cache_clear()
    yield
    fallback.system_font.cache_clear()
    fallback.chain.cache_clear()


def layout_with(tmp_path, fonts: list[str]):
    data = yaml.safe_load((LAYOUTS_DIR / "default.yaml").read_text(encoding="utf-8"))
    data["deck"]["template"] = str(LAYOUTS_DIR / "default.pptx")
    for part in ("deck", "worksheets"):
        data[part]["fonts"] = {k: str(LAYOUTS_DIR / v) for k, v in data[part]["fonts"].items()}
    data["fallback_fonts"] = fonts
    path = tmp_path / "hebrew.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_without_the_systems_fonts_hebrew_is_a_located_error(tmp_path, no_system_fonts):
    content = write(scripted("he"), tmp_path)
    with pytest.raises(ContentError, match=r"session\.yaml:\d+:\d+: session\.title: no font for 'י' \(U\+05D9\)"):
        build(content, out=tmp_path / "out", parallel=False)
    assert not (tmp_path / "out").exists()


def test_a_font_the_layout_names_draws_the_script(tmp_path, request):
    require_script_fonts()
    hebrew = fallback.system_font("ש", "regular").path  # found while fontconfig may still be asked
    request.getfixturevalue("no_system_fonts")
    content = write(scripted("he"), tmp_path)
    build(content, out=tmp_path / "out", layout=str(layout_with(tmp_path, [str(hebrew)])), parallel=False,
          only=["worksheets"])
    text = subprocess.run([tool("pdftotext"), str(tmp_path / "out" / "he-IL" / "worksheets.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    page = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    assert all(word in page for word in "המנהלת שלך שולחת לך בקשת חברות".split())
    fonts = subprocess.run([tool("pdffonts"), str(tmp_path / "out" / "he-IL" / "worksheets.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert hebrew.stem in fonts and "yes" in fonts  # the layout's font, embedded
