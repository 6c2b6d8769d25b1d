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
point or another user's, a parent folder that cannot be written), it is
file by file, as before.
A build of several locales swaps each locale's folder: a kill between two
swaps leaves one locale's whole new set beside another's whole old set.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

from . import output
from .errors import DeckError
from .folder_swap import Unsupported, exchange

_ASSEMBLY = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.swap\.tmp")
_checked: dict[int, bool] = {}  # file system (st_dev) -> whether two folders can be swapped on it


class _CannotSwap(Exception):
    """This folder's set cannot be put in place by a swap; file by file it is."""


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
        assemblies: list[tuple[Path, Path, bool]] = []  # (folder, its new content beside it, whether it existed)
        try:
            for folder, staged in by_folder.items():
                assemblies.append(_assemble(folder, staged))
        except _CannotSwap:
            _remove([assembly for _, assembly, _ in assemblies] + [_assembly(folder) for folder in by_folder])
            output.commit(files)
            return
        except BaseException as error:
            _remove([_assembly(folder) for folder in by_folder])
            output.discard(files)
            if isinstance(error, OSError):
                raise DeckError(f"cannot write {error.filename or 'the output folder'}: {error.strerror}; every "
                                "output is as it was before this build") from None
            raise
        _swap(assemblies, files)
        # The old sets now sit in the assembly folders: the last trace of this build to go.
        _remove([assembly for _, assembly, _ in assemblies])


def _swap(assemblies: list[tuple[Path, Path, bool]], files: list[tuple[Path, Path]]) -> None:
    done: list[tuple[Path, Path, bool]] = []
    try:
        for folder, assembly, existed in assemblies:
            if existed:
                exchange(assembly, folder)
            else:
                os.rename(assembly, folder)
            done.append((folder, assembly, existed))
        _sync(assemblies[0][0].parent)
    except OSError as error:
        for folder, assembly, existed in reversed(done):  # a swap undone is the same swap again
            try:
                exchange(assembly, folder) if existed else os.rename(folder, assembly)
            except OSError:
                pass
        _remove([assembly for _, assembly, _ in assemblies])
        output.discard(files)
        raise DeckError(f"cannot put the outputs in place in {error.filename or assemblies[0][0]}: {error.strerror}; "
                        "every output is as it was before this build") from None


def _swappable(folder: Path) -> bool:
    """Whether folder's set can be put in place by a swap: a real folder (or none yet) on a file system
    that swaps, in a parent this build can write."""
    parent = folder.parent
    try:
        parent_stat = parent.stat()
        here = folder.lstat() if os.path.lexists(folder) else None
    except OSError:
        return False
    if here is not None and (not stat.S_ISDIR(here.st_mode) or here.st_dev != parent_stat.st_dev
                             or here.st_uid != os.geteuid()):
        return False  # a link (whose target the trainer chose), a mount point, a folder shared with us by
        # another user: a swap would replace it with a folder of our own
    if parent_stat.st_dev not in _checked:
        _checked[parent_stat.st_dev] = _try_swapping(parent)
    return _checked[parent_stat.st_dev]


def _try_swapping(parent: Path) -> bool:
    """Swap two empty folders in parent: the file system's answer, asked once per build process."""
    first, second = (parent / f".probe-{which}.{output.OWNER}.swap.tmp" for which in "ab")
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


def _assemble(folder: Path, staged: list[tuple[Path, Path]]) -> tuple[Path, Path, bool]:
    """Beside folder, a folder holding what folder will hold: the staged files, and the rest linked."""
    assembly = _assembly(folder)
    existed = folder.is_dir()
    os.mkdir(assembly, 0o700)
    if existed:
        _fill(Path(folder), assembly, {target.relative_to(folder) for _, target in staged}, Path())
    for written, target in staged:
        place = assembly / target.relative_to(folder)
        place.parent.mkdir(parents=True, exist_ok=True)
        os.rename(written, place)
    os.chmod(assembly, stat.S_IMODE(folder.stat().st_mode) if existed else 0o777 & ~output.umask())
    return folder, assembly, existed


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
            mode = stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode)
            os.mkdir(into / entry.name, mode | 0o700)
            _fill(Path(entry.path), into / entry.name, targets, name)
            os.chmod(into / entry.name, mode)
        else:
            _carry(entry, into / entry.name)


def _carry(entry: os.DirEntry, to: Path) -> None:
    """A second name for a file or link of the trainer's (a whole tree for a folder); never a copy."""
    try:
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), to)
        elif entry.is_dir(follow_symlinks=False):
            os.mkdir(to, stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode) | 0o700)
            for inner in os.scandir(entry.path):
                _carry(inner, to / inner.name)
            os.chmod(to, stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode))
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
    """Clear what a build killed outright left at folder: output.recover's files, and its assembly folder.

    The assembly is a leftover whichever set it holds: before the swap the
    folder still has the old set, after it the new one.
    """
    output.recover(folder)
    _clear(folder, lambda pid: pid != output.OWNER and not output.alive(pid))


def sweep(folder: Path) -> None:
    """Remove every temporary this run left at folder, its assembly folder too."""
    output.sweep(folder)
    _clear(folder, lambda pid: pid == output.OWNER)


def _clear(folder: Path, whose) -> None:
    try:
        entries = list(os.scandir(folder.parent))
    except OSError:
        return
    for entry in entries:
        found = _ASSEMBLY.fullmatch(entry.name)
        if found and found["name"] == folder.name and whose(int(found["pid"])) \
                and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
