"""The documented limits (docs/limits.md): what the loader accepts, and the exact error just past each."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from pptx import Presentation

from deck import format as fmt
from deck import load
from deck.cli import main
from deck.errors import ContentError
from deck.render import deck as deck_renderer
from deck.schema import Context

from ..test_load import BAD, MINIMAL, edit


def report(data: bytes) -> str:
    with pytest.raises(ContentError) as raised:
        load.parse(data, "session.yaml")
    return str(raised.value)


def test_the_limits_are_the_documented_ones():
    assert load.MAX_BYTES == 5_000_000
    assert (fmt.LINE, fmt.PARAGRAPH) == (300, 3_000)
    assert Context("x").budget == 200_000
    assert (deck_renderer.MAX_TEMPLATE_BYTES, deck_renderer.MAX_TEMPLATE_ENTRIES) == (536_870_912, 10_000)


def test_file_size_up_to_the_limit_loads_and_one_byte_more_does_not():
    data = MINIMAL.read_bytes()
    padded = data + b"#" + b"x" * (load.MAX_BYTES - len(data) - 2) + b"\n"
    assert len(padded) == load.MAX_BYTES
    load.parse(padded, "session.yaml")
    assert report(padded + b"\n") == ("session.yaml:1:1: the file is 5,000,001 bytes; "
                                      "a session file holds at most 5,000,000\n1 problem found")


def test_a_line_of_text_holds_300_characters():
    load.parse(edit(("title: Alpha", "title: " + "a" * 300)), "session.yaml")
    assert report(edit(("title: Alpha", "title: " + "a" * 301))) == (
        "session.yaml:14:12: clusters[alpha].title: text is 301 characters long; "
        "at most 300 fit on a slide or sheet\n1 problem found")


def test_a_paragraph_holds_3000_characters():
    load.parse(edit(("dilemma: First dilemma?", "dilemma: " + "a" * 3_000)), "session.yaml")
    assert report(edit(("dilemma: First dilemma?", "dilemma: " + "a" * 3_001))) == (
        "session.yaml:17:18: clusters[alpha].cases[one].dilemma: text is 3,001 characters long; "
        "at most 3,000 fit on a slide or sheet\n1 problem found")


def test_a_300_character_title_builds_a_deck(tmp_path, monkeypatch):
    """Document properties hold 255 characters: the title is cut there, not refused with a traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "session.yaml").write_bytes(edit(("title: Minimal session", "title: " + "T" * 300)))
    result = CliRunner().invoke(main, ["build", "session.yaml", "--out", "out", "-q", "--only", "deck"])
    assert result.exit_code == 0, result.output
    assert Presentation(tmp_path / "out" / "nl-BE" / "deck.pptx").core_properties.title == "T" * 255


def test_aliases_expand_to_at_most_200000_values():
    assert report((BAD / "alias_bomb.yaml").read_bytes()).startswith(
        "session.yaml:8:154: clusters[19].cases[22].options[o15]: the document expands to too many values "
        "(an alias bomb?); write the content out without aliases")


def nested(depth: int) -> bytes:
    return b"session: " + b"[" * depth + b"]" * depth + b"\n"


def test_nesting_a_hundred_deep_is_only_the_wrong_shape_but_thousands_deep_is_refused():
    assert "nested too deeply" not in report(nested(100))
    assert report(nested(5_000)) == "session.yaml:1:1: nested too deeply to be a session file\n1 problem found"
