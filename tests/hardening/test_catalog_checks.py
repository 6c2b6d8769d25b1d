"""Catalogs checked like msgfmt: a broken catalog stops the build, every problem at its line, all at once.

Each broken catalog is also given to `msgfmt --check` where it is installed
(on CI it must be): what msgfmt refuses, the tool refuses too.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from deck import safe_files

from .conftest import tool
from .hostile import World

CATALOG = "fr_BE/LC_MESSAGES/test.po"


def _header(charset: str = "UTF-8") -> str:
    return ('msgid ""\nmsgstr ""\n"Project-Id-Version: test\\n"\n"Language: fr_BE\\n"\n'
            '"MIME-Version: 1.0\\n"\n'
            f'"Content-Type: text/plain; charset={charset}\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n\n')


# line 9 onwards: the entries after the header (8 lines and a blank one)
TITLE = 'msgctxt "session/title"\nmsgid "Sessie"\nmsgstr "Séance"\n'


@pytest.fixture
def world(tmp_path) -> World:
    made = World(tmp_path)
    made.data["session"]["title"] = "Sessie"
    return made


def _write(world: World, text: str | bytes) -> Path:
    path = world.content / "locales" / CATALOG
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _build(world: World):
    return world.run("build", "{session}", "--out", "out", "-q", "--locale", "fr-BE", "--only", "handout")


BROKEN = [
    ("unterminated-string", _header() + 'msgctxt "session/title"\nmsgid "Sessie"\nmsgstr "Séance\n',
     [(11, "the string is not closed")]),
    ("duplicate-entry", _header() + TITLE + "\n" + TITLE,
     [(13, "duplicate message definition (msgctxt 'session/title'); the first is at line 9")]),
    ("whitespace-only-translation", _header() + 'msgctxt "session/title"\nmsgid "Sessie"\nmsgstr "   "\n',
     [(11, "the translation is only white space")]),
    ("tab-and-newline-only", _header() + 'msgctxt "session/title"\nmsgid "Sessie"\nmsgstr "\\t\\n"\n',
     [(11, "the translation is only white space")]),
    ("mislabelled-charset", _header("ISO-8859-1") + TITLE,
     [(2, "the header says charset=ISO-8859-1, but the text is UTF-8")]),
    ("unknown-charset", _header("klingon") + TITLE, [(2, "the header names the charset 'klingon', which is not one")]),
    ("utf16-charset", _header("UTF-16") + TITLE, [(2, "the charset 'UTF-16' cannot hold a PO file")]),
    ("latin1-bytes-labelled-utf8", (_header() + TITLE).encode("latin-1"), [(11, "byte 0xe9 is not utf-8")]),
    ("string-without-keyword", '"dangling"\n' + _header() + TITLE, [(1, "a string that belongs to no msgid")]),
    ("msgstr-without-msgid", _header() + 'msgstr "x"\n' + TITLE, [(9, "a second msgstr in one entry")]),
    ("entry-without-msgstr", _header() + 'msgctxt "a"\nmsgid "b"\n\n' + TITLE, [(9, "this entry has no msgstr")]),
    ("bad-escape", _header() + 'msgctxt "session/title"\nmsgid "Sessie"\nmsgstr "S\\qance"\n',
     [(11, "'\\q' is not an escape")]),
    ("inner-quote", _header() + 'msgctxt "session/title"\nmsgid "Sessie"\nmsgstr "S"ance"\n',
     [(11, "a \" inside the string")]),
    ("unknown-keyword", _header() + TITLE + 'msgbogus "x"\n', [(12, "Unknown or misformatted keyword 'msgbogus'")]),
    ("second-msgstr", _header() + TITLE + 'msgstr "encore"\n', [(12, "a second msgstr in one entry")]),
]


@pytest.mark.parametrize("case", BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_catalog_stops_the_build_at_its_line(world, case):
    _, text, expected = case
    path = _write(world, text)
    world.save()
    outcome = _build(world)
    world.assert_refused(outcome, 1, *(f"{CATALOG}:{line}: {message}" for line, message in expected),
                         "in the catalog; fix the catalog")
    assert not world.out.exists()
    if shutil.which("msgfmt") or os.environ.get("CI"):
        msgfmt = tool("msgfmt", "apt-get install gettext")
        checked = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        if case[0] not in _MSGFMT_ACCEPTS:
            assert checked.returncode != 0, f"msgfmt accepts {case[0]}: {checked.stderr}"


# What msgfmt lets through that would still blank or garble a slide: refused here all the same.
_MSGFMT_ACCEPTS = {"whitespace-only-translation", "tab-and-newline-only", "mislabelled-charset",
                   "unknown-charset", "utf16-charset"}  # msgfmt only warns of these two


def test_every_problem_is_listed_at_once_in_line_order(world):
    text = (_header() + 'msgctxt "a"\nmsgid "x"\nmsgstr "   "\n\n' + TITLE + "\n" + TITLE + 'msgbogus "y"\n')
    _write(world, text)
    outcome = _build(world)
    lines = [line for line in outcome.output.splitlines() if CATALOG in line]
    assert [int(line.split(CATALOG + ":")[1].split(":")[0]) for line in lines] == [11, 17, 20]
    world.assert_refused(outcome, 1, "3 problems in the catalog")


def test_a_catalog_in_its_labelled_latin1_is_accepted(world):
    _write(world, (_header("ISO-8859-1") + TITLE).encode("latin-1"))
    outcome = _build(world)
    assert outcome.exit_code == 0, outcome.output


def test_a_fifo_as_catalog_is_refused_not_waited_on(world):
    path = world.content / "locales" / CATALOG
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    outcome = world.run_process("build", "{session}", "--out", "out", "-q", "--locale", "fr-BE", timeout=30)
    world.assert_refused(outcome, 1, f"{CATALOG}: is a FIFO (named pipe), not a file; name a catalog itself")


def test_a_link_to_a_device_as_catalog_is_refused(world):
    path = world.content / "locales" / CATALOG
    path.parent.mkdir(parents=True)
    path.symlink_to("/dev/zero")
    outcome = world.run_process("build", "{session}", "--out", "out", "-q", "--locale", "fr-BE", timeout=30)
    world.assert_refused(outcome, 1, f"{CATALOG}: leads outside the session's locales folder")


def test_a_catalog_over_its_cap_is_refused_before_it_is_read(world):
    path = _write(world, _header() + TITLE)
    with open(path, "r+b") as stream:
        stream.truncate(safe_files.CATALOG_BYTES + 1)
    world.assert_refused(_build(world), 1, f"{CATALOG}: is {safe_files.CATALOG_BYTES + 1:,} bytes; "
                                           f"a catalog may be at most {safe_files.CATALOG_BYTES:,}")


@pytest.mark.parametrize("where", ["outside", "hidden"])
def test_a_catalog_linked_to_a_file_elsewhere_is_refused(world, where):
    """A valid catalog elsewhere (another project's, a private one) is not read through a link."""
    from .hostile import MARKER

    text = _header() + 'msgctxt "session/title"\nmsgid "Sessie"\nmsgstr "' + MARKER.decode() + '"\n'
    target = (world.root / "private.po") if where == "outside" else (world.content / ".private" / "x.po")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    link = world.content / "locales" / CATALOG
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    world.save()
    outcome = _build(world)
    world.assert_refused(outcome, 1, f"{CATALOG}: leads outside the session's locales folder or into a hidden one")
