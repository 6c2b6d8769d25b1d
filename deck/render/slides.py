"""What goes on each slide: titles, paragraphs, sizes and notes, decided before any pptx is written.

Pure layout logic: given the placeholder boxes of the template and the fonts'
metrics, each block of the agenda becomes one or more SlideSpecs whose text
fits at a readable size. The pptx writer only has to copy them out.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..answers import Answers
from ..labels import block_name, cluster_name, option_letter
from ..model import BREAK, DEBRIEF, DOCUMENTS, GROUP_WORK, POINTS, SLIDE, TITLE, VIDEO, Block, Case, Cluster, Picture
from ..plan import group_work_minutes
from ..session import Planned
from ..text.fit import Box, Fonts, Para, best_size, fits, paginate
from ..words import Words
from . import debrief

BULLET_INDENT = 36.0  # points: room for a bullet or a "W." at 28 pt in the widest usual fonts
WIDE_GAIN = 3  # points a two-column case slide must win over one column to be worth it


@dataclass(frozen=True)
class PictureSpec:
    """A slide's picture: its file (beside the session), its alt text, and the lines under it."""

    path: str
    alt: str
    lines: tuple[str, ...] = ()  # the caption, then the credit


@dataclass(frozen=True)
class SlideSpec:
    """One slide, ready to write: a layout kind, a title, a column of paragraphs per body box."""

    kind: str
    title: str
    title_size: int
    columns: tuple[tuple[Para, ...], ...]
    body_size: int
    notes: str
    movie: str | None = None
    chart: "debrief.Chart | None" = None  # a results slide's chart, drawn where the body would go
    picture: PictureSpec | None = None
    case: str | None = None  # a case's slides: "cluster/case", for one body size over all of them


@dataclass(frozen=True)
class Frame:
    """What composing needs to know about the template and the look."""

    boxes: dict[str, dict[int, Box]]  # slide kind -> slot -> box (0: the title, 1 and 2: its text boxes)
    fonts: Fonts
    title_sizes: tuple[int, int]       # (max, min)
    body_sizes: tuple[int, int]
    words: Words
    title_fonts: Fonts | None = None   # when the template's titles have a typeface of their own
    answers: Answers | None = None     # the groups' answers (collect), for the debrief

    def title_face(self) -> Fonts:
        return self.title_fonts or self.fonts


def compose(planned: Planned, frame: Frame) -> list[SlideSpec]:
    """The slides of the session, in agenda order."""
    slides: list[SlideSpec] = []
    for block in planned.session.agenda:
        slides.extend(_BLOCKS[block.kind](block, planned, frame))
    return one_case_size(slides, frame)


def one_case_size(slides: list[SlideSpec], frame: Frame) -> list[SlideSpec]:
    """The slides, with the cases that fit one slide set at one body size: the largest all of them fit at.

    A case that fits only at the smallest size, or takes several slides, is
    squeezed to the limit already and sets no size for the others: one long
    case does not shrink every other case to the smallest text. Nor does a
    case beside its picture, in half the room. Text that fits at its own
    size fits at any smaller one, so the shared size needs no new measuring.
    """
    counts: dict[str, int] = {}
    for spec in slides:
        if spec.case:
            counts[spec.case] = counts.get(spec.case, 0) + 1
    smallest = frame.body_sizes[1]
    single = {id(spec) for spec in slides
              if spec.case and counts[spec.case] == 1 and spec.body_size > smallest and spec.kind != "picture"}
    if not single:
        return slides
    size = min(spec.body_size for spec in slides if id(spec) in single)
    return [replace(spec, body_size=size) if id(spec) in single else spec for spec in slides]


# -- paragraphs ---------------------------------------------------------------

def plain(text: str, face: str = "regular", gap: float = 0.4) -> Para:
    return Para(text, face=face, space_before=gap)


def bullet(text: str, style: str = "bullet", number: int = 0) -> Para:
    return Para(text, indent=BULLET_INDENT, space_before=0.35, style=style, number=number)


# -- fitting ------------------------------------------------------------------

def _title_size(title: str, kind: str, frame: Frame) -> int:
    box = frame.boxes[kind][0]
    largest, smallest = frame.title_sizes
    fonts = frame.title_face()
    para = plain(title.upper() if box.caps else title, "bold")
    size = best_size([([para], box)], fonts, largest, smallest)
    # A title too long for its box still beats losing it: go down to the body text's smallest size.
    floor = min(smallest, frame.body_sizes[1])
    return size or best_size([([para], box)], fonts, smallest, floor) or floor


def _columns(kind: str, columns: list[list[Para]], frame: Frame) -> list[list[Para]]:
    """The columns as the kind's layout can take them: where it has fewer text boxes, the last ones run on."""
    room = len(frame.boxes[kind]) - 1
    if len(columns) <= room:
        return columns
    return [*columns[:room - 1], [para for column in columns[room - 1:] for para in column]]


def _flow(kind: str, title: str, columns: list[list[Para]], notes: str, frame: Frame,
          **extra) -> list[SlideSpec]:
    """One slide when the columns fit at a readable size, else continuation slides."""
    columns = _columns(kind, columns, frame)
    boxes = [frame.boxes[kind][idx] for idx in range(1, len(columns) + 1)]
    largest, smallest = frame.body_sizes
    size = best_size(list(zip(columns, boxes)), frame.fonts, largest, smallest)
    title_size = _title_size(title, kind, frame)
    if size is not None:
        return [SlideSpec(kind, title, title_size, tuple(map(tuple, columns)), size, notes, **extra)]
    pages = [paginate(paras, frame.fonts, smallest, box) for paras, box in zip(columns, boxes)]
    count = max(map(len, pages))
    more = frame.words("continued", title=title)
    return [SlideSpec(kind, title if n == 0 else more, title_size if n == 0 else _title_size(more, kind, frame),
                      tuple(tuple(p[n]) if n < len(p) else () for p in pages), smallest, notes,
                      **(extra if n == 0 else {}))
            for n in range(count)]


# -- notes --------------------------------------------------------------------

def _timing(block: Block, planned: Planned, words: Words) -> str:
    slots = planned.plan.slots(block.id)
    minutes = sum(s.minutes for s in slots)
    start, end = (words.time(planned.plan.clock(minute)) for minute in (slots[0].start, slots[-1].end))
    name = block_name(block, planned.session, words)
    if start:
        return words("block_time_clock", block=name, minutes=words.minutes(minutes), start=start, end=end)
    return sentence(words("block_time", block=name, minutes=words.minutes(minutes)))


def sentence(text: str) -> str:
    """text ending in a full stop, unless it ends in one already ("5 min." in Dutch) or in ! ? …"""
    return text if text.endswith((".", "!", "?", "…", "。")) else text + "."


def _notes(*parts: str | None) -> str:
    return "\n\n".join(p for p in parts if p)


# -- one function per kind of block -------------------------------------------

def _title_slide(block: Block, planned: Planned, frame: Frame) -> list[SlideSpec]:
    meta = planned.session.meta
    lines = [meta.subtitle, meta.organisation, meta.author, meta.date and frame.words.date(meta.date)]
    paras = [plain(line, gap=0.2) for line in lines if line]
    setup = planned.session.groups
    notes = _notes(block.notes, frame.words("setup", groups=setup.count, each=setup.clusters_each),
                   _timing(block, planned, frame.words))
    if block.image is not None:  # the title and subtitle move aside for it (render/pictures.py)
        return _flow("title_picture", meta.title, [paras], notes, frame, picture=_picture(block.image, planned))
    return _flow("title", meta.title, [paras], notes, frame)


def _group_work(block: Block, planned: Planned, frame: Frame) -> list[SlideSpec]:
    words, session, plan = frame.words, planned.session, planned.plan
    number = {c.id: str(n) for n, c in enumerate(session.clusters, start=1)}
    clusters = [bullet(c.title, "numbered", n) for n, c in enumerate(session.clusters, start=1)]
    groups = []
    for group in plan.groups:
        text = words("group_takes", n=group.number, clusters=words.join([number[c] for c in group.clusters]))
        if group.presents:
            text += f" – {words('group_presents', cluster=words.join([number[c] for c in group.presents]))}"
        groups.append(bullet(text))
    per_cluster = block.minutes_per_cluster
    total = group_work_minutes(block, session)
    groups.append(plain(words("time_box", total=words.minutes(total), each=words.minutes(per_cluster)),
                        face="bold", gap=0.8))

    def names(ids):
        return "; ".join(cluster_name(session, c, words) for c in ids)
    assignment = "\n".join(
        f"{words('group', n=g.number)}: {names(g.clusters)}"
        + (f" ({words('group_presents', cluster=names(g.presents))})" if g.presents else "")
        for g in plan.groups)
    notes = _notes(block.notes, block.instructions, assignment, _timing(block, planned, words))
    return _flow("group_work", block.title, [clusters, groups], notes, frame)


def _video(block: Block, planned: Planned, frame: Frame) -> list[SlideSpec]:
    paras = [plain(block.text)] if block.text else []
    if block.url:
        paras.append(Para(block.url, space_before=0.4, link=block.url, style="link"))
    notes = _notes(block.notes, block.url and frame.words("video_link", url=block.url),
                   _timing(block, planned, frame.words))
    # The file is named relative to the session file, which the loader checked it sits beside.
    movie = str(planned.session.media(block.file)) if block.file else None
    return _with_picture("video", block, planned, block.title, paras, notes, frame, movie=movie)


def _debrief(block: Block, planned: Planned, frame: Frame) -> list[SlideSpec]:
    slides = []
    for slot in planned.plan.slots(block.id):
        cluster = planned.session.cluster(slot.cluster)
        facts = _cluster_facts(block, cluster, planned, frame.words)
        for number, case in enumerate(cluster.cases, start=1):
            slides.extend(_case_slides(block, cluster, facts, case, number, planned, frame))
            if frame.answers is not None:
                slides.append(_results_slide(planned, cluster, case, number, frame))
    return slides


def _results_slide(planned: Planned, cluster: Cluster, case: Case, number: int, frame: Frame) -> SlideSpec:
    """After a case: how the groups chose, as a chart (render/results.py draws it), the details in the notes."""
    words, answers = frame.words, frame.answers
    chart = debrief.chart(case, answers, cluster.id, words)
    title = words("results_title", title=cluster_name(planned.session, cluster.id, words), n=number)
    notes = _notes(chart.alt, "\n".join(debrief.agreement(case, answers, cluster.id, words)))
    return SlideSpec("case", title, _title_size(title, "case", frame), (), frame.body_sizes[1], notes, chart=chart)


def _case_slides(block: Block, cluster: Cluster, facts: tuple[str, list[str]], case: Case, number: int,
                 planned: Planned, frame: Frame) -> list[SlideSpec]:
    dilemma = [Para(f"“{case.dilemma}”", face="italic", style="dilemma")]
    options = [_option(o.text, n) for n, o in enumerate(case.options, start=1)]
    questions = [Para(q.text, face="bold", space_before=0.6, style="question") for q in case.questions]
    notes = _case_notes(cluster, facts, case, number, block, planned, frame.words)
    if frame.answers is not None:
        notes = _notes(notes, debrief.case_notes(case, frame.answers, cluster.id, frame.words))
    title = cluster_name(planned.session, cluster.id, frame.words)
    key = f"{cluster.id}/{case.id}"
    if case.image is not None:
        specs = _case_with_picture(title, dilemma, options + questions, notes, _picture(case.image, planned), frame)
        return [replace(spec, case=key) for spec in specs]
    return [replace(spec, case=key) for spec in _case_layout(title, dilemma, options + questions, notes, frame)]


def _case_layout(title: str, dilemma: list[Para], answers: list[Para], notes: str,
                 frame: Frame) -> list[SlideSpec]:
    """A case's slides: one column, or the dilemma beside its options when that reads clearly better."""
    single = _case_flow("case", title, dilemma, answers, notes, frame)
    largest, smallest = frame.body_sizes
    if "case_wide" not in frame.boxes or (len(single) == 1 and single[0].body_size >= smallest + WIDE_GAIN):
        return single
    # Long: the dilemma beside its options, when that reads clearly larger or needs fewer slides.
    wide = _case_flow("case_wide", title, dilemma, answers, notes, frame)
    if not wide:
        return single
    if len(wide) < len(single) or (len(wide) == len(single) == 1
                                   and wide[0].body_size >= single[0].body_size + WIDE_GAIN):
        return wide
    return single


def _case_with_picture(title: str, dilemma: list[Para], answers: list[Para], notes: str, picture: PictureSpec,
                       frame: Frame) -> list[SlideSpec]:
    """A case with its picture: on one picture slide when the whole case fits beside (or above) the picture.

    A longer case shows its picture on its first slide only, with the dilemma and
    the options that fit there; the rest follows on ordinary case slides, with
    the whole text room, each repeating the dilemma as a long case's continuation
    slides do (_case_flow), titled as continuing.
    """
    box = frame.boxes["picture"][1]
    largest, smallest = frame.body_sizes
    paras = dilemma + answers
    size = best_size([(paras, box)], frame.fonts, largest, smallest)
    title_size = _title_size(title, "picture", frame)
    if size is not None:
        return [SlideSpec("picture", title, title_size, (tuple(paras),), size, notes, picture=picture)]
    if fits(dilemma, frame.fonts, smallest, box):
        first, rest = list(dilemma), list(answers)
        while rest and fits([*first, rest[0]], frame.fonts, smallest, box):
            first.append(rest.pop(0))
    else:  # a dilemma too long to stand beside the picture: its beginning does; all of it follows
        first, rest = paginate(dilemma, frame.fonts, smallest, box)[0], list(answers)
    opening = SlideSpec("picture", title, title_size, (tuple(first),), smallest, notes, picture=picture)
    more = frame.words("continued", title=title)
    following = _case_layout(title, dilemma, rest, notes, frame)
    return [opening, *(replace(spec, title=more, title_size=_title_size(more, spec.kind, frame))
                       for spec in following)]


def _option(text: str, number: int) -> Para:
    """An option with its letter: numbered by the suite up to Z, past it written out as the worksheets write it.

    Suites letter an autonumbered list past Z each their own way (AA or BB); AA, AB ... must match the sheets.
    """
    if number <= 26:
        return bullet(text, "option", number)
    return bullet(f"{option_letter(number - 1)}.\t{text}", "option-lettered", number)


def _case_flow(kind: str, title: str, dilemma: list[Para], answers: list[Para], notes: str,
               frame: Frame) -> list[SlideSpec]:
    """A case on one slide, or on several that each show the dilemma with the options they carry.

    Two columns (case_wide) give nothing when the dilemma does not fit its column.

    The dilemma is never parted from its first option: a continuation slide
    repeats it above (or beside) the options that follow, and its title says
    it continues. Where the dilemma is too long to repeat, a continuation
    starts at a whole option or question.
    """
    wide = kind == "case_wide"
    columns = [dilemma, answers] if wide else [dilemma + answers]
    slides = _flow(kind, title, columns, notes, frame)
    if len(slides) == 1 or not answers:
        return slides
    boxes = frame.boxes[kind]
    smallest = frame.body_sizes[1]
    box = boxes[2] if wide else boxes[1]
    lead = [] if wide else dilemma
    # The answers paginated into what room the (repeated) dilemma leaves.
    if wide and not fits(dilemma, frame.fonts, smallest, boxes[1]):
        return []  # the dilemma would be cut in two beside its options: one column reads better
    pages: list[list[Para]] = []
    rest = list(answers)
    while rest:
        head = lead if not pages or fits([*lead, rest[0]], frame.fonts, smallest, box) else []
        if not fits([*head, rest[0]], frame.fonts, smallest, box):
            return slides  # an answer too long for a box of its own: the plain pagination splits it
        page = [*head, rest.pop(0)]
        while rest and fits([*page, rest[0]], frame.fonts, smallest, box):
            page.append(rest.pop(0))
        pages.append(page)
    more = frame.words("continued", title=title)
    specs = []
    for n, page in enumerate(pages):
        heading = title if n == 0 else more
        cols = (dilemma, page) if wide else (page,)
        specs.append(SlideSpec(kind, heading, _title_size(heading, kind, frame), tuple(map(tuple, cols)),
                               smallest, notes))
    return specs


def _cluster_facts(block: Block, cluster: Cluster, planned: Planned, words: Words) -> tuple[str, list[str]]:
    """What the notes of each of the cluster's cases say of the cluster: its time, who works on and presents it.

    The same for every case of the cluster, so made once: the times and lists take
    Babel's formatting, which costs more than all the rest of the notes.
    """
    plan = planned.plan
    slot = next(s for s in plan.slots(block.id) if s.cluster == cluster.id)
    start = words.time(plan.clock(slot.start))
    timing = (words("cluster_time", minutes=words.minutes(slot.minutes), start=start,
                    end=words.time(plan.clock(slot.end)))
              if start else sentence(words("cluster_time_plain", minutes=words.minutes(slot.minutes))))
    groups = [words("worked_on", groups=words.join([str(g) for g in plan.workers(cluster.id)]))]
    presenter = plan.presenter(cluster.id)
    if presenter:
        groups.append(words("presents", n=presenter))
    return timing, groups


def _case_notes(cluster: Cluster, cluster_facts: tuple[str, list[str]], case: Case, number: int, block: Block,
                planned: Planned, words: Words) -> str:
    session = planned.session
    timing, groups = cluster_facts
    # Whole sentences run on; a fact that ends in the trainer's words (which may end in no stop) has its line.
    lines = []
    if case.tension:
        lines.append(words("tension", text=case.tension))
    if case.documents:
        lines.append(words("guides", titles=words.join([session.document(d).title for d in case.documents])))
    quotes = [words("quote", title=session.document(q.document).title,
                    text=session.document(q.document).quote(q.quote).text) for q in case.quotes]
    return _notes(" ".join([words("case_of", n=number, total=len(cluster.cases)), timing]), " ".join(groups),
                  "\n".join(lines), block.notes if number == 1 else None, case.notes, *quotes)


def _documents(block: Block, planned: Planned, frame: Frame) -> list[SlideSpec]:
    documents = planned.session.documents
    paras = [bullet(d.title) for d in documents] + [bullet(p.text) for p in block.points]
    summaries = [frame.words("summary_of", title=d.title, summary=d.summary) for d in documents if d.summary]
    notes = _notes(block.notes, *summaries, _timing(block, planned, frame.words))
    return _flow("documents", block.title, [paras], notes, frame)


def _points(block: Block, planned: Planned, frame: Frame) -> list[SlideSpec]:
    paras = ([plain(block.text)] if block.text else []) + [bullet(p.text) for p in block.points]
    notes = _notes(block.notes, _timing(block, planned, frame.words))
    return _with_picture("points", block, planned, block.title, paras, notes, frame)


def _with_picture(kind: str, block: Block, planned: Planned, title: str, paras: list[Para], notes: str,
                  frame: Frame, **extra) -> list[SlideSpec]:
    """The block's slide(s); with a picture, on a picture slide (render/pictures.py places it) the first time.

    Text too long to stand beside the picture continues on the block's own layout, with the whole
    text room, as a long case does (_case_with_picture).
    """
    if block.image is None:
        return _flow(kind, title, [paras], notes, frame, **extra)
    specs = _flow("picture", title, [paras], notes, frame, picture=_picture(block.image, planned), **extra)
    if len(specs) == 1:
        return specs
    first = specs[0]
    rest = [para for spec in specs[1:] for para in spec.columns[0]]  # as paginated: a split paragraph goes on
    more = frame.words("continued", title=title)
    following = _flow(kind, title, [rest], notes, frame)
    return [first, *(replace(spec, title=more, title_size=_title_size(more, spec.kind, frame))
                     for spec in following)]


def _picture(image: Picture, planned: Planned) -> PictureSpec:
    # The file is named relative to the session file, which the loader checked it sits beside.
    path = str(planned.session.media(image.file))
    return PictureSpec(path, image.alt, tuple(line for line in (image.caption, image.credit) if line))


def _break(block: Block, planned: Planned, frame: Frame) -> list[SlideSpec]:
    """A break: when the session resumes, at the clock time when the session has a start."""
    words = frame.words
    slot = planned.plan.slots(block.id)[-1]
    resume = words.time(planned.plan.clock(slot.end))
    if resume:
        back = words("resume_at", time=resume)
    else:
        back = sentence(words("resume_after", minutes=words.minutes(slot.minutes))) if slot.minutes else None
    paras = [plain(text) for text in (block.text, back) if text]
    notes = _notes(block.notes, _timing(block, planned, words))
    return _with_picture("points", block, planned, block.title or words("kind_break"), paras, notes, frame)


_BLOCKS: dict[str, Callable[[Block, Planned, Frame], list[SlideSpec]]] = {
    TITLE: _title_slide, GROUP_WORK: _group_work, VIDEO: _video, DEBRIEF: _debrief,
    DOCUMENTS: _documents, POINTS: _points, BREAK: _break, SLIDE: _points,  # a free slide sets out as points do
}
