"""Catalogs: extract, update (fuzzy, obsolete, new), status, and builds that carry translations."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from pptx import Presentation

from deck import i18n
from deck.build import build
from deck.cli import main
from deck.errors import DeckError
from deck.session import open_session

from .sessions import session, write


def translate_all(po: Path, prefix: str = "EN ") -> None:
    """Stand in for a translator: every message gets a marked translation."""
    with po.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        if message.id:
            message.string = prefix + message.id
            message.flags.discard("fuzzy")
    with po.open("wb") as stream:
        write_po(stream, catalog)


@pytest.fixture
def content(tmp_path) -> Path:
    return write(session(), tmp_path)


def test_extract_writes_keys_comments_and_source_lines(content):
    pot = i18n.extract(open_session(content).session, content)
    assert pot == content.parent / "locales" / "test.pot"
    text = pot.read_text(encoding="utf-8")
    assert 'msgctxt "clusters/c0/cases/k0/options/o1"' in text
    assert "#. Appears as: answer option (case slide, worksheet)." in text
    lines = content.read_text(encoding="utf-8").splitlines()
    reference = next(l for l in text.splitlines() if l.startswith("#: ") and "session.yaml" in l)
    line = int(reference.rsplit(":", 1)[1])
    assert "Sessie" in lines[line - 1]  # the first message is the title, on its own line


def test_round_trip_translate_build_change_update(content, tmp_path):
    planned = open_session(content)
    po, state = i18n.update(planned.session, content, "en-GB")
    assert po == content.parent / "locales/en_GB/LC_MESSAGES/test.po"
    assert state.untranslated == state.total > 20 and state.translated == 0
    translate_all(po)

    written = build(content, out=tmp_path / "out", locales=["en-GB"])
    deck = next(w.path for w in written if w.kind == "deck")
    slides_text = " ".join(shape.text_frame.text for slide in Presentation(deck).slides
                           for shape in slide.shapes if shape.has_text_frame)
    assert "EN Wat doe je?" in slides_text and "EN Cluster 0" in slides_text
    sheet = next(w.path for w in written if w.path.name == "group-1.pdf")
    with pdfplumber.open(sheet) as pdf:
        assert "EN Wat doe je?" in " ".join(p.extract_text() for p in pdf.pages)
    assert Presentation(deck).core_properties.language == "en-GB"

    # The trainer edits one Dutch text, removes a document's quote and adds a tip.
    source = content.read_text(encoding="utf-8")
    source = source.replace("Je doet iets. (1)", "Je doet iets anders. (1)")
    source = source.replace("b: Tweede tip.", "b: Tweede tip.\n    c: Derde tip.")
    content.write_text(source, encoding="utf-8")
    edited = open_session(content).session
    _, state = i18n.update(edited, content, "en-GB")
    with po.open("rb") as stream:
        catalog = read_po(stream)
    fuzzy = [m for m in catalog if m.id and m.fuzzy]
    assert [m.context for m in fuzzy] == [f"clusters/{c}/cases/k0/options/o1" for c in ("c0", "c1")]
    assert fuzzy[0].string == "EN Je doet iets. (1)"  # kept for the translator to revise
    text = po.read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "Je doet iets. (1)"\nmsgctxt "clusters/c0/cases/k0/options/o1"' in text
    assert [m.context for m in catalog if m.id and not m.string] == ["agenda/tips/points/c"]
    assert (state.fuzzy, state.untranslated, state.translated) == (2, 1, state.total - 3)
    assert i18n.status(edited) == [state]

    # Stale and missing texts fall back to Dutch, each named; strict refuses.
    warnings = []
    build(content, out=tmp_path / "out", locales=["en-GB"], only=["deck"], warn=warnings.append)
    assert len(warnings) == 3 and any("agenda/tips/points/c" in w and "untranslated" in w for w in warnings)
    assert all("(line " in w for w in warnings)
    with pytest.raises(DeckError, match="3 texts have no current translation"):
        build(content, out=tmp_path / "strict", locales=["en-GB"], strict=True)
    assert not (tmp_path / "strict").exists()


def test_removed_texts_become_obsolete_and_keep_their_translation(content):
    planned = open_session(content)
    po, _ = i18n.update(planned.session, content, "fr-BE")
    translate_all(po, "FR ")
    content.write_text(content.read_text(encoding="utf-8").replace("    b: Tweede tip.\n", ""), encoding="utf-8")
    _, state = i18n.update(open_session(content).session, content, "fr-BE")
    assert state.obsolete == 1
    assert '#~ msgctxt "agenda/tips/points/b"' in po.read_text(encoding="utf-8")


def test_a_broken_catalog_is_reported_with_its_line(content):
    po, _ = i18n.update(open_session(content).session, content, "de-DE")
    lines = po.read_text(encoding="utf-8").splitlines()
    po.write_text("\n".join([*lines, 'msgid "x"', 'msgstr "y"', 'msgbogus "z"', ""]), encoding="utf-8")
    with pytest.raises(DeckError, match=rf"de_DE/LC_MESSAGES/test.po:{len(lines) + 3}: Unknown or misformatted keyword 'msgbogus';"):
        i18n.localize(open_session(content).session, "de-DE")


def test_an_unknown_locale_tag_is_refused(content):
    with pytest.raises(DeckError, match="'xx-QQ' is not a locale Babel knows"):
        i18n.update(open_session(content).session, content, "xx-QQ")


def test_pseudo_locale_is_built_on_the_fly(content, tmp_path):
    [deck] = build(content, out=tmp_path / "out", locales=["qps-ploc"], only=["deck"])
    titles = [s.shapes.title.text_frame.text for s in Presentation(deck.path).slides]
    assert all(t.startswith("[") and "]" in t for t in titles)


def test_cli_i18n_commands(content):
    runner = CliRunner()
    assert runner.invoke(main, ["i18n", "extract", str(content)]).exit_code == 0
    result = runner.invoke(main, ["i18n", "update", str(content)])
    assert result.exit_code == 2 and "--locale" in result.output
    assert runner.invoke(main, ["i18n", "update", str(content), "--locale", "en-GB"]).exit_code == 0
    result = runner.invoke(main, ["i18n", "status", str(content), "--strict"])
    assert result.exit_code == 1 and "en-GB" in result.output and "0.0%" in result.output
    translate_all(content.parent / "locales/en_GB/LC_MESSAGES/test.po")
    result = runner.invoke(main, ["i18n", "status", str(content), "--strict"])
    assert result.exit_code == 0 and "100.0%" in result.output


def test_a_text_that_comes_back_gets_its_old_translation_and_headers_stay(content):
    po, _ = i18n.update(open_session(content).session, content, "fr-BE")
    translate_all(po, "FR ")
    text = po.read_text(encoding="utf-8").replace("Last-Translator: FULL NAME <EMAIL@ADDRESS>",
                                                   "Last-Translator: Anne <anne@example.org>")
    po.write_text(text, encoding="utf-8")
    original = content.read_text(encoding="utf-8")
    content.write_text(original.replace("    b: Tweede tip.\n", ""), encoding="utf-8")
    i18n.update(open_session(content).session, content, "fr-BE")
    content.write_text(original, encoding="utf-8")
    _, state = i18n.update(open_session(content).session, content, "fr-BE")
    assert state.complete and state.obsolete == 0
    assert "Last-Translator: Anne <anne@example.org>" in po.read_text(encoding="utf-8")


def test_references_do_not_depend_on_the_working_folder(content, monkeypatch, tmp_path):
    session = open_session(content).session
    first = i18n.extract(session, content).read_bytes()
    monkeypatch.chdir(tmp_path.parent)
    assert i18n.extract(session, content).read_bytes() == first
    assert b"#: ../session.yaml:" in first


def test_locale_tags_compare_without_case(content):
    session = open_session(content).session
    assert i18n.localize(session, "NL-be")[0] is session


def test_one_text_without_translation_and_one_file_are_counted_in_the_singular(content, tmp_path):
    po, _ = i18n.update(open_session(content).session, content, "en-GB")
    translate_all(po)
    source = content.read_text(encoding="utf-8").replace("b: Tweede tip.", "b: Tweede tip.\n    c: Derde tip.")
    content.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(content), "--out", str(tmp_path / "out"), "--locale", "en-GB",
                                       "--only", "deck", "--strict"])
    assert result.exit_code == 1
    assert "en-GB: 1 text has no current translation:" in result.output
    result = CliRunner().invoke(main, ["build", str(content), "--out", str(tmp_path / "out"), "--locale", "nl-BE",
                                       "--only", "deck"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^1 file in [0-9.]+ s$", result.output, re.M), result.output
