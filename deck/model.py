"""The session model: plain frozen data, free of any file format or renderer."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

# Agenda block kinds. The agenda decides the slide order and the run sheet;
# each kind has its own slide and its own line on the run sheet.
TITLE = "title"
GROUP_WORK = "group_work"
VIDEO = "video"
DEBRIEF = "debrief"
DOCUMENTS = "documents"
POINTS = "points"
BREAK = "break"
SLIDE = "slide"  # a free slide: an explanation, not for the handout
BLOCK_KINDS = (TITLE, GROUP_WORK, VIDEO, DEBRIEF, DOCUMENTS, POINTS, BREAK, SLIDE)

# Kinds whose length is given per cluster rather than for the whole block.
PER_CLUSTER_KINDS = (GROUP_WORK, DEBRIEF)


@dataclass(frozen=True)
class Item:
    """A short text with an id: an answer option, a question, a bullet point, a quote."""

    id: str
    text: str


@dataclass(frozen=True)
class Document:
    """A guiding document ("houvast") the groups may consult."""

    id: str
    title: str
    summary: str | None = None
    quotes: tuple[Item, ...] = ()

    def quote(self, quote_id: str) -> Item:
        return next(q for q in self.quotes if q.id == quote_id)


@dataclass(frozen=True)
class QuoteRef:
    """A reference to one quote of one guiding document."""

    document: str
    quote: str


@dataclass(frozen=True)
class Picture:
    """A picture: a file beside the session, the text a screen reader says, a caption and a credit.

    On a block's slide; a case's also on its worksheet and in the handout.
    """

    file: str
    alt: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class Case:
    """A dilemma case: the dilemma, its answer options and what to discuss."""

    id: str
    dilemma: str
    options: tuple[Item, ...]
    questions: tuple[Item, ...] = ()
    tension: str | None = None
    documents: tuple[str, ...] = ()
    quotes: tuple[QuoteRef, ...] = ()
    notes: str | None = None
    image: Picture | None = None  # on its slide, its worksheet where it fits, and the handout


@dataclass(frozen=True)
class Cluster:
    """A themed cluster of cases; groups work on clusters, not single cases."""

    id: str
    title: str
    cases: tuple[Case, ...]
    minutes: int | None = None  # its own debrief minutes, in place of the debrief block's per-cluster minutes


@dataclass(frozen=True)
class Groups:
    """How the room is split: the number of groups and the clusters each takes."""

    count: int
    clusters_each: int
    # Group number -> cluster ids, when the trainer fixes the assignment.
    assignment: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True)
class Block:
    """One block of the agenda; its kind decides its slide(s) and its run-sheet line."""

    id: str
    kind: str
    title: str | None = None
    text: str | None = None
    instructions: str | None = None
    points: tuple[Item, ...] = ()
    minutes: int = 0
    minutes_per_cluster: int = 0
    notes: str | None = None
    url: str | None = None
    file: str | None = None
    image: Picture | None = None


@dataclass(frozen=True)
class Meta:
    """Who, what and when: the session's metadata."""

    id: str
    title: str
    language: str
    subtitle: str | None = None
    author: str | None = None
    organisation: str | None = None
    date: str | None = None
    start: str | None = None


@dataclass(frozen=True)
class Source:
    """Where the session came from: its file, and the position of every key path in it."""

    path: str = "<memory>"
    positions: Mapping[str, tuple[int, int]] = field(default_factory=lambda: MappingProxyType({}))

    def position(self, key_path: str) -> tuple[int, int]:
        """The line and column of key_path, or of its nearest located parent."""
        while key_path:
            if key_path in self.positions:
                return self.positions[key_path]
            key_path = _parent(key_path)
        return self.positions.get("", (1, 1))


def _parent(key_path: str) -> str:
    cut = max(key_path.rfind("."), key_path.rfind("["))
    return key_path[:cut] if cut > 0 else ""


@dataclass(frozen=True)
class Session:
    """A whole workshop session, as the trainer wrote it."""

    meta: Meta
    clusters: tuple[Cluster, ...]
    groups: Groups
    agenda: tuple[Block, ...]
    documents: tuple[Document, ...] = ()
    source: Source = field(default_factory=Source, compare=False)

    def cluster(self, cluster_id: str) -> Cluster:
        return next(c for c in self.clusters if c.id == cluster_id)

    def document(self, document_id: str) -> Document:
        return next(d for d in self.documents if d.id == document_id)

    def media(self, name: str) -> Path:
        """Where a media file the session names is: named relative to the session file's folder."""
        return Path(self.source.path).parent / name
