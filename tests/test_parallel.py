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


def test_a_failing_task_here_leaves_nothing_the_child_made(tmp_path):
    """Stopped early, the child removes what it made; finished first, this side does."""
    def making(name):
        def run(progress):
            made = tmp_path / name
            made.write_text("staged", encoding="utf-8")
            return made
        return Task(1, run)

    def failing(progress):
        raise DeckError("task a failed")

    def abandon(result):
        result.unlink(missing_ok=True)

    with pytest.raises(DeckError, match="task a failed"):
        parallel.run([Task(10, failing), making("b"), making("c")], lambda m: None, abandon=abandon)
    assert list(tmp_path.iterdir()) == []


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


def test_located_content_problems_from_the_child_arrive_whole():
    from deck.errors import ContentError, Problem

    problems = [Problem("s.yaml", 3, 1, "clusters", "no such cluster"), Problem("s.yaml", 1, 1, "", "bad")]

    def located(progress):
        raise ContentError(problems)

    with pytest.raises(ContentError) as caught:
        parallel.run([task("a", 10), Task(1, located)], lambda m: None)
    assert caught.value.problems == sorted(problems)
    assert str(caught.value) == str(ContentError(problems))


def test_a_bug_in_the_child_is_reported_with_its_traceback():
    def buggy(progress):
        return {}["missing"]

    with pytest.raises(DeckError, match=r"(?s)a build process failed \(KeyError: 'missing'\).*report.*Traceback"):
        parallel.run([task("a", 10), Task(1, buggy)], lambda m: None)


def test_when_this_side_fails_the_child_stops_after_the_task_at_hand_and_removes_what_it_staged(tmp_path):
    import time

    from deck.output import discard, staged, write_atomic

    def part(n):
        def run(progress):
            with staged() as files:
                write_atomic(tmp_path / f"part-{n}.pdf", b"made")
                time.sleep(0.4)
            return files
        return Task(1, run)

    def failing(progress):
        time.sleep(0.3)  # the child is well into its first part
        raise DeckError("this side failed")

    started = time.perf_counter()
    with pytest.raises(DeckError, match="this side failed"):
        parallel.run([Task(10, failing), *(part(n) for n in range(8))], lambda m: None, abandon=discard)
    assert time.perf_counter() - started < 2, "the child stops after its part, not after all eight"
    assert list(tmp_path.iterdir()) == [], "what it staged is removed"


def test_a_failing_progress_report_is_raised_once_the_child_is_done():
    def report(message):
        if "b" in message:
            raise BrokenPipeError("stderr went away")

    abandoned = []
    with pytest.raises(BrokenPipeError):
        parallel.run([task("a", 10), task("b", 1)], report, abandon=abandoned.append)
    assert sorted(value for value, _ in abandoned) == ["a", "b"]
