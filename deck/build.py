"""The library call behind `build`: load, plan, render, write; the CLI and tests call it alike."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import DeckError
from .session import open_session

OUTPUTS = ("deck",)


@dataclass(frozen=True)
class Written:
    """One output file the build wrote."""

    kind: str
    locale: str
    path: Path
    detail: str


def build(content: Path, out: Path | None = None, locales: list[str] | None = None,
          only: list[str] | None = None, layout: str = "default", template: Path | None = None,
          start: str | None = None, progress: Callable[[str], None] = lambda message: None) -> list[Written]:
    """Build every output of the session at content; returns what was written."""
    from .layouts import deck_layout
    from .render.deck import render_deck

    planned = open_session(content, start)
    source_locale = planned.session.meta.language
    for locale in locales or [source_locale]:
        if locale != source_locale:
            raise DeckError(f"no translation for '{locale}'; this session is in {source_locale}")
    root = out or Path("out") / planned.session.meta.id
    written = []
    wanted = only or list(OUTPUTS)
    for locale in locales or [source_locale]:
        if "deck" in wanted:
            progress(f"{locale}: deck")
            result = render_deck(planned, deck_layout(layout, template), locale, root / locale / "deck.pptx")
            written.append(Written("deck", locale, result.path, f"{result.slides} slides"))
    return written
