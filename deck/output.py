"""Writing outputs so that nothing is lost: atomic replacement, reproducible timestamps."""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from .errors import DeckError

DEFAULT_EPOCH = 946684800  # 2000-01-01T00:00:00Z: fixed, so unchanged inputs give unchanged bytes


def build_time() -> datetime:
    """The timestamp outputs carry: SOURCE_DATE_EPOCH when set, else a fixed date."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    try:
        epoch = int(raw) if raw else DEFAULT_EPOCH
    except ValueError:
        raise DeckError(f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds") from None
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
    """Put staged files in place, each in one step."""
    for written, target in files:
        try:
            os.replace(written, target)
        except OSError as error:
            discard(files)
            raise DeckError(f"cannot write {target}: {error.strerror}") from None


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
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise DeckError(f"cannot write to {path.parent}: {error.strerror}; "
                        "choose another folder with --out") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
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
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
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
