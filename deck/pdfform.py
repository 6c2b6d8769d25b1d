"""Reading a filled PDF form: its fields' values and the tag the worksheets carry, with pypdf.

Readers save a form in different ways: Acrobat, pdftk and pypdf set a
checkbox's value (/V) and its appearance state (/AS); some only change the
appearance state, some put the value on a parent field and the state on its
widgets. A box counts as ticked when either says so.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DeckError
from .structure import TAG_KEY


@dataclass(frozen=True)
class Box:
    """A checkbox as saved: the state its value or appearance names (None: unticked), and its on state."""

    state: str | None
    on: tuple[str, ...]  # the names of its ticked appearances (the export values it was made with)


@dataclass(frozen=True)
class FilledForm:
    """What one PDF holds: its tag (None when it has none) and its fields by full name."""

    path: Path
    tag: dict | None
    texts: dict[str, str] = field(default_factory=dict)
    boxes: dict[str, Box] = field(default_factory=dict)

    @property
    def names(self) -> set[str]:
        return set(self.texts) | set(self.boxes)


class UnreadablePdf(DeckError):
    """The file is no PDF pypdf can read, or it is encrypted."""


def read_form(path: Path) -> FilledForm:
    """The fields and tag of the PDF at path; raises UnreadablePdf saying why not."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs what it repairs in a damaged file; what counts here is whether the fields read.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not _opened(reader):
            raise UnreadablePdf(f"{path}: the PDF is encrypted (password-protected); save or export it "
                                "without a password and collect it again")
        tag = _tag(reader)
        root = reader.trailer["/Root"]
        acro = root.get("/AcroForm")
        form = FilledForm(path, tag)
        if acro is not None:
            for ref in acro.get_object().get("/Fields", []) or []:
                _walk(ref.get_object(), "", None, form, set())
        return form
    except UnreadablePdf:
        raise
    except OSError as error:
        raise UnreadablePdf(f"{path}: cannot read it: {error.strerror or error}") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise UnreadablePdf(f"{path}: not a readable PDF ({type(error).__name__}: {error}); "
                            "save it again from the program it was filled in, or ask the group for it again") \
            from None


def _opened(reader) -> bool:
    """Whether an encrypted PDF opens without a password: one that only restricts editing does."""
    from pypdf.errors import DependencyError

    try:
        return bool(reader.decrypt(""))
    except (DependencyError, NotImplementedError):  # pragma: no cover - no AES library installed
        return False


def _tag(reader) -> dict | None:
    info = reader.metadata
    raw = info.get(f"/{TAG_KEY}") if info else None
    if raw is None:
        return None
    try:
        tag = json.loads(str(raw))
    except ValueError:
        return None
    return tag if isinstance(tag, dict) else None


def _walk(node, parent: str, inherited_type, form: FilledForm, seen: set) -> None:
    """Record the field node and everything under it; names join the partial names (/T) with dots."""
    if id(node) in seen:  # a damaged or hostile file may loop
        return
    seen.add(id(node))
    partial = node.get("/T")
    name = f"{parent}.{partial}" if parent and partial is not None else (str(partial) if partial is not None
                                                                         else parent)
    kind = node.get("/FT", inherited_type)
    kids = [kid.get_object() for kid in node.get("/Kids", []) or []]
    fields = [kid for kid in kids if "/T" in kid]
    if fields:
        for kid in fields:
            _walk(kid, name, kind, form, seen)
        return
    widgets = kids or [node]  # a terminal field is its own widget, or has widgets as kids
    if kind == "/Btn":
        on = tuple(sorted({str(state)[1:] for widget in widgets for state in _states(widget) if state != "/Off"}))
        form.boxes[name] = Box(_ticked(node, widgets), on)
    elif kind == "/Tx":
        value = node.get("/V")
        form.texts[name] = str(value) if value is not None else ""


def _states(widget) -> list:
    appearances = widget.get("/AP")
    normal = appearances.get_object().get("/N") if appearances is not None else None
    normal = normal.get_object() if normal is not None else None
    return list(normal.keys()) if hasattr(normal, "keys") else []


def _ticked(node, widgets) -> str | None:
    """The state a checkbox is in, from its value or else its widgets' appearance state; None when off."""
    value = node.get("/V")
    if value is not None and str(value) not in ("/Off", "", "Off"):
        return str(value).lstrip("/")
    for widget in widgets:
        state = widget.get("/AS")
        if state is not None and str(state) != "/Off":
            return str(state).lstrip("/")
    return None
