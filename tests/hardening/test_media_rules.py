"""Media under rules: a file a session names is embedded only if it is a video inside the session's folder.

The planted private key (hostile.SECRET) sits beside the session, in .ssh/,
outside the folder, behind links and under video names; however the
session names it, the build refuses with the key's location and the rule,
and no output holds the key.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Callable

import pytest

from deck import safe_files

from .hostile import SECRET, World

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(tmp_path) -> World:
    made = World(tmp_path)
    (made.content / ".ssh").mkdir()
    (made.content / ".ssh" / "id_rsa").write_bytes(SECRET)
    (made.content / "id_rsa").write_bytes(SECRET)
    (made.root / "home" / "user" / ".ssh").mkdir()
    (made.root / "home" / "user" / ".ssh" / "id_rsa").write_bytes(SECRET)
    return made


def _name(world: World, ref: str) -> str:
    """Set the video block's file: and return where its value sits, file:line:col."""
    world.data["agenda"][2]["file"] = ref
    world.save()
    lines = world.session.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith("file:"))
    return f"content/session.yaml:{number}:{lines[number - 1].index('file:') + 7}: agenda[film].file: "


def _link(name: str, target: str) -> Callable[[World], None]:
    def setup(world: World) -> None:
        path = world.content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
    return setup


def _bytes(name: str, data: bytes) -> Callable[[World], None]:
    def setup(world: World) -> None:
        path = world.content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return setup


def _sparse(name: str, size: int) -> Callable[[World], None]:
    def setup(world: World) -> None:
        with open(world.content / name, "wb") as stream:
            stream.write(MP4)
            stream.truncate(size)
    return setup


HIDDEN = "hidden files and folders are never embedded"
OUTSIDE = "leads outside the session's folder; keep media in that folder, next to the session file"
NOT_VIDEO = "is not a video file by its content (expected MP4/MOV, WebM/MKV, AVI, WMV, MPEG, Ogg)"

CASES = [
    ("key-in-ssh", ".ssh/id_rsa", None, f"'.ssh/id_rsa' is under the hidden '.ssh'; {HIDDEN}"),
    ("key-beside", "id_rsa", None, f"'id_rsa' {NOT_VIDEO}"),
    ("key-renamed-mp4", "clip.mp4", _bytes("clip.mp4", SECRET), f"'clip.mp4' {NOT_VIDEO}"),
    ("key-hard-linked-as-mp4", "clip.mp4",
     lambda w: os.link(w.content / "id_rsa", w.content / "clip.mp4"), f"'clip.mp4' {NOT_VIDEO}"),
    ("link-into-ssh", "clip.mp4", _link("clip.mp4", ".ssh/id_rsa"), f"'clip.mp4' leads to the hidden '.ssh'; {HIDDEN}"),
    ("link-to-home-ssh", "clip.mp4", _link("clip.mp4", "../../.ssh/id_rsa"), f"'clip.mp4' {OUTSIDE}"),
    ("link-absolute-to-key", "clip.mp4", lambda w: (w.content / "clip.mp4").symlink_to(
        w.root / "home" / "user" / ".ssh" / "id_rsa"), f"'clip.mp4' {OUTSIDE}"),
    ("folder-link-to-home", "home/.ssh/id_rsa", _link("home", "../.."), f"'home/.ssh/id_rsa' is under the hidden"),
    ("folder-link-out", "up/user/.ssh/id_rsa", _link("up", "../.."),
     "'up/user/.ssh/id_rsa' is under the hidden '.ssh'"),
    ("visible-link-out", "up/clip.mp4", _link("up", "../.."), f"'up/clip.mp4' {OUTSIDE}"),
    ("dot-dot-to-home", "../../.ssh/id_rsa", None, f"'../../.ssh/id_rsa' {OUTSIDE}"),
    ("dot-dot-and-back", "sub/../id_rsa", _bytes("sub/x", b""), f"'sub/../id_rsa' {OUTSIDE}"),
    ("absolute", "/etc/passwd", None, f"'/etc/passwd' {OUTSIDE}"),
    ("dev-zero", "/dev/zero", None, f"'/dev/zero' {OUTSIDE}"),
    ("link-to-dev-zero", "clip.mp4", _link("clip.mp4", "/dev/zero"), f"'clip.mp4' {OUTSIDE}"),
    ("git-config", ".git/config", _bytes(".git/config", MP4), f"'.git/config' is under the hidden '.git'; {HIDDEN}"),
    ("hidden-video-file", ".clip.mp4", _bytes(".clip.mp4", MP4), f"'.clip.mp4' is a hidden file; {HIDDEN}, rename the file"),
    ("video-in-hidden-folder", "media/.private/clip.mp4", _bytes("media/.private/clip.mp4", MP4),
     "'media/.private/clip.mp4' is under the hidden '.private'"),
    ("link-to-hidden-video", "clip.mp4", _link("clip.mp4", ".stash/real.mp4"), "'clip.mp4' leads to the hidden '.stash'"),
    ("empty-file", "clip.mp4", _bytes("clip.mp4", b""), f"'clip.mp4' {NOT_VIDEO}"),
    ("picture-named-mp4", "clip.mp4", _bytes("clip.mp4", PNG), f"'clip.mp4' {NOT_VIDEO}"),
    ("spreadsheet-named-mp4", "salaries.mp4", _bytes("salaries.mp4", b"PK\x03\x04" + b"\x00" * 40),
     f"'salaries.mp4' {NOT_VIDEO}"),
    ("over-the-size-cap", "big.mp4", _sparse("big.mp4", safe_files.VIDEO_BYTES + 1),
     f"'big.mp4' is {safe_files.VIDEO_BYTES + 1:,} bytes; a video file may be at most {safe_files.VIDEO_BYTES:,}"),
    ("fifo", "clip.mp4", lambda w: os.mkfifo(w.content / "clip.mp4"),
     "'clip.mp4' is a FIFO (named pipe), not a file"),
    ("link-loop", "clip.mp4", _link("clip.mp4", "clip.mp4"), "'clip.mp4' cannot be followed"),
    ("name-256-bytes", "é" * 128 + ".mp4", None, "a file name holds at most 255 bytes"),
    ("name-500-bytes", "v" * 496 + ".mp4", None, "a file name holds at most 255 bytes, and 'vvvv"),
    ("folder", "clips", lambda w: (w.content / "clips").mkdir(), "'clips' is a folder, not a file"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_media_file_outside_the_rules_is_refused(world, case):
    _, ref, setup, expected = case
    if setup:
        setup(world)
    where = _name(world, ref)
    # In a process of its own: a case that blocked (the FIFO) would hang this one.
    outcome = world.run_process("build", "{session}", "--out", "out", "-q", timeout=60)
    world.assert_refused(outcome, 1, where + expected)
    assert not world.out.exists()


def test_check_applies_the_same_rules(world):
    where = _name(world, "id_rsa")
    world.assert_refused(world.run("check", "{session}"), 1, where + f"'id_rsa' {NOT_VIDEO}")


def test_a_video_by_its_content_is_embedded(world):
    _bytes("media/clip.mp4", MP4)(world)
    _name(world, "media/clip.mp4")
    outcome = world.run("build", "{session}", "--out", "out", "-q", "--only", "deck")
    assert outcome.exit_code == 0, outcome.output
    with zipfile.ZipFile(world.out / "nl-BE" / "deck.pptx") as deck:
        media = [n for n in deck.namelist() if n.startswith("ppt/media/") and n.endswith(".mp4")]
        assert [deck.read(n) for n in media] == [MP4]
    world.assert_nothing_else_changed()
    world.assert_no_secret_out()


def test_a_link_inside_the_folder_to_a_visible_video_is_followed(world):
    _bytes("media/clip.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 60)(world)
    _link("film.webm", "media/clip.webm")(world)
    _name(world, "film.webm")
    assert world.run("check", "{session}").exit_code == 0


def test_the_rules_name_every_check_in_the_docs():
    text = (Path(__file__).resolve().parent.parent.parent / "docs" / "limits.md").read_text(encoding="utf-8")
    for rule in ("hidden", "regular file", "magic", f"{safe_files.VIDEO_BYTES:,}", "255 bytes"):
        assert rule in text, rule
