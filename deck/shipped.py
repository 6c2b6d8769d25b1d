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


def layout_folders(here: Path | None = None) -> list[Path]:
    """Where a layout name is looked for, in order: the user's ./layouts/ (here: the current folder), then ours."""
    return [(here or Path.cwd()) / "layouts", LAYOUTS]


def layout_file(name: str, here: Path | None = None) -> Path | None:
    """The layout file a name (`default`) means, or a path to a .yaml file as given; None when no folder has it.

    Light on purpose: `check` finds the layout's fonts through it without the layout specs.
    """
    given = Path(name)
    if given.suffix in (".yaml", ".yml"):
        return given
    return next((path for folder in layout_folders(here) if (path := folder / f"{name}.yaml").is_file()), None)
