"""Layouts are data: reads layouts/<name>.yaml, the template and fonts it names, and their sizes."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import load, safe_files
from .errors import ContentError, DeckError, Problem
from .schema import INVALID, Context, Field, Id, IdMap, Integer, Record, Seq, Spec, Text

from .shipped import LAYOUTS as LAYOUTS_DIR
from .shipped import layout_file, layout_folders

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
    "picture": ((1, "the text"), (2, "the picture")),
}


@dataclass(frozen=True)
class SizeRange:
    """The largest and smallest font size text may take, in points."""

    max: int
    min: int


@dataclass(frozen=True)
class Override:
    """A layout file's say for one kind of slide: a layout by name, and optionally its placeholders."""

    layout: str
    title: int | str | None = None        # an idx or a placeholder's name
    bodies: tuple[int | str, ...] = ()


@dataclass(frozen=True)
class DeckLayout:
    """What the deck renderer needs: a template, measuring fonts, sizes, and the layout file's say per slide kind."""

    template: Path
    regular: Path
    bold: Path
    italic: Path
    title_size: SizeRange
    body_size: SizeRange
    notes_size: int
    slides: dict[str, Override] = field(default_factory=dict)  # kinds the layout file names a layout for
    fonts_named: bool = False  # the layout file names its fonts: measure with them, not the template's
    fallback: tuple[Path, ...] = ()  # fonts for characters the faces' own fonts lack, before the system's


# -- the printable PDFs ---------------------------------------------------------

PAGE_SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}  # points
FACES = ("regular", "bold", "italic", "bold_italic")
MM = 72 / 25.4
_STYLE_KEYS = ("font", "size", "leading", "colour", "space_before", "space_after", "indent")
_points = Integer(minimum=0, maximum=144)
_style = Record(fields={
    "parent": Field(Id()),
    "font": Field(Text(max_length=20, pattern="|".join(FACES), hint=f"one of {', '.join(FACES)}")),
    "size": Field(Integer(minimum=6, maximum=72)),
    "leading": Field(Integer(minimum=6, maximum=90)),
    "colour": Field(Id()),
    "space_before": Field(_points), "space_after": Field(_points), "indent": Field(_points),
})
WORKSHEETS_SPEC = Record(doc="The printable PDFs: worksheets and run sheet", fields={
    "page": Field(Text(max_length=10, pattern="a4|letter", hint="a4 or letter"), required=True),
    "margins": Field(Record(fields={side: Field(Integer(minimum=12, maximum=60), required=True)
                                    for side in ("top", "bottom", "left", "right")}), required=True),
    "fonts": Field(Record(fields={face: Field(Text(max_length=500), required=True) for face in FACES}),
                   required=True),
    "colours": Field(IdMap(Text(max_length=7, pattern="#[0-9a-fA-F]{6}", hint="a colour as #rrggbb"),
                           min_items=1), required=True),
    "fields": Field(Record(fields={
        "line": Field(Integer(minimum=10, maximum=40), required=True),
        "question_lines": Field(Integer(minimum=1, maximum=20), required=True),
        "notes_lines": Field(Integer(minimum=1, maximum=40), required=True),
        "other_lines": Field(Integer(minimum=1, maximum=5), required=True),
        "checkbox": Field(Integer(minimum=6, maximum=24), required=True),
    }), required=True),
    "styles": Field(IdMap(_style, min_items=1), required=True),
})


@dataclass(frozen=True)
class ParaStyle:
    """A named paragraph style with its parents resolved: every value set."""

    name: str
    font: str  # a face: regular, bold, italic, bold_italic
    size: int
    leading: int
    colour: str  # #rrggbb
    space_before: int = 0
    space_after: int = 0
    indent: int = 0


@dataclass(frozen=True)
class FieldSizes:
    """How much room the form fields give, in points and lines."""

    line: int
    question_lines: int
    notes_lines: int
    other_lines: int
    checkbox: int


@dataclass(frozen=True)
class SheetLayout:
    """What the PDF renderers need: page, margins (points), font files, colours and named styles."""

    page: tuple[float, float]
    margins: dict[str, float]
    fonts: dict[str, Path]
    colours: dict[str, str]
    fields: FieldSizes
    styles: dict[str, ParaStyle]
    fallback: tuple[Path, ...] = ()  # fonts for characters the faces' own fonts lack, before the system's

    def style(self, name: str) -> ParaStyle:
        return self.styles[name]


_size = Record(fields={"max": Field(Integer(minimum=8, maximum=96), required=True),
                       "min": Field(Integer(minimum=8, maximum=96), required=True)})
_file = Text(max_length=500)
_placeholder = Text(max_length=200, hint="a placeholder's idx (a number) or its name")
_slide_layout = Record(fields={"layout": Field(Text(max_length=200), required=True),
                               "title": Field(_placeholder), "bodies": Field(Seq(_placeholder, min_items=1))})


class _SlideLayout(Spec):
    """A slide layout's name, or a map: its name (layout), and which placeholder is the title and the bodies."""

    def check(self, node, path, ctx):
        import yaml

        if isinstance(node, yaml.MappingNode):
            value = _slide_layout.check(node, path, ctx)
            if value is INVALID or "layout" not in value:
                return INVALID
            return Override(value["layout"], _ref(value.get("title")), tuple(map(_ref, value.get("bodies", ()))))
        value = Text(max_length=200).check(node, path, ctx)
        return value if value is INVALID else Override(value)

    def json_schema(self):
        return {"oneOf": [{"type": "string"}, _slide_layout.json_schema()]}


def _ref(text: str | None) -> int | str | None:
    return int(text) if text is not None and text.strip().isdigit() else text


# Every key may be left out of a layout file: it then comes from layouts/default.yaml.
SPEC = Record(doc="A layout: how each output looks", fields={
    "deck": Field(Record(fields={
        "template": Field(_file),
        "fonts": Field(Record(fields={name: Field(_file, required=True) for name in ("regular", "bold", "italic")})),
        "title_size": Field(_size),
        "body_size": Field(_size),
        "notes_size": Field(Integer(minimum=6, maximum=40)),
        "slides": Field(Record(fields={kind: Field(_SlideLayout()) for kind in SLIDE_KINDS})),
    })),
    "worksheets": Field(WORKSHEETS_SPEC),
    # Fonts tried, in order, for characters the faces' own fonts lack (before the system's fonts).
    "fallback_fonts": Field(Seq(_file)),
})
_DECK_KEYS = ("template", "fonts", "title_size", "body_size", "notes_size")


def find(name: str, here: Path | None = None) -> Path:
    """The layout file for a name (`default`) or a path to a .yaml file.

    A name is looked up in the user's own ./layouts/ first (here: the current
    folder), then among the layouts the tool ships, so a trainer can keep a
    house layout beside their sessions without touching the installation.
    """
    path = layout_file(name, here)
    if path is not None:
        return path
    folders = layout_folders(here)
    known = sorted({p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.yaml")})
    raise DeckError(f"no layout named '{name}'; known layouts: {', '.join(known) or 'none'} (in "
                    f"{folders[0]} and the shipped ones); or pass --layout path/to/layout.yaml")


def _checked(name: str) -> tuple[Path, dict, Context]:
    """The layout file's path, its values checked against SPEC, and the check's positions."""
    path = find(name)
    try:
        data = safe_files.read(path, safe_files.LAYOUT_BYTES, "a layout")
    except OSError as error:
        raise DeckError(f"{path}: cannot read the layout: {error.strerror}") from None
    except safe_files.Refused as refused:
        raise DeckError(f"{path}: {refused}") from None
    ctx = Context(str(path))
    node = load.compose(data, str(path), example="layouts/default.yaml")
    ctx.enter(node, "")
    values = SPEC.check(node, "", ctx)
    if ctx.problems:
        raise ContentError(ctx.problems)
    return path, values, ctx


def deck_layout(name: str = "default", template: str | Path | None = None) -> DeckLayout:
    """The deck part of a layout; template, when given, replaces the layout's own .pptx.

    What the layout file leaves out comes from the default layout, so a file
    may say no more than which slide layout one kind of slide uses.
    """
    path, values, ctx = _checked(name)
    deck = dict(values.get("deck", {}))
    bases = {key: path.parent for key in deck}
    missing = [key for key in _DECK_KEYS if key not in deck]
    is_default = _is_default(path)
    if missing and not is_default:
        default_path, default_values, _ = _checked("default")
        for key in missing:
            if key in default_values.get("deck", {}):
                deck[key], bases[key] = default_values["deck"][key], default_path.parent
    absent = [key for key in _DECK_KEYS if key not in deck]
    if absent:
        line, column = ctx.positions.get("deck", ctx.positions.get("", (1, 1)))
        raise ContentError([Problem(str(path), line, column, "deck", f"missing required key '{absent[0]}'")])
    files = {"template": ("deck.template", deck["template"], bases["template"]),
             **{key: (f"deck.fonts.{key}", ref, bases["fonts"]) for key, ref in deck["fonts"].items()}}
    found = {key: (_font if key != "template" else _existing)(base / ref, path, ctx, key_path)
             for key, (key_path, ref, base) in files.items()}
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
        notes_size=deck["notes_size"], slides=dict(deck.get("slides", {})),
        fonts_named=not is_default and "fonts" in values.get("deck", {}),
        fallback=_fallback(values, path, ctx),
    )


def _is_default(path: Path) -> bool:
    try:
        return path.resolve() == find("default").resolve()
    except DeckError:
        return False


def _fallback(values: dict, layout: Path, ctx: Context) -> tuple[Path, ...]:
    found = tuple(_font(layout.parent / ref, layout, ctx, f"fallback_fonts[{n}]")
                  for n, ref in enumerate(values.get("fallback_fonts") or ()))
    if ctx.problems:
        raise ContentError(ctx.problems)
    return found


def _existing(target: Path, layout: Path, ctx: Context, key_path: str) -> Path:
    if not target.is_file():
        line, column = ctx.positions.get(key_path, (1, 1))
        try:  # something there, but not a file: say what (a FIFO would hang whatever read it)
            kind = safe_files.kind_of(target.stat().st_mode) if not target.is_dir() else ""
        except OSError:
            kind = ""
        message = f"'{target}' is {kind}, not a file" if kind else f"no file '{target}'"
        ctx.problems.append(Problem(str(layout), line, column, key_path, message))
    return target


def _font(target: Path, layout: Path, ctx: Context, key_path: str) -> Path:
    """An existing file that ReportLab can read as a TrueType font; else a problem at its key.

    Read through the measuring cache, so the renderers find it parsed already.
    """
    if _existing(target, layout, ctx, key_path).is_file():
        from .text.measure import metrics

        try:
            safe_files.read(target, safe_files.FONT_BYTES, "a font")  # ReportLab reads by name: check first
        except (OSError, safe_files.Refused) as error:
            _problem(layout, ctx, key_path, f"'{target}' {getattr(error, 'strerror', None) or error}")
            return target
        try:
            metrics(target)
        except Exception as error:  # TTFError, and struct or index errors on junk
            _problem(layout, ctx, key_path, f"'{target}' is not a TrueType font (.ttf) that can be "
                     f"embedded: {error}")
    return target


def sheet_layout(name: str = "default", page: str | None = None) -> SheetLayout:
    """The worksheets part of a layout; page ("a4" or "letter"), when given, replaces its page size."""
    path, values, ctx = _checked(name)
    if "worksheets" not in values and not _is_default(path):
        path, values, ctx = _checked("default")  # a layout file for the deck alone: the default's sheets
    if "worksheets" not in values:
        line, column = ctx.positions.get("", (1, 1))
        raise ContentError([Problem(str(path), line, column, "(top)", "missing required key 'worksheets'")])
    sheets = values["worksheets"]
    if page is not None and page not in PAGE_SIZES:
        raise DeckError(f"no page size '{page}'; use one of: {', '.join(PAGE_SIZES)}")
    fonts = {face: _font(path.parent / ref, path, ctx, f"worksheets.fonts.{face}")
             for face, ref in sheets["fonts"].items()}
    colours = dict(sheets["colours"])
    styles = _styles(dict(sheets["styles"]), colours, path, ctx)
    if ctx.problems:
        raise ContentError(ctx.problems)
    return SheetLayout(page=PAGE_SIZES[page or sheets["page"]],
                       margins={side: mm * MM for side, mm in sheets["margins"].items()},
                       fonts=fonts, colours=colours, fields=FieldSizes(**sheets["fields"]), styles=styles,
                       fallback=_fallback(values, path, ctx))


def _styles(raw: dict[str, dict], colours: dict[str, str], path: Path, ctx: Context) -> dict[str, ParaStyle]:
    """Every style with its parents' values filled in; problems located at the style."""
    resolved: dict[str, ParaStyle] = {}
    for name in raw:
        values = _inherited(name, raw, path, ctx)
        if values is None:
            continue
        key_path = f"worksheets.styles[{name}]"
        missing = [key for key in ("font", "size", "leading", "colour") if key not in values]
        if missing:
            _problem(path, ctx, key_path, f"sets no {', '.join(missing)}, nor does any parent")
            continue
        if values["colour"] not in colours:
            _problem(path, ctx, f"{key_path}.colour", f"no colour named '{values['colour']}'; "
                     f"known colours: {', '.join(colours)}")
            continue
        resolved[name] = ParaStyle(name=name, **{**values, "colour": colours[values["colour"]]})
    return resolved


def _inherited(name: str, raw: dict[str, dict], path: Path, ctx: Context) -> dict | None:
    """The style's own values over its parent's, up the chain; None (and a problem) if it breaks."""
    chain, values, current = [], {}, name
    while current is not None:
        if current in chain:
            _problem(path, ctx, f"worksheets.styles[{name}].parent",
                     f"parents go round in a circle: {' -> '.join([*chain, current])}")
            return None
        if current not in raw:
            _problem(path, ctx, f"worksheets.styles[{chain[-1]}].parent",
                     f"no style named '{current}'; known styles: {', '.join(raw)}")
            return None
        chain.append(current)
        values = {**{k: v for k, v in raw[current].items() if k in _STYLE_KEYS}, **values}
        current = raw[current].get("parent")
    return values


def _problem(path: Path, ctx: Context, key_path: str, message: str) -> None:
    line, column = ctx.positions.get(key_path, (1, 1))
    ctx.problems.append(Problem(str(path), line, column, key_path, message))


def font_chains(name: str = "default") -> tuple[Path, dict[str, tuple[Path, ...]]]:
    """The layout's file and, per face of its deck and sheets ("deck.regular", "worksheets.bold"), the fonts
    that draw it in order: its own, then the layout's fallback fonts.

    The full reading, with located problems: glyphs.chains reads a plain layout file
    itself and comes here for one that is partial (inheriting), unreadable or wrong.
    """
    deck, sheets = deck_layout(name), sheet_layout(name)
    chains = {f"deck.{face}": (font, *deck.fallback)
              for face, font in (("regular", deck.regular), ("bold", deck.bold), ("italic", deck.italic))}
    chains.update({f"worksheets.{face}": (font, *sheets.fallback) for face, font in sheets.fonts.items()})
    return find(name), chains
