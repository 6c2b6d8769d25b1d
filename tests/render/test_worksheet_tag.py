"""What the worksheets carry for `collect`: the tag in their document information, export values by option id."""
from __future__ import annotations

import json

import yaml
from pypdf import PdfReader

from deck.layouts import sheet_layout
from deck.render.worksheets import render_worksheets
from deck.session import open_session
from deck.structure import TAG_KEY, Structure

from ..sessions import session, write


def _tag(path):
    return json.loads(PdfReader(path).metadata[f"/{TAG_KEY}"])


def test_each_sheet_names_session_structure_locale_and_its_groups(tmp_path):
    planned = open_session(write(session(clusters=3, groups=3, each=2), tmp_path))
    render_worksheets(planned, sheet_layout(), "fr-BE", tmp_path / "out")
    structure = Structure.of(planned)
    for group in planned.plan.groups:
        tag = _tag(tmp_path / "out" / "worksheets" / f"group-{group.number}.pdf")
        assert (tag["session"], tag["structure"], tag["locale"], tag["groups"]) == (
            "test", structure.digest, "fr-BE", [group.number])
        assert sorted(tag["cases"]) == sorted(f"{c}/k0" for c in group.clusters)
    combined = _tag(tmp_path / "out" / "worksheets.pdf")
    assert combined["groups"] == [1, 2, 3] and len(combined["cases"]) == 3


def test_a_ticked_box_exports_its_option_id(tmp_path):
    planned = open_session(write(session(), tmp_path))
    render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path / "out")
    fields = PdfReader(tmp_path / "out" / "worksheets" / "group-1.pdf").get_fields()
    boxes = {name: field["/_States_"] for name, field in fields.items() if ".option." in name}
    assert boxes == {f"g1.c0.k0.option.{o}": [f"/{o}", "/Off"] for o in ("o0", "o1", "o2", "_other")}


def test_the_structure_ignores_texts_but_not_ids_order_or_assignment(tmp_path):
    data = session(clusters=2, groups=2)
    digest = Structure.of(open_session(write(data, tmp_path))).digest
    data["clusters"][0]["cases"][0]["options"] = {k: v + " (herschreven)"
                                                  for k, v in data["clusters"][0]["cases"][0]["options"].items()}
    assert Structure.of(open_session(write(data, tmp_path))).digest == digest
    renamed = yaml.safe_load(yaml.safe_dump(data))
    renamed["clusters"][0]["cases"][0]["options"] = {"nieuw": "Iets nieuws.",
                                                     **renamed["clusters"][0]["cases"][0]["options"]}
    assert Structure.of(open_session(write(renamed, tmp_path))).digest != digest
    swapped = yaml.safe_load(yaml.safe_dump(data))
    swapped["groups"]["assignment"] = {1: ["c1"], 2: ["c0"]}
    assert Structure.of(open_session(write(swapped, tmp_path))).digest != digest
