"""Guards for an OOXML package from anyone (a --template, a deck to import) before any library opens it.

A zip may claim to unpack to far more than it holds (a zip bomb), hold
thousands of parts, or carry XML with a document type declaration, whose
entities can expand without end or name outside files. python-pptx would
take the first two at face value and quietly drop the DTD into a deck that
PowerPoint cannot open; so every package is checked here first, on what the
zip declares, before anything is unpacked.
"""
from __future__ import annotations

import io
import re
import zipfile

MAX_UNPACKED = 512 * 1024 * 1024  # bytes, as the zip declares them; corporate templates with media stay far below
MAX_PARTS = 10_000
PROLOG_BYTES = 64 * 1024  # how far into an XML part a DTD is looked for: it can only stand before the root

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class Unsafe(Exception):
    """A package refused; str() says why, to follow the file's name."""


def check(data: bytes, what: str, one: str) -> None:
    """Refuse a package past the size or part limits, or with a DTD in any XML part; raises Unsafe.

    what names this package ("the template"), one any of its kind ("a template").
    A file that is not a zip passes: opening it says what it is not.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return
    with archive:
        entries = archive.infolist()
        expanded = sum(entry.file_size for entry in entries)
        if len(entries) > MAX_PARTS or expanded > MAX_UNPACKED:
            raise Unsafe(f"{what} unpacks to {expanded:,} bytes in {len(entries):,} parts; "
                         f"{one} may unpack to at most {MAX_UNPACKED:,} bytes in {MAX_PARTS:,} parts (a zip bomb?)")
        for entry in entries:
            if not entry.filename.lower().endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(entry) as stream:
                    head = stream.read(PROLOG_BYTES)
            except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError) as error:
                raise Unsafe(f"{what}'s part {entry.filename} cannot be unpacked: {error}") from None
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, which XML allows
                head = head.decode("utf-16", "ignore").encode("utf-8")
            if _DTD.search(head):
                raise Unsafe(f"{what}'s part {entry.filename} declares a document type (<!DOCTYPE or "
                             "<!ENTITY), which Office files never do; save it again from PowerPoint")
