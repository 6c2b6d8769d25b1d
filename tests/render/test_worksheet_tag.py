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


def test_a_filler_that_rewrites_one_fields_appearance_changes_no_other(tmp_path):
    """pypdf writes a typed value's appearance over the field's appearance object: that object is the field's own."""
    from pypdf import PdfWriter

    planned = open_session(write(session(clusters=2, cases=2, groups=2, each=2), tmp_path))
    render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path / "out")
    writer = PdfWriter(clone_from=tmp_path / "out" / "worksheets" / "group-1.pdf")
    names = [name for name, field in writer.get_fields().items() if field.get("/FT") == "/Tx"]
    typed = {name: f"typed into {name}" for name in names[::2]}
    writer.update_page_form_field_values(None, typed, auto_regenerate=False)
    writer.write(tmp_path / "filled.pdf")
    looks = {}
    for page in PdfReader(tmp_path / "filled.pdf").pages:
        for annot in page["/Annots"]:
            widget = annot.get_object()
            if widget.get("/FT") == "/Tx":
                parts, node = [], widget
                while node is not None:
                    parts.append(str(node["/T"]))
                    node = node["/Parent"].get_object() if "/Parent" in node else None
                looks[".".join(reversed(parts))] = widget["/AP"]["/N"].get_object().get_data()
    assert set(looks) == set(names)
    for name, look in looks.items():
        shown = [other for other in typed if f"typed into {other})".encode() in look]
        assert shown == ([name] if name in typed else []), name


def test_checkboxes_name_the_caption_readers_draw_when_told_to_redraw(tmp_path):
    planned = open_session(write(session(), tmp_path))
    render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path / "out")
    reader = PdfReader(tmp_path / "out" / "worksheets" / "group-1.pdf")
    fonts = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]
    assert fonts["/ZaDb"].get_object()["/BaseFont"] == "/ZapfDingbats"
    boxes = [a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object().get("/FT") == "/Btn"]
    assert boxes and all(box["/MK"]["/CA"] == "8" and box["/DA"].startswith("/ZaDb") for box in boxes)
