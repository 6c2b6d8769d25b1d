"""Font metrics and line breaking."""
from __future__ import annotations

import pytest

from deck.layouts import deck_layout
from deck.text.measure import metrics, wrap


@pytest.fixture(scope="module")
def regular():
    return metrics(deck_layout().regular)


def test_widths_scale_with_size_and_wider_glyphs_measure_wider(regular):
    assert regular.width("Wat doe je?", 20) == pytest.approx(2 * regular.width("Wat doe je?", 10))
    assert regular.width("WWWW", 10) > regular.width("iiii", 10)
    assert 1.1 < regular.line_height < 1.4  # Carlito, like Calibri: about 1.22 em


def test_every_line_fits_and_no_word_is_lost(regular):
    text = "Je merkt op Facebook dat een collega klaagt over de werking van je entiteit " * 3
    lines = wrap(text, regular, 18, 200)
    assert len(lines) > 3
    assert all(regular.width(line, 18) <= 200 for line in lines)
    assert " ".join(lines).split() == text.split()


def test_a_word_longer_than_the_line_is_cut_not_lost(regular):
    word = "arbeidsongeschiktheidsverzekeringsmaatschappij"
    lines = wrap(word, regular, 24, 120)
    assert len(lines) > 1 and "".join(lines) == word
    assert all(regular.width(line, 24) <= 120 for line in lines)


def test_hard_line_breaks_are_kept(regular):
    assert wrap("een\ntwee", regular, 12, 500) == ["een", "twee"]
