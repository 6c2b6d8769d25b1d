"""Where lines may break in scripts written with and without spaces, and which texts read right to left."""
from __future__ import annotations

from deck.text.scripts import is_rtl, language_is_rtl, tokens


def test_words_break_at_spaces_only():
    assert tokens("Een  dilemma, of niet?") == [("Een", True), ("dilemma,", True), ("of", True), ("niet?", True)]


def test_cjk_breaks_between_characters_but_not_before_closing_punctuation():
    pieces = [piece for piece, _ in tokens("你好。世界，「朋友」")]
    assert "".join(pieces) == "你好。世界，「朋友」"
    assert "好。" in pieces and "界，" in pieces  # the stop and comma stay with the character before
    assert "「朋" in pieces and "友」" in pieces  # an opening bracket with what follows, a closing one before
    assert not any(piece[0] in "。，」" for piece in pieces)


def test_latin_inside_cjk_stays_whole():
    pieces = [piece for piece, _ in tokens("我用Facebook和微信")]
    assert "Facebook" in "".join(pieces) and any("Facebook" in piece for piece in pieces)


def test_direction():
    assert is_rtl("Group 1: مرحبا") and is_rtl("שלום") and not is_rtl("Γεια σου") and not is_rtl("你好")
    assert language_is_rtl("ar-MA") and language_is_rtl("he") and not language_is_rtl("tr-TR")
