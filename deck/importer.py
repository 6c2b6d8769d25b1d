"""Turns an existing PowerPoint deck into a session file a trainer can finish by hand.

Slides that read like a dilemma (a quoted text, then two or more short
answers) become cases, grouped into clusters by slide title; the first slide
gives the session its title; a slide of short lines becomes a `points`
block, one of prose, only a title or only a picture a free `slide` block.
A picture on a slide becomes the block's or case's `image:`, its file
written beside the session (media/) and its alt text taken from the shape's
description. Nothing is dropped: text the importer cannot place is kept in
a block, and everything it guessed or could not bring along is listed in
the report, so the trainer knows what to look at.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from . import format as fmt
from . import package_guard, picture_files, safe_files
from .advice import ALT_TO_WRITE
from .errors import DeckError
from .invocation import command
from .labels import cluster_title
from .output import write_new
from .scaffold import schema_header, slug
from .words import Words

FALLBACK_LANGUAGE = "en"
ID_LENGTH = 24  # ids made from titles and first words: long enough to tell apart, short enough to type
DEBRIEF_MINUTES = 10  # a starting value; the report asks the trainer to set the real one
OPENING_QUOTES = {"“": "”", '"': '"', "„": "“", "«": "»"}
_SKIPPED_PLACEHOLDERS = {"FOOTER", "SLIDE_NUMBER", "DATE"}  # the template's furniture, not content
MEDIA = "media"  # the folder beside the session that imported pictures go to, as `new` makes it
TODO_ALT = f"{ALT_TO_WRITE} describe this picture"
# A description that is only a file name is what a tool wrote by itself (python-pptx writes "image.png"), not alt text.
_FILE_NAME = re.compile(r"[\w .~()-]*\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)", re.IGNORECASE)
# Raster formats the session format does not take, that Pillow turns into PNG; EMF, WMF and the rest are left out.
_CONVERTIBLE = {"BMP", "TIFF", "WEBP"}
_DECORATION_SLIDES = 3  # a picture on this many slides or more, and on half of them, is a logo: left to the template
MAX_PICTURE_PIXELS = picture_files.MAX_PIXELS  # a picture past this is not decoded, as in a session


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of slide text, and whether every run of it is bold."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class SlidePicture:
    """A picture shape of a slide: its name, its image's bytes and their digest, its description.

    For an SVG picture, PowerPoint keeps a PNG beside it: that is the image here.
    """

    name: str
    blob: bytes
    sha1: str
    descr: str
    element: int = 0  # which shape of the slide it is (its shape id), to find its caption
    caption: tuple[str, ...] = ()  # the caption and credit under it, when a text box there reads as one


@dataclass(frozen=True)
class SlideText:
    """What a slide says: its number, title, body paragraphs in reading order, notes and pictures."""

    number: int
    title: str
    body: tuple[Paragraph, ...]
    notes: str
    left_out: tuple[str, ...] = ()  # shapes with neither text nor a picture (media, charts): named for the report
    pictures: tuple[SlidePicture, ...] = ()


@dataclass(frozen=True)
class Dilemma:
    """A slide read as a case: the dilemma, its options and its follow-up questions."""

    dilemma: str
    options: tuple[str, ...]
    questions: tuple[str, ...]


@dataclass
class Imported:
    """The imported session as plain data, the report of what to check by hand, and the pictures to write.

    media maps a picture's file name as the session names it (media/...) to its bytes; write() puts
    them beside the session.
    """

    data: dict
    report: list[str] = field(default_factory=list)
    source: str = "deck.pptx"
    media: dict[str, bytes] = field(default_factory=dict)

    def yaml_text(self, target: Path | None = None) -> str:
        """The session file's text: schema line, what to finish by hand, then the YAML."""
        comments = [f"# Imported from {self.source} by `{command()} import`.",
                    "# To finish by hand:" if self.report else "# Nothing to finish by hand."]
        comments += [f"#   - {line}" for line in self.report]
        body = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=100)
        return schema_header(target) + "#\n" + "\n".join(comments) + "\n\n" + body


# -- reading the deck ---------------------------------------------------------------

def read_deck(path: Path):
    """The deck as a python-pptx presentation; a file that is not one is a DeckError."""
    from lxml import etree
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    try:
        data = safe_files.read(path, safe_files.IMPORTED_DECK_BYTES, "a deck to import")
        package_guard.check(data, "the deck", "a deck")
        return Presentation(io.BytesIO(data))
    except FileNotFoundError:
        raise DeckError(f"{path}: no such file; check the path") from None
    except (safe_files.Refused, package_guard.Unsafe) as error:
        raise DeckError(f"{path}: {error}") from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        # python-pptx says "package not found" for any file that is not one: name what it is not.
        raise DeckError(f"{path}: not a PowerPoint deck (.pptx); save it as .pptx and try again") from None
    except OSError as error:
        raise DeckError(f"{path}: cannot be read: {error.strerror}") from None


def _clean(text: str) -> str:
    # python-pptx shows a line break inside a paragraph as a vertical tab, which YAML
    # and XML refuse; a line feed is what the session format means by it.
    return text.replace("\v", "\n").strip()


def _paragraphs(text_frame) -> list[Paragraph]:
    paragraphs = []
    for p in text_frame.paragraphs:
        text = _clean(p.text)
        if text:
            runs = [r for r in p.runs if r.text.strip()]
            paragraphs.append(Paragraph(text, bold=bool(runs) and all(r.font.bold for r in runs)))
    return paragraphs


def _shape_text(shape, left_out: list[str], pictures: list[SlidePicture]) -> list[Paragraph]:
    """The paragraphs of a shape in reading order; groups and tables are opened up, pictures collected."""
    from pptx.shapes.group import GroupShape
    from pptx.shapes.picture import Picture

    if isinstance(shape, GroupShape):
        return [p for child in shape.shapes for p in _shape_text(child, left_out, pictures)]
    if getattr(shape, "has_table", False):
        return [p for row in shape.table.rows for cell in row.cells for p in _paragraphs(cell.text_frame)]
    if shape.has_text_frame:
        return _paragraphs(shape.text_frame)
    picture = _picture(shape) if isinstance(shape, Picture) else None  # a filled picture placeholder too
    if picture is not None:
        pictures.append(picture)
    else:
        left_out.append(shape.name)
    return []


def _picture(shape) -> SlidePicture | None:
    """The picture a shape shows, or None when it shows none (a linked picture)."""
    try:
        image = shape.image
        blob = image.blob
    except (AttributeError, KeyError, ValueError):
        return None
    descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
    return SlidePicture(shape.name, blob, image.sha1, " ".join((descr[0] if descr else "").split()), shape.shape_id)


def _box(shape) -> tuple[int, int, int, int] | None:
    """A shape's (left, top, right, bottom) on the slide, in EMU, when it says where it is."""
    if None in (shape.left, shape.top, shape.width, shape.height):
        return None
    return shape.left, shape.top, shape.left + shape.width, shape.top + shape.height


def _caption_of(picture_box, boxes: list[tuple[int, tuple, list[Paragraph]]]) -> int | None:
    """Which of the text boxes (index, box, paragraphs) is the picture's caption: the nearest one just under
    it, as wide as it or narrower, of one or two short lines (a caption and a credit)."""
    left, top, right, bottom = picture_box
    near = (bottom - top) // 4 + 457_200  # a quarter of the picture's height and half an inch
    under = [(box[1] - bottom, index) for index, box, paragraphs in boxes
             if -12_700 <= box[1] - bottom <= near and box[0] < right and left < box[2]
             and 1 <= len(paragraphs) <= 2 and all(len(p.text) <= fmt.LINE for p in paragraphs)]
    return min(under)[1] if under else None


def _is_furniture(shape) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type.name in _SKIPPED_PLACEHOLDERS


def slide_text(slide, number: int) -> SlideText:
    """A slide's title, body and notes; footers and slide numbers are left aside."""
    title_shape = slide.shapes.title
    title = " ".join(_clean(title_shape.text_frame.text).split("\n")) if title_shape is not None else ""
    pieces: list[list[Paragraph]] = []
    left_out: list[str] = []
    pictures: list[SlidePicture] = []
    text_boxes: list[tuple[int, tuple, list[Paragraph]]] = []  # loose text boxes: a picture's caption?
    picture_boxes: dict[int, tuple] = {}
    for shape in slide.shapes:
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        if not _is_furniture(shape):
            pieces.append(_shape_text(shape, left_out, pictures))
            box = _box(shape)
            if box is not None and shape.has_text_frame and not shape.is_placeholder:
                text_boxes.append((len(pieces) - 1, box, pieces[-1]))
            elif box is not None and pictures and pictures[-1].element == shape.shape_id:
                picture_boxes[pictures[-1].element] = box
    for n, picture in enumerate(pictures):
        index = _caption_of(picture_boxes[picture.element], text_boxes) if picture.element in picture_boxes else None
        if index is not None:
            pictures[n] = replace(picture, caption=tuple(p.text for p in pieces[index]))
            pieces[index] = []
            text_boxes = [entry for entry in text_boxes if entry[0] != index]
    body = [paragraph for piece in pieces for paragraph in piece]
    notes = ""
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        notes = _clean(slide.notes_slide.notes_text_frame.text)
    return SlideText(number, title, tuple(body), notes, tuple(left_out), tuple(pictures))


def deck_language(prs) -> str | None:
    """The most common run language of the slides (a:rPr lang), if it is a valid tag."""
    counts: Counter[str] = Counter()
    for slide in prs.slides:
        for element in slide._element.iter("{*}rPr"):
            lang = element.get("lang")
            if lang and lang.lower() != "und" and re.fullmatch(fmt.language.pattern, lang):
                counts[lang] += 1
    return counts.most_common(1)[0][0] if counts else None


# -- reading a slide as a dilemma -----------------------------------------------------

def as_dilemma(body: tuple[Paragraph, ...]) -> Dilemma | None:
    """The slide as a case when it opens with a quoted text followed by 2+ short answers, else None."""
    if not body or body[0].text[0] not in OPENING_QUOTES:
        return None
    closing = OPENING_QUOTES[body[0].text[0]]
    # The quote may run over several paragraphs: up to the first that closes it.
    end = next((i for i, p in enumerate(body) if p.text.endswith(closing) and (i or len(p.text) > 1)), 0)
    dilemma = "\n".join(p.text for p in body[:end + 1])[1:]
    dilemma = dilemma[:-1] if dilemma.endswith(closing) else dilemma
    rest = body[end + 1:]
    first_bold = next((i for i, p in enumerate(rest) if p.bold), len(rest))
    options = tuple(p.text for p in rest[:first_bold])
    questions = tuple(p.text for p in rest[first_bold:])
    short = all(len(text) <= fmt.LINE for text in options + questions)
    if len(options) < 2 or not short or not dilemma.strip() or len(dilemma) > fmt.PARAGRAPH:
        return None
    return Dilemma(dilemma.strip(), options, questions)


# -- ids ------------------------------------------------------------------------------

def unique(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3 ... whichever is free; the result is taken."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def id_map(texts: tuple[str, ...] | list[str], fallback: str) -> dict[str, str]:
    """Texts under ids made of their first words, in order."""
    taken: set[str] = set()
    return {unique(slug(text, fallback, ID_LENGTH), taken): text for text in texts}


# -- pictures -----------------------------------------------------------------------------

class _Unusable(Exception):
    """A picture the session cannot show; str() says why, to follow its name."""


def usable(blob: bytes) -> tuple[bytes, str]:
    """A picture's bytes and extension as the session format takes them (PNG, JPEG, GIF); BMP, TIFF and
    WebP become PNG. Raises _Unusable for anything else, a broken picture or one over the media cap."""
    from PIL import Image, UnidentifiedImageError

    if len(blob) > safe_files.IMAGE_BYTES:
        raise _Unusable(f"is {len(blob):,} bytes; a picture may be at most {safe_files.IMAGE_BYTES:,}")
    kind = safe_files.IMAGE.recognise(blob[:16])
    try:
        with Image.open(io.BytesIO(blob)) as image:
            if image.width * image.height > MAX_PICTURE_PIXELS:  # decoding it could take all the memory there is
                raise _Unusable(f"is {image.width} x {image.height} pixels; save a smaller copy and add it by hand")
            if kind is not None:
                image.verify()
                return blob, {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}[kind]
            if image.format not in _CONVERTIBLE:
                raise _Unusable(f"is {image.format}, which the session format does not take (PNG, JPEG or GIF); "
                                "save it as PNG and add it by hand")
            converted = io.BytesIO()
            image.save(converted, format="PNG")
    except (UnidentifiedImageError, Image.DecompressionBombError):
        if kind is not None:  # it starts as a PNG, JPEG or GIF does, but is none
            raise _Unusable(f"cannot be read as a {kind} picture (broken?); add it by hand") from None
        raise _Unusable("is in a format the session does not take (PNG, JPEG or GIF), such as EMF or WMF; "
                        "save it as PNG and add it by hand") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:  # what a broken file makes Pillow raise
        raise _Unusable(f"cannot be read as a picture ({error}); add it by hand") from None
    if converted.tell() > safe_files.IMAGE_BYTES:
        raise _Unusable(f"is over {safe_files.IMAGE_BYTES:,} bytes as PNG; save a smaller copy and add it by hand")
    return converted.getvalue(), "png"


class _Pictures:
    """The deck's pictures as the session's `image:` entries, and the files to write beside the session."""

    def __init__(self, folder: Path | None, stem: str, slides: list[SlideText], report: list[str]) -> None:
        self.folder = folder  # where the session goes; None when it goes to standard output
        self.stem = stem
        self.report = report
        self.media: dict[str, bytes] = {}
        self.by_digest: dict[str, str] = {}
        self.not_written: list[int] = []
        self.decoration = _decoration(slides, report)

    def image(self, slide: SlideText) -> dict | None:
        """The `image:` for the slide's first picture, or None; every picture left out is in the report."""
        shown = [p for p in slide.pictures if p.sha1 not in self.decoration]
        if not shown:
            return None
        first, *rest = shown
        for extra in rest:
            self.report.append(f"slide {slide.number}: picture '{extra.name}' is not imported: a block or case "
                               "shows one picture; put it on a slide block of its own by hand")
        if self.folder is None:
            self.not_written.append(slide.number)
            return None
        file = self._file(first, slide.number)
        if file is None:
            return None
        alt = first.descr if first.descr and not _FILE_NAME.fullmatch(first.descr) else TODO_ALT
        if alt == TODO_ALT:
            self.report.append(f"slide {slide.number}: picture {file} has no description (alt text) in the deck; "
                               f"write what it shows in place of '{TODO_ALT}' (check reminds you)")
        entry = {"file": file, "alt": alt}
        entry.update(zip(("caption", "credit"), first.caption))
        return entry

    def _file(self, picture: SlidePicture, number: int) -> str | None:
        if picture.sha1 in self.by_digest:  # the same picture on several slides: one file
            return self.by_digest[picture.sha1]
        try:
            data, ext = usable(picture.blob)
        except _Unusable as why:
            self.report.append(f"slide {number}: picture '{picture.name}' {why}")
            return None
        media = self.folder / MEDIA
        _, amiss = safe_files.followed(media, self.folder)
        if amiss:
            self.report.append(f"slide {number}: picture '{picture.name}' is not imported: {media} leads "
                               f"{'outside the session folder' if amiss == safe_files.OUTSIDE else 'through ' + amiss}")
            return None
        base, n = f"{self.stem}-slide-{number}", 1
        name = f"{MEDIA}/{base}.{ext}"
        while name in self.media or (self.folder / name).exists():
            n += 1
            name = f"{MEDIA}/{base}-{n}.{ext}"
        self.media[name] = data
        self.by_digest[picture.sha1] = name
        return name

    def finish(self) -> None:
        if self.not_written:
            numbers = ", ".join(map(str, self.not_written))
            self.report.append(f"the pictures of slide{'s' if len(self.not_written) > 1 else ''} {numbers} are not "
                               f"imported when the session goes to standard output; import with -o FILE to have "
                               f"them written beside it, in {MEDIA}/")


def _decoration(slides: list[SlideText], report: list[str]) -> set[str]:
    """The pictures on so many slides that they are a logo or a background: for the template, not the blocks."""
    on: dict[str, list[int]] = {}
    for slide in slides:
        for sha1 in dict.fromkeys(p.sha1 for p in slide.pictures):
            on.setdefault(sha1, []).append(slide.number)
    found = {sha1 for sha1, numbers in on.items()
             if len(numbers) >= _DECORATION_SLIDES and 2 * len(numbers) >= len(slides)}
    for sha1 in sorted(found, key=lambda d: on[d]):
        report.append(f"a picture on slides {', '.join(map(str, on[sha1]))} (a logo?) is not imported; "
                      "put it in your template's slide master")
    return found


# -- building the session ----------------------------------------------------------------

class _Builder:
    """Collects clusters and agenda blocks slide by slide, and the report as it goes."""

    def __init__(self, pictures: _Pictures) -> None:
        self.pictures = pictures
        self.clusters: list[dict] = []
        self.agenda: list[dict] = []
        self.report: list[str] = []
        self.block_ids: set[str] = set()
        self.cluster_ids: set[str] = set()
        self.last_case_slide: str | None = None  # the cluster title of the slide before, if a case
        self.after_cases: list[int] = []  # points slides that came between case slides
        self.words = Words("en")  # the tool's words in the deck's language, once it is known

    def block(self, base: str, **values) -> dict:
        block = {"id": unique(base, self.block_ids), **{k: v for k, v in values.items() if v not in (None, {}, "")}}
        self.agenda.append(block)
        return block

    def title_slide(self, slide: SlideText, session: dict) -> None:
        session["title"] = slide.title or "Imported session"
        if not slide.title:
            self.report.append("slide 1 has no title; session.title is a stand-in, write the real one")
        lines = [p.text for p in slide.body]
        subtitle = "\n".join(lines)
        if lines and len(subtitle) <= fmt.LINE:
            session["subtitle"] = subtitle
            if len(lines) > 1:
                self.report.append(f"slide 1: the {len(lines)} lines under the title are all in "
                                   "session.subtitle; move an organisation, author or date to its own key")
        self.block(slug(session["title"], "welcome", ID_LENGTH), kind="title", notes=slide.notes,
                   image=self.pictures.image(slide))
        if lines and len(subtitle) > fmt.LINE:
            session["subtitle"] = lines[0][:fmt.LINE]
            self.other(SlideText(1, session["title"], slide.body, ""), why="its text is too long for a subtitle")

    def case(self, slide: SlideText, dilemma: Dilemma) -> None:
        if not self.clusters:
            self.block("debrief", kind="debrief", minutes_per_cluster=DEBRIEF_MINUTES)
            self.report.append(f"the debrief block shows every case; set its minutes_per_cluster "
                               f"(now {DEBRIEF_MINUTES})")
        elif self.after_cases:
            self._moved()
        if self.last_case_slide != slide.title or not self.clusters:
            # A deck this tool made names a cluster "Cluster 2: title": the cluster is the title.
            title = cluster_title(slide.title, self.words) if slide.title else f"Cluster {len(self.clusters) + 1}"
            self.clusters.append({"id": unique(slug(title, "cluster", ID_LENGTH), self.cluster_ids), "title": title,
                                  "cases": []})
        cluster = self.clusters[-1]
        case_ids = {c["id"] for c in cluster["cases"]}
        case = {"id": unique(slug(dilemma.dilemma, "case", ID_LENGTH), case_ids), "dilemma": dilemma.dilemma,
                "options": id_map(dilemma.options, "option")}
        if dilemma.questions:
            case["questions"] = id_map(dilemma.questions, "question")
        if slide.notes:
            case["notes"] = slide.notes
        image = self.pictures.image(slide)
        if image:
            case["image"] = image
        cluster["cases"].append(case)
        self.last_case_slide = slide.title

    def _moved(self) -> None:
        numbers = ", ".join(map(str, self.after_cases))
        self.report.append(f"slide{'s' if len(self.after_cases) > 1 else ''} {numbers} came between "
                           "dilemma slides; the cases are now all shown in the debrief, before it")
        self.after_cases = []

    def other(self, slide: SlideText, why: str = "not a dilemma") -> None:
        """A slide that is no dilemma: bullets become a points block; prose, a title alone or a picture alone
        a free slide block (an explanation, left out of the handout)."""
        title = slide.title or f"Slide {slide.number}"
        if not slide.title:
            self.report.append(f"slide {slide.number} has no title; its block is titled '{title}'")
        texts = [p.text for p in slide.body]
        kind = "points" if texts and all(len(text) <= fmt.LINE for text in texts) else "slide"
        chunks = _chunks(texts) if texts else [{}]
        first = self.block(slug(title, f"slide-{slide.number}", ID_LENGTH), kind=kind, title=title,
                           notes=slide.notes, **chunks[0], image=self.pictures.image(slide))
        for chunk in chunks[1:]:
            self.block(first["id"], kind=kind, title=title, **chunk)
        ids = ", ".join(b["id"] for b in self.agenda[-len(chunks):])
        self.report.append(f"slide {slide.number} “{title}”: {why}; kept as {kind} block {ids}"
                           + ("; it shows only its title (check warns): give it a text, or move the title to "
                              "notes" if not texts and "image" not in first else ""))
        if self.clusters:
            self.after_cases.append(slide.number)
        self.last_case_slide = None


def _chunks(texts: list[str]) -> list[dict]:
    """A points block's content: the paragraphs as points, or as text when one is too long for a point.

    Text past what one block holds goes on to more blocks, so nothing is cut off.
    """
    if all(len(text) <= fmt.LINE for text in texts):
        return [{"points": id_map(texts, "point")}]
    chunks, current = [], ""
    for text in texts:
        for piece in _pieces(text, fmt.PARAGRAPH):
            joined = f"{current}\n{piece}" if current else piece
            if len(joined) > fmt.PARAGRAPH:
                chunks.append({"text": current})
                joined = piece
            current = joined
    return chunks + [{"text": current}]


def _pieces(text: str, limit: int) -> list[str]:
    """text in pieces of at most limit characters, cut at spaces where it can be."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    return pieces + [text] if text else pieces


def import_deck(path: Path, target: Path | None = None) -> Imported:
    """The session a deck describes, with the report of what to finish by hand.

    target is the session file to be written (by write()); its pictures are then planned beside it, in
    media/. Without one (the session goes to standard output) pictures are named in the report only.
    """
    prs = read_deck(path)
    slides = [slide_text(slide, n) for n, slide in enumerate(prs.slides, start=1)]
    if not slides:
        raise DeckError(f"{path}: the deck has no slides to import")
    report: list[str] = []
    pictures = _Pictures(target.parent if target is not None else None, slug(path.stem, "deck", ID_LENGTH),
                         slides, report)
    builder = _Builder(pictures)
    builder.report = report
    language = deck_language(prs)
    if language is None:
        language = FALLBACK_LANGUAGE
        builder.report.append(f"the deck names no language for its text; session.language is "
                              f"'{FALLBACK_LANGUAGE}', set the real one (such as nl-BE)")
    session: dict = {"id": "", "title": ""}
    builder.title_slide(slides[0], session)
    session["id"] = slug(session["title"], "session")
    session["language"] = language
    builder.words = Words(language)
    for slide in slides[1:]:
        dilemma = as_dilemma(slide.body)
        if dilemma is not None:
            builder.case(slide, dilemma)
        else:
            builder.other(slide)
    pictures.finish()
    for slide in slides:
        for name in slide.left_out:
            builder.report.append(f"slide {slide.number}: '{name}' holds neither text nor a picture (media, a "
                                  "chart?) and is not imported; add it by hand if you need it")
    clusters = builder.clusters or [_stand_in(builder.report)]
    data = {"session": session, "clusters": clusters,
            "groups": {"count": len(clusters), "clusters_each": 1}, "agenda": builder.agenda}
    builder.report.append(f"groups: {len(clusters)} group{'s' if len(clusters) != 1 else ''}, 1 cluster each, one group a cluster; "
                          "set the real count and clusters_each")
    builder.report += _too_long(data)
    return Imported(data, builder.report, path.name, pictures.media)


def _stand_in(report: list[str]) -> dict:
    """A cluster to replace, when no slide read as a dilemma: a session needs at least one."""
    report.append("no slide reads as a dilemma (a quoted text, then 2 or more answers); "
                  "clusters holds a stand-in case to replace")
    return {"id": "cluster", "title": "Cluster", "cases": [{
        "id": "case", "dilemma": "Write the dilemma here.",
        "options": {"first": "The first answer.", "second": "The second answer."}}]}


def _too_long(data: dict) -> list[str]:
    """Notes, titles and alt texts longer than the format allows: kept whole, and named so the trainer shortens them."""
    found = []
    for block in data["agenda"]:
        if len(block.get("notes", "")) > fmt.PARAGRAPH:
            found.append(f"agenda block {block['id']}: notes are over {fmt.PARAGRAPH:,} characters; shorten them")
        if len(block.get("title", "")) > fmt.LINE:
            found.append(f"agenda block {block['id']}: the title is over {fmt.LINE} characters; shorten it")
        if len(block.get("image", {}).get("alt", "")) > fmt.LINE:
            found.append(f"agenda block {block['id']}: the picture's alt text is over {fmt.LINE} characters; "
                         "shorten it")
    for cluster in data["clusters"]:
        if len(cluster["title"]) > fmt.LINE:
            found.append(f"cluster {cluster['id']}: the title is over {fmt.LINE} characters; shorten it")
        for case in cluster["cases"]:
            if len(case.get("notes", "")) > fmt.PARAGRAPH:
                found.append(f"case {cluster['id']}/{case['id']}: notes are over {fmt.PARAGRAPH:,} "
                             "characters; shorten them")
            if len(case.get("image", {}).get("alt", "")) > fmt.LINE:
                found.append(f"case {cluster['id']}/{case['id']}: the picture's alt text is over {fmt.LINE} "
                             "characters; shorten it")
    return found


def write(imported: Imported, target: Path) -> Path:
    """Write the imported session to target and its pictures beside it; never over an existing file."""
    if target.exists():
        raise DeckError(f"{target} already exists; choose another name or remove it first")
    written: list[Path] = []
    try:
        for name, data in sorted(imported.media.items()):
            write_new(target.parent / name, data)
            written.append(target.parent / name)
        write_new(target, imported.yaml_text(target).encode("utf-8"))
    except BaseException:  # no pictures without the session that names them
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return target
