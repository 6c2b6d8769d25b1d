"""One name for each cluster and one letter for each option, read back from the slides and the sheets."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from deck.build import build
from deck.labels import cluster_title, option_letter
from deck.words import Words

from .sessions import session, write

THEMES = ["Leidinggeven", "Geschenken", "Privacy", "Loyaliteit", "Spreekrecht"]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def slides(path: Path) -> list[tuple[str, list]]:
    """Each slide's title and the paragraphs (a:p elements) of its other placeholders."""
    found = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text
        paras = [p for shape in slide.placeholders if shape.placeholder_format.idx != 0 and shape.has_text_frame
                 for p in shape.text_frame.paragraphs]
        found.append((title, paras))
    return found


@pytest.fixture(scope="module")
def six_groups(tmp_path_factory):
    """Five clusters, six groups of two: every group gets clusters that are not numbered 1 and 2 in the session."""
    folder = tmp_path_factory.mktemp("six")
    data = session(clusters=5, cases=2, groups=6, each=2)
    for cluster, theme in zip(data["clusters"], THEMES):
        cluster["title"] = theme
    written = build(write(data, folder), out=folder / "out", only=["deck", "worksheets", "guide"], parallel=False)
    return {w.path.name: w.path for w in written}


def test_every_worksheet_calls_its_clusters_by_their_session_number(six_groups):
    number = {theme: n for n, theme in enumerate(THEMES, start=1)}
    seen = set()
    for path in sorted(six_groups["deck.pptx"].parent.glob("worksheets/group-*.pdf")):
        text = pdf_text(path)
        named = re.findall(r"Cluster (\d+): (\w+)", text)
        assert named, f"{path.name} names no cluster"
        for n, theme in named:
            assert number[theme] == int(n), f"{path.name} calls {theme} cluster {n}"
            seen.add(int(n))
        # Nowhere a private list "1. Leidinggeven 2. Geschenken".
        assert not re.search(r"\b\d\. (%s)" % "|".join(THEMES), text), path.name
    assert seen == {1, 2, 3, 4, 5}, "the groups between them take every cluster, and say so by number"


def test_the_slides_and_the_run_sheet_use_the_same_numbers(six_groups):
    shown = slides(six_groups["deck.pptx"])
    work = next(paras for title, paras in shown if title == "Groepswerk")
    # The group-work slide lists the clusters in session order, numbered from 1 by the suite.
    listed = [p.text for p in work if p.text in THEMES]
    assert listed == THEMES
    takes = dict(m.groups() for p in work if (m := re.match(r"Groep (\d): clusters (\d en \d)", p.text)))
    assert len(takes) == 6
    sheets = {int(g): pdf_text(six_groups["deck.pptx"].parent / "worksheets" / f"group-{g}.pdf") for g in takes}
    for group, numbers in takes.items():
        for n in re.findall(r"\d", numbers):
            # What the slide says group g takes, its own sheet names with the same number.
            assert f"Cluster {n}: {THEMES[int(n) - 1]}" in sheets[int(group)]
    case_titles = [title for title, _ in shown if title.startswith("Cluster ")]
    assert case_titles == [f"Cluster {n}: {theme}" for n, theme in enumerate(THEMES, start=1) for _ in range(2)]
    run_sheet = pdf_text(six_groups["facilitator.pdf"])
    for n, theme in enumerate(THEMES, start=1):
        assert f"Cluster {n}: {theme}" in run_sheet


def test_a_deck_made_by_the_tool_gives_back_its_clusters_titles():
    for locale in ("en-GB", "nl-BE", "fr-BE"):
        words = Words(locale)
        assert cluster_title(words("cluster_named", n=12, title="Geschenken: wat mag?"), words) == "Geschenken: wat mag?"
        assert cluster_title("Geschenken", words) == "Geschenken"


def test_option_letters_run_on_past_z_as_spreadsheet_columns():
    assert [option_letter(n) for n in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]


def test_a_thirty_option_case_letters_option_27_aa_on_slide_and_sheet(tmp_path):
    data = session(clusters=1, cases=1, groups=1, options=30, option="Keuze")
    written = build(write(data, tmp_path), out=tmp_path / "out", only=["deck", "worksheets"], parallel=False)
    paths = {w.path.name: w.path for w in written}
    options = [p for title, paras in slides(paths["deck.pptx"]) if title.startswith("Cluster ")
               for p in paras if "Keuze" in p.text]
    assert len(options) == 30
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for n, p in enumerate(options, start=1):
        auto = p._p.find("a:pPr/a:buAutoNum", ns)
        if n <= 26:  # the suite letters A..Z itself, counting on from the right start on a continuation slide
            assert auto is not None and auto.get("type") == "alphaUcPeriod"
            assert p.text == f"Keuze ({n - 1})"
        else:  # past Z, the letter the sheets use is written out, and no suite numbers it again
            assert auto is None and p._p.find("a:pPr/a:buNone", ns) is not None
            assert p.text == f"{option_letter(n - 1)}.\tKeuze ({n - 1})"
    assert options[26].text.startswith("AA.")
    sheet = pdf_text(next(paths["deck.pptx"].parent.glob("worksheets/group-1.pdf")))
    assert re.search(r"AA\s*Keuze \(26\)", sheet), "the sheet letters option 27 AA"
    assert re.search(r"AD\s*Keuze \(29\)", sheet)
    assert not re.search(r"\b27\s*Keuze", sheet)
