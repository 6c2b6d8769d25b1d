"""The deck, read back with python-pptx: order, placeholders, notes, language, reproducibility."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

from deck import keys
from deck.build import build
from deck.errors import DeckError
from deck.layouts import deck_layout
from deck.model import DEBRIEF
from deck.render.deck import render_deck
from deck.session import open_session

from ..conftest import SUMMERSCHOOL, summerschool_without_pictures
from ..sessions import stress, write

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


@pytest.fixture(scope="module")
def deck_file(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("deck") / "deck.pptx"
    render_deck(open_session(SUMMERSCHOOL), deck_layout(), "nl-BE", target)
    return target


@pytest.fixture(scope="module")
def prs(deck_file):
    return Presentation(deck_file)


def expected_titles(session) -> list[str]:
    titles = []
    for block in session.agenda:
        if block.kind == DEBRIEF:
            titles += [f"Cluster {n}: {c.title}" for n, c in enumerate(session.clusters, start=1) for _ in c.cases]
        else:
            titles.append(block.title or session.meta.title)
    return titles


def test_slides_follow_the_agenda_with_titles_in_title_placeholders(prs, summerschool):
    assert len(prs.slides) == 13
    titles = []
    for slide in prs.slides:
        title = slide.shapes.title
        assert title is not None and title.placeholder_format.type in TITLE_TYPES
        titles.append(title.text_frame.text)
    assert titles == expected_titles(summerschool.session)


def test_slides_are_16_by_9(prs):
    assert prs.slide_width * 9 == prs.slide_height * 16


def body_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.placeholders
                     if shape.placeholder_format.idx not in (0,) and shape.placeholder_format.type
                     not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER))


def test_every_audience_text_is_on_a_slide_and_notes_stay_off_them(prs, summerschool):
    on_slides = "\n".join(body_text(s) + "\n" + s.shapes.title.text_frame.text for s in prs.slides)
    on_slides += "\n".join(shape.text_frame.text for s in prs.slides for shape in s.shapes  # captions
                           if not shape.is_placeholder and shape.has_text_frame)
    described = {shape._element.nvPicPr.cNvPr.get("descr") for s in prs.slides for shape in s.shapes
                 if shape.shape_type == MSO_SHAPE_TYPE.PICTURE}
    for text in keys.texts(summerschool.session):
        if text.key.endswith("/image/alt"):  # said by screen readers: the picture's description
            assert text.value in described and text.value not in on_slides, text.key
        elif text.key.endswith(("/notes", "/instructions", "/summary", "/tension")) or "/quotes/" in text.key:
            assert text.value not in on_slides, f"{text.key} is facilitator material"
        else:
            assert text.value in on_slides, f"{text.key} is missing from the slides"


def test_every_slide_has_notes_with_the_derived_facts(prs, summerschool):
    session, plan = summerschool.session, summerschool.plan
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    assert all(n.strip() for n in notes)
    # The title block is named by the session's title when it has none of its own; facts end in a stop.
    assert f"{session.meta.title}: 5 min." in notes[0] and "Groepen: 4; clusters per groep: 2." in notes[0]
    case_notes = notes[3:11]
    cases = [(c, k) for c in session.clusters for k in c.cases]
    for note, (cluster, case) in zip(case_notes, cases):
        assert f"Groep {plan.presenter(cluster.id)} stelt deze cluster plenair voor." in note
        assert "Bespreking van deze cluster: 15 min." in note
        if case.tension:  # the trainer's words end the fact, so it has a line of its own
            assert f"Spanningsveld: {case.tension}" in note.splitlines()
        for document in case.documents:
            assert session.document(document).title in note
        assert case.notes in note
    assert session.document("deontologische-code").quote("neutraal").text in notes[8]


def test_every_run_carries_the_locale(deck_file):
    with zipfile.ZipFile(deck_file) as archive:
        parts = [n for n in archive.namelist() if n.startswith(("ppt/slides/slide", "ppt/notesSlides/"))
                 and n.endswith(".xml")]
        assert len(parts) == 26
        for name in parts:
            tree = etree.fromstring(archive.read(name))
            runs = tree.findall(".//a:r", NS) + tree.findall(".//a:fld", NS)
            assert runs, name
            assert {r.find("a:rPr", NS).get("lang") for r in runs} == {"nl-BE"}, name


def test_core_properties_carry_title_author_subject_language(prs):
    props = prs.core_properties
    assert (props.title, props.subject, props.author, props.language) == (
        "Integer omgaan met sociale media", "Summerschool", "Vlaamse overheid", "nl-BE")


def test_rebuilds_are_byte_identical_and_honour_source_date_epoch(tmp_path, deck_file, monkeypatch):
    again = tmp_path / "again.pptx"
    render_deck(open_session(SUMMERSCHOOL), deck_layout(), "nl-BE", again)
    assert again.read_bytes() == deck_file.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    later = tmp_path / "later.pptx"
    render_deck(open_session(SUMMERSCHOOL), deck_layout(), "nl-BE", later)
    assert Presentation(later).core_properties.modified.year == 2023
    with zipfile.ZipFile(later) as archive:
        assert {i.date_time[:3] for i in archive.infolist()} == {(2023, 11, 14)}


def test_every_slide_has_the_footer_and_its_number(prs):
    for number, slide in enumerate(prs.slides, start=1):
        kinds = {s.placeholder_format.type: s.text_frame.text for s in slide.placeholders}
        assert kinds[PP_PLACEHOLDER.FOOTER] == "Integer omgaan met sociale media"
        assert kinds[PP_PLACEHOLDER.SLIDE_NUMBER] == str(number)


def test_stress_session_keeps_every_word_at_18_pt_or_more(tmp_path):
    planned = open_session(write(stress(), tmp_path))
    target = tmp_path / "stress.pptx"
    result = render_deck(planned, deck_layout(), "nl-BE", target)
    prs = Presentation(target)
    assert result.slides == len(prs.slides) > 4 + 4  # long cases continued on more slides
    sizes = {run.font.size.pt for slide in prs.slides for shape in slide.placeholders
             if shape.placeholder_format.idx not in (0,) and shape.placeholder_format.type
             not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
             for p in shape.text_frame.paragraphs for run in p.runs}
    assert min(sizes) >= 18
    words = " ".join(body_text(s) for s in prs.slides).split()
    for text in keys.texts(planned.session):
        if text.key.endswith(("/dilemma",)) or "/options/" in text.key:
            for word in text.value.split():
                assert word.strip("“”") in " ".join(words)


def potx(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for entry in src.infolist():
            data = src.read(entry)
            if entry.filename == "[Content_Types].xml":
                data = data.replace(b"presentationml.presentation.main+xml",
                                    b"presentationml.template.main+xml")
            out.writestr(entry, data)
    return target


def test_a_potx_corporate_template_is_accepted(tmp_path):
    template = potx(deck_layout().template, tmp_path / "corporate.potx")
    [written] = build(SUMMERSCHOOL, out=tmp_path / "out", template=template, only=["deck"])
    assert len(Presentation(written.path).slides) == 13


def test_renamed_layouts_are_found_by_what_they_hold(tmp_path):
    prs = Presentation(deck_layout().template)
    for layout in prs.slide_layouts:
        layout.name = f"Old {layout.name}"
    template = tmp_path / "old.pptx"
    prs.save(template)
    [written] = build(summerschool_without_pictures(tmp_path / "plain"), out=tmp_path / "out", template=template,
                      only=["deck"])
    used = [slide.slide_layout.name for slide in Presentation(written.path).slides]
    # Without a conventional name the video slide takes the plainest title-and-body layout.
    assert used[:4] == ["Old Title Slide", "Old Two Content", "Old Title and Content", "Old Title and Content"]
    # With its poster, the shipped video slide takes the layout with a second box, for the picture.
    [written] = build(SUMMERSCHOOL, out=tmp_path / "poster", template=template, only=["deck"])
    assert Presentation(written.path).slides[2].slide_layout.name == "Old Two Content"


def test_a_text_file_named_pptx_is_refused_clearly(tmp_path):
    fake = tmp_path / "fake.pptx"
    fake.write_text("not a deck")
    with pytest.raises(DeckError, match="not a PowerPoint template"):
        build(SUMMERSCHOOL, out=tmp_path / "out", template=fake)


def test_video_link_and_local_file(tmp_path):
    from ..sessions import session as make_session

    data = make_session()
    video = next(b for b in data["agenda"] if b["kind"] == "video")
    video["url"] = "https://example.org/film"
    (tmp_path / "film.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    video["file"] = "film.mp4"
    target = tmp_path / "deck.pptx"
    render_deck(open_session(write(data, tmp_path)), deck_layout(), "nl-BE", target)
    slide = Presentation(target).slides[2]
    links = [r.hyperlink.address for s in slide.placeholders for p in s.text_frame.paragraphs for r in p.runs
             if r.hyperlink.address]
    assert links == ["https://example.org/film"]
    assert any(b"videoFile" in etree.tostring(s.element) for s in slide.shapes), "the video is embedded"
    with zipfile.ZipFile(target) as archive:
        assert any(n.startswith("ppt/media/") and n.endswith(".mp4") for n in archive.namelist())


def test_empty_bodies_leave_no_placeholder_and_line_breaks_are_real(tmp_path):
    from ..sessions import session as make_session

    data = make_session()
    del data["session"]["subtitle"]
    tips = data["agenda"][-1]
    tips["text"] = "Eerste regel\nTweede regel"
    target = tmp_path / "deck.pptx"
    render_deck(open_session(write(data, tmp_path)), deck_layout(), "nl-BE", target)
    prs = Presentation(target)
    title_slide = prs.slides[0]
    assert [s.placeholder_format.type for s in title_slide.placeholders
            if s.placeholder_format.type not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)] == [
        PP_PLACEHOLDER.CENTER_TITLE]
    body = prs.slides[-1].placeholders[1].text_frame
    assert body.paragraphs[0].text == "Eerste regel\vTweede regel"  # python-pptx reads a:br as \v
    xml = etree.tostring(body._txBody).decode()
    assert 'lIns="91440"' in xml and 'tIns="45720"' in xml  # insets written, not inherited
