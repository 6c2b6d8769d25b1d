"""The media files a session names, read from its data as YAML gives it, before (or without) the loader.

`new --example` copies what an example names; `watch` watches what the
session being edited names, even while it does not load. Both take the
data as it comes: anything of the wrong shape names nothing.
"""
from __future__ import annotations

VIDEO, PICTURE = "video", "picture"


def named(data: object) -> list[tuple[str, str]]:
    """(file name as written, VIDEO or PICTURE) for each media file data names, in order, each once."""
    found: list[tuple[object, str]] = []
    if isinstance(data, dict):
        for block in _dicts(data.get("agenda")):
            found += [(block.get("file"), VIDEO), (_picture(block), PICTURE)]
        for cluster in _dicts(data.get("clusters")):
            found += [(_picture(case), PICTURE) for case in _dicts(cluster.get("cases"))]
    return list(dict.fromkeys((name, kind) for name, kind in found if isinstance(name, str) and name))


def _dicts(items: object) -> list[dict]:
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _picture(item: dict) -> object:
    image = item.get("image")
    return image.get("file") if isinstance(image, dict) else None
