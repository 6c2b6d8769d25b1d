"""Pictures on case slides and the title slide, and one body size over a session's case slides.

A case's picture stands beside its case (the picture layout: text left, picture
right); a case too long for that shows its picture on its first slide only,
the rest continuing on ordinary case slides with the whole text room. The
title slide's picture takes the right part of the title and subtitle's
width. Case slides that each fit on one slide share one body size.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from deck.build import build

from ..sessions import LOREM, session, write
from .test_pictures import boxes, overlap, pictures_and_texts, png

SVG = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- a logo drawn for the test -->\n'
       '<svg xmlns="http://www.w3.org/2000/svg" width="120mm" height="80mm" viewBox="0 0 120 80">'
       '<rect x="2" y="2" width="116" height="76" rx="8" fill="#2a6fbb"/>'
       '<circle cx="40" cy="40" r="25" fill="#f5c400"/></svg>')


def with_case_pictures(folder: Path) -> Path:
    png(folder / "screen.png", 320, 200)
    (folder / "logo.svg").write_text(SVG, encoding="utf-8")
    data = session(clusters=2, cases=2, groups=2)
    data["agenda"][0]["image"] = {"file": "logo.svg", "alt": "Het logo van de dag", "caption": "Integriteit"}
    short = data["clusters"][0]["cases"][0]
    short["image"] = {"file": "screen.png", "alt": "Een scherm met een bericht", "credit": "Foto: het team"}
    long = data["clusters"][1]["cases"][0]
    long["dilemma"] = LOREM * 2
    long["options"] = {f"o{n}": f"{LOREM.strip()} ({n})" for n in range(5)}
    long["image"] = {"file": "screen.png", "alt": "Een scherm met de reacties"}
    return write(data, folder)


def deck_of(path: Path, tmp_path: Path, **options) -> Presentation:
    [deck] = build(path, out=tmp_path / "out", only=["deck"], parallel=False, **options)
    return Presentation(str(deck.path))


def titled(prs, start: str) -> list:
    return [s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text_frame.text.startswith(start)]


def test_a_case_picture_stands_beside_its_case_with_its_alt_text(tmp_path):
    prs = deck_of(with_case_pictures(tmp_path), tmp_path)
    first = titled(prs, "Cluster 1")
    with_picture = [s for s in first if pictures_and_texts(s)[0]]
    assert len(with_picture) == 1, "one case of cluster 0 has a picture, the other none"
    [picture], texts = pictures_and_texts(with_picture[0])
    assert picture._element.find(".//{*}cNvPr").get("descr") == "Een scherm met een bericht"
    assert not any(overlap(boxes(picture), boxes(text)) for text in texts)
    body = next(t for t in texts if t.is_placeholder and t.placeholder_format.idx != 0 and "Wat doe je" in t.text)
    assert "Je doet iets. (2)" in body.text and "En wat als het anders was?" in body.text
    assert picture.left >= body.left + body.width  # beside the text, right of it
    assert any("Foto: het team" in t.text for t in texts)


def bodies(slide) -> list:
    return [t for t in pictures_and_texts(slide)[1] if t.is_placeholder and t.placeholder_format.type in (2, 7)]


def test_a_long_case_shows_its_picture_on_its_first_slide_only(tmp_path):
    prs = deck_of(with_case_pictures(tmp_path), tmp_path)
    slides = titled(prs, "Cluster 2")
    long = [s for s in slides if "medewerker" in " ".join(t.text for t in pictures_and_texts(s)[1])]
    assert len(long) >= 2, "the long case continues"
    first, *rest = long
    [picture], _ = pictures_and_texts(first)
    assert picture._element.find(".//{*}cNvPr").get("descr") == "Een scherm met de reacties"
    assert all(not pictures_and_texts(s)[0] for s in rest), "continuation slides have no picture"
    width = max(t.width for t in bodies(first))
    for slide in rest:
        assert "vervolg" in slide.shapes.title.text_frame.text
        body = max(bodies(slide), key=lambda t: t.width)
        assert body.width > 1.5 * width, "a continuation slide has the whole text room"
    shown = " ".join(t.text for s in long for t in pictures_and_texts(s)[1])
    assert all(f"({n})" in shown for n in range(5)), "every option is shown"


def test_the_title_slide_shows_its_picture_beside_the_title(tmp_path):
    prs = deck_of(with_case_pictures(tmp_path), tmp_path)
    slide = prs.slides[0]
    [picture], texts = pictures_and_texts(slide)
    assert picture._element.find(".//{*}cNvPr").get("descr") == "Het logo van de dag"
    assert picture.image.content_type == "image/png"  # the SVG, drawn
    assert picture.width / picture.height == pytest.approx(120 / 80, rel=0.01)
    title, subtitle = slide.shapes.title, next(t for t in texts if "Proef" in t.text)
    assert title.text_frame.text == "Sessie"
    for text in texts:
        assert not overlap(boxes(picture), boxes(text)), f"the picture covers {text.name}"
    assert picture.left >= max(title.left + title.width, subtitle.left + subtitle.width)


def body_sizes(slide) -> set[float]:
    return {int(r.get("sz")) / 100 for shape in bodies(slide) for r in shape._element.iter("{*}rPr") if r.get("sz")}


def test_case_slides_of_a_session_share_one_body_size(tmp_path):
    """The largest size all one-slide cases fit at; a case that needs several slides sets no size for them."""
    data = session(clusters=3, cases=1, groups=3)
    medium = data["clusters"][1]["cases"][0]
    medium["dilemma"] = LOREM.strip()
    medium["options"] = {f"o{n}": f"Je vraagt eerst raad aan een collega of leidinggevende ({n})." for n in range(4)}
    long = data["clusters"][2]["cases"][0]
    long["dilemma"] = LOREM * 4
    long["options"] = {f"o{n}": LOREM.strip() for n in range(8)}
    (tmp_path / "all").mkdir()
    prs = deck_of(write(data, tmp_path / "all"), tmp_path / "all")
    cases = {n: titled(prs, f"Cluster {n}: ") for n in (1, 2, 3)}
    assert len(cases[1]) == len(cases[2]) == 1 and len(cases[3]) > 1
    shared = body_sizes(cases[1][0]) | body_sizes(cases[2][0])
    assert len(shared) == 1, f"one body size over the cases that fit one slide, found {shared}"
    long_sizes = {size for slide in cases[3] for size in body_sizes(slide)}
    assert min(long_sizes) < min(shared), "the long case, at the smallest size, did not pull the others down"
    # Alone, the short case would be set larger: it was brought down to the medium case's size.
    del data["clusters"][1:]
    data["groups"]["count"] = 1
    (tmp_path / "short").mkdir()
    alone = deck_of(write(data, tmp_path / "short"), tmp_path / "short")
    assert body_sizes(titled(alone, "Cluster 1: ")[0]) == {max(body_sizes(titled(alone, "Cluster 1: ")[0]))}
    assert max(body_sizes(titled(alone, "Cluster 1: ")[0])) > min(shared)


def test_a_long_free_slide_continues_beside_no_picture_with_the_whole_text_room(tmp_path):
    png(tmp_path / "screen.png", 320, 200)
    data = session()
    data["agenda"].insert(2, {"id": "uitleg", "kind": "slide", "title": "Uitleg",
                              "points": {f"p{n}": f"{LOREM.strip()} ({n})" for n in range(6)},
                              "image": {"file": "screen.png", "alt": "Het schema"}})
    prs = deck_of(write(data, tmp_path), tmp_path)
    slides = titled(prs, "Uitleg")
    assert len(slides) >= 2
    first, *rest = slides
    assert pictures_and_texts(first)[0] and not any(pictures_and_texts(s)[0] for s in rest)
    width = max(t.width for t in bodies(first))
    assert all("vervolg" in s.shapes.title.text_frame.text for s in rest)
    assert all(max(t.width for t in bodies(s)) > 1.5 * width for s in rest)
    shown = " ".join(t.text for s in slides for t in bodies(s))
    assert all(f"({n})" in shown for n in range(6))


def test_a_case_that_fits_only_at_the_smallest_size_does_not_shrink_the_others(tmp_path):
    """The summerschool: one case fills its slide at the smallest size; the seven others share a larger one."""
    from ..conftest import copy_summerschool

    prs = deck_of(copy_summerschool(tmp_path / "summerschool"), tmp_path)
    cases = [slide for slide in prs.slides if slide.shapes.title.text.startswith("Cluster ")]
    sizes = [body_sizes(slide) for slide in cases]
    assert all(len(one) == 1 for one in sizes), sizes
    smallest = min(min(one) for one in sizes)
    larger = {size for one in sizes for size in one if size > smallest}
    assert len(larger) == 1, f"the cases above the smallest size differ: {sizes}"
    assert sum(one == {smallest} for one in sizes) == 1 and len(cases) >= 6


def test_a_case_beside_its_picture_does_not_shrink_the_text_only_cases(tmp_path):
    """In half the room, a pictured case is set smaller; the other cases keep the size they have without it."""
    data = session(clusters=3, cases=1, groups=3)
    pictured = data["clusters"][2]["cases"][0]
    pictured["dilemma"] = " ".join(LOREM.split()[:20])
    pictured["options"] = {f"o{n}": f"Je vraagt eerst raad aan een collega of leidinggevende ({n})." for n in range(3)}
    (tmp_path / "with").mkdir()
    png(tmp_path / "with" / "screen.png", 320, 200)
    pictured["image"] = {"file": "screen.png", "alt": "Een scherm"}
    with_picture = deck_of(write(data, tmp_path / "with"), tmp_path / "with")
    del data["clusters"][2]
    data["groups"]["count"] = 2
    (tmp_path / "without").mkdir()
    without = deck_of(write(data, tmp_path / "without"), tmp_path / "without")
    for n in (1, 2):
        assert body_sizes(titled(with_picture, f"Cluster {n}: ")[0]) == body_sizes(titled(without, f"Cluster {n}: ")[0])
    smallest = min(body_sizes(titled(with_picture, "Cluster 3: ")[0]))
    assert 18 < smallest < max(body_sizes(titled(with_picture, "Cluster 1: ")[0])), "the test needs a pictured " \
        "case set smaller than the others but above the smallest size"
