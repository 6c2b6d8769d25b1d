#!/usr/bin/env python3
"""Writes docs/session-format.md, the reference of every key, from the session's JSON Schema.

The reference is generated, so it cannot drift from what the loader and the
editors check: change deck/format.py, regenerate the schema, then run

    python docs/make_reference.py

tests/test_docs.py fails when the committed reference is not this script's output.
Examples come from the template `dilemma-deck new` writes, plus the
optional keys that template leaves commented out.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, without installing the package

from deck.format import SCHEMA_FILE  # noqa: E402
from deck.scaffold import PROJECT, render  # noqa: E402

TARGET = Path(__file__).resolve().parent / "session-format.md"

# What a key means, for keys the schema gives no description of its own.
MEANINGS = {
    "documents": "The guiding documents: codes, rules or guidelines the groups may consult",
    "clusters": "The clusters of cases; groups work on whole clusters, not single cases",
    "agenda": "The blocks of the session, in order; the agenda decides the slide order and the run sheet",
    "id": "Its id: a short name, unique in its list, that translations and references use",
    "title": "Its title, as the slides, worksheets and run sheet show it",
    "kind": "Which kind of block this is; it decides which other keys the block takes",
    "cases": "The cluster's cases, in the order they are discussed",
    "instructions": "What the groups should do; printed on every group's worksheet",
    "text": "A paragraph shown on the slide, before any points",
    "url": "A link to the video, shown on the slide and in the notes",
}

# Keys the `new` template leaves commented out, so its examples lack them.
EXTRA_EXAMPLES = {
    "session": {"author": "Sam Peeters", "organisation": "Our organisation", "date": "2025-09-01",
                "start": "14:00"},
    "groups": {"assignment": {"1": ["colleagues"], "2": ["public"]}},
    "agenda": {"notes": "What to say or watch for during this block."},
    "agenda:video": {"url": "https://example.org/film", "file": "media/film.mp4",
                     "image": {"file": "media/poster.png", "alt": "A still from the film",
                               "caption": "The film's poster", "credit": "Photo: our team, CC BY 4.0"}},
    "agenda:title": {"title": "Welcome", "image": {"file": "media/logo.png", "alt": "Our organisation's logo"}},
    "agenda:group_work": {"minutes": 25},
    "agenda:break": {"title": "Coffee", "text": "Coffee and tea are in the hall.",
                     "image": {"file": "media/coffee.png", "alt": "A cup of coffee"}},
    "agenda:slide": {"points": {"listen": "Listen first, then react."},
                     "image": {"file": "media/plan.png", "alt": "The plan of the room"}},
    "agenda:points": {"image": {"file": "media/tips.png", "alt": "Three tips on a card"}},
    "clusters": {"minutes": 15},
    "cases": {"image": {"file": "media/post.png", "alt": "A screenshot of the post the case is about",
                        "caption": "The post, names blurred"}},
}

# Friendlier words for the patterns the format uses.
PATTERNS = {
    "^[a-z0-9][a-z0-9_-]*$": "an id: lower-case letters, digits, `-` and `_`",
    "^(?:[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*)$": "a language tag such as `nl-BE` or `en`",
    "^(?:([01]?[0-9]|2[0-3]):[0-5][0-9])$": "a time as HH:MM, best in quotes: `\"09:30\"`",
    "^(?:[0-9]{4}-[0-9]{2}-[0-9]{2})$": "a date as YYYY-MM-DD",
    "^(?:https?://\\S+)$": "a web address starting with http:// or https://",
    "^(?:[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*)$": "document-id/quote-id",
}

INTRO = """\
# The session format

Everything about a workshop lives in one YAML file: the session's title and
language, the guiding documents, the clusters of dilemmas, how the room is
split into groups, and the agenda that decides the order of the slides.
This page lists every key the file can hold, what it means, what it takes,
and an example.

Start from a working file rather than a blank page:

    dilemma-deck new my-session

writes `my-session.yaml` with every key explained in a comment; the shipped
`content/summerschool.yaml` is a complete, real session. If you already
have the workshop as a PowerPoint deck,

    dilemma-deck import old-deck.pptx -o my-session.yaml

turns it into a session file to finish by hand: dilemma slides become
cases, slides of bullets become points, other slides free `slide` blocks,
pictures their `image:` (written beside the session in `media/`, with the
alt text the deck gave them, or a TODO that `check` reminds you of), and
the top of the file lists what to check. Check your file as you go:

    dilemma-deck check my-session.yaml

Editors that speak the YAML language server (VS Code with the YAML
extension, for example) complete and check keys as you type, from the
schema the file's first line names.

A few things hold everywhere:

- **Ids** are short names of lower-case letters, digits, `-` and `_`
  (`vriendschapsverzoek`, `cv-vdab`). The tool and the translators find
  texts by their ids, so keep an id when you reword its text.
- **Maps of id: text** (options, questions, points, quotes) keep the order
  you write them in. Options are shown as A, B, C in that order.
- **Text** is taken as you type it. Quote it (`"..."`) when it starts with
  a special character or contains `: ` or ` #`; a long text may be folded
  over several lines after `>-`.
- **Notes** are for the facilitator only: they go into the slide notes
  and the run sheet, never onto what the room sees.

_This page is generated from `deck/schema/session.schema.json` by
`docs/make_reference.py`; edit those, not this page._
"""


# -- describing a value ------------------------------------------------------------

def kind_of(schema: dict) -> str:
    """What a value takes, in a trainer's words."""
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type")
    if kind == "string":
        words = PATTERNS.get(schema.get("pattern", ""), "text")
        if "pattern" in schema and schema["pattern"] not in PATTERNS:
            words = f"text matching `{schema['pattern']}`"
        return f"{words}, at most {schema['maxLength']:,} characters"
    if kind == "integer":
        return f"a whole number from {schema['minimum']} to {schema['maximum']}"
    if kind == "array":
        least = f", at least {schema['minItems']}" if schema.get("minItems") else ""
        items = schema["items"]
        if "properties" in items or "oneOf" in items:
            return f"a list of entries, each described below{least}"
        return f"a list, each item {kind_of(items)}{least}"
    if kind == "object" and "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        least = f", at least {schema['minProperties']}" if schema.get("minProperties") else ""
        return f"a map of id: {kind_of(schema['additionalProperties'])}; kept in order{least}"
    if kind == "object":
        return "a map of keys, described below"
    raise ValueError(f"no words for the schema {schema}")


def meaning(name: str, schema: dict) -> str:
    text = schema.get("description") or MEANINGS.get(name) or schema.get("items", {}).get("description")
    if not text:
        raise ValueError(f"key '{name}' has no description in the schema and none in MEANINGS")
    return text.rstrip(".") + "."


def table(record: dict) -> list[str]:
    rows = ["| key | needed | what it is | what it takes |", "|---|---|---|---|"]
    required = set(record.get("required", []))
    for name, schema in record["properties"].items():
        need = "required" if name in required else "optional"
        rows.append(f"| `{name}` | {need} | {meaning(name, schema)} | {kind_of(schema)} |")
    return rows


# -- examples --------------------------------------------------------------------------

def template_data() -> dict:
    """The session `new` writes, as data: the examples' source."""
    return yaml.safe_load(render("my-session", "My session", PROJECT / "content" / "my-session.yaml"))


def example(record: dict, sample: dict, extra: dict) -> dict:
    """An example of a record in the schema's key order: the template's values, else the extras."""
    values = {}
    for name, schema in record["properties"].items():
        value = sample.get(name, extra.get(name))
        if value is None:
            raise ValueError(f"no example for '{name}'; add one to EXTRA_EXAMPLES")
        if schema.get("type") == "array" and "properties" in schema.get("items", {}):
            value = value[:1]  # one entry shows the shape; the section below shows its keys
        values[name] = value
    return values


def yaml_block(value, list_item: bool) -> list[str]:
    text = yaml.safe_dump([value] if list_item else value, allow_unicode=True, sort_keys=False, width=78)
    return ["```yaml", *text.rstrip("\n").split("\n"), "```"]


# -- sections --------------------------------------------------------------------------

def section(heading: str, intro: str, record: dict, sample: dict, extra: dict, list_item: bool,
            level: str = "##") -> list[str]:
    return [f"{level} {heading}", "", intro.rstrip(".") + ".", "", *table(record), "", "Example:", "",
            *yaml_block(example(record, sample, extra), list_item), ""]


def sections(schema: dict, data: dict) -> list[str]:
    top = schema["properties"]
    lines = ["## The file", "", "The keys at the top of the file.", "", *table(schema), ""]
    lines += section("`session`", top["session"]["description"], top["session"], data["session"],
                     EXTRA_EXAMPLES["session"], list_item=False)
    document = top["documents"]["items"]
    lines += section("`documents`: each document", document["description"], document, data["documents"][0], {},
                     list_item=True)
    cluster = top["clusters"]["items"]
    lines += section("`clusters`: each cluster", cluster["description"], cluster, data["clusters"][0],
                     EXTRA_EXAMPLES["clusters"],
                     list_item=True)
    case = cluster["properties"]["cases"]["items"]
    lines += section("`cases`: each case of a cluster", case["description"], case, data["clusters"][0]["cases"][0],
                     EXTRA_EXAMPLES["cases"], list_item=True)
    lines += section("`groups`", top["groups"]["description"], top["groups"], data["groups"],
                     EXTRA_EXAMPLES["groups"], list_item=False)
    lines += agenda(top["agenda"]["items"], data["agenda"])
    return lines


def agenda(block: dict, blocks: list[dict]) -> list[str]:
    lines = ["## `agenda`", "", block["description"].rstrip(".") + ". Every block has an `id`, a `kind` "
             "and optional `notes`; the kind decides the rest. The kinds:", ""]
    for variant in block["oneOf"]:
        kind = variant["properties"]["kind"]["const"]
        sample = next(b for b in blocks if b["kind"] == kind)
        lines += section(f"kind `{kind}`", variant["description"], variant, sample,
                         {**EXTRA_EXAMPLES["agenda"], **EXTRA_EXAMPLES.get(f"agenda:{kind}", {})},
                         list_item=True, level="###")
    # The picture a block may show: one record, the same in every kind that takes it.
    image = next(v["properties"]["image"] for v in block["oneOf"] if "image" in v["properties"])
    lines += section("`image`: a block's or a case's picture", image["description"], image,
                     EXTRA_EXAMPLES["agenda:video"]["image"], {}, list_item=False, level="###")
    return lines


def reference() -> str:
    """The whole reference page, as markdown."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return INTRO + "\n" + "\n".join(sections(schema, template_data()))


if __name__ == "__main__":
    TARGET.write_text(reference(), encoding="utf-8")
    print(f"wrote {TARGET}")
