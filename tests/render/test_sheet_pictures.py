"""Case pictures on the worksheets and in the handout: on the right pages, undistorted, clear of every text and
field, captioned; one that cannot show legibly left out with a warning; each decoded once a build."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image as PIL, ImageDraw
from pypdf import PdfReader

from deck.build import build
from deck.collect import collect
from deck.render import sheetpictures
from deck.session import open_session

from ..filling import field_values, fill_pdftk, fill_pypdf, known_answers
from ..sessions import LOREM, session, write
from .test_worksheets import tool

# file, pixels, Pillow format: made in the test, never anyone's picture
PICTURES = {"photo.jpg": ((800, 600), "JPEG"), "tall.png": ((300, 900), "PNG"), "wide.gif": ((1200, 300), "GIF"),
            "tiny.png": ((20, 20), "PNG"), "huge.png": ((5000, 3400), "PNG"), "banner.png": ((2000, 80), "PNG")}
LEFT_OUT = {"tiny.png", "banner.png"}  # too few pixels; too wide for any room at 1.5 cm high


def make_picture(path: Path, size: tuple[int, int], kind: str) -> None:
    width, height = size
    picture = PIL.new("RGBA" if kind == "PNG" else "RGB", size, (200, 60, 40))
    draw = ImageDraw.Draw(picture)
    draw.ellipse([width * 0.1, height * 0.1, width * 0.9, height * 0.9], fill=(40, 90, 200))
    if kind == "PNG":  # a transparent corner: the soft mask must come along
        draw.rectangle([0, 0, width // 4, height // 4], fill=(0, 0, 0, 0))
    picture.save(path, kind)


def pictured(folder: Path, groups: int = 6, long_dilemma: bool = False) -> Path:
    """A session whose six cases each have one of PICTURES, captioned and credited."""
    for name, (size, kind) in PICTURES.items():
        make_picture(folder / name, size, kind)
    data = session(clusters=3, cases=2, groups=groups, each=2)
    cases = [case for cluster in data["clusters"] for case in cluster["cases"]]
    for case, name in zip(cases, PICTURES):
        case["image"] = {"file": name, "alt": f"Wat {name} toont", "caption": f"Bijschrift bij {name}",
                         "credit": "Foto: het team, CC BY 4.0"}
        case["dilemma"] = f"Dilemma bij {name}: wat doe je?" + (" " + LOREM * 12 if long_dilemma else "")
    return write(data, folder)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Box") -> bool:
        return self.x0 < other.x1 - 0.5 and other.x0 < self.x1 - 0.5 and self.y0 < other.y1 - 0.5 and \
            other.y0 < self.y1 - 0.5


def placed_images(page) -> list[tuple[str, Box]]:
    """Each image drawn on a pypdf page: its XObject name and its box on the page (PDF points, origin bottom left)."""
    images = page["/Resources"].get("/XObject", {})
    found = []

    def visit(operator, operands, cm, tm):
        if operator == b"Do" and images[operands[0]]["/Subtype"] == "/Image":
            a, b, c, d, e, f = cm
            found.append((operands[0], Box(e, f, e + a, f + d)))
    page.extract_text(visitor_operand_before=visit)
    return found


def word_boxes(path: Path) -> dict[int, list[tuple[str, Box]]]:
    """Every word pdftotext finds, by page number (from 1), with its box in PDF points."""
    import re

    html = subprocess.run([tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages: dict[int, list] = {}
    for number, page in enumerate(re.findall(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", html, re.S),
                                  start=1):
        height = float(page[1])
        pages[number] = [(word, Box(float(x0), height - float(y1), float(x1), height - float(y0)))
                         for x0, y0, x1, y1, word in re.findall(
                             r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                             page[2])]
    return pages


def field_boxes(page) -> list[Box]:
    return [Box(*map(float, annotation.get_object()["/Rect"])) for annotation in page.get("/Annots", [])]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pictured")
    warnings: list[str] = []
    written = build(pictured(folder), out=folder / "out", locales=["nl-BE"], only=["worksheets", "handout"],
                    parallel=False, warn=warnings.append)
    return folder, {w.path.name if w.path.parent.name != "worksheets" else f"worksheets/{w.path.name}": w.path
                    for w in written}, warnings


def test_a_picture_too_small_or_too_narrow_is_left_out_with_a_warning_naming_its_case(built):
    folder, _, warnings = built
    assert len(warnings) == 4, warnings  # each of the two, on the worksheets and in the handout
    for name, case, where in [("tiny.png", "clusters[c1].cases[k1]", "on the worksheets"),
                              ("banner.png", "clusters[c2].cases[k1]", "on the worksheets"),
                              ("tiny.png", "clusters[c1].cases[k1]", "in the handout"),
                              ("banner.png", "clusters[c2].cases[k1]", "in the handout")]:
        [message] = [w for w in warnings if name in w and where in w]
        assert message.startswith(f"{folder / 'session.yaml'}:") and f"{case}.image" in message
        assert "left out" in message
        assert ("too few pixels" if name == "tiny.png" else "crop it closer to square") in message


def test_every_sheet_shows_its_cases_pictures_undistorted_clear_of_text_and_fields(built):
    folder, paths, _ = built
    planned = open_session(folder / "session.yaml")
    sheets = [p for key, p in paths.items() if key.startswith("worksheets/")]
    assert len(sheets) == 6
    for path in sheets:
        reader = PdfReader(path)
        words = word_boxes(path)
        group = int(path.stem.split("-")[1])
        expected = {case.image.file for cluster in planned.plan.groups[group - 1].clusters
                    for case in planned.session.cluster(cluster).cases} - LEFT_OUT
        seen = set()
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text()
            for name, box in placed_images(page):
                image = page["/Resources"]["/XObject"][name]
                # Which picture this is: the one whose caption is on the page and whose pixels' shape it has.
                [file] = [f for f in expected if f"Bijschrift bij {f}" in text.replace("\n", " ")
                          and _same_shape(PICTURES[f][0], image)]
                seen.add(file)
                width, height = PICTURES[file][0]
                assert (box.x1 - box.x0) / (box.y1 - box.y0) == pytest.approx(width / height, rel=0.01)
                assert min(box.x1 - box.x0, box.y1 - box.y0) >= sheetpictures.MIN_SIDE - 0.01
                assert not [w for w, b in words[number] if box.overlaps(b)], f"{path.name} p{number}: over text"
                assert not [b for b in field_boxes(page) if box.overlaps(b)], f"{path.name} p{number}: over a field"
                assert ("Foto: het team, CC BY 4.0" in text)
        assert seen == expected, path.name


def _same_shape(size: tuple[int, int], image) -> bool:
    return abs(size[0] / size[1] - image["/Width"] / image["/Height"]) < 0.01


def test_no_text_is_lost_and_left_out_pictures_leave_no_caption(built):
    folder, paths, _ = built
    planned = open_session(folder / "session.yaml")
    every = " ".join(subprocess.run([tool("pdftotext"), str(p), "-"], capture_output=True, text=True,
                                    check=True).stdout for key, p in paths.items() if key.startswith("worksheets/"))
    flat = " ".join(every.split())
    for cluster in planned.session.clusters:
        for case in cluster.cases:
            assert case.dilemma in flat
            assert all(option.text in flat for option in case.options)
            assert (f"Bijschrift bij {case.image.file}" in flat) == (case.image.file not in LEFT_OUT)


def test_the_print_file_shows_the_same_pictures_on_the_same_pages(built):
    _, paths, _ = built
    combined = PdfReader(paths["worksheets.pdf"])
    pages = []
    for number in range(1, 7):
        group = PdfReader(paths[f"worksheets/group-{number}.pdf"]).pages
        pages += [len(placed_images(page)) for page in group]
        if len(group) % 2 and number < 6:
            pages.append(0)  # the blank back
    assert [len(placed_images(page)) for page in combined.pages] == pages
    # Each picture is in the file once, however many pages show it.
    listing = subprocess.run([tool("pdfimages"), "-list", str(paths["worksheets.pdf"])], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    objects = {line.split()[10] for line in listing if line.split()[2] == "image"}
    assert len(objects) == len(PICTURES) - len(LEFT_OUT)


def test_every_pdf_passes_qpdf(built):
    _, paths, _ = built
    for path in paths.values():
        subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True, check=True)


def test_the_handout_shows_each_picture_under_its_case_with_caption_and_credit(built, tmp_path):
    _, paths, _ = built
    reader = PdfReader(paths["handout.pdf"])
    words = word_boxes(paths["handout.pdf"])
    placed = 0
    for number, page in enumerate(reader.pages, start=1):
        for name, box in placed_images(page):
            placed += 1
            assert not [w for w, b in words[number] if box.overlaps(b)]
            # The caption right under it, centred on it.
            caption = [b for w, b in words[number] if w == "Bijschrift" and b.y1 <= box.y0 and box.y0 - b.y1 < 12]
            assert caption and caption[0].x0 > box.x0 - 120
    assert placed == len(PICTURES) - len(LEFT_OUT)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for name in set(PICTURES) - LEFT_OUT:
        assert f"Bijschrift bij {name}" in text and f"Dilemma bij {name}" in text
    # The alt text travels with the picture, as a marked-content span's Alt (the PDF is not tagged).
    alt = "Wat photo.jpg toont".encode("utf-16-be").hex().upper()
    assert any(f"/Alt <FEFF{alt}>".encode() in page.get_contents().get_data() for page in reader.pages)
    pngs = subprocess.run([tool("pdftoppm"), "-png", "-r", "30", str(paths["handout.pdf"]), str(tmp_path / "h")],
                          capture_output=True)
    assert pngs.returncode == 0 and list(tmp_path.glob("h-*.png"))


@pytest.mark.parametrize("filler", ["pypdf", "pdftk"])
def test_sheets_with_pictures_fill_in_and_read_back(tmp_path, filler):
    content = pictured(tmp_path, groups=3)
    planned = open_session(content)
    build(content, out=tmp_path / "out", locales=["nl-BE"], only=["worksheets"], parallel=False)
    expected = known_answers(planned)
    fill = {"pypdf": fill_pypdf, "pdftk": fill_pdftk}[filler]
    filled = fill(tmp_path / "out" / "nl-BE" / "worksheets.pdf", tmp_path / "all.pdf", field_values(expected))
    collect(content, [filled], out=tmp_path / "answers")
    rows = (tmp_path / "answers" / "answers.csv").read_text(encoding="utf-8-sig")
    assert all(e.notes in rows for e in expected if e.notes)


def test_each_picture_is_decoded_once_a_build(tmp_path, monkeypatch):
    sheetpictures._decoded.clear()
    decoded = []
    real = sheetpictures._decode
    monkeypatch.setattr(sheetpictures, "_decode", lambda data, keep, path: decoded.append(path.name) or
                        real(data, keep, path))
    content = pictured(tmp_path, groups=6)
    build(content, out=tmp_path / "out", locales=["nl-BE", "qps-ploc"], only=["worksheets", "handout"],
          parallel=False)
    assert sorted(decoded) == sorted(PICTURES)


def test_a_dilemma_longer_than_its_picture_runs_on_and_keeps_every_word(tmp_path):
    content = pictured(tmp_path, groups=2, long_dilemma=True)
    [sheet, *_] = build(content, out=tmp_path / "out", locales=["qps-ploc"], only=["worksheets"], parallel=False)
    reader = PdfReader(sheet.path)
    assert sum(len(placed_images(page)) for page in reader.pages) > 0
    words = word_boxes(sheet.path)
    for number, page in enumerate(reader.pages, start=1):
        for _, box in placed_images(page):
            assert not [w for w, b in words[number] if box.overlaps(b)]


def test_rebuilds_with_pictures_are_byte_identical(tmp_path):
    content = pictured(tmp_path, groups=2)
    first = build(content, out=tmp_path / "a", locales=["nl-BE"], only=["worksheets", "handout"], parallel=False)
    sheetpictures._decoded.clear()
    second = build(content, out=tmp_path / "b", locales=["nl-BE"], only=["worksheets", "handout"], parallel=False)
    assert [w.path.read_bytes() for w in first] == [w.path.read_bytes() for w in second]


def test_right_to_left_the_picture_is_left_of_the_dilemma(tmp_path):
    import yaml

    content = pictured(tmp_path, groups=2)
    data = yaml.safe_load(content.read_text(encoding="utf-8"))
    data["session"]["language"] = "ar"
    data["clusters"][0]["cases"][0]["dilemma"] = "ماذا تفعل عندما يرسل لك مديرك طلب صداقة؟"
    content.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    [sheet, *_] = build(content, out=tmp_path / "out", only=["worksheets"], parallel=False)
    page = PdfReader(sheet.path).pages[0]
    [(_, box)] = placed_images(page)  # the photo, beside the first case's dilemma
    # The dilemma's words, as pdftotext reads them (in presentation forms, perhaps): the Arabic ones.
    dilemma = [b for w, b in word_boxes(sheet.path)[1]
               if any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in w)
               and box.y0 < b.y0 < box.y1]  # beside the picture
    assert dilemma and all(box.x1 < b.x0 for b in dilemma)


def test_sheets_made_in_two_processes_give_a_print_file_with_every_picture(tmp_path):
    # Enough groups for the build to share the sheets out: the recorded pages, pictures and all, cross over.
    written = build(pictured(tmp_path, groups=12), out=tmp_path / "out", locales=["nl-BE"], only=["worksheets"])
    drawn = {w.path.name: sum(len(placed_images(page)) for page in PdfReader(w.path).pages) for w in written}
    combined = drawn.pop("worksheets.pdf")
    assert combined == sum(drawn.values()) > 0
    subprocess.run([tool("qpdf"), "--check", str(tmp_path / "out" / "nl-BE" / "worksheets.pdf")], check=True,
                   capture_output=True)


def test_a_picture_with_too_many_pixels_to_decode_is_left_out_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetpictures, "MAX_PIXELS", 10_000_000)  # huge.png has 17,000,000; photo.jpg is a JPEG
    sheetpictures._decoded.clear()
    warnings: list[str] = []
    written = build(pictured(tmp_path, groups=3), out=tmp_path / "out", locales=["nl-BE"],
                    only=["worksheets", "handout"], parallel=False, warn=warnings.append)
    [worksheets, handout] = [w for w in warnings if "huge.png" in w]
    assert "clusters[c2].cases[k0].image" in worksheets and "too many to print" in worksheets
    assert "on the worksheets" in worksheets and "in the handout" in handout
    text = " ".join(page.extract_text() for w in written for page in PdfReader(w.path).pages)
    assert "Bijschrift bij huge.png" not in text and "Dilemma bij huge.png" in text


def test_an_svg_case_picture_is_drawn_on_the_sheet_and_in_the_handout(tmp_path):
    """An SVG arrives through picture_files as a PNG, in proportion, like any other picture."""
    from pypdf import PdfReader

    from .test_case_pictures import SVG

    (tmp_path / "logo.svg").write_text(SVG, encoding="utf-8")
    data = session(clusters=2, cases=1, groups=2)
    data["clusters"][0]["cases"][0]["image"] = {"file": "logo.svg", "alt": "Het logo", "caption": "Ons logo"}
    written = build(write(data, tmp_path), out=tmp_path / "out", locales=["nl-BE"],
                    only=["worksheets", "handout"], parallel=False)
    shown = {}
    for made in written:
        if made.path.suffix == ".pdf":
            for page in PdfReader(made.path).pages:
                for _, box in placed_images(page):
                    shown.setdefault(made.path.name, []).append(box)
    assert "handout.pdf" in shown and "group-1.pdf" in shown, shown  # group 1 works on the pictured cluster
    for boxes in shown.values():
        for box in boxes:  # the SVG states 120 x 80 mm: 3:2
            assert abs((box.x1 - box.x0) / (box.y1 - box.y0) - 1.5) < 0.02
