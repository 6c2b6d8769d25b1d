"""Slide layouts found by what they hold: translated names, custom idx, overrides, fonts, inspection."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from pptx import Presentation

from deck import template_layouts as tl
from deck.build import build
from deck.cli import main
from deck.layouts import LAYOUTS_DIR, deck_layout
from deck.text import families

from .conftest import SUMMERSCHOOL, summerschool_without_pictures
from .sessions import LOREM, session, write

DUTCH = {"Title Slide": "Titeldia", "Title and Content": "Titel en object", "Section Header": "Sectiekop",
         "Two Content": "Twee inhoudsvakken", "Comparison": "Vergelijking", "Title Only": "Alleen titel",
         "Blank": "Leeg"}
TEXT_TYPES = ("body", "obj", "subTitle")


def ph_type(ph) -> str:
    return ph._element.find(".//{*}nvPr/{*}ph").get("type", "obj")


def dutch_template(folder: Path) -> Path:
    """The default template as a Dutch corporate one: translated names, text placeholders idx 13 and up,
    and the right-hand box of two written before the left-hand one."""
    prs = Presentation(LAYOUTS_DIR / "default.pptx")
    for layout in prs.slide_layouts:
        layout.name = DUTCH[layout.name]
        number = 13
        texts = [ph for ph in layout.placeholders if ph_type(ph) in TEXT_TYPES]
        for ph in texts:
            ph._element.find(".//{*}nvPr/{*}ph").set("idx", str(number))
            number += 1
        if len(texts) == 2:
            first = texts[0]._element
            tree = first.getparent()
            tree.remove(first)
            tree.append(first)  # now after the right-hand box
    path = folder / "huisstijl.pptx"
    prs.save(path)
    return path


def test_dutch_names_and_custom_idx_are_found_by_structure(tmp_path):
    info = tl.inspect(dutch_template(tmp_path))
    chosen = tl.choose(info)
    assert {kind: c.layout.name for kind, c in chosen.items()} == {
        "title": "Titeldia", "group_work": "Twee inhoudsvakken", "video": "Sectiekop", "case": "Titel en object",
        "case_wide": "Twee inhoudsvakken", "documents": "Titel en object", "points": "Titel en object",
        "picture": "Twee inhoudsvakken"}
    assert [b.idx for b in chosen["case"].bodies] == [13]
    left, right = chosen["case_wide"].bodies
    assert left.area.left < right.area.left and (left.idx, right.idx) == (13, 14)
    assert left.position > right.position  # found by where it is, not by its order in the file
    assert chosen["case"].how == "by name"


def test_a_dutch_template_builds_with_titles_in_title_placeholders_and_no_furniture_written(tmp_path):
    [deck] = build(SUMMERSCHOOL, out=tmp_path / "out", template=dutch_template(tmp_path), only=["deck"])
    prs = Presentation(deck.path)
    for number, slide in enumerate(prs.slides, start=1):
        title = slide.shapes.title
        assert title is not None and title.text_frame.text, number
        bodies = [ph for ph in slide.placeholders if ph_type(ph) in TEXT_TYPES]
        assert bodies and all(ph.placeholder_format.idx >= 13 and ph.text_frame.text for ph in bodies), number
        assert not [ph for ph in slide.placeholders if ph_type(ph) == "dt"], number
        assert slide.notes_slide.notes_text_frame.text.strip(), number


def test_the_layout_file_names_a_layout_and_its_placeholders(tmp_path):
    template = dutch_template(tmp_path)
    layout = tmp_path / "huisstijl.yaml"
    # Swap the columns: clusters on the right (idx 14), groups on the left (idx 13).
    layout.write_text("deck:\n  slides:\n    group_work: {layout: Twee inhoudsvakken, bodies: [14, 13]}\n"
                      "    video: titel en object\n", encoding="utf-8")
    # The video slide without its poster: a picture slide takes a layout with room for the picture.
    [deck] = build(summerschool_without_pictures(tmp_path / "session"), out=tmp_path / "out", layout=str(layout),
                   template=template, only=["deck"])
    slides = Presentation(deck.path).slides
    boxes = {ph.placeholder_format.idx: ph.text_frame.text for ph in slides[1].placeholders}
    assert boxes[14].startswith("De ") and boxes[13].startswith("Groep 1")
    assert slides[2].slide_layout.name == "Titel en object"  # names match whatever their case or spacing


def test_a_layout_map_cannot_point_at_the_footer_or_a_missing_placeholder(tmp_path):
    template = dutch_template(tmp_path)
    layout = tmp_path / "mis.yaml"
    layout.write_text("deck:\n  slides:\n    case: {layout: Titel en object, bodies: [11]}\n"
                      "    points: {layout: Titel en object, bodies: [2]}\n    video: Bestaat niet\n",
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(SUMMERSCHOOL), "--only", "deck", "--out", str(tmp_path / "o"),
                                       "--layout", str(layout), "--template", str(template)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.splitlines()
    assert "  - layout 'Titel en object': placeholder idx 11 is a ftr placeholder (date, footer or slide " \
           "number); the tool never writes into those" in lines
    assert "  - layout 'Titel en object' has no placeholder idx 2 (named for the points on points slides)" in lines
    assert "  - the layout file names a slide layout 'Bestaat niet' for video slides; the template has none " \
           "by that name" in lines
    assert not (tmp_path / "o").exists()


def test_template_command_shows_layouts_placeholders_and_what_the_map_changes(tmp_path):
    template = dutch_template(tmp_path)
    result = CliRunner().invoke(main, ["template", str(template)])
    assert result.exit_code == 0, result.output
    assert "master 1, layout 'Titel en object': video slides (by structure)" not in result.output
    assert "master 1, layout 'Titel en object': case slides (by name), documents slides (by name), " \
           "points slides (by name)" in result.output
    assert "    obj idx 13 'Content Placeholder 2'" in result.output
    assert "-> the dilemma and options (case); the documents (documents); the points (points)" in result.output
    assert "ftr idx 11 'Footer Placeholder 4'" in result.output and "-> never written into" in result.output
    layout = tmp_path / "m.yaml"
    layout.write_text("deck:\n  slides:\n    video: Titel en object\n", encoding="utf-8")
    mapped = CliRunner().invoke(main, ["template", str(template), "--layout", str(layout)])
    assert mapped.exit_code == 0, mapped.output
    assert "the layout file changes:\n  video slides: 'Titel en object' in place of 'Sectiekop'" in mapped.output


def test_template_command_exits_1_saying_what_to_add(tmp_path):
    prs = Presentation(LAYOUTS_DIR / "default.pptx")
    for layout in prs.slide_layouts:
        for ph in list(layout.placeholders):
            if ph_type(ph) in TEXT_TYPES:
                ph._element.getparent().remove(ph._element)
    prs.save(tmp_path / "bare.pptx")
    result = CliRunner().invoke(main, ["template", str(tmp_path / "bare.pptx")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "master 1, layout 'Title and Content': not used" in result.output  # the listing comes first
    assert "no slide layout has a title placeholder with a body placeholder" in result.output
    assert "Insert Placeholder" in result.output


def test_without_two_columns_the_groups_go_under_the_clusters(tmp_path):
    prs = Presentation(LAYOUTS_DIR / "default.pptx")
    keep = {"Title Slide", "Title and Content"}
    ids = prs.slide_master._element.find("{*}sldLayoutIdLst")
    for layout, entry in zip(list(prs.slide_layouts), list(ids)):
        if layout.name not in keep:
            ids.remove(entry)
    prs.save(tmp_path / "two.pptx")
    [deck] = build(SUMMERSCHOOL, out=tmp_path / "out", template=tmp_path / "two.pptx", only=["deck"])
    group_work = Presentation(deck.path).slides[1]
    text = "\n".join(ph.text_frame.text for ph in group_work.placeholders if ph_type(ph) == "obj")
    assert "De werknemer op sociale media" in text and "Groep 1" in text


def small_bodies(folder: Path) -> Path:
    """The default template with every text box a third of its height: long cases must continue."""
    prs = Presentation(LAYOUTS_DIR / "default.pptx")
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            if ph_type(ph) in ("body", "obj"):
                ph.height = ph.height // 3
    path = folder / "small.pptx"
    prs.save(path)
    return path


def test_a_continued_case_shows_its_dilemma_with_every_option(tmp_path):
    dilemma = "Een collega deelt kritiek op de minister op Facebook, over een dossier waar hij zelf aan werkt. " \
              "Wat doe je?"
    data = session(clusters=1, cases=1, groups=1, each=1, dilemma=dilemma, options=6, option=LOREM.strip()[:140])
    [deck] = build(write(data, tmp_path), out=tmp_path / "out", template=small_bodies(tmp_path), only=["deck"])
    prs = Presentation(deck.path)
    case_slides = [s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Cluster 1: Cluster 0")]
    assert len(case_slides) > 1
    for slide in case_slides:
        text = "\n".join(ph.text_frame.text for ph in slide.placeholders if ph_type(ph) in ("body", "obj"))
        if "(0)" in text or "(3)" in text or "(5)" in text:  # a slide with options shows the dilemma too
            assert dilemma in text, text
    assert "(vervolg)" in case_slides[1].shapes.title.text_frame.text


def with_theme_font(folder: Path, typeface: str) -> Path:
    source = LAYOUTS_DIR / "default.pptx"
    target = folder / "font.pptx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for entry in src.infolist():
            data = src.read(entry)
            if entry.filename.startswith("ppt/theme/"):
                tree = etree.fromstring(data)
                for latin in tree.iter("{*}latin"):
                    latin.set("typeface", typeface)
                data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(entry, data)
    return target


def test_arial_is_measured_with_liberation_sans():
    family = families.find("Arial")
    if family is None:
        if os.environ.get("CI"):
            pytest.fail("fonts-liberation2 is missing on CI; .ci/run must install it")
        pytest.skip("fonts-liberation2 is not installed; apt-get install fonts-liberation2")
    assert family.files["regular"].name == "LiberationSans-Regular.ttf"
    assert family.files["bold"].name == "LiberationSans-Bold.ttf"
    assert families.find("Calibri", (LAYOUTS_DIR / "fonts",)).files["italic"].name == "Carlito-Italic.ttf"


def test_an_unknown_theme_font_is_measured_with_a_stand_in_and_named_in_a_warning(tmp_path):
    warnings: list[str] = []
    template = with_theme_font(tmp_path, "Zorgvuldig Sans")
    [deck] = build(SUMMERSCHOOL, out=tmp_path / "out", template=template, only=["deck"], warn=warnings.append)
    assert len(warnings) == 1 and "the template's font 'Zorgvuldig Sans' is not installed" in warnings[0]
    assert len(Presentation(deck.path).slides) >= 13


def test_a_layout_file_with_fonts_is_taken_at_its_word(tmp_path):
    layout = tmp_path / "f.yaml"
    fonts = LAYOUTS_DIR / "fonts"
    layout.write_text(f"deck:\n  fonts:\n    regular: {fonts / 'Carlito-Regular.ttf'}\n"
                      f"    bold: {fonts / 'Carlito-Bold.ttf'}\n    italic: {fonts / 'Carlito-Italic.ttf'}\n",
                      encoding="utf-8")
    warnings: list[str] = []
    build(SUMMERSCHOOL, out=tmp_path / "out", layout=str(layout), template=with_theme_font(tmp_path, "Zorgvuldig"),
          only=["deck"], warn=warnings.append)
    assert warnings == [] and deck_layout(str(layout)).fonts_named


def test_titles_keep_the_templates_weight_and_every_run_its_language(tmp_path):
    [deck] = build(SUMMERSCHOOL, out=tmp_path / "out", template=dutch_template(tmp_path), only=["deck"])
    for slide in Presentation(deck.path).slides:
        title = slide.shapes.title.text_frame
        assert {run.font.bold for p in title.paragraphs for run in p.runs} == {None}  # the template decides
        runs = [r for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs]
        assert runs and {r._r.get_or_add_rPr().get("lang") for r in runs} == {"nl-BE"}


def test_bodies_never_land_in_date_footer_or_slide_number(tmp_path):
    prs = Presentation(LAYOUTS_DIR / "default.pptx")
    for layout in prs.slide_layouts:  # LibreOffice's numbering: the date is idx 1, where bodies used to be
        for ph in layout.placeholders:
            element = ph._element.find(".//{*}nvPr/{*}ph")
            if ph_type(ph) in TEXT_TYPES:
                element.set("idx", "0")
            elif element.get("type") == "ftr":
                element.set("type", "dt")
                element.set("idx", "1")
    prs.save(tmp_path / "lo.pptx")
    for choice in tl.choose(tl.inspect(tmp_path / "lo.pptx")).values():
        assert {b.type for b in choice.bodies} <= {"obj", "body", "subTitle"}
    [deck] = build(SUMMERSCHOOL, out=tmp_path / "out", template=tmp_path / "lo.pptx", only=["deck"])
    for slide in Presentation(deck.path).slides:
        assert not [ph for ph in slide.placeholders if ph_type(ph) == "dt"]
        assert slide.shapes.title.text_frame.text


def test_a_template_with_only_a_title_and_subtitle_layout_takes_the_text_in_the_subtitle(tmp_path, soffice):
    """LibreOffice 25 converts some Impress templates (DNA, Inspiration) to one layout: a title and a subtitle."""
    from .render.test_deck_impress import check_pages

    prs = Presentation()  # python-pptx's default template
    for layout in list(prs.slide_layouts)[1:]:
        prs.slide_layouts.remove(layout)
    assert [l.name for l in prs.slide_layouts] == ["Title Slide"]
    prs.save(tmp_path / "one.pptx")
    [deck] = build(SUMMERSCHOOL, out=tmp_path / "out", template=tmp_path / "one.pptx", only=["deck"])
    made = Presentation(deck.path)
    subtitles = ["\n".join(ph.text_frame.text for ph in slide.placeholders if ph_type(ph) == "subTitle")
                 for slide in made.slides]
    joined = " ".join(" ".join(subtitles).split())  # continued slides may split a paragraph at a line
    assert "Bij het beheren van de Twitteraccount" in joined and "We vermelden het project" in joined
    check_pages(made, soffice(deck.path), footer_zone=False)
