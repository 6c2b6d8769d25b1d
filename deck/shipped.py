"""Where the files the tool ships live: inside the installed package, or at the top of a checkout.

A wheel carries the repository's `layouts/` and `content/` as `deck/shipped/layouts`
and `deck/shipped/examples` (package-dir mapping in pyproject.toml). A checkout,
installed editable or not installed at all, has no `deck/shipped`: there the
repository's own folders are the shipped ones, so an edit to them is seen at once.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
REPOSITORY = PACKAGE.parent
_IN_WHEEL = PACKAGE / "shipped"
_IN_CHECKOUT = {"layouts": "layouts", "examples": "content"}


def folder(name: str) -> Path:
    """The shipped folder `layouts` or `examples`, wherever this copy of the tool keeps it."""
    installed = _IN_WHEEL / name
    return installed if installed.is_dir() else REPOSITORY / _IN_CHECKOUT[name]


def checkout() -> Path | None:
    """The repository this copy of the tool runs from, or None when it is installed from a wheel."""
    if _IN_WHEEL.is_dir() or not (REPOSITORY / "pyproject.toml").is_file():
        return None
    return REPOSITORY


LAYOUTS = folder("layouts")
EXAMPLES = folder("examples")
