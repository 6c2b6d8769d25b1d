"""A template's slide layouts read into plain data, and the layout each kind of slide uses.

Templates come from anywhere: PowerPoint in any language, LibreOffice (whose
layouts are called `Title, Content` and number every placeholder 0), pandoc,
a communication team's own slide master with placeholders idx 10 and up. So
layouts are chosen by what they hold (a title, one or two text boxes side by
side, a subtitle), and placeholders are found by type and position, never by
a fixed idx. The conventional names only break ties.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import package_guard, safe_files
from .errors import DeckError
from .invocation import command
from .layouts import Override

EMU_PER_PT = 12700
GUIDE = "docs/templates.md"
_POTX = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"

# What a placeholder's type makes it. An untyped placeholder is "obj" (the OOXML default).
TITLE_TYPES = ("title", "ctrTitle")
BODY_TYPES = ("body", "obj")
FURNITURE_TYPES = ("dt", "ftr", "sldNum", "hdr")  # date, footer, slide number, header: never written into
ROLES = {**{t: "title" for t in TITLE_TYPES}, **{t: "body" for t in BODY_TYPES}, "subTitle": "subtitle",
         "pic": "picture", **{t: "furniture" for t in FURNITURE_TYPES}}

# Below these a box holds no readable line (points, after nothing: the renderer's insets come off later).
MIN_WIDTH = 72.0
MIN_TITLE_HEIGHT = 24.0
MIN_BODY_HEIGHT = 36.0
OFF_SLIDE = 2.0  # points a box may stick out past the slide's edge (rounding in converted templates)

# The names the usual tools give their layouts, lower case, best first: PowerPoint (English, Dutch,
# French, German), pandoc (PowerPoint's), LibreOffice. Only used to choose among layouts that fit.
_TITLE = ["title slide", "titeldia", "diapositive de titre", "titelfolie", "title", "titel", "cover"]
_CONTENT = ["title and content", "title, content", "titel en object", "titel en inhoud", "titre et contenu",
            "titel und inhalt", "title and body", "title, text", "content"]
_TWO = ["two content", "title, 2 content", "twee inhoudsvakken", "twee inhoud", "deux contenus",
        "zwei inhalte", "comparison", "vergelijking", "comparaison", "vergleich"]
_PICTURE = ["picture with caption", "afbeelding met bijschrift", "image avec légende", "bild mit überschrift"]
_SECTION = ["section header", "sectiekop", "en-tête de section", "abschnittsüberschrift", "section title"]
NAMES = {"title": _TITLE, "group_work": _TWO, "video": _SECTION + _CONTENT, "case": _CONTENT,
         "case_wide": _TWO, "documents": _CONTENT, "points": _CONTENT, "picture": _PICTURE + _TWO}
# What each kind of slide needs besides its title: the text boxes it fills, in order.
NEEDS = {"title": ("the subtitle",), "group_work": ("the clusters", "the groups"), "video": ("the text",),
         "case": ("the dilemma and options",), "case_wide": ("the dilemma", "the options"),
         "documents": ("the documents",), "points": ("the points",), "picture": ("the text", "the picture")}


def needs(kind: str) -> tuple[str, ...]:
    """What a kind of slide fills besides its title; a kind added elsewhere fills one text box."""
    return NEEDS.get(kind, ("the text",))


def _names(kind: str) -> list[str]:
    return NAMES.get(kind, _CONTENT)


# Kinds that can do without their layout: a long case stays in one column, the group work
# slide puts the groups under the clusters.
OPTIONAL = {"case_wide", "picture"}  # a picture without its layout goes beside the groups' or under the text
LAST_RESORT = 1_000  # how badly a layout fits that offers only its subtitle's box for a slide's text
MERGEABLE = {"group_work"}


@dataclass(frozen=True)
class Rect:
    """A box on the slide, in points from its top left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def __str__(self) -> str:
        return f"{self.width:.0f}x{self.height:.0f} pt at ({self.left:.0f}, {self.top:.0f})"


@dataclass(frozen=True)
class Placeholder:
    """One placeholder of a slide layout, as the tool sees it."""

    position: int        # its place among the layout's placeholders: unique where idx may not be
    type: str            # as in the file: title, ctrTitle, body, obj (also when untyped), subTitle, dt, ...
    idx: int
    name: str
    role: str            # title, body, subtitle, picture, furniture or other
    box: Rect | None
    vertical: bool = False
    caps: bool = False           # its text shows in capitals (cap="all"): measured so
    area: Rect | None = None     # the part of the box text may use: on the slide, above the footer
    problem: str | None = None   # why it cannot hold text, for a text placeholder that cannot

    @property
    def usable(self) -> bool:
        if self.role == "picture":
            return self.problem is None and (self.area or self.box) is not None
        return self.role in ("title", "body", "subtitle") and self.problem is None and not self.vertical

    def describe(self) -> str:
        where = str(self.box) if self.box else "no box"
        return f"{self.type} idx {self.idx} '{self.name}', {where}"


@dataclass(frozen=True)
class SlideLayoutInfo:
    """One slide layout: where it is, its name, its placeholders."""

    index: int   # in the flat list over all slide masters
    master: int  # counted from 1
    name: str
    placeholders: tuple[Placeholder, ...]

    def usable(self, role: str) -> list[Placeholder]:
        return [p for p in self.placeholders if p.role == role and p.usable]

    @property
    def title(self) -> Placeholder | None:
        titles = self.usable("title")
        return min(titles, key=lambda p: (p.area.top, p.area.left)) if titles else None

    def summary(self) -> str:
        """What it holds, in a few words: 'title, 2 bodies', 'no placeholders'."""
        counts: dict[str, int] = {}
        for p in self.placeholders:
            if p.role != "furniture":
                role = p.role if p.problem is None else f"unusable {p.role}"
                counts[role] = counts.get(role, 0) + 1
        if not counts:
            return "no placeholders" if not self.placeholders else "only date, footer or slide number"
        return ", ".join(role if n == 1 else f"{n} {role}s" if not role.endswith("body")
                         else f"{n} {role[:-1]}ies" for role, n in counts.items())


@dataclass(frozen=True)
class TemplateInfo:
    """What a template offers: slide size, layouts, theme fonts, a notes placeholder."""

    path: Path
    width: float   # points
    height: float
    layouts: tuple[SlideLayoutInfo, ...]
    fonts: dict[str, str] = field(default_factory=dict)  # "title"/"body" -> typeface the master names

    @property
    def shape(self) -> str:
        ratio = self.width / self.height if self.height else 0
        known = {"16:9": 16 / 9, "16:10": 16 / 10, "4:3": 4 / 3}
        name = next((n for n, r in known.items() if abs(ratio - r) < 0.02), f"{ratio:.2f}:1")
        return f"{self.width / 72:.2f} x {self.height / 72:.2f} in ({name})"


@dataclass(frozen=True)
class Choice:
    """The slide layout a kind of slide uses, and which placeholder takes what."""

    kind: str
    layout: SlideLayoutInfo
    title: Placeholder
    bodies: tuple[Placeholder, ...]  # in the order the slide kind fills them
    how: str  # "by name", "by structure", "layout file"


# -- reading ---------------------------------------------------------------------------

def open_template(path: Path):
    """The template as a presentation with no slides; a .potx is opened as the deck it describes."""
    from lxml import etree
    from pptx import Presentation

    try:
        data = safe_files.read(path, safe_files.TEMPLATE_BYTES, "a template")
        package_guard.check(data, "the template", "a template")
        if path.suffix.lower() == ".potx":
            data = _potx_as_pptx(data)
        prs = Presentation(io.BytesIO(data))
    except OSError as error:
        raise DeckError(f"{path}: cannot read the template: {error.strerror}") from None
    except (safe_files.Refused, package_guard.Unsafe) as error:
        raise DeckError(f"{path}: {error}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise DeckError(f"{path}: not a PowerPoint template (.pptx or .potx): {error}") from None
    for slide_id in list(prs.slides._sldIdLst):  # a corporate template's sample slides go
        prs.part.drop_rel(slide_id.rId)
        prs.slides._sldIdLst.remove(slide_id)
    for sections in prs.part._element.iter("{*}sectionLst"):  # they named the dropped slides
        sections.getparent().remove(sections)
    _drop_misspelt_core_properties(prs)
    return prs


def _drop_misspelt_core_properties(prs) -> None:
    """Forget document properties related under a misspelt type (LibreOffice writes `officedocument`).

    python-pptx does not recognize them and makes its own docProps/core.xml, so
    the saved package would hold that name twice.
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = prs.part.package._rels
    for rId, rel in list(rels.items()):
        if rel.reltype != RT.CORE_PROPERTIES and rel.reltype.lower().endswith("/metadata/core-properties"):
            rels.pop(rId)


def _potx_as_pptx(data: bytes) -> bytes:
    # python-pptx opens only presentations; a template differs in one content type.
    result = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            blob = source.read(entry)
            if entry.filename == "[Content_Types].xml":
                blob = blob.replace(_POTX.encode(), _PPTX.encode())
            out.writestr(entry, blob)
    return result.getvalue()


def slide_layouts(prs) -> list:
    """Every slide layout of every slide master, in order: the list TemplateInfo.layouts indexes."""
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def read(prs, path: Path) -> TemplateInfo:
    """What the opened template offers, as plain data."""
    try:
        return _read(prs, path)
    except (KeyError, ValueError, AttributeError, TypeError) as error:  # a part missing or mangled
        raise DeckError(f"{path}: its slide masters and layouts cannot be read ({type(error).__name__}: "
                        f"{error}); open it in PowerPoint or LibreOffice and save it again") from None


def _read(prs, path: Path) -> TemplateInfo:
    width, height = (prs.slide_width or 0) / EMU_PER_PT, (prs.slide_height or 0) / EMU_PER_PT
    layouts, index = [], 0
    for number, master in enumerate(prs.slide_masters, start=1):
        inherited = _master_boxes(master._element)
        for layout in master.slide_layouts:
            raw = [_placeholder(n, sp, inherited) for n, sp in enumerate(_placeholder_elements(layout._element))]
            placeholders = tuple(_with_area(p, raw, width, height) for p in raw)
            layouts.append(SlideLayoutInfo(index, number, layout.name or "", placeholders))
            index += 1
    return TemplateInfo(path, width, height, tuple(layouts), _master_fonts(prs))


def inspect(path: Path) -> TemplateInfo:
    """A template file, read: what the `template` command shows."""
    return read(open_template(path), path)


_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# The master placeholder a layout placeholder takes its position from, when it has none of its own.
_BASE = {"title": "title", "ctrTitle": "title", "dt": "dt", "ftr": "ftr", "sldNum": "sldNum"}


def _placeholder_elements(root) -> list:
    """The placeholder shapes of a layout or master, in document order (as python-pptx lists them)."""
    tree = root.find(f"{_P}cSld/{_P}spTree")
    if tree is None:
        return []
    return [sp for sp in tree if _ph(sp) is not None]


def _ph(sp):
    for tag in ("nvSpPr", "nvPicPr", "nvGraphicFramePr", "nvGrpSpPr", "nvCxnSpPr"):
        nv = sp.find(f"{_P}{tag}")
        if nv is not None:
            return nv.find(f"{_P}nvPr/{_P}ph")
    return None


def _own_box(sp) -> tuple:
    """The (left, top, width, height) a shape sets itself in its a:xfrm, in points; None for each it leaves out."""
    for xfrm in (sp.find(f"{_P}spPr/{_A}xfrm"), sp.find(f"{_P}xfrm")):
        if xfrm is None:
            continue
        values = []
        for tag, keys in (("off", ("x", "y")), ("ext", ("cx", "cy"))):
            found = xfrm.find(f"{_A}{tag}")
            for key in keys:
                value = found.get(key) if found is not None else None
                values.append(int(value) / EMU_PER_PT if value and value.lstrip("-").isdigit() else None)
        return tuple(values)
    return (None, None, None, None)


def _box(own: tuple, inherited: tuple) -> Rect | None:
    """The box a placeholder shows: what it sets itself, the rest as the placeholder it follows has it."""
    values = [mine if mine is not None else theirs for mine, theirs in zip(own, inherited)]
    return None if None in values else Rect(*values)


def _master_boxes(root) -> dict[str, tuple]:
    """The master's placeholder boxes by the type layouts inherit through (title, body, dt, ftr, sldNum)."""
    boxes: dict[str, tuple] = {}
    for sp in _placeholder_elements(root):
        kind = _ph(sp).get("type", "obj")
        boxes.setdefault(_BASE.get(kind, "body"), _own_box(sp))
    return boxes


def _placeholder(position: int, sp, inherited: dict[str, tuple]) -> Placeholder:
    element = _ph(sp)
    kind = element.get("type", "obj")
    idx = int(element.get("idx", "0")) if element.get("idx", "0").isdigit() else 0
    box = _box(_own_box(sp), inherited.get(_BASE.get(kind, "body"), (None,) * 4))
    vertical = element.get("orient") == "vert" or _vertical_text(sp)
    styles = sp.find(f"{_P}txBody/{_A}lstStyle")
    caps = styles is not None and any(e.get("cap") == "all" for e in styles.iter(f"{_A}defRPr"))
    name = next((c.get("name", "") for c in sp.iter(f"{_P}cNvPr")), "")
    return Placeholder(position, kind, idx, name, ROLES.get(kind, "other"), box, vertical, caps)


def _vertical_text(element) -> bool:
    body = element.find(".//{*}txBody/{*}bodyPr")
    return body is not None and body.get("vert", "horz") not in ("horz",)


def _with_area(p: Placeholder, siblings: list[Placeholder], slide_width: float, slide_height: float) -> Placeholder:
    """The placeholder with the part of its box text may use, or why it has none.

    Text may use what lies on the slide and above the footer and slide number
    the tool fills in (converted templates have bodies that run off the slide
    or under the footer): the placeholder stays as the template draws it, and
    the text, anchored at the top, is measured to end above them.
    """
    if p.role not in ("title", "body", "subtitle"):
        return p
    box = p.box
    if box is None:
        return replace(p, problem="has no position or size, nor does the slide master's placeholder it follows")
    if box.width <= 0 or box.height <= 0:
        return replace(p, problem=f"has no area ({box.width:.0f}x{box.height:.0f} pt)")
    left, top = max(box.left, 0.0), max(box.top, 0.0)
    right, bottom = min(box.right, slide_width), min(box.bottom, slide_height)
    for other in siblings:
        if other.type in ("ftr", "sldNum") and other.box is not None and other.box.width > 0 \
                and other.box.left < right and other.box.right > left \
                and top + (bottom - top) / 2 < other.box.top < bottom:
            bottom = other.box.top
    if right - left <= 0 or bottom - top <= 0:
        return replace(p, problem=f"lies off the slide ({box}; the slide is {slide_width:.0f}x{slide_height:.0f} pt)")
    area = Rect(left, top, right - left, bottom - top)
    if area.width < MIN_WIDTH or area.height < (MIN_TITLE_HEIGHT if p.role == "title" else MIN_BODY_HEIGHT):
        return replace(p, area=area, problem=f"is too small for readable text ({area.width:.0f}x"
                                             f"{area.height:.0f} pt on the slide)")
    return replace(p, area=area)


def _master_fonts(prs) -> dict[str, str]:
    """The typefaces the first slide master gives titles and body text ('+mj-lt' resolved by the theme)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    if not len(prs.slide_masters):
        return {}
    master = prs.slide_masters[0]
    theme = {}
    try:
        from lxml import etree

        tree = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        for key, tag in (("+mj-lt", "majorFont"), ("+mn-lt", "minorFont")):
            latin = tree.find(f".//{{*}}{tag}/{{*}}latin")
            if latin is not None and latin.get("typeface"):
                theme[key] = latin.get("typeface")
    except (KeyError, ValueError):
        pass
    found = {}
    root = master._element
    for role, types, style in (("title", TITLE_TYPES, "titleStyle"), ("body", BODY_TYPES, "bodyStyle")):
        # As text inherits it: the master placeholder's list style, then the master's text styles,
        # then the theme. The sample text's own runs set nothing for the slides' text.
        typeface = None
        for sp in root.iter("{*}sp"):
            ph = sp.find(".//{*}nvPr/{*}ph")
            if ph is not None and ph.get("type", "obj") in types:
                styles = sp.find("{*}txBody/{*}lstStyle")
                typeface = _first_latin(styles) if styles is not None else None
                break
        if typeface is None:
            styles = root.find(f"{{*}}txStyles/{{*}}{style}")
            typeface = _first_latin(styles) if styles is not None else None
        typeface = theme.get(typeface, typeface) if typeface else theme.get("+mj-lt" if role == "title" else "+mn-lt")
        if typeface and not typeface.startswith("+"):
            found[role] = typeface
    return found


def _first_latin(element) -> str | None:
    for latin in element.iter("{*}latin"):
        if latin.get("typeface"):
            return latin.get("typeface")
    return None


# -- choosing --------------------------------------------------------------------------

def _normal(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _name_rank(kind: str, name: str) -> int:
    names = _names(kind)
    normal = _normal(name)
    return names.index(normal) if normal in names else len(names)


def _side_by_side(bodies: list[Placeholder]) -> tuple[Placeholder, Placeholder] | None:
    """The two largest bodies that stand next to each other (left one first), if any do."""
    pairs = []
    for a in bodies:
        for b in bodies:
            if a is b or a.area.right > b.area.left + OFF_SLIDE:
                continue
            overlap = min(a.area.bottom, b.area.bottom) - max(a.area.top, b.area.top)
            if overlap >= 0.5 * min(a.area.height, b.area.height):
                pairs.append((min(_area(a), _area(b)), a, b))
    if not pairs:
        return None
    _, a, b = max(pairs, key=lambda pair: pair[0])
    return a, b


def _area(p: Placeholder) -> float:
    return p.area.width * p.area.height


def _room(p: Placeholder) -> float:
    """A picture placeholder's size (it has an area only when its box was measured as a text box's)."""
    box = p.area or p.box
    return box.width * box.height


def _fit(kind: str, layout: SlideLayoutInfo) -> tuple | None:
    """(how well it fits: lower is better, the bodies it fills) for a layout that can take the kind."""
    title = layout.title
    if title is None:
        return None
    bodies = layout.usable("body")
    subtitles = layout.usable("subtitle")
    extras = len(bodies) + len(subtitles) + len(
        [p for p in layout.placeholders if p.role == "other"])
    if kind == "picture" and bodies and layout.usable("picture"):
        # A layout made for a picture: its text box and its picture placeholder.
        body, picture = max(bodies, key=_area), max(layout.usable("picture"), key=_room)
        return (extras - 2, -_room(picture)), (body, picture)
    if len(needs(kind)) == 2:
        pair = _side_by_side(bodies)
        if pair is None:
            return None
        return (extras - 2, -min(map(_area, pair))), pair
    if kind == "title":
        # A title slide's title is centred over its subtitle: ctrTitle and subTitle say so.
        boxes = subtitles or bodies
        if not boxes:
            return None
        best = max(boxes, key=_area)
        return (0 if subtitles else 1, 0 if title.type == "ctrTitle" else 1, extras - 1, -_area(best)), (best,)
    if not bodies:
        if not subtitles:
            return None
        # The last resort, after every layout with a body: a template whose layouts hold a title and a
        # subtitle only (LibreOffice 25 writes just the layouts its sample slides use) still takes the
        # text, in the subtitle's box.
        best = max(subtitles, key=_area)
        return (LAST_RESORT, -_area(best)), (best,)
    best = max(bodies, key=_area)
    return (extras - 1, -_area(best)), (best,)


def choose(info: TemplateInfo, overrides: dict[str, Override] | None = None,
           kinds: tuple[str, ...] = tuple(NEEDS)) -> dict[str, Choice]:
    """The layout of each kind of slide (an optional kind may be missing); DeckError naming every problem."""
    overrides = overrides or {}
    problems: list[str] = []
    chosen: dict[str, Choice] = {}
    master = _best_master(info)
    for kind in kinds:
        if kind in overrides:
            choice = _overridden(info, kind, overrides[kind], master, problems)
        else:
            choice = _structural(info, kind, master)
        if choice is not None:
            chosen[kind] = choice
    if "group_work" not in chosen and "case" in chosen:
        # No two columns side by side anywhere: the groups go under the clusters, in one box.
        chosen["group_work"] = Choice("group_work", chosen["case"].layout, chosen["case"].title,
                                      chosen["case"].bodies, chosen["case"].how)
    if "picture" in kinds and "picture" not in chosen and "group_work" in chosen:
        # No layout for a picture: the group work's, text left and picture right (or under, in one box).
        chosen["picture"] = replace(chosen["group_work"], kind="picture")
    missing = [kind for kind in kinds if kind not in chosen and kind not in OPTIONAL and kind not in overrides]
    problems[:0] = _missing(info, missing)
    if problems:
        raise DeckError(refusal(info, problems))
    return chosen


def _best_master(info: TemplateInfo) -> int:
    """The slide master whose layouts serve most kinds (by structure, then by name); the first on a tie.

    Used for the title slide, and for a layout the layout file names where several masters have one.
    """
    masters = sorted({layout.master for layout in info.layouts})

    def score(master: int) -> tuple:
        layouts = [l for l in info.layouts if l.master == master]
        served = sum(any(_fit(kind, l) for l in layouts) for kind in NEEDS)
        named = sum(any(_name_rank(kind, l.name) < len(_names(kind)) and _fit(kind, l) for l in layouts)
                    for kind in NEEDS)
        return served, named, -master
    return max(masters, key=score) if masters else 1


def _structural(info: TemplateInfo, kind: str, master: int) -> Choice | None:
    candidates = []
    for layout in info.layouts:
        fit = _fit(kind, layout)
        if fit is not None:
            quality, bodies = fit
            rank = _name_rank(kind, layout.name)
            # A conventional name first, then the closest fit (the most room for text), then the
            # first slide master's. A title slide keeps to the first master that has one: templates
            # made in LibreOffice put their title design first and their content design after it.
            first = (layout.master != master,) if kind == "title" else ()
            last = (quality[0] == LAST_RESORT,)  # whatever its name, after every layout with a body
            candidates.append(((*first, *last, rank, quality, layout.master, layout.index), layout, bodies, rank))
    if not candidates:
        return None
    _, layout, bodies, rank = min(candidates, key=lambda c: c[0])
    return Choice(kind, layout, layout.title, tuple(bodies),
                  "by name" if rank < len(_names(kind)) else "by structure")


def _overridden(info: TemplateInfo, kind: str, override: Override, master: int,
                problems: list[str]) -> Choice | None:
    named = [l for l in info.layouts if l.name == override.layout] or [
        l for l in info.layouts if _normal(l.name) == _normal(override.layout)]
    if not named:
        problems.append(f"the layout file names a slide layout '{override.layout}' for {kind} slides; "
                        f"the template has none by that name")
        return None
    layout = next((l for l in named if l.master == master), named[0])
    title = (_by_ref(layout, override.title, kind, "the title", problems) if override.title is not None
             else layout.title)
    if title is None:
        if override.title is None:
            problems.append(f"layout '{layout.name}' (named for {kind} slides) has no title placeholder")
        return None
    if override.bodies:
        bodies = tuple(_by_ref(layout, ref, kind, what, problems)
                       for ref, what in zip(override.bodies, needs(kind)))
        if None in bodies:
            return None
        if len(bodies) < len(needs(kind)) and kind not in MERGEABLE:
            problems.append(f"the layout file names {len(bodies)} placeholder for {kind} slides; they need "
                            f"{len(needs(kind))}: " + ", ".join(needs(kind)))
            return None
    else:
        fit = _fit(kind, layout)
        if fit is None:
            fit = _fit("case", layout) if kind in MERGEABLE else None
        if fit is None:
            problems.append(f"layout '{layout.name}' (named for {kind} slides) has no "
                            f"{_wanted(kind)}; it has {layout.summary()}")
            return None
        bodies = fit[1]
    return Choice(kind, layout, title, tuple(bodies), "layout file")


def _by_ref(layout: SlideLayoutInfo, ref: int | str, kind: str, what: str, problems: list[str]):
    if isinstance(ref, int):
        found = [p for p in layout.placeholders if p.idx == ref]
        label = f"idx {ref}"
    else:
        found = [p for p in layout.placeholders if p.name == ref]
        label = f"'{ref}'"
    if len(found) != 1:
        problems.append(f"layout '{layout.name}' has {'no' if not found else 'more than one'} placeholder "
                        f"{label} (named for {what} on {kind} slides)"
                        + ("; name it by its name instead" if found else ""))
        return None
    placeholder = found[0]
    if placeholder.role == "furniture":
        problems.append(f"layout '{layout.name}': placeholder {label} is a {placeholder.type} placeholder "
                        f"(date, footer or slide number); the tool never writes into those")
        return None
    if placeholder.problem:
        problems.append(f"layout '{layout.name}': placeholder {label} {placeholder.problem}")
        return None
    return placeholder


def _wanted(kind: str) -> str:
    count = len(needs(kind))
    if kind == "title":
        return "title placeholder with a subtitle or body placeholder"
    if count == 2:
        return "title placeholder with two body placeholders side by side"
    return "title placeholder with a body placeholder"


def _missing(info: TemplateInfo, kinds: list[str]) -> list[str]:
    """One line per missing structure, naming every kind of slide that needs it."""
    by_need: dict[str, list[str]] = {}
    for kind in kinds:
        # A kind that can make do with one text box lacks what the one-box kinds lack.
        by_need.setdefault(_wanted("case" if kind in MERGEABLE else kind), []).append(kind)
    lines = []
    for wanted, needing in by_need.items():
        lines.append(f"no slide layout has a {wanted} (for {', '.join(needing)} slides)")
    return lines


def refusal(info: TemplateInfo, problems: list[str]) -> str:
    """The whole message: each problem on a line, what the template has, and what to do."""
    seen: list[str] = []
    for problem in problems:
        if problem not in seen:
            seen.append(problem)
    lines = [f"{info.path}: the deck cannot be made with this template:"]
    lines += [f"  - {problem}" for problem in seen]
    if info.layouts:
        lines.append("  its slide layouts: " + "; ".join(f"'{l.name}' ({l.summary()})" for l in info.layouts[:20])
                     + (f"; and {len(info.layouts) - 20} more" if len(info.layouts) > 20 else ""))
        broken = [f"'{l.name}' {p.type} idx {p.idx} {p.problem}" for l in info.layouts for p in l.placeholders
                  if p.problem and p.role in ("title", "body", "subtitle")]
        for line in dict.fromkeys(broken).keys() if len(broken) <= 5 else list(dict.fromkeys(broken))[:5]:
            lines.append(f"  unusable: {line}")
    else:
        lines.append("  it has no slide layouts at all")
    lines.append("  to fix it: in PowerPoint, View > Slide Master, select a layout and Insert Placeholder "
                 "(Title, or Content); or name a layout for each kind of slide in a layout file "
                 "(`slides:` then e.g. `case: Your layout name`)")
    lines.append(f"  see {GUIDE}; `{command()} template {info.path}` shows what the tool finds in it")
    return "\n".join(lines)


# -- the `template` command ------------------------------------------------------------

def _measured_with(typeface: str) -> str:
    from .layouts import LAYOUTS_DIR
    from .text import families

    found = families.find(typeface, (LAYOUTS_DIR / "fonts",))
    if found is not None:
        return f"measured with {found.files['regular'].stem}"
    stand_in = families.stand_in(typeface)
    return f"not installed: measured with {stand_in.stand_in}" if stand_in else "not installed"


def report(path: Path, overrides: dict[str, Override] | None = None) -> tuple[str, str | None]:
    """What the `template` command prints: every layout, its placeholders and the kinds it takes.

    Returns the text and, when the deck cannot be made with the template, the refusal.
    """
    info = inspect(path)
    try:
        chosen, refused = choose(info, overrides), None
    except DeckError as error:
        chosen, refused = {}, str(error)
    plain = None
    if overrides and refused is None:
        try:
            plain = choose(info)
        except DeckError:
            plain = {}
    fonts = ", ".join(f"{'titles' if role == 'title' else 'text'} in {face} ({_measured_with(face)})"
                      for role, face in info.fonts.items()) or "none named"
    masters = len({l.master for l in info.layouts})
    lines = [f"{path}: {info.shape}, {len(info.layouts)} slide layouts in {masters} slide "
             f"master{'s' if masters != 1 else ''}; fonts: {fonts}"]
    for layout in info.layouts:
        kinds = [k for k, c in chosen.items() if c.layout.index == layout.index]
        uses = ", ".join(f"{k} slides ({chosen[k].how})" for k in kinds) or "not used"
        lines.append(f"master {layout.master}, layout '{layout.name}': {uses}")
        for p in layout.placeholders:
            roles: dict[str, list[str]] = {}
            for k in kinds:
                c = chosen[k]
                if p == c.title or p in c.bodies:
                    role = "the title" if p == c.title else needs(k)[c.bodies.index(p)]
                    roles.setdefault(role, []).append(k)
            note = ("never written into" if p.role == "furniture" else p.problem or
                    ("vertical text: not used" if p.vertical else ""))
            what = "; ".join(f"{role} ({', '.join(ks)})" for role, ks in roles.items()) or note
            lines.append(f"    {p.describe()}" + (f"  -> {what}" if what else ""))
        if not layout.placeholders:
            lines.append("    (no placeholders)")
    if plain is not None:
        changed = [f"  {k} slides: '{chosen[k].layout.name}' in place of "
                   f"'{plain[k].layout.name}'" if k in plain else f"  {k} slides: '{chosen[k].layout.name}'"
                   for k in chosen if k in overrides]
        lines.append("the layout file changes:" if changed else "the layout file changes nothing")
        lines += changed
    return "\n".join(lines), refused
