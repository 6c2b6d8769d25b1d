"""`new`: a fresh session file that checks, builds, names every key of the format and never overwrites."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from deck import format as fmt
from deck.cli import main
from deck.schema import IdMap, Record, Seq, Spec, Tagged
from deck.scaffold import PROJECT, TEMPLATE, new_session, schema_reference, slug


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def format_keys(spec: Spec) -> set[str]:
    """Every key name the session format knows, walking records, lists, maps and block kinds."""
    if isinstance(spec, Record):
        keys = set(spec.fields)
        for entry in spec.fields.values():
            keys |= format_keys(entry.spec)
        return keys
    if isinstance(spec, Seq):
        return format_keys(spec.item)
    if isinstance(spec, IdMap):
        return format_keys(spec.value)
    if isinstance(spec, Tagged):
        return {key for variant in spec.variants.values() for key in format_keys(variant)}
    return set()


@pytest.fixture
def made(tmp_path) -> Path:
    result = run("new", "privacy-day", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    return tmp_path / "privacy-day.yaml"


def test_new_session_checks_and_builds_at_once(made, tmp_path):
    from deck.build import build

    assert (tmp_path / "media" / ".gitkeep").is_file()
    checked = run("check", str(made))
    assert checked.exit_code == 0, checked.output
    assert "Privacy day (privacy-day" in checked.output and "2 clusters, 2 cases" in checked.output
    written = build(made, out=tmp_path / "out")
    kinds = {item.kind for item in written}
    assert {"deck", "worksheets", "guide"} <= kinds
    assert all(item.path.is_file() for item in written)


def test_new_session_has_the_agenda_the_issue_asks_for(made):
    from deck.session import open_session

    planned = open_session(made)
    session = planned.session
    assert [b.kind for b in session.agenda] == ["title", "group_work", "video", "break", "debrief", "documents",
                                               "slide", "points"]
    assert [len(c.cases) for c in session.clusters] == [1, 1]
    assert (session.groups.count, session.groups.clusters_each) == (2, 1)


def test_every_key_of_the_format_is_in_the_file_with_a_comment(made):
    text = made.read_text(encoding="utf-8")
    keys = format_keys(fmt.SESSION)
    assert {"session", "assignment", "url", "file", "minutes_per_cluster", "quotes"} <= keys  # the walk works
    for key in sorted(keys):
        # Live (`key:`) or commented out (`# key:`), and explained on its line or the line before.
        line = re.search(rf"^(\s*(?:- )?(?:#\s+)?{key}:.*)$", text, re.M)
        assert line, f"the new session file never mentions '{key}'"
        before = text[:line.start()].rstrip("\n").rsplit("\n", 1)[-1]
        assert "#" in line.group(1) or before.strip().startswith("#"), f"'{key}' has no comment"
    for kind in fmt.block.variants:
        assert f"kind: {kind}" in text


def test_first_line_points_editors_at_the_schema(made):
    first = made.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (made.parent / first.split("=", 1)[1]).resolve() == fmt.SCHEMA_FILE.resolve()


def test_schema_is_named_relative_inside_the_project_and_absolute_outside(tmp_path):
    assert schema_reference(PROJECT / "content" / "new.yaml") == "../deck/schema/session.schema.json"
    assert schema_reference(tmp_path / "new.yaml") == fmt.SCHEMA_FILE.as_posix()


def test_overwriting_is_refused(made):
    made.write_text("# my work\n", encoding="utf-8")
    result = run("new", "privacy-day", "--dir", str(made.parent))
    assert result.exit_code == 1
    assert "already exists" in result.output and "Traceback" not in result.output
    assert made.read_text(encoding="utf-8") == "# my work\n"


def test_name_may_be_a_path_ending_in_yaml(tmp_path):
    made = new_session("sub/Ça va: #1.yaml", tmp_path)
    assert made.path == tmp_path / "sub" / "Ça va: #1.yaml"
    assert made.session_id == "ca-va-1"
    assert run("check", str(made.path)).exit_code == 0


def test_new_writes_into_the_current_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "yes")  # YAML would read a bare yes as true: the title must stay text
    assert result.exit_code == 0, result.output
    assert run("check", "yes.yaml").exit_code == 0


def test_template_is_data_with_its_placeholders():
    text = TEMPLATE.read_text(encoding="utf-8")
    assert {"{id}", "{title}", "{schema}"} <= set(re.findall(r"\{[a-z]+\}", text))


@pytest.mark.parametrize("text, expected", [
    ("Privé & werk!", "prive-werk"), ("  --  ", "item"), ("Sociale media op het werk", "sociale-media-op-het-werk"),
    ("a" * 50, "a" * 40),
    ("een heel lange titel over integriteit op sociale media", "een-heel-lange-titel-over-integriteit-op"),
])
def test_slug(text, expected):
    assert slug(text) == expected


def test_a_bare_name_with_spaces_gets_a_plain_file_name_and_keeps_its_title(tmp_path):
    made = new_session("Privacy dag", tmp_path)
    assert made.path == tmp_path / "privacy-dag.yaml" and made.session_id == "privacy-dag"
    assert "title: Privacy dag" in made.path.read_text(encoding="utf-8")


def test_a_bare_name_in_a_subfolder_stays_in_that_folder(tmp_path):
    made = new_session("sub/My Session", tmp_path)
    assert made.path == tmp_path / "sub" / "my-session.yaml"


def slide_pictures(deck: Path) -> list[tuple[int, str]]:
    """(slide number, description) of every picture shape in a deck, read back with python-pptx."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    return [(number, shape._element.nvPicPr.cNvPr.get("descr", ""))
            for number, slide in enumerate(Presentation(str(deck)).slides, start=1)
            for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_the_example_brings_the_pictures_it_names_and_builds_with_them(tmp_path):
    import yaml

    from deck.build import build
    from deck.media_refs import named as media_named
    from deck.scaffold import copy_example

    copied = copy_example("summerschool", tmp_path / "mine")
    data = yaml.safe_load(copied.path.read_text(encoding="utf-8"))
    named = [name for name, _ in media_named(data)]
    assert named, "the summerschool shows a picture"
    assert copied.media == tuple(sorted(tmp_path / "mine" / name for name in named))
    assert all(path.stat().st_size > 1000 for path in copied.media)
    [deck] = build(copied.path, out=tmp_path / "out", only=["deck"], parallel=False)
    video = next(b for b in data["agenda"] if b.get("image"))
    assert (video["image"]["alt"] in {descr for _, descr in slide_pictures(deck.path)})


def test_a_second_example_copy_refuses_to_overwrite_its_pictures(tmp_path):
    from deck.errors import DeckError
    from deck.scaffold import copy_example

    first = copy_example("summerschool", tmp_path)
    first.path.unlink()
    for catalog in first.catalogs:
        catalog.unlink()
    first.media[0].write_bytes(b"my own picture")
    with pytest.raises(DeckError, match="already exist"):
        copy_example("summerschool", tmp_path)
    assert first.media[0].read_bytes() == b"my own picture"


def test_the_commented_picture_of_the_template_works_once_uncommented(made, tmp_path):
    """A trainer removes the `# ` in front of the video's image lines and puts a picture where it says."""
    from PIL import Image

    from deck.build import build

    lines = made.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"# image:\s+#", line.strip()))
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())  # the block ends at a blank line
    picture = [start] + [i for i in range(start + 1, end) if re.match(r"\s+#   \w+:", lines[i])]
    assert len(picture) >= 3, "file and alt at least"
    for i in picture:
        lines[i] = lines[i].replace("# ", "", 1)
    made.write_text("\n".join(lines) + "\n", encoding="utf-8")
    file = re.search(r"file: (\S+)", lines[picture[1]]).group(1)
    Image.new("RGB", (160, 90), (200, 120, 40)).save(made.parent / file)
    checked = run("check", str(made))
    assert checked.exit_code == 0, checked.output
    [deck] = build(made, out=tmp_path / "out", only=["deck"], parallel=False)
    [(_, descr)] = slide_pictures(deck.path)
    assert descr and descr in "\n".join(lines)


def test_the_comment_on_pictures_names_every_format_a_picture_may_have(made):
    from deck import safe_files

    text = made.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "file: media/poster.png" in line)
    formats = [fmt for fmt in safe_files.IMAGE.listed.split(", ")]
    assert len(formats) >= 4 and all(fmt in line for fmt in formats), line
