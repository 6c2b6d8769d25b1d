"""Fitting: the largest readable size, or pages of it, never losing text."""
from __future__ import annotations

import pytest

from deck.layouts import deck_layout
from deck.text.fit import Box, Fonts, Para, best_size, fits, paginate
from deck.text.measure import metrics


@pytest.fixture(scope="module")
def fonts():
    layout = deck_layout()
    return Fonts(metrics(layout.regular), metrics(layout.bold), metrics(layout.italic))


LONG = "Een medewerker deelt op sociale media kritiek op een beslissing van de minister. " * 8


def test_best_size_is_the_largest_that_fits(fonts):
    box = Box(400, 200)
    size = best_size([([Para(LONG[:300])], box)], fonts, 40, 10)
    assert size and fits([Para(LONG[:300])], fonts, size, box)
    assert not fits([Para(LONG[:300])], fonts, size + 1, box)


def test_no_size_when_nothing_fits_at_the_smallest(fonts):
    assert best_size([([Para(LONG * 3)], Box(300, 100))], fonts, 28, 18) is None


def test_pages_fit_and_keep_every_word_in_order(fonts):
    box = Box(500, 250)
    paras = [Para(LONG, style="dilemma"), *(Para(f"Optie {n}: " + LONG[:120], style="option") for n in range(6))]
    pages = paginate(paras, fonts, 18, box)
    assert len(pages) > 1
    assert all(fits(page, fonts, 18, box) for page in pages)
    assert " ".join(p.text for page in pages for p in page).split() == " ".join(p.text for p in paras).split()
    # A paragraph split over pages keeps its bullet only on its first part.
    styles = [p.style for page in pages for p in page]
    assert styles[0] == "dilemma" and "dilemma-continued" in styles
