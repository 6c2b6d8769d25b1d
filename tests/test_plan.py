"""The group plan: balanced, complete, deterministic, and honest about impossible setups."""
from __future__ import annotations

from collections import Counter
import pytest
from hypothesis import given, settings, strategies as st

from deck.plan import PlanError, assign, choose_presenters


def clusters(n: int) -> list[str]:
    return [f"c{i}" for i in range(n)]


def test_summerschool_has_four_groups_of_two_each_cluster_worked_twice_presented_once(summerschool):
    plan = summerschool.plan
    assert [len(g.clusters) for g in plan.groups] == [2, 2, 2, 2]
    for cluster in summerschool.session.clusters:
        assert len(plan.workers(cluster.id)) == 2
        assert plan.presenter(cluster.id) in plan.workers(cluster.id)
    assert sorted(len(g.presents) for g in plan.groups) == [1, 1, 1, 1]


def test_summerschool_timeline_adds_up(summerschool):
    plan = summerschool.plan
    assert plan.total_minutes == 100
    debrief = plan.slots("bespreking")
    assert [s.cluster for s in debrief] == [c.id for c in summerschool.session.clusters]
    assert all(s.minutes == 15 for s in debrief)
    assert plan.slots("clusters")[0].minutes == 20  # 2 clusters x 10 min, groups side by side


@settings(max_examples=400, deadline=None)
@given(n_clusters=st.integers(1, 12), n_groups=st.integers(1, 20), each=st.integers(1, 4))
def test_balanced_assignment_invariants(n_clusters, n_groups, each):
    ids = clusters(n_clusters)
    try:
        groups = assign(ids, n_groups, each)
    except PlanError as error:
        # Impossible exactly when a group would need a cluster twice or some cluster is left over.
        assert each > n_clusters or n_groups * each < n_clusters
        assert error.problems and all(path.startswith("groups.") for path, _ in error.problems)
        return
    assert len(groups) == n_groups
    assert all(len(g) == each == len(set(g)) for g in groups)
    cover = Counter(c for g in groups for c in g)
    assert set(cover) == set(ids)
    assert max(cover.values()) - min(cover.values()) <= 1
    assert assign(ids, n_groups, each) == groups  # deterministic

    presenters = choose_presenters(ids, groups)
    assert set(presenters) == set(ids)
    for cluster, group in presenters.items():
        assert cluster in groups[group - 1]
    load = Counter(presenters.values())
    assert max(load.values()) <= each
    if n_groups >= n_clusters:
        assert max(load.values()) == 1  # every cluster has a presenting group of its own


def test_explicit_assignment_overrides_the_balanced_one():
    explicit = (("c0", "c1"), ("c0", "c2"))
    assert assign(clusters(3), 2, 2, explicit) == explicit


@pytest.mark.parametrize("explicit, message", [
    ((("c0",), ("c1", "c2")), "group 1 has 1 cluster; clusters_each says 2"),
    ((("c0", "c0"), ("c1", "c2")), "group 1 takes 'c0' twice"),
    ((("c0", "c1"), ("c0", "c1")), "no group works on c2; every cluster needs at least one group"),
])
def test_explicit_assignment_is_checked(explicit, message):
    with pytest.raises(PlanError) as caught:
        assign(clusters(3), 2, 2, explicit)
    assert message in [m for _, m in caught.value.problems]


def test_impossible_setups_say_what_to_change():
    with pytest.raises(PlanError, match="only 2; lower clusters_each"):
        assign(clusters(2), 4, 3)
    with pytest.raises(PlanError, match="use at least 5 groups or raise clusters_each"):
        assign(clusters(9), 4, 2)


def test_a_lopsided_assignment_still_gets_a_presenter_for_every_cluster():
    presenters = choose_presenters(clusters(3), (("c0", "c1", "c2"), ("c0",), ("c0",)))
    assert presenters == {"c0": 2, "c1": 1, "c2": 1}


def test_presenters_are_spread_as_thinly_as_the_assignment_allows():
    groups = (("c0", "c1"), ("c0", "c1"), ("c2", "c3"))
    load = Counter(choose_presenters(clusters(4), groups).values())
    assert max(load.values()) == 2 and len(load) == 3
