"""The benchmark's session generator writes sessions the loader accepts (not a timed test)."""
from __future__ import annotations

import json
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


def test_the_benchmark_workers_run_and_report(tmp_path):
    """What bench/run.py runs in its children, on a small session: so the benchmark does not rot."""
    import json

    synth = subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "--cases", "9"],
                           capture_output=True, text=True, check=True).stdout
    (tmp_path / "synth.yaml").write_text(synth, encoding="utf-8")
    bench = [sys.executable, str(ROOT / "bench" / "run.py"), "--worker"]
    runner = _bench_module()
    _, memory, out = runner.run_child([*bench, "synth", str(tmp_path / "synth.yaml"), str(tmp_path / "out"),
                                       "deck,worksheets"], sample=True)
    report = json.loads(out)
    assert report["slides"] > 9 and report["total"] > 0
    assert 10 < memory < 2000, "the sampled Pss of the build's processes, in MB"
    assert (tmp_path / "out" / "nl-BE" / "worksheets.pdf").is_file()
    warm = json.loads(subprocess.run([*bench, "warm", str(tmp_path / "warm"), "1"], capture_output=True,
                                     text=True, check=True).stdout)
    assert len(warm["unchanged"]) == len(warm["edited"]) == 1
    edited = (tmp_path / "warm" / "session.yaml").read_text(encoding="utf-8")
    assert "Bij het beheren 0 van" in edited, "the edit was made, inside the first dilemma"


def _bench_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_collect_benchmark_fills_sheets_that_collect_reads(tmp_path):
    """The sheets bench/run.py collects are filled, and collect reads answers from every one."""
    import csv

    from deck.collect import collect

    made = json.loads(subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--worker", "fill",
                                      str(tmp_path / "collect"), "5"], capture_output=True, text=True,
                                     check=True).stdout)
    collected = collect(Path(made["content"]), [Path(p) for p in made["filled"]])
    assert not collected.warnings
    with (tmp_path / "collect" / "answers.csv").open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["group"] for row in rows} == {"1", "2", "3", "4", "5"}
    assert any(row["choice"] for row in rows) and all("één argument" in row["notes"] for row in rows)
