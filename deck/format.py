"""The session format, declared once: the loader checks against it, editors get it as JSON Schema."""
from __future__ import annotations

import json
from pathlib import Path

from .model import BREAK, DEBRIEF, DOCUMENTS, GROUP_WORK, POINTS, SLIDE, TITLE, VIDEO
from .schema import Field, Id, IdMap, Integer, Record, Seq, Tagged, Text

SCHEMA_FILE = Path(__file__).parent / "schema" / "session.schema.json"
SCHEMA_ID = "https://example.invalid/dilemma-deck/session.schema.json"

LINE = 300        # a title, an option, a question
PARAGRAPH = 3_000  # a dilemma, a note, a quote

language = Text(doc="BCP 47 language tag of the source text, e.g. nl-BE", max_length=35,
                pattern=r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", hint="a BCP 47 language tag such as nl-BE")
clock = Text(doc="Start time, 24-hour HH:MM", max_length=5, pattern=r"([01]?[0-9]|2[0-3]):[0-5][0-9]",
             hint="a time as HH:MM, e.g. '09:30'")
date = Text(doc="Date, YYYY-MM-DD", max_length=10, pattern=r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
            hint="a date as YYYY-MM-DD")
notes = Text(doc="Facilitator notes: what to do, ask and watch for; never shown to the room",
             max_length=PARAGRAPH)
texts = IdMap(Text(max_length=LINE), doc="Ordered texts, each under an id that stays put when texts move")

session = Record(doc="Who, what and when", fields={
    "id": Field(Id("Short id of the session; names the output folder"), required=True),
    "title": Field(Text(doc="Title of the session", max_length=LINE), required=True),
    "subtitle": Field(Text(doc="Subtitle, e.g. the event", max_length=LINE)),
    "language": Field(language, required=True),
    "author": Field(Text(doc="Author or trainer", max_length=LINE)),
    "organisation": Field(Text(doc="Organisation giving the session", max_length=LINE)),
    "date": Field(date),
    "start": Field(clock),
})

document = Record(doc="A guiding document the groups may consult", fields={
    "id": Field(Id(), required=True),
    "title": Field(Text(max_length=LINE), required=True),
    "summary": Field(Text(doc="One or two sentences on what it says", max_length=PARAGRAPH)),
    "quotes": Field(IdMap(Text(max_length=PARAGRAPH), doc="Passages quoted in the debrief")),
})

_image = Field(Record(doc="A picture on the slide, beside or under the text, never covering it", fields={
    "file": Field(Text(max_length=500, doc="A PNG, JPEG, GIF or SVG file in the session's folder or below (not "
                                           "hidden, a picture by its content; an SVG holds everything it shows "
                                           "and is drawn as a PNG; see docs/limits.md)"), required=True),
    "alt": Field(Text(doc="What the picture shows, for screen readers and the accessibility checker",
                      max_length=LINE), required=True),
    "caption": Field(Text(doc="A line under the picture", max_length=LINE)),
    "credit": Field(Text(doc="Who made the picture, or its licence, under the caption", max_length=LINE)),
}))

case = Record(doc="A dilemma case", fields={
    "id": Field(Id(), required=True),
    "dilemma": Field(Text(doc="The dilemma, as the room reads it", max_length=PARAGRAPH), required=True),
    "options": Field(IdMap(Text(max_length=LINE), min_items=1, doc="Answer options, in order"),
                     required=True),
    "questions": Field(IdMap(Text(max_length=LINE), doc="Follow-up questions for the discussion")),
    "tension": Field(Text(doc="The values at stake, e.g. 'loyalty versus the right to speak'",
                          max_length=LINE)),
    "documents": Field(Seq(Id(), doc="Ids of the guiding documents that bear on this case")),
    "quotes": Field(Seq(Text(max_length=140, pattern=r"[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*",
                             hint="a quote reference as document-id/quote-id"),
                        doc="Quotes for the debrief, as document-id/quote-id")),
    "notes": Field(notes),
    "image": Field(Record(doc="A picture for the case: on its slide, beside or under the text; on its worksheet "
                              "where it fits; in the handout", fields=_image.spec.fields)),
})

cluster = Record(doc="A themed cluster of cases", fields={
    "id": Field(Id(), required=True),
    "title": Field(Text(max_length=LINE), required=True),
    "cases": Field(Seq(case, min_items=1), required=True),
    "minutes": Field(Integer(doc="Debrief minutes for this cluster, in place of the debrief block's "
                                 "minutes_per_cluster (a cluster with more cases may take longer)",
                             minimum=1, maximum=600)),
})

groups = Record(doc="How the room is split into groups", fields={
    "count": Field(Integer(doc="Number of groups", minimum=1, maximum=100), required=True),
    "clusters_each": Field(Integer(doc="Clusters each group works on", minimum=1, maximum=50),
                           required=True),
    "assignment": Field(IdMap(Seq(Id(), min_items=1),
                              doc="Optional fixed assignment: group number -> cluster ids")),
})


def _block(doc: str, any_of: tuple[str, ...] = (), **fields: Field) -> Record:
    common = {
        "id": Field(Id(), required=True),
        "kind": Field(Text(max_length=20), required=True),
        "notes": Field(notes),
    }
    return Record(doc=doc, fields={**common, **fields}, any_of=any_of)


_title = Field(Text(doc="Title on the run sheet", max_length=LINE))
_required_title = Field(Text(doc="Slide title", max_length=LINE), required=True)
_minutes = Field(Integer(doc="Length of the block in minutes", maximum=600))
_per_cluster = Field(Integer(doc="Minutes for each cluster", minimum=1, maximum=600), required=True)
_work_total = Field(Integer(doc="Length of the group work in minutes, in all (groups work side by side); "
                                "with minutes_per_cluster, at least that times clusters_each", minimum=1, maximum=600))
_work_per_cluster = Field(Integer(doc="Minutes for each cluster; without it, minutes shared out over a "
                                      "group's clusters", minimum=1, maximum=600))
_points = Field(texts)
block = Tagged(doc="One block of the agenda; the agenda decides the slide order", variants={
    TITLE: _block("The title slide", minutes=_minutes,
                  title=Field(Text(doc="The block's name on the run sheet and in the notes (e.g. Welcome); "
                                       "the slide shows the session's title", max_length=LINE)), image=_image),
    GROUP_WORK: _block("Group work: the clusters, who takes which, and the instructions; give minutes, "
                       "minutes_per_cluster or both",
                       title=_required_title, instructions=Field(Text(max_length=PARAGRAPH)),
                       minutes=_work_total, minutes_per_cluster=_work_per_cluster,
                       any_of=("minutes", "minutes_per_cluster")),
    VIDEO: _block("A video, often the break", title=_required_title,
                  text=Field(Text(max_length=PARAGRAPH)), minutes=_minutes,
                  url=Field(Text(max_length=2000, pattern=r"https?://\S+", hint="an http(s) URL")),
                  file=Field(Text(max_length=500, doc="A video file in the session's folder or below "
                                                     "(not hidden, a video by its content, at most 200 MB; "
                                                     "see docs/limits.md)")), image=_image),
    DEBRIEF: _block("Plenary debrief: one slide per case, cluster by cluster",
                    title=_title, minutes_per_cluster=_per_cluster),
    DOCUMENTS: _block("The guiding documents", title=_required_title, points=_points, minutes=_minutes),
    POINTS: _block("A slide of points: tips, a closing", title=_required_title,
                   text=Field(Text(max_length=PARAGRAPH)), points=_points, minutes=_minutes, image=_image),
    BREAK: _block("A break: a slide that says when the session resumes (the clock time when a start is known)",
                  title=Field(Text(doc="Slide title; by default the word for a break", max_length=LINE)),
                  text=Field(Text(max_length=PARAGRAPH)), minutes=_minutes, image=_image),
    SLIDE: _block("A free slide for an explanation: a title, a text and points; not in the handout",
                  title=_required_title, text=Field(Text(max_length=PARAGRAPH)), points=_points,
                  minutes=_minutes, image=_image),
})

SESSION = Record(doc="A dilemma workshop session", fields={
    "session": Field(session, required=True),
    "documents": Field(Seq(document)),
    "clusters": Field(Seq(cluster, min_items=1), required=True),
    "groups": Field(groups, required=True),
    "agenda": Field(Seq(block, min_items=1), required=True),
})


def json_schema() -> dict:
    """The session format as JSON Schema (draft 2020-12), for editors and validators."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Dilemma workshop session",
        **SESSION.json_schema(),
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
