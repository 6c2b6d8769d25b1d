"""Shared fixtures: paths to the shipped content and small fixture sessions."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUMMERSCHOOL = ROOT / "content" / "summerschool.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The translations of the summerschool the project ships; a catalog a user adds
# beside them (following the README) must not change what the tests see.
SHIPPED_CATALOGS = ("en_GB", "fr_BE")


def copy_summerschool(folder: Path) -> Path:
    """The summerschool and the catalogs the project ships, copied into folder; returns the session's path."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SUMMERSCHOOL, folder / SUMMERSCHOOL.name)
    locales = SUMMERSCHOOL.parent / "locales"
    for name in SHIPPED_CATALOGS:
        shutil.copytree(locales / name, folder / "locales" / name)
    shutil.copyfile(locales / "summerschool.pot", folder / "locales" / "summerschool.pot")
    shutil.copytree(SUMMERSCHOOL.parent / "media", folder / "media", dirs_exist_ok=True)  # its pictures
    return folder / SUMMERSCHOOL.name


def summerschool_without_pictures(folder: Path) -> Path:
    """The summerschool as it was before it had a picture (its video slide a plain video slide), in folder."""
    import yaml

    data = yaml.safe_load(SUMMERSCHOOL.read_text(encoding="utf-8"))
    for block in data["agenda"]:
        block.pop("image", None)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SUMMERSCHOOL.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def summerschool_copy(tmp_path_factory) -> Path:
    """A copy of the summerschool with the shipped catalogs only, for tests that build its translations."""
    return copy_summerschool(tmp_path_factory.mktemp("summerschool"))


@pytest.fixture(scope="session", autouse=True)
def parse_cache(tmp_path_factory):
    """Parsed resources go to a folder of the test run, not the user's cache (see deck/cache.py)."""
    import os

    folder = tmp_path_factory.mktemp("parse-cache")
    previous = os.environ.get("DILEMMA_DECK_CACHE")
    os.environ["DILEMMA_DECK_CACHE"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("DILEMMA_DECK_CACHE", None)
    else:
        os.environ["DILEMMA_DECK_CACHE"] = previous


@pytest.fixture(scope="session")
def summerschool(summerschool_copy):
    from deck.session import open_session

    return open_session(summerschool_copy)


def _soffice() -> str | None:
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def soffice(tmp_path_factory):
    """Converts office files to PDF with LibreOffice; skips without it, but never on CI."""
    import os
    import subprocess

    binary = _soffice()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing on CI; .ci/run must install libreoffice-impress")
        pytest.skip("LibreOffice (soffice) is not installed; apt-get install libreoffice-impress")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(source: Path, to: str = "pdf") -> Path:
        """source converted by LibreOffice into the format to (pdf, odp, pptx ...), in source's folder."""
        subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", to, "--outdir", str(source.parent), str(source)],
                       check=True, capture_output=True, timeout=180)
        return source.with_suffix(f".{to.split(':')[0]}")

    return convert
