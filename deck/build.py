"""The library call behind `build`: load, plan, render, write; the CLI and tests call it alike."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from . import budget
from .errors import DeckError
from .folder_commit import commit, locked, recover, sweep
from .output import Stopped, discard, staged, stopping
from .parallel import Task, can_fork, run
from .plan import plan
from .plural import counted
from .session import Planned, open_session

OUTPUTS = ("deck", "worksheets", "guide", "handout")


@dataclass(frozen=True)
class Written:
    """One output file the build wrote."""

    kind: str
    locale: str
    path: Path
    detail: str


def build(content: Path, out: Path | None = None, locales: list[str] | None = None,
          only: list[str] | None = None, layout: str = "default", template: Path | None = None,
          paper: str | None = None, start: str | None = None, all_locales: bool = False,
          strict: bool = False, allow_missing_glyphs: bool = False,
          progress: Callable[[str], None] = lambda message: None,
          warn: Callable[[str], None] = lambda message: None, parallel: bool = True,
          answers: Path | None = None) -> list[Written]:
    """Build every output of the session at content in each locale; returns what was written.

    Texts without a current translation fall back to the source, each one
    reported through warn; with strict, they stop the build before anything
    is written. A character no font can draw stops the build before anything
    is rendered (with allow_missing_glyphs, a warning). Nothing is put in
    place until every output has been made; with parallel, two processes
    share the work where the machine allows. With answers (answers.json from
    collect; else one beside the session), the deck and run sheet show the
    groups' answers in the debrief.
    """
    planned = open_session(content, start)
    collected = _answers(content, planned, answers, warn)
    localized = _localized(planned, locales, all_locales, strict, start, warn)
    _check_glyphs(planned, localized, layout, allow_missing_glyphs, warn)
    wanted = [kind for kind in OUTPUTS if kind in (only or OUTPUTS)]
    budget.check(localized, wanted)  # before any work: a session asking for absurd outputs stops here
    root = out or Path("out") / planned.session.meta.id
    looks = _Looks(layout, template, paper, collected)
    shared = parallel and can_fork()  # else one process: the worksheets in one piece share all layouts
    tasks = [Task(_weight(kind, planned_locale, part),
                  partial(_render, looks, kind, locale, planned_locale, root / locale, part),
                  "pptx" if kind == "deck" else "reportlab")
             for locale, planned_locale in localized.items() for kind in wanted
             for part in (_parts(kind, planned_locale) if shared else [None])]
    printing = list(localized) if "worksheets" in wanted else []
    with locked(root, progress):  # another build into root (a watch beside a manual build) waits its turn
        done = _make_and_commit(tasks, printing, localized, looks, root, progress, parallel)
    for message in dict.fromkeys(message for result in done for message in result.warnings):
        warn(message)
    return _listed(done, list(localized), wanted)


def _make_and_commit(tasks, printing, localized, looks, root, progress, parallel):
    """Render every task, staged, then put all in place at once; the results."""
    for locale in localized:  # a build killed outright before this one: its leftovers go, its half-set back
        recover(root / locale)
    # Every output is staged, then all are put in place once every one has been made.
    try:
        done = run(tasks, progress, parallel=parallel, abandon=lambda result: discard(result.staged),
                   setup=SETUP, after=sum(_assembly(localized[locale]) for locale in printing))
        try:
            done += [_print_file(looks, locale, localized[locale], root / locale, done) for locale in printing]
        except BaseException:
            for result in done:
                discard(result.staged)
            raise
        if stopping():
            raise Stopped()
        commit([file for result in done for file in result.staged], [root / locale for locale in localized])
    except BaseException as error:  # failed or stopped (SIGINT, SIGTERM): not one temporary stays behind
        for locale in localized:
            sweep(root / locale)
        if stopping() and not isinstance(error, KeyboardInterrupt):
            # The stop landed in a library that turned it into an error of its own (ReportLab's font
            # encoding answers any exception with a KeyError): it is still a stop, not a failure.
            raise Stopped() from None
        raise
    return done


def _answers(content: Path, planned: Planned, given: Path | None, warn: Callable[[str], None]):
    """The groups' answers for the debrief: the file given, or answers.json beside the session, or None."""
    from .answers import ANSWERS_JSON, read_answers

    path = given or Path(content).parent / ANSWERS_JSON
    if given is None and not path.is_file():
        return None
    answers = read_answers(path)
    session_id = planned.session.meta.id
    if answers.session != session_id:
        if given is None:  # another session's answers beside this one: not ours to show
            return None
        raise DeckError(f"{path}: the answers of the session '{answers.session}', not of '{session_id}'; "
                        "collect this session's worksheets, or pass its own answers.json")
    from .structure import Structure

    if answers.structure != Structure.of(planned).digest:
        warn(f"{path}: collected from another version of '{session_id}'; answers to cases or options that "
             "are gone are left out")
    return answers


def _localized(planned: Planned, locales: list[str] | None, all_locales: bool, strict: bool,
               start: str | None, warn: Callable[[str], None]) -> dict[str, Planned]:
    """The session in each locale asked for, planned; missing translations warned of, or with strict fatal."""
    from . import i18n

    session = planned.session
    every = [session.meta.language, *i18n.catalog_locales(session)] if all_locales else []
    chosen = list(dict.fromkeys(_tags([*every, *(locales or [])] or [session.meta.language])))
    localized, missing = {}, []
    for locale in chosen:
        missing += _words_missing(locale, strict, warn)
        translated, fallbacks = i18n.localize(session, locale)
        missing += [f"{locale}: {counted(len(fallbacks), 'text has', 'texts have')} no current translation:",
                    *(f"  {f}" for f in fallbacks)] if fallbacks else []
        if not strict:
            for fallback in fallbacks:
                warn(f"{locale}: {fallback}")
        # Planned again on the translated session, so slots carry translated blocks.
        localized[locale] = Planned(translated, plan(translated, start))
    if strict and missing:  # every locale's gaps at once, before anything is written
        raise DeckError("\n".join(missing))
    return localized


def _tags(locales: list[str]) -> list[str]:
    """Each locale in its canonical spelling, the only form that names a folder; a bad one stops the build."""
    from .locale_tag import BadTag, canonical

    try:
        return [canonical(locale) for locale in locales]
    except BadTag as error:
        raise DeckError(str(error)) from None


def _words_missing(locale: str, strict: bool, warn: Callable[[str], None]) -> list[str]:
    """The tool's own words (labels, headings) in locale's language: a warning, once, when it has no catalog
    of them (they come in English); with strict, a problem."""
    from .invocation import command
    from .words import has_catalog

    if has_catalog(locale):
        return []
    language = locale.split("-")[0].lower()
    problem = (f"{locale}: the tool's own words (labels such as 'Worksheet', 'Group 1') have no catalog for "
               f"'{language}' and come in English; start one with `{command()} i18n tool-words "
               f"--language {language}` (see docs/translating.md)")
    if strict:
        return [problem]
    warn(problem)
    return []


def _check_glyphs(planned: Planned, localized: dict[str, Planned], layout: str, allow: bool,
                  warn: Callable[[str], None]) -> None:
    """Every text of every locale against the fonts that will draw it: all problems at once, before rendering."""
    from . import i18n
    from .errors import ContentError
    from .glyphs import missing_glyphs

    source = planned.session.meta.language
    problems = []
    for locale, planned_locale in localized.items():
        own = i18n.same_locale(locale, source) or locale == i18n.PSEUDO  # texts located in the session file
        catalog = None if own else i18n.catalog_path(planned.session, locale)
        problems += missing_glyphs(planned_locale.session, layout,
                                   catalog if catalog is not None and catalog.exists() else None)
    problems = list(dict.fromkeys(problems))  # an untranslated text falls back to the source in every locale
    if problems and not allow:
        raise ContentError(problems)
    for problem in sorted(problems):
        warn(f"{problem} (drawn as an empty box)")


def _listed(done: list["_Done"], locales: list[str], wanted: list[str]) -> list[Written]:
    """What was written, by locale and output, the groups' sheets by number (parts take every n-th)."""
    order = {(locale, kind): n for n, (locale, kind) in enumerate(
        (locale, kind) for locale in locales for kind in wanted)}
    numbers = {sheet.result.path: sheet.number for result in done for sheet in result.sheets}
    return sorted((item for result in done for item in result.written),
                  key=lambda item: (order[item.locale, item.kind], numbers.get(item.path, float("inf"))))


# What each output costs (ms on a 2-core machine, measured on the summerschool and on the
# 1,000-case synth) and what the libraries take to import and load their layouts, for sharing
# the work between two processes.
SETUP = {"pptx": 130, "reportlab": 80}
GROUPS_PER_PART = 4  # a large session's worksheets go out in parts of at least this many groups
MAX_PARTS = 8


def _parts(kind: str, planned: Planned) -> list[tuple[int, ...] | None]:
    """What one task of kind does: for the worksheets of many groups, a share of the groups each."""
    numbers = [group.number for group in planned.plan.groups]
    count = min(MAX_PARTS, len(numbers) // GROUPS_PER_PART) if kind == "worksheets" else 1
    if count <= 1:
        return [None]
    return [tuple(numbers[n::count]) for n in range(count)]


def _weight(kind: str, planned: Planned, part: tuple[int, ...] | None) -> float:
    cases = sum(len(cluster.cases) for cluster in planned.session.clusters)
    if kind == "deck":
        return 60 + 1.2 * cases
    if kind == "worksheets":
        return 40 + 2.4 * _case_sheets(planned, part)
    return {"guide": 16 + 0.05 * cases, "handout": 10}[kind]


def _assembly(planned: Planned) -> float:
    """What assembling a locale's print file from the group sheets costs, in the units of _weight."""
    return 10 + 0.4 * _case_sheets(planned)


def _case_sheets(planned: Planned, part: tuple[int, ...] | None = None) -> int:
    """How many cases the groups' sheets show (part's groups, or all): each group has its own copy."""
    return sum(len(planned.session.cluster(c).cases) for g in planned.plan.groups
               if part is None or g.number in part for c in g.clusters)


@dataclass(frozen=True)
class _Done:
    """What one task made: the files (staged, not yet in place) and, for worksheets, the groups' sheets."""

    locale: str
    kind: str
    written: list[Written]
    staged: list[tuple[Path, Path]]             # (written file, target), see output.staged
    sheets: list = field(default_factory=list)  # render.worksheets.GroupSheet, for the print file
    warnings: tuple = ()                        # what the user should know of the output, e.g. a stand-in font


def _render(looks: "_Looks", kind: str, locale: str, planned: Planned, folder: Path,
            part: tuple[int, ...] | None, progress: Callable[[str], None]) -> _Done:
    """Render one output of one locale (or a part of it), staged."""
    progress(f"{locale}: {kind}" + (f" (groups {', '.join(map(str, part))})" if part else ""))
    with staged() as files:
        made, sheets, warnings = _RENDER[kind](planned, looks, locale, folder, part)
    return _Done(locale, kind, [Written(kind, locale, path, detail) for path, detail in made], files, sheets,
                 tuple(warnings))


def _print_file(looks: "_Looks", locale: str, planned: Planned, folder: Path, done: list[_Done]) -> _Done:
    """worksheets.pdf of a locale, assembled here from the recorded pages of every group's sheet."""
    from .render.worksheets import render_print_file

    sheets = sorted((sheet for result in done if result.locale == locale and result.kind == "worksheets"
                     for sheet in result.sheets), key=lambda sheet: sheet.number)
    with staged() as files:
        made = render_print_file(looks.worksheets(planned, locale), folder, sheets)
    return _Done(locale, "worksheets", [Written("worksheets", locale, made.path, _pages(made.pages))], files)


class _Looks:
    """The deck and sheet layouts a build asked for, loaded on first use in each process."""

    def __init__(self, layout: str, template: Path | None, paper: str | None, answers=None):
        self.layout, self.template, self.paper = layout, template, paper
        self.answers = answers  # deck.answers.Answers, or None
        self._deck = self._sheets = None
        self._worksheets: dict[str, object] = {}  # locale -> render.worksheets.Prepared

    def deck(self):
        from . import layouts  # python-pptx comes with the deck layout: only where the deck is built

        if self._deck is None:
            self._deck = layouts.deck_layout(self.layout, self.template)
        return self._deck

    def sheets(self):
        from . import layouts

        if self._sheets is None:
            self._sheets = layouts.sheet_layout(self.layout, self.paper)
        return self._sheets

    def worksheets(self, planned: Planned, locale: str):
        """What a locale's worksheet parts and print file share, prepared once in this process."""
        from .render.worksheets import prepare

        if locale not in self._worksheets:
            self._worksheets[locale] = prepare(planned, self.sheets(), locale)
        return self._worksheets[locale]


def _deck(planned: Planned, looks: _Looks, locale: str, folder: Path, part=None) -> tuple[list, list, tuple]:
    from .render.deck import render_deck

    result = render_deck(planned, looks.deck(), locale, folder / "deck.pptx", answers=looks.answers)
    return [(result.path, f"{result.slides} slides")], [], result.warnings


def _worksheets(planned: Planned, looks: _Looks, locale: str, folder: Path, part=None) -> tuple[list, list, tuple]:
    """The group sheets (of part's groups, or all); the print file comes after, from all of them."""
    from .render.worksheets import render_group_sheets

    prepared = looks.worksheets(planned, locale)
    sheets = render_group_sheets(prepared, folder, part)
    # The pictures left out: each part finds the same, and the build says each once.
    return [(sheet.result.path, _pages(sheet.result.pages)) for sheet in sheets], sheets, prepared.warnings


def _guide(planned: Planned, looks: _Looks, locale: str, folder: Path, part=None) -> tuple[list, list, tuple]:
    from .render.runsheet import render_runsheet

    result = render_runsheet(planned, looks.sheets(), locale, folder / "facilitator.pdf", answers=looks.answers)
    return [(result.path, _pages(result.pages))], [], ()


def _handout(planned: Planned, looks: _Looks, locale: str, folder: Path, part=None) -> tuple[list, list, tuple]:
    from .render.handout import render_handout

    result = render_handout(planned, looks.sheets(), locale, folder / "handout.pdf")
    return [(result.path, _pages(result.pages))], [], result.warnings


_RENDER = {"deck": _deck, "worksheets": _worksheets, "guide": _guide, "handout": _handout}


def _pages(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"
