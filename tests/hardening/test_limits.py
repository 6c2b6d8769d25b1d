"""The documented limits (docs/limits.md): read from the page, checked against the code and its messages.

The table's "Where" column names each limit's constant, its "Value" column
the number: they must agree, every limit constant of the modules the page
covers must have its row, and the messages past a limit are the ones the
tool prints. Nothing here repeats a number; change a limit and the page
must change with it.
"""
from __future__ import annotations

import importlib
import re

import pytest
from click.testing import CliRunner
from pptx import Presentation

from deck import load, safe_files
from deck.cli import main
from deck.errors import ContentError

from ..test_load import BAD, MINIMAL, edit
from .conftest import ROOT

PAGE = ROOT / "docs" / "limits.md"
# Modules whose every limit constant (MAX_..., ..._BYTES, ..._PARTS) the page must list.
COVERED = ("deck.load", "deck.safe_files", "deck.picture_files", "deck.package_guard", "deck.budget", "deck.cache", "deck.output",
           "deck.locale_tag")


def _rows() -> dict[str, dict[str, str]]:
    """The size table's rows by constant (`deck/x.py` `NAME` -> deck.x.NAME): value and message."""
    rows = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4:
            continue
        where = re.fullmatch(r"`deck/([\w/]+)\.py` `([\w.]+)`", cells[2])
        if where:
            name = f"deck.{where[1].replace('/', '.')}.{where[2]}"
            past = re.fullmatch(r"`(.*)`.*", cells[3])
            rows[name] = {"value": cells[1], "past": past[1] if past else ""}
    return rows


ROWS = _rows()


def _constant(name: str):
    module, _, attribute = name.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError):  # a class attribute: deck.schema.Context.budget
        module, _, owner = module.rpartition(".")
        return getattr(getattr(importlib.import_module(module), owner), attribute)


def _number(text: str) -> int:
    return int(re.match(r"[\d,]+", text)[0].replace(",", ""))


def past(name: str) -> str:
    return ROWS[name]["past"]


def test_the_page_lists_limits():
    assert len(ROWS) >= 15, sorted(ROWS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_each_documented_value_is_the_codes(name):
    assert _constant(name) == _number(ROWS[name]["value"]), f"{name}: docs/limits.md says {ROWS[name]['value']}"


@pytest.mark.parametrize("module", COVERED)
def test_every_limit_in_the_code_is_documented(module):
    found = importlib.import_module(module)
    limits = [name for name, value in vars(found).items()
              if isinstance(value, int) and not isinstance(value, bool)
              and re.fullmatch(r"MAX_\w+|\w+_BYTES|\w+_PARTS", name)]
    assert limits, module
    for name in limits:
        assert f"{module}.{name}" in ROWS, f"{module}.{name} is a limit docs/limits.md does not list"


@pytest.mark.parametrize("name", [n for n in sorted(ROWS) if n.startswith("deck.safe_files.")
                                  and n.endswith("_BYTES") and ROWS[n]["past"].startswith("NAME: is ")])
def test_a_file_one_byte_past_its_cap_gets_the_documented_message(name, tmp_path):
    cap = _constant(name)
    message = past(name).removeprefix("NAME: ")
    what = re.search(r"; (.+) may be at most", message)[1]
    path = tmp_path / "file"
    with open(path, "wb") as stream:
        stream.truncate(cap + 1)
    with pytest.raises(safe_files.Refused) as refused:
        safe_files.read(path, cap, what)
    assert str(refused.value) == message
    with open(path, "r+b") as stream:
        stream.truncate(cap)
    assert len(safe_files.read(path, cap, what)) == cap


def report(data: bytes) -> str:
    with pytest.raises(ContentError) as raised:
        load.parse(data, "session.yaml")
    return str(raised.value)


def test_file_size_up_to_the_limit_loads_and_one_byte_more_does_not():
    data = MINIMAL.read_bytes()
    padded = data + b"#" + b"x" * (load.MAX_BYTES - len(data) - 2) + b"\n"
    assert len(padded) == load.MAX_BYTES
    load.parse(padded, "session.yaml")
    assert report(padded + b"\n") == past("deck.load.MAX_BYTES") + "\n1 problem found"


def test_a_line_of_text_holds_its_documented_length():
    limit = _number(ROWS["deck.format.LINE"]["value"])
    load.parse(edit(("title: Alpha", "title: " + "a" * limit)), "session.yaml")
    assert report(edit(("title: Alpha", "title: " + "a" * (limit + 1)))) == past("deck.format.LINE") + "\n1 problem found"


def test_a_paragraph_holds_its_documented_length():
    limit = _number(ROWS["deck.format.PARAGRAPH"]["value"])
    load.parse(edit(("dilemma: First dilemma?", "dilemma: " + "a" * limit)), "session.yaml")
    assert report(edit(("dilemma: First dilemma?", "dilemma: " + "a" * (limit + 1)))) == (
        past("deck.format.PARAGRAPH") + "\n1 problem found")


def test_a_300_character_title_builds_a_deck(tmp_path, monkeypatch):
    """Document properties hold 255 characters: the title is cut there, not refused with a traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "session.yaml").write_bytes(edit(("title: Minimal session", "title: " + "T" * 300)))
    result = CliRunner().invoke(main, ["build", "session.yaml", "--out", "out", "-q", "--only", "deck"])
    assert result.exit_code == 0, result.output
    assert Presentation(tmp_path / "out" / "nl-BE" / "deck.pptx").core_properties.title == "T" * 255


def test_aliases_expand_to_the_documented_count():
    assert report((BAD / "alias_bomb.yaml").read_bytes()).startswith(past("deck.schema.Context.budget"))


def nested(depth: int) -> bytes:
    return b"session: " + b"[" * depth + b"]" * depth + b"\n"


def test_nesting_a_hundred_deep_is_only_the_wrong_shape_but_thousands_deep_is_refused():
    text = PAGE.read_text(encoding="utf-8")
    assert "nested too deeply" not in report(nested(100))
    message = report(nested(5_000)).removesuffix("\n1 problem found")
    assert " ".join(f"`{message}`".split()) in " ".join(text.split())


def test_a_too_long_locale_gets_the_documented_message():
    from deck.locale_tag import MAX_LENGTH

    result = CliRunner().invoke(main, ["build", "--locale", "a" * (MAX_LENGTH + 1)])
    assert result.exit_code == 2
    expected = past("deck.locale_tag.MAX_LENGTH").replace("'aaaa...'", f"'{'a' * (MAX_LENGTH + 1)}'")
    assert " ".join(expected.split()) in " ".join(result.output.split())


def test_the_last_epoch_builds_and_the_next_is_the_documented_usage_error(tmp_path, monkeypatch):
    from deck.output import MAX_EPOCH

    monkeypatch.chdir(tmp_path)
    (tmp_path / "session.yaml").write_bytes(MINIMAL.read_bytes())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MAX_EPOCH))
    assert CliRunner().invoke(main, ["build", "session.yaml", "--out", "out", "-q", "--only", "deck"]).exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MAX_EPOCH + 1))
    result = CliRunner().invoke(main, ["build", "session.yaml", "--out", "out", "-q"])
    assert result.exit_code == 2
    assert past("deck.output.MAX_EPOCH") in result.output


def test_the_template_bomb_message_is_the_documented_one(tmp_path):
    import zipfile

    from deck import package_guard

    path = tmp_path / "bomb.pptx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        with target.open("ppt/media/zeros.bin", "w", force_zip64=True) as stream:
            for _ in range(600):
                stream.write(b"\0" * (1 << 20))
    with pytest.raises(package_guard.Unsafe) as unsafe:
        package_guard.check(path.read_bytes(), "the template", "a template")
    assert "NAME: " + str(unsafe.value) == past("deck.package_guard.MAX_UNPACKED")
