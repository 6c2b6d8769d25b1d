"""A scratch world for hostile inputs: a session in a folder nested inside a watched tree.

Every hostile case runs the real CLI with the working directory at
ROOT/home/user/work, the session in work/content/ and the outputs in work/out/.
Everything else under ROOT is fingerprinted before and after, so a case can
assert that nothing outside --out changed (an escape through `..` from the
output or content folder lands somewhere in that tree), and every output can
be searched, zip parts unpacked, for a secret planted beside the session.
"""
from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from deck.cli import main
from tests.sessions import session, write

REPO = Path(__file__).resolve().parent.parent.parent
SECRET = b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-planted-by-the-test-7f3a9c\n"
MARKER = b"planted-by-the-test-7f3a9c"


@dataclass
class Outcome:
    exit_code: int
    output: str
    seconds: float
    peak: int = 0


class World:
    """The nested scratch tree, its session and the checks every hostile case makes."""

    def __init__(self, root: Path):
        self.root = root
        self.work = root / "home" / "user" / "work"
        self.content = self.work / "content"
        self.out = self.work / "out"
        self.content.mkdir(parents=True)
        self.data = session()
        self.session = write(self.data, self.content)
        self.before: dict[str, tuple] | None = None

    def save(self) -> Path:
        """Write the (edited) session data, and take the fingerprint the case is checked against."""
        write(self.data, self.content)
        self.before = self.fingerprint()
        return self.session

    def fingerprint(self) -> dict[str, tuple]:
        """Every entry under ROOT but the output folder: kind, mode and, for files, a digest."""
        seen = {}
        for folder, dirs, files in os.walk(self.root):
            here = Path(folder)
            if here == self.out or self.out in here.parents:
                dirs[:] = []
                continue
            for name in [*dirs, *files]:
                path = here / name
                if path == self.out:
                    continue
                info = path.lstat()
                digest = ""
                if stat.S_ISREG(info.st_mode):
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                seen[path.relative_to(self.root).as_posix()] = (stat.S_IFMT(info.st_mode),
                                                                stat.S_IMODE(info.st_mode), digest)
        return seen

    def run(self, *args: str, display: str = "content/session.yaml") -> Outcome:
        """The CLI in this process, in work/: exit code, output, time, peak memory traced."""
        if self.before is None:
            self.save()
        cwd = os.getcwd()
        os.chdir(self.work)
        tracemalloc.start()
        started = time.monotonic()
        try:
            result = CliRunner().invoke(main, [a.replace("{session}", display) for a in args])
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            os.chdir(cwd)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"a traceback: {result.exception!r}\n{result.output}")
        return Outcome(result.exit_code, result.output, time.monotonic() - started, peak)

    def run_process(self, *args: str, timeout: float = 60, display: str = "content/session.yaml") -> Outcome:
        """The CLI in a fresh process, for what could hang this one (FIFOs, devices, signals)."""
        if self.before is None:
            self.save()
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        started = time.monotonic()
        done = subprocess.run([sys.executable, str(REPO / "generate.py"),
                               *[a.replace("{session}", display) for a in args]],
                              cwd=self.work, env=env, capture_output=True, text=True, timeout=timeout)
        return Outcome(done.returncode, done.stdout + done.stderr, time.monotonic() - started)

    def assert_refused(self, outcome: Outcome, code: int, *expected: str, seconds: float = 30) -> None:
        """The hostile-case contract: exit code, each expected text, no traceback, bounded, nothing else touched."""
        assert outcome.exit_code == code, outcome.output
        assert "Traceback" not in outcome.output, outcome.output
        for text in expected:
            assert text in outcome.output, f"{text!r} not in:\n{outcome.output}"
        assert outcome.seconds < seconds, f"took {outcome.seconds:.1f} s"
        assert outcome.peak < 200 * 1024 * 1024, f"{outcome.peak:,} bytes traced"
        self.assert_nothing_else_changed()
        self.assert_no_secret_out()

    def assert_nothing_else_changed(self) -> None:
        assert self.before is not None
        after = self.fingerprint()
        changed = sorted(k for k in set(after) | set(self.before) if after.get(k) != self.before.get(k))
        assert not changed, f"changed outside --out: {changed}"

    def assert_no_secret_out(self) -> None:
        """No output holds the planted key, in its bytes or in any zip part."""
        if not self.out.exists():
            return
        for path in self.out.rglob("*"):
            if not path.is_file():
                continue
            data = path.read_bytes()
            assert MARKER not in data, f"{path} holds the planted secret"
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    for entry in archive.infolist():
                        assert MARKER not in archive.read(entry), f"{path}:{entry.filename} holds the secret"
