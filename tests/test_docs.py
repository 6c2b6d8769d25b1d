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
from deck.layouts import LAYOUTS_DIR, SLIDE_KINDS

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

def test_templates_names_every_slide_kind_layout_and_placeholder():
    text = doc("templates.md")
    slides = yaml.safe_load((LAYOUTS_DIR / "default.yaml").read_text(encoding="utf-8"))["deck"]["slides"]
    assert set(slides) == set(SLIDE_KINDS)
    for kind, layout in slides.items():
        assert f"`{layout}`" in text, f"templates.md does not name the layout '{layout}' ({kind} slides)"
        assert f"{kind}:" in text  # the mapping example lists every kind
    for idx in {idx for needs in SLIDE_KINDS.values() for idx, _ in needs}:
        assert f"idx {idx}" in text


def test_templates_shows_the_error_a_template_really_gives(tmp_path):
    from pptx import Presentation

    prs = Presentation()  # python-pptx's own template has PowerPoint's layout names
    prs.slide_layouts.get_by_name("Two Content").name = "Twee inhoud"
    prs.save(str(tmp_path / "corporate.pptx"))
    result = CliRunner().invoke(main, ["build", "--only", "deck", "--template", str(tmp_path / "corporate.pptx"),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    real = flat(result.output).replace(str(tmp_path / "corporate.pptx"), "corporate.potx")
    shown = flat(re.search(r"    (Error: corporate\.potx.*?)\n\n", doc("templates.md"), re.S).group(1))
    before_list = shown.split(" Its layouts are:")[0]
    assert before_list in real
    assert shown.split("... ")[-1] in real  # the advice at the end
