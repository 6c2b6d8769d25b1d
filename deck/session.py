"""Loading a session together with its plan: the first step of every command."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import load
from .errors import ContentError, Problem
from .model import Session
from .plan import Plan, PlanError, plan


@dataclass(frozen=True)
class Planned:
    """A checked session and the plan derived from it."""

    session: Session
    plan: Plan


def open_session(path: str | Path, start: str | None = None) -> Planned:
    """Load, check and plan the session at path; raises ContentError with every located problem."""
    session = load.read(path)
    try:
        return Planned(session, plan(session, start))
    except PlanError as error:
        source = session.source
        raise ContentError([Problem(source.path, *source.position(key_path), key_path, message)
                            for key_path, message in error.problems]) from None
