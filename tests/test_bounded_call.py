"""bounded_call: a function in a forked child, its result or error back here, killed past its limits."""
from __future__ import annotations

import os
import resource
import signal
import threading
import time
from pathlib import Path

import pytest

from deck import bounded_call
from deck.bounded_call import Exceeded, Limits
from deck.output import Stopped, stoppable

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="bounded calls need fork")


def _sleeper(where: Path, seconds: float = 30):
    """A function that says which process it runs in, then sleeps."""
    def sleep():
        where.write_text(str(os.getpid()))
        time.sleep(seconds)
    return sleep


def _gone(where: Path) -> bool:
    pid = int(where.read_text())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_result_comes_back_from_another_process():
    pid, data = bounded_call.call(lambda n: b"%d:" % os.getpid() + b"x" * n, 3_000_000).split(b":")
    assert int(pid) != os.getpid() and data == b"x" * 3_000_000


def test_the_childs_exception_comes_back_as_its_message_only():
    """The child handles hostile input: its message is text here, nothing of it is unpickled or run."""
    def fail():
        raise ValueError("not drawable")
    with pytest.raises(Exceeded) as raised:
        bounded_call.call(fail)
    assert (raised.value.limit, raised.value.detail) == ("error", "not drawable")
    with pytest.raises(Exceeded, match="returns bytes, not int"):
        bounded_call.call(lambda: 3)


def test_past_its_wall_time_the_child_is_killed(tmp_path):
    started = time.monotonic()
    with pytest.raises(Exceeded) as exceeded:
        bounded_call.call(_sleeper(tmp_path / "pid"), limits=Limits(wall_seconds=0.5))
    assert exceeded.value.limit == "time" and time.monotonic() - started < 5
    assert _gone(tmp_path / "pid")


def test_past_its_cpu_time_the_child_is_killed():
    def spin():
        while True:
            pass
    started = time.monotonic()
    with pytest.raises(Exceeded) as exceeded:
        bounded_call.call(spin, limits=Limits(cpu_seconds=1, wall_seconds=60))
    assert exceeded.value.limit == "time" and time.monotonic() - started < 20


def test_past_its_memory_the_child_fails_and_this_process_does_not_grow():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(Exceeded) as exceeded:
        bounded_call.call(lambda: bytes(len(bytearray(600_000_000)) % 7), limits=Limits(memory=200_000_000))
    assert exceeded.value.limit == "memory"
    # Within the limit the same allocation succeeds, in the child: this process's peak stays where it was.
    assert bounded_call.call(lambda: b"%d" % len(bytearray(600_000_000)), limits=Limits(memory=1_000_000_000)) == \
        b"600000000"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300_000  # KiB


def test_a_native_abort_is_reported_as_memory_and_other_deaths_as_failures():
    # Rust aborts when an allocation fails: SIGABRT, the only sign the child gives.
    with pytest.raises(Exceeded) as aborted:
        bounded_call.call(os.abort)
    assert aborted.value.limit == "memory"
    with pytest.raises(Exceeded) as killed:
        bounded_call.call(lambda: os.kill(os.getpid(), signal.SIGUSR1))
    assert killed.value.limit == "failed" and str(signal.SIGUSR1.value) in killed.value.detail
    with pytest.raises(Exceeded) as exited:
        bounded_call.call(lambda: os._exit(3))
    assert exited.value.limit == "failed" and "3" in exited.value.detail


def test_a_result_past_its_cap_is_refused():
    with pytest.raises(Exceeded) as exceeded:
        bounded_call.call(lambda: b"x" * 2_000_000, limits=Limits(result_bytes=1_000_000))
    assert exceeded.value.limit == "result"


def _interrupted_after(seconds: float, signum: int) -> None:
    """SIGALRM in a moment, which sends signum to this process (as Ctrl-C or `kill` would)."""
    signal.signal(signal.SIGALRM, lambda *_: os.kill(os.getpid(), signum))
    signal.setitimer(signal.ITIMER_REAL, seconds)


@pytest.mark.parametrize("signum, raised", [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, Stopped)])
def test_ctrl_c_or_sigterm_while_waiting_kills_the_child_and_propagates(signum, raised, tmp_path):
    previous = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    try:
        with stoppable(), pytest.raises(raised):
            _interrupted_after(0.5, signum)
            bounded_call.call(_sleeper(tmp_path / "pid"))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 5
    assert _gone(tmp_path / "pid")


def test_without_a_safe_fork_it_runs_here():
    """A process that runs threads is not forked (the child could deadlock): the call runs in this one."""
    done = threading.Event()
    waiter = threading.Thread(target=done.wait)
    waiter.start()
    try:
        assert not bounded_call.can_fork()
        assert bounded_call.call(lambda: b"%d" % os.getpid()) == b"%d" % os.getpid()
    finally:
        done.set()
        waiter.join()
    assert bounded_call.can_fork()
