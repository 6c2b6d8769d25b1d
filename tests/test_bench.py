"""The benchmark's session generator writes sessions the loader accepts (not a timed test)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from deck.session import open_session

ROOT = Path(__file__).resolve().parent.parent


def test_synth_writes_a_valid_session(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "--cases", "9"],
                            capture_output=True, text=True, check=True)
    path = tmp_path / "synth.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    planned = open_session(path)
    clusters = planned.session.clusters
    assert sum(len(c.cases) for c in clusters) == 9
    assert len(clusters) == 3  # ceil(9 / 4)
    assert planned.session.groups.count == 3 and planned.session.groups.clusters_each == 2
    assert all(3 <= len(case.options) <= 4 and case.questions for c in clusters for case in c.cases)
