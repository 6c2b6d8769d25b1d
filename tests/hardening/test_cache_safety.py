"""The parse cache cannot be turned against the user: nothing in it runs, and a folder not theirs is not used."""
from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from deck import cache

from .hostile import World


class _Planted:
    """A pickle that, loaded, creates a file: proof that planted code ran."""

    def __init__(self, proof: Path):
        self.proof = proof

    def __reduce__(self):
        return (Path.touch, (self.proof,))


def _plant(folder: Path, proof: Path) -> None:
    """Every file in the cache replaced by a code-running pickle, kept behind the genuine header."""
    payload = pickle.dumps(_Planted(proof))
    for path in folder.iterdir():
        data = path.read_bytes()
        header = data[:data.index(b"\n", len(cache.FORMAT)) + 1]
        path.write_bytes(header + payload)
    for kind in ("hyphenation", "deflated", "words"):  # and at the names the pickle cache used
        (folder / f"{kind}-0123456789abcdef0123.pickle").write_bytes(payload)


@pytest.fixture
def world(tmp_path) -> World:
    made = World(tmp_path)
    _with_french(made)
    return made


def _build(world: World, folder: Path):
    os.environ["DILEMMA_DECK_CACHE"] = str(folder)
    try:
        return world.run_process("build", "{session}", "--out", "out", "-q",
                                 "--only", "worksheets", "--only", "handout")
    finally:
        del os.environ["DILEMMA_DECK_CACHE"]


def _with_french(world: World) -> None:
    world.data["session"]["language"] = "fr-BE"  # French hyphenation patterns and the tool's French words
    for cluster in world.data["clusters"]:
        for case in cluster["cases"]:
            case["dilemma"] = "Anticonstitutionnellement, " * 12 + "que fait-on?"


def test_a_planted_pickle_never_runs(world, tmp_path):
    folder, proof = tmp_path / "cache", tmp_path / "ran"
    first = _build(world, folder)
    assert first.exit_code == 0, first.output
    assert {p.name.split("-")[0] for p in folder.iterdir()} >= {"hyphenation", "deflated", "words"}
    _plant(folder, proof)
    reference = {p.name: p.read_bytes() for p in world.out.rglob("*.pdf")}
    again = _build(world, folder)
    assert again.exit_code == 0, again.output
    assert not proof.exists(), "a pickle planted in the cache was run"
    assert {p.name: p.read_bytes() for p in world.out.rglob("*.pdf")} == reference


def test_a_new_cache_folder_is_the_users_alone_whatever_the_umask(world, tmp_path):
    folder = tmp_path / "deep" / "cache"
    old = os.umask(0)
    try:
        assert _build(world, folder).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert any(folder.iterdir())


def test_a_folder_others_can_write_to_is_not_used(world, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    outcome = _build(world, folder)
    assert outcome.exit_code == 0, outcome.output
    assert not any(folder.iterdir()), "the build wrote into a cache folder others can write to"


def test_a_link_to_a_folder_others_can_write_to_is_not_used(world, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o775)
    (tmp_path / "link").symlink_to(shared)
    assert _build(world, tmp_path / "link").exit_code == 0
    assert not any(shared.iterdir())


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_owned_by_someone_else_is_not_read(world, tmp_path):
    folder, proof = tmp_path / "theirs", tmp_path / "ran"
    assert _build(world, folder).exit_code == 0
    _plant(folder, proof)
    os.chown(folder, 65534, 65534)
    for path in folder.iterdir():
        os.chown(path, 65534, 65534)
    assert _build(world, folder).exit_code == 0
    assert not proof.exists()
    assert not [p for p in folder.iterdir() if p.stat().st_uid == 0], "it wrote into another user's folder"


def test_a_fifo_in_the_cache_is_skipped_not_waited_on(tmp_path, monkeypatch):
    monkeypatch.setenv("DILEMMA_DECK_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "patterns.dic"
    source.write_text("one\n", encoding="utf-8")
    cache.parsed("demo", source, "v1", lambda: {"a": 1})
    (entry,) = (tmp_path / "cache").iterdir()
    entry.unlink()
    os.mkfifo(entry)
    assert cache.parsed("demo", source, "v1", lambda: {"a": 2}) == {"a": 2}


def test_a_cache_file_is_checked_against_the_source_bytes(tmp_path, monkeypatch):
    """Same path, size and time, other bytes: the cache tells by the source's hash, not its stat."""
    monkeypatch.setenv("DILEMMA_DECK_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "patterns.dic"
    source.write_text("one\n", encoding="utf-8")
    before = source.stat()
    assert cache.parsed("demo", source, "v1", lambda: "one") == "one"
    source.write_text("two\n", encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert cache.parsed("demo", source, "v1", lambda: "two") == "two"


def test_hyphenation_patterns_of_another_shape_are_parsed_afresh(world, tmp_path):
    """A cache entry whose payload is whole (its digest matches) but holds more than plain data: never used."""
    import hashlib
    import marshal

    folder, proof = tmp_path / "cache", tmp_path / "ran"
    assert _build(world, folder).exit_code == 0
    reference = {p.name: p.read_bytes() for p in world.out.rglob("*.pdf")}
    code = compile(f"open({str(proof)!r}, 'w')", "planted", "exec")
    # On the pairs of letters every French word here has, so hyphenating would meet the code object.
    pairs = {"an", "en", "on", "nt", "ti", "te", "ue", "fa", "it", "ll", "me", "co", "ns"}
    payload = marshal.dumps({"maxlen": 5, "special": [], "patterns": {p: (0, (code, 1, 0)) for p in pairs}})
    [entry] = folder.glob("hyphenation-*.cache")
    data = entry.read_bytes()
    header = data[:data.index(b"\n", len(cache.FORMAT)) + 1]
    entry.write_bytes(header + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    again = _build(world, folder)
    assert again.exit_code == 0 and "Traceback" not in again.output, again.output
    assert not proof.exists()
    assert {p.name: p.read_bytes() for p in world.out.rglob("*.pdf")} == reference
