"""Nothing lost: a build killed at any moment leaves the whole old set of outputs or the whole new set.

The kills land at random moments across a normal build (seeded, so a failure
can be replayed: the seed is in the test id). After each kill, before any
other build has run, the output folder holds every output of one build and
only of that one (never some old files beside some new ones), each byte for
byte the file a finished build writes, and each reads back whole.
"""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pypdf import PdfReader

from deck.cli import main

from .conftest import ROOT

SEED = 20240701
KILLS = 10
OLD, NEW = "946684800", "1700000000"  # two SOURCE_DATE_EPOCHs: two complete versions of every file


def _run(out: Path, epoch: str, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "generate.py", "build", "--out", str(out), "-q", *extra],
                            cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every output file by relative path: what a killed build left in temporaries is not an output."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") and part.endswith(".tmp")
                                       for part in p.relative_to(folder).parts)}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _whole(name: str, data: bytes, path: Path) -> None:
    if name.endswith(".pptx"):
        with zipfile.ZipFile(path) as archive:
            assert "[Content_Types].xml" in archive.namelist()
            assert archive.testzip() is None
        Presentation(path)
    elif name.endswith(".pdf"):
        assert data.rstrip().endswith(b"%%EOF"), f"{name}: truncated"
        assert len(PdfReader(path).pages) >= 1


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> tuple[dict[str, dict[str, str]], float]:
    """Every complete output's digests, each with the build that wrote it, and how long a whole build takes."""
    known: dict[str, dict[str, str]] = {}
    took = []
    for epoch in (OLD, NEW):
        out = tmp_path_factory.mktemp(f"reference-{epoch}")
        start = time.monotonic()
        process = _run(out, epoch)
        assert process.wait(timeout=300) == 0, process.stderr.read().decode()
        took.append(time.monotonic() - start)
        for name, data in _outputs(out).items():
            known.setdefault(name, {})[_digest(data)] = epoch
    assert all(len(digests) == 2 for digests in known.values()), "the epochs must change every file"
    return known, max(took)


def test_a_killed_build_leaves_every_output_whole(tmp_path, versions):
    known, took = versions
    out = tmp_path / "out"
    assert _run(out, OLD).wait(timeout=300) == 0
    mine = out / "notes.txt"  # a file of the trainer's own in the output folder: never touched
    mine.write_text("mine")
    rng = random.Random(SEED)
    strays = interrupted = 0
    for attempt in range(KILLS):
        epoch = NEW if attempt % 2 == 0 else OLD
        delay = rng.uniform(0, took)
        process = _run(out, epoch)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        # Killed mid-build, not after it ended: the exit status says the kill is what ended it.
        interrupted += process.wait(timeout=60) == -signal.SIGKILL
        where = f"after a kill at {delay:.2f}s (seed {SEED}, attempt {attempt})"
        builds = set()
        for name, data in _outputs(out).items():
            if name == "notes.txt":
                continue
            assert name in known, f"{name}: not an output of the build, {where}"
            assert _digest(data) in known[name], f"{name}: neither the old nor the new file, {where}"
            builds.add(known[name][_digest(data)])
            _whole(name, data, out / name)
        assert len(builds) == 1, f"old and new outputs side by side {where}"
        assert set(_outputs(out)) - {"notes.txt"} == set(known), f"outputs missing {where}"
        strays += sum(1 for _ in out.rglob(".*.tmp"))
    assert interrupted >= KILLS // 2, f"only {interrupted} of {KILLS} kills interrupted a build: the test did not test"
    # A later build succeeds, writes the new files whole, and leaves the trainer's file alone.
    assert _run(out, NEW).wait(timeout=300) == 0
    assert not list(out.rglob(".*.tmp")), "the next build clears what the killed ones left"
    final = _outputs(out)
    assert mine.read_text() == "mine"
    assert {name for name in final if name != "notes.txt"} == set(known)
    for name, data in final.items():
        if name != "notes.txt":
            assert _digest(data) in known[name]
    print(f"{interrupted} of {KILLS} kills interrupted a build; {strays} stray temporary files seen")


def test_a_failed_build_leaves_earlier_outputs_untouched(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    args = ["build", str(content / "summerschool.yaml"), "--out", str(out), "-q",
            "--locale", "en-GB", "--locale", "fr-BE"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    before = _outputs(out)
    assert any(name.startswith("en-GB/") for name in before) and any(name.startswith("fr-BE/") for name in before)
    catalog = content / "locales" / "fr_BE" / "LC_MESSAGES" / "summerschool.po"
    catalog.write_bytes(catalog.read_bytes().replace(b'msgstr "', b'msgsrt "', 3))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEW)  # a build that got through would change every byte
    failed = CliRunner().invoke(main, args)
    assert failed.exit_code == 1, failed.output
    assert isinstance(failed.exception, SystemExit)
    assert "summerschool.po:" in failed.output and "Unknown or misformatted keyword" in failed.output
    assert _outputs(out) == before
    assert not list(out.rglob(".*.tmp"))
