"""Font fallback: the cmap reader, chains and runs, with the shipped font and the system's."""
from __future__ import annotations

from reportlab.pdfbase.ttfonts import TTFont

from deck.layouts import sheet_layout
from deck.text.fallback import chain, font, read_font, system_font
from deck.text.measure import metrics, with_fallback, wrap

from ..scripts.fonts import require_script_fonts

CARLITO = sheet_layout().fonts["regular"]


def reportlab_chars(path) -> set[int]:
    # ReportLab maps a no-break space to the space when the font has none, as font() does; read_font does not.
    return {code for code, glyph in TTFont(f"check-{path.stem}", str(path)).face.charToGlyph.items() if glyph}


def read_chars(path) -> set[int]:
    return {c for start, end in read_font(path)["ranges"] for c in range(start, end + 1)}


def test_cmap_reader_agrees_with_reportlab_on_the_shipped_font():
    # Two independent parsers of the same file: ours (no ReportLab, for `check`) and ReportLab's.
    assert read_chars(CARLITO) == reportlab_chars(CARLITO) - {0xA0}
    assert font(CARLITO).chars == reportlab_chars(CARLITO)
    assert read_font(CARLITO)["family"] == "Carlito"


def test_system_fonts_read_like_reportlab_reads_them():
    require_script_fonts()
    arabic = system_font("ا", "regular")
    assert read_chars(arabic.path) == reportlab_chars(arabic.path) and arabic.truetype
    cjk = system_font("中", "regular")
    assert read_chars(cjk.path) == reportlab_chars(cjk.path) - {0xA0} and cjk.truetype


def test_text_the_first_font_has_is_one_run():
    regular = chain("regular", (CARLITO,))
    assert regular.covers("Ελληνικά, українська, Türkçe")
    assert regular.runs("Ελληνικά, українська") == [(regular.first, "Ελληνικά, українська")]


def test_other_scripts_are_set_in_runs_of_the_fonts_that_have_them():
    require_script_fonts()
    regular = chain("regular", (CARLITO,))
    runs = regular.runs("Groep 1: مرحبا بالعالم and 你好")
    assert "".join(text for _, text in runs) == "Groep 1: مرحبا بالعالم and 你好"
    arabic = next(f for f, text in runs if "مرحبا" in text)
    assert arabic is not regular.first
    assert any(text.strip() == "مرحبا بالعالم" for _, text in runs)  # a phrase is one run, its space too
    assert all(f.has(c) for f, text in runs for c in text if not c.isspace())
    assert regular.missing("مرحبا 你好") == []


def test_a_letter_and_its_marks_stay_in_one_font():
    require_script_fonts()
    regular = chain("regular", (CARLITO,))
    # e + combining acute: the precomposed é, which the first font has, not the mark in another font
    assert regular.runs("cafe\u0301") == [(regular.first, "café")]
    for text in ("שָׁלוֹם", "مَرْحَبًا بِكُمْ"):  # Hebrew points, Arabic harakat: with their letters
        runs = [(f, t) for f, t in regular.runs(text) if t.strip()]
        assert len(runs) == 1 and all(runs[0][0].has(c) for c in runs[0][1] if not c.isspace())


def test_a_character_no_font_has_is_missing_once(monkeypatch):
    private = "\U000F0041"  # plane 15 private use: in no font anyone ships
    assert chain("regular", (CARLITO,)).missing(f"a{private}b{private}") == [private]


def test_cjk_measures_in_the_fallback_font_and_breaks_between_characters():
    require_script_fonts()
    m = with_fallback(metrics(CARLITO), (CARLITO,))
    text = "你的上司在脸书上给你发了好友请求。你会怎么做？" * 20
    assert m.width("你", 10) > metrics(CARLITO).width("你", 10) * 0.5  # measured in a CJK font, not as a box
    lines = wrap(text, m, 20, 300)
    assert len(lines) > 5 and "".join(lines) == text
    assert all(m.width(line, 20) <= 300 for line in lines)
    assert not any(line[0] in "。？" for line in lines)


def test_a_word_longer_than_the_line_breaks_inside_itself():
    m = metrics(CARLITO)
    word = "x" * 3000
    lines = wrap(word, m, 18, 400)
    assert "".join(lines) == word and all(m.width(line, 18) <= 400 for line in lines)
