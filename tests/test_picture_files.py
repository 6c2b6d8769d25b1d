"""Picture files as the renderers take them: whole, within their pixels, turned as a phone meant, fonts found."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from deck import picture_files
from deck.cli import main

from .sessions import session, write


def _with_picture(folder: Path, name: str) -> Path:
    data = session()
    data["clusters"][0]["cases"][0]["image"] = {"file": name, "alt": "Een foto"}
    return write(data, folder)


def _photo(path: Path, size=(900, 600), **save) -> Path:
    Image.new("RGB", size, "steelblue").save(path, **save)
    return path


@pytest.mark.parametrize("name, make, said", [
    ("huge.png", lambda p: Image.new("1", (15000, 15000)).save(p),
     "is 15,000 x 15,000 pixels; a picture may have at most 50,000,000 pixels"),
    ("big.png", lambda p: Image.new("1", (10000, 6000)).save(p),
     "is 10,000 x 6,000 pixels; a picture may have at most 50,000,000 pixels"),
    ("cut.jpg", lambda p: p.write_bytes(_photo(p, format="JPEG").read_bytes()[:2000]), "is cut off or damaged"),
    ("cut.png", lambda p: p.write_bytes(_photo(p).read_bytes()[:300]), "is cut off or damaged"),
    ("cut.gif", lambda p: p.write_bytes(_photo(p, format="GIF").read_bytes()[:-40]), "is cut off or damaged"),
])
def test_a_picture_too_big_to_decode_or_cut_off_is_a_located_error_in_check(tmp_path, name, make, said):
    make(tmp_path / name)
    path = _with_picture(tmp_path, name)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1, result.output
    line = next(n for n, text in enumerate(path.read_text().splitlines(), start=1) if name in text)
    assert f"{path}:{line}:" in result.output and f"image.file: '{name}' {said}" in result.output
    assert "Traceback" not in result.output and "Warning" not in result.output


def test_a_phone_photo_marked_as_turned_is_placed_upright(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90 degrees clockwise to view", as a phone held upright writes it
    path = _photo(tmp_path / "phone.jpg", (900, 600), format="JPEG", exif=exif)
    picture = picture_files.read(path)
    assert (picture.width, picture.height) == (600, 900)
    assert Image.open(io.BytesIO(picture.data)).size == (600, 900)
    plain = _photo(tmp_path / "plain.jpg", format="JPEG")
    assert picture_files.read(plain).data == plain.read_bytes()  # unmarked pictures pass as they are


def test_an_svg_font_the_machine_lacks_is_drawn_sans_not_serif(tmp_path):
    def drawn(family: str) -> bytes:
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><text x="5" y="45" '
               f'font-size="36" style="font-family:{family}">Integer</text></svg>')
        (tmp_path / "t.svg").write_text(svg, encoding="utf-8")
        return picture_files.read(tmp_path / "t.svg").data
    assert drawn("'No Such Office Font'") == drawn("sans-serif") != drawn("serif")


def test_whole_pictures_of_every_kind_pass_as_they_are_even_with_a_phones_extra_data(tmp_path):
    """Some phones write data after a JPEG's end marker; the picture is whole all the same."""
    for name, save in (("a.png", {}), ("a.gif", {"format": "GIF"}), ("a.jpg", {"format": "JPEG", "progressive": True})):
        path = _photo(tmp_path / name, (640, 480), **save)
        assert picture_files.problem(path) is None, name
        assert (picture_files.read(path).width, picture_files.read(path).height) == (640, 480)
    trailer = tmp_path / "trailer.jpg"
    trailer.write_bytes((tmp_path / "a.jpg").read_bytes() + b"SEFT" + bytes(200))
    assert picture_files.problem(trailer) is None
