"""Watch mode: an edit rebuilds what it affects, a broken edit is reported and the last good outputs stay."""
from __future__ import annotations

import queue
import threading
import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("watchfiles")

from deck.watch import Watched, watch  # noqa: E402

from .sessions import session, write  # noqa: E402

WAIT = 15  # seconds: an upper bound, never slept through; each step returns as soon as its event arrives


@pytest.fixture
def watching(tmp_path):
    """Starts watch() on a fresh session in a thread; yields (content, out, next_event); stops it after."""
    content = write(session(), tmp_path)
    out = tmp_path / "out"
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(content,),
                              kwargs=dict(out=out, on_event=events.put, stop=stop), daemon=True)
    thread.start()

    def next_event():
        return events.get(timeout=WAIT)

    first = next_event()
    assert first.ok and first.changed == (), first.error
    yield content, out, next_event
    stop.set()
    thread.join(WAIT)
    assert not thread.is_alive()


def _deck_titles(path: Path) -> list[str]:
    from pptx import Presentation

    return [slide.shapes.title.text for slide in Presentation(str(path)).slides if slide.shapes.title]


def test_an_edit_rebuilds_the_outputs(watching):
    content, out, next_event = watching
    assert "Nieuwe titel" not in _deck_titles(out / "nl-BE" / "deck.pptx")
    content.write_text(content.read_text(encoding="utf-8").replace("title: Sessie", "title: Nieuwe titel"),
                       encoding="utf-8")
    event = next_event()
    assert event.ok, event.error
    assert event.changed and event.changed[0].name == content.name
    assert "deck" in event.outputs and "worksheets" in event.outputs
    assert event.seconds > 0 and "rebuilt" in str(event)
    assert "Nieuwe titel" in _deck_titles(out / "nl-BE" / "deck.pptx")


def test_a_broken_edit_is_reported_and_the_last_good_outputs_stay(watching):
    content, out, next_event = watching
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert any(p.name == "deck.pptx" for p in before)
    good = content.read_text(encoding="utf-8")
    content.write_text(good.replace("count: 2", "count: twee"), encoding="utf-8")
    event = next_event()
    assert not event.ok
    assert f"{content}:" in event.error and "groups.count" in event.error
    assert "last good outputs stay" in str(event)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    # ... and it keeps watching: the fix builds again.
    content.write_text(good.replace("title: Sessie", "title: Hersteld"), encoding="utf-8")
    event = next_event()
    assert event.ok, event.error
    assert "Hersteld" in _deck_titles(out / "nl-BE" / "deck.pptx")


def test_a_change_rebuilds_only_what_it_affects(tmp_path):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "default.yaml").write_text("template: default.pptx\nworksheets:\n  page: a4\n", encoding="utf-8")
    content = write(session(), tmp_path)
    watched = Watched(content, layouts=layouts)
    assert watched.outputs([content]) == ("deck", "worksheets", "guide", "handout")
    assert watched.outputs([tmp_path / "locales" / "fr_BE" / "LC_MESSAGES" / "session.po"])[0] == "deck"
    assert watched.outputs([layouts / "default.pptx"]) == ("deck",)
    (layouts / "default.yaml").write_text("template: default.pptx\nworksheets:\n  page: letter\n",
                                          encoding="utf-8")
    assert watched.outputs([layouts / "default.yaml"]) == ("worksheets", "guide", "handout")
    (layouts / "default.yaml").write_text("template: other.pptx\nworksheets:\n  page: letter\n",
                                          encoding="utf-8")
    assert watched.outputs([layouts / "default.yaml"]) == ("deck", "worksheets", "guide", "handout")
    assert not watched.relevant(tmp_path / "out" / "nl-BE" / "deck.pptx")
    assert not watched.relevant(tmp_path / ".session.yaml.123.tmp")
    assert watched.relevant(content) and watched.relevant(layouts / "fonts" / "x.ttf")


def test_answers_collected_beside_the_session_rebuild_the_deck_and_run_sheet(tmp_path):
    content = write(session(), tmp_path)
    watched = Watched(content)
    answers = tmp_path / "answers.json"
    assert watched.relevant(answers) and not watched.relevant(tmp_path / "answers.csv")
    assert watched.outputs([answers]) == ("deck", "guide")


def _with_pictures(folder: Path) -> Path:
    """A session whose title block and first case show pictures, and whose video block names a file."""
    from .render.test_pictures import png

    (folder / "media").mkdir()
    png(folder / "media" / "titel.png", 40, 30)
    png(folder / "media" / "geval.png", 50, 20)
    data = session()
    data["agenda"][0]["image"] = {"file": "media/titel.png", "alt": "De titelfoto"}
    data["clusters"][0]["cases"][0]["image"] = {"file": "media/geval.png", "alt": "Een bureau"}
    data["agenda"][2]["file"] = "media/film.mp4"  # not there yet
    return write(data, folder)


def test_the_media_the_session_names_are_watched_and_nothing_else(tmp_path):
    content = _with_pictures(tmp_path)
    watched = Watched(content)
    media = tmp_path / "media"
    assert watched.relevant(media / "titel.png") and watched.relevant(media / "geval.png")
    assert watched.relevant(media / "film.mp4")  # missing: copying it in is a change
    assert not watched.relevant(media / "other.png") and not watched.relevant(tmp_path / "notes.txt")
    assert watched.outputs([media / "geval.png"]) == ("deck", "worksheets", "guide", "handout")
    assert watched.outputs([media / "film.mp4"]) == ("deck",)
    # unzipped from a Mac: the name typed in NFC, the file stored in NFD
    content.write_text(content.read_text(encoding="utf-8").replace("media/film.mp4", "media/crème.mp4"),
                       encoding="utf-8")
    watched.outputs([content])
    assert watched.relevant(media / unicodedata.normalize("NFD", "crème.mp4"))
    # The session names another picture: that one is watched from then on, the old one not.
    content.write_text(content.read_text(encoding="utf-8").replace("media/titel.png", "media/nieuw.png"),
                       encoding="utf-8")
    watched.outputs([content])
    assert watched.relevant(media / "nieuw.png") and not watched.relevant(media / "titel.png")


def test_media_outside_the_rules_are_not_watched_and_a_broken_session_does_not_crash(tmp_path):
    (tmp_path / "inner").mkdir()
    data = session()
    data["agenda"][0]["image"] = {"file": "../buiten.png", "alt": "x"}
    data["agenda"][-1]["image"] = {"file": ".verborgen/foto.png", "alt": "x"}
    content = write(data, tmp_path / "inner")
    watched = Watched(content)
    assert not watched.relevant(tmp_path / "buiten.png")
    assert not watched.relevant(tmp_path / "inner" / ".verborgen" / "foto.png")
    content.write_text("agenda: [\n", encoding="utf-8")  # not YAML: nothing named, nothing raised
    assert watched.outputs([content]) == ("deck", "worksheets", "guide", "handout")
    content.write_bytes(b"\xff\xfe")
    assert watched.outputs([content])


def test_replacing_a_picture_rebuilds_and_a_missing_one_copied_in_builds(tmp_path):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from .render.test_pictures import png

    content = _with_pictures(tmp_path)
    data = session()
    data["agenda"][0]["image"] = {"file": "media/titel.png", "alt": "De titelfoto"}
    data["agenda"][-1]["image"] = {"file": "media/later.png", "alt": "Tips"}  # missing at first
    write(data, tmp_path)
    out = tmp_path / "out"
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(content,), kwargs=dict(out=out, on_event=events.put, stop=stop),
                              daemon=True)
    thread.start()

    def title_picture() -> tuple[int, int]:
        slide = Presentation(str(out / "nl-BE" / "deck.pptx")).slides[0]
        [picture] = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        return picture.image.size
    try:
        first = events.get(timeout=WAIT)
        assert not first.ok and "no file 'media/later.png'" in first.error
        png(tmp_path / "media" / "later.png", 30, 30)
        event = events.get(timeout=WAIT)
        assert event.ok, event.error
        assert event.changed == (tmp_path / "media" / "later.png",)
        assert title_picture() == (40, 30)
        png(tmp_path / "media" / "titel.png.new", 80, 20)  # as editors save: a new file renamed over the old
        (tmp_path / "media" / "titel.png.new").replace(tmp_path / "media" / "titel.png")
        event = events.get(timeout=WAIT)
        while tmp_path / "media" / "titel.png" not in event.changed:
            event = events.get(timeout=WAIT)
        assert event.ok, event.error
        assert event.outputs == ("deck", "worksheets", "guide", "handout")
        assert title_picture() == (80, 20)
        (tmp_path / "media" / "titel.png").touch()
        event = events.get(timeout=WAIT)
        assert event.ok and event.changed == (tmp_path / "media" / "titel.png",), event
        (tmp_path / "media" / "titel.png").unlink()  # a picture gone: reported, watching goes on
        event = events.get(timeout=WAIT)
        assert not event.ok and "no file 'media/titel.png'" in event.error
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()
