"""Reading files on a session's behalf: regular files only, never past a cap, never blocking.

Sessions, catalogs, layouts, templates and fonts come from anyone (mailed,
on shared drives). Every one is opened here: without blocking (a FIFO named
as a session would otherwise wait forever for a writer), then checked with
fstat on the open descriptor (so what is checked is what is read) to be a
regular file no larger than its documented cap (docs/limits.md), and read
no further than the cap even if it grows meanwhile.

Media a session names (a video's `file:`, a picture's `image:`) obey
more rules, in media(): see its docstring.
"""
from __future__ import annotations

import difflib
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

MB = 1_000_000
# What each kind of file may weigh (docs/limits.md lists them; a test reads them from there).
CATALOG_BYTES = 20 * MB
LAYOUT_BYTES = 1 * MB
TEMPLATE_BYTES = 100 * MB
FONT_BYTES = 50 * MB
IMPORTED_DECK_BYTES = 200 * MB
VIDEO_BYTES = 200 * MB
IMAGE_BYTES = 20 * MB
NAME_BYTES = 255  # one path component, as ext4, APFS and NTFS allow

_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder", stat.S_IFLNK: "a symbolic link"}


class Refused(Exception):
    """A file that is not read, and why; str() is the reason, to follow the file's name.

    size is set when the file was refused for its size alone (so a caller may word that itself).
    """

    def __init__(self, message: str, size: int | None = None):
        super().__init__(message)
        self.size = size


def kind_of(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def _open_regular(path: str | Path, cap: int, what: str, hint: str = "") -> int:
    """A descriptor of path, opened without blocking, once it is known to be a regular file of at most cap bytes."""
    handle = os.open(path, _FLAGS)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"is {kind_of(info.st_mode)}, not a file{hint}")
        if info.st_size > cap:
            raise Refused(f"is {info.st_size:,} bytes; {what} may be at most {cap:,}", info.st_size)
    except BaseException:
        os.close(handle)
        raise
    return handle


def read(path: str | Path, cap: int, what: str = "the file") -> bytes:
    """path's bytes: raises Refused for anything but a regular file of at most cap bytes, OSError if unreadable.

    Opened with O_NONBLOCK, so a FIFO or a device is seen and refused, not waited on.
    """
    handle = _open_regular(path, cap, what, f"; name {what} itself")
    try:
        chunks, left = [], cap + 1
        while left > 0:
            chunk = os.read(handle, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > cap:  # it grew while being read
            raise Refused(f"is over {cap:,} bytes; {what} may be at most {cap:,}", len(data))
        return data
    finally:
        os.close(handle)


# -- media -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MediaType:
    """What a media key accepts: the formats recognised by their first bytes, and a size cap."""

    name: str
    cap: int
    formats: tuple[tuple[str, int, bytes], ...]  # (format, offset, magic bytes)
    texts: tuple[tuple[str, Callable[[bytes], bool]], ...] = ()  # text formats, recognised by how they begin
    head: int = 64  # bytes read to recognise a file

    def recognise(self, head: bytes) -> str | None:
        for fmt, offset, magic in self.formats:
            if head[offset:offset + len(magic)] == magic:
                return fmt
        return next((fmt for fmt, begins in self.texts if begins(head)), None)

    @property
    def listed(self) -> str:
        return ", ".join(dict.fromkeys([*(fmt for fmt, _, _ in self.formats), *(fmt for fmt, _ in self.texts)]))


# An SVG file is XML: before its <svg> root, an optional byte order mark, XML declaration, comments,
# processing instructions and a document type declaration (which picture_files then refuses, saying so).
_SVG_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_SVG_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?svg[\s>/]|<!DOCTYPE\s+(?:[A-Za-z_][\w.-]*:)?svg[\s>\[]")


def looks_like_svg(head: bytes) -> bool:
    """Whether a file beginning with head is an SVG picture by its content (UTF-8, or UTF-16 with its mark)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    rest = head[_SVG_PROLOG.match(head).end():]
    # A comment (a licence, say) longer than the head: the whole file is read and checked as an SVG anyway.
    unfinished = (rest.startswith(b"<!--") and b"-->" not in rest) or (rest.startswith(b"<?") and b"?>" not in rest)
    return unfinished or _SVG_ROOT.match(rest) is not None


VIDEO = MediaType("video", VIDEO_BYTES, (
    ("MP4/MOV", 4, b"ftyp"), ("WebM/MKV", 0, b"\x1a\x45\xdf\xa3"), ("AVI", 8, b"AVI "),
    ("WMV", 0, b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"), ("MPEG", 0, b"\x00\x00\x01\xba"),
    ("MPEG", 0, b"\x00\x00\x01\xb3"), ("Ogg", 0, b"OggS")))
IMAGE = MediaType("picture", IMAGE_BYTES, (
    ("PNG", 0, b"\x89PNG\r\n\x1a\n"), ("JPEG", 0, b"\xff\xd8\xff"), ("GIF", 0, b"GIF87a"), ("GIF", 0, b"GIF89a")),
    texts=(("SVG", looks_like_svg),), head=4096)  # room for an editor's XML declaration and comments


OUTSIDE = ".."  # what followed() says of a path that leads out of its folder


class Unfollowable(Exception):
    """A path whose links lead round in a loop."""


def followed(path: Path, root: Path) -> tuple[Path, str | None]:
    """path with its links followed, and what is amiss with where it leads, or None: OUTSIDE when
    that is not inside root, else the hidden component (.ssh, .git, ...) it passes through.

    Raises Unfollowable for a link loop.
    """
    root = root.resolve()
    try:
        resolved = path.resolve(strict=False)
    except (OSError, RuntimeError):  # a symbolic link loop: RuntimeError before Python 3.13
        raise Unfollowable(str(path)) from None
    if resolved != root and root not in resolved.parents:
        return resolved, OUTSIDE
    return resolved, next((p for p in resolved.relative_to(root).parts if p.startswith(".")), None)


OUTSIDE_MESSAGE = "leads outside the session's folder; keep media in that folder, next to the session file"
HIDDEN_MESSAGE = "hidden files and folders are never embedded"
_DRIVE = re.compile(r"[A-Za-z]:")


def media(ref: str, base: Path, kind: MediaType) -> str | None:
    """Why the media file ref (relative to the session's folder base) may not be used, or None when it may.

    The rules: a relative name with '/' between folders whose components
    each fit in 255 bytes; no hidden component (.ssh, .git, ...) as written
    or after following links; inside the session's folder after following
    links; a regular file (no FIFO, device or folder); at most kind.cap
    bytes; and content whose first bytes are one of kind's formats (a private
    key named clip.mp4 is not a video). The message names the rule, to follow
    the key's location. A file that is not there is looked for under names
    that differ in letter case or otherwise slightly, to suggest.
    """
    parts = Path(ref).parts
    too_long = next((p for p in parts if len(p.encode("utf-8", "surrogatepass")) > NAME_BYTES), None)
    if too_long is not None:
        return (f"a file name holds at most {NAME_BYTES} bytes, and '{too_long[:40]}...' has "
                f"{len(too_long.encode('utf-8', 'surrogatepass')):,}; rename the file")
    if "\x00" in ref:
        return "the file name holds a NUL character; rename the file"
    windows = _windows(ref)
    if windows:
        return windows
    if Path(ref).is_absolute() or ".." in parts:
        return f"'{ref}' {OUTSIDE_MESSAGE}"
    hidden = next((p for p in parts if p.startswith(".") and p != "."), None)
    if hidden is not None:
        return _hidden(ref, hidden, hidden == parts[-1], "is")
    try:
        resolved, stray = followed(base / ref, base)
    except Unfollowable:
        return f"'{ref}' cannot be followed (a link that leads to itself?)"
    if stray == OUTSIDE:
        return f"'{ref}' {OUTSIDE_MESSAGE}"
    if stray is not None:
        return _hidden(ref, stray, stray == resolved.name, "leads to")
    try:
        head = first_bytes(resolved, kind)
    except FileNotFoundError:
        near = nearest(ref, base)
        hint = f"; did you mean '{near}'?" if near else ""
        return f"no file '{ref}' in the session's folder{hint}"
    except Refused as refused:
        return f"'{ref}' {refused}"
    except OSError as error:
        if error.errno == errno.ELOOP:  # Python 3.13 resolves a link loop without a word; opening it tells
            return f"'{ref}' cannot be followed (a link that leads to itself?)"
        return f"'{ref}' cannot be read: {error.strerror}"
    if kind.recognise(head) is None:
        return (f"'{ref}' is not a {kind.name} file by its content (expected {kind.listed}); "
                f"only {kind.name} files are embedded")
    return None


def _hidden(ref: str, hidden: str, is_file: bool, verb: str) -> str:
    """The message for ref, which is (verb 'is') or leads to (verb 'leads to') the hidden component hidden."""
    if is_file:
        what = "a hidden file" if verb == "is" else f"the hidden file '{hidden}'"
        return f"'{ref}' {verb} {what}; {HIDDEN_MESSAGE}, rename the file without the leading '.'"
    where = "under the hidden" if verb == "is" else "the hidden"
    return (f"'{ref}' {verb} {where} '{hidden}'; {HIDDEN_MESSAGE}, "
            "keep media in a visible folder next to the session file")


def _windows(ref: str) -> str | None:
    """Why ref, written as a Windows path (backslashes, a drive letter, a share), cannot be used; None if it is not one."""
    share, drive = ref.startswith(("\\\\", "//")), _DRIVE.match(ref)
    if share or drive:
        where = "a network share" if share else f"drive {drive.group().upper()}"
        return (f"'{ref}' is a file on {where}, which a session cannot take along; copy the file into the "
                f"session's folder and write its path relative to that folder, with '/' between folders "
                f"(e.g. 'media/{_last(ref)}')")
    if "\\" not in ref:
        return None
    parts = [p for p in ref.replace("\\", "/").split("/") if p not in ("", ".")]
    hint = f": '{'/'.join(parts)}'" if parts and ".." not in parts else ""
    return (f"'{ref}' separates folders with '\\'; write '/' between folders, "
            f"relative to the session's folder{hint}")


def _last(ref: str) -> str:
    return re.split(r"[\\/]", ref)[-1] or "picture.png"


# How many entries of a folder are looked at for a near name: a folder of a million files is not read whole.
_LISTED = 10_000


def _entries(folder: Path) -> list[str]:
    names = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if len(names) >= _LISTED:
                    break
                if not entry.name.startswith("."):
                    names.append(entry.name)
    except OSError:
        return []
    return names


def _folded(name: str, case: bool) -> str:
    name = unicodedata.normalize("NFC", name)
    return name.casefold() if case else name


def _walk(ref: str, base: Path, near: bool) -> str | None:
    """ref with each component that is not there replaced by the one entry of its folder that matches it.

    The match is by Unicode normalization alone (a name typed in NFC, stored in NFD
    by a Mac's unzip), or with near also by letter case and then by likeness.
    Only visible folders inside base are listed; None when a component matches nothing.
    """
    base = base.resolve()
    folder, found = base, []
    for part in Path(ref).parts:
        if followed(folder, base)[1] is not None:  # never list a folder outside base, or a hidden one
            return None
        candidate = folder / part
        if not os.path.lexists(candidate):
            names = _entries(folder)
            match = [n for n in names if _folded(n, False) == _folded(part, False)]
            if not match and near:
                match = [n for n in names if _folded(n, True) == _folded(part, True)]
                if not match:
                    match = difflib.get_close_matches(_folded(part, True), [_folded(n, True) for n in names],
                                                      n=1, cutoff=0.8)
                    match = [n for n in names if match and _folded(n, True) == match[0]][:1]
            if len(match) != 1:
                return None
            part = match[0]
        found.append(part)
        folder = folder / part
    return "/".join(found)


def on_disk(ref: str, base: Path) -> str:
    """ref as the file is named on disk when it differs only by Unicode normalization; else ref itself.

    What is found still has to pass media(): it only names the file, it lets nothing else through.
    """
    if _windows(ref) or Path(ref).is_absolute() or ".." in Path(ref).parts or os.path.lexists(base / ref):
        return ref
    try:
        return _walk(ref, base, near=False) or ref
    except (Unfollowable, ValueError):
        return ref


def nearest(ref: str, base: Path) -> str | None:
    """A name in base like ref but for letter case or a slip of a letter or two, or None."""
    try:
        near = _walk(ref, base, near=True)
    except (Unfollowable, ValueError):
        return None
    return near if near != ref else None


def first_bytes(path: Path, kind: MediaType) -> bytes:
    """The first kind.head bytes of path, after the checks of read(): regular, within the cap, not blocking."""
    handle = _open_regular(path, kind.cap, f"a {kind.name} file")
    try:
        return os.read(handle, kind.head)
    finally:
        os.close(handle)
