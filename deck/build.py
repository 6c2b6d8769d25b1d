"""The library call behind `build`: load, plan, render, write; the CLI and tests call it alike."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

from .errors import DeckError
from .output import commit, discard, staged
from .parallel import Task, run
from .plan import plan
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
          strict: bool = False, progress: Callable[[str], None] = lambda message: None,
          warn: Callable[[str], None] = lambda message: None, parallel: bool = True) -> list[Written]:
    """Build every output of the session at content in each locale; returns what was written.

    Texts without a current translation fall back to the source, each one
    reported through warn; with strict, they stop the build before anything
    is written. Nothing is put in place until every output has been made;
    with parallel, two processes share the work where the machine allows.
    """
    from . import i18n

    planned = open_session(content, start)
    session = planned.session
    every = [session.meta.language, *i18n.catalog_locales(session)] if all_locales else []
    chosen = [*every, *(locales or [])]
    chosen = list(dict.fromkeys(chosen or [session.meta.language]))
    localized, missing = {}, []
    for locale in chosen:
        translated, fallbacks = i18n.localize(session, locale)
        missing += [f"{locale}: {len(fallbacks)} texts have no current translation:",
                    *(f"  {f}" for f in fallbacks)] if fallbacks else []
        if not strict:
            for fallback in fallbacks:
                warn(f"{locale}: {fallback}")
        # Planned again on the translated session, so slots carry translated blocks.
        localized[locale] = Planned(translated, plan(translated, start))
    if strict and missing:  # every locale's gaps at once, before anything is written
        raise DeckError("\n".join(missing))
    root = out or Path("out") / session.meta.id
    wanted = [kind for kind in OUTPUTS if kind in (only or OUTPUTS)]
    looks = _Looks(layout, template, paper)
    tasks = [Task(WEIGHTS[kind], partial(_render, looks, kind, locale, planned_locale, root / locale),
                  "pptx" if kind == "deck" else "reportlab")
             for locale, planned_locale in localized.items() for kind in wanted]
    # Every output is staged, then all are put in place once every one has been made.
    results = run(tasks, progress, parallel=parallel, abandon=lambda result: discard(result[1]), setup=SETUP)
    commit([file for _, staged_files in results for file in staged_files])
    return [item for written, _ in results for item in written]


# What each output takes (ms, the summerschool on a 2-core machine, measured), and what the
# libraries take to import and load their layouts, for sharing the work between two processes.
WEIGHTS = {"deck": 100, "worksheets": 150, "guide": 16, "handout": 10}
SETUP = {"pptx": 130, "reportlab": 80}


def _render(looks: "_Looks", kind: str, locale: str, planned: Planned, folder: Path,
            progress: Callable[[str], None]) -> tuple[list[Written], list]:
    """Render one output of one locale, staged: what it wrote, and the staged files."""
    progress(f"{locale}: {kind}")
    with staged() as files:
        written = [Written(kind, locale, path, detail) for path, detail in _RENDER[kind](planned, looks, locale, folder)]
    return written, files


class _Looks:
    """The deck and sheet layouts a build asked for, loaded on first use in each process."""

    def __init__(self, layout: str, template: Path | None, paper: str | None):
        self.layout, self.template, self.paper = layout, template, paper
        self._deck = self._sheets = None

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


def _deck(planned: Planned, looks: _Looks, locale: str, folder: Path) -> list[tuple[Path, str]]:
    from .render.deck import render_deck

    result = render_deck(planned, looks.deck(), locale, folder / "deck.pptx")
    return [(result.path, f"{result.slides} slides")]


def _worksheets(planned: Planned, looks: _Looks, locale: str, folder: Path) -> list[tuple[Path, str]]:
    from .render.worksheets import render_worksheets

    return [(r.path, _pages(r.pages)) for r in render_worksheets(planned, looks.sheets(), locale, folder)]


def _guide(planned: Planned, looks: _Looks, locale: str, folder: Path) -> list[tuple[Path, str]]:
    from .render.runsheet import render_runsheet

    result = render_runsheet(planned, looks.sheets(), locale, folder / "facilitator.pdf")
    return [(result.path, _pages(result.pages))]


def _handout(planned: Planned, looks: _Looks, locale: str, folder: Path) -> list[tuple[Path, str]]:
    from .render.handout import render_handout

    result = render_handout(planned, looks.sheets(), locale, folder / "handout.pdf")
    return [(result.path, _pages(result.pages))]


_RENDER = {"deck": _deck, "worksheets": _worksheets, "guide": _guide, "handout": _handout}


def _pages(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"
