"""A PNG, JPEG or GIF's kind and size, and whether it is whole, read from its bytes without decoding a pixel.

What `check` needs to refuse a picture at its key: a size past the pixel cap
(a small file can declare a picture that takes gigabytes to decode), or a
file cut off or damaged (it shows as grey or black on a slide). Walking the
file's own structure (PNG chunks and their checksums, JPEG markers, GIF
blocks) needs no imaging library, so `check` stays light and works where
only the session's own dependencies are installed.
"""
from __future__ import annotations

import struct
import zlib


class Damaged(Exception):
    """A PNG, JPEG or GIF that is not whole; str() says what is wrong."""


class NotAPicture(Exception):
    """Bytes that do not start as a PNG, JPEG or GIF does."""


def inspect(data: bytes) -> tuple[str, int, int]:
    """(kind, width, height) of a whole PNG, JPEG or GIF; NotAPicture when it is none, Damaged when not whole."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return ("PNG", *_png(data))
        if data.startswith(b"\xff\xd8\xff"):
            return ("JPEG", *_jpeg(data))
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return ("GIF", *_gif(data))
    except (struct.error, IndexError):
        raise Damaged("ends in the middle of a part") from None
    raise NotAPicture()


def _png(data: bytes) -> tuple[int, int]:
    """Every chunk checked against its checksum, up to the IEND chunk that closes the file."""
    at, size = 8, None
    while True:
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        (checksum,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        if len(body) != length or zlib.crc32(kind + body) != checksum:
            raise Damaged(f"its {kind.decode('latin-1')!r} chunk is cut off or fails its checksum")
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        at += 12 + length
        if kind == b"IEND":
            break
    if size is None:
        raise Damaged("has no header chunk (IHDR)")
    return size


_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}  # SOFn: the size


def _jpeg(data: bytes) -> tuple[int, int]:
    """The markers up to the first scan, the size from the frame header, and an end marker after the scan."""
    at, size = 2, None
    while True:
        if data[at] != 0xFF:
            raise Damaged("has a broken marker")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if marker in _FRAMES:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            size = (width, height)
        if marker == 0xDA:  # start of scan: compressed data follows, in which 0xFF is always escaped
            break
        at += 2 + length
    if size is None:
        raise Damaged("has no frame header")
    if data.find(b"\xff\xd9", at) < 0:  # a phone's extra data may follow the end marker, so not endswith
        raise Damaged("has no end marker: it is cut off")
    return size


def _gif(data: bytes) -> tuple[int, int]:
    """The blocks from the header to the trailer: extensions and images, each a chain of sub-blocks."""
    width, height, flags = struct.unpack("<HHB", data[6:11])
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while True:
        block = data[at]
        if block == 0x3B:  # the trailer
            return width, height
        if block == 0x21:  # an extension: its label, then sub-blocks
            at = _sub_blocks(data, at + 2)
        elif block == 0x2C:  # an image: its descriptor, its own colours, the code size, then sub-blocks
            (local,) = struct.unpack("<B", data[at + 9:at + 10])
            at += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0)
            at = _sub_blocks(data, at + 1)
        else:
            raise Damaged(f"has an unknown block (0x{block:02x})")


def _sub_blocks(data: bytes, at: int) -> int:
    while data[at]:
        at += 1 + data[at]
    return at + 1
