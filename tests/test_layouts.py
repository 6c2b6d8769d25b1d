"""The worksheets part of a layout: page sizes, margins, named styles with parents, located errors."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deck.errors import ContentError, DeckError
from deck.layouts import LAYOUTS_DIR, PAGE_SIZES, deck_layout, sheet_layout


def test_default_layout_reads_with_inherited_styles():
    layout = sheet_layout()
    assert layout.page == PAGE_SIZES["a4"]
    assert all(margin >= 12 * 72 / 25.4 - 0.01 for margin in layout.margins.values())
    assert set(layout.fonts) == {"regular", "bold", "italic", "bold_italic"}
    assert all(path.is_file() for path in layout.fonts.values())
    dilemma, base = layout.style("dilemma"), layout.style("base")
    assert dilemma.font == "italic" and dilemma.colour == "#000000"
    assert layout.style("cell_head").size == layout.style("cell").size  # grandparent values flow down
    assert base.size == 10 and layout.style("option").leading == base.leading


def test_letter_replaces_the_page_size():
    assert sheet_layout(page="letter").page == PAGE_SIZES["letter"]
    with pytest.raises(DeckError, match="no page size 'a5'"):
        sheet_layout(page="a5")


def test_the_deck_still_reads_the_same_file():
    assert deck_layout().body_size.min == 18


def layout_file(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((LAYOUTS_DIR / "default.yaml").read_text(encoding="utf-8"))
    data["deck"]["template"] = str(LAYOUTS_DIR / "default.pptx")
    data["deck"]["fonts"] = {k: str(LAYOUTS_DIR / v) for k, v in data["deck"]["fonts"].items()}
    data["worksheets"]["fonts"] = {k: str(LAYOUTS_DIR / v) for k, v in data["worksheets"]["fonts"].items()}
    change(data["worksheets"])
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems(tmp_path, change) -> str:
    with pytest.raises(ContentError) as caught:
        sheet_layout(str(layout_file(tmp_path, change)))
    return str(caught.value)


def test_narrow_margins_are_refused_with_their_line(tmp_path):
    message = problems(tmp_path, lambda w: w["margins"].update(left=5))
    assert "worksheets.margins.left: 5 is out of range" in message
    assert "mine.yaml:" in message


def test_unknown_parent_and_colour_are_located(tmp_path):
    def change(w):
        w["styles"]["title"]["parent"] = "basis"
        w["styles"]["label"]["colour"] = "grijs"
    message = problems(tmp_path, change)
    assert "worksheets.styles[title].parent: no style named 'basis'" in message
    assert "worksheets.styles[label].colour: no colour named 'grijs'" in message


def test_a_circle_of_parents_is_refused(tmp_path):
    message = problems(tmp_path, lambda w: w["styles"]["base"].update(parent="title"))
    assert "parents go round in a circle" in message


def test_bad_values_are_refused(tmp_path):
    def change(w):
        w["page"] = "a3"
        w["colours"]["text"] = "black"
        w["styles"]["base"]["font"] = "thin"
    message = problems(tmp_path, change)
    assert "worksheets.page: 'a3' is not a4 or letter" in message
    assert "worksheets.colours[text]" in message and "worksheets.styles[base].font" in message


def test_a_layout_without_worksheets_takes_the_defaults(tmp_path):
    path = layout_file(tmp_path, lambda w: None)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["worksheets"]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    deck_layout(str(path))  # the deck does not need it
    assert sheet_layout(str(path)) == sheet_layout()


def test_a_layout_file_that_only_names_slide_layouts_inherits_the_rest(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("deck:\n  slides:\n    case: Titel en object\n"
                    "    case_wide: {layout: Twee inhoudsvakken, title: 0, bodies: [13, 'Inhoud 2']}\n",
                    encoding="utf-8")
    mine, default = deck_layout(str(path)), deck_layout()
    assert (mine.template, mine.regular, mine.body_size, mine.notes_size) == (
        default.template, default.regular, default.body_size, default.notes_size)
    assert not mine.fonts_named  # measured with the template's fonts, as the default does
    assert mine.slides["case"].layout == "Titel en object"
    assert (mine.slides["case_wide"].title, mine.slides["case_wide"].bodies) == (0, (13, "Inhoud 2"))
    assert set(mine.slides) == {"case", "case_wide"}


def test_a_slide_layout_entry_of_the_wrong_shape_is_located(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("deck:\n  slides:\n    case: {title: 0}\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"mine.yaml:3:11: deck.slides.case: missing required key 'layout'"):
        deck_layout(str(path))


def test_a_layout_name_is_found_in_the_users_layouts_folder_before_the_shipped_ones(tmp_path):
    from deck import layouts

    own = tmp_path / "layouts"
    own.mkdir()
    data = yaml.safe_load((LAYOUTS_DIR / "default.yaml").read_text(encoding="utf-8"))
    data["deck"]["body_size"] = {"max": 26, "min": 18}
    data["deck"]["template"] = str(LAYOUTS_DIR / "default.pptx")
    data["deck"]["fonts"] = {k: str(LAYOUTS_DIR / v) for k, v in data["deck"]["fonts"].items()}
    (own / "default.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (own / "house.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")

    assert layouts.find("default", here=tmp_path) == own / "default.yaml"
    assert layouts.find("house", here=tmp_path) == own / "house.yaml"
    assert layouts.find("default", here=tmp_path / "elsewhere") == LAYOUTS_DIR / "default.yaml"


def test_an_unknown_layout_name_lists_the_known_ones(tmp_path):
    from deck import layouts
    from deck.errors import DeckError

    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "house.yaml").write_text("deck: {}\n", encoding="utf-8")
    with pytest.raises(DeckError, match=r"no layout named 'corporate'; known layouts: default, house \(in "):
        layouts.find("corporate", here=tmp_path)
