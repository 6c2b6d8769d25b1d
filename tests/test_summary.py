"""The summary `check` prints: one screen with clusters, groups and the agenda."""
from __future__ import annotations


from deck.session import Planned
from deck.summary import summary
from deck.plan import plan


def test_summerschool_summary_shows_the_four_by_two_plan_and_the_total(summerschool):
    text = summary(summerschool)
    assert "4 groups, 2 clusters each:" in text
    for group in summerschool.plan.groups:
        line = next(l for l in text.splitlines() if l.strip().startswith(f"group {group.number} "))
        assert ", ".join(group.clusters) in line and f"presents {group.presents[0]}" in line
    assert "bespreking (4 x 15 min)" in text
    assert text.rstrip().endswith("Total: 100 min (1 h 40 min)")
    assert len(text.splitlines()) <= 40  # one screen


def test_clock_times_appear_with_a_start_time(summerschool):
    session = summerschool.session
    planned = Planned(session, plan(session, start="09:30"))
    text = summary(planned)
    assert "  09:30  welkom" in text
    assert "  09:35  clusters" in text
    assert "ends at 11:10" in text
