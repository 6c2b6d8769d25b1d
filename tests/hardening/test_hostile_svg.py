"""SVG pictures from anyone: entities, outside references and absurd sizes are refused at the key, never drawn.

Each hostile SVG is named by a session's `image: {file: ...}`; `check` and
`build` both end with exit 1 and one located error (session.yaml:line:col,
the key's path, the file, the rule), no traceback, and no output is written.
The secret a reference points at never reaches a deck.
"""
from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from deck import picture_files
from deck.cli import main

from ..sessions import session, write
from .hostile import REPO, SECRET, World
from .test_limits import past

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {size}>{body}</svg>'


def svg(body: str = '<rect width="10" height="10"/>', size: str = 'width="40" height="30"', prolog: str = "") -> str:
    return prolog + SVG.format(size=size, body=body)


LAUGHS = ('<g id="l0"><rect width="1" height="1"/></g>'
          + "".join(f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * 10 + "</g>" for n in range(1, 8)))
HOSTILE = {
    "entities": (svg('<text y="10">&l5;</text>', prolog='<?xml version="1.0"?>\n<!DOCTYPE svg [\n'
                     '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 6))
                     + "\n]>\n"), "declares a document type"),
    "external-entity": (svg("<text>&x;</text>", prolog='<!DOCTYPE svg [<!ENTITY x SYSTEM "secret.txt">]>'),
                        "declares a document type"),
    "local-file": (svg('<image xlink:href="secret.txt" width="10" height="10"/>'), "refers to 'secret.txt'"),
    "absolute-file": (svg('<image href="file:///etc/passwd" width="10" height="10"/>'),
                      "refers to 'file:///etc/passwd'"),
    "web": (svg('<image href="http://127.0.0.1:9/x.png" width="10" height="10"/>'), "refers to 'http://127.0.0.1"),
    "nested-svg": (svg('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="10" height="10"/>'),
                   "refers to 'data:image/svg+xml"),
    "css-url": (svg('<style>rect { fill: url("secret.txt#p") }</style><rect width="5" height="5"/>'),
                "refers to 'secret.txt#p'"),
    "css-import": (svg("<style>@import 'secret.css';</style>"), "imports a style sheet"),
    "huge-width": (svg(size='width="99999999" height="10"'), "states a width of 99,999,999 pixels"),
    "huge-height-in-units": (svg(size='width="10mm" height="1000m"'), "has no height"),
    "huge-viewbox": (svg(size='viewBox="0 0 10 5e9"'), "states a height of 5,000,000,000 pixels"),
    "no-size": (svg(size=""), "has no width"),
    "use-laughs": (svg(LAUGHS), "draws over 100,000 elements once its <use> elements are repeated"),
    "use-loop": (svg('<g id="a"><use href="#a"/></g>'), "has a <use> that leads back to itself"),
    "not-xml": ("<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'><g></svg>", "is not well-formed XML"),
    "embedded-total": (svg("".join(f'<image href="data:image/png;base64,{{png}}" width="10" height="10"/>'
                                   for _ in range(2))), "embeds pictures of 64,000,000 pixels in all"),
    "embedded-not-a-picture": (svg('<image href="data:image/png;base64,AAAA" width="10" height="10"/>'),
                               "embeds a picture that cannot be read as a picture"),
    "foreign-root": ('<svg xmlns="http://example.invalid/not-svg" width="4" height="4"/>', "root is not an <svg>"),
}


def _png(width: int, height: int) -> str:
    """A blank PNG of width x height in base64: a few KB, however many pixels."""
    import base64
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


def _session(tmp_path: Path, text: str) -> tuple[Path, str]:
    """A session whose case has the picture text as its file; where the file: key's value sits."""
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (tmp_path / "picture.svg").write_text(text, encoding="utf-8")
    data = session()
    data["clusters"][0]["cases"][0]["image"] = {"file": "picture.svg", "alt": "Een tekening"}
    path = write(data, tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith("file: picture.svg"))
    column = lines[number - 1].index("picture.svg") + 1
    return path, f"session.yaml:{number}:{column}: clusters[c0].cases[k0].image.file: 'picture.svg' "


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_hostile_svg_is_refused_at_its_key(name, command, tmp_path, monkeypatch):
    text, rule = HOSTILE[name]
    text = text.replace("{png}", _png(8_000, 4_000))
    path, where = _session(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [command, path.name, *(["--out", "out"] if command == "build" else [])])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, (AssertionError, TypeError))
    line = next(line for line in result.output.splitlines() if "picture.svg" in line)
    assert line.removeprefix("Error: ").startswith(where), line
    assert rule in line
    assert not (tmp_path / "out").exists()


def _one_past(make) -> str:
    """An SVG made by make(padding), one byte over the cap (a long comment before its root, or inside it)."""
    return make("x" * (picture_files.SVG_BYTES + 1 - len(make(""))))


def test_documented_messages_are_the_ones_printed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in (("MAX_SVG_SIDE", HOSTILE["huge-width"][0]), ("MAX_SVG_ELEMENTS", HOSTILE["use-laughs"][0]),
                       ("SVG_BYTES", _one_past(lambda pad: svg(prolog=f"<!--{pad}-->"))),
                       ("SVG_BYTES", _one_past(lambda pad: svg(f"<!--{pad}-->")))):
        documented = past(f"deck.picture_files.{name}")
        file = re.search(r"'([\w.]+)'", documented)[1]
        path, _ = _session(tmp_path, text)
        path.write_text(path.read_text(encoding="utf-8").replace("picture.svg", file), encoding="utf-8")
        (tmp_path / "picture.svg").rename(tmp_path / file)
        result = CliRunner().invoke(main, ["check", path.name])
        printed = next(line for line in result.output.splitlines() if file in line)
        assert printed.endswith(documented.replace("agenda[x]", "clusters[c0].cases[k0]")), printed


def test_what_is_drawn_is_the_checked_tree(tmp_path):
    """A fragment reference and an embedded raster are drawn, and the output is a PNG of the bounded size in
    the SVG's proportions."""
    png = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
    path = tmp_path / "ok.svg"
    path.write_text(svg(f'<defs><rect id="r" width="5" height="5" fill="red"/></defs><use href="#r"/>'
                        f'<image href="data:image/png;base64,{png}" x="20" width="10" height="10"/>',
                        size='width="4cm" height="3cm"'), encoding="utf-8")
    assert picture_files.problem(path) is None
    picture = picture_files.read(path)
    assert picture.format == "PNG" and picture.data.startswith(b"\x89PNG")
    assert (picture.width, picture.height) == (picture_files.MAX_RASTER_SIDE, picture_files.MAX_RASTER_SIDE * 3 // 4)


def test_nothing_is_read_beside_the_svg_when_it_is_drawn(tmp_path, monkeypatch):
    """Should a relative reference get past the checks, the drawing does not read the red picture beside
    the SVG, nor in the working directory (where resvg looks by default)."""
    import io

    from PIL import Image

    Image.new("RGB", (8, 8), "red").save(tmp_path / "red.png")
    monkeypatch.chdir(tmp_path)
    drawn = picture_files._drawn(svg('<image href="red.png" width="40" height="30"/>'), 40, 30)
    with Image.open(io.BytesIO(drawn)) as image:
        assert image.size == (40, 30)
        assert image.convert("RGBA").getpixel((20, 15)) != (255, 0, 0, 255)


# SVGs whose XML passes every check but that ask resvg for unbounded work: drawn in a child process that is
# killed past picture_files.MAX_DRAW_SECONDS or DRAW_MEMORY_BYTES; the bomb is refused before drawing.
def _blur() -> str:
    """230 bytes: one blur over a filter region a hundred times the picture's size (in-process: 14 s, 450 MB)."""
    return svg('<filter id="f" x="-50" y="-50" width="100" height="100"><feGaussianBlur stdDeviation="9999"/>'
               '</filter><rect width="20000" height="20000" filter="url(#f)"/>', size='width="20000" height="20000"')


def _markers() -> str:
    """A marker drawn at each of 2,000 points of one polyline, 28 KB (in-process: over 30 s)."""
    points = " ".join(f"{n % 100 * 4},{n // 100 * 4}" for n in range(2000))
    return svg('<marker id="m" markerWidth="400" markerHeight="400" markerUnits="userSpaceOnUse">'
               '<circle r="50" cx="50" cy="50" fill="red" opacity=".5"/></marker>'
               f'<polyline points="{points}" marker-mid="url(#m)" fill="none" stroke="black"/>',
               size='width="400" height="400"')


def _bomb() -> str:
    """A 20,000 x 20,000 PNG of 65 KB, embedded: 400 million pixels (drawn: 2 GB)."""
    return svg(f'<image href="data:image/png;base64,{_png(20_000, 20_000)}" width="40" height="30"/>')


def _documented(name: str, file: str) -> str:
    return past(f"deck.picture_files.{name}").split(f"'{file}' ", 1)[1]


EXPENSIVE = {
    "blur": (_blur, _documented("DRAW_MEMORY_BYTES", "blur.svg")),
    "markers": (_markers, _documented("MAX_DRAW_SECONDS", "markers.svg")),
    "embedded-bomb": (_bomb, "embeds a picture that is 20,000 x 20,000 pixels; a picture may have at most 50,000,000 pixels"),
}


@pytest.mark.parametrize("name", sorted(EXPENSIVE))
@pytest.mark.parametrize("command", ["check", "build"])
def test_an_svg_too_expensive_to_draw_is_refused_at_its_key_in_bounded_time_and_memory(name, command, tmp_path):
    from deck import bounded_call

    assert bounded_call.can_fork(), "a thread left running: the SVG would be drawn in this process"
    make, rule = EXPENSIVE[name]
    world = World(tmp_path)
    (world.content / "picture.svg").write_text(make(), encoding="utf-8")
    world.data["clusters"][0]["cases"][0]["image"] = {"file": "picture.svg", "alt": "Een tekening"}
    world.save()
    lines = world.session.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith("file: picture.svg"))
    where = (f"content/session.yaml:{number}:{lines[number - 1].index('picture.svg') + 1}: "
             "clusters[c0].cases[k0].image.file: 'picture.svg' ")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcome = world.run(command, "{session}", *(["--out", "out"] if command == "build" else []))
    # The tool's own process: its Python allocations (traced) and its resident peak did not grow with the SVG.
    world.assert_refused(outcome, 1, where + rule, seconds=40)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 200_000, "KiB more resident at peak"
    assert not world.out.exists()


def _children(pid: int) -> list[int]:
    try:
        return [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the drawing process through /proc (Linux)")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_build_stopped_while_an_svg_is_drawn_stops_at_once_with_its_drawing(signum, tmp_path):
    """Ctrl-C or `kill` while resvg works (in its child, for seconds): the build ends as stopped builds end,
    and the drawing process ends with it (resvg's Rust code could not be interrupted in the tool's process)."""
    world = World(tmp_path)
    (world.content / "picture.svg").write_text(_markers(), encoding="utf-8")
    world.data["clusters"][0]["cases"][0]["image"] = {"file": "picture.svg", "alt": "Een tekening"}
    world.save()
    build = subprocess.Popen([sys.executable, str(REPO / "generate.py"), "build", "content/session.yaml",
                              "--out", "out"], cwd=world.work, env={**os.environ, "PYTHONPATH": str(REPO)},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 15
        while not (drawing := _children(build.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert drawing, "no drawing process appeared"
        time.sleep(0.5)  # inside resvg by now
        stopped = time.monotonic()
        build.send_signal(signum)
        output, _ = build.communicate(timeout=10)
    finally:
        build.kill()
    assert time.monotonic() - stopped < 5
    assert build.returncode == 130, output
    assert "Traceback" not in output and "stopped" in output
    assert not Path(f"/proc/{drawing[0]}").exists(), "the drawing process outlived the build"
    world.assert_nothing_else_changed()
