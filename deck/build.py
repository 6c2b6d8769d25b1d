"""The library call behind `build`: load, plan, render, write; the CLI and tests call it alike."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import DeckError
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
          warn: Callable[[str], None] = lambda message: None) -> list[Written]:
    """Build every output of the session at content in each locale; returns what was written.

    Texts without a current translation fall back to the source, each one
    reported through warn; with strict, they stop the build before anything
    is written.
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
    renderers = _renderers(wanted, layout, template, paper)
    written = []
    for locale, planned_locale in localized.items():
        for kind in wanted:
            progress(f"{locale}: {kind}")
            written += [Written(kind, locale, path, detail)
                        for path, detail in renderers[kind](planned_locale, locale, root / locale)]
    return written


def _renderers(wanted: list[str], layout: str, template: Path | None, paper: str | None) -> dict:
    """A function per wanted output: (planned, locale, folder) -> [(path, detail)]."""
    from . import layouts  # the renderers pull in python-pptx and ReportLab: only when building

    renderers = {}
    if "deck" in wanted:
        from .render.deck import render_deck

        deck_look = layouts.deck_layout(layout, template)
        renderers["deck"] = lambda planned, locale, folder: [
            (r.path, f"{r.slides} slides") for r in [render_deck(planned, deck_look, locale, folder / "deck.pptx")]]
    if {"worksheets", "guide", "handout"} & set(wanted):
        sheet_look = layouts.sheet_layout(layout, paper)
    if "worksheets" in wanted:
        from .render.worksheets import render_worksheets

        renderers["worksheets"] = lambda planned, locale, folder: [
            (r.path, _pages(r.pages)) for r in render_worksheets(planned, sheet_look, locale, folder)]
    if "guide" in wanted:
        from .render.runsheet import render_runsheet

        renderers["guide"] = lambda planned, locale, folder: [
            (r.path, _pages(r.pages))
            for r in [render_runsheet(planned, sheet_look, locale, folder / "facilitator.pdf")]]
    if "handout" in wanted:
        from .render.handout import render_handout

        renderers["handout"] = lambda planned, locale, folder: [
            (r.path, _pages(r.pages)) for r in [render_handout(planned, sheet_look, locale, folder / "handout.pdf")]]
    return renderers


def _pages(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"
