"""`import`: a deck becomes a session file that checks, and no slide's text or notes get lost."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from deck.cli import main
from deck.importer import as_dilemma, import_deck, Paragraph, write
from deck.load import parse

from .conftest import SUMMERSCHOOL


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def flat(text: str) -> str:
    """Text with every run of white space (line breaks, vertical tabs) as one space."""
    return " ".join(text.split())


def slide_texts(path: Path) -> list[tuple[str, str, str]]:
    """(title, body, notes) of every slide, footers and slide numbers left out, white space flattened."""
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    furniture = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)
    slides = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        body = [shape.text_frame.text for shape in slide.placeholders
                if shape.placeholder_format.idx != 0 and shape.placeholder_format.type not in furniture]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append((flat(title), flat(" ".join(body)), flat(notes)))
    return slides


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    from deck.build import build

    out = tmp_path_factory.mktemp("original")
    [written] = build(SUMMERSCHOOL, out=out, only=["deck"])
    return written.path


@pytest.fixture(scope="module")
def imported(original):
    return import_deck(original)


def test_round_trip_brings_back_every_slide_text_and_note_in_order(original, imported, tmp_path):
    from deck.build import build

    session_file = write(imported, tmp_path / "imported.yaml")
    [rebuilt] = build(session_file, out=tmp_path / "out", only=["deck"])
    again = slide_texts(rebuilt.path)
    position = 0
    for number, (title, body, notes) in enumerate(slide_texts(original), start=1):
        # The same title and slide text, with the authored notes inside the rebuilt ones
        # (the tool adds its derived facts around them again), no earlier than the slide before.
        found = next((j for j in range(position, len(again))
                      if again[j][0] == title and body in again[j][1] and notes in again[j][2]), None)
        assert found is not None, f"slide {number} ({title}) does not come back"
        position = found


def test_dilemma_slides_become_clusters_of_cases(imported):
    data = imported.data
    assert [c["title"] for c in data["clusters"]] == ["De organisatie op sociale media",
                                                      "De werknemer op sociale media",
                                                      "De werknemer vs. de privépersoon",
                                                      "Sociale media op het werk"]
    assert [len(c["cases"]) for c in data["clusters"]] == [2, 2, 2, 2]
    friend = data["clusters"][1]["cases"][1]
    assert friend["dilemma"] == "Je SG/AG stuurt je een vriendschapsverzoek op Facebook. Wat doe je?"
    assert len(friend["options"]) == 3 and len(friend["questions"]) == 1
    assert data["groups"] == {"count": 4, "clusters_each": 1}


def test_session_and_agenda_come_from_the_slides(imported):
    data = imported.data
    assert data["session"]["title"] == "Integer omgaan met sociale media"
    assert data["session"]["language"] == "nl-BE"
    assert data["session"]["subtitle"].startswith("Summerschool")
    assert [b["kind"] for b in data["agenda"]] == ["title", "points", "points", "debrief", "points", "points"]
    assert "Heet de deelnemers welkom" in data["agenda"][0]["notes"]
    assert any("Clusters" in line and "points" in line for line in imported.report)


def test_written_file_names_the_schema_and_passes_check(imported, tmp_path):
    path = write(imported, tmp_path / "session.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert yaml.safe_load(text) == imported.data
    result = run("check", str(path))
    assert result.exit_code == 0, result.output


# -- a deck not made by this tool -------------------------------------------------------

@pytest.fixture
def foreign(tmp_path) -> Path:
    """A deck made with python-pptx's own template: no languages, a text box, a long paragraph."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    title = prs.slides.add_slide(prs.slide_layouts[0])
    title.shapes.title.text = "Ethics at work"
    title.placeholders[1].text = "Spring training"
    for question in ("“Your manager asks you to backdate a contract. What do you do?”",
                      '"A supplier offers you concert tickets. What do you do?"'):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = "Gifts and favours"
        body = slide.placeholders[1].text_frame
        body.text = question
        for option in ("You do it.", "You refuse.", "You ask HR."):
            body.add_paragraph().text = option
        slide.notes_slide.notes_text_frame.text = "Ask who is harmed."
    loose = prs.slides.add_slide(prs.slide_layouts[5])
    loose.shapes.title.text = "What we learned"
    box = loose.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(3)).text_frame
    box.text = "A text box, not a placeholder."
    box.add_paragraph().text = "Long. " * 80
    prs.slides.add_slide(prs.slide_layouts[6])  # blank: no title at all
    path = tmp_path / "foreign.pptx"
    prs.save(str(path))
    return path


def test_foreign_deck_imports_and_checks_with_a_report(foreign, tmp_path):
    imported = import_deck(foreign)
    data = imported.data
    assert data["session"]["language"] == "en"
    assert any("no language" in line for line in imported.report)
    [cluster] = data["clusters"]
    assert cluster["title"] == "Gifts and favours" and len(cluster["cases"]) == 2
    assert cluster["cases"][1]["dilemma"] == "A supplier offers you concert tickets. What do you do?"
    assert cluster["cases"][0]["notes"] == "Ask who is harmed."
    learned = next(b for b in data["agenda"] if b.get("title") == "What we learned")
    assert "A text box, not a placeholder." in learned["text"] and "Long. Long." in learned["text"]
    assert any("slide 5 has no title" in line for line in imported.report)
    parse(imported.yaml_text().encode(), "imported.yaml")  # passes the loader's checks


def test_nothing_is_dropped_from_a_foreign_deck(foreign):
    from deck.importer import read_deck, slide_text

    dumped = flat(yaml.safe_dump(import_deck(foreign).data, allow_unicode=True, width=10_000))
    for number, slide in enumerate(read_deck(foreign).slides, start=1):
        text = slide_text(slide, number)
        for paragraph in text.body:
            assert flat(paragraph.text.strip("“”\"")) in dumped.replace("''", "'")


def test_no_dilemma_at_all_still_gives_a_valid_session(tmp_path):
    from pptx import Presentation

    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Only a title"
    path = tmp_path / "plain.pptx"
    prs.save(str(path))
    imported = import_deck(path)
    parse(imported.yaml_text().encode(), "plain.yaml")
    assert any("no slide reads as a dilemma" in line for line in imported.report)


@pytest.mark.parametrize("paragraphs, is_case", [
    (["“Wat doe je?”", "Ja.", "Nee."], True),
    (["“Wat doe je?”", "Ja."], False),                      # one answer is no choice
    (["Wat doe je?", "Ja.", "Nee."], False),                # no quote
    (["Intro", "“Wat doe je?”", "Ja.", "Nee."], False),     # text before the quote would be lost
    (["“Wat doe je?”", "Ja.", "x" * 400], False),           # an answer too long to be an option
    (["“Een lang", "verhaal.”", "Ja.", "Nee."], True),      # a quote over two paragraphs
])
def test_what_reads_as_a_dilemma(paragraphs, is_case):
    assert (as_dilemma(tuple(Paragraph(p) for p in paragraphs)) is not None) == is_case


def test_bold_paragraphs_after_the_options_are_questions():
    case = as_dilemma((Paragraph("“Wat doe je?”"), Paragraph("Ja."), Paragraph("Nee."),
                       Paragraph("En als het je baas is?", bold=True)))
    assert case.dilemma == "Wat doe je?" and case.options == ("Ja.", "Nee.")
    assert case.questions == ("En als het je baas is?",)


# -- the command ----------------------------------------------------------------------

def test_cli_writes_yaml_to_standard_output_and_the_report_to_standard_error(original):
    result = run("import", str(original))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# yaml-language-server: $schema=")
    assert yaml.safe_load(result.stdout)["session"]["id"] == "integer-omgaan-met-sociale-media"
    assert "check: slide 2" in result.stderr and "check:" not in result.stdout


def test_cli_output_file_is_never_overwritten(original, tmp_path):
    target = tmp_path / "mine.yaml"
    assert run("import", str(original), "-o", str(target)).exit_code == 0
    target.write_text("# finished by hand\n", encoding="utf-8")
    result = run("import", str(original), "-o", str(target))
    assert result.exit_code == 1 and "already exists" in result.output
    assert target.read_text(encoding="utf-8") == "# finished by hand\n"


@pytest.mark.parametrize("content, message", [(None, "no such file"), (b"not a zip", "not a PowerPoint deck")])
def test_cli_refuses_what_is_not_a_deck(tmp_path, content, message):
    path = tmp_path / "deck.pptx"
    if content is not None:
        path.write_bytes(content)
    result = run("import", str(path))
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


# -- pictures and free slides -----------------------------------------------------------

def picture_file(path: Path, size: tuple[int, int], colour: tuple[int, int, int], fmt: str = "PNG") -> Path:
    """A picture made here with Pillow, in any format Pillow writes."""
    from PIL import Image

    Image.new("RGB", size, colour).save(path, format=fmt)
    return path


def descr(shape) -> str:
    return shape._element.nvPicPr.cNvPr.get("descr", "")


@pytest.fixture
def illustrated(tmp_path) -> Path:
    """A deck in python-pptx's default template, with pictures as trainers put them on slides."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    art = tmp_path / "art"
    art.mkdir()
    photo = picture_file(art / "photo.jpg", (640, 360), (30, 120, 200), "JPEG")
    chart = picture_file(art / "chart.bmp", (200, 150), (200, 60, 20), "BMP")
    logo = picture_file(art / "logo.png", (60, 60), (10, 10, 10))
    prs = Presentation()
    title = prs.slides.add_slide(prs.slide_layouts[0])
    title.shapes.title.text = "Privacy at work"
    title.placeholders[1].text = "A morning workshop"
    banner = title.shapes.add_picture(str(picture_file(art / "banner.gif", (300, 60), (240, 200, 0), "GIF")),
                                      Inches(1), Inches(5), Inches(4))
    banner._element.nvPicPr.cNvPr.set("descr", "A yellow banner")

    film = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only: a picture with its caption under it
    film.shapes.title.text = "A short film"
    poster = film.shapes.add_picture(str(photo), Inches(2), Inches(2), Inches(6))
    poster._element.nvPicPr.cNvPr.set("descr", "Two colleagues looking at a phone")
    caption = film.shapes.add_textbox(Inches(2), poster.top + poster.height + Pt(4), Inches(6), Inches(0.8))
    caption.text_frame.text = "The film's first frame"
    caption.text_frame.add_paragraph().text = "Photo: the training team"

    case = prs.slides.add_slide(prs.slide_layouts[1])
    case.shapes.title.text = "Phones"
    body = case.placeholders[1].text_frame
    body.text = "“A colleague films a meeting on her phone. What do you do?”"
    for option in ("Nothing.", "You ask her to stop.", "You tell the chair."):
        body.add_paragraph().text = option
    case.shapes.add_picture(str(chart), Inches(7), Inches(5), Inches(2))  # descr left as python-pptx sets it

    tips = prs.slides.add_slide(prs.slide_layouts[1])
    tips.shapes.title.text = "Tips"
    tips.placeholders[1].text_frame.text = "Lock your screen."
    tips.placeholders[1].text_frame.add_paragraph().text = "Ask before you film."

    explain = prs.slides.add_slide(prs.slide_layouts[1])
    explain.shapes.title.text = "How the debrief works"
    explain.placeholders[1].text_frame.text = "Each group presents its case. " * 12

    prs.slides.add_slide(prs.slide_layouts[5]).shapes.title.text = "Questions?"
    for slide in prs.slides:
        if slide is not film:
            slide.shapes.add_picture(str(logo), Inches(9), Inches(0.1), Inches(0.5))
    path = tmp_path / "workshop.pptx"
    prs.save(str(path))
    return path


def test_pictures_become_images_beside_the_session_with_their_alt_text(illustrated, tmp_path):
    target = tmp_path / "session" / "privacy.yaml"
    imported = import_deck(illustrated, target)
    write(imported, target)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    film = next(b for b in data["agenda"] if b.get("title") == "A short film")
    assert film["kind"] == "slide"
    assert film["image"]["alt"] == "Two colleagues looking at a phone"
    assert (film["image"]["caption"], film["image"]["credit"]) == ("The film's first frame",
                                                                   "Photo: the training team")
    assert data["agenda"][0]["kind"] == "title" and data["agenda"][0]["image"]["alt"] == "A yellow banner"
    [case] = data["clusters"][0]["cases"]
    assert case["image"]["alt"].startswith("TODO")  # the deck had no description: the trainer writes one
    assert any("picture" in line and "no description" in line for line in imported.report)
    for image in (film["image"], case["image"]):
        written = target.parent / image["file"]
        assert written.parent == target.parent / "media" and not written.name.startswith(".")
    from PIL import Image
    with Image.open(target.parent / case["image"]["file"]) as bmp:  # a BMP the format does not take, as PNG
        assert bmp.format == "PNG" and bmp.size == (200, 150)
    # The logo on every slide but one is the template's business, named once in the report.
    assert sorted(p.suffix for p in (target.parent / "media").iterdir()) == [".gif", ".jpg", ".png"]
    assert any("a logo?" in line for line in imported.report)


def test_slides_that_are_no_bullets_become_free_slides(illustrated, tmp_path):
    data = import_deck(illustrated, tmp_path / "s.yaml").data
    kinds = {b.get("title"): b["kind"] for b in data["agenda"]}
    assert kinds["Tips"] == "points"
    assert kinds["How the debrief works"] == "slide"  # prose: an explanation
    assert kinds["Questions?"] == "slide"  # a title alone
    explain = next(b for b in data["agenda"] if b.get("title") == "How the debrief works")
    assert explain["text"].startswith("Each group presents its case.")


def test_the_imported_session_checks_warns_what_to_finish_and_builds_with_its_pictures(illustrated, tmp_path):
    from pptx import Presentation

    from deck.build import build

    target = tmp_path / "privacy.yaml"
    write(import_deck(illustrated, target), target)
    checked = run("check", str(target))
    assert checked.exit_code == 0, checked.output
    warnings = [line for line in checked.stderr.splitlines() if line.startswith("warning:")]
    assert any(".image.alt: write what the picture shows" in line and "clusters[" in line for line in warnings)
    assert any("shows only its title" in line for line in warnings)  # "Questions?"
    [deck] = build(target, out=tmp_path / "out", only=["deck"], parallel=False)
    alts = sorted(descr(shape) for slide in Presentation(str(deck.path)).slides for shape in slide.shapes
                  if shape.shape_type == 13)  # MSO_SHAPE_TYPE.PICTURE
    assert "Two colleagues looking at a phone" in alts


def test_without_an_output_file_pictures_are_named_not_written(illustrated, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("import", str(illustrated))
    assert result.exit_code == 0, result.output
    assert "image:" not in result.stdout and not (tmp_path / "media").exists()
    assert "import with -o FILE" in result.stderr
    parse(result.stdout.encode(), "s.yaml")


def test_pictures_are_never_written_over_a_trainers_files(illustrated, tmp_path):
    target = tmp_path / "privacy.yaml"
    (tmp_path / "media").mkdir()
    mine = picture_file(tmp_path / "media" / "workshop-slide-2.jpg", (10, 10), (0, 0, 0), "JPEG")
    before = mine.read_bytes()
    imported = import_deck(illustrated, target)
    write(imported, target)
    assert mine.read_bytes() == before
    film = next(b for b in yaml.safe_load(target.read_text(encoding="utf-8"))["agenda"]
                if b.get("title") == "A short film")
    assert film["image"]["file"] == "media/workshop-slide-2-2.jpg"


def test_cli_writes_the_pictures_beside_the_output(illustrated, tmp_path):
    result = run("import", str(illustrated), "-o", str(tmp_path / "out" / "mine.yaml"))
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in (tmp_path / "out" / "media").iterdir()) == [".gif", ".jpg", ".png"]


@pytest.mark.parametrize("blob, reason", [
    (b"\x01\x00\x00\x00" + b"\x00" * 80, "format the session does not take"),  # an EMF header, no more
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "cannot be read"),                   # a PNG cut short
])
def test_pictures_the_format_cannot_take_are_reported(blob, reason):
    from deck.importer import _Unusable, usable

    with pytest.raises(_Unusable, match=reason):
        usable(blob)


def test_a_picture_of_too_many_pixels_is_not_decoded():
    """A PNG whose header claims 10000 x 6000 pixels (a few bytes, a decompression bomb's shape)."""
    import struct
    import zlib

    from deck.importer import MAX_PICTURE_PIXELS, _Unusable, usable

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 10_000, 6_000, 8, 2, 0, 0, 0))
    assert 10_000 * 6_000 > MAX_PICTURE_PIXELS
    with pytest.raises(_Unusable, match="10000 x 6000 pixels"):
        usable(b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def test_a_tiff_becomes_png(tmp_path):
    from deck.importer import usable

    data, ext = usable(picture_file(tmp_path / "x.tiff", (30, 20), (1, 2, 3), "TIFF").read_bytes())
    assert ext == "png" and data.startswith(b"\x89PNG")


# -- a deck LibreOffice wrote ---------------------------------------------------------------

def test_a_deck_libreoffice_wrote_brings_its_pictures_and_their_descriptions(illustrated, tmp_path, soffice):
    """The deck opened and saved by LibreOffice Impress (.pptx -> .odp -> .pptx): its own export of pictures."""
    import shutil

    odp_folder = tmp_path / "odp"
    odp_folder.mkdir()
    odp = soffice(shutil.copy(illustrated, odp_folder / "workshop.pptx"), "odp")
    (odp_folder / "workshop.pptx").unlink()
    made = soffice(odp, "pptx")
    target = tmp_path / "session" / "from-impress.yaml"
    imported = import_deck(made, target)
    write(imported, target)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    film = next(b for b in data["agenda"] if b.get("title") == "A short film")
    assert film["image"]["alt"] == "Two colleagues looking at a phone"
    assert (target.parent / film["image"]["file"]).is_file()
    assert data["clusters"][0]["cases"][0]["dilemma"].startswith("A colleague films a meeting")
    assert run("check", str(target)).exit_code == 0


@pytest.mark.parametrize("name", ["Candy", "Freshes", "Growing_Liberty"])
def test_a_libreoffice_template_imports_and_checks(name, tmp_path, soffice):
    """LibreOffice's own presentation templates (pictures in their masters), as .pptx LibreOffice writes."""
    import shutil

    template = Path("/usr/lib/libreoffice/share/template/common/presnt") / f"{name}.otp"
    if not template.is_file():
        pytest.skip(f"LibreOffice's template {name}.otp is not installed here")
    made = soffice(shutil.copy(template, tmp_path / f"{name}.otp"), "pptx")
    target = tmp_path / "session" / f"{name}.yaml"
    write(import_deck(made, target), target)
    result = run("check", str(target))
    assert result.exit_code == 0, result.output


def test_a_media_folder_that_leads_elsewhere_gets_no_pictures(illustrated, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    session = tmp_path / "session"
    session.mkdir()
    (session / "media").symlink_to(elsewhere, target_is_directory=True)
    target = session / "privacy.yaml"
    imported = import_deck(illustrated, target)
    write(imported, target)
    assert not list(elsewhere.iterdir())
    assert "image:" not in target.read_text(encoding="utf-8").split("\n\n", 1)[1]
    assert any("leads outside the session folder" in line for line in imported.report)
    assert run("check", str(target)).exit_code == 0
