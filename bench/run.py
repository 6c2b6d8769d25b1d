#!/usr/bin/env python3
"""The benchmark: `python bench/run.py` prints one table of medians, with the targets met or not.

Every measurement runs in a fresh child process (so one does not warm the
next) with Python's bytecode cache, as an installed tool runs, its peak
memory read from that child's own resource usage (or, for the synthetic
sessions, sampled from /proc):

* the whole process `python generate.py build` for the shipped summerschool,
  in its source locale and in all shipped locales (`--all-locales`);
  `check` and `--help` as whole processes, and whether they import
  python-pptx or ReportLab;
* warm rebuilds: `deck.build.build()` again in the same process, unchanged
  and after editing one case's dilemma (what watch mode pays: the target);
* synthetic sessions of 100 and 1,000 cases (bench/synth.py): deck and
  worksheets together (as `build` makes them, shared by two processes), and
  each alone (one process), timed from after the imports, with peak memory
  (sampled: the Pss of the worker and its forked child, added) and
  t(1000)/t(100);
* a plain python-pptx baseline that adds the same number of slides, with a
  title, body text and notes, the obvious way: the ratio to beat;
* `collect` as a whole process reading 100 filled group sheets (the
  summerschool with 100 groups, each sheet filled by pypdf beforehand).

Options: --repeats N (default 9) for the small runs, --big-repeats N
(default 3) for the 1,000-case runs, --json for machine-readable output.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content" / "summerschool.yaml"
HEAVY = ("pptx", "reportlab")

# Targets: (limit, unit, higher_is_better)
TARGETS = {
    "build": (0.35, "s", False),
    "warm": (0.1, "s", False),
    "synth-1000": (2.0, "s", False),
    "synth-1000-mem": (200.0, "MB", False),
    "vs-baseline": (3.0, "x", True),
    "scaling": (12.0, "x", False),
    "collect": (5.0, "s", False),
}
COLLECTED_SHEETS = 100


# -- child processes ------------------------------------------------------------------

# The children run as in a normal installation, with Python's bytecode cache: a sandbox that sets
# PYTHONDONTWRITEBYTECODE compiles every module of the tool from source in every process.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_child(args: list[str], cwd: Path = ROOT, sample: bool = False,
              env: dict | None = None) -> tuple[float, float, str]:
    """Run a child to the end: (wall seconds, peak memory in MB, stdout); raises when it fails.

    The peak is the child's own peak resident size; with sample, it is instead
    the peak of the proportional set size (Pss) of the child and the process it
    forks, added, read from /proc every few milliseconds: what the build takes
    of the machine, pages the two share counted once.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, env=env or CHILD_ENV)
        peak = 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG if sample else 0)
            if pid:
                break
            peak = max(peak, sum(_pss_kb(member) for member in _family(child.pid)))
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        child.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        out, err = out.read(), err.read()
    if code:
        raise SystemExit(f"{' '.join(args)} failed ({code}):\n{err.decode()}")
    return elapsed, (peak if sample else usage.ru_maxrss) / 1024, out.decode()


def _drop_bytecode() -> None:
    """Remove the tool's compiled modules (git ignores them; Python writes them again)."""
    for folder in (ROOT / "deck").rglob("__pycache__"):
        for file in folder.glob("*.pyc"):
            file.unlink(missing_ok=True)


def _family(pid: int) -> list[int]:
    """pid and the processes it started (the build forks one), from /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(int(child) for child in children)]


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # gone already
        return 0
    return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def worker(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", *args]


# -- what the workers do, inside the child ---------------------------------------------------

def _work(kind: str, *args: str) -> None:
    sys.path.insert(0, str(ROOT))
    if kind == "warm":
        import shutil

        from deck.build import build

        out, repeats = Path(args[0]), int(args[1])
        content = out / "session.yaml"
        out.mkdir(parents=True, exist_ok=True)
        shutil.copy(CONTENT, content)
        shutil.copytree(CONTENT.parent / "media", out / "media", dirs_exist_ok=True)  # the pictures it names
        source = content.read_text(encoding="utf-8")
        # The edit: a word added to the first case's dilemma, where its first line is in the file.
        from deck.session import open_session

        words = open_session(content).session.clusters[0].cases[0].dilemma.split()[:3]
        where = " ".join(words)
        assert where in source, "the first dilemma's first words are on one line of the file"
        build(content, out=out, parallel=False)  # as watch mode: the first build loads everything, here
        unchanged, edited = [], []
        for n in range(repeats):
            start = time.perf_counter()
            build(content, out=out)
            unchanged.append(time.perf_counter() - start)
            # What a trainer does in watch mode: change one case's dilemma, save, look.
            content.write_text(source.replace(where, f"{where} {n}", 1), encoding="utf-8")
            start = time.perf_counter()
            build(content, out=out)
            edited.append(time.perf_counter() - start)
        print(json.dumps({"unchanged": unchanged, "edited": edited}))
    elif kind == "synth":
        from deck.build import build
        import deck.render.deck, deck.render.worksheets  # noqa: E401,F401  imports are not what is timed

        content, out, only = Path(args[0]), Path(args[1]), args[2].split(",")
        start = time.perf_counter()
        written = build(content, out=out, only=only)
        end = time.perf_counter()
        slides = next((int(w.detail.split()[0]) for w in written if w.kind == "deck"), 0)
        print(json.dumps({"total": end - start, "slides": slides}))
    elif kind == "baseline":
        import io

        import yaml
        from pptx import Presentation

        data = yaml.safe_load(Path(args[0]).read_text(encoding="utf-8"))
        slides = int(args[1])
        texts = [(cluster["title"], [case["dilemma"], *case["options"].values(), *case["questions"].values()],
                  case["notes"]) for cluster in data["clusters"] for case in cluster["cases"]]
        start = time.perf_counter()
        prs = Presentation()
        layout = prs.slide_layouts[1]  # Title and Content
        for n in range(slides):
            title, body, notes = texts[n % len(texts)]
            slide = prs.slides.add_slide(layout)
            slide.shapes.title.text = title
            frame = slide.placeholders[1].text_frame
            frame.text = body[0]
            for line in body[1:]:
                frame.add_paragraph().text = line
            slide.notes_slide.notes_text_frame.text = notes
        prs.save(io.BytesIO())
        print(json.dumps({"total": time.perf_counter() - start}))
    elif kind == "fill":
        import shutil

        import yaml
        from pypdf import PdfWriter

        from deck.build import build

        folder, count = Path(args[0]), int(args[1])
        data = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
        data["groups"] = {"count": count, "clusters_each": data["groups"]["clusters_each"]}
        folder.mkdir(parents=True, exist_ok=True)
        content = folder / "session.yaml"
        content.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        shutil.copytree(CONTENT.parent / "media", folder / "media", dirs_exist_ok=True)  # the pictures it names
        build(content, out=folder / "out", only=["worksheets"])
        filled = []
        for number in range(1, count + 1):
            writer = PdfWriter(clone_from=folder / "out" / data["session"]["language"] / "worksheets"
                               / f"group-{number}.pdf")
            names = list(writer.get_fields())
            values = {name: f"Groep {number}: één argument, en nog één." for name in names
                      if name.endswith((".notes", ".other")) or ".question." in name}
            values.update({name: "/" + name.rsplit(".", 1)[1] for name in names if ".option." in name
                           and not name.endswith("_other") and sum(map(ord, name)) % 3 == 0})
            writer.update_page_form_field_values(None, values, auto_regenerate=False)
            path = folder / f"filled-{number}.pdf"
            writer.write(path)
            filled.append(str(path))
        print(json.dumps({"content": str(content), "filled": filled}))
    elif kind == "imports":
        from click.testing import CliRunner

        from deck.cli import main

        result = CliRunner().invoke(main, list(args))
        assert result.exit_code == 0, result.output
        print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))))
    else:
        raise SystemExit(f"unknown worker {kind}")


# -- the benchmark -----------------------------------------------------------------------------

def measure(repeats: int, big_repeats: int, log) -> list[dict]:
    rows: list[dict] = []
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="deck-bench-") as tmp:
        tmp = Path(tmp)

        def row(name, what, seconds, runs, target=None, value=None, memory=None, note=""):
            rows.append({"name": name, "what": what, "median": seconds, "runs": runs, "target": target,
                         "value": seconds if value is None else value, "memory": memory, "note": note})

        log("summerschool build, whole process")
        command = [python, "generate.py", "build", "--out", str(tmp / "ss"), "-q"]
        # First as a sandbox that forbids bytecode files runs it: the tool's modules compiled every time.
        _drop_bytecode()
        uncached = [run_child(command, env={**CHILD_ENV, "PYTHONDONTWRITEBYTECODE": "1"}) for _ in range(repeats)]
        run_child(command)  # not timed: writes the bytecode cache, as a first run after installing does
        runs = [run_child(command) for _ in range(repeats)]
        row("build", "`generate.py build` summerschool, one locale",
            statistics.median(r[0] for r in runs), repeats, "build",
            memory=max(r[1] for r in runs))
        row("build-uncached", "the same without the tool's bytecode cache (PYTHONDONTWRITEBYTECODE)",
            statistics.median(r[0] for r in uncached), repeats, memory=max(r[1] for r in uncached))
        log("summerschool build, all shipped locales, whole process")
        runs = [run_child([python, "generate.py", "build", "--all-locales", "--out", str(tmp / "all"), "-q"])
                for _ in range(repeats)]
        row("build-all", "`generate.py build --all-locales` summerschool (nl-BE, en-GB, fr-BE)",
            statistics.median(r[0] for r in runs), repeats, memory=max(r[1] for r in runs))
        for command in (["check"], ["--help"]):
            log(f"{' '.join(command)}, whole process")
            runs = [run_child([python, "generate.py", *command]) for _ in range(repeats)]
            heavy = json.loads(run_child(worker("imports", *command))[2])
            row(command[0].lstrip("-"), f"`generate.py {' '.join(command)}`", statistics.median(r[0] for r in runs),
                repeats, "imports", value=heavy, memory=max(r[1] for r in runs),
                note="imports " + (", ".join(heavy) if heavy else "neither python-pptx nor ReportLab"))

        log("warm rebuilds")
        warm = json.loads(run_child(worker("warm", str(tmp / "warm"), str(repeats)))[2])
        row("warm-unchanged", "warm rebuild in-process (`build()` again), summerschool unchanged",
            statistics.median(warm["unchanged"]), repeats)
        row("warm", "warm rebuild in-process after editing one case (watch mode)",
            statistics.median(warm["edited"]), repeats, "warm")

        synth = {}
        for cases, count in ((100, repeats), (1000, big_repeats)):
            content = tmp / f"synth-{cases}.yaml"
            content.write_text(run_child([python, str(ROOT / "bench" / "synth.py"), "--cases", str(cases)])[2],
                               encoding="utf-8")
            s = synth[cases] = {}
            for key, only in (("total", "deck,worksheets"), ("deck", "deck"), ("worksheets", "worksheets")):
                log(f"synthetic {cases} cases: {only}")
                job = worker("synth", str(content), str(tmp / f"out-{cases}"), only)
                results = [json.loads(run_child(job)[2]) for _ in range(count)]
                s[key] = statistics.median(r["total"] for r in results)
                # Sampling memory costs the build some time: its own run, not timed.
                s[f"{key}-memory"] = run_child(job, sample=True)[1]
                s["slides"] = max(s.get("slides", 0), results[0]["slides"])
            log(f"python-pptx baseline, {s['slides']} slides")
            s["baseline"] = statistics.median(
                json.loads(run_child(worker("baseline", str(content), str(s["slides"])))[2])["total"]
                for _ in range(count))
            row(f"synth-{cases}", f"{cases} cases: deck + worksheets ({s['slides']} slides), two processes",
                s["total"], count, "synth-1000" if cases == 1000 else None, memory=s["total-memory"])
            row(f"synth-{cases}-deck", f"{cases} cases: deck only", s["deck"], count, memory=s["deck-memory"])
            row(f"synth-{cases}-sheets", f"{cases} cases: worksheets only", s["worksheets"], count,
                memory=s["worksheets-memory"])
            row(f"baseline-{cases}", f"plain python-pptx, {s['slides']} slides with notes", s["baseline"], count)
            row(f"vs-baseline-{cases}", f"{cases} cases: baseline / our deck", None, count,
                "vs-baseline" if cases == 1000 else None, value=s["baseline"] / s["deck"])
        row("synth-1000-mem", "1,000 cases, deck + worksheets: peak memory (MB, Pss of both processes)", None,
            big_repeats, "synth-1000-mem", value=synth[1000]["total-memory"])
        row("scaling", "t(1000) / t(100), deck + worksheets", None, big_repeats, "scaling",
            value=synth[1000]["total"] / synth[100]["total"])

        log(f"collect: {COLLECTED_SHEETS} filled sheets, whole process")
        made = json.loads(run_child(worker("fill", str(tmp / "collect"), str(COLLECTED_SHEETS)))[2])
        command = [python, "generate.py", "collect", made["content"], *made["filled"], "-q"]
        runs = [run_child(command) for _ in range(repeats)]
        row("collect", f"`generate.py collect` of {COLLECTED_SHEETS} filled group sheets",
            statistics.median(r[0] for r in runs), repeats, "collect", memory=max(r[1] for r in runs))
    return rows


def verdict(row: dict) -> str:
    if row["target"] is None:
        return ""
    if row["target"] == "imports":
        return "met" if not row["value"] else "NOT met"
    limit, unit, higher = TARGETS[row["target"]]
    ok = row["value"] >= limit if higher else row["value"] <= limit
    return f"{'met' if ok else 'NOT met'} ({'>=' if higher else '<='} {limit:g} {unit})"


def table(rows: list[dict]) -> str:
    lines = ["| measurement | median | runs | peak MB | target |", "|---|---:|---:|---:|---|"]
    for r in rows:
        if r["median"] is not None:
            shown = f"{r['median']:.3f} s"
        elif r["target"] == "synth-1000-mem":
            shown = f"{r['value']:.0f} MB"
        else:
            shown = f"{r['value']:.2f}x"
        memory = f"{r['memory']:.0f}" if r["memory"] is not None else ""
        target = verdict(r) + (f"; {r['note']}" if r["note"] else "")
        lines.append(f"| {r['what']} | {shown} | {r['runs']} | {memory} | {target} |")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        _work(*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="runs of each small measurement (default 9)")
    parser.add_argument("--big-repeats", type=int, default=3, help="runs of the 1,000-case ones (default 3)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON, not a table")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = measure(args.repeats, args.big_repeats, lambda message: print(f"... {message}", file=sys.stderr))
    print(json.dumps(rows, indent=1) if args.json else table(rows))
    print(f"(benchmark took {time.perf_counter() - started:.0f} s; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs)", file=sys.stderr)


if __name__ == "__main__":
    main()
