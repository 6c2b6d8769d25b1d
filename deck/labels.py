"""The names every output gives clusters and options, so a slide, a sheet and a summary say the same.

A cluster is called by its number in session order ("Cluster 5: Leidinggeven")
wherever it appears; an option by its letter (A..Z, AA, AB ...), counted the
way a spreadsheet counts columns. No office library here: collect uses it too.
"""
from __future__ import annotations

import re

from .model import TITLE, Block, Session
from .words import Words


def option_letter(index: int) -> str:
    """The letter of the option at index (0: A, 25: Z, 26: AA, 27: AB ...)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cluster_number(session: Session, cluster_id: str) -> int:
    """A cluster's number: its place in the session, counted from 1, the same on every output."""
    return next(n for n, c in enumerate(session.clusters, start=1) if c.id == cluster_id)


def cluster_name(session: Session, cluster_id: str, words: Words) -> str:
    """A cluster as every output names it: its number and its title ("Cluster 5: Leidinggeven")."""
    return words("cluster_named", n=cluster_number(session, cluster_id), title=session.cluster(cluster_id).title)


def cluster_title(name: str, words: Words) -> str:
    """The title inside a cluster's name as cluster_name wrote it (import reads the tool's own decks)."""
    before, _, after = words.phrase("cluster_named").partition("{n}")
    head, _, tail = after.partition("{title}")
    pattern = re.escape(before) + r"\d+" + re.escape(head) + r"(?P<title>.+)" + re.escape(tail)
    match = re.fullmatch(pattern, name)
    return match["title"] if match else name


def block_name(block: Block, session: Session, words: Words) -> str:
    """A block as the run sheet and the notes name it: its title, else the session's (title block) or its kind's."""
    if block.title:
        return block.title
    return session.meta.title if block.kind == TITLE else words(f"kind_{block.kind}")
