"""The plan derived from a session: which group takes which clusters, who presents, and when."""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from .errors import DeckError
from .plural import counted
from .model import DEBRIEF, GROUP_WORK, Block, Session


class PlanError(DeckError):
    """The group setup cannot work; each problem names the key path to fix."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{path}: {message}" for path, message in problems))


@dataclass(frozen=True)
class GroupPlan:
    """One group: the clusters it works on, and the ones it presents in the plenary."""

    number: int
    clusters: tuple[str, ...]
    presents: tuple[str, ...]


@dataclass(frozen=True)
class Slot:
    """A stretch of the session: a block, or one cluster's part of a per-cluster block."""

    block: Block
    start: int  # minutes after the session starts
    minutes: int
    cluster: str | None = None

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class Plan:
    """Everything the renderers derive from a session, computed once."""

    groups: tuple[GroupPlan, ...]
    timeline: tuple[Slot, ...]
    start: str | None = None  # HH:MM

    @property
    def total_minutes(self) -> int:
        return self.timeline[-1].end if self.timeline else 0

    def workers(self, cluster_id: str) -> tuple[int, ...]:
        """The groups that work on a cluster."""
        return tuple(g.number for g in self.groups if cluster_id in g.clusters)

    def presenter(self, cluster_id: str) -> int | None:
        """The group that presents a cluster in the plenary."""
        return next((g.number for g in self.groups if cluster_id in g.presents), None)

    def slots(self, block_id: str) -> tuple[Slot, ...]:
        return tuple(s for s in self.timeline if s.block.id == block_id)

    def clock(self, minute: int) -> str | None:
        """The wall-clock time minute minutes into the session, when it has a start time."""
        if self.start is None:
            return None
        hours, minutes = map(int, self.start.split(":"))
        total = hours * 60 + minutes + minute
        return f"{total // 60 % 24:02d}:{total % 60:02d}"


def plan(session: Session, start: str | None = None) -> Plan:
    """Derive the group plan and the timeline of a session; raises PlanError if it cannot work."""
    cluster_ids = [c.id for c in session.clusters]
    setup = session.groups
    assignment = assign(cluster_ids, setup.count, setup.clusters_each, setup.assignment)
    presenters = choose_presenters(cluster_ids, assignment)
    groups = tuple(
        GroupPlan(number, chosen, tuple(c for c in cluster_ids if presenters[c] == number))
        for number, chosen in enumerate(assignment, start=1))
    return Plan(groups, _timeline(session), start or session.meta.start)


def assign(cluster_ids: list[str], count: int, each: int,
           explicit: tuple[tuple[str, ...], ...] | None = None) -> tuple[tuple[str, ...], ...]:
    """Which clusters each group works on: the explicit assignment, checked, or a balanced one.

    The balanced assignment deals clusters round-robin, `each` at a time, so no
    group gets a cluster twice (each <= clusters) and cover counts differ by at
    most one.
    """
    problems = _impossible(len(cluster_ids), count, each)
    if problems:
        raise PlanError(problems)
    if explicit is not None:
        _check_explicit(cluster_ids, count, each, explicit)
        return explicit
    total = len(cluster_ids)
    return tuple(tuple(cluster_ids[(g * each + j) % total] for j in range(each)) for g in range(count))


def _impossible(clusters: int, count: int, each: int) -> list[tuple[str, str]]:
    problems = []
    if each > clusters:
        problems.append(("groups.clusters_each", f"each group takes {counted(each, 'cluster')}, but there "
                         f"{'is' if clusters == 1 else 'are'} only {clusters}; lower clusters_each"))
    elif count * each < clusters:
        problems.append(("groups.count", f"{count} group{'s' if count > 1 else ''} of {each} "
                         f"cluster{'s' if each > 1 else ''} cannot cover {clusters} clusters; "
                         f"use at least {ceil(clusters / each)} groups or raise clusters_each"))
    return problems


def _check_explicit(cluster_ids, count, each, explicit) -> None:
    problems = []
    for number, chosen in enumerate(explicit, start=1):
        path = f"groups.assignment[{number}]"
        if len(chosen) != each:
            problems.append((path, f"group {number} has {counted(len(chosen), 'cluster')}; "
                             f"clusters_each says {each}"))
        twice = sorted({c for c in chosen if chosen.count(c) > 1})
        if twice:
            problems.append((path, f"group {number} takes '{twice[0]}' twice"))
    if len(explicit) != count:
        problems.append(("groups.assignment", f"the assignment names {counted(len(explicit), 'group')}; "
                         f"count says {count}"))
    covered = {c for chosen in explicit for c in chosen}
    uncovered = [c for c in cluster_ids if c not in covered]
    if uncovered:
        problems.append(("groups.assignment", f"no group works on {', '.join(uncovered)}; "
                         "every cluster needs at least one group"))
    if problems:
        raise PlanError(problems)


def choose_presenters(cluster_ids: list[str], assignment) -> dict[str, int]:
    """One presenting group per cluster, chosen among the groups that worked on it.

    A bipartite matching that keeps the most clusters any one group presents
    as low as the assignment allows: with at least as many groups as clusters,
    every cluster gets a group of its own.
    """
    workers = {c: [n for n, chosen in enumerate(assignment, start=1) if c in chosen] for c in cluster_ids}
    # Every cluster has a worker, so a capacity of len(cluster_ids) always succeeds.
    for capacity in range(ceil(len(cluster_ids) / len(assignment)), len(cluster_ids) + 1):
        presenting: dict[int, list[str]] = {n: [] for n in range(1, len(assignment) + 1)}
        if all(_augment(c, workers, presenting, capacity, set()) for c in cluster_ids):
            return {c: n for n, chosen in presenting.items() for c in chosen}
    raise AssertionError("unreachable: every cluster has at least one group")


def _augment(cluster, workers, presenting, capacity, visited) -> bool:
    """Kuhn's augmenting path: give cluster a presenter, moving others if that frees one."""
    free = [g for g in workers[cluster] if g not in visited and len(presenting[g]) < capacity]
    if free:  # the least busy free group first; ties go to the lowest number, in reading order
        presenting[min(free, key=lambda g: len(presenting[g]))].append(cluster)
        return True
    for group in workers[cluster]:
        if group in visited:
            continue
        visited.add(group)
        for other in list(presenting[group]):
            # visited already holds group, so the other cluster must move elsewhere.
            if _augment(other, workers, presenting, capacity, visited):
                presenting[group].remove(other)
                presenting[group].append(cluster)
                return True
    return False


def group_work_minutes(block: Block, session: Session) -> int:
    """A group-work block's length: its total minutes when given, else one group's clusters' minutes."""
    return block.minutes or block.minutes_per_cluster * session.groups.clusters_each


def _timeline(session: Session) -> tuple[Slot, ...]:
    slots: list[Slot] = []
    clock = 0
    for block in session.agenda:
        if block.kind == DEBRIEF:
            for cluster in session.clusters:
                minutes = block.minutes_per_cluster if cluster.minutes is None else cluster.minutes
                slots.append(Slot(block, clock, minutes, cluster.id))
                clock += minutes
        else:
            minutes = block.minutes
            if block.kind == GROUP_WORK:
                # Groups work side by side, so the block lasts as long as one group's clusters (or as the
                # trainer says: the total may leave room to switch clusters).
                minutes = group_work_minutes(block, session)
            slots.append(Slot(block, clock, minutes))
            clock += minutes
    return tuple(slots)
