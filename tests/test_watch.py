"""Watch mode: an edit rebuilds what it affects, a broken edit is reported and the last good outputs stay."""
from __future__ import annotations

import queue
import threading
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
