"""The library call behind `build`: load, plan, render, write; the CLI and tests call it alike."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import DeckError
from .session import open_session

OUTPUTS = ("deck", "worksheets", "guide")


@dataclass(frozen=True)
class Written:
    """One output file the build wrote."""

    kind: str
    locale: str
    path: Path
    detail: str


def build(content: Path, out: Path | None = None, locales: list[str] | None = None,
          only: list[str] | None = None, layout: str = "default", template: Path | None = None,
          paper: str | None = None, start: str | None = None,
          progress: Callable[[str], None] = lambda message: None) -> list[Written]:
    """Build every output of the session at content; returns what was written."""
    planned = open_session(content, start)
    source_locale = planned.session.meta.language
    locales = list(dict.fromkeys(locales or [source_locale]))
    for locale in locales:
        if locale != source_locale:
            raise DeckError(f"no translation for '{locale}'; this session is in {source_locale}")
    root = out or Path("out") / planned.session.meta.id
    wanted = [kind for kind in OUTPUTS if kind in (only or OUTPUTS)]
    renderers = _renderers(wanted, layout, template, paper)
    written = []
    for locale in locales:
        for kind in wanted:
            progress(f"{locale}: {kind}")
            written += [Written(kind, locale, path, detail)
                        for path, detail in renderers[kind](planned, locale, root / locale)]
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
    if "worksheets" in wanted or "guide" in wanted:
        sheet_look = layouts.sheet_layout(layout, paper)
    if "worksheets" in wanted:
        from .render.worksheets import render_worksheets

        renderers["worksheets"] = lambda planned, locale, folder: [
            (r.path, f"{r.pages} pages") for r in render_worksheets(planned, sheet_look, locale, folder)]
    if "guide" in wanted:
        from .render.runsheet import render_runsheet

        renderers["guide"] = lambda planned, locale, folder: [
            (r.path, f"{r.pages} pages")
            for r in [render_runsheet(planned, sheet_look, locale, folder / "facilitator.pdf")]]
    return renderers
