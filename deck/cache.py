"""Parsed resources kept between runs, so a build does not parse the same dictionary every time it starts.

Parsing pyphen's hyphenation patterns costs more than laying out a
worksheet. The parsed result is kept in the user's cache folder as data
only (JSON, or raw bytes), never as pickle or anything else that runs code
when read, so a file planted in the cache can at worst be ignored. Each file
is keyed by the source's path, the caller's version and the versions of
Python and the tool's format, and carries the SHA-256 of the source's bytes
and of its own payload: any change, or a damaged file, parses afresh. The cache is an optimisation only: a folder that
cannot be written, or a file that cannot be read back, means parsing as if
there were none.

The folder is $DILEMMA_DECK_CACHE, else $XDG_CACHE_HOME/dilemma-deck, else
~/.cache/dilemma-deck; DILEMMA_DECK_CACHE=off turns the cache off. It is
made 0700; one owned by another user, or that others may write to, is not
used at all (neither read nor written).
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, TypeVar

from . import safe_files

T = TypeVar("T")

FORMAT = b"dilemma-deck cache 2\n"  # first line of every file: what reads it knows what it reads
MAX_ENTRY_BYTES = 64 * 1024 * 1024   # far above any parsed resource (the largest, a font, is 400 KB)


def folder() -> Path | None:
    """Where parsed resources are kept, or None when the cache is off."""
    chosen = os.environ.get("DILEMMA_DECK_CACHE")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no HOME and no passwd entry (an arbitrary container user): no cache
            return None
    return Path(base) / "dilemma-deck"


def usable(where: Path) -> bool:
    """Whether a cache folder is the user's alone: theirs, a folder, writable by nobody else.

    Made 0700 when missing. A folder someone else owns or may write to could
    hold files they planted; data-only files cannot run code, but they could
    still feed a build wrong hyphenation or fonts, so such a folder is not used.
    """
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = where.stat()
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _json_encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_decode(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def parsed(kind: str, source: Path, version: str, parse: Callable[[], T],
           encode: Callable[[T], bytes] = _json_encode, decode: Callable[[bytes], T] = _json_decode) -> T:
    """parse()'s result for source, from the cache when source and version are unchanged.

    encode turns the result into bytes and decode back (JSON of plain data by
    default); decode must build only data, and may raise anything on bytes it
    does not expect: that file is then parsed afresh.
    """
    where = folder()
    if where is None or not usable(where):
        return parse()
    try:
        content = safe_files.read(source, MAX_ENTRY_BYTES, "a cached source")
    except (OSError, safe_files.Refused):
        return parse()
    digest = hashlib.sha256(content).hexdigest()
    key = hashlib.sha256(repr((str(source.resolve()), version, sys.version)).encode()).hexdigest()[:20]
    path = where / f"{kind}-{key}.cache"
    header = FORMAT + f"{kind} {digest}\n".encode()
    try:
        data = safe_files.read(path, MAX_ENTRY_BYTES, "a cache file")
        if data.startswith(header):
            stamp, _, payload = data[len(header):].partition(b"\n")
            if stamp.decode() == hashlib.sha256(payload).hexdigest():  # whole, as it was written
                return decode(payload)
    except Exception:  # absent, unreadable, stale or not ours to decode: parse afresh
        pass
    value = parse()
    try:
        handle, temporary = tempfile.mkstemp(dir=where, prefix=f".{kind}-", suffix=".tmp")
    except OSError:
        return value
    try:
        payload = encode(value)
        with os.fdopen(handle, "wb") as stream:
            stream.write(header + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        os.replace(temporary, path)  # whole or not at all, when two builds race
    except Exception:  # cannot write, or does not encode: it was only an optimisation
        Path(temporary).unlink(missing_ok=True)
    return value
