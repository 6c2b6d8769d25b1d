"""The tool's own words: catalogs in step with the source, placeholders intact, lists per locale."""
from __future__ import annotations

import re

import pytest

from deck import words
from deck.i18n import read_catalog

FIELD = re.compile(r"\{\w+\}")


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_catalog_translates_every_phrase_with_its_fields(language):
    catalog = read_catalog(words.LOCALES_DIR / language / "LC_MESSAGES" / "deck.po")
    messages = {m.context: m for m in catalog if m.id}
    assert set(messages) == set(words.SOURCE), "run deck.i18n.update_tool_words after changing SOURCE"
    for key, source in words.SOURCE.items():
        message = messages[key]
        assert message.id == source and message.string and not message.fuzzy, key
        assert sorted(FIELD.findall(message.string)) == sorted(FIELD.findall(source)), key


def test_words_fall_back_to_english_and_format_lists_per_locale():
    assert words.Words("nl-BE")("group", n=3) == "Groep 3"
    assert words.Words("sv-SE")("group", n=3) == "Group 3"
    assert words.Words("nl-BE").join(["1", "2", "3"]) == "1, 2 en 3"
    assert words.Words("fr-BE").join(["1", "2"]) == "1 et 2"
    assert words.Words("en-GB").join(["1", "2", "3"]) == "1, 2 and 3"


def test_pseudo_locale_words_keep_their_fields():
    text = words.Words(words.PSEUDO)("group_page", n=2, x=1, y=4)
    assert text.startswith("[") and "2" in text and "1" in text and "4" in text


def test_dates_and_times_follow_the_locale():
    assert words.Words("nl-BE").date("2026-07-01") == "1 juli 2026"
    assert words.Words("fr-BE").date("2026-07-01") == "1 juillet 2026"
    assert words.Words("en-US").time("14:05") == "2:05\u202fPM"
    assert words.Words("de-DE").time("14:05") == "14:05"


# What a count of one must not be followed by, in each language the tool speaks.
PLURAL_NOUNS = {"en": "groups|clusters", "nl": "groepen|clusters", "fr": "groupes|clusters", "de": "Gruppen"}


@pytest.mark.parametrize("locale", ["en-GB", "nl-BE", "fr-BE", "de-DE"])
def test_no_phrase_says_one_with_a_plural_noun(locale):
    say = words.Words(locale)
    plural = re.compile(rf"\b1 ({PLURAL_NOUNS[locale[:2]]})\b")
    for key, source in words.SOURCE.items():
        values = {name: 1 for name in FIELD.findall(source) for name in [name[1:-1]]}
        text = say(key, **values)
        assert not plural.search(text), (key, text)
