"""Atomic, reproducible writes."""
from __future__ import annotations

import io
import zipfile

import pytest

from deck.errors import DeckError
from deck.output import build_time, normalized_zip, write_atomic


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "deck.pptx"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["deck.pptx"]


def test_an_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(DeckError, match="cannot write to"):
        write_atomic(blocker / "deck.pptx", b"x")


def test_zip_entries_get_the_build_time(monkeypatch):
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr("a.xml", "<a/>")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fixed = normalized_zip(raw.getvalue(), build_time())
    assert zipfile.ZipFile(io.BytesIO(fixed)).infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(DeckError, match="SOURCE_DATE_EPOCH"):
        build_time()


def test_write_new_never_replaces_and_leaves_no_temporary(tmp_path):
    from deck.output import write_new

    target = tmp_path / "sub" / "new.yaml"
    write_new(target, b"first")
    with pytest.raises(DeckError, match="already exists"):
        write_new(target, b"second")
    assert target.read_bytes() == b"first"
    assert [p.name for p in target.parent.iterdir()] == ["new.yaml"]
