"""A trainer's agenda: block titles, breaks, free slides and times as trainers plan them, read back from the outputs."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pypdf import PdfReader

from deck.build import build
from deck.cli import main
from deck.errors import ContentError
from deck.session import open_session

from .sessions import session, write


def pdf_text(path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def agenda_session(**group_work) -> dict:
    """Two clusters, two groups of two; a welcome, group work, a break, a free slide, the debrief, tips."""
    data = session(clusters=2, cases=1, groups=2, each=2)
    data["session"]["start"] = "13:00"
    data["clusters"][1]["minutes"] = 25  # more to discuss: its own debrief minutes
    work = {"id": "werk", "kind": "group_work", "title": "Groepswerk", "instructions": "Bespreek.", **group_work}
    data["agenda"] = [
        {"id": "start", "kind": "title", "title": "Welkom", "minutes": 5},
        work,
        {"id": "koffie", "kind": "break", "minutes": 15, "text": "Koffie staat in de gang."},
        {"id": "uitleg", "kind": "slide", "title": "Uitleg en groepsindeling", "text": "Zo verloopt de bespreking.",
         "points": {"luister": "Eerst luisteren."}, "minutes": 2},
        {"id": "bespreking", "kind": "debrief", "minutes_per_cluster": 15},
        {"id": "tips", "kind": "points", "title": "Tips", "points": {"a": "Neem mee."}},
    ]
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agenda")
    path = write(agenda_session(minutes=25, minutes_per_cluster=12), folder)
    written = build(path, out=folder / "out", parallel=False)
    return path, {w.path.name: w.path for w in written}


def test_times_as_the_trainer_planned_them(built):
    path, _ = built
    plan = open_session(path).plan
    minutes = {(slot.block.id, slot.cluster): slot.minutes for slot in plan.timeline}
    assert minutes[("werk", None)] == 25  # the total given, not 2 x 12
    assert minutes[("bespreking", "c0")] == 15 and minutes[("bespreking", "c1")] == 25
    assert plan.total_minutes == 5 + 25 + 15 + 2 + 15 + 25


def test_group_work_minutes_derive_the_one_missing(tmp_path):
    only_total = open_session(write(agenda_session(minutes=25), tmp_path)).session
    assert only_total.agenda[1].minutes_per_cluster == 12 and only_total.agenda[1].minutes == 25
    only_each = open_session(write(agenda_session(minutes_per_cluster=10), tmp_path)).session
    assert only_each.agenda[1].minutes == 20


def test_group_work_minutes_that_disagree_are_located(tmp_path):
    with pytest.raises(ContentError) as error:
        open_session(write(agenda_session(minutes=20, minutes_per_cluster=12), tmp_path))
    message = str(error.value)
    assert "session.yaml:" in message and "agenda[werk].minutes: 20 min in all cannot hold 2 clusters of 12 min" in message
    with pytest.raises(ContentError, match=r"agenda\[werk\]: missing required key: give 'minutes' or "):
        open_session(write(agenda_session(), tmp_path))


def test_the_deck_shows_the_break_and_the_free_slide_and_keeps_the_session_title(built):
    _, paths = built
    slides = list(Presentation(str(paths["deck.pptx"])).slides)
    titles = [s.shapes.title.text_frame.text for s in slides]
    texts = [" ".join(sh.text_frame.text for sh in s.placeholders if sh.placeholder_format.idx != 0
                      and sh.has_text_frame) for s in slides]
    notes = [s.notes_slide.notes_text_frame.text for s in slides]
    assert titles[0] == "Sessie"  # the title slide stays the session's title
    assert "Welkom: 5 min., 13:00–13:05." in notes[0]  # the notes name the block by its own title
    pause = titles.index("Pauze")  # a break without a title is called a break, in the session's language
    assert "Koffie staat in de gang." in texts[pause]
    assert "We beginnen opnieuw om 13:45." in texts[pause]  # 13:00 + 5 + 25 + 15
    free = titles.index("Uitleg en groepsindeling")
    assert "Zo verloopt de bespreking." in texts[free] and "Eerst luisteren." in texts[free]
    work = titles.index("Groepswerk")
    assert "25 min. in groep (12 min. per cluster)" in texts[work]


def test_the_run_sheet_names_every_block_and_the_handout_only_what_goes_home(built):
    _, paths = built
    run_sheet = pdf_text(paths["facilitator.pdf"])
    for row in ("Welkom 5 13:00–13:05", "Groepswerk 25 13:05–13:30", "Pauze 15 13:30–13:45",
                "Uitleg en groepsindeling 2 13:45–13:47", "Cluster 2: Cluster 1 (voorgesteld door groep 2) 25"):
        assert row in run_sheet, row
    handout = pdf_text(paths["handout.pdf"])
    assert "Neem mee." in handout
    assert "Pauze" not in handout and "Uitleg en groepsindeling" not in handout
    sheet = pdf_text(paths["deck.pptx"].parent / "worksheets" / "group-1.pdf")
    assert "12 min. per cluster, 25 min. in totaal" in sheet


def test_check_warns_of_a_slide_with_only_its_title_where_it_is(tmp_path):
    data = agenda_session(minutes_per_cluster=10)
    data["agenda"][3] = {"id": "uitleg", "kind": "slide", "title": "Uitleg"}
    path = write(data, tmp_path)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    line = next(n for n, text in enumerate(path.read_text().splitlines(), start=1) if "id: uitleg" in text)
    assert f"warning: {path}:{line}:" in result.output
    assert "agenda[uitleg]: the slide shows only its title" in result.output
    assert result.output.count("shows only its title") == 1  # the break always says when it resumes
