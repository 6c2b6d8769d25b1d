"""The print file assembled from recorded group pages: the same pages as laying it out afresh."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

import deck.render.worksheets as worksheets
from deck.layouts import sheet_layout
from deck.render import replay
from deck.session import open_session
from deck.model import Case

from ..conftest import SUMMERSCHOOL
from .test_worksheets import page_texts


def build_both(tmp_path, monkeypatch, planned):
    """The worksheets built by replay, then again with every recording refused (a fresh layout)."""
    replayed = worksheets.render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path / "replayed")
    made = []
    monkeypatch.setattr(worksheets, "assemble", lambda *args, **kwargs: made.append(1) or pytest.fail("replayed"))
    original = worksheets.build_recorded

    def unportable(*args, **kwargs):
        data, pages, recording = original(*args, **kwargs)
        recording.portable = False
        return data, pages, recording

    monkeypatch.setattr(worksheets, "build_recorded", unportable)
    fresh = worksheets.render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path / "fresh")
    return replayed[-1].path, fresh[-1].path


def test_the_replayed_print_file_has_the_pages_text_and_fields_of_a_fresh_layout(tmp_path, monkeypatch):
    replayed, fresh = build_both(tmp_path, monkeypatch, open_session(SUMMERSCHOOL))
    assert page_texts(replayed) == page_texts(fresh)
    a, b = PdfReader(replayed), PdfReader(fresh)
    assert len(a.pages) == len(b.pages)
    assert a.get_fields().keys() == b.get_fields().keys()
    # Each field sits on the same page, at the same place.
    spots = [sorted((widget["/T"], tuple(round(float(v), 1) for v in widget["/Rect"]))
                    for widget in (ref.get_object() for ref in page.get("/Annots", [])))
             for reader in (a, b) for page in reader.pages]
    half = len(spots) // 2
    assert spots[:half] == spots[half:]


def test_a_group_page_in_the_print_file_is_the_page_of_the_groups_own_pdf(tmp_path):
    results = worksheets.render_worksheets(open_session(SUMMERSCHOOL), sheet_layout(), "nl-BE", tmp_path)
    combined = page_texts(results[-1].path)
    first = page_texts(results[0].path)
    assert combined[:len(first)] == first


def test_a_character_outside_the_seed_makes_the_print_file_laid_out_afresh(tmp_path, monkeypatch):
    """A seed that misses characters the texts use: recordings refuse, and the file is still right."""
    planned = open_session(SUMMERSCHOOL)
    seed = replay.chars_of("abc")  # three letters and punctuation: the texts hold many more
    assert set(replay.chars_of(planned.session)) - set(seed)
    monkeypatch.setattr(worksheets, "chars_of", lambda *values: seed)
    fresh = []
    original = worksheets.build
    monkeypatch.setattr(worksheets, "build", lambda *a, **k: fresh.append(1) or original(*a, **k))
    results = worksheets.render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path)
    assert fresh, "the print file should have been laid out afresh"
    texts = " ".join(page_texts(results[-1].path))
    for group in results[:-1]:
        assert " ".join(page_texts(group.path))[:200] in texts


def test_chars_of_walks_nested_data_and_keeps_ascii_and_typography():
    case = Case(id="c", dilemma="Ħ", options=(), questions=())
    chars = replay.chars_of({"k": [case, ("ж",)]})
    assert {"Ħ", "ж", "c", "7", "“", "–", " "} <= set(chars)
    assert chars == "".join(sorted(chars))
