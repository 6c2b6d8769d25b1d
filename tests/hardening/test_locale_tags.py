"""Locales are language tags: nothing a user types as a locale reaches a path as typed."""
from __future__ import annotations

import pytest

from deck import locale_tag

from .hostile import World

ESCAPES = [
    "fr-BE.x/../../../esc",          # Babel's modifier syntax, the way out of --out in the issue
    "de-DE@x/../../../esc-po",       # the way out of the content folder through i18n update
    "../../etc",
    "/tmp/esc",
    "fr-BE/..",
    "fr\\BE",
    "fr-BE\x00",
    "nl-BE\n",
    "",
    "a" * 100,
    "fr_BE-x",                       # separators mixed
    "fr-BE-x-private",               # private use: no catalog of this tool needs it
    "fr_BE.UTF-8",                   # a POSIX charset
    "sr_RS@latin",                   # a POSIX modifier
    "fr--BE",
    "f-BE",
    "nl-BE-BE",
    "\u0665\u0666-BE",                # Arabic-Indic digits: alphanumeric to Python, not to BCP 47
]


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


@pytest.mark.parametrize("text", ESCAPES, ids=[repr(t)[:30] for t in ESCAPES])
def test_a_locale_that_is_not_a_tag_is_a_usage_error_on_build(world, text):
    outcome = world.run("build", "{session}", "--out", "out", "-q", "--locale", text)
    world.assert_refused(outcome, 2, "Invalid value for '--locale'", "use a language tag such as fr-BE")
    assert not world.out.exists()


@pytest.mark.parametrize("text", ["de-DE@x/../../../esc-po", "../../etc", "fr_BE.x/../../esc"])
def test_i18n_update_never_writes_a_catalog_outside_locales(world, text):
    outcome = world.run("i18n", "update", "{session}", "--locale", text)
    world.assert_refused(outcome, 2, "Invalid value for '--locale'")
    assert not (world.content / "locales").exists()


def test_preview_refuses_a_bad_locale_before_building(world):
    world.assert_refused(world.run("preview", "{session}", "--out", "out", "--locale", "x/../y"), 2,
                         "Invalid value for '--locale'")


def test_a_tag_in_any_case_names_one_folder_in_canonical_case(world):
    outcome = world.run("build", "{session}", "--out", "out", "-q", "--only", "handout",
                        "--locale", "QPS-PLOC", "--locale", "NL_be")
    assert outcome.exit_code == 0, outcome.output
    assert sorted(p.name for p in world.out.iterdir()) == ["nl-BE", "qps-ploc"]
    world.assert_nothing_else_changed()


@pytest.mark.parametrize("folder", ["de@x", "fr_BE.UTF-8", "x", "fr-BE-", "en_GB_"])
def test_a_catalog_folder_not_named_by_a_locale_is_a_located_error(world, folder):
    catalog = world.content / "locales" / folder / "LC_MESSAGES" / "test.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    outcome = world.run("build", "{session}", "--out", "out", "-q", "--all-locales")
    world.assert_refused(outcome, 1, f"content/locales/{folder}/LC_MESSAGES/test.po: the folder '{folder}' "
                                     "is not named by a locale")


@pytest.mark.parametrize("language", ["nl-BE-BE", "nl-be-ab", "nl-BE-abcdefghi"])
def test_a_session_language_that_is_not_a_tag_is_located(world, language):
    world.data["session"]["language"] = language
    outcome = world.run("check", "{session}")
    world.assert_refused(outcome, 1, "content/session.yaml:4:13: session.language:")


def test_the_grammar():
    assert locale_tag.canonical("EN_gb") == "en-GB"
    assert locale_tag.parse("sr_latn_rs").posix == "sr_Latn_RS"
    assert locale_tag.canonical("es-419") == "es-419"
    assert locale_tag.canonical("de-DE-1996") == "de-DE-1996"
    assert locale_tag.canonical("qps-Ploc") == "qps-ploc"
    for text in ESCAPES:
        with pytest.raises(locale_tag.BadTag):
            locale_tag.parse(text)
