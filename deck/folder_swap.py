"""Swapping two folders in one step: Linux's renameat2(RENAME_EXCHANGE), which the standard library lacks.

This is the only place the project calls into the C library; a test pins
what it does, so a system where it stops working fails loudly here.
"""
from __future__ import annotations

import ctypes
import errno
import os
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # from <linux/fs.h>


class Unsupported(OSError):
    """This system or file system cannot swap two names in one step."""


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 (2018) and later, musl 1.2.2
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


_CALL = _renameat2()


def exchange(first: Path, second: Path) -> None:
    """Swap what the names first and second lead to, both at once: no one ever sees one name missing.

    Both must exist. Raises Unsupported where the system or the file
    system cannot do it (then nothing changed), OSError for anything else.
    """
    if _CALL is None:
        raise Unsupported(errno.ENOSYS, "this system cannot swap two folders in one step")
    if _CALL(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        raise Unsupported(code, f"this file system cannot swap two folders in one step ({os.strerror(code)})")
    raise OSError(code, os.strerror(code), str(first), None, str(second))
