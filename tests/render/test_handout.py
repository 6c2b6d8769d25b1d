"""The take-home handout: documents, their key points, the integrity tests and the tips, on one or two pages."""
from __future__ import annotations

import re
import subprocess

import pytest
from pypdf import PdfReader

from deck.build import build
from deck.model import DOCUMENTS, POINTS

from .test_worksheets import tool


def squeeze(text: str) -> str:
    """Text without whitespace or line-end hyphens, so wrapping cannot hide a word."""
    return re.sub(r"-\n|\s+", "", text)


@pytest.fixture(scope="module")
def handouts(tmp_path_factory, summerschool_copy):
    out = tmp_path_factory.mktemp("handout")
    return {w.locale: w.path for w in build(summerschool_copy, out=out, all_locales=True, only=["handout"])}


def test_handout_holds_documents_tests_and_tips_on_at_most_two_pages(handouts, summerschool):
    reader = PdfReader(handouts["nl-BE"])
    assert 1 <= len(reader.pages) <= 2
    text = squeeze("\n".join(page.extract_text() for page in reader.pages))
    session = summerschool.session
    expected = [session.meta.title]
    for document in session.documents:
        expected += [document.title, document.summary or "", *(q.text for q in document.quotes)]
    for block in session.agenda:
        if block.kind in (DOCUMENTS, POINTS):
            expected += [block.title or "", *(p.text for p in block.points)]
    missing = [e for e in expected if squeeze(e) not in text]
    assert not missing


def test_handout_is_translated_and_tagged(handouts):
    reader = PdfReader(handouts["fr-BE"])
    assert reader.trailer["/Root"]["/Lang"] == "fr-BE"
    assert "À emporter" in reader.pages[0].extract_text()


def test_handout_embeds_its_fonts_and_passes_qpdf(handouts):
    for path in handouts.values():
        fonts = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(" yes " in row for row in rows), fonts
        subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True, check=True)


def test_a_block_with_nothing_to_take_home_gets_no_heading(tmp_path):
    from ..sessions import session, write

    data = session()
    data["agenda"].insert(3, {"id": "pauze", "kind": "points", "title": "Koffiepauze", "minutes": 15})
    data["documents"] = []
    for case in (c for cluster in data["clusters"] for c in cluster["cases"]):
        case["documents"], case["quotes"] = [], []
    data["agenda"] = [b for b in data["agenda"] if b["kind"] != "documents"] + [
        {"id": "houvast", "kind": "documents", "title": "Houvast"}]
    [handout] = build(write(data, tmp_path), out=tmp_path / "out", only=["handout"])
    text = "\n".join(page.extract_text() for page in PdfReader(handout.path).pages)
    assert "Tips" in text and "Eerste tip." in text
    assert "Koffiepauze" not in text and "Houvast" not in text
