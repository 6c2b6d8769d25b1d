"""A new session file to start from (`new NAME`), or a copy of a shipped example (`new --example NAME`).

The text of the new file is data (deck/templates/new-session.yaml), so a
trainer-facing wording change is an edit to a YAML file, not to code.
"""
from __future__ import annotations

import os
import shlex
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import media_refs, shipped
from .errors import DeckError
from .format import SCHEMA_FILE
from .invocation import command
from .output import write_new

TEMPLATE = Path(__file__).resolve().parent / "templates" / "new-session.yaml"
PROJECT = Path(__file__).resolve().parent.parent
MEDIA = "media"


@dataclass(frozen=True)
class Scaffold:
    """What `new` wrote: the session file and the media folder beside it."""

    path: Path
    media: Path
    session_id: str


def slug(text: str, fallback: str = "item", limit: int = 40) -> str:
    """An id from any text: 'Privé & werk!' -> 'prive-werk'; fallback when nothing is left."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(words) > limit:
        # Cut at a word boundary where there is one, so ids stay readable.
        cut = words[:limit + 1].rfind("-")
        words = words[:cut if cut > 0 else limit].strip("-")
    return words or fallback


def target_path(name: str, folder: Path | None = None) -> Path:
    """Where `new NAME` writes: <slug of NAME>.yaml in folder (default here), or NAME itself if it ends in .yaml.

    A bare name becomes a file name without spaces or accents ("Privacy dag" ->
    privacy-dag.yaml), which shells and other tools take without quoting.
    """
    given = Path(name)
    file = given if name.endswith((".yaml", ".yml")) else given.parent / f"{slug(given.name, fallback='session')}.yaml"
    return (folder or Path()) / file


def title_of(stem: str) -> str:
    """A first title from a file name: 'privacy-day' -> 'Privacy day'."""
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "New session"


def schema_reference(target: Path) -> str:
    """How a session file at target names the schema: relative inside this project, else absolute.

    Relative keeps the link working in every clone of the project; outside it,
    a relative path would depend on where both happen to sit.
    """
    target = target.resolve()
    if PROJECT in target.parents:
        return Path(os.path.relpath(SCHEMA_FILE, target.parent)).as_posix()
    return SCHEMA_FILE.as_posix()


def schema_header(target: Path | None) -> str:
    """The first line that points YAML editors at the schema; absolute when there is no file."""
    reference = schema_reference(target) if target is not None else SCHEMA_FILE.as_posix()
    return f"# yaml-language-server: $schema={reference}\n"


def _scalar(text: str) -> str:
    """text as a YAML scalar: plain when YAML reads it back as the same text, else quoted."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10_000, default_flow_style=True)
    return dumped.removesuffix("\n...\n").strip()


def render(session_id: str, title: str, target: Path) -> str:
    """The new session's text: the template with its id, title, file and schema filled in."""
    values = {"{schema}": schema_reference(target), "{file}": shlex.quote(target.name), "{command}": command(),
              "{id}": _scalar(session_id), "{title}": _scalar(title)}
    text = TEMPLATE.read_text(encoding="utf-8")
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def new_session(name: str, folder: Path | None = None) -> Scaffold:
    """Write a new, valid, commented session NAME.yaml and its media folder; never overwrites."""
    target = target_path(name, folder)
    if target.exists():
        raise DeckError(f"{target} already exists; choose another name or remove it first")
    stem = target.stem if name.endswith((".yaml", ".yml")) else Path(name).name
    session_id = slug(stem, fallback="session")
    text = render(session_id, title_of(stem), target)
    write_new(target, text.encode("utf-8"))
    media = target.parent / MEDIA
    media.mkdir(exist_ok=True)
    (media / ".gitkeep").touch()
    return Scaffold(target, media, session_id)


@dataclass(frozen=True)
class Example:
    """What `new --example` wrote: the session file, its catalogs and the media it names."""

    path: Path
    catalogs: tuple[Path, ...]
    session_id: str
    media: tuple[Path, ...] = ()


def _example_media(source: Path) -> dict[str, Path]:
    """The shipped files an example's session names, by the name it gives them; only inside the examples' folder."""
    root = source.parent.resolve()
    found = {}
    for name, _ in media_refs.named(yaml.safe_load(source.read_text(encoding="utf-8"))):
        path = (root / name).resolve()
        if root not in path.parents or not path.is_file():
            raise DeckError(f"the example {source.stem} names {name}, which this installation does not ship; "
                            "reinstall the tool")
        found[name] = path
    return found


def examples() -> list[str]:
    """The names of the example sessions the tool ships."""
    return sorted(path.stem for path in shipped.EXAMPLES.glob("*.yaml"))


def copy_example(name: str, folder: Path | None = None) -> Example:
    """Copy the shipped example NAME (session, catalogs, media) into folder, to build and study; never overwrites.

    The session's first line is pointed at the installed schema, so editors
    keep validating the copy wherever it lands.
    """
    source = shipped.EXAMPLES / f"{name}.yaml"
    if not source.is_file():
        raise DeckError(f"no example named '{name}'; the tool ships: {', '.join(examples()) or 'none'}")
    folder = folder or Path()
    target = folder / source.name
    catalogs = {folder / path.relative_to(shipped.EXAMPLES): path
                for path in [*shipped.EXAMPLES.glob(f"locales/{name}.pot"),
                             *shipped.EXAMPLES.glob(f"locales/*/LC_MESSAGES/{name}.po")]}
    media = {folder / name: path for name, path in _example_media(source).items()}
    taken = [path for path in [target, *catalogs, *media] if path.exists()]
    if taken:
        raise DeckError(f"{', '.join(map(str, taken))} already exist{'s' if len(taken) == 1 else ''}; "
                        "use another folder (--dir) or remove them first")
    text = source.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    if first.startswith("# yaml-language-server:"):
        text = schema_header(target) + rest
    write_new(target, text.encode("utf-8"))
    for copy, original in sorted({**catalogs, **media}.items()):
        # The session names its media relative to itself: they go to the same place beside the copy.
        write_new(copy, original.read_bytes())
    session_id = yaml.safe_load(text)["session"]["id"]
    return Example(target, tuple(sorted(catalogs)), session_id, tuple(sorted(media)))
