"""Issue 16's "done when" for the deck: a picture on every kind of slide, in three locales, drawn by LibreOffice.

A session made here has a picture on its title slide (an SVG), a points
slide, the video slide (its poster), a break, a free slide and a case, and
group work with its total minutes given. It builds in Dutch, in English (a
catalog every message of which a stand-in translator translated) and in the
pseudo-locale; each picture's description is its alt text in that locale, no
picture overlaps a text box, and LibreOffice draws every word of every text
box. The case and title pictures are also built into two of LibreOffice's
own templates, converted here, and drawn.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from deck import i18n
from deck.build import build
from deck.session import open_session

from ..conftest import _soffice
from ..sessions import session, write
from ..test_i18n import translate_all
from .test_case_pictures import SVG
from .test_deck_impress import words
from .test_pictures import boxes, overlap, pictures_and_texts, png
from .test_templates_impress import IMPRESS, _needed
from .test_worksheets import tool

ALTS = {"Het logo van de dag", "Een affiche van de film", "Een kop koffie", "Schema van de bespreking",
        "Een scherm met een bericht", "Een lijstje tips"}
TEMPLATES = ("Vivid", "Beehive")  # a 16:9 and a 4:3 geometry, each with a title slide of its own


def everywhere(folder: Path) -> Path:
    png(folder / "wide.png", 320, 120)
    png(folder / "tall.png", 90, 300)
    (folder / "logo.svg").write_text(SVG, encoding="utf-8")
    data = session(clusters=2, cases=1, groups=2)
    data["session"]["start"] = "13:30"
    agenda = data["agenda"]
    agenda[0]["image"] = {"file": "logo.svg", "alt": "Het logo van de dag", "caption": "Integriteit"}
    work = agenda[1]
    del work["minutes_per_cluster"]
    work["minutes"] = 25  # the total, as a trainer plans it
    agenda[2]["image"] = {"file": "wide.png", "alt": "Een affiche van de film"}
    agenda.insert(3, {"id": "pauze", "kind": "break", "minutes": 15,
                      "image": {"file": "tall.png", "alt": "Een kop koffie", "credit": "Foto: het team"}})
    agenda.insert(4, {"id": "uitleg", "kind": "slide", "title": "Uitleg", "text": "Zo verloopt de bespreking.",
                      "image": {"file": "wide.png", "alt": "Schema van de bespreking", "caption": "Het schema"}})
    agenda[-1]["image"] = {"file": "tall.png", "alt": "Een lijstje tips"}
    data["clusters"][0]["cases"][0]["image"] = {"file": "wide.png", "alt": "Een scherm met een bericht"}
    path = write(data, folder)
    po, _ = i18n.update(open_session(path).session, path, "en-GB")
    translate_all(po)
    return path


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("everywhere")
    made = build(everywhere(folder), out=folder / "out", locales=["nl-BE", "en-GB", "qps-ploc"], only=["deck"],
                 parallel=False)
    return {deck.path.parent.name: deck.path for deck in made}


def check_deck(prs, locale: str) -> None:
    """Every picture described in its locale and on the slide, covering no text."""
    alts = []
    for number, slide in enumerate(prs.slides, start=1):
        pictures, texts = pictures_and_texts(slide)
        for picture in pictures:
            alts.append(picture._element.find(".//{*}cNvPr").get("descr"))
            for text in texts:
                assert not overlap(boxes(picture), boxes(text)), f"{locale} slide {number}: covers {text.name}"
            assert 0 <= picture.left and picture.left + picture.width <= prs.slide_width
            assert 0 <= picture.top and picture.top + picture.height <= prs.slide_height
    assert len(alts) == len(ALTS) and all(alts), alts
    if locale == "nl-BE":
        assert set(alts) == ALTS
    elif locale == "en-GB":
        assert set(alts) == {f"EN {alt}" for alt in ALTS}
    else:
        assert all(alt.startswith("[") for alt in alts) and not set(alts) & ALTS


def drawn(decks: list[Path], folder: Path) -> dict[Path, list[str]]:
    """Each deck drawn by LibreOffice (one run), as its pages' text by pdftotext."""
    pdftotext = tool("pdftotext")
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, decks)],
                   check=True, capture_output=True, timeout=600)
    pages = {}
    for deck in decks:
        pdf = folder / f"{deck.stem}.pdf"
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        pages[deck] = text.split("\f")
    return pages


def check_drawn(prs, pages: list[str], name: str) -> None:
    """Every word of every text box (placeholders, captions and credits) on its page."""
    for number, slide in enumerate(prs.slides, start=1):
        shown = set(words(pages[number - 1]))
        expected = [w for shape in slide.shapes if shape.has_text_frame for w in words(shape.text_frame.text)]
        missing = [w for w in expected if w not in shown]
        assert not missing, f"{name} slide {number}: not drawn: {missing[:10]}"


@pytest.mark.parametrize("locale", ["nl-BE", "en-GB", "qps-ploc"])
def test_a_picture_on_every_kind_of_slide_described_and_covering_no_text(decks, locale):
    prs = Presentation(str(decks[locale]))
    check_deck(prs, locale)
    text = " ".join(s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame)
    if locale == "nl-BE":
        # The total given; the break ends at 13:30 + 5 (title) + 25 (group work) + 5 (video) + 15.
        assert "25 min. in groep" in text and "14:20" in text


def test_libreoffice_draws_every_word_beside_the_pictures(decks, soffice, tmp_path):
    copies = []
    for locale, deck in decks.items():
        copies.append(tmp_path / f"{locale}.pptx")
        copies[-1].write_bytes(deck.read_bytes())
    pages = drawn(copies, tmp_path)
    for copy in copies:
        check_drawn(Presentation(str(copy)), pages[copy], copy.stem)


def test_case_and_title_pictures_in_libreoffice_templates(soffice, tmp_path):
    sources = [IMPRESS / f"{name}.otp" for name in TEMPLATES]
    if not all(source.is_file() for source in sources):
        _needed(f"LibreOffice's templates {', '.join(TEMPLATES)} (in {IMPRESS})", "libreoffice-impress")
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pptx", "--outdir", str(tmp_path / "templates"), *map(str, sources)],
                   check=True, capture_output=True, timeout=600)
    (tmp_path / "content").mkdir()
    path = everywhere(tmp_path / "content")
    decks = []
    for name in TEMPLATES:
        [deck] = build(path, out=tmp_path / name, template=tmp_path / "templates" / f"{name}.pptx", only=["deck"],
                       parallel=False)
        decks.append(tmp_path / f"{name}.pptx")
        decks[-1].write_bytes(deck.path.read_bytes())
        check_deck(Presentation(str(decks[-1])), "nl-BE")
    pages = drawn(decks, tmp_path)
    for deck in decks:
        check_drawn(Presentation(str(deck)), pages[deck], deck.stem)


def test_the_handout_of_the_session_with_pictures_everywhere_has_no_empty_heading(tmp_path):
    """The break and the free slide take nothing home: no heading for them; the case's picture is there."""
    from pypdf import PdfReader

    made = build(everywhere(tmp_path), out=tmp_path / "out", locales=["nl-BE", "en-GB"], only=["handout"],
                 parallel=False)
    for handout in (made_file.path for made_file in made):
        reader = PdfReader(handout)
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
        assert "Uitleg" not in text and "Pauze" not in text and "Break" not in text, text
        assert any(page["/Resources"].get("/XObject") for page in reader.pages), "the case's picture is missing"
