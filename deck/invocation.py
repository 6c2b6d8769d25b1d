"""How the tool was started, so every hint names a command the user can type."""
from __future__ import annotations

import sys
from pathlib import Path

INSTALLED = "dilemma-deck"
CHECKOUT = "python generate.py"


def command() -> str:
    """The command to write in hints: `python generate.py` from a checkout, else `dilemma-deck`."""
    started = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return CHECKOUT if started == "generate.py" else INSTALLED
