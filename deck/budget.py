"""The work budget: a build whose outputs would be absurdly large is refused before any is made.

A session is a few kilobytes of YAML, but 100 groups each taking 50
clusters of many cases asks for hundreds of thousands of worksheet pages:
minutes of work and gigabytes of temporaries for a session no workshop
runs. The counts are known once the session is planned, so the build
stops there, at the key to reduce. The limits (docs/limits.md) are ten
times the 1,000-case benchmark session (bench/synth.py), itself far beyond
a real day.
"""
from __future__ import annotations

from .errors import ContentError, Problem

MAX_CASE_SHEETS = 20_000  # a case printed on a group's worksheet, over every locale of a build
MAX_SLIDES = 10_000       # slides before any continuation, over every locale of a build


def case_sheets(planned) -> int:
    """How many cases the groups' worksheets print: each group has its own copy of its clusters' cases."""
    return sum(len(planned.session.cluster(c).cases) for g in planned.plan.groups for c in g.clusters)


def slides(planned) -> int:
    """A floor on the deck's slides: one a block, one a case for each debrief of its cluster."""
    count = len(planned.session.agenda)
    for block in planned.session.agenda:
        if block.kind == "debrief":
            count += sum(len(planned.session.cluster(s.cluster).cases) for s in planned.plan.slots(block.id)
                         if s.cluster)
    return count


def check(localized: dict, outputs: list[str]) -> None:
    """Refuse, with located problems, a build past the budget; localized maps each locale to its Planned."""
    if not localized:
        return
    first = next(iter(localized.values()))
    source = first.session.source
    locales = len(localized)
    problems = []
    if "worksheets" in outputs:
        sheets = sum(case_sheets(planned) for planned in localized.values())
        if sheets > MAX_CASE_SHEETS:
            problems.append(Problem(source.path, *source.position("groups.count"), "groups.count",
                                    f"the worksheets would print {sheets:,} cases ({first.session.groups.count} "
                                    f"groups x their clusters' cases, x {locales} "
                                    f"locale{'s' if locales != 1 else ''}); "
                                    f"a build prints at most {MAX_CASE_SHEETS:,}: reduce the groups, "
                                    "clusters_each or the cases, or build fewer locales at once"))
    if "deck" in outputs:
        count = sum(slides(planned) for planned in localized.values())
        if count > MAX_SLIDES:
            problems.append(Problem(source.path, *source.position("clusters"), "clusters",
                                    f"the deck would have at least {count:,} slides (x {locales} "
                                    f"locale{'s' if locales != 1 else ''}); a build makes at most {MAX_SLIDES:,}: "
                                    "reduce the cases or the debrief blocks, or build fewer locales at once"))
    if problems:
        raise ContentError(problems)
