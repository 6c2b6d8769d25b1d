"""All or nothing: a build that fails, is stopped or is killed while putting outputs in place leaves one whole set.

Both ways of putting outputs in place are tried: a locale's folder swapped
whole, and (where folders cannot be swapped) file by file. A step that
fails (at every position in the set, in turn) leaves every output as it was;
SIGTERM and SIGINT at random moments, and SIGKILL at each step of the swap,
leave either the whole old set or the whole new set (never a mix); outputs
are created with the user's umask.
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

from deck import folder_commit, output
from deck.build import build
from deck.errors import DeckError
from tests.sessions import session, write

from .conftest import ROOT

OLD, NEW = "946684800", "1700000000"
SEED = 20261129


def _outputs(folder: Path) -> dict[str, str]:
    """Every output by relative path; what a build left in its temporaries (files or folders) is not one."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not any(part.startswith(".") and part.endswith(".tmp") for part in p.relative_to(folder).parts)}


def _strays(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.tmp")]


@pytest.fixture(params=["swap", "file-by-file"])
def commit_by(request, monkeypatch):
    """Both ways outputs are put in place: a whole folder swapped, or (where it cannot be) file by file."""
    if request.param == "file-by-file":
        monkeypatch.setattr(folder_commit, "_swappable", lambda folder: False)
    return request.param


def _made(tmp_path, monkeypatch):
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


@pytest.fixture
def made(tmp_path, monkeypatch, commit_by):
    """_made, with outputs put in place each way in turn."""
    return _made(tmp_path, monkeypatch)


@pytest.fixture
def built(tmp_path, monkeypatch):
    """_made, for tests whose builds run in another process (where the swap is tried first)."""
    return _made(tmp_path, monkeypatch)


def test_a_step_that_fails_while_putting_outputs_in_place_leaves_every_one_as_it_was(made, monkeypatch, commit_by):
    """Each rename in turn fails (moving a new file into the swapped folder, or replacing a target)."""
    content, out, old, _ = made
    call = "rename" if commit_by == "swap" else "replace"
    real = getattr(os, call)
    for fail_at in range(len(old)):
        calls = []

        def flaky(source, target, *args, **kwargs):
            if not str(source).endswith(".old.tmp"):  # putting a kept old file back must still work
                calls.append(target)
                if len(calls) == fail_at + 1:
                    raise PermissionError(13, "Permission denied")
            return real(source, target, *args, **kwargs)
        monkeypatch.setattr(os, call, flaky)
        with pytest.raises(DeckError, match="Permission denied; every output is as it was before this build"):
            build(content, out=out, parallel=False)
        monkeypatch.setattr(os, call, real)
        assert _outputs(out) == old, f"failing at target {fail_at + 1} of {len(old)} left a mix"
        assert not _strays(out)


def test_a_folder_with_an_outputs_name_is_never_replaced(made):
    """A trainer's folder named like an output stops the build; nothing of theirs or of the old set goes."""
    content, out, old, _ = made
    (out / "nl-BE" / "handout.pdf").unlink()
    (out / "nl-BE" / "handout.pdf").mkdir()
    (out / "nl-BE" / "handout.pdf" / "mine.txt").write_text("mine")
    with pytest.raises(DeckError, match="handout.pdf"):
        build(content, out=out, parallel=False)
    assert (out / "nl-BE" / "handout.pdf" / "mine.txt").read_text() == "mine"
    assert {k: v for k, v in _outputs(out).items() if "handout" not in k} == \
        {k: v for k, v in old.items() if "handout" not in k}
    assert not _strays(out)


def test_a_swap_that_fails_for_the_second_locale_puts_the_first_back(tmp_path, monkeypatch):
    content = write(session(), tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    build(content, out=tmp_path / "out", locales=["nl-BE", "qps-ploc"], parallel=False)
    old = _outputs(tmp_path / "out")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEW)
    real, swaps = folder_commit.exchange, []

    def second_fails(first, second):
        swaps.append(second)
        if len(swaps) == 2:
            raise OSError(5, "Input/output error")
        real(first, second)
    monkeypatch.setattr(folder_commit, "exchange", second_fails)
    with pytest.raises(DeckError, match="Input/output error; every output is as it was"):
        build(content, out=tmp_path / "out", locales=["nl-BE", "qps-ploc"], parallel=False)
    assert len(swaps) == 3, "the first locale's swap was not undone"
    assert _outputs(tmp_path / "out") == old
    assert not _strays(tmp_path / "out")


def test_the_trainers_own_files_in_an_output_folder_stay(made):
    content, out, _, new = made
    (out / "nl-BE" / "mine.txt").write_text("mine")
    (out / "nl-BE" / "filled").mkdir()
    (out / "nl-BE" / "filled" / "group-1.pdf").write_bytes(b"%PDF-1.4 filled")
    (out / "nl-BE" / "worksheets" / "notes.txt").write_text("beside the sheets")
    (out / "nl-BE" / "latest").symlink_to("deck.pptx")
    build(content, out=out, parallel=False)
    assert (out / "nl-BE" / "mine.txt").read_text() == "mine"
    assert (out / "nl-BE" / "filled" / "group-1.pdf").read_bytes() == b"%PDF-1.4 filled"
    assert (out / "nl-BE" / "worksheets" / "notes.txt").read_text() == "beside the sheets"
    assert os.readlink(out / "nl-BE" / "latest") == "deck.pptx"
    assert {k: v for k, v in _outputs(out).items() if k in new} == new
    assert not _strays(out)


def test_swapping_folders_swaps_what_the_names_lead_to(tmp_path):
    """Pins folder_swap.exchange: both names stay, each now leads to what the other did."""
    from deck.folder_swap import Unsupported, exchange

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one").write_text("a")
    (tmp_path / "b").mkdir()
    try:
        exchange(tmp_path / "a", tmp_path / "b")
    except Unsupported:
        if os.environ.get("CI") and sys.platform.startswith("linux"):
            raise
        pytest.skip("this file system cannot swap folders in one step")
    assert (tmp_path / "b" / "one").read_text() == "a" and not any((tmp_path / "a").iterdir())
    with pytest.raises(OSError) as missing:
        exchange(tmp_path / "a", tmp_path / "c")
    assert missing.value.errno == 2


def _run(content: Path, out: Path, epoch: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(ROOT / "generate.py"), "build", str(content), "--out", str(out),
                             "-q"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_build_leaves_one_whole_set_and_no_temporaries(built, signum):
    content, out, old, new = built
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
        # Not even a stop Python had to drop (raised inside one of its callbacks) is reported.
        assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
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


def test_a_link_the_user_made_in_place_of_an_output_is_put_back(made, monkeypatch, tmp_path, commit_by):
    """A trainer who linked handout.pdf to a shared copy gets the link back when the set fails."""
    content, out, old, _ = made
    shared = tmp_path / "shared-handout.pdf"
    (out / "nl-BE" / "handout.pdf").rename(shared)
    (out / "nl-BE" / "handout.pdf").symlink_to(shared)
    call = "rename" if commit_by == "swap" else "replace"
    real = getattr(os, call)

    def last_fails(source, target, *args, **kwargs):
        if Path(target).name == "worksheets.pdf":  # the last one put in place: after the handout
            raise OSError(30, "Read-only file system")
        return real(source, target, *args, **kwargs)
    monkeypatch.setattr(os, call, last_fails)
    with pytest.raises(DeckError, match="Read-only file system"):
        build(content, out=out, parallel=False)
    link = out / "nl-BE" / "handout.pdf"
    assert link.is_symlink() and Path(os.readlink(link)) == shared
    assert _outputs(out) == old
    assert not _strays(out)


_DIES = """
import os, shutil, sys
from pathlib import Path
from deck import folder_commit
from deck.build import build

content, out, where, after = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
calls = []


def dying(real, counts=lambda *args: True, then=False):
    def call(*args, **kwargs):
        if counts(*args):
            calls.append(args)
            if len(calls) > after and not then:
                os._exit(9)  # as SIGKILL: no handler, no clean-up
        result = real(*args, **kwargs)
        if len(calls) > after and then:
            os._exit(9)
        return result
    return call


into_place = lambda first, second: Path(second).name == "nl-BE"  # not the probe of two empty folders
if where == "moving-the-new-files-in":
    os.rename = dying(os.rename)
elif where == "at-the-swap":
    folder_commit.exchange = dying(folder_commit.exchange, into_place)
elif where == "just-after-the-swap":
    folder_commit.exchange = dying(folder_commit.exchange, into_place, then=True)
elif where == "removing-the-old-set":
    shutil.rmtree = dying(shutil.rmtree, lambda path, *rest: str(path).endswith(".swap.tmp"))
else:  # where folders cannot be swapped: file by file, with the old files kept aside
    folder_commit._swappable = lambda folder: False
    if where == "replacing-file-by-file":
        os.replace = dying(os.replace)
    else:
        os.unlink = dying(os.unlink, lambda path, *rest: str(path).endswith(".old.tmp") and os.path.lexists(path))
build(content, out=out, parallel=False)
"""


def _killed(content: Path, out: Path, where: str, after: int) -> None:
    """Build the new set into out in another process that dies (as by SIGKILL) where _DIES is told."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": NEW, "PYTHONPATH": str(ROOT), "DILEMMA_DECK_CACHE": "off"}
    died = subprocess.run([sys.executable, "-c", _DIES, str(content), str(out), where, str(after)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert died.returncode == 9, died.stderr


@pytest.mark.parametrize("where, after, expect", [
    ("moving-the-new-files-in", 3, "old"), ("at-the-swap", 0, "old"), ("just-after-the-swap", 0, "new"),
    ("removing-the-old-set", 0, "new")])
def test_a_build_killed_outright_leaves_the_whole_old_set_or_the_whole_new_one(built, where, after, expect):
    """SIGKILL cannot be caught; at whatever step it lands, the folder holds one whole set at once."""
    content, out, old, new = built
    _killed(content, out, where, after)
    assert _strays(out), "the kill did not land while outputs were put in place"
    assert _outputs(out) == (old if expect == "old" else new)
    folder_commit.recover(out / "nl-BE")  # what the next build does first: its leftovers go
    assert _outputs(out) == (old if expect == "old" else new)
    assert not _strays(out)


@pytest.mark.parametrize("where, after, expect", [("replacing-file-by-file", 3, "old"),
                                                  ("removing-the-kept-files", 1, "new")])
def test_where_folders_cannot_be_swapped_the_next_build_finishes_or_undoes_a_killed_one(built, where, after, expect):
    """File by file, a kill leaves a mix on disk for a moment: the next build puts one whole set back."""
    content, out, old, new = built
    _killed(content, out, where, after)
    assert any(name.endswith(".old.tmp") for name in _strays(out)), "the kill did not land while outputs were put in place"
    if expect == "old":
        assert any(_outputs(out).get(k) == new[k] for k in new), "the kill left no new output: it tested nothing"
    folder_commit.recover(out / "nl-BE")
    assert _outputs(out) == (old if expect == "old" else new)
    assert not _strays(out)


def test_an_output_folder_another_user_shares_with_us_keeps_its_owner(built):
    """A swap would give the folder to whoever builds; file by file, it stays the colleague's."""
    content, out, _, new = built
    if os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user")
    folder = out / "nl-BE"
    os.chown(folder, 4242, 4242)
    build(content, out=out, parallel=False)
    assert (folder.stat().st_uid, folder.stat().st_gid) == (4242, 4242)
    assert _outputs(out) == new
    assert not _strays(out)


def _needs(condition: bool, why: str) -> None:
    """Skip where this machine cannot show it; on CI, which must, fail."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"CI must be able to: {why}")
        pytest.skip(why)


def test_a_swap_puts_a_new_folder_in_place(built):
    """The swap really happens where CI runs (else the swap cases above test file by file twice)."""
    content, out, _, new = built
    folder = out / "nl-BE"
    _needs(folder_commit._swappable(folder), "swap folders in one step on this file system")
    before = folder.stat().st_ino
    build(content, out=out, parallel=False)
    assert folder.stat().st_ino != before and _outputs(out) == new


def test_a_second_locale_that_cannot_be_swapped_leaves_both_to_be_put_in_place_file_by_file(tmp_path, monkeypatch):
    """A pipe of the trainer's in one locale's folder: no swap for any, every new output in place, the pipe kept."""
    content = write(session(), tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    build(content, out=tmp_path / "out", locales=["nl-BE", "qps-ploc"], parallel=False)
    os.mkfifo(tmp_path / "out" / "qps-ploc" / "pipe")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEW)
    build(content, out=tmp_path / "new", locales=["nl-BE", "qps-ploc"], parallel=False)
    build(content, out=tmp_path / "out", locales=["nl-BE", "qps-ploc"], parallel=False)
    assert _outputs(tmp_path / "out") == _outputs(tmp_path / "new")
    assert stat.S_ISFIFO((tmp_path / "out" / "qps-ploc" / "pipe").lstat().st_mode)
    assert not _strays(tmp_path / "out")


def test_a_trainers_own_hidden_tmp_file_and_a_file_saved_during_the_swap_stay(built, monkeypatch):
    content, out, _, new = built
    folder = out / "nl-BE"
    (folder / ".notes.tmp").write_text("mine")
    real = folder_commit.exchange

    def saved_meanwhile(first, second):
        if Path(second) == folder:  # the trainer saves a file just as the new set is about to go in place
            (folder / "saved-just-now.txt").write_text("mine too")
        real(first, second)
    monkeypatch.setattr(folder_commit, "exchange", saved_meanwhile)
    build(content, out=out, parallel=False)
    assert (folder / ".notes.tmp").read_text() == "mine"
    assert (folder / "saved-just-now.txt").read_text() == "mine too"
    assert {k: v for k, v in _outputs(out).items() if k in new} == new


def test_the_folders_group_and_mode_stay(built):
    content, out, _, _ = built
    folder = out / "nl-BE"
    _needs(os.geteuid() == 0, "give a folder to another group (root only)")
    os.chown(folder, -1, 4343)
    folder.chmod(0o2770)
    build(content, out=out, parallel=False)
    assert folder.stat().st_gid == 4343 and stat.S_IMODE(folder.stat().st_mode) == 0o2770


def test_a_folder_with_extended_attributes_keeps_them(built):
    content, out, _, new = built
    folder = out / "nl-BE"
    try:
        os.setxattr(folder, "user.team", b"trainers")
    except OSError:
        _needs(False, "set a user.* extended attribute in the test folder")
    build(content, out=out, parallel=False)
    assert os.getxattr(folder, "user.team") == b"trainers" and _outputs(out) == new


def test_builds_into_one_folder_at_once_take_turns(built):
    """A watch beside a manual build: neither swaps the other's files away; both end well, one whole set left."""
    content, out, old, new = built
    runs = [_run(content, out, epoch) for epoch in (NEW, OLD, NEW)]
    for process in runs:
        assert process.wait(timeout=180) == 0, process.stderr.read().decode()
    assert _outputs(out) in (old, new)
    assert not _strays(out)


def test_leftovers_of_a_dead_build_with_our_process_number_or_its_probes_go(built):
    """Process numbers come round again (in a container, soon): a leftover with ours is not ours."""
    content, out, _, new = built
    mine = out / f".nl-BE.{os.getpid()}.swap.tmp"
    mine.mkdir()
    (mine / "deck.pptx").write_bytes(b"old")
    probe = out / ".probe-a.999999.swap.tmp"
    probe.mkdir()
    build(content, out=out, parallel=False)
    assert not mine.exists() and not probe.exists() and _outputs(out) == new
