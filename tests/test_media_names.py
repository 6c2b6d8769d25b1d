"""How a session names its pictures and videos: Windows paths, names stored in another Unicode form, near misses.

Each is what a trainer's own session did: a path pasted from Windows Explorer,
pictures unzipped from a Mac, a name typed with other capitals than the file's.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from deck.cli import main

from .render.test_pictures import png
from .sessions import session, write

NFC = "crème brûlée.jpg"
NFD = unicodedata.normalize("NFD", NFC)


def _session(folder: Path, ref: str, where: str = "case") -> Path:
    """A session whose first case (or title block, or video block) names ref; returns its path."""
    data = session(clusters=2, cases=1, groups=2)
    if where == "case":
        data["clusters"][0]["cases"][0]["image"] = {"file": ref, "alt": "Een bureau met een laptop"}
    elif where == "block":
        data["agenda"][0]["image"] = {"file": ref, "alt": "De titelfoto"}
    else:
        data["agenda"][2]["file"] = ref
    return write(data, folder)


def _check(path: Path):
    return CliRunner().invoke(main, ["check", str(path)])


def _problem(path: Path, key: str) -> str:
    """The one problem check reports, with its location stripped down to the key."""
    outcome = _check(path)
    assert outcome.exit_code == 1, outcome.output
    lines = [line for line in outcome.output.splitlines() if f": {key}: " in line]
    assert len(lines) == 1, outcome.output
    assert "Traceback" not in outcome.output
    return lines[0].split(f": {key}: ", 1)[1]


CASE_KEY = "clusters[c0].cases[k0].image.file"


@pytest.mark.parametrize("ref, expected", [
    (".\\media\\bureau laptop.jpg", "'.\\media\\bureau laptop.jpg' separates folders with '\\'; write '/' between "
                                    "folders, relative to the session's folder: 'media/bureau laptop.jpg'"),
    ("media\\titel-foto.png", "'media\\titel-foto.png' separates folders with '\\'; write '/' between folders, "
                              "relative to the session's folder: 'media/titel-foto.png'"),
])
def test_a_path_with_backslashes_is_told_to_use_slashes(tmp_path, ref, expected):
    (tmp_path / "media").mkdir()
    png(tmp_path / "media" / "titel-foto.png", 40, 30)
    assert _problem(_session(tmp_path, ref), CASE_KEY) == expected


@pytest.mark.parametrize("ref, where", [
    ("C:\\Users\\trainer\\Pictures\\x.png", "drive C:"), ("c:/Users/trainer/x.png", "drive C:"),
    ("\\\\server\\share\\x.png", "a network share")])
def test_a_drive_or_share_path_is_told_to_copy_the_file_in(tmp_path, ref, where):
    said = _problem(_session(tmp_path, ref), CASE_KEY)
    assert said == (f"'{ref}' is a file on {where}, which a session cannot take along; copy the file into the "
                    "session's folder and write its path relative to that folder, with '/' between folders "
                    "(e.g. 'media/x.png')")


def test_a_video_path_from_windows_is_told_alike(tmp_path):
    said = _problem(_session(tmp_path, "media\\clip.mp4", where="video"), "agenda[film].file")
    assert said.startswith("'media\\clip.mp4' separates folders with '\\'; write '/'")


def test_a_name_stored_in_another_unicode_form_is_found_and_embedded(tmp_path):
    (tmp_path / "media").mkdir()
    png(tmp_path / "media" / NFD, 64, 48)  # as a Mac's unzip leaves it: e and a combining accent
    path = _session(tmp_path, f"media/{NFC}", where="block")
    assert (tmp_path / "media" / NFD).exists() and not (tmp_path / "media" / NFC).exists()
    assert _check(path).exit_code == 0, _check(path).output
    outcome = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path / "out"), "--only", "deck", "-q"])
    assert outcome.exit_code == 0, outcome.output
    [deck] = (tmp_path / "out").rglob("deck.pptx")
    pictures = [shape for shape in Presentation(str(deck)).slides[0].shapes
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert [p.image.size for p in pictures] == [(64, 48)]
    assert pictures[0]._element.xpath("./p:nvPicPr/p:cNvPr/@descr") == ["De titelfoto"]


def test_a_name_found_by_its_unicode_form_still_obeys_the_rules(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / NFD).write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----\n")
    said = _problem(_session(tmp_path, f"media/{NFC}"), CASE_KEY)
    assert said.endswith("is not a picture file by its content (expected PNG, JPEG, GIF, SVG); "
                         "only picture files are embedded")
    (tmp_path / "media" / NFD).unlink()
    hidden = tmp_path / "media" / unicodedata.normalize("NFD", ".é.png")
    png(hidden, 10, 10)
    said = _problem(_session(tmp_path, unicodedata.normalize("NFC", "media/.é.png")), CASE_KEY)
    assert "is a hidden file" in said


def test_a_name_in_other_capitals_suggests_the_file(tmp_path):
    (tmp_path / "media").mkdir()
    png(tmp_path / "media" / "titel-foto.png", 40, 30)
    said = _problem(_session(tmp_path, "media/Titel-Foto.PNG", where="block"), "agenda[start].image.file")
    assert said == "no file 'media/Titel-Foto.PNG' in the session's folder; did you mean 'media/titel-foto.png'?"
    said = _problem(_session(tmp_path, "Media/titel-foto.png"), CASE_KEY)
    assert said.endswith("did you mean 'media/titel-foto.png'?")


def test_a_missing_name_with_nothing_like_it_suggests_nothing(tmp_path):
    (tmp_path / "media").mkdir()
    png(tmp_path / "media" / "titel-foto.png", 40, 30)
    (tmp_path / ".hidden").mkdir()
    png(tmp_path / ".hidden" / "poster.png", 40, 30)
    assert _problem(_session(tmp_path, "media/poster.png"), CASE_KEY) == "no file 'media/poster.png' in the session's folder"
    # a hidden file is never offered, however close its name
    png(tmp_path / "media" / ".poster.png", 40, 30)
    assert _problem(_session(tmp_path, "media/poster.png"), CASE_KEY) == "no file 'media/poster.png' in the session's folder"


def test_a_hidden_file_is_called_a_hidden_file(tmp_path):
    (tmp_path / "media").mkdir()
    png(tmp_path / "media" / ".foto.png", 40, 30)
    said = _problem(_session(tmp_path, "media/.foto.png"), CASE_KEY)
    assert said == ("'media/.foto.png' is a hidden file; hidden files and folders are never embedded, "
                    "rename the file without the leading '.'")


def test_an_empty_required_key_is_to_be_filled_in_an_empty_optional_one_also_removed(tmp_path):
    png(tmp_path / "foto.png", 40, 30)
    data = session(clusters=2, cases=1, groups=2)
    data["agenda"][0]["image"] = {"file": "foto.png", "alt": "", "caption": ""}
    outcome = _check(write(data, tmp_path))
    assert outcome.exit_code == 1
    assert "agenda[start].image.alt: expected text, found nothing; fill it in\n" in outcome.output
    assert ("agenda[start].image.caption: expected text, found nothing; fill it in or remove the key\n"
            in outcome.output)
