"""The parse cache: parsed once per version of a file, and never in the way."""
from __future__ import annotations


import pytest

from deck import cache


@pytest.fixture
def source(tmp_path, monkeypatch):
    monkeypatch.setenv("DILEMMA_DECK_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "patterns.dic"
    path.write_text("one\n", encoding="utf-8")
    return path


def counting(source):
    calls = []

    def parse():
        calls.append(1)
        return {"text": source.read_text(encoding="utf-8"), "calls": len(calls)}
    return parse, calls


def test_a_second_run_reads_the_parsed_object_back_instead_of_parsing(source):
    parse, calls = counting(source)
    first = cache.parsed("demo", source, "v1", parse)
    second = cache.parsed("demo", source, "v1", parse)
    assert first == second == {"text": "one\n", "calls": 1}
    assert len(calls) == 1


def test_a_changed_file_or_library_version_is_parsed_afresh(source):
    parse, calls = counting(source)
    cache.parsed("demo", source, "v1", parse)
    source.write_text("two, longer\n", encoding="utf-8")
    assert cache.parsed("demo", source, "v1", parse)["text"] == "two, longer\n"
    assert cache.parsed("demo", source, "v2", parse)["text"] == "two, longer\n"
    assert len(calls) == 3


def test_a_damaged_cache_file_is_parsed_afresh_and_replaced(source):
    parse, calls = counting(source)
    cache.parsed("demo", source, "v1", parse)
    for file in cache.folder().iterdir():
        file.write_bytes(b"not a pickle")
    assert cache.parsed("demo", source, "v1", parse)["text"] == "one\n"
    assert cache.parsed("demo", source, "v1", parse)["calls"] == 2
    assert len(calls) == 2


def test_off_or_unwritable_the_cache_only_costs_a_parse(source, tmp_path, monkeypatch):
    parse, calls = counting(source)
    monkeypatch.setenv("DILEMMA_DECK_CACHE", "off")
    assert cache.folder() is None
    cache.parsed("demo", source, "v1", parse)
    cache.parsed("demo", source, "v1", parse)
    assert len(calls) == 2
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("DILEMMA_DECK_CACHE", str(blocked / "cache"))  # under a file: cannot be made
    assert cache.parsed("demo", source, "v1", parse)["text"] == "one\n"


def test_the_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("DILEMMA_DECK_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "dilemma-deck"


def test_without_a_home_folder_there_is_no_cache(monkeypatch):
    from pathlib import Path

    monkeypatch.delenv("DILEMMA_DECK_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def nowhere():
        raise RuntimeError("Could not determine home directory.")
    monkeypatch.setattr(Path, "home", staticmethod(nowhere))
    assert cache.folder() is None


def test_what_does_not_pickle_is_returned_and_leaves_nothing_behind(source):
    value = cache.parsed("demo", source, "v1", lambda: (lambda: "made"))
    assert value() == "made"
    assert not [p for p in cache.folder().iterdir() if p.suffix == ".tmp"]


def test_the_folder_is_its_owners_alone(source):
    cache.parsed("demo", source, "v1", lambda: 1)
    assert cache.folder().stat().st_mode & 0o077 == 0
