"""The facilitator's run sheet, read back: agenda with total and clock times, groups, cases, materials."""
from __future__ import annotations

import re
import subprocess

import pdfplumber
from pypdf import PdfReader

from deck.layouts import sheet_layout
from deck.render.runsheet import render_runsheet
from deck.session import open_session

from ..conftest import SUMMERSCHOOL
from ..sessions import session, write
from .test_worksheets import LONG_WORD, broken_heads, tool, unhyphenate


def read(path) -> str:
    with pdfplumber.open(path) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert "\x00" not in text, "a character the font has no glyph for"
    return re.sub(r"\s+", " ", unhyphenate(text))


def test_agenda_with_total_and_clock_times(tmp_path):
    planned = open_session(SUMMERSCHOOL, start="09:30")
    result = render_runsheet(planned, sheet_layout(), "nl-BE", tmp_path / "facilitator.pdf")
    text = read(result.path)
    assert f"Totaal {planned.plan.total_minutes} 09:30–{planned.plan.clock(planned.plan.total_minutes)}" in text
    for block in planned.session.agenda:
        if block.title:
            assert block.title in text
    assert "Plenaire bespreking" in text


def test_every_group_its_clusters_and_what_it_presents(summerschool, tmp_path):
    result = render_runsheet(summerschool, sheet_layout(), "nl-BE", tmp_path / "facilitator.pdf")
    text = read(result.path)
    session = summerschool.session
    number = {c.id: n for n, c in enumerate(session.clusters, start=1)}  # every cluster by its number in the session
    for group in summerschool.plan.groups:
        # Long names wrap inside their cell, so the read-back text interleaves the columns: the row's start.
        assert f"Groep {group.number} Cluster {number[group.clusters[0]]}: " in text
    for cluster in session.clusters:
        presenter = summerschool.plan.presenter(cluster.id)
        assert f"Cluster {number[cluster.id]}: {cluster.title} (voorgesteld door groep {presenter})" in text


def test_cases_tensions_documents_and_materials(summerschool, tmp_path):
    result = render_runsheet(summerschool, sheet_layout(), "nl-BE", tmp_path / "facilitator.pdf")
    text = read(result.path)
    session = summerschool.session
    for tension in {c.tension for cl in session.clusters for c in cl.cases if c.tension}:
        assert tension in text
    assert f"Werkbladen (worksheets.pdf), één set per groep; groepen: {session.groups.count}" in text
    for document in session.documents:
        assert f"{document.title}, afgedrukt voor elke groep" in text
    assert "Het filmpje: Filmpje van een Australische overheidsorganisatie" in text


def test_without_a_start_time_minutes_are_relative(summerschool, tmp_path):
    result = render_runsheet(summerschool, sheet_layout(), "nl-BE", tmp_path / "facilitator.pdf")
    assert f"Totaal {summerschool.plan.total_minutes} 0–{summerschool.plan.total_minutes} min." in read(result.path)


def test_english_words_and_language(summerschool, tmp_path):
    result = render_runsheet(summerschool, sheet_layout(), "en", tmp_path / "facilitator.pdf")
    assert "Run sheet" in read(result.path)
    assert PdfReader(result.path).trailer["/Root"]["/Lang"] == "en"


def test_fonts_embedded_qpdf_clean_and_reproducible(summerschool, tmp_path):
    first = render_runsheet(summerschool, sheet_layout(), "nl-BE", tmp_path / "a" / "facilitator.pdf")
    second = render_runsheet(summerschool, sheet_layout(), "nl-BE", tmp_path / "b" / "facilitator.pdf")
    assert first.path.read_bytes() == second.path.read_bytes()
    lines = subprocess.run([tool("pdffonts"), str(first.path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert lines and all(line.split()[-5] == "yes" for line in lines), lines
    check = subprocess.run([tool("qpdf"), "--check", str(first.path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_a_long_word_in_a_narrow_cell_is_hyphenated(tmp_path):
    data = session()
    data["documents"][0]["title"] = f"De {LONG_WORD}"  # in the cases table's narrow guides column
    planned = open_session(write(data, tmp_path))
    result = render_runsheet(planned, sheet_layout(), "nl-BE", tmp_path / "facilitator.pdf")
    with pdfplumber.open(result.path) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    assert broken_heads(texts, LONG_WORD)
    assert f"De {LONG_WORD}, afgedrukt voor elke groep" in read(result.path)
