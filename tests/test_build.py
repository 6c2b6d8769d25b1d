"""The build library call: outputs where the user expects them, and nothing lost on failure."""
from __future__ import annotations

import pytest

from deck.build import build
from deck.errors import ContentError, DeckError

from .conftest import SUMMERSCHOOL
from .sessions import session, write


def test_build_writes_the_deck_under_session_id_and_locale(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    written = build(SUMMERSCHOOL)
    assert [(w.kind, w.locale, str(w.path)) for w in written] == [
        ("deck", "nl-BE", "out/summerschool/nl-BE/deck.pptx")]
    assert (tmp_path / "out/summerschool/nl-BE/deck.pptx").stat().st_size > 10_000


def test_a_failed_build_leaves_the_previous_outputs_untouched(tmp_path):
    good = write(session(), tmp_path)
    out = tmp_path / "out"
    [first] = build(good, out=out)
    before = first.path.read_bytes()
    broken = write({**session(), "groups": {"count": 1, "clusters_each": 1}}, tmp_path, "broken.yaml")
    with pytest.raises(ContentError):
        build(broken, out=out)
    with pytest.raises(DeckError):
        build(good, out=out, template=tmp_path / "missing.pptx")
    assert first.path.read_bytes() == before
    assert sorted(p.name for p in first.path.parent.iterdir()) == ["deck.pptx"]  # no temporary files left


def test_unknown_locale_is_a_clear_error(tmp_path):
    with pytest.raises(DeckError, match="no translation for 'fr-BE'; this session is in nl-BE"):
        build(write(session(), tmp_path), out=tmp_path / "out", locales=["fr-BE"])


def test_progress_is_reported(tmp_path):
    seen = []
    build(write(session(), tmp_path), out=tmp_path / "out", progress=seen.append)
    assert seen == ["nl-BE: deck"]
