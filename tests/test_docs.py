"""The trainer docs in docs/ stay true: the reference is generated, commands and messages are real."""
from __future__ import annotations

import importlib.util
import json
import re
import shlex

import pytest
import yaml
from click.testing import CliRunner

from deck import format as fmt
from deck.cli import main
from deck.layouts import SLIDE_KINDS

from .conftest import ROOT

DOCS = ROOT / "docs"


def doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def make_reference():
    spec = importlib.util.spec_from_file_location("make_reference", DOCS / "make_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def schema_keys(schema: dict) -> set[str]:
    """Every property name anywhere in a JSON Schema, block kinds included."""
    keys = set(schema.get("properties", {}))
    children = [*schema.get("properties", {}).values(), *schema.get("oneOf", [])]
    for name in ("items", "additionalProperties"):
        if isinstance(schema.get(name), dict):
            children.append(schema[name])
    for child in children:
        keys |= schema_keys(child)
    return keys


def test_reference_is_the_generated_one():
    assert doc("session-format.md") == make_reference().reference(), "run: python docs/make_reference.py"


def test_reference_names_every_key_and_kind_of_the_schema():
    text = doc("session-format.md")
    schema = json.loads(fmt.SCHEMA_FILE.read_text(encoding="utf-8"))
    keys = schema_keys(schema)
    assert {"session", "minutes_per_cluster", "assignment", "url"} <= keys  # the walk reaches down
    for key in sorted(keys):
        assert f"| `{key}` |" in text, f"the reference has no row for '{key}'"
    for kind in fmt.block.variants:
        assert f"kind `{kind}`" in text


def test_reference_examples_are_valid_yaml():
    for block in re.findall(r"```yaml\n(.*?)```", doc("session-format.md"), re.S):
        assert yaml.safe_load(block) is not None


# -- commands in the docs are commands the tool has ----------------------------------

def commands() -> list[tuple[str, list[str]]]:
    found = []
    # Either way of starting the tool: installed, or from a checkout.
    started = re.compile(r"(?<![\w./-])(?:dilemma-deck|python generate\.py) ([^`\n#|]*)")
    for path in [*sorted(DOCS.glob("*.md")), DOCS.parent / "README.md"]:
        for line in started.findall(path.read_text(encoding="utf-8")):
            if re.match(r"[a-z]", line):  # a command, not prose such as "python generate.py ..."
                found.append((path.name, shlex.split(line.strip())))
    return found


def test_docs_show_commands():
    assert len(commands()) >= 15


@pytest.mark.parametrize("where, args", commands(), ids=lambda value: " ".join(value) if isinstance(value, list)
                         else value)
def test_every_command_in_the_docs_exists_with_its_options(where, args):
    import click

    command, rest = main, list(args)
    while isinstance(command, click.Group) and rest and rest[0] in command.commands:
        command = command.commands[rest.pop(0)]
    assert not isinstance(command, click.Group), f"{where}: `{' '.join(args)}` names no command"
    options = {opt for param in command.params for opt in getattr(param, "opts", [])}
    for word in rest:
        if word.startswith("-"):
            assert word in options, f"{where}: `{' '.join(args)}`: no option {word}"


# -- translating.md ------------------------------------------------------------------

@pytest.mark.parametrize("needed", ["i18n extract", "i18n update --locale", "i18n status", "--strict",
                                    "msgctxt", "fuzzy", "obsolete", "qps-ploc", "Poedit", "Weblate",
                                    "--all-locales", "#| msgid", "#~"])
def test_translating_covers_the_workflow(needed):
    assert needed in doc("translating.md")


def test_translating_shows_a_real_catalog_entry():
    text = doc("translating.md")
    shown = re.search(r'    (#\. Appears as.*?)\n    msgstr ""', text, re.S).group(1)
    catalog = (ROOT / "content" / "locales" / "fr_BE" / "LC_MESSAGES" / "summerschool.po").read_text(encoding="utf-8")
    assert "\n".join(line.strip() for line in shown.split("\n")) in catalog


# -- templates.md --------------------------------------------------------------------

def test_templates_names_every_slide_kind_and_the_usual_layout_names():
    from deck.template_layouts import NAMES

    text = doc("templates.md")
    for kind in SLIDE_KINDS:
        assert f"`{kind}:`" in text, f"templates.md does not name the {kind} slides"
    for names in NAMES.values():
        assert f"`{names[0]}`" in text.lower(), names[0]
    for name in ("Title, Content", "Title, 2 Content", "Titel en object", "Twee inhoudsvakken"):
        assert f"`{name}`" in text


def _pptx_without_text_boxes(folder):
    from pptx import Presentation

    prs = Presentation()  # python-pptx's own template
    for layout in prs.slide_layouts:
        for ph in list(layout.placeholders):
            if ph._element.find(".//{*}nvPr/{*}ph").get("type", "obj") in ("body", "obj", "subTitle"):
                ph._element.getparent().remove(ph._element)
    prs.save(str(folder / "corporate.pptx"))
    return folder / "corporate.pptx"


def test_templates_shows_the_error_a_template_really_gives(tmp_path):
    template = _pptx_without_text_boxes(tmp_path)
    result = CliRunner().invoke(main, ["build", "--only", "deck", "--template", str(template),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    real = result.output.replace(str(template), "corporate.potx")
    shown = re.search(r"\n    (Error: corporate\.potx.*?)\n\n", doc("templates.md"), re.S).group(1)
    assert [line[4:] if line.startswith("    ") else line for line in shown.split("\n")] == real.splitlines()[:3]
    assert "View > Slide Master" in real and "Insert Placeholder" in real
    listing = CliRunner().invoke(main, ["template", str(template)])
    listed = re.search(r"\(`('Title Slide'.*?)`\)", flat(doc("templates.md"))).group(1)
    assert listing.exit_code == 1
    for part in listed.split("; "):
        assert part == "..." or part in listing.output, part


def test_templates_shows_what_the_template_command_prints(tmp_path):
    import os
    import shutil
    import subprocess

    if shutil.which("pandoc") is None:
        if os.environ.get("CI"):
            pytest.fail("pandoc is missing on CI; .ci/run must install it")
        pytest.skip("pandoc is not installed; apt-get install pandoc")
    reference = tmp_path / "reference.pptx"
    reference.write_bytes(subprocess.run(["pandoc", "--print-default-data-file", "reference.pptx"],
                                         check=True, capture_output=True).stdout)
    result = CliRunner().invoke(main, ["template", str(reference)])
    assert result.exit_code == 0, result.output
    block = re.search(r"For pandoc's reference deck:\n\n((?:    .*\n)+)", doc("templates.md")).group(1)
    for line in block.splitlines():
        assert line[4:] in result.output.splitlines(), line


def test_templates_shows_the_warning_for_a_missing_font(tmp_path):
    from deck.build import build

    from .test_template_layouts import with_theme_font

    shown = re.search(r"    warning: (corporate\.potx: the template's font 'Corporate Sans' is not installed; "
                      r"text is measured with)", doc("templates.md")).group(1)
    warnings: list[str] = []
    template = with_theme_font(tmp_path, "Corporate Sans")
    build(ROOT / "content" / "summerschool.yaml", out=tmp_path / "out", template=template, only=["deck"],
          warn=warnings.append)
    assert [w.replace(str(template), "corporate.potx") for w in warnings][0].startswith(shown)
