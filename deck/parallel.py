"""Build tasks shared out over two processes: a forked child renders its share while this one renders the rest.

A build is CPU work in Python (importing python-pptx and ReportLab, laying
out text), and Python runs one thread of it at a time; on a machine with two
cores, two processes halve it. The child is forked after the session is
loaded and planned, so it starts with all of that in memory. What it writes
it stages like the parent does (see output.staged); it sends back its results
and its progress messages through a pipe, and an error as the exception.

Without fork (Windows), with one core, or in a process that runs threads
(forking those can deadlock the child), the tasks run here, in order.
"""
from __future__ import annotations

import os
import pickle
import signal
import struct
import threading
import traceback
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from .errors import DeckError

T = TypeVar("T")
_HEADER = struct.Struct(">Q")


Progress = Callable[[str], None]


@dataclass(frozen=True)
class Task(Generic[T]):
    """One piece of work, given where to report progress, and how heavy it is relative to the others.

    Tasks of one family share a start-up cost (importing a library, say) that
    a process pays once, whichever of them it runs first.
    """

    weight: float
    run: Callable[[Progress], T]
    family: str = ""


def can_fork() -> bool:
    """Whether tasks may go to a forked child here and now."""
    return hasattr(os, "fork") and _cores() > 1 and threading.active_count() == 1


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS has no affinity call
        return os.cpu_count() or 1


def run(tasks: list[Task[T]], progress: Progress, parallel: bool = True,
        abandon: Callable[[T], None] = lambda result: None, setup: dict[str, float] | None = None,
        after: float = 0.0) -> list[T]:
    """Each task's result, in task order; with parallel (and a fork), two processes share them.

    When a task fails, the results the other tasks still made go to abandon
    (to remove what they staged, say) and the failure is raised. setup is
    each family's start-up cost, in the units of the tasks' weights; after is
    what this process does once every task is done (it takes a lighter share).
    """
    if not (parallel and len(tasks) > 1 and can_fork()):
        return _in_order(tasks, progress, abandon)
    mine, theirs = _share(tasks, setup or {}, after)
    child = _Child.start([(index, tasks[index]) for index in theirs], progress, abandon)
    try:
        results = dict(zip(mine, _in_order([tasks[index] for index in mine], progress, abandon)))
    except BaseException:
        child.stop()
        raise
    try:
        results.update(child.results())
    except BaseException:
        for result in results.values():
            abandon(result)
        raise
    return [results[index] for index in range(len(tasks))]


def _in_order(tasks: list[Task[T]], progress: Progress, abandon: Callable[[T], None]) -> list[T]:
    results: list[T] = []
    try:
        for task in tasks:
            results.append(task.run(progress))
    except BaseException:
        for result in results:
            abandon(result)
        raise
    return results


def _share(tasks: list[Task], setup: dict[str, float], after: float = 0.0) -> tuple[list[int], list[int]]:
    """This process's task indexes and the child's, so that both finish together (this one's work
    including after): the better of a split by family and a greedy one."""
    def cost(side: list[int]) -> float:
        families = {tasks[i].family for i in side}
        return sum(tasks[i].weight for i in side) + sum(setup.get(family, 0.0) for family in families)

    families = sorted({task.family for task in tasks})
    candidates = [_greedy(tasks)]
    if len(families) == 2:
        first = [i for i, task in enumerate(tasks) if task.family == families[0]]
        candidates.append((first, [i for i in range(len(tasks)) if i not in first]))
    splits = [split for a, b in candidates for split in ((a, b), (b, a))]
    return min(splits, key=lambda split: max(cost(split[0]) + after, cost(split[1])))


def _greedy(tasks: list[Task]) -> tuple[list[int], list[int]]:
    """Heaviest first, each to the lighter side."""
    sides: tuple[list[int], list[int]] = ([], [])
    loads = [0.0, 0.0]
    for index in sorted(range(len(tasks)), key=lambda i: -tasks[i].weight):
        side = 0 if loads[0] <= loads[1] else 1
        sides[side].append(index)
        loads[side] += tasks[index].weight
    return sorted(sides[0]), sorted(sides[1])


class _Child:
    """A forked process running some tasks; its messages are relayed by a thread as they come."""

    def __init__(self, pid: int, reader: int, progress: Progress, abandon: Callable):
        self.pid, self.abandon, self.outcome = pid, abandon, None
        self.failure: Exception | None = None      # the progress callback's, raised once the child is done
        self.unreadable: Exception | None = None   # why the pipe stopped making sense
        self.relay = threading.Thread(target=self._relay, args=(reader, progress), daemon=True)
        self.relay.start()

    @classmethod
    def start(cls, tasks: list[tuple[int, Task]], progress: Progress, abandon: Callable) -> "_Child":
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(reader)
            _serve(tasks, writer, abandon)
        os.close(writer)
        return cls(pid, reader, progress, abandon)

    def _relay(self, reader: int, progress: Progress) -> None:
        with os.fdopen(reader, "rb") as pipe:
            try:
                while (message := _receive(pipe)) is not None:
                    kind, value = message
                    if kind != "progress":
                        self.outcome = message
                    elif self.failure is None:
                        try:
                            progress(value)
                        except Exception as error:  # reported once the child is done; keep reading
                            self.failure = error
            except Exception as error:  # a child killed mid-message, say
                self.unreadable = error

    def results(self) -> dict:
        """The child's results by task index, once it has finished; its exception raised here."""
        self.relay.join()
        _, status = os.waitpid(self.pid, 0)
        if self.failure is not None:
            if self.outcome is not None and self.outcome[0] == "done":
                self.abandon_all()
            raise self.failure
        if self.outcome is None:
            why = f"its message could not be read: {self.unreadable}" if self.unreadable else _how(status)
            raise DeckError(f"a build process ended without a result ({why})")
        kind, value = self.outcome
        if kind == "error":
            raise value
        if kind == "stopped":
            from .output import Stopped, stopping

            if stopping():  # both were told to stop: this one's exception was lost on the way
                raise Stopped()
            raise DeckError("a build process was stopped before it finished")
        return value

    def abandon_all(self) -> None:
        for result in self.outcome[1].values():
            self.abandon(result)

    def stop(self) -> None:
        """End the child's share early (this process failed): what it made is removed, there or here."""
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            made = self.results()
        except BaseException:  # it stopped or failed, and removed what it staged
            return
        for result in made.values():
            self.abandon(result)


def _serve(tasks: list[tuple[int, Task]], writer: int, abandon: Callable) -> None:
    """In the child: run the tasks, send progress and then the results (or the error), and exit.

    Told to stop (SIGTERM: the parent failed), it finishes the task at hand,
    removes what it made and ends; a task is never cut off half-way, so what
    it staged is always known and removed.
    """
    stop: list[int] = []
    status = 1
    try:
        signal.signal(signal.SIGTERM, lambda signum, frame: stop.append(signum))
        with os.fdopen(writer, "wb") as pipe:
            report = lambda message: _send(pipe, ("progress", message))  # noqa: E731
            made: dict = {}
            try:
                for index, task in tasks:
                    if stop:
                        break
                    made[index] = task.run(report)
            except BaseException as error:  # handed to the parent, which raises it
                outcome = ("error", _portable(error))
            else:
                outcome = ("stopped", None) if stop else ("done", made)
            if outcome[0] != "done":
                for result in made.values():
                    abandon(result)
            try:
                _send(pipe, outcome)
            except Exception as error:  # results that do not pickle
                for result in made.values():
                    abandon(result)
                _send(pipe, ("error", DeckError(f"a build process could not hand back its results ({error})")))
            status = 0
    finally:
        os._exit(status)  # no atexit handlers, no test-runner teardown: the parent owns those


def _portable(error: BaseException) -> BaseException:
    """error as the parent should raise it: a DeckError that arrives whole through pickle as it is,
    any other as a DeckError saying what it was (with the traceback of what is a bug)."""
    if isinstance(error, KeyboardInterrupt):
        return error
    if isinstance(error, DeckError):
        try:
            back = pickle.loads(pickle.dumps(error))
            if type(back) is type(error) and str(back) == str(error):
                return error
        except Exception:
            pass
        return DeckError(str(error))
    trace = "".join(traceback.format_exception(error))
    return DeckError(f"a build process failed ({type(error).__name__}: {error}); please report this:\n{trace}")


def _send(pipe, message) -> None:
    data = pickle.dumps(message)
    pipe.write(_HEADER.pack(len(data)) + data)
    pipe.flush()


def _receive(pipe):
    header = pipe.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    return pickle.loads(pipe.read(size))


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"
