"""Which session a command given no file means: the one in the current folder, or the checkout's example."""
from __future__ import annotations

import re
from pathlib import Path

from . import shipped
from .errors import DeckError
from .invocation import command

EXAMPLE = "summerschool"
_SESSION_KEY = re.compile(rb"^session\s*:", re.MULTILINE)
_PEEK = 64 * 1024  # the `session:` key sits near the top of any session file


class NoSessionNamed(DeckError):
    """A command needs a session file and the current folder does not say which: a usage error."""


def session_files(folder: Path) -> list[Path]:
    """The YAML files in folder that are sessions (a top-level `session:` key), by name."""
    found = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        if path.name.startswith(".") or not path.is_file():
            continue
        try:
            with path.open("rb") as file:
                head = file.read(_PEEK)
        except OSError:
            continue
        if _SESSION_KEY.search(head):
            found.append(path)
    return found


def default_session(here: Path | None = None, invoked: str | None = None) -> Path:
    """The session file a command without one means, or NoSessionNamed saying what was found and what to type.

    The single session in the current folder wins; inside the tool's own
    checkout, its example; never the example silently anywhere else. invoked
    is the command line so far (`dilemma-deck check`), for the hint.
    """
    here = here or Path.cwd()
    found = session_files(here)
    if len(found) == 1:
        return _relative(found[0], here)
    repository = shipped.checkout()
    example = shipped.EXAMPLES / f"{EXAMPLE}.yaml"
    if not found and repository is not None and _inside(here, repository) and example.is_file():
        return _relative(example, here)
    name = command()
    invoked = invoked or f"{name} build"
    if found:
        names = ", ".join(path.name for path in found)
        raise NoSessionNamed(f"{len(found)} session files here ({names}); name one, e.g. "
                             f"`{invoked} {found[0].name}`")
    raise NoSessionNamed(f"no session file in {here}; name one (`{invoked} my-session.yaml`), "
                         f"start one with `{name} new my-session`, or get the example with "
                         f"`{name} new --example {EXAMPLE}`")


def _inside(folder: Path, repository: Path) -> bool:
    folder = folder.resolve()
    return folder == repository or repository in folder.parents


def _relative(path: Path, here: Path) -> Path:
    # Relative paths keep messages (file:line:col) short and the same on every machine.
    try:
        return path.resolve().relative_to(here.resolve())
    except ValueError:
        return path
