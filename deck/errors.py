"""Errors the tool reports to a user: one base class, and located content problems."""
from __future__ import annotations

from dataclasses import dataclass


class DeckError(Exception):
    """Something the user can fix; the CLI prints it and exits 1, never a traceback."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, and where it is."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ContentError(DeckError):
    """Every problem found in a piece of content, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__("\n".join([*map(str, self.problems), summary]))

    def __reduce__(self):
        # Made again from its problems when unpickled (a build's second process sends it over a pipe).
        return ContentError, (self.problems,)
