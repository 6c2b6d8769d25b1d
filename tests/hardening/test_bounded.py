"""Bounded reads and work: no input hangs the tool, fills memory or the disk, or ends in a traceback.

FIFOs, devices and oversized files given as a session, layout, font,
template, catalog or deck to import; packages with bombs or DTDs; sessions
past the work budget; layout values at the ends of their ranges; bad
SOURCE_DATE_EPOCHs. Cases that could block run in a process of their own
with a timeout.
"""
from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from deck import budget, safe_files
from deck.watch import Watched

from .conftest import ROOT
from .hostile import World
from .test_bad_inputs import _claimed_bomb, _many_parts

TEMPLATE = ROOT / "layouts" / "default.pptx"
LAYOUT = ROOT / "tests" / "fixtures" / "hardening" / "layout.yaml"


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


def _sparse(path: Path, size: int, head: bytes = b"") -> None:
    with open(path, "wb") as stream:
        stream.write(head)
        stream.truncate(size)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


# -- the session -----------------------------------------------------------------------------------

@pytest.mark.parametrize("make, expected", [
    (_fifo, "content/bad.yaml:1:1: is a FIFO (named pipe), not a file; name a session file itself"),
    (_zero, "content/bad.yaml:1:1: is a character device, not a file"),
    (lambda p: _sparse(p, 6_000_000, b"session:\n"),
     "content/bad.yaml:1:1: the file is 6,000,000 bytes; a session file holds at most 5,000,000"),
], ids=["fifo", "dev-zero", "6-MB"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_session_that_is_no_file_or_too_big(world, make, expected, command):
    make(world.content / "bad.yaml")
    world.save()
    outcome = world.run_process(command, "content/bad.yaml", *(["--out", "out"] if command == "build" else []),
                                timeout=30)
    world.assert_refused(outcome, 1, expected, seconds=20)


# -- layouts and fonts ----------------------------------------------------------------------------

def _layout_beside(world: World, text: str | None = None) -> Path:
    folder = world.work / "lay"
    folder.mkdir(exist_ok=True)
    if not (folder / "fonts").exists():
        shutil.copytree(ROOT / "layouts" / "fonts", folder / "fonts")
        shutil.copyfile(TEMPLATE, folder / "default.pptx")
    (folder / "x.yaml").write_text(text or LAYOUT.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("make, expected", [
    (_fifo, "lay/y.yaml: is a FIFO (named pipe), not a file; name a layout itself"),
    (_zero, "lay/y.yaml: is a character device, not a file"),
    (lambda p: _sparse(p, safe_files.LAYOUT_BYTES + 1, b"deck:\n"),
     f"lay/y.yaml: is {safe_files.LAYOUT_BYTES + 1:,} bytes; a layout may be at most {safe_files.LAYOUT_BYTES:,}"),
], ids=["fifo", "dev-zero", "too-big"])
def test_a_layout_that_is_no_file_or_too_big(world, make, expected):
    make(_layout_beside(world) / "y.yaml")
    world.save()
    outcome = world.run_process("build", "{session}", "--out", "out", "--layout", "lay/y.yaml", timeout=30)
    world.assert_refused(outcome, 1, expected, seconds=20)


@pytest.mark.parametrize("make, expected", [
    (_fifo, "deck.fonts.regular: 'lay/fonts/odd.ttf' is a FIFO (named pipe), not a file"),
    (_zero, "deck.fonts.regular: 'lay/fonts/odd.ttf' is a character device, not a file"),
    (lambda p: _sparse(p, safe_files.FONT_BYTES + 1, b"\x00\x01\x00\x00"),
     f"deck.fonts.regular: 'lay/fonts/odd.ttf' is {safe_files.FONT_BYTES + 1:,} bytes; a font may be at most"),
], ids=["fifo", "dev-zero", "too-big"])
def test_a_font_that_is_no_file_or_too_big(world, make, expected):
    folder = _layout_beside(world, LAYOUT.read_text(encoding="utf-8").replace(
        "regular: fonts/Carlito-Regular.ttf", "regular: fonts/odd.ttf", 1))
    make(folder / "fonts" / "odd.ttf")
    world.save()
    outcome = world.run_process("build", "{session}", "--out", "out", "--layout", "lay/x.yaml", "--only", "deck",
                                timeout=30)
    world.assert_refused(outcome, 1, "lay/x.yaml:8:14: " + expected, seconds=20)


@pytest.mark.parametrize("edits, expected", [
    ((("line: 17 ", "line: 40 "), ("notes_lines: 6", "notes_lines: 40")), "a box 1604 pt high"),
    ((("line: 17 ", "line: 40 "), ("question_lines: 3", "question_lines: 20")), "a box 804 pt high"),
    ((("line: 17 ", "line: 30 "), ("notes_lines: 6", "notes_lines: 30")), "a box 904 pt high"),
], ids=["notes-lines", "question-lines", "notes-lines-30"])
def test_layout_values_at_the_ends_of_their_ranges_end_in_a_message(world, edits, expected):
    text = LAYOUT.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    _layout_beside(world, text)
    world.save()
    outcome = world.run_process("build", "{session}", "--out", "out", "--layout", "lay/x.yaml", "--only",
                                "worksheets", timeout=120)
    world.assert_refused(outcome, 1, "the layout's worksheets settings leave no room", expected, seconds=90)


# -- templates and imported decks ------------------------------------------------------------------

def _with_part(source: Path, name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in original.infolist():
            content = original.read(entry)
            if entry.filename == name:
                content = data
            target.writestr(entry.filename, content)
    return buffer.getvalue()


def _deck_with_dtd(declaration: bytes, utf16: bool = False) -> bytes:
    """The default template with a DTD before presentation.xml's root element."""
    with zipfile.ZipFile(TEMPLATE) as original:
        xml = original.read("ppt/presentation.xml")
    head, _, rest = xml.partition(b"?>")
    changed = head + b"?>" + declaration + rest
    if utf16:
        changed = changed.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode("utf-8").encode("utf-16")
    return _with_part(TEMPLATE, "ppt/presentation.xml", changed)


LAUGHS = (b'<!DOCTYPE p:presentation [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
XXE = b'<!DOCTYPE p:presentation [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
DTD = "declares a document type (<!DOCTYPE or <!ENTITY), which Office files never do"


def _imported_deck() -> bytes:
    """A small deck with slides, made here: what `import` is meant for."""
    from deck.build import build
    from tests.sessions import session, write
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        content = write(session(), Path(folder))
        build(content, out=Path(folder) / "out", only=["deck"], parallel=False)
        return (Path(folder) / "out" / "nl-BE" / "deck.pptx").read_bytes()


PACKAGES = [
    ("billion-laughs", lambda: _deck_with_dtd(LAUGHS), DTD),
    ("external-entity", lambda: _deck_with_dtd(XXE), DTD),
    ("doctype-utf16", lambda: _deck_with_dtd(b"<!DOCTYPE p:presentation>", utf16=True), DTD),
    ("plain-doctype", lambda: _deck_with_dtd(b"<!DOCTYPE p:presentation>"), DTD),
]


@pytest.mark.parametrize("name, make, expected", PACKAGES, ids=[p[0] for p in PACKAGES])
def test_a_template_with_a_dtd_is_refused(world, name, make, expected):
    (world.work / "t.pptx").write_bytes(make())
    world.save()
    outcome = world.run("build", "{session}", "--out", "out", "-q", "--only", "deck", "--template", "t.pptx")
    world.assert_refused(outcome, 1, f"t.pptx: the template's part ppt/presentation.xml {expected}")
    assert not world.out.exists()


@pytest.mark.parametrize("name, make, expected", PACKAGES, ids=[p[0] for p in PACKAGES])
def test_an_imported_deck_with_a_dtd_is_refused(world, name, make, expected):
    (world.work / "old.pptx").write_bytes(make())
    world.save()
    outcome = world.run("import", "old.pptx", "-o", "out/mine.yaml")
    world.assert_refused(outcome, 1, f"old.pptx: the deck's part ppt/presentation.xml {expected}")
    assert b"root:" not in (outcome.output.encode())


@pytest.mark.parametrize("make, expected", [
    (_claimed_bomb, "claims.pptx: the deck unpacks to 3,50"),
    (_many_parts, "parts.pptx: the deck unpacks to 0 bytes in 10,001 parts; a deck may unpack to at most"),
], ids=["claims-3.5-GB", "10001-parts"])
def test_import_has_the_templates_zip_guards(world, make, expected):
    make(world.work)
    world.save()
    name = "claims.pptx" if make is _claimed_bomb else "parts.pptx"
    world.assert_refused(world.run("import", name), 1, expected, "(a zip bomb?)")


@pytest.mark.parametrize("make, expected", [
    (_fifo, "is a FIFO (named pipe), not a file; name a deck to import itself"),
    (_zero, "is a character device, not a file"),
    (lambda p: _sparse(p, safe_files.IMPORTED_DECK_BYTES + 1, b"PK"),
     f"is {safe_files.IMPORTED_DECK_BYTES + 1:,} bytes; a deck to import may be at most"),
], ids=["fifo", "dev-zero", "too-big"])
def test_import_of_no_file_or_too_big(world, make, expected):
    make(world.work / "old.pptx")
    world.save()
    world.assert_refused(world.run_process("import", "old.pptx", timeout=30), 1, f"old.pptx: {expected}")


@pytest.mark.parametrize("make, expected", [
    (_fifo, "t.pptx: is a FIFO (named pipe), not a file; name a template itself"),
    (_zero, "t.pptx: is a character device, not a file"),
    (lambda p: _sparse(p, safe_files.TEMPLATE_BYTES + 1, b"PK"),
     f"t.pptx: is {safe_files.TEMPLATE_BYTES + 1:,} bytes; a template may be at most"),
], ids=["fifo", "dev-zero", "too-big"])
def test_a_template_that_is_no_file_or_too_big(world, make, expected):
    make(world.work / "t.pptx")
    world.save()
    outcome = world.run_process("build", "{session}", "--out", "out", "--only", "deck", "--template", "t.pptx",
                                timeout=30)
    world.assert_refused(outcome, 1, expected, seconds=20)


def test_an_imported_deck_is_still_imported(world):
    (world.work / "old.pptx").write_bytes(_imported_deck())
    world.save()
    outcome = world.run("import", "old.pptx", "-o", "mine.yaml")
    assert outcome.exit_code == 0, outcome.output
    assert (world.work / "mine.yaml").is_file()


# -- the work budget ------------------------------------------------------------------------------------

def test_a_session_past_the_case_sheet_budget_is_refused_up_front(world):
    """The issue's 79 KB session: 100 groups each taking 50 clusters of 5 cases."""
    from tests.sessions import session

    world.data = session(clusters=50, cases=5, groups=100, each=50)
    world.save()
    assert world.session.stat().st_size < 100_000
    outcome = world.run("build", "{session}", "--out", "out", "-q")
    world.assert_refused(outcome, 1, "groups.count: the worksheets would print 25,000 cases (100 groups",
                         f"a build prints at most {budget.MAX_CASE_SHEETS:,}: reduce the groups", seconds=15)
    assert not world.out.exists()


def test_a_deck_past_the_slide_budget_is_refused_up_front(world):
    from tests.sessions import session

    world.data = session(clusters=50, cases=20, groups=50, each=1)
    world.data["agenda"] += [{"id": f"again{n}", "kind": "debrief", "minutes_per_cluster": 1} for n in range(10)]
    world.save()
    outcome = world.run("build", "{session}", "--out", "out", "-q", "--only", "deck")
    world.assert_refused(outcome, 1, "clusters: the deck would have at least 11,",
                         f"a build makes at most {budget.MAX_SLIDES:,}", seconds=15)


def test_a_few_cases_with_thousands_of_options_are_refused_up_front(world):
    """Few case sheets, but each runs to hundreds of pages: 100 groups x 1 case of 30,000 options."""
    from tests.sessions import session

    world.data = session(clusters=1, cases=1, groups=100, each=1)
    world.data["clusters"][0]["cases"][0]["options"] = {f"o{n}": f"Keuze {n}" for n in range(30_000)}
    world.save()
    outcome = world.run("build", "{session}", "--out", "out", "-q", "--only", "worksheets")
    world.assert_refused(outcome, 1, "clusters: the worksheets would have at least 50,100 pages (x 1 locale)",
                         f"a build prints at most {budget.MAX_PAGES:,}: reduce the options", seconds=30)
    assert not world.out.exists()


def test_the_budget_counts_every_locale(world):
    from tests.sessions import session

    world.data = session(clusters=50, cases=4, groups=60, each=50)  # 12,000 case sheets: fine once, not twice
    world.save()
    outcome = world.run("build", "{session}", "--out", "out", "-q", "--only", "worksheets",
                        "--locale", "nl-BE", "--locale", "qps-ploc")
    world.assert_refused(outcome, 1, "the worksheets would print 24,000 cases", "x 2 locales", seconds=15)


# -- SOURCE_DATE_EPOCH and watch ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "4354819200", "soon", "1e9"])
def test_a_bad_source_date_epoch_is_a_usage_error(world, value, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    outcome = world.run("build", "{session}", "--out", "out", "-q")
    world.assert_refused(outcome, 2, f"SOURCE_DATE_EPOCH={value}")
    assert not world.out.exists()


@pytest.mark.parametrize("where", ["content/out", "content/locales/out", "out"])
def test_watch_ignores_its_own_output_folder_wherever_it_is(world, where):
    watched = Watched(world.session, layouts=world.work / "lay", template=None)
    watched.ignore(world.work / where)
    written = world.work / where / "nl-BE" / "deck.pptx"
    assert not watched.relevant(written)
    assert watched.relevant(world.session)
    assert watched.relevant(world.content / "locales" / "fr_BE" / "LC_MESSAGES" / "test.po")


@pytest.mark.parametrize("where", ["locales/out", "out"])
def test_watch_with_its_output_in_the_content_folder_builds_once(world, where):
    """The issue's endless loop: outputs written where watch looks must not count as edits."""
    import queue
    import threading
    import time

    from deck.watch import watch

    pytest.importorskip("watchfiles")
    world.save()
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(world.session,), daemon=True,
                              kwargs=dict(out=world.content / where, on_event=events.put, stop=stop))
    thread.start()
    first = events.get(timeout=30)
    assert first.ok, first.error
    time.sleep(3)  # several debounce periods: a loop would have rebuilt by now
    stop.set()
    thread.join(30)
    assert events.empty(), [str(events.get()) for _ in range(events.qsize())]
