"""Layouts are data: reads layouts/<name>.yaml, the template and fonts it names, and their sizes."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import load
from .errors import ContentError, DeckError, Problem
from .schema import Context, Field, Integer, Record, Text

LAYOUTS_DIR = Path(__file__).resolve().parent.parent / "layouts"

# The slide kinds the deck renderer makes, and the placeholders each needs
# besides the title: (idx, what it holds).
SLIDE_KINDS = {
    "title": ((1, "the subtitle"),),
    "group_work": ((1, "the clusters"), (2, "the groups")),
    "video": ((1, "the text"),),
    "case": ((1, "the dilemma and options"),),
    "case_wide": ((1, "the dilemma"), (2, "the options")),
    "documents": ((1, "the documents"),),
    "points": ((1, "the points"),),
}


@dataclass(frozen=True)
class SizeRange:
    """The largest and smallest font size text may take, in points."""

    max: int
    min: int


@dataclass(frozen=True)
class DeckLayout:
    """What the deck renderer needs: a template, measuring fonts, sizes, and a layout per slide kind."""

    template: Path
    regular: Path
    bold: Path
    italic: Path
    title_size: SizeRange
    body_size: SizeRange
    notes_size: int
    slides: dict[str, str]


_size = Record(fields={"max": Field(Integer(minimum=8, maximum=96), required=True),
                       "min": Field(Integer(minimum=8, maximum=96), required=True)})
_file = Text(max_length=500)
SPEC = Record(doc="A layout: how each output looks", fields={
    "deck": Field(Record(fields={
        "template": Field(_file, required=True),
        "fonts": Field(Record(fields={name: Field(_file, required=True)
                                      for name in ("regular", "bold", "italic")}), required=True),
        "title_size": Field(_size, required=True),
        "body_size": Field(_size, required=True),
        "notes_size": Field(Integer(minimum=6, maximum=40), required=True),
        "slides": Field(Record(fields={kind: Field(Text(max_length=200), required=True)
                                       for kind in SLIDE_KINDS}), required=True),
    }), required=True),
})


def find(name: str) -> Path:
    """The layout file for a name (`default`) or a path to a .yaml file."""
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml"):
        return candidate
    path = LAYOUTS_DIR / f"{name}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in LAYOUTS_DIR.glob("*.yaml")))
        raise DeckError(f"no layout named '{name}'; known layouts: {known}")
    return path


def deck_layout(name: str = "default", template: str | Path | None = None) -> DeckLayout:
    """The deck part of a layout; template, when given, replaces the layout's own .pptx."""
    path = find(name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DeckError(f"{path}: cannot read the layout: {error.strerror}") from None
    ctx = Context(str(path))
    node = load.compose(data, str(path))
    ctx.enter(node, "")
    values = SPEC.check(node, "", ctx)
    if ctx.problems:
        raise ContentError(ctx.problems)
    deck = values["deck"]
    base = path.parent
    files = {"template": ("deck.template", deck["template"]),
             **{key: (f"deck.fonts.{key}", ref) for key, ref in deck["fonts"].items()}}
    found = {key: _existing(base / ref, path, ctx, key_path) for key, (key_path, ref) in files.items()}
    if ctx.problems:
        raise ContentError(ctx.problems)
    for kind in ("title_size", "body_size"):
        if deck[kind]["min"] > deck[kind]["max"]:
            line, column = ctx.positions[f"deck.{kind}"]
            raise ContentError([Problem(str(path), line, column, f"deck.{kind}", "min is larger than max")])
    return DeckLayout(
        template=Path(template) if template else found["template"],
        regular=found["regular"], bold=found["bold"], italic=found["italic"],
        title_size=SizeRange(**deck["title_size"]), body_size=SizeRange(**deck["body_size"]),
        notes_size=deck["notes_size"], slides=dict(deck["slides"]),
    )


def _existing(target: Path, layout: Path, ctx: Context, key_path: str) -> Path:
    if not target.is_file():
        line, column = ctx.positions.get(key_path, (1, 1))
        ctx.problems.append(Problem(str(layout), line, column, key_path, f"no file '{target}'"))
    return target
