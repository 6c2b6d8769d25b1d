"""Parsed resources kept between runs, so a build does not parse the same dictionary every time it starts.

Parsing pyphen's hyphenation patterns costs more than laying out a
worksheet. The parsed object is pickled in the user's cache folder, keyed by
the source file's path, modification time and size, and the versions of
Python and of the library that made it; any change parses afresh. The cache
is an optimisation only: a folder that cannot be written, or a file that
cannot be read back, means parsing as if there were none.

The folder is $DILEMMA_DECK_CACHE, else $XDG_CACHE_HOME/dilemma-deck, else
~/.cache/dilemma-deck; DILEMMA_DECK_CACHE=off turns the cache off. Loading
a pickle runs code, so the folder is made readable by its owner alone; do
not point DILEMMA_DECK_CACHE at a folder others can write to.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


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


def parsed(kind: str, source: Path, version: str, parse: Callable[[], T]) -> T:
    """parse()'s result for source, from the cache when source and version are unchanged."""
    where = folder()
    if where is None:
        return parse()
    try:
        status = source.stat()
    except OSError:
        return parse()
    key = hashlib.sha1(repr((str(source.resolve()), status.st_mtime_ns, status.st_size, version,
                             sys.version)).encode()).hexdigest()[:20]
    path = where / f"{kind}-{key}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # absent, unreadable or from an incompatible run: parse afresh
        pass
    value = parse()
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)  # pickles run code: the user's alone
        handle, temporary = tempfile.mkstemp(dir=where, prefix=f".{kind}-", suffix=".tmp")
    except OSError:
        return value
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)  # whole or not at all, when two builds race
    except Exception:  # cannot write, or does not pickle: it was only an optimisation
        Path(temporary).unlink(missing_ok=True)
    return value
