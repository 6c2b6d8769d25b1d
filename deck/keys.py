"""Stable keys for every translatable text of a session, made of ids rather than positions.

A key such as `clusters/organisatie/cases/cv/options/offline` names the same
text however the trainer reorders clusters, cases or options, so translations
survive edits. Each text also knows its key path in the YAML file, for
pointing a translator at the source line.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from .model import Block, Case, Cluster, Document, Item, Picture, Session


@dataclass(frozen=True)
class Text:
    """One translatable text: its stable key, its YAML key path, and the text itself."""

    key: str
    path: str
    value: str


Translate = Callable[[str, str], str]  # (key, source text) -> text to use
Visit = Callable[[str, str, str], str]  # (key, key path, text) -> text to keep


def texts(session: Session) -> list[Text]:
    """Every translatable text of the session, in reading order."""
    found: list[Text] = []

    def collect(key: str, path: str, value: str) -> str:
        found.append(Text(key, path, value))
        return value

    _walk(session, collect)
    return found


def translated(session: Session, translate: Translate) -> Session:
    """A copy of the session with every text passed through translate(key, text)."""
    return _walk(session, lambda key, path, value: translate(key, value))


def _walk(session: Session, visit: Visit) -> Session:
    """Rebuild the session, passing every translatable text through visit."""
    def text(key: str, path: str, value: str | None) -> str | None:
        return None if value is None else visit(key, path, value)

    def items(key: str, path: str, values: tuple[Item, ...]) -> tuple[Item, ...]:
        return tuple(Item(i.id, text(f"{key}/{i.id}", f"{path}[{i.id}]", i.text)) for i in values)

    def picture(key: str, path: str, p: Picture | None) -> Picture | None:
        return None if p is None else replace(p, **{name: text(f"{key}/image/{name}", f"{path}.image.{name}",
                                                               getattr(p, name))
                                                     for name in ("alt", "caption", "credit")})

    def document(d: Document) -> Document:
        key, path = f"documents/{d.id}", f"documents[{d.id}]"
        return replace(d, title=text(f"{key}/title", f"{path}.title", d.title),
                       summary=text(f"{key}/summary", f"{path}.summary", d.summary),
                       quotes=items(f"{key}/quotes", f"{path}.quotes", d.quotes))

    def case(cluster: Cluster, c: Case) -> Case:
        key = f"clusters/{cluster.id}/cases/{c.id}"
        path = f"clusters[{cluster.id}].cases[{c.id}]"
        return replace(c, dilemma=text(f"{key}/dilemma", f"{path}.dilemma", c.dilemma),
                       options=items(f"{key}/options", f"{path}.options", c.options),
                       questions=items(f"{key}/questions", f"{path}.questions", c.questions),
                       tension=text(f"{key}/tension", f"{path}.tension", c.tension),
                       notes=text(f"{key}/notes", f"{path}.notes", c.notes),
                       image=picture(key, path, c.image))

    def cluster(c: Cluster) -> Cluster:
        return replace(c, title=text(f"clusters/{c.id}/title", f"clusters[{c.id}].title", c.title),
                       cases=tuple(case(c, k) for k in c.cases))

    def block(b: Block) -> Block:
        key, path = f"agenda/{b.id}", f"agenda[{b.id}]"
        fields = {name: text(f"{key}/{name}", f"{path}.{name}", getattr(b, name))
                  for name in ("title", "text", "instructions", "notes")}
        fields["image"] = picture(key, path, b.image)
        return replace(b, points=items(f"{key}/points", f"{path}.points", b.points), **fields)

    meta = session.meta
    meta = replace(meta, **{name: text(f"session/{name}", f"session.{name}", getattr(meta, name))
                            for name in ("title", "subtitle", "organisation")})
    return replace(session, meta=meta,
                  documents=tuple(map(document, session.documents)),
                  clusters=tuple(map(cluster, session.clusters)),
                  agenda=tuple(map(block, session.agenda)))
