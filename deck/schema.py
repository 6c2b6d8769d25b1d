"""A small declarative schema for YAML nodes: validates with positions, and exports JSON Schema.

Each spec checks a composed YAML node (which still knows its line and column),
returns the plain Python value, and records every problem instead of stopping
at the first. The same specs write the JSON Schema that editors use, so the
two cannot drift apart.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

INVALID = object()  # returned where a value failed its check; the caller skips it

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_ID = re.compile(ID_PATTERN)
# Characters XML 1.0 cannot hold: a deck or PDF with them is refused by readers.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_LIST_OR_MAP_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_PLAIN_TAGS = {
    _STR, _NULL, _INT, "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Context:
    """What a check run collects: problems, and the position of every key path."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    budget: int = 200_000  # nodes; aliases can make a small file expand without bound
    required: set[str] = field(default_factory=set)  # key paths a Record requires: an empty one cannot be removed

    def problem(self, node: yaml.Node, path: str, message: str) -> object:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, path, message))
        return INVALID

    def enter(self, node: yaml.Node, path: str) -> bool:
        """Count a visit; False once the document has expanded past any sane size."""
        self.budget -= 1
        if self.budget == 0:
            self.problem(node, path, "the document expands to too many values "
                         "(an alias bomb?); write the content out without aliases")
        if self.budget <= 0:
            return False
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        return True


def join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def describe(node: yaml.Node) -> str:
    """How a node reads to a trainer: 'a list', 'a map', 'the number 12'."""
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a map"
    if node.tag == _NULL:
        return "nothing"
    value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return f"'{value}'"


class Spec:
    """A kind of value the format allows."""

    doc: str = ""

    def check(self, node: yaml.Node, path: str, ctx: Context) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def _described(self, schema: dict) -> dict:
        return {"description": self.doc, **schema} if self.doc else schema


def _foreign_tag(node: yaml.Node, path: str, ctx: Context) -> bool:
    """True, with a problem, when a node carries a tag such as !!python/object.

    Lists and maps are checked too: nothing is ever constructed from a tag, but
    a tagged value must not pass as if it were plain data.
    """
    if node.tag in _PLAIN_TAGS or node.tag in _LIST_OR_MAP_TAGS:
        return False
    ctx.problem(node, path, f"the tag {node.tag!r} is not allowed; "
                "remove it and write the value as plain text")
    return True


def _scalar(spec: Spec, node: yaml.Node, path: str, ctx: Context, wanted: str) -> str | object:
    """The text of a scalar node as the trainer typed it, or INVALID with a problem."""
    if _foreign_tag(node, path, ctx):  # first, so `!!python/object/apply:f [x]` is named a tag, not a list
        return INVALID
    if not isinstance(node, yaml.ScalarNode):
        return ctx.problem(node, path, f"expected {wanted}, found {describe(node)}")
    if node.tag == _NULL or not node.value.strip():
        what = "fill it in" if path in ctx.required else "fill it in or remove the key"
        return ctx.problem(node, path, f"expected {wanted}, found nothing; {what}")
    return node.value


@dataclass
class Text(Spec):
    """Free text; taken exactly as typed, so `yes` or `12` stay text."""

    doc: str = ""
    max_length: int = 10_000
    pattern: str | None = None
    hint: str = ""

    def check(self, node, path, ctx):
        value = _scalar(self, node, path, ctx, "text")
        if value is INVALID:
            return value
        bad = _NOT_XML.search(value)
        if bad:
            return ctx.problem(node, path, f"contains the control character U+{ord(bad.group()):04X}, "
                               "which slides and PDFs cannot hold; delete it (it often comes from pasting)")
        # The pattern before the length: 'half ten' as a start time is not a time, not too long a text.
        if self.pattern and not re.fullmatch(self.pattern, value):
            return ctx.problem(node, path, f"{describe(node)} is not {self.hint}")
        if len(value) > self.max_length:
            return ctx.problem(node, path, f"text is {len(value):,} characters long; "
                               f"at most {self.max_length:,} fit on a slide or sheet")
        return value.strip()

    def json_schema(self):
        schema = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.pattern:
            schema["pattern"] = self.pattern if self.pattern.startswith("^") else f"^(?:{self.pattern})$"
        return self._described(schema)


def Id(doc: str = "") -> Text:
    return Text(doc=doc, max_length=64, pattern=ID_PATTERN,
                hint="a valid id (lower-case letters, digits, '-' and '_', starting with a letter or digit)")


@dataclass
class Integer(Spec):
    """A whole number within bounds."""

    doc: str = ""
    minimum: int = 0
    maximum: int = 10_000

    def check(self, node, path, ctx):
        value = _scalar(self, node, path, ctx, "a whole number")
        if value is INVALID:
            return value
        if node.tag != _INT or not re.fullmatch(r"[-+]?[0-9]+", value):
            quoted = node.style in ("'", '"') and re.fullmatch(r"[-+]?[0-9]+", value)
            hint = "; write it without quotes" if quoted else ""
            return ctx.problem(node, path, f"expected a whole number, found {describe(node)}{hint}")
        if len(value.lstrip("+-").lstrip("0")) > len(str(self.maximum)):
            # Past the bound whatever its value; and int() refuses strings over 4,300 digits.
            return ctx.problem(node, path, f"{describe(node)} is out of range; "
                               f"use a number from {self.minimum} to {self.maximum}")
        number = int(value)
        if not self.minimum <= number <= self.maximum:
            return ctx.problem(node, path, f"{number} is out of range; "
                               f"use a number from {self.minimum} to {self.maximum}")
        return number

    def json_schema(self):
        return self._described({"type": "integer", "minimum": self.minimum, "maximum": self.maximum})


@dataclass
class Seq(Spec):
    """A list of values of one spec; items that have an `id` are addressed by it."""

    item: Spec
    doc: str = ""
    min_items: int = 0

    def check(self, node, path, ctx):
        if _foreign_tag(node, path, ctx):
            return INVALID
        if not isinstance(node, yaml.SequenceNode):
            return ctx.problem(node, path, f"expected a list, found {describe(node)}")
        if len(node.value) < self.min_items:
            return ctx.problem(node, path, f"needs at least {self.min_items} "
                               f"item{'s' if self.min_items > 1 else ''}")
        values = []
        taken: set[str] = set()
        for index, child in enumerate(node.value):
            item_id = _item_id(child)
            # A repeated id cannot address its item (the loader reports it); its index can,
            # so the repeat keeps its own positions instead of the first item's.
            child_path = f"{path}[{index if item_id is None or item_id in taken else item_id}]"
            taken.add(item_id)
            if not ctx.enter(child, child_path):
                return INVALID
            value = self.item.check(child, child_path, ctx)
            if value is not INVALID:
                values.append(value)
        return values

    def json_schema(self):
        return self._described({"type": "array", "minItems": self.min_items,
                                "items": self.item.json_schema()})


def _item_id(node: yaml.Node) -> str | None:
    """The id a list item gives itself, so paths survive reordering."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
                if _ID.match(value.value):
                    return value.value
    return None


def _keys(node: yaml.MappingNode, path: str, ctx: Context, key_spec: Spec, child=join):
    """The (key, value node) pairs of a map; reports duplicate and non-text keys.

    child(path, key) is the key path of an entry, so a duplicate is named as its map names it.
    """
    seen: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_spec.check(key_node, path, ctx)
        if key is INVALID:
            continue
        if key in seen:
            first = seen[key].start_mark.line + 1
            ctx.problem(key_node, child(path, key), f"duplicate key; it was already given on line {first}")
            continue
        seen[key] = key_node
        yield key, key_node, value_node


_KEY = Text(max_length=200)


@dataclass
class Field:
    """A key of a Record."""

    spec: Spec
    required: bool = False


@dataclass
class Record(Spec):
    """A map with known keys, each with its own spec."""

    fields: dict[str, Field]
    doc: str = ""
    any_of: tuple[str, ...] = ()  # keys of which at least one must be given

    def check(self, node, path, ctx):
        if _foreign_tag(node, path, ctx):
            return INVALID
        if not isinstance(node, yaml.MappingNode):
            return ctx.problem(node, path, f"expected a map of keys, found {describe(node)}")
        values: dict[str, Any] = {}
        for key, key_node, value_node in _keys(node, path, ctx, _KEY):
            child_path = join(path, key)
            entry = self.fields.get(key)
            if entry is None:
                ctx.problem(key_node, child_path, self._unknown(key))
                continue
            if not ctx.enter(value_node, child_path):
                return INVALID
            if entry.required:
                ctx.required.add(child_path)
            value = entry.spec.check(value_node, child_path, ctx)
            values[key] = value
        for name, entry in self.fields.items():
            if entry.required and name not in values:
                ctx.problem(node, path or "(top)", f"missing required key '{name}'")
        if self.any_of and not any(name in values for name in self.any_of):
            keys = " or ".join(f"'{name}'" for name in self.any_of)
            ctx.problem(node, path or "(top)", f"missing required key: give {keys}, or both")
        return {k: v for k, v in values.items() if v is not INVALID}

    def _unknown(self, key: str) -> str:
        close = difflib.get_close_matches(key, list(self.fields), n=1, cutoff=0.6)
        if close:
            return f"unknown key; did you mean '{close[0]}'?"
        return f"unknown key; expected one of: {', '.join(self.fields)}"

    def json_schema(self):
        return self._described({
            "type": "object",
            "properties": {name: f.spec.json_schema() for name, f in self.fields.items()},
            "required": [name for name, f in self.fields.items() if f.required],
            "additionalProperties": False,
            **({"anyOf": [{"required": [name]} for name in self.any_of]} if self.any_of else {}),
        })


def _entry(path: str, key: str) -> str:
    return f"{path}[{key}]"


@dataclass
class IdMap(Spec):
    """An ordered map from ids to values: `negeren: Niets, Facebook is privé.`"""

    value: Spec
    doc: str = ""
    min_items: int = 0

    def check(self, node, path, ctx):
        if _foreign_tag(node, path, ctx):
            return INVALID
        if not isinstance(node, yaml.MappingNode):
            return ctx.problem(node, path, f"expected a map of id: text, found {describe(node)}")
        if len(node.value) < self.min_items:
            return ctx.problem(node, path, f"needs at least {self.min_items} "
                               f"entr{'ies' if self.min_items > 1 else 'y'}")
        values = []
        for key, _, value_node in _keys(node, path, ctx, Id(), child=_entry):
            child_path = _entry(path, key)
            if not ctx.enter(value_node, child_path):
                return INVALID
            value = self.value.check(value_node, child_path, ctx)
            if value is not INVALID:
                values.append((key, value))
        return values

    def json_schema(self):
        return self._described({
            "type": "object", "minProperties": self.min_items,
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": self.value.json_schema(),
        })


@dataclass
class Tagged(Spec):
    """A map whose `kind` key picks which Record it must be."""

    variants: dict[str, Record]
    tag: str = "kind"
    doc: str = ""

    def check(self, node, path, ctx):
        if _foreign_tag(node, path, ctx):
            return INVALID
        if not isinstance(node, yaml.MappingNode):
            return ctx.problem(node, path, f"expected a map of keys, found {describe(node)}")
        kind_node = next((v for k, v in node.value
                          if isinstance(k, yaml.ScalarNode) and k.value == self.tag), None)
        if kind_node is None:
            return ctx.problem(node, path, f"missing required key '{self.tag}' "
                               f"(one of: {', '.join(self.variants)})")
        kind = kind_node.value if isinstance(kind_node, yaml.ScalarNode) else None
        if kind not in self.variants:
            close = difflib.get_close_matches(str(kind), list(self.variants), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(self.variants)}"
            return ctx.problem(kind_node, join(path, self.tag), f"unknown kind {describe(kind_node)}; {hint}")
        return self.variants[kind].check(node, path, ctx)

    def json_schema(self):
        return self._described({"oneOf": [
            {**variant.json_schema(),
             "properties": {**variant.json_schema()["properties"], self.tag: {"const": kind}}}
            for kind, variant in self.variants.items()
        ]})
