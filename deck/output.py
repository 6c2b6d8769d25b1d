"""Writing outputs so that nothing is lost: atomic replacement, reproducible timestamps."""
from __future__ import annotations

import io
import os
import re
import signal
import sys
import tempfile
import threading
import zipfile
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from .errors import DeckError

OWNER = os.getpid()  # names this run's temporaries; a forked build process keeps its parent's
MAX_EPOCH = 4354819199  # 2107-12-31T23:59:59Z
DEFAULT_EPOCH = 946684800  # 2000-01-01T00:00:00Z: fixed, so unchanged inputs give unchanged bytes


def build_time() -> datetime:
    """The timestamp outputs carry: SOURCE_DATE_EPOCH when set, else a fixed date."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    try:
        epoch = int(raw) if raw.strip() else DEFAULT_EPOCH
    except ValueError:
        raise DeckError(f"SOURCE_DATE_EPOCH={raw[:40]} is not a whole number of seconds") from None
    if not 0 <= epoch <= MAX_EPOCH:
        raise DeckError(f"SOURCE_DATE_EPOCH={raw[:40]} is out of range; use seconds since 1970, at most "
                        f"{MAX_EPOCH} (the end of 2107, the last year a zip file can hold)")
    return datetime.fromtimestamp(max(epoch, 315532800), tz=timezone.utc)  # zip cannot go before 1980


_staging: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("staging", default=None)


@contextmanager
def staged() -> Iterator[list[tuple[Path, Path]]]:
    """Within it, write_atomic() writes each file whole beside its target but does not replace it yet.

    Yields the list of (written file, target) that commit() puts in place, all
    at the end of a build, so a build that fails half-way leaves every earlier
    output as it was. On an error inside, what was staged is removed.
    """
    files: list[tuple[Path, Path]] = []
    token = _staging.set(files)
    try:
        yield files
    except BaseException:
        discard(files)
        raise
    finally:
        _staging.reset(token)


def commit(files: list[tuple[Path, Path]]) -> None:
    """Put staged files in place, all or none: if one cannot be, those already replaced are put back.

    Each target that exists is first kept under a hard link beside it, so
    undoing a replacement is one rename too. SIGINT and SIGTERM wait until
    the set is in place (or back as it was): a build stopped then still
    leaves a whole set, and the signal takes effect right after.
    """
    done: list[tuple[Path, Path | None]] = []  # (target, its old file kept aside, or None if it is new)
    with signals_held():
        try:
            for written, target in files:
                kept = _keep(target)
                try:
                    os.replace(written, target)
                except BaseException:
                    if kept is not None:
                        kept.unlink(missing_ok=True)
                    raise
                done.append((target, kept))
        except OSError as error:
            failed = target
            _roll_back(done)
            discard(files)
            raise DeckError(f"cannot write {failed}: {error.strerror}; every output is as it was before "
                            "this build") from None
        except BaseException:
            _roll_back(done)
            discard(files)
            raise
        # The set is in place: say so beside the kept files before removing them, so that a build
        # killed while removing them is finished by recover(), not undone half-way.
        marks = {target.parent / f".commit.{OWNER}.done.tmp" for target, kept in done if kept is not None}
        for mark in marks:
            _touch(mark)
        for _, kept in done:
            if kept is not None:
                kept.unlink(missing_ok=True)
        for mark in marks:
            mark.unlink(missing_ok=True)


def _touch(path: Path) -> None:
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError:
        pass  # without the mark, a later recover() puts the old files back: still a whole set


_LEFT = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.(?P<rest>[A-Za-z0-9_]+)\.tmp")
_MARK = re.compile(r"\.commit\.(?P<pid>\d+)\.done\.tmp")


def recover(folder: Path) -> None:
    """Finish or undo what a build killed outright (SIGKILL, a power cut) left in folder.

    Its temporaries go. If it was killed while putting its outputs in place,
    the old outputs it kept aside are put back, so the folder holds the last
    good set again; if it had put them all in place, its new set stays.
    A build still running (its process is alive) is left alone; one with
    this process's number is not running (the caller holds the folder's
    lock, see folder_commit.locked) but died before, with a reused number.
    """
    try:
        paths = [p for p in Path(folder).rglob(".*.tmp") if p.is_file() or p.is_symlink()]
    except OSError:
        return
    finished = {int(m["pid"]) for p in paths if (m := _MARK.fullmatch(p.name))}
    for path in sorted(paths, key=lambda p: p.name.endswith(".old.tmp")):  # strays first, then kept files
        left = _LEFT.fullmatch(path.name)
        mark = _MARK.fullmatch(path.name)
        pid = int((left or mark)["pid"]) if (left or mark) else None
        if pid is None or mark or (pid != OWNER and alive(pid)):
            continue
        try:
            if left["rest"] == "old" and pid not in finished:
                os.replace(path, path.with_name(left["name"]))
            # A target not yet replaced is the same file as its kept name, and rename() then leaves both.
            path.unlink(missing_ok=True)
        except OSError:
            pass
    for path in paths:
        mark = _MARK.fullmatch(path.name)
        if mark and (int(mark["pid"]) == OWNER or not alive(int(mark["pid"]))):
            path.unlink(missing_ok=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive, and not ours to clean up after
        return True
    return True


def _keep(target: Path) -> Path | None:
    """A second name for what target is now (a file, or a link the user made), to put it back by;
    None when there is nothing to keep."""
    if not os.path.lexists(target) or (os.path.isdir(target) and not os.path.islink(target)):
        return None
    kept = target.with_name(f".{target.name}.{OWNER}.old.tmp")
    kept.unlink(missing_ok=True)
    try:
        os.link(target, kept, follow_symlinks=False)
    except OSError:  # no hard links here: a copy (of the link itself, for a link) keeps it as well
        if os.path.islink(target):
            os.symlink(os.readlink(target), kept)
        else:
            import shutil

            shutil.copy2(target, kept)
    return kept


def _roll_back(done: list[tuple[Path, Path | None]]) -> None:
    """Undo the replacements made so far, last first: each target back to its old file, or gone if new."""
    for target, kept in reversed(done):
        try:
            if kept is not None:
                os.replace(kept, target)
            else:
                target.unlink(missing_ok=True)
        except OSError:
            pass  # nothing more can be done for this one; the others are still put back


@contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held back (delivered on leaving), where the platform can hold them."""
    hold = getattr(signal, "pthread_sigmask", None)
    if hold is None:  # pragma: no cover - Windows
        yield
        return
    before = hold(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        hold(signal.SIG_SETMASK, before)


class Stopped(KeyboardInterrupt):
    """A build stopped by SIGTERM: raised like Ctrl-C, so everything staged is removed on the way out."""


@contextmanager
def stoppable() -> Iterator[None]:
    """Within it, SIGTERM unwinds like Ctrl-C (temporaries removed, the last good outputs kept)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        _stop.append(signum)
        raise Stopped() if signum == signal.SIGTERM else KeyboardInterrupt()
    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGINT)}
    hook = sys.unraisablehook

    def quiet(unraisable):  # a stop Python had to drop is asked for again (stopping()): not news to print
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            hook(unraisable)
    sys.unraisablehook = quiet
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        sys.unraisablehook = hook
        _stop.clear()


_stop: list[int] = []


def stopping() -> bool:
    """Whether SIGTERM or SIGINT came: Python drops an exception raised where it cannot propagate (a
    weakref callback, say), so the build asks again before putting anything in place."""
    return bool(_stop)


def file_mode() -> int:
    """The mode a new output gets: rw for all, less the user's umask (as any program's new file)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def is_temporary(name: str) -> bool:
    """Whether a file name is one of the temporaries builds write beside their outputs (`.NAME.PID.X.tmp`);
    a trainer's own `.notes.tmp` is not."""
    return _LEFT.fullmatch(name) is not None


def sweep(folder: Path) -> None:
    """Remove every temporary this run (and its forked build process) left under folder.

    A signal can land between a temporary being made and it being recorded as
    staged; the name says whose it is, so a stopped build still leaves none.
    """
    try:
        for path in Path(folder).rglob(f".*.{OWNER}.*.tmp"):
            path.unlink(missing_ok=True)
    except OSError:
        pass


def discard(files: list[tuple[Path, Path]]) -> None:
    """Remove staged files that will not be put in place."""
    for written, _ in files:
        Path(written).unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path with data in one step: readers see the old file or the new one, never a part.

    Inside staged(), the file is written but only put in place by commit().
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{OWNER}.", suffix=".tmp")
    except OSError as error:
        raise DeckError(f"cannot write to {path.parent}: {error.strerror}; "
                        "choose another folder with --out") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, file_mode())
        stage = _staging.get()
        if stage is None:
            os.replace(temporary, path)
        else:
            stage.append((Path(temporary), path))
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise DeckError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:  # interrupted (Ctrl-C, or a build process told to stop): leave nothing behind
        Path(temporary).unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, whole or not at all: never over an existing one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{OWNER}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, file_mode())
    except OSError as error:
        raise DeckError(f"cannot write {path}: {error.strerror}") from None
    try:
        os.link(temporary, path)  # fails if path exists, where a rename would replace it
    except FileExistsError:
        raise DeckError(f"{path} already exists; choose another name or remove it first") from None
    except OSError as error:
        raise DeckError(f"cannot write {path}: {error.strerror}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def normalized_zip(data: bytes, when: datetime) -> bytes:
    """The same zip with every entry stamped `when`, so rebuilds are byte-identical."""
    stamp = when.timetuple()[:6]
    result = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # as on Unix, whatever builds it, so the bytes match everywhere
            target.writestr(info, source.read(entry))
    return result.getvalue()
