"""Pictures on slides: alt text as the shape's description, never over text, files under the media rules."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from deck.build import build
from deck.errors import ContentError
from deck.session import open_session

from ..sessions import session, write


def png(path: Path, width: int, height: int) -> Path:
    """A real PNG of one colour, made here (no picture of anyone's in the tests)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x20\x80\xc0" * width for _ in range(height))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def with_pictures(folder: Path) -> Path:
    png(folder / "wide.png", 320, 120)
    (folder / "img").mkdir()
    png(folder / "img" / "tall.png", 90, 300)
    data = session(clusters=2, cases=1, groups=2)
    data["session"]["start"] = "09:00"
    agenda = data["agenda"]
    agenda[2]["image"] = {"file": "wide.png", "alt": "Een affiche van de film"}  # video: a poster
    agenda.insert(3, {"id": "pauze", "kind": "break", "minutes": 10,
                      "image": {"file": "img/tall.png", "alt": "Een kop koffie", "caption": "Koffie in de gang",
                                "credit": "Foto: het team, CC BY 4.0"}})
    agenda.insert(4, {"id": "uitleg", "kind": "slide", "title": "Uitleg", "text": "Zo werkt het.",
                      "points": {f"p{n}": f"Punt {n} van de uitleg." for n in range(6)},
                      "image": {"file": "wide.png", "alt": "Schema van de bespreking"}})
    agenda[-1]["image"] = {"file": "img/tall.png", "alt": "Een lijstje tips", "caption": "Neem mee"}
    return write(data, folder)


def boxes(shape) -> tuple[int, int, int, int]:
    return shape.left, shape.top, shape.left + shape.width, shape.top + shape.height


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("locale", ["nl-BE", "qps-ploc"])
def test_every_picture_has_its_alt_text_and_covers_no_text(tmp_path, locale):
    path = with_pictures(tmp_path)
    [deck] = build(path, out=tmp_path / "out", locales=[locale], only=["deck"], parallel=False)
    prs = Presentation(str(deck.path))
    alts = []
    for number, slide in enumerate(prs.slides, start=1):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
        for picture in pictures:
            descr = picture._element.find(".//{*}cNvPr").get("descr")
            alts.append(descr)
            for text in texts:
                assert not overlap(boxes(picture), boxes(text)), f"slide {number}: the picture covers {text.name}"
            # Scaled whole, never stretched: the shape keeps the file's proportions.
            ratio = picture.image.size[0] / picture.image.size[1]
            assert picture.width / picture.height == pytest.approx(ratio, rel=0.01)
            assert 0 <= picture.left and picture.left + picture.width <= prs.slide_width
            assert picture.top + picture.height <= prs.slide_height
    assert len(alts) == 4 and all(alts)
    if locale == "nl-BE":
        assert sorted(alts) == sorted(["Een affiche van de film", "Een kop koffie", "Schema van de bespreking",
                                       "Een lijstje tips"])
        captions = [s.text_frame.text for slide in prs.slides for s in slide.shapes
                    if s.has_text_frame and "Koffie in de gang" in s.text_frame.text]
        assert captions and "CC BY 4.0" in captions[0]
    else:  # alt text is translated (here: the pseudo-locale) like every text
        assert "Een kop koffie" not in alts and all(alt.startswith("[") for alt in alts)


def test_a_picture_file_follows_the_media_rules(tmp_path):
    data = session()
    (tmp_path / "key.png").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    data["agenda"][-1]["image"] = {"file": "key.png", "alt": "Tips"}
    with pytest.raises(ContentError, match=r"agenda\[tips\]\.image\.file: 'key.png' is not a picture file"):
        open_session(write(data, tmp_path))
    data["agenda"][-1]["image"] = {"file": "../elders.png", "alt": "Tips"}
    with pytest.raises(ContentError, match=r"leads outside the session's folder"):
        open_session(write(data, tmp_path))
    data["agenda"][-1]["image"] = {"file": "x.png"}
    with pytest.raises(ContentError, match=r"agenda\[tips\]\.image: missing required key 'alt'"):
        open_session(write(data, tmp_path))


def pictures_and_texts(slide):
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
    return pictures, texts


def test_a_layout_with_a_picture_placeholder_takes_the_picture_there(tmp_path):
    import pptx

    template = Path(pptx.__file__).parent / "templates" / "default.pptx"  # has a "Picture with Caption" layout
    [deck] = build(with_pictures(tmp_path), out=tmp_path / "out", template=template, only=["deck"], parallel=False)
    prs = Presentation(str(deck.path))
    slides = [s for s in prs.slides if pictures_and_texts(s)[0]]
    assert len(slides) == 4
    for slide in slides:
        assert slide.slide_layout.name == "Picture with Caption"
        room = next(p for p in slide.slide_layout.placeholders if p.placeholder_format.type == 18)  # PICTURE
        [picture], texts = pictures_and_texts(slide)
        assert room.left <= picture.left and picture.left + picture.width <= room.left + room.width + 1
        assert room.top <= picture.top and picture.top + picture.height <= room.top + room.height + 1
        assert not any(overlap(boxes(picture), boxes(text)) for text in texts)


def test_with_one_text_box_the_picture_goes_under_the_text(tmp_path):
    from deck.shipped import LAYOUTS

    prs = Presentation(str(LAYOUTS / "default.pptx"))
    ids = prs.slide_master._element.find("{*}sldLayoutIdLst")
    for layout, entry in zip(list(prs.slide_layouts), list(ids)):
        if layout.name not in {"Title Slide", "Title and Content"}:
            ids.remove(entry)
    prs.save(tmp_path / "one.pptx")
    [deck] = build(with_pictures(tmp_path), out=tmp_path / "out", template=tmp_path / "one.pptx", only=["deck"],
                   parallel=False)
    slides = [s for s in Presentation(str(deck.path)).slides if pictures_and_texts(s)[0]]
    assert len(slides) == 4
    for slide in slides:
        [picture], texts = pictures_and_texts(slide)
        body = [t for t in texts if t.is_placeholder and t.placeholder_format.type in (2, 7)]  # BODY, OBJECT
        assert body, "the slide keeps its text"
        assert all(picture.top >= text.top + text.height for text in body)  # under the text, not over it
        assert not any(overlap(boxes(picture), boxes(text)) for text in texts)


def test_a_long_caption_gets_the_lines_it_wraps_to_above_the_footer(tmp_path):
    path = with_pictures(tmp_path)
    text = path.read_text(encoding="utf-8").replace("Koffie in de gang", "Koffie in de gang " + "en thee " * 30)
    path.write_text(text, encoding="utf-8")
    [deck] = build(path, out=tmp_path / "out", only=["deck"], parallel=False)
    slide = next(s for s in Presentation(str(deck.path)).slides if s.shapes.title.text_frame.text == "Pauze")
    [picture], texts = pictures_and_texts(slide)
    caption = next(t for t in texts if "en thee" in t.text_frame.text)
    footer = [t for t in texts if t.is_placeholder and t.placeholder_format.type in (13, 15)]  # number, footer
    assert caption.top >= picture.top + picture.height
    assert footer and all(not overlap(boxes(caption), boxes(f)) for f in footer)
    assert caption.height >= 14 * 1.25 * 4 * 12700  # 270 characters in a half slide's width: four lines or more
