"""Two processes sharing a build's tasks: results in order, progress relayed, failures raised and cleaned up."""
from __future__ import annotations

import os
import signal
import threading

import pytest

from deck import parallel
from deck.errors import DeckError
from deck.parallel import Task

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="needs fork and two cores")


def task(value, weight=1.0, family="", fail=False):
    def run(progress):
        progress(f"start {value} in {os.getpid()}")
        if fail:
            raise DeckError(f"task {value} failed")
        return (value, os.getpid())
    return Task(weight, run, family)


def test_results_come_back_in_task_order_from_two_processes():
    messages = []
    results = parallel.run([task(n) for n in range(6)], messages.append)
    assert [value for value, _ in results] == list(range(6))
    assert len({pid for _, pid in results}) == 2, "the work should be shared by two processes"
    assert sorted(m.split()[1] for m in messages) == [str(n) for n in range(6)], "the child's progress relayed"


def test_without_parallel_everything_runs_here():
    results = parallel.run([task(n) for n in range(3)], lambda m: None, parallel=False)
    assert {pid for _, pid in results} == {os.getpid()}


def test_a_process_with_threads_does_not_fork():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        results = parallel.run([task(n) for n in range(3)], lambda m: None)
        assert {pid for _, pid in results} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_families_stay_together_when_their_start_up_dominates():
    tasks = [task("deck", 100, "pptx"), task("sheets", 150, "reportlab"), task("guide", 16, "reportlab"),
             task("handout", 10, "reportlab")]
    mine, theirs = parallel._share(tasks, {"pptx": 130, "reportlab": 80})
    assert sorted([mine, theirs]) == [[0], [1, 2, 3]]


def test_a_failing_task_in_the_child_is_raised_here_and_the_others_results_abandoned():
    abandoned = []
    tasks = [task("a", 10), task("b", 1, fail=True), task("c", 1)]  # a here; b and c in the child
    with pytest.raises(DeckError, match="task b failed"):
        parallel.run(tasks, lambda m: None, abandon=abandoned.append)
    assert [value for value, _ in abandoned] == ["a"]


def test_a_failing_task_here_abandons_what_the_child_made():
    abandoned = []
    tasks = [task("a", 10, fail=True), task("b", 1), task("c", 1)]
    with pytest.raises(DeckError, match="task a failed"):
        parallel.run(tasks, lambda m: None, abandon=abandoned.append)
    assert sorted(value for value, _ in abandoned) == ["b", "c"]


def test_a_child_that_dies_is_an_error_not_a_hang():
    def die(progress):
        os.kill(os.getpid(), signal.SIGKILL)
    tasks = [task("a", 10), Task(1, die)]
    with pytest.raises(DeckError, match="killed by signal 9"):
        parallel.run(tasks, lambda m: None)


def test_results_the_child_cannot_hand_back_are_an_error_and_abandoned_there(tmp_path):
    def unpicklable(progress):
        made = tmp_path / f"staged-{os.getpid()}"
        made.write_text("half a build", encoding="utf-8")
        return (lambda: None, made)  # a lambda does not pickle

    def abandon(result):
        if isinstance(result, tuple) and isinstance(result[-1], os.PathLike):
            result[-1].unlink(missing_ok=True)

    with pytest.raises(DeckError, match="could not hand back its results"):
        parallel.run([task("a", 10), Task(1, unpicklable)], lambda m: None, abandon=abandon)
    assert not list(tmp_path.glob("staged-*")), "what the child staged is removed"
