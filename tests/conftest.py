"""Shared fixtures: paths to the shipped content and small fixture sessions."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUMMERSCHOOL = ROOT / "content" / "summerschool.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def summerschool():
    from deck.session import open_session

    return open_session(SUMMERSCHOOL)
