"""The JSON Schema shipped for editors agrees with the loader."""
from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from deck import format as fmt
from deck.errors import ContentError
from deck.load import parse

from .conftest import SUMMERSCHOOL


def validator():
    return jsonschema.Draft202012Validator(json.loads(fmt.SCHEMA_FILE.read_text(encoding="utf-8")))


def test_shipped_schema_file_is_the_generated_one():
    assert fmt.SCHEMA_FILE.read_text(encoding="utf-8") == fmt.json_schema_text(), (
        "run: python -c 'from deck.format import *; SCHEMA_FILE.write_text(json_schema_text())'")


def test_shipped_content_points_editors_at_the_schema():
    first = SUMMERSCHOOL.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (SUMMERSCHOOL.parent / first.split("=", 1)[1]).resolve()
    assert target == fmt.SCHEMA_FILE.resolve()


def test_schema_accepts_the_shipped_content():
    validator().validate(yaml.safe_load(SUMMERSCHOOL.read_text(encoding="utf-8")))


# Each edit breaks the shipped content in a way both the loader and the schema must refuse.
BROKEN = {
    "unknown key": ("  language: nl-BE", "  language: nl-BE\n  colour: blue"),
    "missing title": ("  title: Integer omgaan met sociale media\n", ""),
    "minutes as text": ("minutes_per_cluster: 10", "minutes_per_cluster: tien"),
    "bad id": ("  - id: organisatie", "  - id: Organisatie Team"),
    "list for a map": ("groups:\n  count: 4\n  clusters_each: 2", "groups: [4, 2]"),
    "no options": ("        options:\n          negeren: Niet reageren, negeren.\n"
                   "          argumenten: Inhoudelijke argumenten geven op de kritiek.\n"
                   "          doorgeven: Bedanken voor de reactie en de kritiek intern doorgeven.\n"
                   "          beamen: De terechte kritiek beamen (retweeten).\n", ""),
    "unknown kind": ("kind: video", "kind: movie"),
    "empty clusters": (None, None),
    "bad language": ("language: nl-BE", "language: nl_BE!"),
    "bad start": ("  organisation: Vlaamse overheid", "  organisation: Vlaamse overheid\n  start: '25:00'"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_loader_and_schema_refuse_the_same_broken_content(name):
    text = SUMMERSCHOOL.read_text(encoding="utf-8")
    old, new = BROKEN[name]
    if old is None:
        head, _, tail = text.partition("\nclusters:")
        text = head + "\nclusters: []\n" + tail[tail.index("\ngroups:"):]
    else:
        assert old in text
        text = text.replace(old, new, 1)
    with pytest.raises(ContentError):
        parse(text.encode(), "broken.yaml")
    errors = list(validator().iter_errors(yaml.safe_load(text)))
    assert errors, f"the JSON Schema accepts what the loader refuses ({name})"
