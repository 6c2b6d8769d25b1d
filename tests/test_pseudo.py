"""The pseudo-locale: bracketed, accented, 40 % longer, glyphs the shipped font has."""
from __future__ import annotations

from deck.layouts import deck_layout
from deck.pseudo import GROWTH, pseudo
from deck.text.measure import metrics


def test_pseudo_text_is_bracketed_accented_and_longer():
    source = "Wat doe je als een burger kritiek geeft op je entiteit?"
    text = pseudo(source)
    assert text.startswith("[Ŵåţ ďöé ĵé") and text.endswith("]")
    assert len(text) >= len(source) * (1 + GROWTH)


def test_fields_survive_when_asked():
    assert "{n}" in pseudo("Group {n}", keep_fields=True)


def test_every_pseudo_glyph_is_in_the_shipped_font():
    font = metrics(deck_layout().regular)
    text = pseudo("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz" * 3)
    assert [c for c in set(text) if ord(c) not in font.widths] == []
