"""A function run in a forked child with hard limits on its memory, CPU time and wall time.

For work done by native code that Python cannot interrupt or bound (a Rust
renderer, say): a child that runs out of memory aborts alone, one that runs
too long is killed, and Ctrl-C or SIGTERM in this process kills it and
propagates. The function returns bytes; they come back through a pipe, up
to a size cap, as plain bytes: the child handles hostile input, so nothing
it sends is unpickled or run here. An exception it raises comes back as its
message (Exceeded with limit "error").

The memory limit is address space (RLIMIT_AS) on top of what the child
already maps when it is forked, so it holds the same in a small CLI process
and in a test runner that has imported everything. Where there is no fork,
or this process runs threads (forking those can deadlock the child), the
function runs here, unbounded, as it would without this module.
"""
from __future__ import annotations

import faulthandler
import os
import select
import signal
import struct
import threading
import time
from dataclasses import dataclass
from typing import Callable, TypeVar

T = TypeVar("T")
GiB = 1024 ** 3
_HEADER = struct.Struct(">Q")


@dataclass(frozen=True)
class Limits:
    """How much a bounded call may take: address space beyond what it starts with, CPU and wall seconds,
    and the bytes of its pickled result."""

    memory: int = GiB
    cpu_seconds: int = 20
    wall_seconds: float = 20.0
    result_bytes: int = 256 * 1024 * 1024


class Exceeded(Exception):
    """A bounded call that did not give its result: limit is "time", "memory" or "result" past a limit,
    "error" when the function raised (detail: its message), "failed" when the child died for no reason it gave."""

    def __init__(self, limit: str, detail: str):
        super().__init__(f"{limit}: {detail}")
        self.limit, self.detail = limit, detail


def can_fork() -> bool:
    """Whether a call may go to a forked child here and now."""
    return hasattr(os, "fork") and threading.active_count() == 1


def call(function: Callable[..., bytes], *args, limits: Limits = Limits()) -> bytes:
    """function(*args), bytes, run in a child within limits; Exceeded when it breaks one or raises.

    Without a fork it runs here, and what it raises is raised as it is.
    """
    if not can_fork():
        return function(*args)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(reader)
        _serve(function, args, limits, writer)
    os.close(writer)
    reaped = False
    try:
        data = _collect(reader, pid, limits)
        _, status = os.waitpid(pid, 0)
        reaped = True
    finally:
        os.close(reader)
        if not reaped:  # a limit, Ctrl-C or SIGTERM while waiting: the child goes, whatever it is doing
            _kill(pid)
    return _outcome(data, status, limits)


def _collect(reader: int, pid: int, limits: Limits) -> bytes:
    """Everything the child writes, until it closes the pipe; Exceeded past the wall time or size cap."""
    deadline = time.monotonic() + limits.wall_seconds
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Exceeded("time", f"over {limits.wall_seconds:g} s")
        ready, _, _ = select.select([reader], [], [], left)
        if not ready:
            continue
        chunk = os.read(reader, 1024 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.result_bytes + _HEADER.size:
            raise Exceeded("result", f"over {limits.result_bytes:,} bytes")
        chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _outcome(data: bytes, status: int, limits: Limits):
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        if signum == signal.SIGXCPU:  # RLIMIT_CPU's soft limit (its hard one is never reached: not caught)
            raise Exceeded("time", f"over {limits.cpu_seconds} s of CPU")
        # SIGABRT: how Rust (and C++) end when an allocation fails; SIGKILL: the kernel's OOM killer, the
        # machine short of memory before the limit was reached.
        if signum in (signal.SIGABRT, signal.SIGKILL):
            raise Exceeded("memory", f"over {limits.memory:,} bytes")
        raise Exceeded("failed", f"killed by signal {signum}")
    if len(data) < _HEADER.size or os.WEXITSTATUS(status) != 0:
        raise Exceeded("failed", f"exit status {os.WEXITSTATUS(status)}")
    (length,) = _HEADER.unpack(data[:_HEADER.size])
    if length != len(data) - _HEADER.size or length < 1:
        raise Exceeded("failed", "its result was cut off")
    kind, value = data[_HEADER.size:_HEADER.size + 1], data[_HEADER.size + 1:]
    if kind == b"E":
        raise Exceeded("error", value.decode("utf-8", "replace"))
    if kind == b"M":
        raise Exceeded("memory", f"over {limits.memory:,} bytes")
    return value


def _serve(function: Callable, args: tuple, limits: Limits, writer: int) -> None:
    """In the child: limit itself, run function, write the outcome and exit."""
    status = 1
    try:
        # Ctrl-C and SIGTERM end the child at once; the parent (told too) reports them.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        # What native code prints as it dies (Rust's "memory allocation failed" and a backtrace) is not
        # for the user: the parent says what happened.
        faulthandler.disable()  # (a test runner's, say) it writes to a copy of stderr it keeps
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)
        _limit(limits)
        try:
            result = function(*args)
            if not isinstance(result, bytes):
                raise TypeError(f"a bounded call returns bytes, not {type(result).__name__}")
            data = b"D" + result
        except MemoryError:
            data = b"M"
        except BaseException as error:
            data = b"E" + str(error).encode("utf-8", "replace")[:65536]
        message = memoryview(_HEADER.pack(len(data)) + data)
        while message:
            message = message[os.write(writer, message):]
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no test-runner teardown: the parent owns those


def _limit(limits: Limits) -> None:
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    memory = _mapped() + limits.memory
    if hard != resource.RLIM_INFINITY:
        memory = min(memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory, hard))
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    # The soft limit sends SIGXCPU; the hard one, a second later, SIGKILL should that be caught.
    soft, kill = limits.cpu_seconds, limits.cpu_seconds + 1
    if hard != resource.RLIM_INFINITY:
        soft, kill = min(soft, hard), min(kill, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, kill))


def _mapped() -> int:
    """This process's address space now, in bytes (0 where /proc does not say)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
