"""All or nothing: a build that fails or is stopped while putting outputs in place leaves the old set whole.

A target that cannot be replaced (at every position in the set, in turn)
puts back the ones already replaced; SIGTERM and SIGINT at random moments
leave either the whole old set or the whole new set (never a mix) and no
temporaries; outputs are created with the user's umask.
"""
from __future__ import annotations

import hashlib
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deck import output
from deck.build import build
from deck.errors import DeckError
from tests.sessions import session, write

from .conftest import ROOT

OLD, NEW = "946684800", "1700000000"
SEED = 20261129


def _outputs(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _strays(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.tmp")]


@pytest.fixture
def made(tmp_path, monkeypatch):
    """A session built once (the old set) into out/, and the new set's digests from a build elsewhere."""
    content = write(session(clusters=3, cases=2, groups=6, each=2), tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEW)
    build(content, out=tmp_path / "new", parallel=False)
    new = _outputs(tmp_path / "new")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    build(content, out=tmp_path / "out", parallel=False)
    old = _outputs(tmp_path / "out")
    assert set(old) == set(new) and all(old[k] != new[k] for k in old)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEW)
    return content, tmp_path / "out", old, new


def test_a_target_that_cannot_be_replaced_puts_back_every_one_replaced_before_it(made, monkeypatch):
    content, out, old, _ = made
    real = os.replace
    for fail_at in range(len(old)):
        calls = []

        def flaky(source, target):
            calls.append(target)
            if len(calls) == fail_at + 1 and not str(source).endswith(".old.tmp"):
                raise PermissionError(13, "Permission denied")
            return real(source, target)
        monkeypatch.setattr(output.os, "replace", flaky)
        with pytest.raises(DeckError, match="Permission denied; every output is as it was before this build"):
            build(content, out=out, parallel=False)
        monkeypatch.setattr(output.os, "replace", real)
        assert _outputs(out) == old, f"failing at target {fail_at + 1} of {len(old)} left a mix"
        assert not _strays(out)


def test_a_new_output_is_removed_when_the_set_fails(made, monkeypatch):
    """A target that did not exist before is gone again after the roll-back: the old set had none."""
    content, out, old, _ = made
    (out / "nl-BE" / "handout.pdf").unlink()
    real = os.replace
    order = []

    def last_fails(source, target):
        order.append(target)
        if Path(target).name == "facilitator.pdf":
            raise OSError(28, "No space left on device")
        return real(source, target)
    monkeypatch.setattr(output.os, "replace", last_fails)
    with pytest.raises(DeckError, match="No space left on device"):
        build(content, out=out, parallel=False)
    assert not (out / "nl-BE" / "handout.pdf").exists() or Path(order[-1]).name != "facilitator.pdf"
    assert {k: v for k, v in _outputs(out).items()} == {k: v for k, v in old.items() if k != "nl-BE/handout.pdf"}


def _run(content: Path, out: Path, epoch: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(ROOT / "generate.py"), "build", str(content), "--out", str(out),
                             "-q"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_build_leaves_one_whole_set_and_no_temporaries(made, signum):
    content, out, old, new = made
    started = time.monotonic()
    assert _run(content, out.parent / "timing", NEW).wait(timeout=120) == 0
    took = time.monotonic() - started
    rng = random.Random(SEED + signum)
    stopped = 0
    current = old
    # At least 8 attempts; more (up to 24) while fewer than 3 stopped a build, as on a loaded machine the
    # timing run says little of how long the next builds take: a build that had ended shortens the waits.
    for attempt in range(24):
        if attempt >= 8 and stopped >= 3:
            break
        process = _run(content, out, NEW if current is old else OLD)
        time.sleep(rng.uniform(0.25, max(0.3, took)))  # past Python's start-up, which no program can clean up after
        if process.poll() is None:
            os.killpg(process.pid, signum)
        else:
            took *= 0.8
        code = process.wait(timeout=60)
        stderr = process.stderr.read().decode()
        # Python itself reports, as "Exception ignored", the stop raised inside one of its callbacks.
        assert "Traceback" not in stderr.split("Exception ignored")[0], stderr
        # 130: stopped and cleaned up; 0: it had finished; -signum: stopped outside the build itself
        # (before the SIGTERM handler was set, or while Python shut down after it).
        assert code in (0, 130, -signum), f"exit {code}: {stderr}"
        stopped += code == 130
        now = _outputs(out)
        assert now in (old, new), f"a mix of old and new after {signum!r} at attempt {attempt} (seed {SEED})"
        assert not _strays(out), f"temporaries left: {_strays(out)}"
        current = old if now == old else new
    assert stopped >= 3, f"only {stopped} of {attempt + 1} signals stopped a build: the test did not test"


@pytest.mark.parametrize("mask, mode", [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_outputs_honour_the_umask(tmp_path, mask, mode):
    content = write(session(), tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "build", str(content), "--out",
                           str(tmp_path / "out"), "-q"], env=env, capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: os.umask(mask))
    assert done.returncode == 0, done.stderr
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert files and {stat.S_IMODE(p.stat().st_mode) for p in files} == {mode}


def test_a_link_the_user_made_in_place_of_an_output_is_put_back(made, monkeypatch, tmp_path):
    """A trainer who linked handout.pdf to a shared copy gets the link back when the set fails."""
    content, out, old, _ = made
    shared = tmp_path / "shared-handout.pdf"
    (out / "nl-BE" / "handout.pdf").rename(shared)
    (out / "nl-BE" / "handout.pdf").symlink_to(shared)
    real = os.replace

    def last_fails(source, target):
        if Path(target).name == "worksheets.pdf":  # the last one put in place: after the handout
            raise OSError(30, "Read-only file system")
        return real(source, target)
    monkeypatch.setattr(output.os, "replace", last_fails)
    with pytest.raises(DeckError, match="Read-only file system"):
        build(content, out=out, parallel=False)
    link = out / "nl-BE" / "handout.pdf"
    assert link.is_symlink() and Path(os.readlink(link)) == shared
    assert _outputs(out) == old
    assert not _strays(out)


_DIES = """
import os, sys
from pathlib import Path
from deck.build import build
real, calls = getattr(os, sys.argv[3]), []

def dying(path, *args, **kwargs):
    if sys.argv[3] == "replace" or (str(path).endswith(".old.tmp") and os.path.lexists(path)):
        calls.append(path)
        if len(calls) > int(sys.argv[4]):
            os._exit(9)  # as SIGKILL: no handler, no clean-up
    return real(path, *args, **kwargs)

setattr(os, sys.argv[3], dying)
build(Path(sys.argv[1]), out=Path(sys.argv[2]), parallel=False)
"""


@pytest.mark.parametrize("call, after, expect", [("replace", 3, "old"), ("unlink", 1, "new")],
                         ids=["killed-putting-outputs-in-place", "killed-removing-the-kept-files"])
def test_a_build_killed_outright_is_finished_or_undone_by_the_next(made, call, after, expect):
    """SIGKILL cannot be caught: the next build puts back the half-replaced set, or keeps a whole new one."""
    content, out, old, new = made
    env = {**os.environ, "SOURCE_DATE_EPOCH": NEW, "PYTHONPATH": str(ROOT), "DILEMMA_DECK_CACHE": "off"}
    died = subprocess.run([sys.executable, "-c", _DIES, str(content), str(out), call, str(after)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert died.returncode == 9, died.stderr
    left = _outputs(out)
    kept = [name for name in left if name.endswith(".old.tmp")]
    assert kept, "the kill did not land while outputs were put in place"
    if expect == "old":
        assert any(left.get(k) == new[k] for k in new), "the kill left no new output: it tested nothing"
    output.recover(out / "nl-BE")
    assert _outputs(out) == (old if expect == "old" else new)
    assert not _strays(out)
