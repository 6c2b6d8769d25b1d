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
import struct
import threading
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
        try:
            for result in child.results().values():
                abandon(result)
        except BaseException:  # the child failed too: it cleaned up after itself; report ours
            pass
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

    def __init__(self, pid: int, reader: int, progress: Progress):
        self.pid, self.outcome = pid, None
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
        return cls(pid, reader, progress)

    def _relay(self, reader: int, progress: Progress) -> None:
        with os.fdopen(reader, "rb") as pipe:
            try:
                while (message := _receive(pipe)) is not None:
                    kind, value = message
                    if kind == "progress":
                        progress(value)
                    else:
                        self.outcome = message
            except Exception:  # a child killed mid-message: results() reports it without a result
                self.outcome = None

    def results(self) -> dict:
        """The child's results by task index, once it has finished; its exception raised here."""
        self.relay.join()
        _, status = os.waitpid(self.pid, 0)
        if self.outcome is None:
            raise DeckError(f"a build process ended without a result ({_how(status)}); nothing was written")
        kind, value = self.outcome
        if kind == "error":
            raise value
        return value


def _serve(tasks: list[tuple[int, Task]], writer: int, abandon: Callable) -> None:
    """In the child: run the tasks, send progress and then the results (or the error), and exit."""
    status = 1
    try:
        with os.fdopen(writer, "wb") as pipe:
            try:
                report = lambda message: _send(pipe, ("progress", message))  # noqa: E731
                outcome = ("done", dict(zip([index for index, _ in tasks],
                                            _in_order([task for _, task in tasks], report, abandon))))
            except BaseException as error:  # handed to the parent, which raises it
                outcome = ("error", error)
            try:
                _send(pipe, outcome)
            except Exception as error:  # what does not pickle: an odd exception, or a result
                if outcome[0] == "done":
                    for result in outcome[1].values():
                        abandon(result)
                problem = (f"{type(outcome[1]).__name__}: {outcome[1]}" if outcome[0] == "error" else
                           f"a build process could not hand back its results ({error})")
                _send(pipe, ("error", DeckError(problem)))
            status = 0
    finally:
        os._exit(status)  # no atexit handlers, no test-runner teardown: the parent owns those


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
