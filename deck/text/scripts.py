"""Which writing system a text is in, as far as laying it out cares: direction, and breaking between characters.

Plain Unicode ranges, no library: `check` uses this too, and must start fast.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, and their presentation forms.
_RTL = "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
_ARABIC = "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"
# Han, kana, Hangul, CJK punctuation and full-width forms: scripts written without spaces between words.
_CJK_CHARS = ("\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff\ua960-\ua97f"
              "\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f")
_CJK = f"[{_CJK_CHARS}]"


@cache
def _pattern(ranges: str) -> re.Pattern:
    """Compiled on first use: a text in ASCII never needs it, and `check` starts faster without."""
    return re.compile(ranges)

# A line may not start with these (closing brackets, stops, small kana, the prolonged sound mark),
# nor end with the opening brackets: the usual Japanese and Chinese rule (kinsoku).
NO_BREAK_BEFORE = frozenset("、。，．・：；？！ー）」』】〕〉》〗〙〟’”),.:;?!ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻…‥％")
NO_BREAK_AFTER = frozenset("（「『【〔〈《〖〘〝‘“(")


def is_rtl(text: str) -> bool:
    """Whether text holds right-to-left letters (then its paragraph reads right to left)."""
    return not text.isascii() and _pattern(_RTL).search(text) is not None


def starts_rtl(text: str) -> bool:
    """Whether a paragraph of text reads right to left: its first strong letter does (Unicode's bidi rule P2)."""
    if text.isascii():
        return False
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def has_arabic(text: str) -> bool:
    return not text.isascii() and _pattern(_ARABIC).search(text) is not None


def has_cjk(text: str) -> bool:
    return not text.isascii() and _pattern(_CJK).search(text) is not None


def is_cjk(char: str) -> bool:
    return not char.isascii() and _pattern(_CJK).match(char) is not None


def needs_glyph(char: str) -> bool:
    """Whether char is drawn: controls and format characters (joiners, direction marks) are not."""
    return unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp")


def language_is_rtl(locale: str) -> bool:
    """Whether a BCP 47 tag names a language written right to left."""
    return locale.split("-")[0].lower() in {"ar", "he", "iw", "fa", "ur", "ps", "yi", "sd", "ug", "dv", "ckb"}


def tokens(text: str) -> list[tuple[str, bool]]:
    """The places a line may break, as (piece, space before) pairs.

    Words break at spaces; in scripts written without spaces, between any two
    characters, except before closing punctuation and after opening brackets.
    """
    found: list[tuple[str, bool]] = []
    for word in text.split():
        if not has_cjk(word):
            found.append((word, True))
            continue
        first = True
        for char in word:
            joins = (found and not first and
                     (char in NO_BREAK_BEFORE or found[-1][0][-1] in NO_BREAK_AFTER
                      or not (is_cjk(char) or is_cjk(found[-1][0][-1]))))
            if joins:
                found[-1] = (found[-1][0] + char, found[-1][1])
            else:
                found.append((char, first))
            first = False
    return found
