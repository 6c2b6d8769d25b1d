"""The system fonts the script tests need: found through fontconfig, else a skip (a failure on CI)."""
from __future__ import annotations

import os

import pytest

from deck.text.fallback import system_font

# A letter of each script the tests write in, and the Debian package whose fonts have it.
NEEDED = {"ا": "fonts-noto-core", "ש": "fonts-noto-core", "中": "fonts-droid-fallback", "あ": "fonts-droid-fallback"}


def require_script_fonts() -> None:
    """Skip unless the system has a TrueType font for Arabic, Hebrew, Chinese and Japanese (fail on CI)."""
    lacking = sorted({package for char, package in NEEDED.items() if system_font(char, "regular") is None})
    if lacking:
        message = f"no system font for some scripts; apt-get install {' '.join(lacking)} (and fontconfig)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: .ci/run must install them")
        pytest.skip(message)
