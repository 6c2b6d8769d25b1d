"""Stable translation keys: made of ids, unique, and unchanged when content is reordered."""
from __future__ import annotations

from dataclasses import replace

from deck import keys


def test_every_text_has_a_unique_key(summerschool):
    found = keys.texts(summerschool.session)
    assert len({t.key for t in found}) == len(found)
    assert "clusters/organisatie/cases/cv-vdab/options/offline" in {t.key for t in found}


def test_keys_survive_reordering(summerschool):
    session = summerschool.session
    shuffled = replace(session, clusters=tuple(
        replace(c, cases=c.cases[::-1]) for c in session.clusters[::-1]))
    as_map = lambda s: {t.key: t.value for t in keys.texts(s)}
    assert as_map(shuffled) == as_map(session)


def test_every_key_path_points_at_its_line_in_the_source(summerschool):
    session = summerschool.session
    lines = session.source.path and open(session.source.path, encoding="utf-8").read().splitlines()
    for text in keys.texts(session):
        line, _ = session.source.position(text.path)
        assert text.path in session.source.positions, text.path
        first_words = text.value.split()[0]
        window = "\n".join(lines[line - 1:line + 2])
        assert first_words in window, (text.key, line)


def test_translated_replaces_every_text_and_nothing_else(summerschool):
    session = summerschool.session
    upper = keys.translated(session, lambda key, text: f"[{key}]")
    assert all(t.value == f"[{t.key}]" for t in keys.texts(upper))
    assert upper.meta.id == session.meta.id
    assert [c.id for c in upper.clusters] == [c.id for c in session.clusters]
