"""Watch mode: rebuild, in the same process, what a change to the session, its catalogs or the layouts affects.

What a change rebuilds:

* the session file, or a catalog in `locales/` beside it: every output;
* a `.pptx`/`.potx` in the layouts folder, or the --template: the deck only;
* a layout `.yaml` whose `worksheets:` section alone changed: the PDFs only
  (worksheets, run sheet, handout); any other change to it: everything;
* anything else in the layouts folder (fonts, ...): everything;
* answers.json beside the session (written by `collect`): the deck and the
  run sheet, which show the groups' answers in the debrief;
* a picture the session names (`image: {file: ...}`): everything (a case's
  picture is on its worksheet and in the handout too); a video's `file:`: the
  deck. Only names the media rules could accept are watched (inside the
  session's folder, not hidden); a named file that is missing is watched
  for, so copying it in builds.

A broken edit is reported (the located problems, as `check` shows them) and
watching goes on; since every output is replaced atomically and only after it
was made, the last good outputs stay in place.
"""
from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .answers import ANSWERS_JSON
from .build import OUTPUTS, Written, build
from . import media_refs, safe_files
from .errors import DeckError
from .layouts import LAYOUTS_DIR
from .plural import counted

SHEETS = tuple(kind for kind in OUTPUTS if kind != "deck")  # the PDFs, made with the worksheets styles
TEMPLATES = {".pptx", ".potx"}
ANSWERED = ("deck", "guide")  # what shows the groups' answers


@dataclass(frozen=True)
class Event:
    """One rebuild: what changed, what was rebuilt, how long it took; or the error that stopped it."""

    changed: tuple[Path, ...]      # empty for the first build
    outputs: tuple[str, ...]       # the kinds of output rebuilt (or attempted)
    seconds: float
    written: tuple[Written, ...] = ()
    error: str | None = None       # DeckError text: located problems, one a line

    @property
    def ok(self) -> bool:
        return self.error is None

    def __str__(self) -> str:
        what = ", ".join(sorted({p.name for p in self.changed})) or "start"
        if self.ok:
            return (f"{what}: rebuilt {', '.join(self.outputs)} ({counted(len(self.written), 'file')}) "
                    f"in {self.seconds:.2f} s")
        return f"{what}: not rebuilt, the last good outputs stay\n{self.error}"


@dataclass
class Watched:
    """The files watched and how a change to each maps onto outputs."""

    content: Path
    layouts: Path = LAYOUTS_DIR
    template: Path | None = None
    _layout_texts: dict[Path, dict] = field(default_factory=dict)
    _outputs: set[Path] = field(default_factory=set)  # folders the builds write into: never a change
    _media: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a named media file's key(): what it affects

    def __post_init__(self):
        self.content = self.content.resolve()
        self.layouts = self.layouts.resolve()
        self.template = self.template.resolve() if self.template else None
        self.locales = self.content.parent / "locales"
        self.answers = self.content.parent / ANSWERS_JSON
        for path in self.layouts.glob("*.yaml"):
            self._layout_texts[path] = _sections(path)
        self._media = _named_media(self.content)

    def roots(self) -> list[Path]:
        """Folders to watch: the content's (its catalogs may not exist yet), the layouts, the template's."""
        folders = {self.content.parent, self.layouts, *([self.template.parent] if self.template else [])}
        return sorted(f for f in folders if f.is_dir())

    def relevant(self, path: Path) -> bool:
        path = path.resolve()
        if path.name.startswith(".") or path.name.endswith(".tmp"):  # atomic writes' temporary files
            return False
        if any(_under(path, folder) for folder in self._outputs):  # our own outputs, wherever --out is
            return False
        if path.is_dir():  # a folder made or touched (by a build, say): the files in it tell their own change
            return False
        return (path == self.content or path == self.template or path == self.answers
                or _key(path) in self._media or _under(path, self.locales) or _under(path, self.layouts))

    def ignore(self, folder: Path) -> None:
        """Take changes under folder as the builds' own writing, not edits: --out may sit anywhere."""
        self._outputs.add(Path(folder).resolve())

    def outputs(self, changed: Iterable[Path]) -> tuple[str, ...]:
        """The outputs the changed files affect, in build order."""
        kinds: set[str] = set()
        changed = [path.resolve() for path in changed]
        if self.content in changed:  # the session may name other media now
            self._media = _named_media(self.content)
        for path in changed:
            if path != self.content and _key(path) in self._media:
                kinds.update(self._media[_key(path)])
            elif path == self.template or (_under(path, self.layouts) and path.suffix.lower() in TEMPLATES):
                kinds.add("deck")
            elif path == self.answers:
                kinds.update(ANSWERED)
            elif _under(path, self.layouts) and path.suffix == ".yaml":
                kinds.update(self._layout_change(path))
            else:  # the session, a catalog, a font, or something we cannot tell: everything
                kinds.update(OUTPUTS)
        return tuple(kind for kind in OUTPUTS if kind in kinds)

    def _layout_change(self, path: Path) -> tuple[str, ...]:
        before, after = self._layout_texts.get(path), _sections(path)
        self._layout_texts[path] = after
        if before is not None and after is not None:
            sheets = {"worksheets"}
            if {k: v for k, v in before.items() if k not in sheets} == {k: v for k, v in after.items()
                                                                         if k not in sheets}:
                return SHEETS if before.get("worksheets") != after.get("worksheets") else ()
        return OUTPUTS


def _sections(path: Path) -> dict | None:
    import yaml

    try:
        data = yaml.safe_load(safe_files.read(path, safe_files.LAYOUT_BYTES, "a layout").decode("utf-8"))
    except (OSError, safe_files.Refused, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def _named_media(content: Path) -> dict[str, tuple[str, ...]]:
    """The media files the session at content names, each (by _key) with the outputs a change to it affects.

    Read as plain YAML, apart from the loader: a session that does not load yet
    still names its pictures. A name the media rules refuse outright (outside
    the folder, hidden) is not watched; one missing, or stored in another
    Unicode form (safe_files.on_disk), is.
    """
    import yaml

    from .load import MAX_BYTES

    try:
        data = yaml.safe_load(safe_files.read(content, MAX_BYTES, "a session file").decode("utf-8"))
    except (OSError, safe_files.Refused, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return {}
    base, media = content.parent, {}
    for ref, kind in media_refs.named(data):
        if "\x00" in ref:
            continue
        kinds = ("deck",) if kind == media_refs.VIDEO else OUTPUTS  # a case's picture is on its sheet too
        try:
            path, stray = safe_files.followed(base / safe_files.on_disk(ref, base), base)
        except (safe_files.Unfollowable, OSError, ValueError):
            continue
        if stray is None:
            media[_key(path)] = tuple(k for k in OUTPUTS if k in {*media.get(_key(path), ()), *kinds})
    return media


def _key(path: Path) -> str:
    """path as a media file is known by: resolved, in NFC (a Mac's unzip stores names in NFD)."""
    return unicodedata.normalize("NFC", str(path))


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def rebuild(content: Path, changed: tuple[Path, ...], outputs: tuple[str, ...], out: Path | None,
            locales: list[str] | None, **options) -> Event:
    """Build the outputs asked for; a DeckError becomes an event, not an exception."""
    started = time.perf_counter()
    try:
        written = build(content, out=out, locales=locales, only=list(outputs), **options)
    except DeckError as error:
        return Event(changed, outputs, time.perf_counter() - started, error=str(error))
    return Event(changed, outputs, time.perf_counter() - started, tuple(written))


def watch(content: Path, out: Path | None = None, locales: list[str] | None = None,
          on_event: Callable[[Event], None] = lambda event: None, stop=None, layout: str = "default",
          template: Path | None = None, paper: str | None = None, layouts: Path = LAYOUTS_DIR,
          debounce_ms: int = 50) -> None:
    """Build once, then rebuild on every change until stop (a threading.Event) is set, or Ctrl-C.

    Every build, good or broken, is reported through on_event.
    """
    from watchfiles import watch as changes

    watched = Watched(Path(content), layouts=layouts, template=template)
    if out is not None:
        watched.ignore(out)

    def report(event: Event) -> None:
        for item in event.written:  # the default out/<id>/ is known once a build has named it
            watched.ignore(item.path.parent)
        on_event(event)
    options = dict(layout=layout, template=template, paper=paper)
    batches = changes(*watched.roots(), watch_filter=lambda _, path: watched.relevant(Path(path)),
                      stop_event=stop, debounce=debounce_ms, step=20, recursive=True,
                      rust_timeout=100, yield_on_timeout=True)
    # The first (empty) batch means the watcher is listening: only then build and
    # report, so an edit made the moment the first build is reported is not missed.
    next(batches, None)
    # The first build runs in this process, so that every library, font and sheet it loads stays
    # loaded: the rebuilds that follow fork from a warm process.
    report(rebuild(content, (), OUTPUTS, out, locales, parallel=False, **options))
    for batch in batches:
        if not batch:
            continue
        changed = tuple(sorted({Path(path) for _, path in batch}))
        outputs = watched.outputs(changed)
        if outputs:
            report(rebuild(content, changed, outputs, out, locales, **options))
