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
from .plural import counted

MAX_CASE_SHEETS = 20_000  # a case printed on a group's worksheet, over every locale of a build
MAX_SLIDES = 10_000       # slides, continuations counted at their fewest (options and questions), over every locale of a build
MAX_PAGES = 40_000        # worksheet pages at their fewest, over every locale of a build
# More rows than any layout fits on a page or a slide (an option or a question takes a row at least), so
# the counts below are floors: a session refused by them would surely make more.
ROWS_A_PAGE = 60
ROWS_A_SLIDE = 20


def case_sheets(planned) -> int:
    """How many cases the groups' worksheets print: each group has its own copy of its clusters' cases."""
    return sum(len(planned.session.cluster(c).cases) for g in planned.plan.groups for c in g.clusters)


def pages(planned) -> int:
    """A floor on the worksheets' pages: each printed case a page, and one more for every page of rows."""
    return sum(1 + (len(case.options) + len(case.questions)) // ROWS_A_PAGE
               for g in planned.plan.groups for c in g.clusters for case in planned.session.cluster(c).cases)


def slides(planned) -> int:
    """A floor on the deck's slides: one a block, one a case (and its continuations) for each debrief."""
    count = len(planned.session.agenda)
    for block in planned.session.agenda:
        if block.kind == "debrief":
            count += sum(1 + (len(case.options) + len(case.questions)) // ROWS_A_SLIDE
                         for s in planned.plan.slots(block.id)
                         if s.cluster for case in planned.session.cluster(s.cluster).cases)
    return count


def check(localized: dict, outputs: list[str]) -> None:
    """Refuse, with located problems, a build past the budget; localized maps each locale to its Planned."""
    if not localized:
        return
    first = next(iter(localized.values()))
    source = first.session.source
    locales = counted(len(localized), "locale")
    problems = []

    def over(kind: str, count_of, limit: int, key: str, said) -> None:
        if kind not in outputs:
            return
        count = sum(count_of(planned) for planned in localized.values())
        if count > limit:
            problems.append(Problem(source.path, *source.position(key), key, said(count)))

    over("worksheets", case_sheets, MAX_CASE_SHEETS, "groups.count", lambda count: (
        f"the worksheets would print {count:,} cases ({first.session.groups.count} groups x their clusters' "
        f"cases, x {locales}); a build prints at most {MAX_CASE_SHEETS:,}: reduce the groups, clusters_each or "
        "the cases, or build fewer locales at once"))
    over("worksheets", pages, MAX_PAGES, "clusters", lambda count: (
        f"the worksheets would have at least {count:,} pages (x {locales}); a build prints at most "
        f"{MAX_PAGES:,}: reduce the options and questions of long cases, the groups, or build fewer locales "
        "at once"))
    over("deck", slides, MAX_SLIDES, "clusters", lambda count: (
        f"the deck would have at least {count:,} slides (x {locales}); a build makes at most {MAX_SLIDES:,}: "
        "reduce the cases or the debrief blocks, or build fewer locales at once"))
    if problems:
        raise ContentError(problems)
