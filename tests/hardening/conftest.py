"""Fixtures for the hardening suite: third-party tools that skip locally but fail on CI, and shared builds."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALES = ("nl-BE", "en-GB", "fr-BE", "qps-ploc")
# Where `npm install @ooxml-tools/validate` may have put the validator besides the PATH.
_VALIDATOR_PLACES = ("node_modules/.bin", "/tmp/ooxml/node_modules/.bin", "/usr/local/lib/node_modules/.bin")


def tool(name: str, install: str, places: tuple[str, ...] = ()) -> str:
    """The path of a command-line tool; skips without it, but fails on CI (where .ci/run installs it)."""
    found = shutil.which(name) or next((str(Path(p) / name) for p in places
                                        if (Path(p) / name).is_file()), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing on CI; .ci/run must install it: {install}")
        pytest.skip(f"{name} is not installed; {install}")
    return found


@pytest.fixture(scope="session")
def ooxml_validate():
    """Validates an OOXML file against the schemas; returns the list of errors (empty when valid)."""
    import json

    binary = tool("ooxml-validate", "npm install -g @ooxml-tools/validate",
                  (os.environ.get("OOXML_VALIDATE_DIR", ""), *_VALIDATOR_PLACES))

    def validate(path: Path) -> list[dict]:
        # It exits 0 whether or not the file is valid: the JSON list of errors is the verdict.
        done = subprocess.run([binary, "--output-format", "json", str(path)], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return validate


@pytest.fixture(scope="session")
def qpdf():
    return tool("qpdf", "apt-get install qpdf")


@pytest.fixture(scope="session")
def pdffonts():
    return tool("pdffonts", "apt-get install poppler-utils")


@pytest.fixture(scope="session")
def impress(tmp_path_factory):
    """Converts several office files to PDF in one LibreOffice run; skips without it, never on CI."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing on CI; .ci/run must install libreoffice-impress")
        pytest.skip("LibreOffice (soffice) is not installed; apt-get install libreoffice-impress")
    profile = tmp_path_factory.mktemp("lo-profile-hardening")

    def convert(sources: list[Path], outdir: Path) -> list[Path]:
        subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), *map(str, sources)],
                       check=True, capture_output=True, timeout=300)
        return [outdir / f"{source.stem}.pdf" for source in sources]

    return convert


@pytest.fixture(scope="session")
def shipped_outputs(tmp_path_factory) -> Path:
    """Every output of the shipped content, in every locale, built once: OUT/<locale>/..."""
    from deck.build import build

    out = tmp_path_factory.mktemp("shipped")
    build(ROOT / "content" / "summerschool.yaml", out=out, locales=list(LOCALES))
    return out
