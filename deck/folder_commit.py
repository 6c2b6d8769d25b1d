"""Putting a build's outputs in place a whole folder at a time, so a kill at any instant leaves one whole set.

output.commit() replaces files one by one and undoes that when one fails,
but a build killed outright (SIGKILL, a power cut) between two replacements
leaves a mix until the next build's recover(). Here each output folder's
new content is assembled beside it (the new files, and a hard link to every
other entry the folder holds, so nothing of the trainer's is lost) and the
two folders are then swapped in one rename (folder_swap.exchange). Before the
swap the folder is as it was; after it, it holds the whole new set; the
assembly folder, whichever set it holds then, is a leftover to remove.

Where folders cannot be swapped (another system, a file system without the
exchange or without hard links, an output folder that is a link, a mount
point, another user's or one with extended attributes such as ACLs, a parent
folder that cannot be written), it is file by file, as before. A build of
several locales swaps each locale's folder: a kill between two swaps leaves
one locale's whole new set beside another's whole old set. Builds into the
same output folder take turns (locked()), so one never swaps away the other's
files.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from . import output
from .errors import DeckError
from .folder_swap import Unsupported, exchange

_ASSEMBLY = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.swap\.tmp")
_PROBE = ("probe-a", "probe-b")
_checked: dict[int, bool] = {}  # file system (st_dev) -> whether two folders can be swapped on it


class _CannotSwap(Exception):
    """This folder's set cannot be put in place by a swap; file by file it is."""


@contextmanager
def locked(root: Path, waiting: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Within it, no other build writes into root: a second build (a `watch` beside a manual one) waits.

    The lock is the kernel's on the folder itself (flock), so it goes with the
    process, however it ends. Where root cannot be made or locked, the build
    goes on unlocked and meets the folder's own error when it writes.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    root = Path(root)
    made = [folder for folder in (root, *root.parents) if not folder.exists()]
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"waiting for another build writing into {root}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks: as before locks
        yield
    finally:
        os.close(handle)  # releases the lock
        for folder in made:  # made for the lock, by a build that then wrote nothing: not left behind
            try:
                folder.rmdir()
            except OSError:
                break


def commit(files: list[tuple[Path, Path]], folders: list[Path]) -> None:
    """Put staged files in place, each of folders swapped whole where the system allows, else file by file.

    Every target lies in one of folders (a locale's output folder, say). On
    failure every folder is as it was and DeckError says what failed.
    """
    by_folder: dict[Path, list[tuple[Path, Path]]] = {Path(folder): [] for folder in folders}
    for written, target in files:
        home = next((folder for folder in by_folder if folder in target.parents), None)
        if home is None:
            output.commit(files)
            return
        by_folder[home].append((written, target))
    by_folder = {folder: staged for folder, staged in by_folder.items() if staged}
    if not by_folder or not all(_swappable(folder) for folder in by_folder):
        output.commit(files)
        return
    with output.signals_held():
        assemblies = {folder: _assembly(folder) for folder in by_folder}
        try:
            # First every folder's own entries, which may show a folder cannot be swapped after all;
            # only then the new files, so falling back finds them where output.commit expects them.
            for folder, staged in by_folder.items():
                _carry_over(folder, assemblies[folder], staged)
            for folder, staged in by_folder.items():
                _move_in(folder, assemblies[folder], staged)
        except _CannotSwap:
            _remove(list(assemblies.values()))
            output.commit(files)
            return
        except BaseException as error:
            _remove(list(assemblies.values()))
            output.discard(files)
            if isinstance(error, OSError):
                raise DeckError(f"cannot write {error.filename or 'the output folder'}: {error.strerror}; every "
                                "output is as it was before this build") from None
            raise
        _swap(assemblies, files)
        # The old sets now sit in the assembly folders: anything saved into a folder while its new set
        # was assembled goes over, then the old set goes.
        for folder, assembly in assemblies.items():
            _rescue(assembly, folder)
        _remove(list(assemblies.values()))


def _swap(assemblies: dict[Path, Path], files: list[tuple[Path, Path]]) -> None:
    done: list[tuple[Path, Path]] = []
    try:
        for folder, assembly in assemblies.items():
            exchange(assembly, folder)
            done.append((folder, assembly))
        _sync(next(iter(assemblies)).parent)
    except OSError as error:
        stuck = []
        for folder, assembly in reversed(done):  # a swap undone is the same swap again
            try:
                exchange(assembly, folder)
            except OSError:
                stuck.append((folder, assembly))
        _remove([assembly for folder, assembly in assemblies.items() if (folder, assembly) not in stuck])
        output.discard(files)
        where = error.filename or next(iter(assemblies))
        if stuck:  # the old set is kept, not removed: the trainer can put it back by hand
            raise DeckError(f"cannot put the outputs in place in {where}: {error.strerror}; and "
                            + "; ".join(f"{folder} now holds this build's outputs, its old ones are kept in "
                                        f"{assembly}" for folder, assembly in stuck)) from None
        raise DeckError(f"cannot put the outputs in place in {where}: {error.strerror}; every output is as it was "
                        "before this build") from None


def _swappable(folder: Path) -> bool:
    """Whether folder's set can be put in place by a swap: a real folder of ours, without extended
    attributes, on a file system that swaps, in a parent this build can write."""
    parent = folder.parent
    try:
        parent_stat = parent.stat()
        here = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(here.st_mode) or here.st_dev != parent_stat.st_dev or here.st_uid != os.geteuid():
        return False  # a link (whose target the trainer chose), a mount point, a folder shared with us by
        # another user: a swap would replace it with a folder of our own
    if _attributes(folder):
        return False  # an ACL or a label a swap would not carry over
    if parent_stat.st_dev not in _checked:
        _checked[parent_stat.st_dev] = _try_swapping(parent)
    return _checked[parent_stat.st_dev]


def _attributes(folder: Path) -> bool:
    try:
        return bool(os.listxattr(folder, follow_symlinks=False))
    except (OSError, AttributeError):  # no extended attributes here at all
        return False


def _try_swapping(parent: Path) -> bool:
    """Swap two empty folders in parent: the file system's answer, asked once per build process."""
    first, second = (parent / f".{name}.{output.OWNER}.swap.tmp" for name in _PROBE)
    try:
        os.mkdir(first, 0o700)
        os.mkdir(second, 0o700)
        exchange(first, second)
        return True
    except (Unsupported, OSError):
        return False
    finally:
        for probe in (first, second):
            try:
                os.rmdir(probe)
            except OSError:
                pass


def _assembly(folder: Path) -> Path:
    return folder.with_name(f".{folder.name}.{output.OWNER}.swap.tmp")


def _carry_over(folder: Path, assembly: Path, staged: list[tuple[Path, Path]]) -> None:
    """The assembly folder beside folder, holding a second name for every entry no staged file replaces."""
    os.mkdir(assembly, 0o700)
    _fill(folder, assembly, {target.relative_to(folder) for _, target in staged}, Path())
    _same_as(folder, assembly)


def _move_in(folder: Path, assembly: Path, staged: list[tuple[Path, Path]]) -> None:
    for written, target in staged:
        place = assembly / target.relative_to(folder)
        if not place.parent.is_dir():
            place.parent.mkdir(parents=True)
        os.rename(written, place)


def _same_as(source: Path, copy: Path) -> None:
    """The copy folder with the source folder's permissions and group (a shared folder stays shared)."""
    held = os.stat(source, follow_symlinks=False)
    try:
        os.chown(copy, -1, held.st_gid)
    except OSError:
        raise _CannotSwap() from None  # a group we are not in: only file by file keeps it
    os.chmod(copy, stat.S_IMODE(held.st_mode))


def _fill(source: Path, into: Path, targets: set[Path], here: Path) -> None:
    """Carry into `into` every entry of source that no target replaces, the trainer's files among them."""
    for entry in os.scandir(source):
        name = here / entry.name
        if output.is_temporary(entry.name):
            continue  # another build's, or this one's staged files
        if name in targets:
            if entry.is_dir(follow_symlinks=False):  # never a trainer's folder dropped for a file
                raise IsADirectoryError(21, "a folder stands in its place (rename or move it)", entry.path)
            continue
        if entry.is_dir(follow_symlinks=False) and any(name in target.parents for target in targets):
            os.mkdir(into / entry.name, 0o700)
            _fill(Path(entry.path), into / entry.name, targets, name)
            _same_as(Path(entry.path), into / entry.name)
        else:
            _carry(entry, into / entry.name)


def _carry(entry: os.DirEntry, to: Path) -> None:
    """A second name for a file or link of the trainer's (a whole tree for a folder); never a copy."""
    try:
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), to)
        elif entry.is_dir(follow_symlinks=False):
            if _attributes(Path(entry.path)):
                raise _CannotSwap()
            os.mkdir(to, 0o700)
            for inner in os.scandir(entry.path):
                _carry(inner, to / inner.name)
            _same_as(Path(entry.path), to)
        elif entry.is_file(follow_symlinks=False):
            os.link(entry.path, to, follow_symlinks=False)
        else:
            raise _CannotSwap()  # a pipe or a device of the trainer's: only a file-by-file commit leaves it be
    except (PermissionError, NotImplementedError) as error:  # no hard links here, or a folder we cannot read
        raise _CannotSwap() from error
    except OSError as error:
        if error.errno in (18, 31, 95):  # EXDEV (a mount inside), EMLINK, EOPNOTSUPP
            raise _CannotSwap() from error
        raise


def _rescue(old: Path, new: Path) -> None:
    """Move into new what old holds and new lacks: a file saved into the folder in the last moments."""
    try:
        entries = list(os.scandir(old))
    except OSError:
        return
    for entry in entries:
        if output.is_temporary(entry.name):
            continue
        there = new / entry.name
        try:
            if not os.path.lexists(there):
                os.rename(entry.path, there)
            elif entry.is_dir(follow_symlinks=False) and there.is_dir() and not there.is_symlink():
                _rescue(Path(entry.path), there)
        except OSError:
            pass  # left in the old set; nothing better to do with it


def _sync(folder: Path) -> None:
    """Make folder's entries durable: the swap is on disk before the old set goes.

    One sync, after the swaps: journalling file systems (ext4, XFS, btrfs)
    keep renames in order, so the assembly's own entries are on disk with it.
    """
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _remove(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def recover(folder: Path) -> None:
    """Clear what a build killed outright left at folder: output.recover's files, its assembly folder and probes.

    The assembly is a leftover whichever set it holds: before the swap the
    folder still has the old set, after it the new one. The caller holds the
    lock (locked()), so a leftover with this process's number is another's
    that died, its number since reused.
    """
    output.recover(folder)
    _clear(folder, lambda pid: pid == output.OWNER or not output.alive(pid))


def sweep(folder: Path) -> None:
    """Remove every temporary this run left at folder, its assembly folder too."""
    output.sweep(folder)
    _clear(folder, lambda pid: pid == output.OWNER)


def _clear(folder: Path, whose: Callable[[int], bool]) -> None:
    try:
        entries = list(os.scandir(folder.parent))
    except OSError:
        return
    for entry in entries:
        found = _ASSEMBLY.fullmatch(entry.name)
        if found and found["name"] in (folder.name, *_PROBE) and whose(int(found["pid"])) \
                and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
