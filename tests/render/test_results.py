"""build --answers: the groups' answers in the debrief notes, the results charts, the run sheet's debrief page."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from deck import i18n
from deck.answers import read_answers
from deck.build import build
from deck.cli import main
from deck.collect import collect
from deck.layouts import sheet_layout
from deck.render.worksheets import render_worksheets
from deck.session import open_session

from ..filling import field_values, fill_pypdf, known_answers
from ..sessions import session, write

LETTERS = ["A", "B", "C"]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def answered(tmp_path_factory):
    """A session whose groups 1 and 2 filled their sheets and group 3 sent nothing, collected into answers.json."""
    folder = tmp_path_factory.mktemp("answered")
    data = session(clusters=3, cases=2, groups=3, each=2, options=3)
    for cluster in data["clusters"]:
        for case in cluster["cases"]:
            case["dilemma"] = f"Dilemma {cluster['id']}-{case['id']}: wat doe je?"
    content = write(data, folder)
    planned = open_session(content)
    i18n.update(planned.session, content, "fr-BE")  # untranslated: the content stays Dutch, the tool's words French
    render_worksheets(planned, sheet_layout(), "nl-BE", folder / "sheets")
    expected = known_answers(planned, silent=(3,))
    filled = [fill_pypdf(folder / "sheets" / "worksheets" / f"group-{n}.pdf", folder / f"g{n}.pdf",
                         field_values(expected, {n})) for n in (1, 2, 3)]
    collect(content, filled)
    return content, planned, expected


@pytest.fixture(scope="module")
def decks(answered, tmp_path_factory):
    content = answered[0]
    out = tmp_path_factory.mktemp("built")
    build(content, out=out, locales=["nl-BE", "fr-BE"], only=["deck", "guide"], parallel=False)
    return out


def slides_of(path: Path) -> list:
    return list(Presentation(path).slides)


def charts(path: Path) -> list:
    """(slide, chart frame) for every chart of the deck, in slide order."""
    found = []
    for slide in slides_of(path):
        frames = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.CHART]
        found += [(slide, frame) for frame in frames]
    return found


def test_a_results_chart_follows_each_case_with_the_counts_of_groups(answered, decks):
    _, planned, expected = answered
    slides = slides_of(decks / "nl-BE" / "deck.pptx")
    found = [(slide, frame) for slide in slides for frame in slide.shapes
             if frame.shape_type == MSO_SHAPE_TYPE.CHART]
    cases = [(c, case) for c in planned.session.clusters for case in c.cases]
    assert len(found) == len(cases)
    for (cluster, case), (slide, frame) in zip(cases, found):
        index = slides.index(slide)
        assert case.dilemma in " ".join(s.text_frame.text for s in slides[index - 1].shapes if s.has_text_frame)
        plot = frame.chart.plots[0]
        assert list(plot.categories) == [*LETTERS, "Iets anders"]
        mine = [e for e in expected if (e.cluster, e.case) == (cluster.id, case.id)]
        wanted = [sum(o.id in e.choices for e in mine) for o in case.options] + [sum(bool(e.other) for e in mine)]
        assert list(plot.series[0].values) == wanted
        alt = frame._element.nvGraphicFramePr.cNvPr.get("descr")
        assert alt.startswith(f"Staafdiagram van de keuzes van de groepen (geantwoord: {len(mine)} van ") and f"{case.options[0].text}): " in alt
        assert slide.shapes.title.text.endswith("wat de groepen kozen")


def test_the_case_notes_hold_every_groups_choice_texts_and_arguments(answered, decks):
    _, planned, expected = answered
    notes = {}
    for slide in slides_of(decks / "nl-BE" / "deck.pptx"):
        text = slide.notes_slide.notes_text_frame.text
        for cluster in planned.session.clusters:
            for case in cluster.cases:
                if flat(case.dilemma) in " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame):
                    notes[cluster.id, case.id] = text
    for e in expected:
        text = notes[e.cluster, e.case]
        assert "De antwoorden van de groepen:" in text
        assert e.notes in text and (not e.other or f"Iets anders: “{e.other}”" in text)
        for answer in e.questions.values():
            assert answer in text
        case = next(c for c in planned.session.cluster(e.cluster).cases if c.id == e.case)
        for option in e.choices:
            letter = LETTERS[[o.id for o in case.options].index(option)]
            assert f"{letter} ({case.options[LETTERS.index(letter)].text})" in text
    silent = [g for g in planned.plan.groups if g.number == 3][0]
    for cluster_id in silent.clusters:
        for case in planned.session.cluster(cluster_id).cases:
            assert "Groep 3 stuurde geen antwoorden." in notes[cluster_id, case.id]


def test_who_agreed_is_said(answered, decks):
    content, planned, _ = answered
    answers = read_answers(content.parent / "answers.json")
    for slide in slides_of(decks / "nl-BE" / "deck.pptx"):
        if any(shape.shape_type == MSO_SHAPE_TYPE.CHART for shape in slide.shapes):
            notes = slide.notes_slide.notes_text_frame.text
            assert "Alleen groep" in notes or "waren het eens" in notes
    assert answers.group(3).sent_nothing


def test_french_deck_and_run_sheet_speak_french(decks):
    found = charts(decks / "fr-BE" / "deck.pptx")
    assert list(found[0][1].chart.plots[0].categories)[-1] == "Autre chose"
    assert found[0][0].shapes.title.text.endswith("ce que les groupes ont choisi")
    with pdfplumber.open(decks / "fr-BE" / "facilitator.pdf") as pdf:
        text = flat(" ".join(page.extract_text() or "" for page in pdf.pages))
    assert "Débriefing : les réponses des groupes" in text
    assert "Le groupe 3 n'a envoyé aucune réponse." in text
    assert re.search(r"A : \d, B : \d, C : \d, Autre chose : \d", text), "French spacing before colons"


def test_the_run_sheet_has_a_debrief_page_with_every_groups_texts(answered, decks):
    _, _, expected = answered
    with pdfplumber.open(decks / "nl-BE" / "facilitator.pdf") as pdf:
        pages = [flat(page.extract_text() or "") for page in pdf.pages]
    start = next(n for n, page in enumerate(pages) if "Bespreking: de antwoorden van de groepen" in page)
    text = re.sub(r"(\w)- (\w)", r"\1\2", " ".join(pages[start:]))  # hyphenated words whole again
    for e in expected:
        assert flat(e.notes) in text and flat(e.other) in text
    assert "Groep 3 stuurde geen antwoorden." in text


def test_answers_beside_the_session_are_used_and_rebuilds_are_byte_identical(answered, tmp_path):
    content = answered[0]
    result = CliRunner().invoke(main, ["build", str(content), "--out", str(tmp_path / "a"), "--only", "deck", "-q"])
    assert result.exit_code == 0, result.output
    assert charts(tmp_path / "a" / "nl-BE" / "deck.pptx")
    build(content, out=tmp_path / "b", only=["deck", "guide"], parallel=False)
    build(content, out=tmp_path / "c", only=["deck", "guide"], parallel=False)
    for name in ("deck.pptx", "facilitator.pdf"):
        assert (tmp_path / "b" / "nl-BE" / name).read_bytes() == (tmp_path / "c" / "nl-BE" / name).read_bytes()


def test_another_sessions_answers_are_refused_when_given_and_ignored_beside(answered, tmp_path):
    content = answered[0]
    other = json.loads((content.parent / "answers.json").read_text("utf-8"))
    other["session"] = "iets-anders"
    given = tmp_path / "answers.json"
    given.write_text(json.dumps(other), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(content), "--out", str(tmp_path / "a"), "--answers", str(given)])
    assert result.exit_code == 1
    assert f"{given}: the answers of the session 'iets-anders', not of 'test'" in result.output
    beside = write(session(), tmp_path)
    build(beside, out=tmp_path / "b", only=["deck"], parallel=False)
    assert not charts(tmp_path / "b" / "nl-BE" / "deck.pptx")


def test_libreoffice_renders_the_results_slides_with_no_text_lost(decks, soffice, tmp_path):
    deck = tmp_path / "deck.pptx"
    deck.write_bytes((decks / "nl-BE" / "deck.pptx").read_bytes())
    pdf = soffice(deck)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for slide, frame in charts(deck):
        assert flat(slide.shapes.title.text) in flat(text)
    pages = text.split("\f")
    results = [page for page in pages if "wat de groepen kozen" in page]
    assert len(results) == len(charts(deck))
    for page in results:  # the letters under the bars and the word for something else are drawn
        assert all(re.search(rf"\b{letter}\b", page) for letter in LETTERS) and "Iets anders" in page
